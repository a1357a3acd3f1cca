"""The Omstillingsplan's life through GraphQL: drafted, decided, in force, revised, and explained."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.conftest import VAGAN, People, RevisedPlan
from tests.e2e.documents import (
    ADOPTION,
    APPROVAL,
    PLAN,
    PLAN_AS_OF,
    PLAN_DIFF,
    PLAN_HISTORY,
    PROGRAMME,
    focus_area,
    goal,
    plan_content,
)


def test_a_plan_goes_from_draft_to_force_and_through_a_revision_to_version_two(
    people: People, vagan: str
) -> None:
    editor, board, clerk = people.editor(), people.board(), people.clerk()

    drafted = editor.mutate(
        "draftPlan",
        programmeId=vagan,
        content=plan_content(),
        reason="Utkast etter prosessamlingene",
    )
    assert drafted["__typename"] == "PlanPayload"
    assert drafted["plan"]["status"] == "DRAFT" and drafted["plan"]["versionNumber"] == 1
    assert drafted["warnings"] == []

    submitted = editor.mutate("submitPlan", programmeId=vagan, expectedVersion=drafted["version"])
    assert submitted["plan"]["status"] == "SUBMITTED"

    approved = board.mutate(
        "approvePlan", programmeId=vagan, decision=APPROVAL, expectedVersion=submitted["version"]
    )
    assert approved["plan"]["statusNb"] == "Godkjent i prosjektstyringsgruppen"

    adopted = clerk.mutate("adoptPlan", programmeId=vagan, decision=ADOPTION)
    assert adopted["plan"]["status"] == "ADOPTED"

    in_force = clerk.mutate("putPlanIntoForce", programmeId=vagan, effectiveFrom="2024-02-02")
    assert in_force["plan"]["status"] == "IN_FORCE"
    assert (in_force["plan"]["inForceVersion"], in_force["plan"]["inForceFrom"]) == (
        1,
        "2024-02-02",
    )

    revision = editor.mutate("startPlanRevision", programmeId=vagan, reason="Oktoberrullering 2024")
    assert (revision["plan"]["status"], revision["plan"]["versionNumber"]) == ("DRAFT", 2)
    assert revision["plan"]["inForceVersion"] == 1

    revised = editor.mutate(
        "revisePlanSection",
        programmeId=vagan,
        section="RESOURCES_AND_FINANCING",
        text="Omstillingsmidler 6 mill. kr per år.",
        reason="Økt ramme fra fylket",
    )
    assert (
        revised["plan"]["content"]["resourcesAndFinancing"]
        == "Omstillingsmidler 6 mill. kr per år."
    )
    raised = editor.mutate(
        "putPlanFocusArea",
        programmeId=vagan,
        reason="Høyere mål for havbruk",
        focusArea=focus_area("I2", "Havbruk", goal("DI2", "200.50")),
    )
    target = raised["plan"]["content"]["focusAreas"][1]["goals"][0]["target"]
    assert target == {"value": "200.50", "year": 2029}  # exact, as a string

    editor.mutate("submitPlan", programmeId=vagan)
    board.mutate("approvePlan", programmeId=vagan, decision=APPROVAL)
    clerk.mutate("adoptPlan", programmeId=vagan, decision=ADOPTION)
    second = clerk.mutate("putPlanIntoForce", programmeId=vagan, effectiveFrom="2024-12-01")
    assert (second["plan"]["inForceVersion"], second["plan"]["inForceFrom"]) == (2, "2024-12-01")

    current = editor.query(PLAN, id=vagan)["plan"]
    assert current == second["plan"]
    sections = [s["titleNb"] for s in current["content"]["sections"]]
    assert sections == [
        "Bakgrunn for omstillingsarbeidet",
        "Visjon og mål",
        "Innsatsområder",
        "Organisering",
        "Ressursinnsats og finansiering",
        "Kommunikasjonsstrategi",
    ]


def test_the_history_gives_each_version_its_reason_decisions_and_changes(
    people: People, revised_plan: RevisedPlan
) -> None:
    history = people.reader().query(PLAN_HISTORY, id=revised_plan.programme_id)["planHistory"]
    first, second = history
    assert (first["versionNumber"], first["status"]) == (1, "SUPERSEDED")
    assert (first["effectiveFrom"], first["supersededFrom"]) == ("2024-02-02", "2024-12-01")
    assert first["adoptedBy"]["politicalCaseNumber"] == "PS 5/24"
    assert first["approvedBy"]["body"] == "PROSJEKTSTYRINGSGRUPPEN"

    assert (second["versionNumber"], second["status"]) == (2, "IN_FORCE")
    assert second["startedReason"] == "Oktoberrullering 2024"
    assert second["adoptedBy"] == {
        "body": "KOMMUNESTYRET",
        "meetingDate": "2024-11-28",
        "archiveCaseNumber": "2024/12-19",
        "politicalCaseNumber": "PS 71/24",
        "title": "Revidert omstillingsplan",
    }
    reasons = [(c["eventType"], c["reason"]) for c in second["changes"]]
    assert reasons == [
        ("RevisionStarted", "Oktoberrullering 2024"),
        ("SectionRevised", "Nye tall fra SSB"),
        ("FocusAreaPut", "Landbasert havbruk gir grunnlag for høyere mål"),
    ]
    assert second["changes"][1]["actor"] == {
        "userId": f"kari.{VAGAN}",
        "name": "Kari Nordmann",
        "role": "MUNICIPALITY_EDITOR",
        "roleNb": "Redaktør i kommunen (leder for omstillingsarbeidet)",
    }


def test_the_diff_between_versions_names_each_changed_field(
    people: People, revised_plan: RevisedPlan
) -> None:
    changes = people.editor().query(PLAN_DIFF, id=revised_plan.programme_id, **{"from": 1, "to": 2})
    by_path = {c["path"]: c for c in changes["planDiff"]}
    assert set(by_path) == {"background", "focusAreas[I2].goals[DI2].target.value"}
    assert by_path["focusAreas[I2].goals[DI2].target.value"] == {
        "path": "focusAreas[I2].goals[DI2].target.value",
        "before": "120",
        "after": "200",
        "kind": "CHANGED",
    }
    assert by_path["background"]["after"] == "Ny kunnskap om sysselsettingen etter 2023."


def test_the_plan_as_of_a_moment_is_rebuilt_from_the_log(
    people: People, revised_plan: RevisedPlan
) -> None:
    editor, programme = people.editor(), revised_plan.programme_id
    before = editor.query(PLAN_AS_OF, id=programme, at=revised_plan.before_draft.isoformat())
    assert before["planAsOf"] is None

    then = editor.query(
        PLAN_AS_OF, id=programme, at=revised_plan.while_first_version_in_force.isoformat()
    )["planAsOf"]
    assert (then["status"], then["versionNumber"], then["inForceVersion"]) == ("IN_FORCE", 1, 1)
    assert then["content"]["background"] == plan_content()["background"]

    now = editor.query(PLAN_AS_OF, id=programme, at=datetime.now(UTC).isoformat())["planAsOf"]
    assert now == editor.query(PLAN, id=programme)["plan"]
    assert now["content"]["background"] == "Ny kunnskap om sysselsettingen etter 2023."


def test_a_moment_without_a_time_zone_is_refused(people: People, revised_plan: RevisedPlan) -> None:
    errors = people.editor().errors(
        PLAN_AS_OF, id=revised_plan.programme_id, at="2024-06-01T12:00:00"
    )
    assert errors[0]["extensions"] == {
        "code": "VALIDATION",
        "field": "at",
        "rule": "must carry a time zone, e.g. 2024-06-01T12:00:00+02:00",
    }


def test_a_programme_moves_forward_through_its_phases(people: People, vagan: str) -> None:
    board = people.board()
    moved = board.mutate(
        "advanceProgrammePhase",
        programmeId=vagan,
        phase="STRATEGY_AND_ANCHORING",
        reason="Utviklingsanalysen er ferdig",
        expectedVersion=1,
    )
    assert moved["programme"]["phase"] == "STRATEGY_AND_ANCHORING"
    assert moved["programme"]["phaseNb"] == "Strategi- og forankringsfasen"
    skipped = board.mutate(
        "advanceProgrammePhase", programmeId=vagan, phase="CONTINUATION", reason="Hopper over"
    )
    assert skipped["__typename"] == "InvalidTransitionError"
    extended = people.county_officer().mutate(
        "extendProgrammePeriod",
        programmeId=vagan,
        periodEnd="2030-06-30",
        decision={
            "body": "FYLKESUTVALGET",
            "meetingDate": "2026-03-01",
            "archiveCaseNumber": "2023/4411-30",
            "title": "Forlenget omstillingsperiode",
        },
    )
    assert extended["programme"]["periodEnd"] == "2030-06-30"
    assert extended["warnings"] == ["the period is longer than the normal 6 years"]
    assert people.editor().query(PROGRAMME, id=vagan)["programme"]["version"] == 3
