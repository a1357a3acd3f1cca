"""Refused commands say which field broke which rule, and leave the log as it was."""

from __future__ import annotations

from typing import Any

import pytest

from omstilling.runtime import Runtime
from tests.e2e.conftest import NORDLAND, Caller, People, bring_into_force, log_length
from tests.e2e.documents import ADOPTION, PLAN, goal, mutation, plan_content, registration

LONG = "x" * 30_000


def refused(runtime: Runtime, caller: Caller, operation: str, **input: Any) -> dict[str, Any]:
    """The refusal the mutation returned; the log must not have grown."""
    before = log_length(runtime)
    payload = caller.mutate(operation, **input)
    assert payload["__typename"] != "PlanPayload" and payload["__typename"] != "ProgrammePayload", (
        payload
    )
    assert log_length(runtime) == before
    return payload


def test_a_programme_without_the_granting_decision_is_refused(
    runtime: Runtime, people: People
) -> None:
    error = refused(
        runtime, people.county_officer(), "registerProgramme", **registration(decision=None)
    )
    assert error["__typename"] == "ValidationError"
    assert error["field"] == "decision"
    assert error["rule"] == "a decision reference is required for this step"


def test_an_unknown_municipality_number_is_refused(runtime: Runtime, people: People) -> None:
    error = refused(
        runtime,
        people.county_officer(),
        "registerProgramme",
        **registration(leadMunicipalityNumber="9999"),
    )
    assert (error["__typename"], error["field"]) == ("ValidationError", "leadMunicipalityNumber")
    assert "municipality number in the register" in error["rule"]


def test_a_malformed_archive_case_number_is_refused(runtime: Runtime, people: People) -> None:
    decision = registration()["decision"] | {"archiveCaseNumber": "2024-1234"}
    error = refused(
        runtime, people.county_officer(), "registerProgramme", **registration(decision=decision)
    )
    assert error["field"] == "decision.archiveCaseNumber"
    assert error["rule"] == "must be an archive case number like 2024/1234 or 2024/1234-8"
    assert error["message"] == f"decision.archiveCaseNumber: {error['rule']}"


def test_a_goal_without_a_target_is_refused_at_its_place_in_the_plan(
    runtime: Runtime, people: People, vagan: str
) -> None:
    content = plan_content()
    content["focusAreas"][1]["goals"] = [goal("D2") | {"target": None}]
    error = refused(runtime, people.editor(), "draftPlan", programmeId=vagan, content=content)
    assert error["field"] == "content.focusAreas[1].goals[0].target"
    assert "measurable" in error["rule"]


def test_text_far_too_long_is_refused(runtime: Runtime, people: People, vagan: str) -> None:
    content = plan_content() | {"resourcesAndFinancing": LONG}
    error = refused(runtime, people.editor(), "draftPlan", programmeId=vagan, content=content)
    assert error["field"] == "content.resourcesAndFinancing"
    assert error["rule"] == "must be at most 20000 characters (got 30000)"

    people.editor().mutate("draftPlan", programmeId=vagan, content=plan_content())
    error = refused(
        runtime,
        people.editor(),
        "revisePlanSection",
        programmeId=vagan,
        section="BACKGROUND",
        text=LONG,
        reason="For lang",
    )
    assert (error["field"], error["rule"]) == (
        "text",
        "must be at most 20000 characters (got 30000)",
    )


def test_a_revision_without_a_reason_is_refused(
    runtime: Runtime, people: People, vagan: str
) -> None:
    people.editor().mutate("draftPlan", programmeId=vagan, content=plan_content())
    error = refused(
        runtime,
        people.editor(),
        "revisePlanSection",
        programmeId=vagan,
        section="VISION_AND_GOALS",
        text="Ny visjon",
    )
    assert (error["field"], error["rule"]) == ("reason", "is required and cannot be empty")


def test_an_incomplete_draft_cannot_be_submitted(
    runtime: Runtime, people: People, vagan: str
) -> None:
    people.editor().mutate(
        "draftPlan", programmeId=vagan, content=plan_content() | {"communicationStrategy": ""}
    )
    error = refused(runtime, people.editor(), "submitPlan", programmeId=vagan)
    assert (error["field"], error["rule"]) == (
        "content.communicationStrategy",
        "is required before the plan is submitted",
    )


@pytest.mark.parametrize(("value", "year"), [("0", "abc"), (12.5, 2023), ("tolv", 2023)])
def test_wrongly_typed_values_are_refused_before_anything_runs(
    runtime: Runtime, people: People, vagan: str, value: Any, year: Any
) -> None:
    content = plan_content()
    content["mainGoal"]["baseline"] = {"value": value, "year": year}
    before = log_length(runtime)
    body = people.editor().post(
        mutation("draftPlan"), {"input": {"programmeId": vagan, "content": content}}
    )
    assert body.get("data") is None
    assert "mainGoal.baseline" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert log_length(runtime) == before


def test_a_stale_expected_version_is_a_conflict(
    runtime: Runtime, people: People, vagan: str
) -> None:
    editor = people.editor()
    drafted = editor.mutate("draftPlan", programmeId=vagan, content=plan_content())
    editor.mutate(
        "revisePlanSection",
        programmeId=vagan,
        section="BACKGROUND",
        text="Ny bakgrunn",
        reason="Oppdatert",
        expectedVersion=drafted["version"],
    )
    error = refused(
        runtime,
        editor,
        "revisePlanSection",
        programmeId=vagan,
        section="BACKGROUND",
        text="Samtidig endring",
        reason="Samtidig",
        expectedVersion=drafted["version"],
    )
    assert error["__typename"] == "ConflictError"
    assert (error["expectedVersion"], error["actualVersion"]) == (1, 2)


def test_registering_the_same_programme_twice_is_a_conflict(
    runtime: Runtime, people: People, vagan: str
) -> None:
    error = refused(runtime, people.county_officer(NORDLAND), "registerProgramme", **registration())
    assert error["__typename"] == "ConflictError"


def test_a_draft_cannot_be_adopted(runtime: Runtime, people: People, vagan: str) -> None:
    people.editor().mutate("draftPlan", programmeId=vagan, content=plan_content())
    error = refused(runtime, people.clerk(), "adoptPlan", programmeId=vagan, decision=ADOPTION)
    assert error["__typename"] == "InvalidTransitionError"
    assert (error["currentState"], error["attempted"]) == ("draft", "adopt")
    assert "approved by the steering group" in error["rule"]


def test_a_plan_in_force_is_not_edited_without_a_revision(
    runtime: Runtime, people: People, vagan: str
) -> None:
    people.editor().mutate("draftPlan", programmeId=vagan, content=plan_content())
    bring_into_force(people, vagan)
    error = refused(
        runtime,
        people.editor(),
        "revisePlanSection",
        programmeId=vagan,
        section="BACKGROUND",
        text="Endret",
        reason="Uten rullering",
    )
    assert error["__typename"] == "InvalidTransitionError"


def test_a_plan_with_two_focus_areas_is_accepted_with_a_warning(people: People, vagan: str) -> None:
    drafted = people.editor().mutate("draftPlan", programmeId=vagan, content=plan_content(areas=2))
    assert drafted["__typename"] == "PlanPayload"
    warning = "the plan has 2 focus areas; normally there are 3 to 4"
    assert drafted["warnings"] == [warning]
    assert drafted["plan"]["warnings"] == [warning]


def test_a_plan_for_an_unknown_programme_is_not_found(runtime: Runtime, people: People) -> None:
    error = refused(
        runtime, people.editor(), "submitPlan", programmeId="00000000-0000-4000-8000-000000000000"
    )
    assert error["__typename"] == "NotFoundError"


def test_an_unexpected_failure_is_reported_without_its_details(
    runtime: Runtime, people: People, vagan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(programme_id: object) -> None:
        raise RuntimeError("connection to db-internal-7 lost")

    monkeypatch.setattr(runtime.plans, "plan_for_programme", broken)
    body = people.editor().post(PLAN, {"id": vagan})
    assert body["errors"][0]["message"] == "Internal server error"
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL"}
    assert "db-internal" not in str(body)
