"""SQLite recorders that support subscriptions by polling.

The library's `SQLiteApplicationRecorder.subscribe()` raises
NotImplementedError, so `ProjectionRunner` cannot follow an SQLite-backed
application. These subclasses add a polling subscription.

Select with
``APPLICATION_RECORDER_TOPIC=omstilling.eventstore.sqlite:PollingSQLiteApplicationRecorder``
(and ``PROCESS_RECORDER_TOPIC=...:PollingSQLiteProcessRecorder``).

Concurrent readers: the library's connection pool already switches file
databases to WAL journal mode when it opens the first connection, so readers
(including the polling thread) do not block the writer and vice versa.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from eventsourcing.persistence import (
    ApplicationRecorder,
    ListenNotifySubscription,
    Subscription,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteProcessRecorder

__all__ = [
    "PollingSQLiteApplicationRecorder",
    "PollingSQLiteProcessRecorder",
    "PollingSQLiteSubscription",
]


class PollingSQLiteSubscription(ListenNotifySubscription[SQLiteApplicationRecorder]):
    """Subscription that polls `select_notifications` in id order.

    Polling in id order is gap-safe on SQLite: it serialises writers (one
    write transaction per database file at a time) and the rowid used as the
    notification id is assigned inside the write transaction as max+1, so id
    order equals commit order and a reader never sees a higher id before a
    lower one. (Ids of a rolled-back transaction may be reused, but no reader
    ever saw them. Deleting the newest rows would also let their ids be reused;
    events are never deleted.)
    """

    poll_interval: ClassVar[float] = 0.05
    """Seconds between polls; nothing notifies across SQLite connections."""

    def _loop_on_pull(self) -> None:
        try:
            self._pull()  # Already recorded events.
            while not self._has_been_stopped:
                # Only stop() sets the event; otherwise this is the poll delay.
                self._has_been_notified.wait(timeout=self.poll_interval)
                self._pull()  # Newly recorded events.
        except BaseException as e:
            if self._thread_error is None:
                self._thread_error = e
            self.stop()


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """`SQLiteApplicationRecorder` whose `subscribe()` works (by polling)."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        """Poll for notifications after `gt`; see `PollingSQLiteSubscription`."""
        return PollingSQLiteSubscription(recorder=self, gt=gt, topics=topics)

    def max_written_notification_id(self) -> int | None:
        """One writer at a time: what is committed is what readers see."""
        return self.max_notification_id()


class PollingSQLiteProcessRecorder(SQLiteProcessRecorder, PollingSQLiteApplicationRecorder):
    """Process recorder (events + tracking atomically) that can be subscribed to."""
