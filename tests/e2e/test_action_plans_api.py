"""The Handlingsplan over GraphQL with real tokens: a full programme year, roles, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from omstilling.runtime import Runtime
from tests.e2e.conftest import (
    MELOY,
    NORDLAND,
    TELEMARK,
    Caller,
    People,
    bring_into_force,
    log_length,
)
from tests.e2e.documents import (
    ACTION_PLAN,
    ACTION_PLANS,
    BOARD_DECISION,
    COUNCIL_APPROVAL,
    COUNTY_YEAR_WHEEL,
    NATIONAL_YEAR_WHEEL,
    PRIORITISATION,
    PROJECT_APPROVAL,
    YEAR_WHEEL,
    activity,
    mandate,
    milestone,
    mutation_with,
    plan_content,
    scores,
)

YEAR = 2025


def act(caller: Caller, name: str, **input: Any) -> dict[str, Any]:
    """A Handlingsplan mutation: the member of its result union."""
    return caller.query(mutation_with(name, "ActionPlanPayload"), input=input)[name]


def proj(caller: Caller, name: str, **input: Any) -> dict[str, Any]:
    return caller.query(mutation_with(name, "ProjectPayload"), input=input)[name]


def ok(payload: dict[str, Any], typename: str = "ActionPlanPayload") -> dict[str, Any]:
    assert payload["__typename"] == typename, payload
    return payload


def plan_in_force(people: People, programme_id: str) -> None:
    editor = people.editor()
    ok(editor.mutate("draftPlan", programmeId=programme_id, content=plan_content()), "PlanPayload")
    bring_into_force(people, programme_id)


def approved_projects(people: People, programme_id: str) -> None:
    """P1 on I1 and P2 on I2: proposed, scored, prioritised and approved by the board."""
    editor, board = people.editor(), people.board()
    for code, area, values in (("P1", "I1", (5, 3, 4, 4)), ("P2", "I2", (3, 4, 2, 3))):
        ok(
            proj(
                editor,
                "proposeProject",
                programmeId=programme_id,
                code=code,
                focusAreaCode=area,
                mandate=mandate(f"Tiltak {code}"),
                milestones=[milestone("M1", "2025-03-01")],
            ),
            "ProjectPayload",
        )
        ok(
            proj(
                editor, "scoreProject", programmeId=programme_id, code=code, scores=scores(*values)
            ),
            "ProjectPayload",
        )
    ranked = board.query(
        mutation_with("prioritiseProjects", "PrioritisationPayload"),
        input={
            "programmeId": programme_id,
            "projectCodes": ["P1", "P2"],
            "weights": {"effect": 40, "money": 30, "speed": 20, "personnel": 10},
            "decision": PRIORITISATION,
        },
    )["prioritiseProjects"]
    assert ranked["__typename"] == "PrioritisationPayload", ranked
    for code in ("P1", "P2"):
        ok(
            proj(
                board,
                "approveProject",
                programmeId=programme_id,
                code=code,
                decision=PROJECT_APPROVAL,
            ),
            "ProjectPayload",
        )


def drafted(people: People, programme_id: str) -> dict[str, Any]:
    """The 2025 Handlingsplan with both projects, budgets, financing and a communication plan."""
    editor = people.editor()
    ok(act(editor, "draftActionPlan", programmeId=programme_id, year=YEAR))
    ok(
        act(
            editor,
            "putActionPlanMeasure",
            programmeId=programme_id,
            year=YEAR,
            measure={
                "projectCode": "P1",
                "focusAreaCode": "I1",
                "budget": "500000",
                "financing": [
                    {"source": "COUNTY_RESTRUCTURING_FUNDS", "amount": "300000"},
                    {"source": "MUNICIPALITY", "amount": "100000.50"},
                ],
            },
            reason="Reiselivssatsingen",
        )
    )
    ok(
        act(
            editor,
            "putActionPlanMeasure",
            programmeId=programme_id,
            year=YEAR,
            measure={
                "projectCode": "P2",
                "focusAreaCode": "I2",
                "budget": "250000",
                "financing": [{"source": "COUNTY_RESTRUCTURING_FUNDS", "amount": "250000"}],
            },
            reason="Havbrukssatsingen",
        )
    )
    ok(
        act(
            editor,
            "putActionPlanStrategy",
            programmeId=programme_id,
            year=YEAR,
            strategy={"focusAreaCode": "I1", "text": "Helårsturisme gjennom nye produkter."},
            reason="Strategi for reiseliv",
        )
    )
    ok(
        act(
            editor,
            "reviseActionPlanSection",
            programmeId=programme_id,
            year=YEAR,
            section="RESOURCES_AND_FINANCING",
            text="Omstillingsmidler og kommunale midler.",
            reason="Finansiering",
        )
    )
    return ok(
        act(
            editor,
            "setActionPlanCommunicationPlan",
            programmeId=programme_id,
            year=YEAR,
            activities=[activity()],
            reason="Kommunikasjonsplan",
        )
    )


@pytest.fixture
def year_ready(people: People, vagan: str) -> str:
    """Vågan with its plan in force, two approved projects and the 2025 draft."""
    plan_in_force(people, vagan)
    approved_projects(people, vagan)
    drafted(people, vagan)
    return vagan


def test_a_full_programme_year(people: People, year_ready: str) -> None:
    vagan = year_ready
    board, clerk, editor = people.board(), people.clerk(), people.editor()
    ok(act(board, "decideActionPlan", programmeId=vagan, year=YEAR, decision=BOARD_DECISION))
    ok(act(clerk, "approveActionPlan", programmeId=vagan, year=YEAR, decision=COUNCIL_APPROVAL))
    applied = ok(act(editor, "applyForFunds", programmeId=vagan, year=YEAR, appliedOn="2024-12-15"))
    assert applied["actionPlan"]["fundApplications"][0]["total"]["kroner"] == "550000.00"
    final = ok(
        act(
            clerk,
            "putActionPlanIntoEffect",
            programmeId=vagan,
            year=YEAR,
            effectiveFrom="2025-01-15",
        )
    )["actionPlan"]
    assert final["status"] == "IN_EFFECT"

    for reader in (people.reader(), people.county_officer(NORDLAND), people.national_analyst()):
        found = reader.query(ACTION_PLAN, id=vagan, year=YEAR)["actionPlan"]
        assert found["status"] == "IN_EFFECT"
        assert found["inEffectFrom"] == "2025-01-15"
        assert found["boardDecidedOn"] == "2024-11-20"
        current = found["current"]
        assert current["plan"]["versionNumber"] == 1
        assert current["plan"]["focusAreaCodes"] == ["I1", "I2", "I3"]
        assert [m["projectCode"] for m in current["measures"]] == ["P1", "P2"]
        p1 = current["measures"][0]
        assert p1["budget"] == {
            "ore": "50000000",
            "kroner": "500000.00",
            "formatted": "kr 500 000,00",
        }
        assert p1["financed"]["kroner"] == "400000.50"
        assert p1["fundingGap"]["kroner"] == "99999.50"
        assert {f["source"]: f["amount"]["kroner"] for f in p1["financing"]} == {
            "COUNTY_RESTRUCTURING_FUNDS": "300000.00",
            "MUNICIPALITY": "100000.50",
            "INNOVASJON_NORGE": "0.00",
            "PRIVATE": "0.00",
            "OTHER_PUBLIC": "0.00",
        }
        assert current["totalBudget"]["formatted"] == "kr 750 000,00"
        assert current["totalFinancing"]["kroner"] == "650000.50"
        assert current["fundingGap"]["kroner"] == "99999.50"
        by_source = {s["source"]: s["amount"]["kroner"] for s in current["financingBySource"]}
        assert by_source["COUNTY_RESTRUCTURING_FUNDS"] == "550000.00"
        assert by_source["MUNICIPALITY"] == "100000.50"
        assert [
            (b["focusAreaCode"], b["budget"]["kroner"]) for b in current["budgetByFocusArea"]
        ] == [
            ("I1", "500000.00"),
            ("I2", "250000.00"),
            ("I3", "0.00"),
        ]
        assert current["communicationPlan"][0]["what"] == "Folkemøte om handlingsplanen"
        assert current["strategies"] == [
            {"focusAreaCode": "I1", "text": "Helårsturisme gjennom nye produkter."}
        ]
        assert current["decidedBy"]["archiveCaseNumber"] == "2024/77-3"
        assert current["approvedBy"]["body"] == "KOMMUNESTYRET"
        assert current["effectiveFrom"] == "2025-01-15"
        application = found["fundApplications"][0]
        assert application["appliedOn"] == "2024-12-15"
        assert {line["projectCode"]: line["amount"]["kroner"] for line in application["lines"]} == {
            "P1": "300000.00",
            "P2": "250000.00",
        }
        assert application["actor"]["role"] == "MUNICIPALITY_EDITOR"

    listed = people.reader().query(ACTION_PLANS, id=vagan)["actionPlans"]
    assert [p["year"] for p in listed] == [YEAR]

    wheel = people.reader().query(YEAR_WHEEL, id=vagan, year=YEAR, on="2025-03-15")["yearWheel"]
    steps = {s["step"]: s for s in wheel["steps"]}
    assert steps["PUT_INTO_EFFECT"]["state"] == "DONE"
    assert steps["PUT_INTO_EFFECT"]["doneOn"] == "2025-01-15"


def test_a_revision_during_the_year(people: People, year_ready: str) -> None:
    vagan = year_ready
    board, clerk, editor = people.board(), people.clerk(), people.editor()
    ok(act(board, "decideActionPlan", programmeId=vagan, year=YEAR, decision=BOARD_DECISION))
    ok(act(clerk, "approveActionPlan", programmeId=vagan, year=YEAR, decision=COUNCIL_APPROVAL))
    version = ok(
        act(
            clerk,
            "putActionPlanIntoEffect",
            programmeId=vagan,
            year=YEAR,
            effectiveFrom="2025-01-15",
        )
    )["version"]
    stale = act(
        editor,
        "startActionPlanRevision",
        programmeId=vagan,
        year=YEAR,
        reason="Ny",
        expectedVersion=version - 1,
    )
    assert stale["__typename"] == "ConflictError", stale
    ok(
        act(
            editor,
            "startActionPlanRevision",
            programmeId=vagan,
            year=YEAR,
            reason="Nye tall",
            expectedVersion=version,
        )
    )
    ok(
        act(
            editor,
            "removeActionPlanMeasure",
            programmeId=vagan,
            year=YEAR,
            projectCode="P2",
            reason="Utsatt",
        )
    )
    ok(
        act(
            editor, "abandonActionPlanRevision", programmeId=vagan, year=YEAR, reason="Ikke likevel"
        )
    )
    found = editor.query(ACTION_PLAN, id=vagan, year=YEAR)["actionPlan"]
    assert [r["status"] for r in found["revisions"]] == ["IN_EFFECT", "ABANDONED"]
    assert found["current"]["totalBudget"]["kroner"] == "750000.00"


def test_roles(people: People, year_ready: str, runtime: Runtime) -> None:
    vagan = year_ready
    before = log_length(runtime)
    # The editor does not decide; the board does not record the council's decisions.
    refused = act(
        people.editor(), "decideActionPlan", programmeId=vagan, year=YEAR, decision=BOARD_DECISION
    )
    assert refused["__typename"] == "ForbiddenError", refused
    for caller in (people.reader(), people.county_officer(NORDLAND), people.national_analyst()):
        refused = act(caller, "draftActionPlan", programmeId=vagan, year=2026)
        assert refused["__typename"] == "ForbiddenError", refused
    ok(
        act(
            people.board(),
            "decideActionPlan",
            programmeId=vagan,
            year=YEAR,
            decision=BOARD_DECISION,
        )
    )
    after_decision = log_length(runtime)
    refused = act(
        people.board(), "approveActionPlan", programmeId=vagan, year=YEAR, decision=COUNCIL_APPROVAL
    )
    assert refused["__typename"] == "ForbiddenError", refused
    assert log_length(runtime) == after_decision > before

    # Another municipality, and another county, learn nothing.
    for outsider in (people.editor(MELOY), people.reader(MELOY), people.county_officer(TELEMARK)):
        errors = outsider.errors(ACTION_PLAN, id=vagan, year=YEAR)
        assert errors[0]["extensions"]["code"] == "NOT_FOUND"
        assert outsider.last_response["data"] in (None, {"actionPlan": None})
        refused = act(
            outsider,
            "putActionPlanMeasure",
            programmeId=vagan,
            year=YEAR,
            measure={"projectCode": "P1", "focusAreaCode": "I1", "budget": "1"},
            reason="Innbrudd",
        )
        assert refused["__typename"] == "NotFoundError", refused
    errors = people.reader().errors(NATIONAL_YEAR_WHEEL, year=YEAR)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    errors = people.county_officer(TELEMARK).errors(COUNTY_YEAR_WHEEL, county=NORDLAND, year=YEAR)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert log_length(runtime) == after_decision


def test_year_wheels_for_county_and_nation(people: People, year_ready: str) -> None:
    vagan = year_ready
    # In March 2025 nothing put the 2025 plan into effect: late.
    county = people.county_officer(NORDLAND).query(
        COUNTY_YEAR_WHEEL, county=NORDLAND, year=YEAR, on="2025-03-15"
    )["countyYearWheel"]
    assert [w["programmeId"] for w in county] == [vagan]
    assert county[0]["lateSteps"] == 1
    assert county[0]["daysLate"] == 15
    national = people.national_analyst().query(NATIONAL_YEAR_WHEEL, year=YEAR, on="2025-03-15")
    assert [w["programmeId"] for w in national["nationalYearWheel"]] == [vagan]
    assert (
        people.county_officer(TELEMARK).query(
            COUNTY_YEAR_WHEEL, county=TELEMARK, year=YEAR, on="2025-03-15"
        )["countyYearWheel"]
        == []
    )


MEASURE = {"projectCode": "P1", "focusAreaCode": "I1"}


@pytest.mark.parametrize(
    ("measure", "field"),
    [
        ({**MEASURE, "budget": "-100"}, "measure.budget"),
        ({**MEASURE, "budget": "100.005"}, "measure.budget"),
        ({**MEASURE, "budget": "mye"}, "measure.budget"),
        (
            {**MEASURE, "budget": "100", "financing": [{"source": "PRIVATE", "amount": "-1"}]},
            "measure.financing[0].amount",
        ),
        (
            {**MEASURE, "budget": "100", "financing": [{"source": "PRIVATE", "amount": "101"}]},
            "measure.financing",
        ),
        ({"projectCode": "P1", "focusAreaCode": "I2", "budget": "100"}, "measure.focusAreaCode"),
        ({"projectCode": "P9", "focusAreaCode": "I1", "budget": "100"}, "measure.projectCode"),
    ],
)
def test_bad_money_and_measures_are_refused_naming_the_field(
    people: People, year_ready: str, runtime: Runtime, measure: dict[str, Any], field: str
) -> None:
    before = log_length(runtime)
    refused = act(
        people.editor(),
        "putActionPlanMeasure",
        programmeId=year_ready,
        year=YEAR,
        measure=measure,
        reason="Feil",
    )
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == field
    assert log_length(runtime) == before


def test_a_float_is_refused_before_anything_runs(
    people: People, year_ready: str, runtime: Runtime
) -> None:
    before = log_length(runtime)
    errors = people.editor().errors(
        mutation_with("putActionPlanMeasure", "ActionPlanPayload"),
        input={
            "programmeId": year_ready,
            "year": YEAR,
            "reason": "Flyttall",
            "measure": {**MEASURE, "budget": 1234.5},
        },
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "budget" in errors[0]["message"]
    assert log_length(runtime) == before


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        (None, "decision"),
        ({**BOARD_DECISION, "archiveCaseNumber": ""}, "decision.archiveCaseNumber"),
        ({**BOARD_DECISION, "body": "KOMMUNESTYRET"}, "decision.body"),
    ],
)
def test_a_decision_needs_its_reference(
    people: People, year_ready: str, runtime: Runtime, decision: dict[str, Any] | None, field: str
) -> None:
    before = log_length(runtime)
    extra = {} if decision is None else {"decision": decision}
    refused = act(people.board(), "decideActionPlan", programmeId=year_ready, year=YEAR, **extra)
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == field
    assert log_length(runtime) == before


def test_a_decision_without_a_date_is_refused_as_bad_input(
    people: People, year_ready: str, runtime: Runtime
) -> None:
    before = log_length(runtime)
    undated = {k: v for k, v in BOARD_DECISION.items() if k != "meetingDate"}
    errors = people.board().errors(
        mutation_with("decideActionPlan", "ActionPlanPayload"),
        input={"programmeId": year_ready, "year": YEAR, "decision": undated},
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "meetingDate" in errors[0]["message"]
    assert log_length(runtime) == before


def test_no_handlingsplan_without_a_plan_in_force(people: People, vagan: str) -> None:
    refused = act(people.editor(), "draftActionPlan", programmeId=vagan, year=YEAR)
    assert refused["__typename"] == "InvalidTransitionError", refused
    missing = act(
        people.editor(), "decideActionPlan", programmeId=vagan, year=YEAR, decision=BOARD_DECISION
    )
    assert missing["__typename"] in {"NotFoundError", "ForbiddenError"}, missing
    assert people.editor().query(ACTION_PLAN, id=vagan, year=YEAR)["actionPlan"] is None
