"""Wiring: one application, its projections following the log, and read-your-writes."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner

from application.access import COUNTY_ROLES, Principal, Target, can_read
from application.app import CommandResult, OmstillingApp
from domain.shared.clock import today_in_norway
from domain.shared.errors import Forbidden
from migrations import migrate
from projections.action_plans import ActionPlanProjection, ActionPlanView
from projections.assessments import AssessmentProjection, AssessmentView
from projections.audit import AuditTrailProjection, AuditTrailView
from projections.base import ReadModelView, view_classes
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
from projections.runner import BatchingProjectionRunner, apply_batch
from projections.year_wheel import YearWheelProjection, YearWheelView
from tenants import load_registry

log = logging.getLogger(__name__)

PROJECTIONS: tuple[tuple[type[Projection[Any]], type[ReadModelView]], ...] = (
    (ProgrammeDirectoryProjection, ProgrammeDirectoryView),
    (PlanStateProjection, PlanStateView),
    (AuditTrailProjection, AuditTrailView),
    (ActionPlanProjection, ActionPlanView),
    (ProjectProjection, ProjectView),
    (YearWheelProjection, YearWheelView),
    (ContinuationProjection, ContinuationView),
    (FundProjection, FundView),
    (ResultProjection, ResultView),
    (AssessmentProjection, AssessmentView),
    (PopulationProjection, PopulationView),
)
READ_YOUR_WRITES_TIMEOUT = 5.0


def bind_view(view: type[ReadModelView], env: Mapping[str, str]) -> type[TrackingRecorder]:
    return view_classes(view)[env.get("PERSISTENCE_MODULE", "eventsourcing.sqlite")]


@dataclass(frozen=True)
class ReadScope:
    """The tenants a principal may see; None means all of them."""

    tenant_ids: list[UUID] | None


class Runtime:
    """The running system: commands go to the app, reads to views kept current by runners."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        migrate(self.env)
        self.app = OmstillingApp(env=self.env)
        self.runners: dict[str, ProjectionRunner[Any, Any]] = {}
        for projection, view in PROJECTIONS:
            runner = BatchingProjectionRunner(
                application_class=OmstillingApp,
                projection_class=projection,
                view_class=bind_view(view, self.env),
                env=self.env,
            )
            self.runners[projection.name] = runner.__enter__()

    def _view(self, projection: type[Projection[Any]]) -> Any:
        return self.runners[projection.name].view

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
        """Run a command, then wait (bounded) until every read model has seen its events."""
        result = run(self.app)
        self.wait_for(result.last_notification_id)
        return result

    def wait_for_everything_written(self, timeout: float = READ_YOUR_WRITES_TIMEOUT) -> bool:
        """True once every read model has processed all that is committed to the log."""
        recorder: Any = self.app.recorder
        return self.wait_for(recorder.max_written_notification_id(), timeout)

    def wait_for(
        self, notification_id: int | None, timeout: float = READ_YOUR_WRITES_TIMEOUT
    ) -> bool:
        """True once every read model has processed `notification_id`; False after `timeout`.

        Polls from 2 ms upwards (the library's own wait starts at 100 ms, which every
        mutation would pay); a runner that died re-raises its error here.
        """
        if notification_id is None:
            return True
        deadline = time.monotonic() + timeout
        for runner in self.runners.values():
            pause = 0.002
            while not runner.view.has_tracking_id(self.app.name, notification_id):
                if runner.is_interrupted.is_set():
                    runner.run_forever(timeout=0)  # re-raises the projection's error
                if time.monotonic() > deadline:
                    log.warning("read models lag behind notification %s", notification_id)
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        return True

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
        for runner in self.runners.values():
            runner.stop()
        for runner in self.runners.values():
            runner.__exit__(None, None, None)
        self.runners.clear()
        self.app.close()


def rebuild(
    env: Mapping[str, str], progress: Callable[[int, int, int], None] | None = None
) -> dict[str, int]:
    """Empty every read model and replay the whole log into it, decoding each event once.

    Run with the server stopped. `progress(events, position, last_position)` is called as it goes.
    """
    env = dict(env)
    migrate(env)
    app = OmstillingApp(env=env)
    factories, projections = [], []
    try:
        for projection_class, view in PROJECTIONS:
            factory = InfrastructureFactory.construct(
                env=ProjectionRunner._construct_env(name=projection_class.name, env=env)
            )
            factories.append(factory)
            view_instance = factory.tracking_recorder(bind_view(view, env))
            if not isinstance(view_instance, ReadModelView):
                raise TypeError(f"{view_instance!r} is not a read-model view")
            view_instance.clear()
            projections.append(projection_class(view=view_instance))
        final = app.recorder.max_notification_id() or 0
        seen, last = 0, 0
        while batch := app.recorder.select_notifications(
            start=last, limit=500, inclusive_of_start=False
        ):
            events = [(app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in batch]
            for projection in projections:
                apply_batch(projection, projection.view, events)
            seen, last = seen + len(batch), batch[-1].id
            if progress:
                progress(seen, last, final)
    finally:
        for factory in factories:
            factory.close()
        app.close()
    return {projection.name: seen for projection in projections}


def progress_bar(events: int, position: int, final: int) -> None:
    """Progress by position in the log (ids grow with time but are not dense)."""
    width = 40
    done = width if not final else min(width, int(width * position / final))
    sys.stderr.write(f"\rreplaying [{'#' * done}{'.' * (width - done)}] {events} events")
    if position >= final:
        sys.stderr.write("\n")
    sys.stderr.flush()
