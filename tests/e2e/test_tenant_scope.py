"""Each tenant sees only its own: municipalities their programmes, counties those they supervise,
Innovasjon Norge everything but may change nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

from omstilling.runtime import Runtime
from tests.e2e.conftest import MELOY, NORDLAND, TELEMARK, TINN, People, log_length
from tests.e2e.documents import (
    APPROVAL,
    AUDIT_TRAIL,
    COUNTIES,
    MUNICIPALITY,
    PLAN,
    PLAN_AS_OF,
    PLAN_DIFF,
    PLAN_HISTORY,
    PROGRAMME,
    PROGRAMMES,
    decision,
    plan_content,
    registration,
)

# What Vågan's records contain; none of it may reach another tenant.
VAGAN_SECRETS = ("Vågan", "Omstilling Vågan", "Nedleggelse av hjørnesteinsbedriften", "2023/4411-3")


def reveals_nothing_of_vagan(body: dict[str, Any]) -> bool:
    text = json.dumps(body, ensure_ascii=False)
    return not any(secret in text for secret in VAGAN_SECRETS)


def drafted_vagan(people: People, vagan: str) -> str:
    people.editor().mutate("draftPlan", programmeId=vagan, content=plan_content())
    return vagan


def register(people: People, number: str, county: str, name: str, case: str) -> str:
    officer = people.county_officer(county)
    status = decision("fylkesutvalget", "2024-06-11", case, f"Omstillingsstatus {name}")
    payload = officer.mutate(
        "registerProgramme",
        **registration(
            number,
            name=f"Omstilling {name}",
            periodStart="2024-09-01",
            periodEnd="2030-08-31",
            decision=status,
        ),
    )
    assert payload["__typename"] == "ProgrammePayload", payload
    return payload["programme"]["id"]  # type: ignore[no-any-return]


def test_another_municipalitys_editor_can_read_nothing_of_the_plan(
    people: People, vagan: str
) -> None:
    drafted_vagan(people, vagan)
    outsider = people.editor(TINN)
    for document, variables in [
        (PROGRAMME, {"id": vagan}),
        (PLAN, {"id": vagan}),
        (PLAN_HISTORY, {"id": vagan}),
        (PLAN_AS_OF, {"id": vagan, "at": "2030-01-01T00:00:00+00:00"}),
        (PLAN_DIFF, {"id": vagan, "from": 1, "to": 1}),
    ]:
        body = outsider.post(document, variables)
        unknown = outsider.post(document, {**variables, "id": str(uuid.uuid4())})
        assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
        assert body["errors"][0]["message"] == "not found"
        assert (body["data"], body["errors"][0]["message"]) == (
            unknown["data"],
            unknown["errors"][0]["message"],
        ), "another tenant's record must be answered exactly as one that does not exist"
        assert reveals_nothing_of_vagan(body), body


def test_another_municipalitys_editor_finds_no_trace_in_lists(people: People, vagan: str) -> None:
    drafted_vagan(people, vagan)
    outsider = people.editor(TINN)
    assert outsider.query(PROGRAMMES)["programmes"] == []
    assert outsider.query(AUDIT_TRAIL)["auditTrail"]["edges"] == []
    # Reference data names Vågan, but its programme stays hidden.
    assert outsider.query(MUNICIPALITY, number="1865")["municipality"]["programmes"] == []
    nordland = next(c for c in outsider.query(COUNTIES)["counties"] if c["number"] == NORDLAND)
    assert nordland["programmes"] == []
    assert "Omstilling Vågan" not in json.dumps(outsider.last_response, ensure_ascii=False)


def test_another_municipalitys_editor_cannot_change_the_plan(
    runtime: Runtime, people: People, vagan: str
) -> None:
    drafted_vagan(people, vagan)
    outsider, before = people.editor(TINN), log_length(runtime)
    for operation, extra in [
        ("revisePlanSection", {"section": "BACKGROUND", "text": "Kapret", "reason": "Innbrudd"}),
        ("submitPlan", {}),
        ("draftPlan", {"content": plan_content()}),
    ]:
        payload = outsider.mutate(operation, programmeId=vagan, **extra)
        unknown = outsider.mutate(operation, programmeId=str(uuid.uuid4()), **extra)
        assert payload["__typename"] == "NotFoundError", payload
        assert payload == unknown
        assert reveals_nothing_of_vagan(outsider.last_response)
    assert log_length(runtime) == before


def test_a_county_officer_of_another_county_finds_nothing(
    runtime: Runtime, people: People, vagan: str
) -> None:
    telemark = people.county_officer(TELEMARK)
    body = telemark.post(PROGRAMME, {"id": vagan})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert reveals_nothing_of_vagan(body)
    assert telemark.query(PROGRAMMES)["programmes"] == []
    before = log_length(runtime)
    payload = telemark.mutate(
        "extendProgrammePeriod",
        programmeId=vagan,
        periodEnd="2031-06-30",
        decision=decision("fylkesutvalget", "2024-06-11", "2024/9999-1", "Feil fylke"),
    )
    assert payload["__typename"] == "NotFoundError", payload
    assert reveals_nothing_of_vagan(telemark.last_response)
    assert log_length(runtime) == before


def test_a_county_sees_the_programmes_it_supervises_and_no_others(
    people: People, vagan: str
) -> None:
    meloy = register(people, MELOY, NORDLAND, "Meløy", "2024/3390-3")
    tinn = register(people, TINN, TELEMARK, "Tinn", "2024/3391-3")
    nordland = people.county_officer(NORDLAND)
    assert {p["id"] for p in nordland.query(PROGRAMMES)["programmes"]} == {vagan, meloy}
    assert nordland.query(PROGRAMMES, county=TELEMARK)["programmes"] == []
    assert nordland.post(PROGRAMME, {"id": tinn})["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    county = next(c for c in nordland.query(COUNTIES)["counties"] if c["number"] == NORDLAND)
    assert {p["leadMunicipality"]["number"] for p in county["programmes"]} == {"1865", MELOY}
    assert any(m["number"] == "1865" for m in county["municipalities"])
    assert people.editor(TINN).query(PROGRAMMES)["programmes"][0]["id"] == tinn


def test_the_national_analyst_reads_everything_and_changes_nothing(
    runtime: Runtime, people: People, vagan: str
) -> None:
    drafted_vagan(people, vagan)
    tinn = register(people, TINN, TELEMARK, "Tinn", "2024/3391-3")
    analyst = people.national_analyst()
    assert {p["id"] for p in analyst.query(PROGRAMMES)["programmes"]} == {vagan, tinn}
    assert (
        analyst.query(PROGRAMMES, phase="DEVELOPMENT_ANALYSIS", county=TELEMARK)["programmes"][0][
            "id"
        ]
        == tinn
    )
    assert analyst.query(PLAN, id=vagan)["plan"]["status"] == "DRAFT"
    assert len(analyst.query(AUDIT_TRAIL)["auditTrail"]["edges"]) == 3

    before = log_length(runtime)
    for operation, input in [
        ("registerProgramme", registration(MELOY, name="Omstilling Meløy")),
        (
            "advanceProgrammePhase",
            {
                "programmeId": tinn,
                "phase": "STRATEGY_AND_ANCHORING",
                "reason": "Fra nasjonalt hold",
            },
        ),
        ("submitPlan", {"programmeId": vagan}),
        ("approvePlan", {"programmeId": vagan, "decision": APPROVAL}),
    ]:
        assert analyst.mutate(operation, **input)["__typename"] == "ForbiddenError"
    assert log_length(runtime) == before


def test_a_reader_reads_but_cannot_edit(runtime: Runtime, people: People, vagan: str) -> None:
    drafted_vagan(people, vagan)
    reader = people.reader()
    assert reader.query(PLAN, id=vagan)["plan"]["versionNumber"] == 1
    assert reader.mutate("submitPlan", programmeId=vagan)["__typename"] == "ForbiddenError"


def test_an_unknown_programme_is_not_found(people: People) -> None:
    body = people.national_analyst().post(PROGRAMME, {"id": "00000000-0000-4000-8000-000000000000"})
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


def test_a_county_supervises_the_programmes_its_predecessor_granted_before_the_2024_reform(
    people: People,
) -> None:
    # Båtsfjord was granted status by Troms og Finnmark (54) in 2021; since 2024 Finnmark (56).
    finnmark = people.county_officer("56")
    granted = finnmark.mutate(
        "registerProgramme",
        **registration(
            "5632",
            name="Omstilling Båtsfjord",
            periodStart="2021-07-01",
            periodEnd="2027-06-30",
            grantingCountyNumber="54",
            decision=decision(
                "fylkesutvalget",
                "2021-03-16",
                "2021/1187-4",
                "Omstillingsstatus Båtsfjord",
                "PS 31/21",
            ),
        ),
    )
    assert granted["__typename"] == "ProgrammePayload", granted
    programme = granted["programme"]
    assert programme["grantingCounty"] == {"number": "54", "name": "Troms og Finnmark"}
    assert programme["supervisingCounty"] == {"number": "56", "name": "Finnmark"}

    assert [p["id"] for p in finnmark.query(PROGRAMMES)["programmes"]] == [programme["id"]]
    assert finnmark.query(PROGRAMMES, county="56")["programmes"][0]["id"] == programme["id"]
    assert people.county_officer("55").query(PROGRAMMES)["programmes"] == []
    in_2021 = next(
        c for c in finnmark.query(COUNTIES, on="2021-06-01")["counties"] if c["number"] == "54"
    )
    assert [p["id"] for p in in_2021["programmes"]] == [programme["id"]]


def test_a_county_cannot_bring_another_countys_municipality_into_its_programme(
    runtime: Runtime, people: People, vagan: str
) -> None:
    nordland, before = people.county_officer(NORDLAND), log_length(runtime)
    registered = nordland.mutate(
        "registerProgramme",
        **registration(MELOY, name="Omstilling Meløy", otherMunicipalityNumbers=[TINN]),
    )
    assert (registered["__typename"], registered["field"]) == (
        "ValidationError",
        "otherMunicipalityNumbers[0]",
    ), registered
    added = nordland.mutate(
        "addProgrammeMunicipality",
        programmeId=vagan,
        municipalityNumber=TINN,
        decision=decision("fylkesutvalget", "2024-06-11", "2024/9999-2", "Utvidelse"),
    )
    assert (added["__typename"], added["field"]) == ("ValidationError", "municipalityNumber"), added
    assert "granting county 18" in added["rule"]
    assert log_length(runtime) == before
