"""SQLite event store: the default (no URL) configuration and its polling subscription."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import (
    InfrastructureFactory,
    Notification,
    Subscription,
    Tracking,
)
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from omstilling.eventstore import event_store_env, is_postgres
from omstilling.eventstore.sqlite import (
    PollingSQLiteApplicationRecorder,
    PollingSQLiteProcessRecorder,
    PollingSQLiteSubscription,
)


class Tally(Aggregate):
    def __init__(self, label: str) -> None:
        self.label = label
        self.amounts: list[int] = []

    @event("Counted")
    def count(self, amount: int) -> None:
        self.amounts.append(amount)


class Tallies(Application[UUID]):
    pass


class SeenEventsView(SQLiteTrackingRecorder):
    """One row per processed event, written in the tracking row's transaction."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.insert_seen_statement = "INSERT INTO seen_events VALUES (?, ?, ?)"

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS seen_events ("
            "originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, "
            "notification_id INTEGER NOT NULL, "
            "PRIMARY KEY (originator_id, originator_version))",
        ]

    def record_seen(self, originator_id: UUID, originator_version: int, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                self.insert_seen_statement,
                (originator_id.hex, originator_version, tracking.notification_id),
            )
            self._insert_tracking(c, tracking)

    def seen(self) -> list[tuple[UUID, int, int]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT originator_id, originator_version, notification_id "
                "FROM seen_events ORDER BY notification_id"
            )
            return [(UUID(r[0]), r[1], r[2]) for r in c.fetchall()]


class SeenEvents(Projection[SeenEventsView]):
    name = "seen_events"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.record_seen(domain_event.originator_id, domain_event.originator_version, tracking)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))


@pytest.fixture
def app(env: dict[str, str]) -> Iterator[Tallies]:
    application = Tallies(env=env)
    try:
        yield application
    finally:
        application.close()


def pump(subscription: Subscription[Any]) -> queue.Queue[Notification]:
    items: queue.Queue[Notification] = queue.Queue()

    def run() -> None:
        for notification in subscription:
            items.put(notification)

    threading.Thread(target=run, daemon=True).start()
    return items


def test_default_configuration_is_a_subscribable_sqlite_file_in_wal_mode(
    app: Tallies, env: dict[str, str], tmp_path: Path
) -> None:
    assert not is_postgres(env)
    assert env["SQLITE_DBNAME"] == str(tmp_path / "events.sqlite")
    assert isinstance(app.recorder, PollingSQLiteApplicationRecorder)

    tally = Tally("a")
    tally.count(5)
    recordings = app.save(tally)
    assert [r.notification.id for r in recordings] == [1, 2]
    assert app.repository.get(tally.id).amounts == [5]
    assert app.recorder.max_notification_id() == 2

    with sqlite3.connect(tmp_path / "events.sqlite") as conn:  # Concurrent readers need WAL.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"


def test_sqlite_urls_follow_the_sqlalchemy_convention() -> None:
    assert event_store_env("sqlite:///rel/x.db", sqlite_path="d")["SQLITE_DBNAME"] == "rel/x.db"
    assert event_store_env("sqlite:////abs/x.db", sqlite_path="d")["SQLITE_DBNAME"] == "/abs/x.db"
    with pytest.raises(ValueError, match="has no path"):
        event_store_env("sqlite://", sqlite_path="d")


def test_polling_subscription_delivers_events_written_after_subscribing_in_order(
    app: Tallies,
) -> None:
    early = Tally("early")
    app.save(early)
    last_before = app.recorder.max_notification_id()

    with app.recorder.subscribe(gt=last_before) as subscription:
        assert isinstance(subscription, PollingSQLiteSubscription)
        items = pump(subscription)
        late = Tally("late")
        for amount in range(10):
            late.count(amount)
            app.save(late)  # One transaction per event, while the subscriber polls.
        early.count(1)
        app.save(early)

        delivered = [items.get(timeout=5) for _ in range(12)]
        with pytest.raises(queue.Empty):
            items.get(timeout=0.2)

    ids = [n.id for n in delivered]
    assert ids == sorted(ids) and ids[0] > (last_before or 0)
    assert [(n.originator_id, n.originator_version) for n in delivered] == [
        *[(late.id, v) for v in range(1, 12)],
        (early.id, 2),
    ]


def test_projection_runner_follows_an_sqlite_application(app: Tallies, env: dict[str, str]) -> None:
    tallies = [Tally(f"t{n}") for n in range(3)]
    app.save(*tallies)
    with ProjectionRunner(
        application_class=Tallies,
        projection_class=SeenEvents,
        view_class=SeenEventsView,
        env=env,
    ) as runner:
        written = [(t.id, 1) for t in tallies]
        for round_ in range(20):
            tally = tallies[round_ % 3]
            tally.count(round_)
            tally.count(round_)
            for recording in app.save(tally):
                event = recording.domain_event
                written.append((event.originator_id, event.originator_version))
        runner.wait(app.recorder.max_notification_id(), timeout=10)
        seen = runner.view.seen()

    assert len(seen) == len(written) == 43
    assert sorted((o, v) for o, v, _ in seen) == sorted(written)
    assert [n for _, _, n in seen] == list(range(1, 44))


def test_process_recorder_can_be_subscribed_to(env: dict[str, str]) -> None:
    factory = InfrastructureFactory.construct(env=env)
    try:
        recorder = factory.process_recorder()
        assert isinstance(recorder, PollingSQLiteProcessRecorder)
        with recorder.subscribe() as subscription:
            assert isinstance(subscription, PollingSQLiteSubscription)
    finally:
        factory.close()
