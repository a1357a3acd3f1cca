"""Projects (tiltak) with mandates as in seed 004: on a focus area of the plan in force, scored on
seed 000's four criteria, prioritised with recorded weights, approved, run to milestones, ended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.app import OmstillingApp
from domain.action_plan.plan_link import PlanLink
from domain.plan.model import plan_id_for
from domain.project.mandate import (
    Completion,
    DecisionPoint,
    Mandate,
    Milestone,
    Organisation,
    WorkStream,
)
from domain.project.model import Project, ProjectStatus, project_id_for
from domain.project.prioritisation import Candidate, Criterion, Ranked, Score, Weights, rank
from domain.shared.actor import Role
from domain.shared.decisions import DecidingBody, DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import VAGAN, actor, decision, municipality_id, sqlite_env

TENANT = municipality_id(VAGAN)
PROGRAMME = UUID("4eadb0c1-b469-5c88-8704-4899aca1c431")
PLAN = PlanLink(plan_id_for(PROGRAMME), 1, ("I1", "I2", "I3"))
EDITOR = actor(Role.MUNICIPALITY_EDITOR, f"kommune:{TENANT}")
BOARD = actor(Role.MUNICIPALITY_BOARD, f"kommune:{TENANT}")
EQUAL = Weights(effect=25, money=25, speed=25, personnel=25)


def board_decision(on: date = date(2013, 5, 28), case: str = "2013/88-2") -> DecisionRef:
    return decision("omstillingsstyret", on, case, "Prioritering og mandat for prosjekter")


def mandate(**overrides: Any) -> Mandate:
    """Seed 004, phase 1, abridged."""
    fields: dict[str, Any] = {
        "name": "Bedret ressursutnyttelse, kvalitet og effektivitet i kommunens administrasjon",
        "owner": "Randi Dørum, rådmann",
        "starts_on": date(2013, 4, 1),
        "ends_on": date(2013, 8, 31),
        "project_leader": "Kari Nordmann",
        "background": "Den administrative ledergruppen er stor og med fokus på løpende drift.",
        "purpose": "Gjennomgå, utrede og iverksette organiseringen av kommunens øverste ledelse.",
        "organisation": Organisation(
            steering_group=("Rådmann", "Hovedtillitsvalgt"),
            work_streams=(
                WorkStream("Arbeidsstrøm 1", "Skoler/barnehager"),
                WorkStream("Arbeidsstrøm 2", "Helse, kultur, NAV"),
            ),
        ),
        "result_goals": ("Gjennomført kompetansekartlegging", "Rollebeskrivelser utarbeidet"),
        "effect_goals": ("Økt strategisk fokus",),
        "gains": ("Mindre tidsforbruk i ledermøter",),
        "constraints": ("Prosessen gjennomføres innenfor lov og avtaleverk",),
        "decision_points": (
            DecisionPoint("Mandat besluttet", date(2013, 6, 3)),
            DecisionPoint("Ny organisering besluttet", date(2013, 6, 18)),
            DecisionPoint("Ny organisering iverksatt", date(2013, 8, 19)),
        ),
    }
    fields.update(overrides)
    return Mandate(**fields)


def milestone(number: str, due: date, name: str = "Milepæl", criterion: str = "") -> Milestone:
    return Milestone(number, name, due, criterion)


MILESTONES = (
    milestone("M1", date(2013, 4, 12), "Ledersamling for virksomhetsledere"),
    milestone("M2", date(2013, 5, 3), "Tillitsvalgte", "Tillitsvalgte orientert"),
    milestone(
        "M12", date(2013, 6, 19), "Besluttet", "Besluttet ny organisasjons- og bemanningsplan"
    ),
    milestone("M14", date(2013, 8, 19), "Operativ", "Ny organisasjon operativ"),
)


def scores(
    effect: int = 4, money: int = 3, speed: int = 5, personnel: int = 2, by: str = "Styret"
) -> tuple[Score, ...]:
    on = date(2013, 5, 20)
    return (
        Score(Criterion.EFFECT, effect, by, on),
        Score(Criterion.MONEY, money, by, on),
        Score(Criterion.SPEED, speed, by, on),
        Score(Criterion.PERSONNEL, personnel, by, on),
    )


def proposed(**overrides: Any) -> Project:
    fields: dict[str, Any] = {
        "programme_id": PROGRAMME,
        "tenant_id": TENANT,
        "code": "P1",
        "focus_area_code": "I2",
        "plan": PLAN,
        "mandate": mandate(),
        "milestones": MILESTONES,
        "actor": EDITOR,
        "reason": "Foreslått i prosessamlingen",
    }
    fields.update(overrides)
    return Project.propose(**fields)


def prioritised() -> Project:
    project = proposed()
    project.score(scores(), actor=EDITOR)
    project.prioritise(EQUAL, actor=BOARD, decision=board_decision())
    return project


def approved() -> Project:
    project = prioritised()
    project.approve(actor=BOARD, decision=board_decision(date(2013, 6, 3), "2013/88-5"))
    return project


def running() -> Project:
    project = approved()
    project.start(date(2013, 6, 4), actor=EDITOR)
    return project


def refusal(call: Any, *args: Any, **kwargs: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        call(*args, **kwargs)
    return refused.value


# Identity and the plan in force


def test_the_project_id_follows_from_programme_and_project_code() -> None:
    project = proposed()
    assert project.id == project_id_for(PROGRAMME, "P1")
    assert project_id_for(PROGRAMME, "P2") != project.id
    assert project_id_for(UUID(int=1), "P1") != project.id


def test_a_project_on_a_focus_area_the_plan_in_force_lacks_is_refused() -> None:
    refused = refusal(proposed, focus_area_code="I9")
    assert refused.field == "focusAreaCode"
    assert refused.rule == (
        "the Omstillingsplan in force (version 1) has no focus area 'I9'; it has I1, I2, I3"
    )


def test_a_project_records_the_plan_version_and_focus_area_it_belongs_to() -> None:
    project = proposed()
    assert (project.focus_area_code, project.plan) == ("I2", PLAN)
    assert project.status is ProjectStatus.PROPOSED


def test_a_project_moves_to_a_focus_area_of_a_revised_plan_with_a_reason() -> None:
    project = proposed()
    revised = PlanLink(PLAN.plan_id, 2, ("I1", "I2", "I4"))
    refused = refusal(project.change_focus_area, "I3", plan=revised, actor=EDITOR, reason="r")
    assert refused.field == "focusAreaCode"
    refused = refusal(project.change_focus_area, "I4", plan=revised, actor=EDITOR, reason=" ")
    assert refused.field == "reason"
    project.change_focus_area("I4", plan=revised, actor=EDITOR, reason="Nytt innsatsområde")
    assert (project.focus_area_code, project.plan.version_number) == ("I4", 2)


def test_a_project_links_only_to_its_own_programmes_plan() -> None:
    other = PlanLink(plan_id_for(UUID(int=7)), 1, ("I1", "I2", "I3"))
    refused = refusal(proposed, plan=other)
    assert (refused.field, refused.rule) == (
        "plan.planId",
        "must be this programme's Omstillingsplan",
    )
    refused = refusal(proposed().change_focus_area, "I1", plan=other, actor=EDITOR, reason="r")
    assert refused.field == "plan.planId"


@pytest.mark.parametrize("code", ["", "P 1", "prosjekt/1", "P" * 21])
def test_a_project_code_must_be_a_short_code(code: str) -> None:
    assert refusal(proposed, code=code).field == "code"


# The mandate


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"name": " "}, "name"),
        ({"owner": ""}, "owner"),
        ({"starts_on": "2013-04-01"}, "startsOn"),
        ({"ends_on": date(2013, 3, 31)}, "endsOn"),
        ({"result_goals": ("Rapport", "Rapport")}, "resultGoals"),
        ({"effect_goals": ("",)}, "effectGoals[0]"),
        (
            {"decision_points": (DecisionPoint("Mandat", date(2013, 6, 3)),) * 2},
            "decisionPoints",
        ),
    ],
)
def test_a_mandate_that_breaks_a_rule_is_refused_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    assert refusal(mandate, **overrides).field == field


def test_a_decision_point_needs_a_date() -> None:
    refused = refusal(DecisionPoint, "Mandat besluttet", None)
    assert (refused.field, refused.rule) == ("dueOn", "is required and must be an ISO date")


def test_work_streams_need_unique_names() -> None:
    stream = WorkStream("Arbeidsstrøm 1")
    assert refusal(Organisation, (), (stream, stream)).field == "workStreams"


def test_a_sketchy_proposal_is_accepted_but_approval_needs_a_complete_mandate() -> None:
    sketch = Mandate("Reiselivsløft", "Vågan kommune", date(2024, 3, 1))
    project = proposed(mandate=sketch, milestones=())
    project.score(scores(), actor=EDITOR)
    project.prioritise(EQUAL, actor=BOARD, decision=board_decision())
    refused = refusal(project.approve, actor=BOARD, decision=board_decision())
    assert (refused.field, refused.rule) == (
        "mandate.projectLeader",
        "is required before the project is approved",
    )
    assert project.status is ProjectStatus.PRIORITISED


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"purpose": ""}, "mandate.purpose"),
        ({"result_goals": ()}, "mandate.resultGoals"),
        ({"effect_goals": ()}, "mandate.effectGoals"),
    ],
)
def test_approval_needs_purpose_result_goals_and_effect_goals(
    overrides: dict[str, Any], field: str
) -> None:
    project = proposed(mandate=mandate(**overrides))
    project.score(scores(), actor=EDITOR)
    project.prioritise(EQUAL, actor=BOARD, decision=board_decision())
    assert refusal(project.approve, actor=BOARD, decision=board_decision()).field == field


def test_approval_needs_at_least_one_milestone() -> None:
    project = proposed(milestones=())
    project.score(scores(), actor=EDITOR)
    project.prioritise(EQUAL, actor=BOARD, decision=board_decision())
    refused = refusal(project.approve, actor=BOARD, decision=board_decision())
    assert refused.field == "milestones"


def test_before_approval_the_mandate_is_revised_with_a_reason() -> None:
    project = proposed()
    new = mandate(purpose="Skarpere formål")
    assert refusal(project.revise_mandate, new, actor=EDITOR, reason=None).field == "reason"
    project.revise_mandate(new, actor=EDITOR, reason="Etter styrets innspill")
    assert project.mandate.purpose == "Skarpere formål"


def test_an_approved_mandate_changes_only_by_a_new_decision() -> None:
    project = approved()
    new = mandate(gains=("Bedret omdømme",))
    refused = refusal(project.revise_mandate, new, actor=EDITOR, reason="Nye gevinster")
    assert refused.field == "decision"
    assert project.mandate.gains == ("Mindre tidsforbruk i ledermøter",)
    project.revise_mandate(
        new, actor=BOARD, reason="Nye gevinster", decision=board_decision(case="2013/88-9")
    )
    assert project.mandate.gains == ("Bedret omdømme",)


def test_a_new_start_date_after_a_planned_milestone_is_refused() -> None:
    project = proposed()
    refused = refusal(
        project.revise_mandate, mandate(starts_on=date(2013, 5, 1)), actor=EDITOR, reason="r"
    )
    assert (refused.field, refused.rule) == (
        "milestones[M1].dueOn",
        "cannot be before the project starts (2013-05-01)",
    )


# Milestones


def test_a_milestone_due_before_the_project_starts_is_refused_and_nothing_is_written() -> None:
    early = milestone("M1", date(2013, 3, 31))
    refused = refusal(proposed, milestones=(early,))
    assert (refused.field, refused.rule) == (
        "milestones[M1].dueOn",
        "cannot be before the project starts (2013-04-01)",
    )
    project = proposed()
    refused = refusal(project.put_milestone, early, actor=EDITOR, reason="r")
    assert refused.field == "milestones[M1].dueOn"
    assert project.version == 1


def test_a_milestone_due_after_the_planned_end_is_refused() -> None:
    refused = refusal(proposed, milestones=(milestone("M16", date(2013, 9, 1)),))
    assert (refused.field, refused.rule) == (
        "milestones[M16].dueOn",
        "cannot be after the project's planned end (2013-08-31)",
    )


@pytest.mark.parametrize("number", ["1", "m1", "M0", "M", "MS1", "M1000"])
def test_a_milestone_number_is_m_and_a_number(number: str) -> None:
    refused = refusal(Milestone, number, "Milepæl", date(2013, 5, 1))
    assert (refused.field, refused.rule) == ("number", "must be a milestone number like M1 or M16")


def test_milestone_numbers_are_unique_and_kept_in_numeric_order() -> None:
    twice = (milestone("M2", date(2013, 5, 3)), milestone("M2", date(2013, 5, 4)))
    assert refusal(proposed, milestones=twice).field == "milestones"
    assert [m.number for m in proposed().milestones] == ["M1", "M2", "M12", "M14"]


def test_an_unfinished_milestone_is_replanned_and_a_new_one_added_in_order() -> None:
    project = proposed()
    project.put_milestone(
        milestone("M2", date(2013, 5, 10), "Tillitsvalgte", "Orientert skriftlig"),
        actor=EDITOR,
        reason="Møtet flyttet",
    )
    project.put_milestone(milestone("M3", date(2013, 5, 13)), actor=EDITOR, reason="Ny milepæl")
    assert [(m.number, m.due_on) for m in project.milestones] == [
        ("M1", date(2013, 4, 12)),
        ("M2", date(2013, 5, 10)),
        ("M3", date(2013, 5, 13)),
        ("M12", date(2013, 6, 19)),
        ("M14", date(2013, 8, 19)),
    ]
    project.remove_milestone("M3", actor=EDITOR, reason="Slått sammen med M2")
    assert "M3" not in [m.number for m in project.milestones]


def test_a_completion_is_not_planned_with_the_milestone() -> None:
    done = Milestone(
        "M5", "Definere oppgaver", date(2013, 6, 10), "", Completion(date(2013, 6, 10), "Kari", "x")
    )
    refused = refusal(proposed().put_milestone, done, actor=EDITOR, reason="r")
    assert refused.field == "milestones[M5].completion"


def test_a_milestone_is_completed_on_a_date_by_a_person_with_evidence() -> None:
    project = running()
    project.complete_milestone(
        "M2", date(2013, 5, 3), "Referat fra møte med tillitsvalgte", actor=EDITOR
    )
    project.complete_milestone(
        "M12",
        date(2013, 6, 19),
        "Vedtak i ledergruppen",
        actor=EDITOR,
        completed_by="Randi Dørum",
    )
    assert project.milestone("M2").completion == Completion(
        date(2013, 5, 3), "Kari Nordmann", "Referat fra møte med tillitsvalgte"
    )
    completion = project.milestone("M12").completion
    assert completion is not None and completion.completed_by == "Randi Dørum"


def test_completing_a_milestone_is_refused_without_evidence_twice_or_before_the_start() -> None:
    project = running()
    refused = refusal(project.complete_milestone, "M1", date(2013, 4, 12), " ", actor=EDITOR)
    assert (refused.field, refused.rule) == (
        "milestones[M1].evidence",
        "is required and cannot be empty",
    )
    refused = refusal(project.complete_milestone, "M1", date(2013, 3, 30), "x", actor=EDITOR)
    assert refused.field == "milestones[M1].completedOn"
    refused = refusal(project.complete_milestone, "M9", date(2013, 5, 1), "x", actor=EDITOR)
    assert refused.field == "number"
    project.complete_milestone("M1", date(2013, 4, 12), "Program for samlingen", actor=EDITOR)
    refused = refusal(project.complete_milestone, "M1", date(2013, 4, 13), "y", actor=EDITOR)
    assert refused.rule == "was already completed on 2013-04-12"


def test_a_completed_milestone_cannot_be_replanned_or_removed() -> None:
    project = running()
    project.complete_milestone("M1", date(2013, 4, 12), "Program", actor=EDITOR)
    replanned = milestone("M1", date(2013, 4, 20))
    refused = refusal(project.put_milestone, replanned, actor=EDITOR, reason="r")
    assert refused.rule == "is completed and cannot be replanned"
    refused = refusal(project.remove_milestone, "M1", actor=EDITOR, reason="r")
    assert refused.rule == "is completed and cannot be removed"


@pytest.mark.parametrize("stage", [proposed, prioritised, approved])
def test_milestones_are_completed_only_while_the_project_runs(stage: Any) -> None:
    with pytest.raises(InvalidTransition):
        stage().complete_milestone("M1", date(2013, 4, 12), "x", actor=EDITOR)


def test_milestones_past_due_and_unfinished_show_as_late() -> None:
    project = running()
    project.complete_milestone("M1", date(2013, 4, 12), "Program", actor=EDITOR)
    project.complete_milestone("M2", date(2013, 5, 20), "Referat", actor=EDITOR)

    def late(on: date) -> list[str]:
        return [m.number for m in project.late_milestones(on)]

    assert late(date(2013, 5, 3)) == []  # M2 is due that day, not yet late
    assert late(date(2013, 5, 4)) == ["M2"]  # completed on 20 May: late until then
    assert late(date(2013, 5, 20)) == []
    assert late(date(2013, 6, 20)) == ["M12"]
    assert late(date(2013, 9, 1)) == ["M12", "M14"]


def test_an_ended_project_shows_nothing_late_after_it_ended() -> None:
    project = running()
    project.stop(date(2013, 7, 1), actor=BOARD, reason="Kommunesammenslåing")
    assert [m.number for m in project.late_milestones(date(2013, 6, 30))] == ["M1", "M2", "M12"]
    assert project.late_milestones(date(2013, 7, 1)) == ()


# Prioritisation (seed 000)


@pytest.mark.parametrize(
    "value,rule",
    [
        (0, "must be from 1 to 5"),
        (6, "must be from 1 to 5"),
        (2.5, "must be a whole number, not a float"),
        (True, "must be a whole number, not text or another type"),
    ],
)
def test_a_score_is_a_whole_number_from_one_to_five(value: Any, rule: str) -> None:
    refused = refusal(Score, Criterion.EFFECT, value, "Styret", date(2013, 5, 20))
    assert (refused.field, refused.rule) == ("value", rule)


def test_a_score_names_its_criterion_who_scored_and_when() -> None:
    assert refusal(Score, "beauty", 3, "Styret", date(2013, 5, 20)).field == "criterion"
    assert refusal(Score, "effect", 3, " ", date(2013, 5, 20)).field == "scoredBy"
    assert refusal(Score, "effect", 3, "Styret", None).field == "scoredOn"
    assert Score("money", 3, "Styret", date(2013, 5, 20)).criterion is Criterion.MONEY


def test_scoring_a_criterion_again_replaces_the_earlier_score() -> None:
    project = proposed()
    project.score(scores(), actor=EDITOR)
    later = Score(Criterion.MONEY, 1, "Økonomisjef", date(2013, 5, 22), "Dyrere enn antatt")
    project.score((later,), actor=EDITOR, reason="Nytt kostnadsoverslag")
    assert [(s.criterion, s.value) for s in project.scores] == [
        (Criterion.EFFECT, 4),
        (Criterion.MONEY, 1),
        (Criterion.SPEED, 5),
        (Criterion.PERSONNEL, 2),
    ]
    assert project.scores[1].scored_by == "Økonomisjef"


def test_scoring_a_criterion_twice_at_once_is_refused() -> None:
    twice = (scores()[0], scores()[0])
    assert refusal(proposed().score, twice, actor=EDITOR).field == "scores"


def test_prioritisation_needs_every_criterion_scored() -> None:
    project = proposed()
    project.score(scores()[:2], actor=EDITOR)
    refused = refusal(project.prioritise, EQUAL, actor=BOARD, decision=board_decision())
    assert (refused.field, refused.rule) == (
        "scores",
        "every criterion must be scored before prioritisation; missing speed, personnel",
    )
    assert project.status is ProjectStatus.PROPOSED


def test_the_board_prioritises_recording_the_weights_its_decision_used() -> None:
    project = proposed()
    project.score(scores(effect=5, money=2, speed=4, personnel=3), actor=EDITOR)
    weights = Weights(effect=40, money=30, speed=20, personnel=10)
    project.prioritise(weights, actor=BOARD, decision=board_decision())
    assert project.status is ProjectStatus.PRIORITISED
    assert project.weights == weights
    assert project.weighted_score == Decimal("3.70")  # (200 + 60 + 80 + 30) / 100
    assert project.prioritised_by == board_decision()
    recorded = project.collect_events()[-1]
    assert isinstance(recorded, Project.Prioritised)
    assert (recorded.weights, recorded.decision) == (weights, board_decision())


def test_prioritisation_needs_a_decision_by_the_board_or_steering_group() -> None:
    project = proposed()
    project.score(scores(), actor=EDITOR)
    assert refusal(project.prioritise, EQUAL, actor=BOARD, decision=None).field == "decision"
    council = decision("kommunestyret", date(2013, 6, 1), "2013/88-3")
    refused = refusal(project.prioritise, EQUAL, actor=BOARD, decision=council)
    assert (refused.field, refused.rule) == (
        "decision.body",
        "must be decided by omstillingsstyret, prosjektstyringsgruppen",
    )


def test_a_prioritised_project_is_not_scored_again() -> None:
    with pytest.raises(InvalidTransition) as refused:
        prioritised().score(scores(), actor=EDITOR)
    assert refused.value.rule == "only a proposed project is scored as a candidate"


@pytest.mark.parametrize(
    "weights,field,rule",
    [
        ({"effect": -1}, "weights.effect", "must not be negative"),
        ({"money": 0.5}, "weights.money", "must be a whole number, not a float"),
        (
            {"effect": 0, "money": 0, "speed": 0, "personnel": 0},
            "weights",
            "at least one criterion must carry weight",
        ),
    ],
)
def test_weights_are_whole_non_negative_numbers_not_all_zero(
    weights: dict[str, Any], field: str, rule: str
) -> None:
    fields: dict[str, Any] = {"effect": 1, "money": 1, "speed": 1, "personnel": 1, **weights}
    refused = refusal(Weights, **fields)
    assert (refused.field, refused.rule) == (field, rule)


def test_candidates_rank_best_first_by_their_weighted_score() -> None:
    candidates = [
        Candidate("P1", scores(effect=5, money=1, speed=2, personnel=2)),
        Candidate("P2", scores(effect=3, money=5, speed=4, personnel=4)),
        Candidate("P3", scores(effect=2, money=2, speed=2, personnel=2)),
    ]
    assert rank(candidates, EQUAL) == (
        Ranked(1, "P2", Decimal("4.00")),
        Ranked(2, "P1", Decimal("2.50")),
        Ranked(3, "P3", Decimal("2.00")),
    )
    effect_only = Weights(effect=1, money=0, speed=0, personnel=0)
    assert [r.code for r in rank(candidates, effect_only)] == ["P1", "P2", "P3"]


def test_equal_weighted_scores_share_a_position_and_list_by_code() -> None:
    candidates = [
        Candidate("P3", scores(effect=1, money=1, speed=1, personnel=1)),
        Candidate("P2", scores(effect=4, money=2, speed=3, personnel=3)),
        Candidate("P1", scores(effect=3, money=3, speed=3, personnel=3)),
    ]
    assert [(r.position, r.code) for r in rank(candidates, EQUAL)] == [
        (1, "P1"),
        (1, "P2"),
        (3, "P3"),
    ]


def test_ranking_refuses_candidates_not_fully_scored_or_listed_twice() -> None:
    partial = Candidate("P7", scores()[:3])
    refused = refusal(rank, [Candidate("P1", scores()), partial], EQUAL)
    assert (refused.field, refused.rule) == (
        "candidates[P7].scores",
        "every criterion must be scored before ranking; missing personnel",
    )
    twice = [Candidate("P1", scores()), Candidate("P1", scores())]
    assert refusal(rank, twice, EQUAL).field == "candidates"


def test_a_project_ranks_as_the_candidate_it_was_scored_as() -> None:
    project = proposed()
    project.score(scores(), actor=EDITOR)
    other = proposed(code="P2")
    other.score(scores(effect=1), actor=EDITOR)
    assert [r.code for r in rank([other.as_candidate(), project.as_candidate()], EQUAL)] == [
        "P1",
        "P2",
    ]


# The lifecycle


def test_a_project_runs_from_proposal_to_completion() -> None:
    project = running()
    assert (project.status, project.started_on) == (ProjectStatus.RUNNING, date(2013, 6, 4))
    assert project.approved_by is not None
    assert project.approved_by.archive_case_number == "2013/88-5"
    for number in ("M1", "M2", "M12", "M14"):
        project.complete_milestone(number, date(2013, 8, 19), "Dokumentert", actor=EDITOR)
    project.complete(date(2013, 8, 26), actor=EDITOR)
    assert (project.status, project.ended_on) == (ProjectStatus.COMPLETED, date(2013, 8, 26))


def test_completing_with_unfinished_milestones_needs_a_reason() -> None:
    project = running()
    refused = refusal(project.complete, date(2013, 8, 26), actor=EDITOR)
    assert (refused.field, refused.rule) == (
        "reason",
        "completing with unfinished milestones needs a reason: M1, M2, M12, M14",
    )
    project.complete(date(2013, 8, 26), actor=EDITOR, reason="Fase 2 overtar resten")
    assert project.status is ProjectStatus.COMPLETED


def test_a_project_does_not_end_before_it_started() -> None:
    project = running()
    refused = refusal(project.complete, date(2013, 6, 3), actor=EDITOR, reason="r")
    assert refused.field == "completedOn"
    refused = refusal(project.stop, date(2013, 6, 3), actor=EDITOR, reason="r")
    assert refused.field == "stoppedOn"


@pytest.mark.parametrize(
    "step,rule",
    [
        (lambda p: p.approve(actor=BOARD, decision=board_decision()), "after prioritisation"),
        (lambda p: p.start(date(2013, 6, 4), actor=EDITOR), "only an approved project starts"),
        (lambda p: p.complete(date(2013, 8, 1), actor=EDITOR), "only a running project"),
    ],
)
def test_lifecycle_steps_out_of_order_are_refused(step: Any, rule: str) -> None:
    project = proposed()
    with pytest.raises(InvalidTransition) as refused:
        step(project)
    assert rule in refused.value.rule
    assert project.status is ProjectStatus.PROPOSED


def test_approval_needs_a_decision() -> None:
    project = prioritised()
    refused = refusal(project.approve, actor=BOARD, decision=None)
    assert refused.rule == "a decision reference is required for this step"


@pytest.mark.parametrize("stage", [proposed, prioritised, approved, running])
def test_any_open_project_can_be_stopped_with_a_reason(stage: Any) -> None:
    project = stage()
    for reason in (None, "", "  "):
        refused = refusal(project.stop, date(2013, 7, 1), actor=BOARD, reason=reason)
        assert refused.field == "reason"
    project.stop(date(2013, 7, 1), actor=BOARD, reason="Ikke prioritert i år")
    assert (project.status, project.ended_on) == (ProjectStatus.STOPPED, date(2013, 7, 1))


def test_an_ended_project_is_a_closed_record() -> None:
    project = proposed()
    project.stop(date(2013, 7, 1), actor=BOARD, reason="Ikke valgt")
    for attempt in (
        lambda: project.stop(date(2013, 7, 2), actor=BOARD, reason="igjen"),
        lambda: project.revise_mandate(mandate(), actor=EDITOR, reason="r"),
        lambda: project.put_milestone(milestone("M3", date(2013, 5, 1)), actor=EDITOR, reason="r"),
        lambda: project.change_focus_area("I1", plan=PLAN, actor=EDITOR, reason="r"),
    ):
        with pytest.raises(InvalidTransition) as refused:
            attempt()
        assert refused.value.rule == "an ended project is a closed record"


def test_every_event_carries_actor_tenant_reason_and_decision() -> None:
    project = running()
    events = project.collect_events()
    assert {e.tenant_id for e in events} == {TENANT}
    assert [(type(e).__name__, e.actor.role, e.reason, e.decision) for e in events] == [
        ("Proposed", Role.MUNICIPALITY_EDITOR, "Foreslått i prosessamlingen", None),
        ("Scored", Role.MUNICIPALITY_EDITOR, None, None),
        ("Prioritised", Role.MUNICIPALITY_BOARD, None, board_decision()),
        ("Approved", Role.MUNICIPALITY_BOARD, None, board_decision(date(2013, 6, 3), "2013/88-5")),
        ("Started", Role.MUNICIPALITY_EDITOR, None, None),
    ]


# Stored and reloaded


@pytest.fixture
def app(tmp_path: Path) -> Iterator[OmstillingApp]:
    application = OmstillingApp(env=sqlite_env(str(tmp_path / "events.sqlite")))
    yield application
    application.close()


def project_with_every_event() -> Project:
    project = proposed()
    project.change_focus_area("I3", plan=PLAN, actor=EDITOR, reason="r")
    project.revise_mandate(mandate(purpose="Nytt formål"), actor=EDITOR, reason="r")
    project.put_milestone(milestone("M3", date(2013, 5, 13)), actor=EDITOR, reason="r")
    project.put_milestone(milestone("M9", date(2013, 6, 17)), actor=EDITOR, reason="r")
    project.remove_milestone("M9", actor=EDITOR, reason="r")
    project.score(scores(), actor=EDITOR)
    project.prioritise(EQUAL, actor=BOARD, decision=board_decision())
    project.approve(actor=BOARD, decision=board_decision())
    project.start(date(2013, 6, 4), actor=EDITOR)
    project.complete_milestone("M1", date(2013, 4, 12), "Program", actor=EDITOR)
    project.complete(date(2013, 8, 26), actor=EDITOR, reason="Fase 2 overtar")
    return project


def assert_same_typed_state(reloaded: Project, original: Project) -> None:
    def state(project: Project) -> dict[str, Any]:
        return {k: v for k, v in vars(project).items() if k != "_pending_events"}

    assert state(reloaded) == state(original)
    assert reloaded.status is ProjectStatus.COMPLETED
    assert type(reloaded.milestones) is tuple and type(reloaded.scores) is tuple
    assert reloaded.scores[0].criterion is Criterion.EFFECT
    assert type(reloaded.weighted_score) is Decimal
    assert type(reloaded.mandate.result_goals) is tuple
    assert type(reloaded.mandate.organisation.work_streams) is tuple
    assert type(reloaded.mandate.decision_points[0].due_on) is date
    assert reloaded.milestone("M1").completion == Completion(
        date(2013, 4, 12), "Kari Nordmann", "Program"
    )
    assert type(reloaded.plan.focus_area_codes) is tuple
    assert reloaded.approved_by is not None
    assert reloaded.approved_by.body is DecidingBody.OMSTILLINGSSTYRET


def test_every_project_event_round_trips_through_the_store(app: OmstillingApp) -> None:
    project = project_with_every_event()
    declared = {
        name
        for name, value in vars(Project).items()
        if isinstance(value, type) and issubclass(value, Project.Event)
    } - {"Event", "Created"}
    assert {type(e).__name__ for e in project.pending_events} == declared - {"Stopped"}
    recorded = list(project.pending_events)
    app.save(project)
    assert_same_typed_state(app.repository.get(project.id), project)
    assert list(app.events.get(project.id)) == recorded


def test_a_stopped_project_round_trips_through_the_store(app: OmstillingApp) -> None:
    project = proposed()
    project.stop(date(2013, 7, 1), actor=BOARD, reason="Ikke valgt")
    recorded = list(project.pending_events)
    app.save(project)
    reloaded = app.repository.get(project.id)
    assert (reloaded.status, reloaded.ended_on) == (ProjectStatus.STOPPED, date(2013, 7, 1))
    assert list(app.events.get(project.id)) == recorded


def test_a_project_restored_from_a_snapshot_keeps_its_types(app: OmstillingApp) -> None:
    project = project_with_every_event()
    app.save(project)
    app.take_snapshot(project.id)
    assert_same_typed_state(app.repository.get(project.id), project)
