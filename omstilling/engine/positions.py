"""How far each read model has come, as an API node knows it without polling.

Workers announce every committed batch (`NOTIFY omstilling_read_models, '<model>:<position>'`);
an API node listens on one connection of its own and wakes the requests waiting for their own
writes. A worker in the same process reports directly. The listening connection also tells
whether the database is there at all: while it is not, requests are refused at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import psycopg

from omstilling.engine.leases import connect
from omstilling.engine.store import APPLICATION_NAME
from omstilling.engine.worker import POSITIONS_CHANNEL
from projections.base import ReadModelView

log = logging.getLogger(__name__)

RECONNECT_PAUSE = 0.5


class PositionBoard:
    """The latest known position of every read model; waits end when the wanted ones arrive."""

    def __init__(self, views: Mapping[str, ReadModelView], env: Mapping[str, str] | None) -> None:
        self.views = dict(views)
        self.env = env  # PostgreSQL: listen for the workers' announcements
        self.positions: dict[str, int] = {}
        self.available = env is None
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self._tried = threading.Event()

    def start(self) -> PositionBoard:
        if self.env is None:
            self.refresh(self.read_recorded)
        else:
            self._thread = threading.Thread(
                target=self._listen, name="read-model-positions", daemon=True
            )
            self._thread.start()
            self._tried.wait(10)  # the first connection: ready (or known to be down) on return
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001, S110 - closing a broken connection
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)

    def advanced(self, name: str, position: int) -> None:
        with self._changed:
            if position > self.positions.get(name, 0):
                self.positions[name] = position
                self._changed.notify_all()

    def refresh(self, read: Callable[[ReadModelView], int | None]) -> None:
        for name, view in self.views.items():
            recorded = read(view)
            if recorded is not None:
                self.advanced(name, recorded)

    @staticmethod
    def read_recorded(view: ReadModelView) -> int | None:
        return view.max_tracking_id(APPLICATION_NAME)

    def reached(self, wanted: Mapping[str, int]) -> bool:
        return all(self.positions.get(name, 0) >= at for name, at in wanted.items())

    def wait(self, wanted: Mapping[str, int], timeout: float) -> bool:
        """True once every named read model has reached its position; False after `timeout`
        or as soon as the database is known to be gone."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self.reached(wanted):
                left = deadline - time.monotonic()
                if left <= 0 or not self.available:
                    return False
                self._changed.wait(left)
        return True

    # PostgreSQL: one listening connection, re-established whenever it breaks

    def _listen(self) -> None:
        assert self.env is not None
        while not self._stopping.is_set():
            try:
                self._conn = connect(self.env, "api-positions")
                self._conn.execute(f'LISTEN "{POSITIONS_CHANNEL}"')
                self.refresh(lambda view: self._recorded_on(self._conn, view))
                self._set_available(True)
                self._tried.set()
                while not self._stopping.is_set():
                    for note in self._conn.notifies(timeout=1.0):
                        name, _, position = note.payload.rpartition(":")
                        self.advanced(name, int(position))
                    self._conn.execute("SELECT 1")  # a dead server is noticed within a second
            except (psycopg.Error, OSError, ValueError) as error:
                if self._stopping.is_set():
                    return
                if self.available:
                    log.warning(
                        "database unavailable, refusing requests until it is back: %s", error
                    )
                self._set_available(False)
                self._tried.set()
                self._stopping.wait(RECONNECT_PAUSE)
            finally:
                if self._conn is not None and not self._conn.closed:
                    self._conn.close()

    def _set_available(self, available: bool) -> None:
        with self._changed:
            if available and not self.available:
                log.info("database reachable again")
            self.available = available
            self._changed.notify_all()

    @staticmethod
    def _recorded_on(conn: psycopg.Connection[Any] | None, view: ReadModelView) -> int | None:
        assert conn is not None
        row = conn.execute(
            f"SELECT notification_id FROM {view.qualified_tracking_table} "  # noqa: S608 - our own table name
            "WHERE application_name = %s",
            (APPLICATION_NAME,),
        ).fetchone()
        return None if row is None else int(row[0])
