"""Restructuring funds over GraphQL with real tokens: Nordland grants and pays out Vågan's 2025
funds, the programme leader allocates and reports spending with co-financing, the board
reallocates; every figure traces to the movements and decisions behind it; refusals write
nothing; the county's audit flags a reallocation in effect before the board decided it; scope
keeps other municipalities and counties out, and national totals are Innovasjon Norge's."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.auth import mint_token
from domain.funds.grant import ReclaimGround
from domain.funds.use import SpendingCategory
from domain.shared.actor import Role
from omstilling.runtime import Runtime
from projections.fund_audit import DeviationKind
from projections.funds import FIGURES as FIGURE_KEYS
from projections.funds import KIND_NB
from tests.e2e.conftest import (
    MELOY,
    NORDLAND,
    TELEMARK,
    Caller,
    People,
    log_length,
)
from tests.e2e.documents import REFUSAL, decision, registration
from tests.factories import vagan_ready_for_funds

FIGURE_NAMES = (
    "granted withdrawn clawedBack disbursed allocated reallocatedIn reallocatedOut spent "
    "returned available unallocated remaining undisbursed"
).split()
FIGURES = " ".join(f"{f} {{ kroner }}" for f in FIGURE_NAMES)
GRANT_FIELDS = f"""
fragment GrantFields on Grant {{
  id programmeId countyNumber county {{ number name }} year number
  application {{ actionPlanId applicationNumber appliedFor {{ kroner }} }}
  amount {{ kroner formatted }} conditions useBy grantedOn
  decision {{ body meetingDate archiveCaseNumber politicalCaseNumber }}
  figures {{ {FIGURES} }}
  spending {{ number projectCode focusAreaCode amount {{ kroner }}
    coFinancing {{ source sourceNb amount {{ kroner }} }} coFinanced {{ kroner }}
    totalCost {{ kroner }} periodStart periodEnd category categoryNb accountsReference
    continuationWork planRevision reportedBy {{ userId role }} reversed reversalReason }}
  reallocations {{ fromProjectCode toProjectCode amount {{ kroner }} effectiveOn decidedOn
    reason decision {{ body meetingDate archiveCaseNumber }} actor {{ userId role }} version }}
  version useVersion
}}
"""
GRANT = "query($id: UUID!) { grant(id: $id) { ...GrantFields } }" + GRANT_FIELDS
GRANTS = (
    "query($programme: UUID, $year: Int) { grants(programmeId: $programme, year: $year) "
    "{ ...GrantFields } }" + GRANT_FIELDS
)
FLOW = f"""
query($level: FundFlowLevel!, $programme: UUID, $year: Int) {{
  fundFlow(level: $level, programmeId: $programme, year: $year) {{
    programmeId year grantId projectCode focusAreaCode figures {{ {FIGURES} }} }}
}}
"""
CHAIN = """
query($programme: UUID!, $year: Int, $grant: UUID, $project: String, $area: String,
      $figure: FundFigure) {
  fundChain(programmeId: $programme, year: $year, grantId: $grant, projectCode: $project,
            focusAreaCode: $area, figure: $figure) {
    figure total { kroner } truncated
    movements { aggregateId aggregateVersion leg grantId figure figureNb kind kindNb
      projectCode focusAreaCode amount { kroner } occurredOn recordedAt
      actor { userId role } decision { body meetingDate archiveCaseNumber } reason
      ground groundNb details }
  }
}
"""
CO_FINANCING = """
query($programme: UUID!, $year: Int) {
  coFinancing(programmeId: $programme, year: $year) {
    programmeId year projectCode focusAreaCode countyFunds { kroner }
    otherSources { source amount { kroner } } coFinanced { kroner } totalCost { kroner }
    coFinancingShare }
}
"""
DEVIATION = (
    "kind kindNb programmeId grantId year projectCode amount { kroner } on description "
    "descriptionNb "
    "decision { body meetingDate archiveCaseNumber } evidence"
)
AUDIT = f"""
query($county: String!, $year: Int!, $asOf: Date) {{
  countyAuditReport(countyNumber: $county, year: $year, asOf: $asOf) {{
    county {{ number name }} year asOf
    programmes {{ programmeId programmeName periodEnd grants {{ id amount {{ kroner }} }}
      projects {{ projectCode figures {{ allocated {{ kroner }} spent {{ kroner }} }} }}
      coFinancing {{ projectCode coFinancingShare }}
      deviations {{ {DEVIATION} }} totals {{ granted {{ kroner }} }} }}
    deviations {{ {DEVIATION} }}
    totals {{ granted {{ kroner }} allocated {{ kroner }} spent {{ kroner }} }}
  }}
}}
"""
NATIONAL = """
query($year: Int) { nationalFundTotals(year: $year) {
  county { number name } year programmes grants
  figures { granted { kroner } disbursed { kroner } allocated { kroner } spent { kroner } } } }
"""

GRANT_DECISION = decision(
    "fylkesutvalget", "2025-01-20", "2025/310-2", "Tilsagn om omstillingsmidler 2025", "PS 12/25"
)
REALLOCATION = decision(
    "omstillingsstyret", "2025-06-10", "2025/77-9", "Omdisponering mellom prosjekter"
)
COUNTY_DECISION = decision("fylkesutvalget", "2025-09-02", "2025/310-20", "Endring av tilsagn")


def fund(caller: Caller, name: str, **input: Any) -> dict[str, Any]:
    """A fund mutation: the member of its result union."""
    document = (
        f"mutation Run($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) "
        "{ __typename ... on GrantPayload { version warnings grant { ...GrantFields } } "
        "...Refusal } }" + REFUSAL + GRANT_FIELDS
    )
    return caller.query(document, input=input)[name]  # type: ignore[no-any-return]


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["__typename"] == "GrantPayload", payload
    return payload


def refused(payload: dict[str, Any], typename: str, field: str | None = None) -> None:
    assert payload["__typename"] == typename, payload
    if field is not None:
        assert payload["field"] == field, payload


def figures(found: dict[str, Any]) -> dict[str, str]:
    """Figures as kroner, leaving out the zeros."""
    return {k: v["kroner"] for k, v in found.items() if v["kroner"] != "0.00"}


def source_amounts(lines: list[dict[str, Any]]) -> dict[str, str]:
    return {s["source"]: s["amount"]["kroner"] for s in lines if s["amount"]["kroner"] != "0.00"}


def county_auditor(people: People, county: str = NORDLAND) -> Caller:
    token = mint_token(
        people.settings,
        user_id=f"revisor.{county}",
        name=f"Revisor {county}",
        role=Role.COUNTY_AUDITOR,
        county_number=county,
    )
    return Caller(people.http, token, f"county_auditor@{county}")


@pytest.fixture
def vagan(runtime: Runtime) -> str:
    """Vågan 2025 ready for a grant (P1 running, P2 approved, P3 approved outside the
    Handlingsplan; kr 800 000 applied for), told through the app; its programme id."""
    ids = vagan_ready_for_funds(runtime.app)
    assert runtime.wait_for(runtime.app.recorder.max_notification_id())
    return str(ids["programme"])


def grant_and_pay(people: People, programme: str) -> str:
    """Nordland grants kr 600 000 and pays out kr 200 000; the grant's id."""
    officer = people.county_officer(NORDLAND)
    granted = ok(
        fund(
            officer,
            "grantFunds",
            programmeId=programme,
            year=2025,
            amount="600000",
            conditions=["Årsrapport innen 1. mars 2026"],
            useBy="2026-12-31",
            decision=GRANT_DECISION,
            reason="Tilsagn etter søknad 15.12.2024",
        )
    )
    grant_id: str = granted["grant"]["id"]
    ok(
        fund(
            officer,
            "disburseGrant",
            grantId=grant_id,
            amount="200000",
            paidOn="2025-02-01",
            expectedVersion=1,
        )
    )
    return grant_id


def allocate(people: People, grant_id: str, p1: str = "300000", p2: str = "100000") -> None:
    editor = people.editor()
    ok(fund(editor, "allocateFunds", grantId=grant_id, projectCode="P1", amount=p1))
    ok(fund(editor, "allocateFunds", grantId=grant_id, projectCode="P2", amount=p2))


def reallocate(people: People, grant_id: str, effective_on: str = "2025-06-15") -> dict[str, Any]:
    return ok(
        fund(
            people.board(),
            "reallocateFunds",
            grantId=grant_id,
            fromProjectCode="P1",
            toProjectCode="P2",
            amount="50000",
            effectiveOn=effective_on,
            decision=REALLOCATION,
            reason="P2 utvidet etter gode resultater",
        )
    )


def test_the_county_officer_grants_and_pays_out(people: People, vagan: str) -> None:
    officer = people.county_officer(NORDLAND)
    granted = ok(
        fund(
            officer,
            "grantFunds",
            programmeId=vagan,
            year=2025,
            amount="600000",
            conditions=["Årsrapport innen 1. mars 2026"],
            useBy="2026-12-31",
            decision=GRANT_DECISION,
        )
    )
    assert granted["version"] == 1
    grant = granted["grant"]
    assert (grant["countyNumber"], grant["county"]["name"], grant["year"], grant["number"]) == (
        NORDLAND,
        "Nordland",
        2025,
        1,
    )
    assert grant["application"]["applicationNumber"] == 1
    assert grant["application"]["appliedFor"]["kroner"] == "800000.00"
    assert grant["amount"] == {"kroner": "600000.00", "formatted": "kr 600 000,00"}
    assert (grant["conditions"], grant["useBy"], grant["grantedOn"]) == (
        ["Årsrapport innen 1. mars 2026"],
        "2026-12-31",
        "2025-01-20",
    )
    assert grant["decision"]["archiveCaseNumber"] == "2025/310-2"
    assert (grant["version"], grant["useVersion"]) == (1, None)
    assert figures(grant["figures"]) == {
        "granted": "600000.00",
        "available": "600000.00",
        "unallocated": "600000.00",
        "remaining": "600000.00",
        "undisbursed": "600000.00",
    }
    paid = ok(
        fund(
            officer,
            "disburseGrant",
            grantId=grant["id"],
            amount="200000",
            paidOn="2025-02-01",
            expectedVersion=1,
        )
    )
    assert paid["version"] == 2 and paid["grant"]["version"] == 2
    paid_figures = figures(paid["grant"]["figures"])
    assert (paid_figures["disbursed"], paid_figures["undisbursed"]) == ("200000.00", "400000.00")
    stale = fund(
        officer,
        "disburseGrant",
        grantId=grant["id"],
        amount="1",
        paidOn="2025-02-02",
        expectedVersion=1,
    )
    refused(stale, "ConflictError")
    assert (stale["expectedVersion"], stale["actualVersion"]) == (1, 2)
    for caller in (people.editor(), people.board(), people.national_analyst()):
        refused(
            fund(
                caller,
                "grantFunds",
                programmeId=vagan,
                year=2025,
                amount="1000",
                decision=GRANT_DECISION,
            ),
            "ForbiddenError",
        )
    for reader in (people.reader(), people.national_analyst(), county_auditor(people)):
        listed = reader.query(GRANTS, programme=vagan, year=2025)["grants"]
        assert [g["id"] for g in listed] == [grant["id"]]
        assert reader.query(GRANT, id=grant["id"])["grant"]["figures"] == paid["grant"]["figures"]
    assert people.reader().query(GRANTS, programme=vagan, year=2026)["grants"] == []


def test_the_editor_allocates_and_reports_spending_with_co_financing(
    people: People, vagan: str
) -> None:
    grant_id, editor = grant_and_pay(people, vagan), people.editor()
    first = ok(fund(editor, "allocateFunds", grantId=grant_id, projectCode="P1", amount="300000"))
    assert first["version"] == 2 and first["grant"]["useVersion"] == 2  # opened, then allocated
    ok(
        fund(
            editor,
            "allocateFunds",
            grantId=grant_id,
            projectCode="P2",
            amount="100000",
            expectedVersion=2,
        )
    )
    ok(
        fund(
            editor,
            "reportSpending",
            grantId=grant_id,
            projectCode="P1",
            amount="120000",
            periodStart="2025-01-01",
            periodEnd="2025-03-31",
            category="PERSONNEL",
            accountsReference="Bilag 2025-0412",
            coFinancing=[
                {"source": "MUNICIPALITY", "amount": "40000"},
                {"source": "PRIVATE", "amount": "20000"},
            ],
        )
    )
    spent = ok(
        fund(
            editor,
            "reportSpending",
            grantId=grant_id,
            projectCode="P1",
            amount="40000",
            periodStart="2025-04-01",
            periodEnd="2025-04-30",
            category="EXTERNAL_CONSULTANTS",
            accountsReference="Faktura 2025-77",
            coFinancing=[{"source": "INNOVASJON_NORGE", "amount": "40000"}],
            continuationWork=True,
            expectedVersion=4,
        )
    )["grant"]
    assert spent["useVersion"] == 5
    lines = spent["spending"]
    assert [(s["number"], s["projectCode"], s["amount"]["kroner"]) for s in lines] == [
        (1, "P1", "120000.00"),
        (2, "P1", "40000.00"),
    ]
    assert source_amounts(lines[0]["coFinancing"]) == {
        "MUNICIPALITY": "40000.00",
        "PRIVATE": "20000.00",
    }
    assert (lines[0]["coFinanced"]["kroner"], lines[0]["totalCost"]["kroner"]) == (
        "60000.00",
        "180000.00",
    )
    assert (lines[0]["category"], lines[0]["categoryNb"], lines[0]["planRevision"]) == (
        "PERSONNEL",
        "Lønn og personalkostnader",
        1,
    )
    assert lines[0]["reportedBy"] == {"userId": "kari.1865", "role": "MUNICIPALITY_EDITOR"}
    assert (lines[1]["continuationWork"], lines[1]["category"]) == (True, "EXTERNAL_CONSULTANTS")
    assert figures(spent["figures"]) == {
        "granted": "600000.00",
        "disbursed": "200000.00",
        "allocated": "400000.00",
        "spent": "160000.00",
        "available": "600000.00",
        "unallocated": "200000.00",
        "remaining": "440000.00",
        "undisbursed": "400000.00",
    }
    shares = people.county_officer(NORDLAND).query(CO_FINANCING, programme=vagan, year=2025)
    assert [
        (
            c["projectCode"],
            c["countyFunds"]["kroner"],
            source_amounts(c["otherSources"]),
            c["coFinanced"]["kroner"],
            c["totalCost"]["kroner"],
            c["coFinancingShare"],
        )
        for c in shares["coFinancing"]
    ] == [
        (
            "P1",
            "160000.00",
            {"MUNICIPALITY": "40000.00", "PRIVATE": "20000.00", "INNOVASJON_NORGE": "40000.00"},
            "100000.00",
            "260000.00",
            "0.3846",
        )
    ]
    # Innovasjon Norge would pay more than half of the consultant's fees in continuation work.
    too_much = fund(
        editor,
        "reportSpending",
        grantId=grant_id,
        projectCode="P1",
        amount="10000",
        periodStart="2025-05-01",
        periodEnd="2025-05-31",
        category="EXTERNAL_CONSULTANTS",
        accountsReference="Faktura 2025-91",
        coFinancing=[{"source": "INNOVASJON_NORGE", "amount": "20000"}],
        continuationWork=True,
    )
    refused(too_much, "ValidationError", "coFinancing")
    refused(
        fund(
            people.county_officer(NORDLAND),
            "allocateFunds",
            grantId=grant_id,
            projectCode="P1",
            amount="1",
        ),
        "ForbiddenError",
    )


def test_the_board_reallocates_and_every_figure_traces_to_its_decisions(
    people: People, vagan: str
) -> None:
    grant_id = grant_and_pay(people, vagan)
    allocate(people, grant_id)
    refused(
        fund(
            people.editor(),
            "reallocateFunds",
            grantId=grant_id,
            fromProjectCode="P1",
            toProjectCode="P2",
            amount="50000",
            effectiveOn="2025-06-15",
            decision=REALLOCATION,
            reason="Uten styret",
        ),
        "ForbiddenError",
    )
    moved = reallocate(people, grant_id)["grant"]
    assert [
        (r["fromProjectCode"], r["toProjectCode"], r["amount"]["kroner"], r["effectiveOn"])
        for r in moved["reallocations"]
    ] == [("P1", "P2", "50000.00", "2025-06-15")]
    assert moved["reallocations"][0]["decision"]["archiveCaseNumber"] == "2025/77-9"
    assert moved["reallocations"][0]["reason"] == "P2 utvidet etter gode resultater"
    assert moved["reallocations"][0]["actor"]["role"] == "MUNICIPALITY_BOARD"

    officer = people.county_officer(NORDLAND)
    projects = officer.query(FLOW, level="PROJECT", programme=vagan, year=2025)["fundFlow"]
    by_project = {p["projectCode"]: figures(p["figures"]) for p in projects}
    assert by_project == {
        "P1": {"allocated": "250000.00", "reallocatedOut": "50000.00", "remaining": "250000.00"},
        "P2": {"allocated": "150000.00", "reallocatedIn": "50000.00", "remaining": "150000.00"},
    }
    assert {p["projectCode"]: p["focusAreaCode"] for p in projects} == {"P1": "I1", "P2": "I2"}
    areas = officer.query(FLOW, level="FOCUS_AREA", programme=vagan)["fundFlow"]
    assert {a["focusAreaCode"]: a["figures"]["allocated"]["kroner"] for a in areas} == {
        "I1": "250000.00",
        "I2": "150000.00",
    }
    (per_grant,) = officer.query(FLOW, level="GRANT", programme=vagan)["fundFlow"]
    assert per_grant["grantId"] == grant_id
    assert figures(per_grant["figures"]) == figures(moved["figures"])
    assert (
        figures(per_grant["figures"])["reallocatedIn"],
        figures(per_grant["figures"])["reallocatedOut"],
    ) == ("50000.00", "50000.00")
    (per_year,) = officer.query(FLOW, level="YEAR")["fundFlow"]  # every programme in scope
    assert (per_year["programmeId"], per_year["year"]) == (vagan, 2025)

    chain = officer.query(CHAIN, programme=vagan, project="P2", figure="ALLOCATED")["fundChain"]
    assert chain["truncated"] is False
    assert chain["total"]["kroner"] == by_project["P2"]["allocated"]
    # By the date each counts from: the allocation from when it was recorded (today), the
    # reallocation from its effective date.
    movements = {m["kind"]: m for m in chain["movements"]}
    assert sorted(
        (m["kind"], m["kindNb"], m["amount"]["kroner"], m["actor"]["role"])
        for m in chain["movements"]
    ) == [
        ("ALLOCATION", "Fordeling", "100000.00", "MUNICIPALITY_EDITOR"),
        ("REALLOCATION", "Omdisponering", "50000.00", "MUNICIPALITY_BOARD"),
    ]
    assert [m["occurredOn"] for m in chain["movements"]] == sorted(
        m["occurredOn"] for m in chain["movements"]
    )
    moved_in = movements["REALLOCATION"]
    assert moved_in["decision"] == {
        "body": "OMSTILLINGSSTYRET",
        "meetingDate": "2025-06-10",
        "archiveCaseNumber": "2025/77-9",
    }
    assert (moved_in["reason"], moved_in["occurredOn"], moved_in["figureNb"]) == (
        "P2 utvidet etter gode resultater",
        "2025-06-15",
        "Fordelt",
    )
    assert moved_in["details"]["fromProjectCode"] == "P1"
    assert moved_in["aggregateVersion"] == moved["useVersion"]

    granted = officer.query(CHAIN, programme=vagan, figure="GRANTED")["fundChain"]
    assert granted["total"]["kroner"] == moved["figures"]["granted"]["kroner"]
    (grant_movement,) = granted["movements"]
    assert (grant_movement["kind"], grant_movement["kindNb"], grant_movement["occurredOn"]) == (
        "GRANT",
        "Tilsagn",
        "2025-01-20",
    )
    assert grant_movement["decision"]["archiveCaseNumber"] == "2025/310-2"
    assert grant_movement["aggregateId"] == grant_id
    paid = officer.query(CHAIN, programme=vagan, grant=grant_id, figure="DISBURSED")["fundChain"]
    assert [(m["kind"], m["occurredOn"]) for m in paid["movements"]] == [
        ("DISBURSEMENT", "2025-02-01")
    ]
    everything = officer.query(CHAIN, programme=vagan, year=2025)["fundChain"]
    assert everything["total"] is None
    assert sorted(m["kind"] for m in everything["movements"]) == [
        "ALLOCATION",
        "ALLOCATION",
        "DISBURSEMENT",
        "GRANT",
        "REALLOCATION",
        "REALLOCATION",
    ]
    assert (
        sum(
            int(m["amount"]["kroner"].replace(".", ""))
            for m in everything["movements"]
            if m["kind"] == "REALLOCATION"
        )
        == 0
    )  # out of P1, into P2


def test_an_invariant_breach_names_the_field_and_changes_nothing(
    people: People, vagan: str, runtime: Runtime
) -> None:
    grant_id, editor = grant_and_pay(people, vagan), people.editor()
    ok(fund(editor, "allocateFunds", grantId=grant_id, projectCode="P1", amount="100000"))
    before_log = log_length(runtime)
    before = people.reader().query(GRANT, id=grant_id)["grant"]
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("allocateFunds", {"projectCode": "P2", "amount": "500000.01"}, "amount"),
        ("allocateFunds", {"projectCode": "P2", "amount": "12.345"}, "amount"),
        ("allocateFunds", {"projectCode": "P2", "amount": "-5"}, "amount"),
        ("allocateFunds", {"projectCode": "P3", "amount": "1000"}, "projectCode"),
        (
            "returnFunds",
            {"amount": "500001", "returnedOn": "2025-11-01", "reason": "Ubrukt"},
            "amount",
        ),
        (
            "reportSpending",
            {
                "projectCode": "P1",
                "amount": "100000.01",
                "periodStart": "2025-01-01",
                "periodEnd": "2025-03-31",
                "category": "PURCHASES",
                "accountsReference": "Bilag 1",
            },
            "amount",
        ),
        (
            "reportSpending",
            {
                "projectCode": "P1",
                "amount": "1000",
                "periodStart": "2025-01-01",
                "periodEnd": "2025-03-31",
                "category": "PURCHASES",
                "accountsReference": "Bilag 2",
                "coFinancing": [{"source": "COUNTY_RESTRUCTURING_FUNDS", "amount": "1000"}],
            },
            "coFinancing[0].source",
        ),
        (
            "reportSpending",
            {
                "projectCode": "P1",
                "amount": "1000",
                "periodStart": "2025-01-01",
                "periodEnd": "2025-03-31",
                "category": "PURCHASES",
                "accountsReference": "Bilag 3",
                "coFinancing": [{"source": "PRIVATE", "amount": "1,001"}],
            },
            "coFinancing[0].amount",
        ),
    ]
    for operation, input, field in cases:
        refused(fund(editor, operation, grantId=grant_id, **input), "ValidationError", field)
    officer = people.county_officer(NORDLAND)
    refused(
        fund(officer, "disburseGrant", grantId=grant_id, amount="400000.01", paidOn="2025-03-01"),
        "ValidationError",
        "amount",
    )
    refused(
        fund(officer, "disburseGrant", grantId=grant_id, amount="1", paidOn="2025-01-19"),
        "ValidationError",
        "paidOn",
    )
    refused(
        fund(
            officer,
            "grantFunds",
            programmeId=vagan,
            year=2025,
            amount="200000.01",  # kr 600 000 of the kr 800 000 applied for is granted
            decision=GRANT_DECISION,
        ),
        "ValidationError",
        "amount",
    )
    refused(
        fund(
            officer,
            "withdrawGrantFunds",
            grantId=grant_id,
            amount="1000",
            ground="UNUSED",
            withdrawnOn="2025-09-01",
            reason="Utsatt",
        ),
        "ValidationError",
        "decision",
    )
    refused(
        fund(
            people.board(),
            "reallocateFunds",
            grantId=grant_id,
            fromProjectCode="P1",
            toProjectCode="P2",
            amount="50000",
            effectiveOn="2025-06-15",
            decision={**REALLOCATION, "body": "KOMMUNESTYRET"},
            reason="Feil organ",
        ),
        "ValidationError",
        "decision.body",
    )
    refused(
        fund(editor, "allocateFunds", grantId=vagan, projectCode="P1", amount="1"),
        "NotFoundError",
    )
    errors = editor.errors(
        "mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename } }",
        input={"grantId": grant_id, "projectCode": "P2", "amount": 1000},
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert log_length(runtime) == before_log
    assert people.reader().query(GRANT, id=grant_id)["grant"] == before


def test_the_county_amends_withdraws_and_claws_back_and_the_municipality_gives_back(
    people: People, vagan: str
) -> None:
    grant_id, officer, editor = (
        grant_and_pay(people, vagan),
        people.county_officer(NORDLAND),
        people.editor(),
    )
    withdrawn = ok(
        fund(
            officer,
            "withdrawGrantFunds",
            grantId=grant_id,
            amount="100000",
            ground="UNUSED",
            withdrawnOn="2025-09-03",
            decision=COUNTY_DECISION,
            reason="Prosjektet P2 er utsatt",
            expectedVersion=2,
        )
    )
    assert withdrawn["version"] == 3
    clawed = ok(
        fund(
            officer,
            "clawBackGrantFunds",
            grantId=grant_id,
            amount="50000",
            ground="MISUSED",
            demandedOn="2025-09-10",
            decision=COUNTY_DECISION,
            reason="Brukt utenfor vilkårene",
        )
    )
    amended = ok(
        fund(
            officer,
            "amendGrant",
            grantId=grant_id,
            amount="650000",
            conditions=["Sluttrapport innen 1. mars 2026"],
            decision=COUNTY_DECISION,
            reason="Økt ramme",
            expectedVersion=clawed["version"],
        )
    )["grant"]
    assert (amended["amount"]["kroner"], amended["conditions"], amended["useBy"]) == (
        "650000.00",
        ["Sluttrapport innen 1. mars 2026"],
        "2026-12-31",
    )
    assert figures(amended["figures"]) == {
        "granted": "650000.00",
        "withdrawn": "100000.00",
        "clawedBack": "50000.00",
        "disbursed": "200000.00",
        "available": "500000.00",
        "unallocated": "500000.00",
        "remaining": "500000.00",
        "undisbursed": "350000.00",
    }
    ok(fund(editor, "allocateFunds", grantId=grant_id, projectCode="P1", amount="200000"))
    ok(
        fund(
            editor,
            "reportSpending",
            grantId=grant_id,
            projectCode="P1",
            amount="30000",
            periodStart="2025-01-01",
            periodEnd="2025-03-31",
            category="TRAVEL_AND_MEETINGS",
            accountsReference="Bilag 2025-0099",
            comment="Studietur",
        )
    )
    reversed_line = ok(
        fund(editor, "reverseSpending", grantId=grant_id, number=1, reason="Feil prosjekt")
    )["grant"]
    assert [(s["reversed"], s["reversalReason"]) for s in reversed_line["spending"]] == [
        (True, "Feil prosjekt")
    ]
    assert reversed_line["figures"]["spent"]["kroner"] == "0.00"
    ok(
        fund(
            editor,
            "releaseAllocation",
            grantId=grant_id,
            projectCode="P1",
            amount="50000",
            reason="P1 under budsjett",
        )
    )
    returned = ok(
        fund(
            editor,
            "returnFunds",
            grantId=grant_id,
            amount="100000",
            returnedOn="2025-11-01",
            reason="Ubrukte midler",
        )
    )["grant"]
    assert figures(returned["figures"]) == {
        "granted": "650000.00",
        "withdrawn": "100000.00",
        "clawedBack": "50000.00",
        "disbursed": "200000.00",
        "allocated": "150000.00",
        "returned": "100000.00",
        "available": "500000.00",
        "unallocated": "250000.00",
        "remaining": "400000.00",
        "undisbursed": "350000.00",
    }
    chain = officer.query(CHAIN, programme=vagan, figure="WITHDRAWN")["fundChain"]
    assert [
        (m["kind"], m["ground"], m["groundNb"], m["reason"], m["decision"]["archiveCaseNumber"])
        for m in chain["movements"]
    ] == [
        (
            "WITHDRAWAL",
            "UNUSED",
            "Ubrukte midler",
            "Prosjektet P2 er utsatt",
            "2025/310-20",
        )
    ]
    kinds = officer.query(CHAIN, programme=vagan, figure="ALLOCATED")["fundChain"]["movements"]
    assert [(m["kind"], m["amount"]["kroner"]) for m in kinds] == [
        ("ALLOCATION", "200000.00"),
        ("RELEASE", "-50000.00"),
    ]
    spent = officer.query(CHAIN, programme=vagan, figure="SPENT")["fundChain"]
    assert spent["total"]["kroner"] == "0.00"
    assert [m["kind"] for m in spent["movements"]] == ["SPENDING", "SPENDING_REVERSAL"]


def test_another_municipality_or_county_cannot_read_vagans_funds(
    people: People, vagan: str, runtime: Runtime
) -> None:
    grant_id = grant_and_pay(people, vagan)
    allocate(people, grant_id)
    meloy = people.county_officer(NORDLAND).mutate(
        "registerProgramme", **registration(MELOY, name="Omstilling Meløy")
    )
    assert meloy["__typename"] == "ProgrammePayload", meloy
    before = log_length(runtime)
    for outsider in (people.editor(MELOY), people.county_officer(TELEMARK)):
        assert outsider.query(GRANTS)["grants"] == []
        assert outsider.query(FLOW, level="GRANT")["fundFlow"] == []
        for document, variables in (
            (GRANT, {"id": grant_id}),
            (GRANTS, {"programme": vagan}),
            (FLOW, {"level": "PROJECT", "programme": vagan}),
            (CHAIN, {"programme": vagan}),
            (CO_FINANCING, {"programme": vagan}),
        ):
            errors = outsider.errors(document, **variables)
            assert errors[0]["extensions"]["code"] == "NOT_FOUND"
            assert "600000" not in json.dumps(outsider.last_response)
        refused(
            fund(outsider, "allocateFunds", grantId=grant_id, projectCode="P1", amount="1"),
            "NotFoundError",
        )
    assert people.editor(MELOY).query(GRANTS, programme=meloy["programme"]["id"])["grants"] == []
    assert [g["id"] for g in people.reader().query(GRANTS)["grants"]] == [grant_id]
    assert log_length(runtime) == before


def test_the_county_auditor_sees_a_reallocation_before_the_board_decided(
    people: People, vagan: str
) -> None:
    grant_id = grant_and_pay(people, vagan)
    allocate(people, grant_id)
    reallocate(people, grant_id, effective_on="2025-06-01")  # the board met on 10 June
    auditor = county_auditor(people)
    report = auditor.query(AUDIT, county=NORDLAND, year=2025, asOf="2025-07-01")[
        "countyAuditReport"
    ]
    assert (report["county"], report["year"], report["asOf"]) == (
        {"number": NORDLAND, "name": "Nordland"},
        2025,
        "2025-07-01",
    )
    (programme,) = report["programmes"]
    assert (programme["programmeId"], programme["programmeName"]) == (vagan, "Omstilling Vågan")
    assert [g["id"] for g in programme["grants"]] == [grant_id]
    assert {
        p["projectCode"]: p["figures"]["allocated"]["kroner"] for p in programme["projects"]
    } == {
        "P1": "250000.00",
        "P2": "150000.00",
    }
    (deviation,) = programme["deviations"]
    assert deviation == report["deviations"][0]
    assert (deviation["kind"], deviation["kindNb"]) == (
        "REALLOCATION_BEFORE_BOARD_DECISION",
        "Omdisponering uten forutgående styrevedtak",
    )
    assert (deviation["grantId"], deviation["projectCode"], deviation["on"]) == (
        grant_id,
        "P2",
        "2025-06-01",
    )
    assert deviation["amount"]["kroner"] == "50000.00"
    assert deviation["decision"] == {
        "body": "OMSTILLINGSSTYRET",
        "meetingDate": "2025-06-10",
        "archiveCaseNumber": "2025/77-9",
    }
    assert deviation["evidence"]["reason"] == "P2 utvidet etter gode resultater"
    assert "2025-06-10" in deviation["description"]
    assert "før styret vedtok det 10.06.2025" in deviation["descriptionNb"]
    assert report["totals"]["granted"]["kroner"] == "600000.00"
    # After the year has ended, what was neither spent nor returned is a finding too.
    later = auditor.query(AUDIT, county=NORDLAND, year=2025, asOf="2026-01-15")
    kinds = [d["kind"] for d in later["countyAuditReport"]["deviations"]]
    assert sorted(kinds) == ["REALLOCATION_BEFORE_BOARD_DECISION", "UNSPENT_AT_YEAR_END"]
    # Another county's officer is refused Nordland's report, and learns nothing of it.
    elsewhere = people.county_officer(TELEMARK).errors(AUDIT, county=NORDLAND, year=2025)
    assert elsewhere[0]["extensions"]["code"] == "FORBIDDEN"
    assert "Vågan" not in str(elsewhere)
    errors = auditor.errors(AUDIT, county="99", year=2025)
    assert errors[0]["extensions"]["code"] == "VALIDATION"
    assert errors[0]["extensions"]["field"] == "countyNumber"


def test_national_totals_are_for_the_national_analyst_only(people: People, vagan: str) -> None:
    grant_id = grant_and_pay(people, vagan)
    allocate(people, grant_id)
    for caller in (people.county_officer(NORDLAND), county_auditor(people), people.editor()):
        errors = caller.errors(NATIONAL)
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    analyst = people.national_analyst()
    assert analyst.query(NATIONAL)["nationalFundTotals"] == [
        {
            "county": {"number": NORDLAND, "name": "Nordland"},
            "year": 2025,
            "programmes": 1,
            "grants": 1,
            "figures": {
                "granted": {"kroner": "600000.00"},
                "disbursed": {"kroner": "200000.00"},
                "allocated": {"kroner": "400000.00"},
                "spent": {"kroner": "0.00"},
            },
        }
    ]
    assert analyst.query(NATIONAL, year=2024)["nationalFundTotals"] == []


@pytest.mark.parametrize(
    ("graphql_name", "domain_names"),
    [
        ("ReclaimGround", [g.name for g in ReclaimGround]),
        ("SpendingCategory", [c.name for c in SpendingCategory]),
        ("DeviationKind", [d.name for d in DeviationKind]),
        ("FundFigure", [f.upper() for f in FIGURE_KEYS]),
        ("MovementKind", [k.upper() for k in KIND_NB]),
    ],
)
def test_every_fund_value_the_domain_knows_is_offered(
    people: People, graphql_name: str, domain_names: list[str]
) -> None:
    found = people.national_analyst().query(
        "query($name: String!) { __type(name: $name) { enumValues { name } } }",
        name=graphql_name,
    )["__type"]
    assert sorted(v["name"] for v in found["enumValues"]) == sorted(domain_names)
