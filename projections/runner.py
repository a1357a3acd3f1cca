"""A projection runner that writes whatever has already arrived in one transaction."""

from __future__ import annotations

import weakref
from threading import Event
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import ApplicationSubscription, Projection, ProjectionRunner

from projections.base import ReadModelView

MAX_BATCH = 500


class BatchingProjectionRunner(ProjectionRunner[Any, Any]):
    """The library's runner, but events already pulled from the log are applied together.

    Catching up after a restart or a rebuild then costs one transaction per batch instead of
    one per event; a lone new event is still written at once. Rows and positions stay in the
    same transaction, so a failure loses or doubles nothing.
    """

    @staticmethod
    def _process_events_loop(  # type: ignore[override]
        subscription: ApplicationSubscription[Any],
        projection: Projection[Any],
        is_stopping: Event,
        runner: weakref.ReferenceType[ProjectionRunner[Any, Any]],
    ) -> None:
        view = projection.view
        try:
            pending: list[tuple[Any, Tracking]] = []
            for domain_event, tracking in subscription:
                pending.append((domain_event, tracking))
                if len(pending) < MAX_BATCH and _more_already_pulled(subscription):
                    continue
                apply_batch(projection, view, pending)
                pending = []
        except BaseException as error:
            alive = runner()
            if alive is not None:
                alive._thread_error = error  # noqa: SLF001 - the library's own error slot
        finally:
            is_stopping.set()


def apply_batch(projection: Projection[Any], view: Any, events: list[tuple[Any, Tracking]]) -> None:
    if isinstance(view, ReadModelView) and len(events) > 1:
        with view.batch():
            for domain_event, tracking in events:
                projection.process_event(domain_event, tracking)
    else:
        for domain_event, tracking in events:
            projection.process_event(domain_event, tracking)


def _more_already_pulled(subscription: ApplicationSubscription[Any]) -> bool:
    """Whether the next event is in memory already, so waiting for it costs nothing.

    Reads the library subscription's buffer (a list being consumed, and a queue of pulled
    pages); if that shape ever changes, this answers False and batching simply stops.
    """
    inner = getattr(subscription, "subscription", None)
    notifications = getattr(inner, "_notifications", None)
    index = getattr(inner, "_notifications_index", None)
    queue = getattr(inner, "_notifications_queue", None)
    if notifications is None or index is None:
        return False
    if index < len(notifications):
        return True
    return queue is not None and queue.qsize() > 0
