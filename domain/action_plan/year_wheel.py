"""The year wheel (årshjul, seed 002): five steps of a programme year, and where each stands; in
the calendar year where it falls, a sixth: the start of Videreføring (seed 001), at the latest
two years before the programme's period ends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.action_plan.model import ActionPlan
from domain.shared.errors import ValidationFailed


class Step(StrEnum):
    PUT_INTO_EFFECT = "put_into_effect"
    FOLLOW_UP = "follow_up"
    STATUS_ASSESSMENT = "status_assessment"
    BOARD_DECISION = "board_decision"
    FUND_APPLICATION = "fund_application"
    CONTINUATION_STARTED = "continuation_started"


STEP_NB = {
    Step.PUT_INTO_EFFECT: "Godkjent Handlingsplan iverksettes",
    Step.FOLLOW_UP: "Oppfølging av Handlingsplan",
    Step.STATUS_ASSESSMENT: "Programstatusvurdering; arbeidet med neste års Handlingsplan starter",
    Step.BOARD_DECISION: "Styrebeslutning av Handlingsplan for neste år",
    Step.FUND_APPLICATION: "Kommunen søker om nye omstillingsmidler",
    Step.CONTINUATION_STARTED: "Videreføring startet (senest to år før periodens slutt)",
}


class State(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    DONE = "done"
    LATE = "late"


@dataclass(frozen=True)
class Window:
    opens_on: date
    closes_on: date

    def __contains__(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


@dataclass(frozen=True)
class WheelStep:
    step: Step
    window: Window


@dataclass(frozen=True)
class StepStatus:
    step: Step
    window: Window
    state: State
    done_on: date | None = None

    @property
    def done_late(self) -> bool:
        """Done, but after its window closed."""
        return self.done_on is not None and self.done_on > self.window.closes_on


def steps_of(
    year: int, *, continuation_deadline: date | None = None, period_start: date | None = None
) -> tuple[WheelStep, ...]:
    """The calendar year's five steps. The year's own plan is put into effect and followed up;
    from October the work is on next year's plan (board decision, fund application).

    With the programme's `continuation_deadline` in this year, a sixth step: start the
    Videreføring, from the start of the year (or of the programme, if later) to the deadline."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationFailed("year", "must be a whole year")
    end_of_february = date(year, 3, 1) - timedelta(days=1)
    steps = (
        WheelStep(Step.PUT_INTO_EFFECT, Window(date(year, 1, 1), end_of_february)),
        WheelStep(Step.FOLLOW_UP, Window(date(year, 5, 1), date(year, 6, 30))),
        WheelStep(Step.STATUS_ASSESSMENT, Window(date(year, 10, 1), date(year, 10, 31))),
        WheelStep(Step.BOARD_DECISION, Window(date(year, 11, 1), date(year, 12, 31))),
        WheelStep(Step.FUND_APPLICATION, Window(date(year, 12, 1), date(year, 12, 31))),
    )
    if continuation_deadline is None or continuation_deadline.year != year:
        return steps
    opens_on = max(date(year, 1, 1), period_start or date(year, 1, 1))
    if opens_on > continuation_deadline:  # a programme shorter than two years: no such step
        return steps
    return (
        *steps,
        WheelStep(Step.CONTINUATION_STARTED, Window(opens_on, continuation_deadline)),
    )


def status_on(
    year: int,
    on: date,
    done: Mapping[Step | str, date],
    *,
    continuation_deadline: date | None = None,
    period_start: date | None = None,
) -> tuple[StepStatus, ...]:
    """Each step as it stood on `on`: done (on or before that day), due (window open), late
    (window closed, not done) or upcoming. A step done after `on` was not yet done then."""
    done_on: dict[Step, date] = {}
    for key, day in done.items():
        try:
            step = Step(key)
        except ValueError:
            allowed = ", ".join(s.value for s in Step)
            raise ValidationFailed("done", f"steps must be among {allowed}") from None
        done_on[step] = day
    statuses = []
    steps = steps_of(year, continuation_deadline=continuation_deadline, period_start=period_start)
    for item in steps:
        finished = done_on.get(item.step)
        if finished is not None and finished <= on:
            statuses.append(StepStatus(item.step, item.window, State.DONE, finished))
        elif on > item.window.closes_on:
            statuses.append(StepStatus(item.step, item.window, State.LATE))
        elif on >= item.window.opens_on:
            statuses.append(StepStatus(item.step, item.window, State.DUE))
        else:
            statuses.append(StepStatus(item.step, item.window, State.UPCOMING))
    return tuple(statuses)


def done_by_plans(this_year: ActionPlan | None, next_year: ActionPlan | None) -> dict[Step, date]:
    """What the Handlingsplans record of a calendar year's wheel: this year's plan put into
    effect; next year's plan decided by the board and applied for. Follow-up and the status
    assessment are recorded elsewhere and added by the caller."""
    done: dict[Step, date] = {}
    if this_year is not None and this_year.put_into_effect_on is not None:
        done[Step.PUT_INTO_EFFECT] = this_year.put_into_effect_on
    if next_year is not None:
        if next_year.board_decided_on is not None:
            done[Step.BOARD_DECISION] = next_year.board_decided_on
        if next_year.applications:
            done[Step.FUND_APPLICATION] = next_year.applications[0].applied_on
    return done
