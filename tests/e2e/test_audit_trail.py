"""The audit trail answers who changed what, when, why and by which decision, page by page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import TINN, VAGAN, Caller, People, RevisedPlan
from tests.e2e.documents import AUDIT_TRAIL

LIFECYCLE = [
    "Registered",
    "Drafted",
    "Submitted",
    "Approved",
    "Adopted",
    "PutIntoForce",
    "RevisionStarted",
    "SectionRevised",
    "FocusAreaPut",
    "Submitted",
    "Approved",
    "Adopted",
    "PutIntoForce",
]


def walk(caller: Caller, first: int, **filter: Any) -> tuple[list[dict[str, Any]], int]:
    """Every entry, following the cursors; and how many pages it took."""
    nodes: list[dict[str, Any]] = []
    after, pages = None, 0
    while True:
        page = caller.query(AUDIT_TRAIL, filter=filter or None, first=first, after=after)[
            "auditTrail"
        ]
        pages += 1
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, pages
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]


def test_the_trail_pages_through_every_event_in_order(
    people: People, revised_plan: RevisedPlan
) -> None:
    nodes, pages = walk(people.reader(), first=4)
    assert [n["eventType"] for n in nodes] == LIFECYCLE
    assert pages == 4
    assert walk(people.reader(), first=500)[0] == nodes
    # The global log position is the national readers' only: to a municipality it would tell
    # how much other tenants wrote in between.
    assert {n["position"] for n in nodes} == {None}
    national, _ = walk(people.national_analyst(), first=500)
    positions = [int(n["position"]) for n in national]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_a_cursor_is_opaque_and_only_good_for_the_listing_and_principal_it_was_given_to(
    people: People, revised_plan: RevisedPlan
) -> None:
    reader = people.reader()
    page = reader.query(AUDIT_TRAIL, filter=None, first=2, after=None)["auditTrail"]
    cursor = page["pageInfo"]["endCursor"]
    assert "audit" not in cursor and len(cursor) > 60  # encrypted, not base64 of a position
    second = reader.query(AUDIT_TRAIL, filter=None, first=2, after=cursor)["auditTrail"]
    assert second["edges"][0]["node"]["eventType"] == LIFECYCLE[2]
    for caller, filter in (
        (people.editor(), None),  # another principal
        (reader, {"eventTypes": ["Adopted"]}),  # another listing
    ):
        errors = caller.errors(AUDIT_TRAIL, filter=filter, first=2, after=cursor)
        assert errors[0]["extensions"]["field"] == "after", errors
    forged = reader.errors(AUDIT_TRAIL, filter=None, first=2, after="YXVkaXQ6MTA=")  # audit:10
    assert forged[0]["extensions"]["code"] == "VALIDATION"


def test_each_entry_says_who_when_why_and_by_which_decision(
    people: People, revised_plan: RevisedPlan
) -> None:
    nodes, _ = walk(people.editor(), first=50, eventTypes=["Adopted"])
    assert [n["eventType"] for n in nodes] == ["Adopted", "Adopted"]
    adoption = nodes[1]
    assert adoption["decision"]["politicalCaseNumber"] == "PS 71/24"
    assert adoption["actor"]["role"] == "MUNICIPALITY_COUNCIL_CLERK"
    assert adoption["actor"]["tenantName"] == "kommune 1865 Vågan"
    assert adoption["tenant"] == {"number": VAGAN, "name": "Vågan"}
    assert adoption["aggregateType"] == "Omstillingsplan"
    assert "PS 71/24" in adoption["summary"]
    utc = datetime.fromisoformat(adoption["occurredAt"])
    local = datetime.fromisoformat(adoption["occurredAtLocal"])
    assert utc == local and local.utcoffset() in (timedelta(hours=1), timedelta(hours=2))

    registered = walk(people.editor(), first=50, actorUserId="saksbehandler.18")[0]
    assert [n["eventType"] for n in registered] == ["Registered"]
    assert registered[0]["actor"]["tenantName"] == "fylke 18 Nordland"
    revised = walk(people.editor(), first=50, eventTypes=["SectionRevised"])[0]
    assert revised[0]["reason"] == "Nye tall fra SSB"


def test_the_trail_narrows_by_record_and_time(people: People, revised_plan: RevisedPlan) -> None:
    reader = people.reader()
    programme_only = walk(reader, first=50, aggregateId=revised_plan.programme_id)[0]
    assert [n["eventType"] for n in programme_only] == ["Registered"]
    since = revised_plan.while_first_version_in_force.isoformat()
    assert [n["eventType"] for n in walk(reader, first=50, **{"from": since})[0]] == LIFECYCLE[6:]
    until = [n["eventType"] for n in walk(reader, first=50, to=since)[0]]
    assert until == LIFECYCLE[:6]
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert walk(reader, first=50, **{"from": future})[0] == []


def test_a_filter_outside_ones_scope_is_forbidden(
    people: People, revised_plan: RevisedPlan
) -> None:
    assert len(walk(people.editor(), first=50, municipalityNumber=VAGAN)[0]) == len(LIFECYCLE)
    for caller, filter in [
        (people.editor(), {"municipalityNumber": TINN}),
        (people.editor(TINN), {"municipalityNumber": VAGAN}),
        (people.editor(), {"countyNumber": "18"}),
        (people.county_officer("40"), {"countyNumber": "18"}),
        (people.county_officer("40"), {"municipalityNumber": VAGAN}),
    ]:
        errors = caller.errors(AUDIT_TRAIL, filter=filter)
        assert errors[0]["extensions"] == {"code": "FORBIDDEN"}, (caller.label, filter)
        assert "Vågan" not in str(caller.last_response)
    assert len(walk(people.county_officer("18"), first=50, countyNumber="18")[0]) == len(LIFECYCLE)
    assert len(walk(people.national_analyst(), first=50, countyNumber="18")[0]) == len(LIFECYCLE)


def test_page_size_and_cursor_are_checked(people: People, revised_plan: RevisedPlan) -> None:
    reader = people.reader()
    too_many = reader.errors(AUDIT_TRAIL, first=501)[0]["extensions"]
    assert (too_many["code"], too_many["field"]) == ("VALIDATION", "first")
    forged = reader.errors(AUDIT_TRAIL, after="bm90LWEtY3Vyc29y")[0]["extensions"]
    assert (forged["code"], forged["field"]) == ("VALIDATION", "after")
    unknown = reader.errors(AUDIT_TRAIL, filter={"municipalityNumber": "9999"})[0]["extensions"]
    assert (unknown["code"], unknown["field"]) == ("VALIDATION", "filter.municipalityNumber")
