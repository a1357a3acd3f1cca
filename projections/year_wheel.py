"""The year wheel (årshjul, seed 002) per programme and calendar year: each of the five steps with
the event that did it, and in the year of its deadline the start of Videreføring (seed 001). What is due, done or late is computed for any date by the domain's rules,
per programme, per county (the latest first) and nationally."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.action_plan.model import ActionPlan
from domain.action_plan.year_wheel import State, Step, status_on
from domain.assessment.model import StatusAssessment
from domain.continuation.deadlines import continuation_deadline
from domain.continuation.model import Continuation
from domain.continuation.stages import Stage
from domain.programme.model import Programme
from domain.shared.clock import today_in_norway
from projections.base import ReadModelView, Statement
from tenants import load_registry

# Steps an event of the platform records: the Handlingsplan's, the programme status assessment
# (StatusAssessment.Held) and the start of Videreføring (its forstudie's StageStarted).
# Follow-up (May/June) is not recorded yet: its state is the calendar's alone.
TRACKED = frozenset(
    {
        Step.PUT_INTO_EFFECT,
        Step.STATUS_ASSESSMENT,
        Step.BOARD_DECISION,
        Step.FUND_APPLICATION,
        Step.CONTINUATION_STARTED,
    }
)


@dataclass(frozen=True)
class WheelStepRow:
    step: Step
    opens_on: date
    closes_on: date
    state: State
    applies: bool  # the step's window opens within the programme's period
    tracked: bool  # an event of the platform records the step
    done_on: date | None
    done_late: bool
    event_type: str | None
    aggregate_id: UUID | None
    days_late: int  # for a late step that applies: days since its window closed


@dataclass(frozen=True)
class WheelYear:
    """One programme's calendar year as it stood on `on`."""

    programme_id: UUID
    tenant_id: UUID
    name: str
    granting_county_number: str
    lead_municipality_id: UUID
    year: int
    on: date
    steps: tuple[WheelStepRow, ...]

    @property
    def late(self) -> tuple[WheelStepRow, ...]:
        """Late steps that apply and that the platform records: what lateness is judged on."""
        return tuple(s for s in self.steps if s.state is State.LATE and s.applies and s.tracked)

    @property
    def due(self) -> tuple[WheelStepRow, ...]:
        return tuple(s for s in self.steps if s.state is State.DUE and s.applies)

    @property
    def done(self) -> tuple[WheelStepRow, ...]:
        return tuple(s for s in self.steps if s.state is State.DONE)

    @property
    def days_late(self) -> int:
        return max((s.days_late for s in self.late), default=0)


def _lateness(wheel: WheelYear) -> tuple[int, int, str, str]:
    return (-len(wheel.late), -wheel.days_late, wheel.name, str(wheel.programme_id))


class YearWheelView(ReadModelView):
    tables = (
        "year_wheel_programmes",
        "year_wheel_plans",
        "year_wheel_steps",
        "year_wheel_continuation",
    )

    def wheel(self, programme_id: UUID, on: date, year: int | None = None) -> WheelYear | None:
        """The programme's wheel for `year` (the year of `on` unless given) as it stood on `on`."""
        row = self.row(
            "SELECT * FROM year_wheel_programmes WHERE programme_id = %s", (str(programme_id),)
        )
        return self._wheel(row, on, on.year if year is None else year) if row else None

    def wheels(
        self,
        on: date,
        *,
        year: int | None = None,
        tenant_ids: list[UUID] | None = None,
        programme_ids: list[UUID] | None = None,
    ) -> list[WheelYear]:
        """Every programme whose period touches the year (filtered when given), the latest first:
        most late steps, then most days late, then by name."""
        wheel_year = on.year if year is None else year
        clauses = ["period_start <= %s", "period_end >= %s"]
        params: list[Any] = [f"{wheel_year}-12-31", f"{wheel_year}-01-01"]
        for column, ids in (("tenant_id", tenant_ids), ("programme_id", programme_ids)):
            if ids is not None:
                clauses.append(f"{column} IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 0")
                params.extend(str(i) for i in ids)
        rows = self.rows(
            f"SELECT * FROM year_wheel_programmes WHERE {' AND '.join(clauses)}", params
        )
        return sorted((self._wheel(r, on, wheel_year) for r in rows), key=_lateness)

    def for_county(
        self, county_number: str, on: date, *, year: int | None = None
    ) -> list[WheelYear]:
        """The programmes the county supervises today (after a reform, the successor county),
        the latest first."""
        today, registry = today_in_norway(), load_registry()
        return [
            w
            for w in self.wheels(on, year=year)
            if registry.supervising_county(
                w.granting_county_number, w.lead_municipality_id, today
            ).number
            == county_number
        ]

    def national(self, on: date, *, year: int | None = None) -> list[WheelYear]:
        return self.wheels(on, year=year)

    def _wheel(self, row: dict[str, Any], on: date, year: int) -> WheelYear:
        programme_id = row["programme_id"]
        recorded = {
            Step(r["step"]): r
            for r in self.rows(
                "SELECT * FROM year_wheel_steps WHERE programme_id = %s AND wheel_year = %s",
                (programme_id, year),
            )
        }
        period_start = date.fromisoformat(row["period_start"])
        period_end = date.fromisoformat(row["period_end"])
        started = self.row(
            "SELECT * FROM year_wheel_continuation WHERE programme_id = %s", (programme_id,)
        )
        if started is not None:  # whatever the year: done once the forstudie started
            recorded[Step.CONTINUATION_STARTED] = {**started, "done_on": started["started_on"]}
        done: dict[Step | str, date] = {
            step: date.fromisoformat(r["done_on"]) for step, r in recorded.items()
        }
        steps = []
        statuses = status_on(
            year,
            on,
            done,
            continuation_deadline=continuation_deadline(period_end),
            period_start=period_start,
        )
        for status in statuses:
            applies = period_start <= status.window.opens_on <= period_end
            by = recorded.get(status.step) if status.state is State.DONE else None
            late = status.state is State.LATE and applies
            steps.append(
                WheelStepRow(
                    step=status.step,
                    opens_on=status.window.opens_on,
                    closes_on=status.window.closes_on,
                    state=status.state,
                    applies=applies,
                    tracked=status.step in TRACKED,
                    done_on=status.done_on,
                    done_late=status.done_late,
                    event_type=by["event_type"] if by else None,
                    aggregate_id=UUID(by["aggregate_id"]) if by else None,
                    days_late=(on - status.window.closes_on).days if late else 0,
                )
            )
        return WheelYear(
            programme_id=UUID(programme_id),
            tenant_id=UUID(row["tenant_id"]),
            name=row["name"],
            granting_county_number=row["granting_county_number"],
            lead_municipality_id=UUID(row["lead_municipality_id"]),
            year=year,
            on=on,
            steps=tuple(steps),
        )


class YearWheelProjection(Projection[YearWheelView]):
    """Which calendar year a Handlingsplan's event belongs to (as `done_by_plans` has it): plan
    Y is put into effect in year Y; it is decided by the board and applied for in year Y-1."""

    name = "year_wheel"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(Programme.Registered)
    def _(self, event: Programme.Registered, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO year_wheel_programmes (programme_id, tenant_id, name, "
                    "granting_county_number, lead_municipality_id, period_start, period_end) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        str(event.tenant_id),
                        event.name,
                        event.granting_county_number,
                        str(event.lead_municipality_id),
                        event.period_start.isoformat(),
                        event.period_end.isoformat(),
                    ),
                )
            ],
        )

    @process_event.register(Programme.PeriodExtended)
    def _(self, event: Programme.PeriodExtended, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "UPDATE year_wheel_programmes SET period_end = %s WHERE programme_id = %s",
                    (event.period_end.isoformat(), str(event.originator_id)),
                )
            ],
        )

    @process_event.register(ActionPlan.Drafted)
    def _(self, event: ActionPlan.Drafted, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO year_wheel_plans (action_plan_id, programme_id, plan_year) "
                    "VALUES (%s, %s, %s)",
                    (str(event.originator_id), str(event.programme_id), event.year),
                )
            ],
        )

    def _plan(self, event: Any) -> tuple[str, int]:
        row = self.view.row(
            "SELECT programme_id, plan_year FROM year_wheel_plans WHERE action_plan_id = %s",
            (str(event.originator_id),),
        )
        if row is None:
            raise LookupError(
                f"the year wheel has no plan {event.originator_id} at {type(event).__name__}"
            )
        return row["programme_id"], int(row["plan_year"])

    def _done(
        self,
        event: Any,
        tracking: Tracking,
        step: Step,
        done_on: date,
        *,
        plan_year_offset: int,
        first_only: bool = False,
    ) -> None:
        programme_id, plan_year = self._plan(event)
        wheel_year = plan_year + plan_year_offset
        key = (programme_id, wheel_year, step.value)
        if first_only and self.view.row(
            "SELECT step FROM year_wheel_steps WHERE programme_id = %s AND wheel_year = %s "
            "AND step = %s",
            key,
        ):
            self.view.track_only(tracking)
            return
        statements: list[Statement] = [
            _undone(*key),
            (
                "INSERT INTO year_wheel_steps (programme_id, wheel_year, step, tenant_id, done_on, "
                "event_type, aggregate_id, aggregate_version, log_position) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    *key,
                    str(event.tenant_id),
                    done_on.isoformat(),
                    type(event).__qualname__,
                    str(event.originator_id),
                    event.originator_version,
                    tracking.notification_id,
                ),
            ),
        ]
        self.view.write(tracking, statements)

    @process_event.register(ActionPlan.PutIntoEffect)
    def _(self, event: ActionPlan.PutIntoEffect, tracking: Tracking) -> None:
        self._done(event, tracking, Step.PUT_INTO_EFFECT, event.effective_from, plan_year_offset=0)

    @process_event.register(ActionPlan.BoardDecided)
    def _(self, event: ActionPlan.BoardDecided, tracking: Tracking) -> None:
        assert event.decision is not None  # the domain refuses a board decision without one
        self._done(
            event,
            tracking,
            Step.BOARD_DECISION,
            event.decision.meeting_date,
            plan_year_offset=-1,
        )

    @process_event.register(ActionPlan.ReturnedToDraft)
    def _(self, event: ActionPlan.ReturnedToDraft, tracking: Tracking) -> None:
        """The council sent the plan back: the board's decision is to be made again."""
        programme_id, plan_year = self._plan(event)
        self.view.write(tracking, [_undone(programme_id, plan_year - 1, Step.BOARD_DECISION.value)])

    @process_event.register(StatusAssessment.Held)
    def _(self, event: StatusAssessment.Held, tracking: Tracking) -> None:
        """The October programme status assessment of the assessment's year."""
        key = (str(event.programme_id), event.year, Step.STATUS_ASSESSMENT.value)
        self.view.write(tracking, [_undone(*key), _step_done(key, event, event.held_on, tracking)])

    @process_event.register(Continuation.StageStarted)
    def _(self, event: Continuation.StageStarted, tracking: Tracking) -> None:
        """Continuation work starts with the forstudie; later stages are not wheel steps."""
        if event.stage != Stage.FORSTUDIE:
            self.view.track_only(tracking)
            return
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO year_wheel_continuation (programme_id, tenant_id, started_on, "
                    "event_type, aggregate_id, aggregate_version, log_position) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(event.programme_id),
                        str(event.tenant_id),
                        event.started_on.isoformat(),
                        type(event).__qualname__,
                        str(event.originator_id),
                        event.originator_version,
                        tracking.notification_id,
                    ),
                )
            ],
        )

    @process_event.register(ActionPlan.FundsAppliedFor)
    def _(self, event: ActionPlan.FundsAppliedFor, tracking: Tracking) -> None:
        self._done(
            event,
            tracking,
            Step.FUND_APPLICATION,
            event.application.applied_on,
            plan_year_offset=-1,
            first_only=True,
        )


def _undone(programme_id: str, wheel_year: int, step: str) -> Statement:
    return (
        "DELETE FROM year_wheel_steps WHERE programme_id = %s AND wheel_year = %s AND step = %s",
        (programme_id, wheel_year, step),
    )


def _step_done(
    key: tuple[str, int, str], event: Any, done_on: date, tracking: Tracking
) -> Statement:
    return (
        "INSERT INTO year_wheel_steps (programme_id, wheel_year, step, tenant_id, done_on, "
        "event_type, aggregate_id, aggregate_version, log_position) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            *key,
            str(event.tenant_id),
            done_on.isoformat(),
            type(event).__qualname__,
            str(event.originator_id),
            event.originator_version,
            tracking.notification_id,
        ),
    )
