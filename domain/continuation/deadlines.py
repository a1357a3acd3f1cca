"""When Videreføring is late (seed 001): its work starts at the latest two years before the
programme's period ends, and each stage keeps within its time frame."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.continuation.stages import TIME_FRAMES, Stage, years_before

YEARS_BEFORE_PERIOD_END = 2


def continuation_deadline(period_end: date) -> date:
    """The last day to start the forstudie: the period's end less two years."""
    return years_before(period_end, YEARS_BEFORE_PERIOD_END)


@dataclass(frozen=True)
class DeadlineStanding:
    """The start of continuation work against its deadline, as it stood on `on`."""

    deadline: date
    started_on: date | None  # the forstudie's start, if it had started by `on`
    late: bool  # not started by the deadline (still not, or started after it)
    days_late: int


def deadline_standing(
    period_end: date, forstudie_started_on: date | None, on: date
) -> DeadlineStanding:
    deadline = continuation_deadline(period_end)
    started = forstudie_started_on if forstudie_started_on and forstudie_started_on <= on else None
    if started is not None:
        days = max((started - deadline).days, 0)
    else:
        days = max((on - deadline).days, 0)
    return DeadlineStanding(deadline, started, days > 0, days)


@dataclass(frozen=True)
class StageStanding:
    """A stage against its time frame on `on`: running past the frame is late; completed after
    it, completed late."""

    stage: Stage
    started_on: date
    frame_ends_on: date
    completed_on: date | None
    late: bool  # running (not completed by `on`) past the end of its time frame
    days_late: int  # for a late stage: days since the frame ended
    completed_late: bool

    @property
    def running(self) -> bool:
        return self.completed_on is None


def stage_standing(
    stage: Stage, started_on: date, completed_on: date | None, on: date
) -> StageStanding:
    frame_ends_on = TIME_FRAMES[stage].latest_end(started_on)
    completed = completed_on if completed_on is not None and completed_on <= on else None
    late = completed is None and on > frame_ends_on
    return StageStanding(
        stage=stage,
        started_on=started_on,
        frame_ends_on=frame_ends_on,
        completed_on=completed,
        late=late,
        days_late=(on - frame_ends_on).days if late else 0,
        completed_late=completed is not None and completed > frame_ends_on,
    )
