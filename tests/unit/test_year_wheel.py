"""The year wheel (årshjul, seed 002): five steps a year, each due, done, late or upcoming on any date."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.action_plan.content import (
    CommunicationActivity,
    Financing,
    FundingSource,
    ProjectMeasure,
    Section,
)
from domain.action_plan.model import ActionPlan
from domain.action_plan.plan_link import PlanLink
from domain.action_plan.year_wheel import (
    STEP_NB,
    State,
    Step,
    StepStatus,
    WheelStep,
    Window,
    done_by_plans,
    status_on,
    steps_of,
)
from domain.money import Money
from domain.plan.model import plan_id_for
from domain.shared.actor import Role
from domain.shared.errors import ValidationFailed
from tests.factories import VAGAN, actor, decision, municipality_id

TENANT = municipality_id(VAGAN)
PROGRAMME = UUID("4eadb0c1-b469-5c88-8704-4899aca1c431")
EDITOR = actor(Role.MUNICIPALITY_EDITOR, f"kommune:{TENANT}")


def states(year: int, on: date, done: dict[Any, date] | None = None) -> dict[Step, State]:
    return {s.step: s.state for s in status_on(year, on, done or {})}


def test_a_year_has_five_steps_in_the_months_seed_002_names() -> None:
    assert [(s.step, s.window) for s in steps_of(2025)] == [
        (Step.PUT_INTO_EFFECT, Window(date(2025, 1, 1), date(2025, 2, 28))),
        (Step.FOLLOW_UP, Window(date(2025, 5, 1), date(2025, 6, 30))),
        (Step.STATUS_ASSESSMENT, Window(date(2025, 10, 1), date(2025, 10, 31))),
        (Step.BOARD_DECISION, Window(date(2025, 11, 1), date(2025, 12, 31))),
        (Step.FUND_APPLICATION, Window(date(2025, 12, 1), date(2025, 12, 31))),
    ]


def test_in_a_leap_year_putting_into_effect_runs_to_29_february() -> None:
    assert steps_of(2024)[0].window.closes_on == date(2024, 2, 29)


def test_in_january_only_putting_the_plan_into_effect_is_due() -> None:
    assert states(2025, date(2025, 1, 15)) == {
        Step.PUT_INTO_EFFECT: State.DUE,
        Step.FOLLOW_UP: State.UPCOMING,
        Step.STATUS_ASSESSMENT: State.UPCOMING,
        Step.BOARD_DECISION: State.UPCOMING,
        Step.FUND_APPLICATION: State.UPCOMING,
    }


def test_a_step_not_done_when_its_window_closed_is_late() -> None:
    on = date(2025, 3, 1)
    assert states(2025, on)[Step.PUT_INTO_EFFECT] is State.LATE
    assert states(2025, date(2025, 2, 28))[Step.PUT_INTO_EFFECT] is State.DUE


def test_a_step_done_by_the_date_is_done_even_if_done_late() -> None:
    (status, *_) = status_on(2025, date(2025, 3, 10), {Step.PUT_INTO_EFFECT: date(2025, 3, 3)})
    assert status == StepStatus(
        Step.PUT_INTO_EFFECT,
        Window(date(2025, 1, 1), date(2025, 2, 28)),
        State.DONE,
        date(2025, 3, 3),
    )
    assert status.done_late
    (on_time, *_) = status_on(2025, date(2025, 3, 10), {"put_into_effect": date(2025, 2, 3)})
    assert on_time.state is State.DONE and not on_time.done_late


def test_what_is_done_later_was_not_done_on_an_earlier_date() -> None:
    done = {Step.PUT_INTO_EFFECT: date(2025, 3, 3)}
    assert states(2025, date(2025, 3, 2), done)[Step.PUT_INTO_EFFECT] is State.LATE
    assert states(2025, date(2025, 2, 2), done)[Step.PUT_INTO_EFFECT] is State.DUE


def test_in_december_the_board_decision_and_the_fund_application_are_due() -> None:
    done = {
        Step.PUT_INTO_EFFECT: date(2025, 1, 2),
        Step.FOLLOW_UP: date(2025, 6, 5),
        Step.STATUS_ASSESSMENT: date(2025, 10, 21),
    }
    assert states(2025, date(2025, 12, 2), done) == {
        Step.PUT_INTO_EFFECT: State.DONE,
        Step.FOLLOW_UP: State.DONE,
        Step.STATUS_ASSESSMENT: State.DONE,
        Step.BOARD_DECISION: State.DUE,
        Step.FUND_APPLICATION: State.DUE,
    }


def test_after_the_year_everything_not_done_is_late() -> None:
    assert set(states(2025, date(2026, 1, 5)).values()) == {State.LATE}


def test_an_unknown_step_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        status_on(2025, date(2025, 1, 1), {"celebration": date(2025, 1, 1)})
    assert refused.value.field == "done"


def decided_by_the_board(year: int, on: date) -> ActionPlan:
    """The year's Handlingsplan with one project, decided by the board on `on`."""
    plan = ActionPlan.draft(
        programme_id=PROGRAMME,
        tenant_id=TENANT,
        year=year,
        plan=PlanLink(plan_id_for(PROGRAMME), 1, ("I1",)),
        actor=EDITOR,
    )
    county = Financing(FundingSource.COUNTY_RESTRUCTURING_FUNDS, Money.from_kroner("500000"))
    plan.put_measure(
        ProjectMeasure("P1", "I1", Money.from_kroner("800000"), (county,)), actor=EDITOR, reason="r"
    )
    plan.revise_section(Section.RESOURCES_AND_FINANCING, "Midler", actor=EDITOR, reason="r")
    activity = CommunicationActivity(
        "Folkemøte", "Innbyggere", date(year, 3, 1), "Møte", "Daglig leder"
    )
    plan.set_communication_plan((activity,), actor=EDITOR, reason="r")
    plan.decide(actor=EDITOR, decision=decision("omstillingsstyret", on, f"{on.year}/7-1"))
    return plan


def approved_by_the_council(year: int, board_on: date, council_on: date) -> ActionPlan:
    plan = decided_by_the_board(year, board_on)
    plan.approve(actor=EDITOR, decision=decision("kommunestyret", council_on, f"{year}/7-2"))
    return plan


def test_the_action_plans_record_what_was_done_in_a_calendar_year() -> None:
    this_year = approved_by_the_council(2025, date(2024, 11, 20), date(2024, 12, 12))
    this_year.put_into_effect(date(2025, 1, 6), actor=EDITOR)
    next_year = approved_by_the_council(2026, date(2025, 11, 19), date(2025, 12, 11))
    next_year.apply_for_funds(next_year.planned_county_funds(), date(2025, 12, 15), actor=EDITOR)

    done = done_by_plans(this_year, next_year)
    assert done == {
        Step.PUT_INTO_EFFECT: date(2025, 1, 6),
        Step.BOARD_DECISION: date(2025, 11, 19),
        Step.FUND_APPLICATION: date(2025, 12, 15),
    }
    assert states(2025, date(2025, 12, 31), done) == {
        Step.PUT_INTO_EFFECT: State.DONE,
        Step.FOLLOW_UP: State.LATE,  # recorded elsewhere; none given here
        Step.STATUS_ASSESSMENT: State.LATE,
        Step.BOARD_DECISION: State.DONE,
        Step.FUND_APPLICATION: State.DONE,
    }


def test_a_plan_decided_but_not_yet_applied_for_shows_only_the_board_decision() -> None:
    next_year = decided_by_the_board(2026, date(2025, 11, 19))
    assert done_by_plans(None, next_year) == {Step.BOARD_DECISION: date(2025, 11, 19)}
    assert done_by_plans(None, None) == {}


# Videreføring (seed 001): a sixth step in the calendar year of its deadline


def test_the_continuation_deadline_is_a_step_only_in_its_own_year() -> None:
    deadline = date(2025, 6, 30)
    assert len(steps_of(2024, continuation_deadline=deadline)) == 5
    (*_, continuation) = steps_of(2025, continuation_deadline=deadline)
    assert continuation == WheelStep(
        Step.CONTINUATION_STARTED, Window(date(2025, 1, 1), date(2025, 6, 30))
    )


def test_the_continuation_window_opens_with_the_programme_if_it_starts_that_year() -> None:
    (*_, continuation) = steps_of(
        2025, continuation_deadline=date(2025, 10, 31), period_start=date(2025, 3, 1)
    )
    assert continuation.window == Window(date(2025, 3, 1), date(2025, 10, 31))


def test_continuation_not_started_by_the_deadline_is_late() -> None:
    deadline = date(2025, 6, 30)
    statuses = {
        s.step: s for s in status_on(2025, date(2025, 7, 1), {}, continuation_deadline=deadline)
    }
    assert statuses[Step.CONTINUATION_STARTED].state is State.LATE
    started = status_on(
        2025,
        date(2025, 7, 1),
        {Step.CONTINUATION_STARTED: date(2024, 11, 4)},
        continuation_deadline=deadline,
    )
    assert started[-1].state is State.DONE and not started[-1].done_late
    assert STEP_NB[Step.CONTINUATION_STARTED] == (
        "Videreføring startet (senest to år før periodens slutt)"
    )
