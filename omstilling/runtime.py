"""Wiring: one application, its projections following the log, and read-your-writes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner

from application.access import Principal, Target, can_read, today_in_norway
from application.app import CommandResult, OmstillingApp
from migrations import migrate
from projections.audit import AuditTrailProjection, AuditTrailView
from projections.base import ReadModelView, view_classes
from projections.plans import PlanStateProjection, PlanStateView
from projections.programmes import (
    ProgrammeDirectoryProjection,
    ProgrammeDirectoryView,
    ProgrammeRow,
)
from tenants import load_registry

log = logging.getLogger(__name__)
V = TypeVar("V", bound=ReadModelView)

PROJECTIONS: tuple[tuple[type[Projection[Any]], type[ReadModelView]], ...] = (
    (ProgrammeDirectoryProjection, ProgrammeDirectoryView),
    (PlanStateProjection, PlanStateView),
    (AuditTrailProjection, AuditTrailView),
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
        self.runners: dict[type[ReadModelView], ProjectionRunner[Any, Any]] = {}
        for projection, view in PROJECTIONS:
            runner = ProjectionRunner(
                application_class=OmstillingApp,
                projection_class=projection,
                view_class=bind_view(view, self.env),
                env=self.env,
            )
            self.runners[view] = runner.__enter__()

    def view(self, view: type[V]) -> V:
        return self.runners[view].view  # type: ignore[no-any-return]

    @property
    def programmes(self) -> ProgrammeDirectoryView:
        return self.view(ProgrammeDirectoryView)

    @property
    def plans(self) -> PlanStateView:
        return self.view(PlanStateView)

    @property
    def audit(self) -> AuditTrailView:
        return self.view(AuditTrailView)

    def command(self, run: Callable[[OmstillingApp], CommandResult]) -> CommandResult:
        """Run a command, then wait (bounded) until every read model has seen its events."""
        result = run(self.app)
        self.wait_for(result.last_notification_id)
        return result

    def wait_for(
        self, notification_id: int | None, timeout: float = READ_YOUR_WRITES_TIMEOUT
    ) -> bool:
        if notification_id is None:
            return True
        for runner in self.runners.values():
            try:
                runner.wait(notification_id, timeout=timeout)
            except TimeoutError:
                log.warning("read models lag behind notification %s", notification_id)
                return False
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
    env: Mapping[str, str], progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Empty every read model and replay the whole log into it. Run with the server stopped."""
    env = dict(env)
    migrate(env)
    app = OmstillingApp(env=env)
    counts: dict[str, int] = {}
    try:
        total = app.recorder.max_notification_id() or 0
        for projection_class, view in PROJECTIONS:
            factory = InfrastructureFactory.construct(
                env=ProjectionRunner._construct_env(name=projection_class.name, env=env)
            )
            view_instance = factory.tracking_recorder(bind_view(view, env))
            assert isinstance(view_instance, ReadModelView)
            view_instance.clear()
            projection = projection_class(view=view_instance)
            seen, last = 0, 0
            while True:
                batch = app.recorder.select_notifications(
                    start=last, limit=500, inclusive_of_start=False
                )
                if not batch:
                    break
                for notification in batch:
                    projection.process_event(
                        app.mapper.to_domain_event(notification),
                        Tracking(app.name, notification.id),
                    )
                    seen += 1
                    last = notification.id
                    if progress:
                        progress(projection_class.name, last, total)
            counts[projection_class.name] = seen
            factory.close()
    finally:
        app.close()
    return counts


def progress_bar(name: str, position: int, total: int) -> None:
    width = 30
    done = width if not total else min(width, int(width * position / total))
    sys.stderr.write(f"\r{name:<22} [{'#' * done}{'.' * (width - done)}] {position}/{total}")
    if position >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
