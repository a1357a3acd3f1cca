"""The transaction-ordered PostgreSQL recorder: concurrent writers, no gaps, no stalls."""

from __future__ import annotations

import queue
import random
import threading
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    Notification,
    RecordConflictError,
    Recording,
    StoredEvent,
    Subscription,
    Tracking,
)
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Identifier

from omstilling.eventstore import event_store_env, is_postgres
from omstilling.eventstore.postgres import (
    MAX_EVENTS_PER_TRANSACTION,
    ORDINAL_BITS,
    BatchTooLargeError,
    TransactionOrderedApplicationRecorder,
    TransactionOrderedProcessRecorder,
    TransactionOrderedSubscription,
)

# --- A tiny domain, defined here so the test does not depend on other packages.


class Tally(Aggregate):
    """An aggregate whose only behaviour is to record amounts."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.amounts: list[int] = []

    @event("Counted")
    def count(self, amount: int) -> None:
        self.amounts.append(amount)


class Tallies(Application[UUID]):
    """Application whose events table the tests write to (``tallies_events``)."""

    name = "Tallies"


# --- A materialised view that records each event it sees, atomically with tracking.


class SeenEventsView(PostgresTrackingRecorder):
    """One row per processed event; the primary key makes a duplicate delivery fail."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.seen_table_name = self.tracking_table_name.removesuffix("_tracking") + "_seen"
        self.check_identifier_length(self.seen_table_name)
        table = SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self.seen_table_name)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {table} ("
                "originator_id uuid NOT NULL, "
                "originator_version bigint NOT NULL, "
                "notification_id bigint NOT NULL, "
                "PRIMARY KEY (originator_id, originator_version))"
            ).format(table=table)
        )
        self.insert_seen_statement = SQL("INSERT INTO {table} VALUES (%s, %s, %s)").format(
            table=table
        )
        self.select_seen_statement = SQL(
            "SELECT originator_id, originator_version, notification_id FROM {table}"
        ).format(table=table)

    def record_seen(self, originator_id: UUID, originator_version: int, tracking: Tracking) -> None:
        """Insert the view row and the tracking row in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                self.insert_seen_statement,
                (originator_id, originator_version, tracking.notification_id),
            )
            self._insert_tracking(curs, tracking)

    def seen(self) -> list[tuple[UUID, int, int]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_seen_statement)
            return [
                (row["originator_id"], row["originator_version"], row["notification_id"])
                for row in curs.fetchall()
            ]


class SeenEvents(Projection[SeenEventsView]):
    name = "seen_events"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.record_seen(domain_event.originator_id, domain_event.originator_version, tracking)


# --- Helpers.


@pytest.fixture
def env(fresh_postgres_url: str) -> dict[str, str]:
    return event_store_env(fresh_postgres_url, sqlite_path="unused.sqlite", pool_size=2)


@pytest.fixture
def app(env: dict[str, str]) -> Iterator[Tallies]:
    application = Tallies(env=env)
    try:
        yield application
    finally:
        application.close()


def recorder_of(app: Tallies) -> TransactionOrderedApplicationRecorder:
    recorder = app.recorder
    assert isinstance(recorder, TransactionOrderedApplicationRecorder)
    return recorder


def stored_event(originator_id: UUID, version: int) -> StoredEvent:
    return StoredEvent(
        originator_id=originator_id,
        originator_version=version,
        topic="tests:Raw",
        state=b"{}",
    )


def all_notifications(recorder: TransactionOrderedApplicationRecorder) -> list[Notification]:
    return list(recorder.select_notifications(start=None, limit=1_000_000))


def next_in_background(
    subscription: Subscription[Any],
) -> queue.Queue[Notification]:
    """Feed a subscription's items into a queue, so tests can wait with a timeout."""
    items: queue.Queue[Notification] = queue.Queue()

    def pump() -> None:
        for notification in subscription:
            items.put(notification)

    threading.Thread(target=pump, daemon=True).start()
    return items


# --- Tests that need no database.


def test_event_store_env_parses_postgres_urls() -> None:
    env = event_store_env(
        "postgresql://app%40corp:p%2Fss%3Aword@db.example:6543/omst%20illing?schema=tenant_a",
        sqlite_path="x.sqlite",
        pool_size=7,
    )
    assert env == {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": "omst illing",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "app@corp",
        "POSTGRES_PASSWORD": "p/ss:word",
        "POSTGRES_POOL_SIZE": "7",
        "POSTGRES_MAX_OVERFLOW": "2",
        "POSTGRES_SCHEMA": "tenant_a",
        "APPLICATION_RECORDER_TOPIC": get_topic(TransactionOrderedApplicationRecorder),
        "PROCESS_RECORDER_TOPIC": get_topic(TransactionOrderedProcessRecorder),
    }
    assert is_postgres(env)
    minimal = event_store_env("postgresql://me@localhost/db", sqlite_path="x.sqlite")
    assert (minimal["POSTGRES_PORT"], minimal["POSTGRES_PASSWORD"]) == ("5432", "")
    assert "POSTGRES_SCHEMA" not in minimal


@pytest.mark.parametrize(
    "url",
    [
        "mysql://me@localhost/db",
        "postgresql://localhost/db",  # no user
        "postgresql://me@localhost/",  # no database
        "postgresql://me@localhost/db?sslmode=require",  # would be silently ignored
    ],
)
def test_event_store_env_rejects_what_it_cannot_honour(url: str) -> None:
    with pytest.raises(ValueError, match="event store URL must be"):
        event_store_env(url, sqlite_path="x.sqlite")


# --- Tests against a real PostgreSQL server.


@pytest.mark.postgres
def test_projection_sees_every_event_exactly_once_with_eight_concurrent_writers(
    env: dict[str, str],
) -> None:
    writers, events_per_writer = 8, 500
    apps = [Tallies(env=env) for _ in range(writers)]  # Tables created sequentially here.
    written: list[list[tuple[UUID, int, int]]] = [[] for _ in range(writers)]
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def record(index: int, recordings: Sequence[Recording[UUID]]) -> None:
        for recording in recordings:
            event = recording.domain_event
            written[index].append(
                (event.originator_id, event.originator_version, recording.notification.id)
            )

    def write(index: int) -> None:
        try:
            app, rng = apps[index], random.Random(index)
            tallies = [Tally(f"w{index}-{n}") for n in range(3)]
            start.wait()
            record(index, app.save(*tallies))  # Three creation events, one transaction.
            total = len(tallies)
            while (remaining := events_per_writer - total) > 0:
                shape = 0 if remaining == 1 else rng.randrange(3)
                if shape == 0:  # One event of one aggregate.
                    tally = rng.choice(tallies)
                    tally.count(1)
                    pending = [tally]
                    total += 1
                elif shape == 1:  # Several events of one aggregate.
                    tally = rng.choice(tallies)
                    k = min(rng.randint(2, 6), remaining)
                    for _ in range(k):
                        tally.count(2)
                    pending = [tally]
                    total += k
                else:  # Events of two aggregates in one transaction.
                    pending = rng.sample(tallies, 2)
                    for tally in pending:
                        tally.count(3)
                    total += 2
                record(index, app.save(*pending))
        except BaseException as e:  # Reported by the main thread.
            errors.append(e)

    with ProjectionRunner(
        application_class=Tallies,
        projection_class=SeenEvents,
        view_class=SeenEventsView,
        env=env,
    ) as runner:
        threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors

        expected = [item for per_writer in written for item in per_writer]
        assert len(expected) == writers * events_per_writer
        max_written_id = max(notification_id for _, _, notification_id in expected)
        runner.wait(max_written_id, timeout=60)

        seen = runner.view.seen()
        assert len(seen) == len(expected)  # The primary key already forbids duplicates.
        assert {(o, v) for o, v, _ in seen} == {(o, v) for o, v, _ in expected}
        # The view tracked the same ids the writers were given.
        assert sorted(n for _, _, n in seen) == sorted(n for _, _, n in expected)

        recorder = recorder_of(apps[0])
        assert recorder.max_notification_id() == max_written_id
        ids = [n.id for n in all_notifications(recorder)]
        assert ids == sorted(ids) and len(ids) == len(set(ids)) == len(expected)
    for app in apps:
        app.close()


@pytest.mark.postgres
def test_notification_ids_follow_transaction_order_and_reader_skips_none_when_an_earlier_transaction_commits_late(  # noqa: E501
    app: Tallies,
) -> None:
    recorder = recorder_of(app)
    a_id, b_id = uuid4(), uuid4()
    a_events = [stored_event(a_id, 1), stored_event(a_id, 2)]
    b_events = [stored_event(b_id, 1)]

    with recorder.datastore.get_connection() as conn_a:
        with conn_a.transaction():
            with conn_a.cursor() as curs:
                recorder._insert_stored_events(curs, a_events)  # noqa: SLF001
                a_ids = [row["notification_id"] for row in curs.fetchall()]
            # A is still open: B begins later, inserts and commits first.
            b_ids = recorder.insert_events(b_events)
            assert b_ids is not None

            assert a_ids[1] == a_ids[0] + 1  # Positions within one transaction.
            assert a_ids[0] >> ORDINAL_BITS < b_ids[0] >> ORDINAL_BITS
            assert max(a_ids) < min(b_ids)  # Id order = transaction order, not commit order.

            # B has committed, but a reader must not see it yet: if it did, it
            # would move past A's lower ids before A's rows become visible.
            assert recorder.select_notifications(start=None, limit=10) == []
            assert recorder.max_notification_id() is None
        # A commits late.

    notifications = recorder.select_notifications(start=None, limit=10)
    assert [(n.originator_id, n.originator_version, n.id) for n in notifications] == [
        (a_id, 1, a_ids[0]),
        (a_id, 2, a_ids[1]),
        (b_id, 1, b_ids[0]),
    ]
    assert recorder.max_notification_id() == b_ids[0]
    # Paging by id after A's last event still finds B.
    after_a = recorder.select_notifications(start=a_ids[1], limit=10, inclusive_of_start=False)
    assert [n.id for n in after_a] == b_ids


@pytest.mark.postgres
def test_stale_version_is_refused_and_writes_nothing(app: Tallies) -> None:
    recorder = recorder_of(app)
    tally = Tally("original")
    app.save(tally)
    stale: Tally = app.repository.get(tally.id)
    tally.count(1)
    app.save(tally)
    before = all_notifications(recorder)

    stale.count(99)  # Also version 2.
    bystander = Tally("in the same transaction")
    with pytest.raises(IntegrityError) as raised:
        app.save(stale, bystander)
    assert isinstance(raised.value, RecordConflictError)

    assert all_notifications(recorder) == before
    assert app.repository.get(tally.id).amounts == [1]
    with pytest.raises(AggregateNotFoundError):
        app.repository.get(bystander.id)


@pytest.mark.postgres
def test_aborted_transaction_does_not_stall_the_subscription(app: Tallies) -> None:
    recorder = recorder_of(app)
    first = app.save(Tally("before"))[0].notification.id
    doomed_id, survivor_id = uuid4(), uuid4()

    with recorder.subscribe(gt=None) as subscription:
        assert isinstance(subscription, TransactionOrderedSubscription)
        items = next_in_background(subscription)
        assert items.get(timeout=5).id == first

        with recorder.datastore.get_connection() as conn, conn.transaction() as transaction:
            with conn.cursor() as curs:
                recorder._insert_stored_events(curs, [stored_event(doomed_id, 1)])  # noqa: SLF001
            survivor_ids = recorder.insert_events([stored_event(survivor_id, 1)])
            assert survivor_ids is not None
            # The survivor's NOTIFY has woken the subscription, but the open
            # (earlier) transaction holds the survivor back.
            with pytest.raises(queue.Empty):
                items.get(timeout=0.5)
            # Abort: PostgreSQL sends no NOTIFY for an aborted transaction.
            raise psycopg.Rollback(transaction)

        delivered = items.get(timeout=5)
        assert (delivered.originator_id, delivered.id) == (survivor_id, survivor_ids[0])
        with pytest.raises(queue.Empty):
            items.get(timeout=0.3)


@pytest.mark.postgres
def test_oversized_batch_is_refused_before_anything_is_written(app: Tallies) -> None:
    recorder = recorder_of(app)
    one = stored_event(uuid4(), 1)
    too_many: Sequence[StoredEvent] = [one] * (MAX_EVENTS_PER_TRANSACTION + 1)
    with pytest.raises(BatchTooLargeError, match="at most 1048575"):
        recorder.insert_events(too_many)
    assert recorder.max_notification_id() is None


@pytest.mark.postgres
def test_process_recorder_records_events_and_tracking_atomically(env: dict[str, str]) -> None:
    factory = InfrastructureFactory.construct(env=env)
    try:
        recorder = factory.process_recorder()
        assert isinstance(recorder, TransactionOrderedProcessRecorder)
        huge = 1 << 60  # Upstream ids are large; tracking columns are bigint.
        ids = recorder.insert_events(
            [stored_event(uuid4(), 1)], tracking=Tracking("Upstream", huge)
        )
        assert recorder.max_tracking_id("Upstream") == huge
        assert ids is not None and recorder.max_notification_id() == ids[0]
        with pytest.raises(IntegrityError):  # Same position again: nothing recorded.
            recorder.insert_events([stored_event(uuid4(), 1)], tracking=Tracking("Upstream", huge))
        assert recorder.max_notification_id() == ids[0]
    finally:
        factory.close()


@pytest.mark.postgres
def test_library_factory_selects_the_recorder_from_the_environment(
    app: Tallies, fresh_postgres_url: str
) -> None:
    recorder = recorder_of(app)
    assert recorder.events_table_name == "tallies_events"
    with psycopg.connect(fresh_postgres_url) as conn:
        default = conn.execute(
            "SELECT column_default, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'tallies_events' AND column_name = 'notification_id'"
        ).fetchone()
    assert default == (None, "NO")  # No sequence behind the id.
