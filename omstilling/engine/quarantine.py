"""Events set aside by a read model: listed for the operator, applied again once fixed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import Tracking

from omstilling.engine.store import APPLICATION_NAME, UNAVAILABLE_ERRORS
from omstilling.engine.worker import ProjectionWorker
from projections.base import ReadModelView


@dataclass(frozen=True)
class QuarantinedEvent:
    projection: str
    notification_id: int
    originator_id: str
    originator_version: int
    topic: str
    tenant_id: str | None
    error: str
    quarantined_at: str
    retried_at: str | None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> QuarantinedEvent:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})


def open_quarantine(view: ReadModelView, projection: str | None = None) -> list[QuarantinedEvent]:
    """What is still set aside (by one read model, or by all), oldest first."""
    where, params = "resolved_at IS NULL", []
    if projection is not None:
        where, params = where + " AND projection = %s", [projection]
    rows = view.rows(
        f"SELECT * FROM projection_quarantine WHERE {where} ORDER BY notification_id, projection",
        params,
    )
    return [QuarantinedEvent.of(r) for r in rows]


@dataclass(frozen=True)
class RetryOutcome:
    event: QuarantinedEvent
    applied: bool
    error: str | None = None


def retry_quarantined(
    env: Mapping[str, str], *, projection: str | None = None, notification_id: int | None = None
) -> list[RetryOutcome]:
    """Apply each quarantined event again, in its read model's own transaction, holding that
    model's position row (so the model's owner waits meanwhile); resolved when it applies."""
    worker = ProjectionWorker(env)
    outcomes: list[RetryOutcome] = []
    try:
        some_view = next(iter(worker.store.views.values()))
        for entry in open_quarantine(some_view, projection):
            if notification_id is not None and entry.notification_id != notification_id:
                continue
            outcomes.append(_retry_one(worker, entry))
    finally:
        worker.close()
    return outcomes


def _retry_one(worker: ProjectionWorker, entry: QuarantinedEvent) -> RetryOutcome:
    projection = worker.projections[entry.projection]
    view = projection.view
    now = datetime.now(UTC).isoformat()
    try:
        found = worker.app.recorder.select_notifications(start=entry.notification_id, limit=1)
        if not found or found[0].id != entry.notification_id:
            raise LookupError(f"event {entry.notification_id} is not in the log")
        event = worker.app.mapper.to_domain_event(found[0])
        position = view.max_tracking_id(APPLICATION_NAME)
        with view.batch(APPLICATION_NAME, position, position or 0):
            projection.process_event(event, Tracking(APPLICATION_NAME, entry.notification_id))
            view.execute_in_batch(
                "UPDATE projection_quarantine SET resolved_at = %s, retried_at = %s "
                "WHERE projection = %s AND notification_id = %s",
                (now, now, entry.projection, entry.notification_id),
            )
        return RetryOutcome(entry, applied=True)
    except UNAVAILABLE_ERRORS:
        raise
    except Exception as error:  # noqa: BLE001 - reported to the operator and recorded
        message = f"{type(error).__name__}: {error}"[:2000]
        view.execute(
            "UPDATE projection_quarantine SET error = %s, retried_at = %s "
            "WHERE projection = %s AND notification_id = %s",
            (message, now, entry.projection, entry.notification_id),
        )
        return RetryOutcome(entry, applied=False, error=message)
