"""Videreføring over GraphQL with real tokens: Vågan's programme leader starts the forstudie,
records costs with their financing split, the report and the completion; the cost frame and
Innovasjon Norge's share are checked and refusals write nothing; the year wheel of the
deadline's year shows the step in Norwegian; statuses are scoped to what each reader may see,
and only the municipality's editor writes."""

from __future__ import annotations

from typing import Any

from omstilling.runtime import Runtime
from tests.e2e.conftest import MELOY, NORDLAND, TELEMARK, Caller, People, log_length
from tests.e2e.documents import REFUSAL

FIELDS = """
fragment ContinuationFields on Continuation {
  on version totalCost { kroner }
  status { programmeId deadline startedOn late daysLate currentStage currentStageNb
    lateStages { stage daysLate } mostDaysLate version }
  stages { stage stageNb stageEn timeFrameNb startedOn plannedEnd frameEndsOn completedOn
    owners { name kind kindNb } startedBy { userId role } decision { archiveCaseNumber }
    deliverable { kind title deliveredOn alternatives { name geographicScope } }
    outcomes { kind } late daysLate completedLate totalCost { kroner }
    bySource { source amount { kroner } } personDays consultantFees { kroner }
    innovasjonNorge { kroner } innovasjonNorgeShare costFrame { kroner } costFrameUsed }
  costs { number stage category categoryNb amount { kroner } innovasjonNorge { kroner }
    personDays financing { source sourceNb amount { kroner } } reversed reversalReason }
}
"""
CONTINUATION = (
    "query($id: UUID!, $on: Date) { continuation(programmeId: $id, on: $on) "
    "{ ...ContinuationFields } }" + FIELDS
)
STATUSES = (
    "query($on: Date, $county: String) { continuationStatuses(on: $on, countyNumber: $county) "
    "{ programmeId programmeName deadline late daysLate currentStage mostDaysLate } }"
)
WHEEL = (
    "query($id: UUID!, $year: Int!, $on: Date) { yearWheel(programmeId: $id, year: $year, "
    "on: $on) { lateSteps steps { step stepNb state doneOn eventType tracked closesOn } } }"
)


def mutation(name: str) -> str:
    input_type = f"{name[0].upper()}{name[1:]}Input"
    return (
        f"mutation Run($input: {input_type}!) {{ {name}(input: $input) {{ __typename "
        "... on ContinuationPayload { version continuation { ...ContinuationFields } } "
        "...Refusal } }" + REFUSAL + FIELDS
    )


def run(caller: Caller, name: str, **input: Any) -> dict[str, Any]:
    return caller.query(mutation(name), input=input)[name]  # type: ignore[no-any-return]


START = {
    "stage": "FORSTUDIE",
    "startedOn": "2026-03-02",
    "plannedEnd": "2026-04-10",
    "owners": [{"name": "Vågan kommune", "kind": "MUNICIPALITY"}],
    "decision": {
        "body": "OMSTILLINGSSTYRET",
        "meetingDate": "2026-02-19",
        "archiveCaseNumber": "2026/31-1",
        "title": "Oppstart av videreføring",
    },
    "reason": "Senest to år før periodens slutt",
}


def consultant(amount: str, **sources: str) -> dict[str, Any]:
    return {
        "stage": "FORSTUDIE",
        "category": "EXTERNAL_CONSULTANT",
        "amount": amount,
        "incurredOn": "2026-03-20",
        "description": "Honorar prosessleder",
        "financing": [{"source": s.upper(), "amount": a} for s, a in sources.items()],
    }


def test_the_forstudie_over_graphql_with_its_rules(
    people: People, vagan: str, runtime: Runtime
) -> None:
    editor = people.editor()
    started = run(editor, "startContinuationStage", programmeId=vagan, **START)
    assert started["__typename"] == "ContinuationPayload", started
    assert started["version"] == 2
    assert started["continuation"]["stages"][0]["stageNb"] == "Forstudie"
    costed = run(
        editor,
        "recordContinuationCost",
        programmeId=vagan,
        expectedVersion=2,
        personDays="5",
        **consultant("40000", restructuring_funds="20000", innovasjon_norge="20000"),
    )
    assert costed["__typename"] == "ContinuationPayload", costed
    head = log_length(runtime)

    # Refusals: field and rule, nothing written.
    too_much_in = run(
        editor,
        "recordContinuationCost",
        programmeId=vagan,
        **consultant("10000", innovasjon_norge="10000"),
    )
    assert (too_much_in["__typename"], too_much_in["field"]) == ("ValidationError", "financing")
    assert "at most 50 %" in too_much_in["rule"]
    beyond_frame = run(
        editor,
        "recordContinuationCost",
        programmeId=vagan,
        **consultant("60000.01", restructuring_funds="60000.01"),
    )
    assert (beyond_frame["__typename"], beyond_frame["field"]) == ("ValidationError", "amount")
    not_adding_up = run(
        editor,
        "recordContinuationCost",
        programmeId=vagan,
        **consultant("1000", restructuring_funds="900"),
    )
    assert not_adding_up["field"] == "financing" and "add up" in not_adding_up["rule"]
    stale = run(
        editor,
        "recordContinuationCost",
        programmeId=vagan,
        expectedVersion=2,
        **consultant("1000", restructuring_funds="1000"),
    )
    assert stale["__typename"] == "ConflictError" and stale["actualVersion"] == 3
    one_alternative = run(
        editor,
        "recordForstudieReport",
        programmeId=vagan,
        title="Forstudie",
        deliveredOn="2026-04-01",
        alternatives=[
            {
                "name": "AS",
                "financing": "Kommunen",
                "organisation": "AS",
                "geographicScope": "Vågan",
            }
        ],
    )
    assert one_alternative["field"] == "alternatives"
    too_early = run(
        editor,
        "startContinuationStage",
        programmeId=vagan,
        **{**START, "stage": "FORPROSJEKT", "plannedEnd": "2026-08-01"},
    )
    assert too_early["__typename"] == "InvalidTransitionError", too_early
    bad_org = run(
        editor,
        "recordContinuationOutcome",
        programmeId=vagan,
        kind="COMPANY_FOUNDED",
        occurredOn="2026-04-01",
        companyName="Vågan Utvikling AS",
        organisationNumber="123",
    )
    assert bad_org["__typename"] == "InvalidTransitionError"  # no hovedprosjekt yet
    assert log_length(runtime) == head

    reported = run(
        editor,
        "recordForstudieReport",
        programmeId=vagan,
        title="Forstudie Vågan",
        deliveredOn="2026-04-01",
        alternatives=[
            {
                "name": "Vågan Næringsutvikling AS",
                "financing": "Kommunen og næringslivet",
                "organisation": "AS",
                "geographicScope": "Vågan",
            },
            {
                "name": "Lofotrådet",
                "financing": "Fire kommuner",
                "organisation": "IKS",
                "geographicScope": "Lofoten",
            },
        ],
    )
    assert reported["__typename"] == "ContinuationPayload", reported
    done = run(
        editor,
        "completeContinuationStage",
        programmeId=vagan,
        stage="FORSTUDIE",
        completedOn="2026-04-08",
        expectedVersion=reported["version"],
    )
    assert done["__typename"] == "ContinuationPayload", done

    data = people.county_officer(NORDLAND).query(CONTINUATION, id=vagan, on="2026-05-01")
    c = data["continuation"]
    assert c["status"]["deadline"] == "2027-06-30" and not c["status"]["late"]
    (forstudie,) = c["stages"]
    assert forstudie["completedOn"] == "2026-04-08" and not forstudie["completedLate"]
    assert forstudie["innovasjonNorgeShare"] == "0.5000"
    assert forstudie["costFrame"]["kroner"] == "100000.00"
    assert forstudie["costFrameUsed"] == "0.4000"
    assert forstudie["personDays"] == "5"
    assert forstudie["deliverable"]["alternatives"][1]["geographicScope"] == "Lofoten"
    assert forstudie["decision"]["archiveCaseNumber"] == "2026/31-1"
    assert c["costs"][0]["financing"][1]["sourceNb"] == "Innovasjon Norge"

    # The year wheel of 2027, the deadline's year, shows the step done in 2026.
    wheel = editor.query(WHEEL, id=vagan, year=2027, on="2027-07-01")["yearWheel"]
    step = next(s for s in wheel["steps"] if s["step"] == "CONTINUATION_STARTED")
    assert step["stepNb"] == "Videreføring startet (senest to år før periodens slutt)"
    assert (step["state"], step["doneOn"], step["eventType"], step["tracked"]) == (
        "DONE",
        "2026-03-02",
        "Continuation.StageStarted",
        True,
    )
    assert step["closesOn"] == "2027-06-30"


def test_a_programme_not_started_shows_late_in_the_year_wheel(people: People, vagan: str) -> None:
    wheel = people.editor().query(WHEEL, id=vagan, year=2027, on="2027-07-10")["yearWheel"]
    step = next(s for s in wheel["steps"] if s["step"] == "CONTINUATION_STARTED")
    assert step["state"] == "LATE"
    statuses = people.national_analyst().query(STATUSES, on="2027-07-10")["continuationStatuses"]
    assert [(s["programmeId"], s["late"], s["daysLate"]) for s in statuses] == [(vagan, True, 10)]


def test_only_the_editor_writes_and_reads_are_scoped(
    people: People, vagan: str, runtime: Runtime
) -> None:
    head = log_length(runtime)
    for outsider in (
        people.national_analyst(),
        people.county_officer(NORDLAND),
        people.reader(),
        people.editor(MELOY),
    ):
        refused = run(outsider, "startContinuationStage", programmeId=vagan, **START)
        expected = "NotFoundError" if outsider.label.endswith(MELOY) else "ForbiddenError"
        assert refused["__typename"] == expected, refused
    assert log_length(runtime) == head

    assert len(people.national_analyst().query(STATUSES)["continuationStatuses"]) == 1
    nordland = people.county_officer(NORDLAND).query(STATUSES, county=NORDLAND)
    assert [s["programmeId"] for s in nordland["continuationStatuses"]] == [vagan]
    assert people.county_officer(TELEMARK).query(STATUSES)["continuationStatuses"] == []
    errors = people.county_officer(TELEMARK).errors(STATUSES, county=NORDLAND)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert people.editor(MELOY).query(STATUSES)["continuationStatuses"] == []
    assert len(people.reader().query(STATUSES)["continuationStatuses"]) == 1
    errors = people.editor(MELOY).errors(CONTINUATION, id=vagan)
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
