"""The projection worker: one reader of the log feeding every read model this worker owns.

Each page of the log is read once and each event decoded once, then handed to every owned
read model that handles its type; a read model writes its rows and its new position in one
transaction, whose first statement claims the move of its position (see
`ReadModelView.batch`), so two workers never both apply an event. Database failures are
retried with a growing pause and the worker resumes from its recorded positions; an event a
read model cannot apply is quarantined and that model goes on with the next one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import Notification, Tracking
from eventsourcing.projection import Projection

from omstilling.engine import metrics
from omstilling.engine.leases import Leases, connect, leases_for
from omstilling.engine.store import APPLICATION_NAME, UNAVAILABLE_ERRORS, Store, open_store
from omstilling.eventstore import is_postgres
from projections.base import PositionMoved, ReadModelView
from projections.catalogue import READ_MODELS, handles

log = logging.getLogger(__name__)

POSITIONS_CHANNEL = "omstilling_read_models"
"""NOTIFY channel: '<read model>:<position>' once a read model's batch has committed."""

PAGE = 500
CLAIM_EVERY = 1.0  # seconds between attempts to take over read models no worker owns
IDLE_WAIT = 1.0  # the longest sleep without news (a standby worker claims this often)
HELD_BACK_WAIT = 0.2  # events written but not yet readable (an earlier transaction still open)
MAX_PAUSE = 2.0  # a database back from a restart is noticed within two seconds

Advance = Callable[[str, int], None]


@dataclass
class OwnedModel:
    """A read model this worker owns: its projection and the positions it has reached."""

    projection: Projection[Any]
    view: ReadModelView
    recorded: int | None  # the position in the database
    passed: int = 0  # events up to here do not concern it; recorded when the worker is idle

    @property
    def name(self) -> str:
        return self.projection.name

    @property
    def reached(self) -> int:
        return max(self.recorded or 0, self.passed)


class ProjectionWorker:
    """Owns read models through `Leases` and keeps them at the head of the log."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        on_advance: Advance | None = None,
        read_models: Sequence[str] | None = None,
        store: Store | None = None,
        leases: Leases | None = None,
    ) -> None:
        self.env = dict(env)
        self.store = store or open_store(self.env, worker=True)
        self.app = self.store.app
        wanted = set(read_models) if read_models is not None else None
        self.projections: dict[str, Projection[Any]] = {
            p.name: p(view=self.store.views[p.name])
            for p, _ in READ_MODELS
            if wanted is None or p.name in wanted
        }
        self.leases = leases or leases_for(self.env)
        self.owned: dict[str, OwnedModel] = {}
        self.on_advance = on_advance
        self.healthy = True
        self.last_error: str | None = None
        self._postgres = is_postgres(self.env)
        self._listener: Any = None
        self._last_claim = 0.0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # Running

    def start(self) -> ProjectionWorker:
        self._thread = threading.Thread(
            target=self.run_forever, name="projection-worker", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._close_listener()
        self.leases.close()
        metrics.OWNED.set(0)

    def close(self) -> None:
        self.stop()
        self.store.close()

    def wake(self) -> None:
        """Something was written in this process: look at the log now."""
        self._wake.set()

    def run_forever(self) -> None:
        pause = 0.5
        while not self._stopping.is_set():
            try:
                read = self.step()
                if not self.healthy:
                    log.info("projection worker resumed")
                self.healthy, self.last_error, pause = True, None, 0.5
                if read >= PAGE:
                    continue
                self.record_passed_positions()
                self._wait_for_news()
            except Exception as error:  # noqa: BLE001 - the worker never dies; it pauses and resumes
                self._fail(error)
                self._stopping.wait(pause)
                pause = min(pause * 2, MAX_PAUSE)

    def drain(self) -> int:
        """Apply everything readable now, then record every position; the events read."""
        total = 0
        while (read := self.step()) > 0:
            total += read
        self.record_passed_positions()
        return total

    def _fail(self, error: Exception) -> None:
        transient = isinstance(error, UNAVAILABLE_ERRORS)
        self.healthy, self.last_error = False, f"{type(error).__name__}: {error}"
        metrics.WORKER_ERRORS.inc()
        if transient:
            log.warning("projection worker paused: database unavailable: %s", error)
        else:
            log.exception("projection worker paused after an unexpected failure")
        self._close_listener()
        if not self.leases.alive():
            self._give_up_all()

    # One step: claim, read one page, apply it

    def step(self) -> int:
        self._claim()
        if not self.owned:
            return 0
        start = min(m.reached for m in self.owned.values())
        page = self.app.recorder.select_notifications(
            start=start, limit=PAGE, inclusive_of_start=False
        )
        if page:
            self._apply_page(page)
        return len(page)

    def _claim(self) -> None:
        now = time.monotonic()
        if self.owned and now - self._last_claim < CLAIM_EVERY:
            return
        self._last_claim = now
        if not self.leases.alive():
            self._give_up_all()
        held = self.leases.claim(self.projections)
        for name in held - set(self.owned):
            projection = self.projections[name]
            recorded = projection.view.max_tracking_id(APPLICATION_NAME)
            self.owned[name] = OwnedModel(projection, projection.view, recorded)
        for name in set(self.owned) - held:
            del self.owned[name]
        metrics.OWNED.set(len(self.owned))

    def _give_up_all(self) -> None:
        if self.owned:
            log.warning(
                "lease connection lost: gave up read models %s", ", ".join(sorted(self.owned))
            )
        self.owned.clear()
        self.leases.close()
        metrics.OWNED.set(0)

    def _apply_page(self, page: Sequence[Notification]) -> None:
        decoded: dict[int, Any] = {}

        def event_of(n: Notification) -> Any:
            if n.id not in decoded:
                try:
                    decoded[n.id] = self.app.mapper.to_domain_event(n)
                except Exception as error:  # noqa: BLE001 - quarantined by each model that needs it
                    decoded[n.id] = UndecodableEvent(error)
            return decoded[n.id]

        end = page[-1].id
        for model in list(self.owned.values()):
            mine = [
                (n, event_of(n))
                for n in page
                if n.id > model.reached and handles(type(model.projection), n.topic)
            ]
            if mine:
                self._apply(model, mine, end)
            elif end > model.reached:
                model.passed = end

    def _apply(self, model: OwnedModel, events: list[tuple[Notification, Any]], end: int) -> None:
        try:
            self._write(model, events, end)
        except PositionMoved:
            self._resync(model)
        except UNAVAILABLE_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - one of these events is poison: find it, set it aside
            self._isolate(model, events, end)

    def _isolate(self, model: OwnedModel, events: list[tuple[Notification, Any]], end: int) -> None:
        for notification, event in events:
            try:
                self._write(model, [(notification, event)], notification.id)
            except PositionMoved:
                self._resync(model)
                return
            except UNAVAILABLE_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001
                self._quarantine(model, notification, event, error)
        if end > model.reached:
            self._write(model, [], end)

    def _write(self, model: OwnedModel, events: list[tuple[Notification, Any]], end: int) -> None:
        started = time.perf_counter()
        with model.view.batch(APPLICATION_NAME, model.recorded, end):
            for notification, event in events:
                if isinstance(event, UndecodableEvent):
                    raise event.error
                model.projection.process_event(event, Tracking(APPLICATION_NAME, notification.id))
            self._announce(model.view, model.name, end)
        self._advanced(model, end)
        metrics.EVENTS_APPLIED.labels(model.name).inc(len(events))
        metrics.BATCH_SECONDS.labels(model.name).observe(time.perf_counter() - started)

    def _quarantine(
        self, model: OwnedModel, notification: Notification, event: Any, error: Exception
    ) -> None:
        tenant = getattr(event, "tenant_id", None)
        with model.view.batch(APPLICATION_NAME, model.recorded, notification.id):
            model.view.execute_in_batch(
                "INSERT INTO projection_quarantine (projection, notification_id, originator_id, "
                "originator_version, topic, tenant_id, error, quarantined_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (projection, notification_id) DO UPDATE SET error = excluded.error, "
                "quarantined_at = excluded.quarantined_at, resolved_at = NULL",
                (
                    model.name,
                    notification.id,
                    str(notification.originator_id),
                    notification.originator_version,
                    notification.topic,
                    str(tenant) if tenant else None,
                    f"{type(error).__name__}: {error}"[:2000],
                    datetime.now(UTC).isoformat(),
                ),
            )
            self._announce(model.view, model.name, notification.id)
        self._advanced(model, notification.id)
        metrics.EVENTS_QUARANTINED.labels(model.name).inc()
        log.error(
            "read model %s quarantined event %s (%s v%s): %s",
            model.name,
            notification.id,
            notification.topic,
            notification.originator_version,
            error,
        )

    def _advanced(self, model: OwnedModel, end: int) -> None:
        model.recorded = end
        if self.on_advance is not None:
            self.on_advance(model.name, end)

    def _announce(self, view: ReadModelView, name: str, position: int) -> None:
        """Tell API nodes, on commit, that this read model has reached `position`."""
        if self._postgres:
            view.execute_in_batch(
                "SELECT pg_notify(%s, %s)", (POSITIONS_CHANNEL, f"{name}:{position}")
            )

    def _resync(self, model: OwnedModel) -> None:
        recorded = model.view.max_tracking_id(APPLICATION_NAME)
        log.warning(
            "read model %s was moved by another writer to %s; continuing from there",
            model.name,
            recorded,
        )
        model.recorded, model.passed = recorded, 0

    def record_passed_positions(self) -> None:
        """Positions moved only over events a model does not handle are recorded when idle,
        in one small transaction each, so readiness and waits see every model at the head."""
        for model in list(self.owned.values()):
            if model.passed > (model.recorded or 0):
                try:
                    self._write(model, [], model.passed)
                except PositionMoved:
                    self._resync(model)

    # Waiting for the next event

    def _wait_for_news(self) -> None:
        if not self._postgres:
            self._wake.wait(IDLE_WAIT)
            self._wake.clear()
            return
        recorder: Any = self.app.recorder
        written = recorder.max_written_notification_id() or 0
        readable = min((m.reached for m in self.owned.values()), default=written)
        timeout = HELD_BACK_WAIT if written > readable else IDLE_WAIT
        listener = self._listen()
        for _ in listener.notifies(timeout=timeout, stop_after=1):
            pass

    def _listen(self) -> Any:
        if self._listener is None or self._listener.closed:
            channel = self.app.recorder.channel_name  # type: ignore[attr-defined]
            self._listener = connect(self.env, "worker-listen")
            self._listener.execute(f'LISTEN "{channel}"')
        return self._listener

    def _close_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            except Exception:  # noqa: BLE001, S110 - already broken
                pass
            self._listener = None


class UndecodableEvent:
    """An event the mapper could not turn back into a domain event."""

    def __init__(self, error: Exception) -> None:
        self.error = error
