"""Projects over GraphQL with real tokens: seed 004's mandate, prioritisation, roles, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from omstilling.runtime import Runtime
from tests.e2e.conftest import MELOY, NORDLAND, TELEMARK, Caller, People, log_length
from tests.e2e.documents import (
    PRIORITISATION,
    PROJECT,
    PROJECT_APPROVAL,
    PROJECT_RANKING,
    PROJECTS,
    mandate,
    milestone,
    mutation_with,
    scores,
)
from tests.e2e.test_action_plans_api import approved_projects, plan_in_force

SEED_004 = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "seed_004_mandate.json").read_text("utf-8")
)
WEIGHTS = {"effect": 40, "money": 30, "speed": 20, "personnel": 10}


def proj(caller: Caller, name: str, **input: Any) -> dict[str, Any]:
    """A project mutation: the member of its result union."""
    return caller.query(mutation_with(name, "ProjectPayload"), input=input)[name]


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["__typename"] == "ProjectPayload", payload
    return payload


def seed_mandate() -> dict[str, Any]:
    keys = (
        "name owner startsOn endsOn background purpose organisation resultGoals effectGoals "
        "gains constraints decisionPoints"
    ).split()
    return {k: SEED_004[k] for k in keys}


@pytest.fixture
def in_force(people: People, vagan: str) -> str:
    plan_in_force(people, vagan)
    return vagan


@pytest.fixture
def seed_004(people: People, in_force: str) -> str:
    """Seed 004's mandate and its sixteen milestones, proposed by the editor on I1."""
    ok(
        proj(
            people.editor(),
            "proposeProject",
            programmeId=in_force,
            code=SEED_004["code"],
            focusAreaCode="I1",
            mandate=seed_mandate(),
            milestones=[
                {k: m[k] for k in ("number", "name", "criterion", "dueOn")}
                for m in SEED_004["milestones"]
            ],
            reason=SEED_004["source"],
        )
    )
    return in_force


def test_seed_004_mandate_reads_back_as_given(people: People, seed_004: str) -> None:
    for reader in (people.reader(), people.county_officer(NORDLAND), people.national_analyst()):
        found = reader.query(PROJECT, id=seed_004, code="ADM-1", on="2013-07-15")["project"]
        assert found["status"] == "PROPOSED"
        assert found["name"] == SEED_004["name"]
        assert found["mandate"]["startsOn"] == "2013-04-01"
        assert found["mandate"]["endsOn"] == "2013-08-31"
        assert found["mandate"]["resultGoals"] == SEED_004["resultGoals"]
        assert found["mandate"]["effectGoals"] == SEED_004["effectGoals"]
        assert found["mandate"]["gains"] == SEED_004["gains"]
        assert found["mandate"]["constraints"] == SEED_004["constraints"]
        assert [w["name"] for w in found["mandate"]["organisation"]["workStreams"]] == [
            w["name"] for w in SEED_004["organisation"]["workStreams"]
        ]
        assert found["mandate"]["decisionPoints"] == [
            {"name": "Mandat besluttet", "dueOn": "2013-06-03"},
            {"name": "Ny organisering besluttet (senest)", "dueOn": "2013-06-18"},
            {"name": "Ny organisering iverksatt (senest)", "dueOn": "2013-08-19"},
        ]
        milestones = found["milestones"]
        assert [m["number"] for m in milestones] == [f"M{i}" for i in range(1, 17)]
        assert [m["dueOn"] for m in milestones] == [m["dueOn"] for m in SEED_004["milestones"]]
        assert [m["criterion"] for m in milestones] == [
            m["criterion"] for m in SEED_004["milestones"]
        ]
        # On 15 July 2013 everything due before then is late: M1 to M13.
        assert [m["number"] for m in found["lateMilestones"]] == [f"M{i}" for i in range(1, 14)]
        assert [m["late"] for m in milestones] == [True] * 13 + [False] * 3
        assert found["lateMilestones"][-1]["daysLate"] == 21  # M13, due 24 June
    early = people.reader().query(PROJECT, id=seed_004, code="ADM-1", on="2013-04-01")["project"]
    assert early["lateMilestones"] == []


def test_seed_004_runs_and_completes_milestones(people: People, seed_004: str) -> None:
    editor, board = people.editor(), people.board()
    ok(proj(editor, "scoreProject", programmeId=seed_004, code="ADM-1", scores=scores(4, 4, 4, 4)))
    ranked = board.query(
        mutation_with("prioritiseProjects", "PrioritisationPayload"),
        input={
            "programmeId": seed_004,
            "projectCodes": ["ADM-1"],
            "weights": WEIGHTS,
            "decision": PRIORITISATION,
        },
    )["prioritiseProjects"]
    assert ranked["__typename"] == "PrioritisationPayload", ranked
    refused = proj(
        board, "approveProject", programmeId=seed_004, code="ADM-1", decision=PROJECT_APPROVAL
    )
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"].endswith("projectLeader"), refused
    ok(
        proj(
            editor,
            "reviseProjectMandate",
            programmeId=seed_004,
            code="ADM-1",
            mandate={**seed_mandate(), "projectLeader": "Randi Dørum"},
            reason="Prosjektleder",
        )
    )
    ok(proj(board, "approveProject", programmeId=seed_004, code="ADM-1", decision=PROJECT_APPROVAL))
    ok(proj(editor, "startProject", programmeId=seed_004, code="ADM-1", startedOn="2013-04-02"))
    done = ok(
        proj(
            editor,
            "completeMilestone",
            programmeId=seed_004,
            code="ADM-1",
            number="M1",
            completedOn="2013-04-12",
            evidence="Referat fra ledersamlingen",
        )
    )
    m1 = done["project"]["milestones"][0]
    assert m1["completedOn"] == "2013-04-12"
    assert m1["evidence"] == "Referat fra ledersamlingen"
    found = people.reader().query(PROJECT, id=seed_004, code="ADM-1", on="2013-07-15")["project"]
    assert found["status"] == "RUNNING"
    assert [m["number"] for m in found["lateMilestones"]] == [f"M{i}" for i in range(2, 14)]


def test_prioritisation_records_its_ranking(people: People, in_force: str) -> None:
    approved_projects(people, in_force)
    ranking = people.county_officer(NORDLAND).query(PROJECT_RANKING, id=in_force)["projectRanking"]
    assert len(ranking) == 1
    decided = ranking[0]
    assert decided["decision"]["archiveCaseNumber"] == PRIORITISATION["archiveCaseNumber"]
    assert decided["decidedOn"] == "2024-10-15"
    assert decided["weights"] == WEIGHTS
    assert [
        (r["position"], r["projectCode"], r["points"], r["weightedScore"])
        for r in decided["ranking"]
    ] == [(1, "P1", 410, "4.10"), (2, "P2", 310, "3.10")]
    listed = people.reader().query(PROJECTS, id=in_force)["projects"]
    assert [(p["code"], p["status"], p["weightedScore"]) for p in listed] == [
        ("P1", "APPROVED", "4.10"),
        ("P2", "APPROVED", "3.10"),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"focusAreaCode": "I9"}, "focusAreaCode"),
        ({"milestones": [milestone("M1", "2024-12-31")]}, "milestones[M1].dueOn"),
        ({"milestones": [milestone("M1", "2026-01-01")]}, "milestones[M1].dueOn"),
        ({"milestones": [milestone("X1", "2025-03-01")]}, "milestones[0].number"),
        ({"mandate": mandate("Uten eier", owner="")}, "mandate.owner"),
        ({"mandate": mandate("Baklengs", endsOn="2024-06-01")}, "mandate.endsOn"),
    ],
)
def test_bad_proposals_are_refused_naming_the_field(
    people: People, in_force: str, runtime: Runtime, changes: dict[str, Any], field: str
) -> None:
    before = log_length(runtime)
    proposal = {
        "programmeId": in_force,
        "code": "P7",
        "focusAreaCode": "I1",
        "mandate": mandate("Tiltak P7"),
        **changes,
    }
    refused = proj(people.editor(), "proposeProject", **proposal)
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == field, refused
    assert log_length(runtime) == before


def test_bad_scores_and_milestones_on_an_existing_project(
    people: People, in_force: str, runtime: Runtime
) -> None:
    editor = people.editor()
    ok(
        proj(
            editor,
            "proposeProject",
            programmeId=in_force,
            code="P7",
            focusAreaCode="I1",
            mandate=mandate("Tiltak P7"),
        )
    )
    before = log_length(runtime)
    refused = proj(
        editor,
        "putProjectMilestone",
        programmeId=in_force,
        code="P7",
        milestone=milestone("M2", "2024-06-01"),
        reason="For tidlig",
    )
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == "milestones[M2].dueOn"
    bad = scores(4, 4, 4, 4)
    bad[0]["value"] = 6
    refused = proj(editor, "scoreProject", programmeId=in_force, code="P7", scores=bad)
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == "scores[0].value"
    bad[0]["value"] = 4.5
    errors = editor.errors(
        mutation_with("scoreProject", "ProjectPayload"),
        input={"programmeId": in_force, "code": "P7", "scores": bad},
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    refused = proj(people.board(), "approveProject", programmeId=in_force, code="P7")
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == "decision"
    refused = proj(
        people.board(),
        "approveProject",
        programmeId=in_force,
        code="P7",
        decision={**PROJECT_APPROVAL, "archiveCaseNumber": " "},
    )
    assert refused["__typename"] == "ValidationError", refused
    assert refused["field"] == "decision.archiveCaseNumber"
    missing = proj(
        editor, "startProject", programmeId=in_force, code="NOPE", startedOn="2025-01-01"
    )
    assert missing["__typename"] == "NotFoundError", missing
    assert log_length(runtime) == before


def test_roles_and_scope(people: People, in_force: str, runtime: Runtime) -> None:
    editor = people.editor()
    ok(
        proj(
            editor,
            "proposeProject",
            programmeId=in_force,
            code="P7",
            focusAreaCode="I1",
            mandate=mandate("Tiltak P7"),
        )
    )
    ok(proj(editor, "scoreProject", programmeId=in_force, code="P7", scores=scores(3, 3, 3, 3)))
    before = log_length(runtime)
    for caller in (
        people.reader(),
        people.clerk(),
        people.county_officer(NORDLAND),
        people.national_analyst(),
    ):
        refused = proj(
            caller,
            "proposeProject",
            programmeId=in_force,
            code="P8",
            focusAreaCode="I1",
            mandate=mandate("Tiltak P8"),
        )
        assert refused["__typename"] == "ForbiddenError", refused
    refused = editor.query(
        mutation_with("prioritiseProjects", "PrioritisationPayload"),
        input={
            "programmeId": in_force,
            "projectCodes": ["P7"],
            "weights": WEIGHTS,
            "decision": PRIORITISATION,
        },
    )["prioritiseProjects"]
    assert refused["__typename"] == "ForbiddenError", refused
    refused = proj(
        editor,
        "stopProject",
        programmeId=in_force,
        code="P7",
        stoppedOn="2025-01-01",
        reason="Ikke valgt",
    )
    assert refused["__typename"] == "ForbiddenError", refused
    for outsider in (people.editor(MELOY), people.county_officer(TELEMARK)):
        for document, extra in ((PROJECT, {"code": "P7"}), (PROJECTS, {}), (PROJECT_RANKING, {})):
            errors = outsider.errors(document, id=in_force, **extra)
            assert errors[0]["extensions"]["code"] == "NOT_FOUND"
            assert "P7" not in json.dumps(outsider.last_response)
        refused = proj(
            outsider, "scoreProject", programmeId=in_force, code="P7", scores=scores(5, 5, 5, 5)
        )
        assert refused["__typename"] == "NotFoundError", refused
    assert log_length(runtime) == before
    stopped = ok(
        proj(
            people.board(),
            "stopProject",
            programmeId=in_force,
            code="P7",
            stoppedOn="2025-01-01",
            reason="Ikke valgt",
        )
    )
    assert stopped["project"]["status"] == "STOPPED"
    assert stopped["project"]["endReason"] == "Ikke valgt"
