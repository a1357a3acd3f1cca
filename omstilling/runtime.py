"""Wiring: one application for commands, read models kept current by a projection worker
(in this process, or in worker processes of their own), and read-your-writes."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.projection import Projection

from application.access import COUNTY_ROLES, Principal, Target, can_read
from application.app import CommandResult, OmstillingApp
from domain.shared.clock import today_in_norway
from domain.shared.errors import Forbidden
from omstilling.engine import metrics
from omstilling.engine.leases import PostgresLeases
from omstilling.engine.positions import PositionBoard
from omstilling.engine.quarantine import QuarantinedEvent, open_quarantine
from omstilling.engine.store import UNAVAILABLE_ERRORS, open_store
from omstilling.engine.worker import ProjectionWorker
from omstilling.eventstore import is_postgres
from projections.action_plans import ActionPlanProjection, ActionPlanView
from projections.assessments import AssessmentProjection, AssessmentView
from projections.audit import AuditTrailProjection, AuditTrailView
from projections.base import ReadModelView
from projections.catalogue import READ_MODELS, handles
from projections.comparison import ComparisonSources
from projections.continuation import ContinuationProjection, ContinuationView
from projections.funds import FundProjection, FundView
from projections.plans import PlanStateProjection, PlanStateView
from projections.population import PopulationProjection, PopulationView
from projections.programmes import (
    ProgrammeDirectoryProjection,
    ProgrammeDirectoryView,
    ProgrammeRow,
)
from projections.projects import ProjectProjection, ProjectView
from projections.results import ResultProjection, ResultView
from projections.year_wheel import YearWheelProjection, YearWheelView
from tenants import load_registry

log = logging.getLogger(__name__)

READ_YOUR_WRITES_TIMEOUT = 5.0


class DatabaseUnavailable(Exception):
    """The database cannot be reached now; the request was not carried out (or its outcome
    is unknown): try again shortly."""


class ReadModelsBehind(Exception):
    """The command was recorded, but the read models it changed had not applied it in time."""

    def __init__(
        self, result: CommandResult, behind: list[str], *, quarantined: bool = False
    ) -> None:
        what = (
            "could not apply it and set it aside (quarantined) for the operator"
            if quarantined
            else "have not caught up yet: read again shortly"
        )
        super().__init__(
            f"recorded as version {result.version} of {result.aggregate_id}; the read models "
            f"{', '.join(behind)} {what}"
        )
        self.result = result
        self.behind = behind
        self.quarantined = quarantined


@dataclass(frozen=True)
class ReadModelStatus:
    """How far one read model has come, and whether it set anything aside."""

    name: str
    position: int | None
    lag_events: int
    lag_seconds: float
    quarantined: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "position": str(self.position) if self.position is not None else None,
            "lagEvents": self.lag_events,
            "lagSeconds": round(self.lag_seconds, 3),
            "quarantined": self.quarantined,
        }


@dataclass(frozen=True)
class ReadScope:
    """The tenants a principal may see; None means all of them."""

    tenant_ids: list[UUID] | None


class Runtime:
    """The running system: commands go to the app, reads to the read models' views.

    `projections`: run a projection worker in this process (a one-machine installation, and
    always on the embedded SQLite store); False for an API node on PostgreSQL whose read models
    are kept by worker processes (`omstilling project`).
    """

    def __init__(self, env: Mapping[str, str], *, projections: bool = True) -> None:
        self.env = dict(env)
        self.store = open_store(self.env)
        self.app: OmstillingApp = self.store.app
        self.views: dict[str, ReadModelView] = self.store.views
        postgres = is_postgres(self.env)
        self.board = PositionBoard(self.views, self.env if postgres else None).start()
        self.worker = (
            ProjectionWorker(self.env, on_advance=self.board.advanced).start()
            if projections or not postgres
            else None
        )

    def _view(self, projection: type[Projection[Any]]) -> Any:
        return self.views[projection.name]

    @property
    def programmes(self) -> ProgrammeDirectoryView:
        view: ProgrammeDirectoryView = self._view(ProgrammeDirectoryProjection)
        return view

    @property
    def plans(self) -> PlanStateView:
        view: PlanStateView = self._view(PlanStateProjection)
        return view

    @property
    def audit(self) -> AuditTrailView:
        view: AuditTrailView = self._view(AuditTrailProjection)
        return view

    @property
    def action_plans(self) -> ActionPlanView:
        view: ActionPlanView = self._view(ActionPlanProjection)
        return view

    @property
    def projects(self) -> ProjectView:
        view: ProjectView = self._view(ProjectProjection)
        return view

    @property
    def year_wheel(self) -> YearWheelView:
        view: YearWheelView = self._view(YearWheelProjection)
        return view

    @property
    def continuation(self) -> ContinuationView:
        view: ContinuationView = self._view(ContinuationProjection)
        return view

    @property
    def funds(self) -> FundView:
        view: FundView = self._view(FundProjection)
        return view

    @property
    def assessments(self) -> AssessmentView:
        view: AssessmentView = self._view(AssessmentProjection)
        return view

    @property
    def population(self) -> PopulationView:
        view: PopulationView = self._view(PopulationProjection)
        return view

    @property
    def results(self) -> ResultView:
        view: ResultView = self._view(ResultProjection)
        return view

    def comparison_sources(self) -> ComparisonSources:
        """The read models the national comparison composes."""
        return ComparisonSources(
            programmes=self.programmes,
            plans=self.plans,
            funds=self.funds,
            population=self.population,
            year_wheel=self.year_wheel,
            results=self.results,
            assessments=self.assessments,
            continuation=self.continuation,
        )

    def command(self, run: Callable[[OmstillingApp], CommandResult]) -> CommandResult:
        """Run a command, then wait (bounded) until the read models its events change have
        applied them; `ReadModelsBehind` if they have not by then."""
        if not self.board.available:
            raise DatabaseUnavailable("the database cannot be reached")
        started = time.perf_counter()
        try:
            result = run(self.app)
        except UNAVAILABLE_ERRORS as error:
            raise DatabaseUnavailable(str(error)) from error
        recorded = time.perf_counter()
        metrics.COMMAND_SECONDS.observe(recorded - started)
        if self.worker is not None:
            self.worker.wake()
        wanted = self.positions_changed_by(result)
        caught_up = self.board.wait(wanted, READ_YOUR_WRITES_TIMEOUT)
        metrics.READ_YOUR_WRITES_SECONDS.observe(time.perf_counter() - recorded)
        if not caught_up:
            metrics.READ_MODELS_BEHIND.inc()
            behind = sorted(n for n, at in wanted.items() if self.board.positions.get(n, 0) < at)
            log.warning("read models %s behind after a command", ", ".join(behind))
            raise ReadModelsBehind(result, behind)
        set_aside = self._quarantined_of(result) if wanted else []
        if set_aside:
            raise ReadModelsBehind(result, set_aside, quarantined=True)
        return result

    def _quarantined_of(self, result: CommandResult) -> list[str]:
        """Read models that set one of this command's own events aside: its read-back would
        be missing, so the command must not answer as if it were there."""
        ids = result.notification_ids
        rows = self.programmes.rows(
            "SELECT DISTINCT projection FROM projection_quarantine "
            f"WHERE resolved_at IS NULL AND notification_id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return sorted(r["projection"] for r in rows)

    def positions_changed_by(self, result: CommandResult) -> dict[str, int]:
        """For each read model that handles one of the command's events, the position that
        holds all of them."""
        if result.last_notification_id is None:
            return {}
        return {
            projection.name: result.last_notification_id
            for projection, _ in READ_MODELS
            if any(handles(projection, topic) for topic in result.topics)
        }

    def wait_for_everything_written(self, timeout: float = READ_YOUR_WRITES_TIMEOUT) -> bool:
        """True once every read model has processed all that is committed to the log."""
        recorder: Any = self.app.recorder
        return self.wait_for(recorder.max_written_notification_id(), timeout)

    def wait_for(
        self, notification_id: int | None, timeout: float = READ_YOUR_WRITES_TIMEOUT
    ) -> bool:
        """True once every read model has processed `notification_id`; False after `timeout`."""
        if notification_id is None:
            return True
        if self.worker is not None:  # written around the runtime (straight to the app): look now
            self.worker.wake()
        return self.board.wait({name: notification_id for name in self.views}, timeout)

    def quarantined(self, projection: str | None = None) -> list[QuarantinedEvent]:
        return open_quarantine(self.programmes, projection)

    def read_model_status(self) -> list[ReadModelStatus]:
        """Position, lag (events and the age of the oldest not applied) and open quarantine of
        every read model, from the database: what readiness and the metrics report."""
        any_view = self.programmes
        recorder: Any = self.app.recorder
        table, position_column = (
            (f'"{recorder.datastore.schema}"."{recorder.events_table_name}"', "notification_id")
            if is_postgres(self.env)
            else (recorder.events_table_name, "rowid")
        )
        quarantined = {
            r["projection"]: int(r["n"])
            for r in any_view.rows(
                "SELECT projection, COUNT(*) AS n FROM projection_quarantine "
                "WHERE resolved_at IS NULL GROUP BY projection"
            )
        }
        status = []
        for name, view in self.views.items():
            position = view.max_tracking_id(self.app.name)
            row = any_view.row(
                f"SELECT COUNT(*) AS n FROM {table} WHERE {position_column} > %s",  # noqa: S608
                (position or 0,),
            )
            lag = int(row["n"]) if row else 0
            status.append(
                ReadModelStatus(
                    name,
                    position,
                    lag,
                    self._age_of_next(position) if lag else 0.0,
                    quarantined.get(name, 0),
                )
            )
        return status

    def _age_of_next(self, position: int | None) -> float:
        following = self.app.recorder.select_notifications(
            start=position or 0, limit=1, inclusive_of_start=False
        )
        if not following:
            return 0.0
        event: Any = self.app.mapper.to_domain_event(following[0])
        return max(0.0, (datetime.now(UTC) - event.timestamp).total_seconds())

    def pool_stats(self) -> dict[str, int]:
        pool = getattr(getattr(self.app.recorder, "datastore", None), "pool", None)
        if pool is None or not hasattr(pool, "get_stats"):
            return {}
        stats = pool.get_stats()
        return {
            "size": stats.get("pool_size", 0),
            "available": stats.get("pool_available", 0),
            "waiting": stats.get("requests_waiting", 0),
        }

    # Scoped reads

    def programme_target(self, row: ProgrammeRow, on: date | None = None) -> Target:
        county = load_registry().supervising_county(
            row.granting_county_number, row.lead_municipality_id, on or today_in_norway()
        )
        return Target(row.tenant_id, county.number)

    def visible_programmes(self, principal: Principal) -> list[ProgrammeRow]:
        rows = self.programmes.programmes(
            tenant_ids=[principal.municipality_id] if principal.municipality_id else None
        )
        return [r for r in rows if can_read(principal, self.programme_target(r))]

    def supervised_programmes(
        self, principal: Principal, county_number: str, on: date | None = None
    ) -> list[ProgrammeRow]:
        """The programmes `county_number` supervises (after the reforms), as far as the
        principal may see them: a county its own (another county's is refused), a
        municipality only its own programme."""
        if principal.role in COUNTY_ROLES and principal.county_number != county_number:
            raise Forbidden("a county sees only the programmes it supervises")
        return [
            r
            for r in self.visible_programmes(principal)
            if self.programme_target(r, on).supervising_county == county_number
        ]

    def read_scope(self, principal: Principal) -> ReadScope:
        if principal.reads_everything:
            return ReadScope(None)
        return ReadScope(
            sorted(
                {r.tenant_id for r in self.visible_programmes(principal)}
                | ({principal.municipality_id} if principal.municipality_id else set()),
                key=str,
            )
        )

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
        self.board.stop()
        self.store.close()


def rebuild(
    env: Mapping[str, str], progress: Callable[[int, int, int], None] | None = None
) -> dict[str, int]:
    """Empty every read model and replay the whole log into it, decoding each event once.

    Run with the workers stopped: on PostgreSQL it takes every read model's lease first and
    refuses while a worker holds one. `progress(events, position, last_position)` as it goes.
    """
    leases = PostgresLeases(env) if is_postgres(env) else None
    worker = ProjectionWorker(env, leases=leases)
    try:
        names = set(worker.projections)
        if leases is not None and leases.claim(names) != names:
            busy = ", ".join(sorted(names - leases.held))
            raise RuntimeError(f"a projection worker owns {busy}: stop the workers first")
        for projection in worker.projections.values():
            projection.view.clear()  # type: ignore[attr-defined]
        final = worker.app.recorder.max_notification_id() or 0
        seen = 0
        while read := worker.step():
            seen += read
            if progress:
                progress(seen, min(m.reached for m in worker.owned.values()), final)
        worker.record_passed_positions()
        if progress and not seen:
            progress(0, final, final)
    finally:
        worker.close()
    return {name: seen for name in worker.projections}


def progress_bar(events: int, position: int, final: int) -> None:
    """Progress by position in the log (ids grow with time but are not dense)."""
    width = 40
    done = width if not final else min(width, int(width * position / final))
    sys.stderr.write(f"\rreplaying [{'#' * done}{'.' * (width - done)}] {events} events")
    if position >= final:
        sys.stderr.write("\n")
    sys.stderr.flush()
