"""Lock-free, gap-safe PostgreSQL recorders for the `eventsourcing` library.

The library's default PostgreSQL application recorder takes
``LOCK TABLE ... IN EXCLUSIVE MODE`` in every writing transaction, so that the
order of the ``bigserial`` notification ids equals commit order. Without that
lock a reader tailing the table could pass over an id that an earlier, still
open transaction commits later. The lock serialises all writers of an
application, so throughput stops scaling at one writer.

`TransactionOrderedApplicationRecorder` keeps the guarantee without the lock:

* ids are ``(pg_current_xact_id() << 20) + position in the batch``, so they
  are ordered by (writing transaction id, position), not by a sequence;
* readers only look below the "horizon" ``pg_snapshot_xmin(...) << 20`` where
  every writing transaction is already finished (see `visibility_horizon_sql`).

Select it with
``APPLICATION_RECORDER_TOPIC=omstilling.eventstore.postgres:TransactionOrderedApplicationRecorder``
(and ``PROCESS_RECORDER_TOPIC=...:TransactionOrderedProcessRecorder`` for
event-sourced projections).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    Notification,
    OperationalError,
    ProgrammingError,
    StoredEvent,
    Subscription,
)
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresProcessRecorder,
    PostgresSubscription,
)
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Literal

__all__ = [
    "ORDINAL_BITS",
    "MAX_EVENTS_PER_TRANSACTION",
    "BatchTooLargeError",
    "TransactionOrderedApplicationRecorder",
    "TransactionOrderedProcessRecorder",
    "TransactionOrderedSubscription",
    "visibility_horizon_sql",
]

ORDINAL_BITS = 20
"""Low bits of a notification id that hold the event's 1-based position in its batch."""

MAX_EVENTS_PER_TRANSACTION = (1 << ORDINAL_BITS) - 1
"""Largest batch one transaction may insert (ordinal 0 is never used)."""

# A transaction id shifted left by ORDINAL_BITS must fit in a signed bigint:
# full 64-bit xids (epoch << 32 | xid) below 2**43, i.e. fewer than 2048 xid
# wrap-arounds of the cluster, which is far beyond any realistic lifetime.
_NEW_NOTIFICATION_ID_SQL = f"(pg_current_xact_id()::text::bigint << {ORDINAL_BITS})"


def visibility_horizon_sql() -> SQL:
    """SQL expression for the lowest notification id a reader must not see yet.

    Every transaction id below the snapshot's xmin has committed or aborted,
    and any transaction that starts later gets a larger id, so the set of rows
    below the horizon only ever grows at its end; a reader that takes rows in
    id order below the horizon never skips a row. ``pg_current_snapshot()`` is
    the statement's own snapshot, so the horizon is consistent with the rows
    the same statement can see.
    """
    return SQL(f"(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {ORDINAL_BITS})")


_retry_briefly = retry((InterfaceError, OperationalError), max_attempts=3, wait=0.2)
"""The library retries ten times; with a pool that waits seconds for a connection that is
not coming, a request would hang for half a minute while the database is down. Three tries
ride over a dropped connection and answer an outage within seconds."""


class BatchTooLargeError(ProgrammingError):
    """A single transaction tried to record more events than an id can number."""


class TransactionOrderedSubscription(PostgresSubscription):
    """LISTEN/NOTIFY subscription that also re-polls on a short timeout.

    A row held back by a still-open earlier transaction becomes visible when
    that transaction ends, and nothing is notified then if it aborted (or if
    it wrote no events at all, e.g. a transaction in another database holding
    back the cluster-wide xmin). Polling bounds the delay in those cases.
    """

    poll_interval: ClassVar[float] = 0.2
    """Seconds between polls when no notification arrives."""

    def _loop_on_pull(self) -> None:
        try:
            self._pull()  # Already recorded events.
            while not self._has_been_stopped:
                self._has_been_notified.wait(timeout=self.poll_interval)
                self._pull()  # Newly visible events.
        except BaseException as e:
            if self._thread_error is None:
                self._thread_error = e
            self.stop()


class TransactionOrderedApplicationRecorder(PostgresApplicationRecorder):
    """Application recorder whose ids follow transaction order; no table lock.

    Writers never wait for each other (beyond row conflicts on the same
    aggregate version); readers see a prefix of the id order that only grows
    at its end. Ids are sparse and large (about ``xid * 2**20``): never assume
    they are contiguous. A long-running *writing* transaction anywhere in the
    cluster delays visibility of later events (never their correctness); the
    library's ``idle_in_transaction_session_timeout`` bounds idle ones.
    """

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        events_table_name: str = "stored_events",
    ):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        table = Identifier(self.events_table_name)
        stored_event_type = Identifier(self.stored_event_type_name)

        # Same table as the library's, but the id is supplied by the insert.
        self.sql_create_statements[self.create_table_statement_index] = SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{table} ("
            "originator_id {originator_id_type} NOT NULL, "
            "originator_version bigint NOT NULL, "
            "topic text, "
            "state bytea, "
            "notification_id bigint NOT NULL, "
            "PRIMARY KEY "
            "(originator_id, originator_version)) "
            "WITH ("
            "    autovacuum_enabled = true,"
            "    autovacuum_vacuum_threshold = 100000000,"
            "    autovacuum_vacuum_scale_factor = 0.5,"
            "    autovacuum_analyze_threshold = 1000,"
            "    autovacuum_analyze_scale_factor = 0.01"
            ")"
        ).format(
            schema=schema,
            table=table,
            originator_id_type=Identifier(self.datastore.originator_id_type),
        )

        self.insert_events_statement = self._insert_from(
            SQL("%s::{schema}.{stored_event_type}[]").format(
                schema=schema, stored_event_type=stored_event_type
            )
        )

        self.insert_and_notify_statement = SQL(
            "WITH inserted AS ({insert}) "
            "SELECT notification_id, pg_notify({channel}, '') FROM inserted"
        ).format(insert=self.insert_events_statement, channel=Literal(self.channel_name))
        self._insert_and_notify_bytes: bytes | None = None

        # No table lock: ordering comes from the ids and the read horizon.
        self.lock_table_statements = []

        # The maximum must respect the same horizon, or a runner waiting for it
        # could be told about an id that readers cannot see yet.
        self.max_notification_id_statement = SQL(
            "SELECT MAX(notification_id) FROM {schema}.{table} WHERE notification_id < {horizon}"
        ).format(schema=schema, table=table, horizon=visibility_horizon_sql())
        self.max_written_notification_id_statement = SQL(
            "SELECT MAX(notification_id) FROM {schema}.{table}"
        ).format(schema=schema, table=table)

        # The library's optional insert function (POSTGRES_ENABLE_DB_FUNCTIONS)
        # has one name per schema, so the last table to create it wins, and it
        # relies on bigserial. Ours is per table and numbers rows like above.
        self.pg_function_name_insert_events = self._insert_function_name()
        self.sql_invoke_pg_function_insert_events = SQL(
            "SELECT * FROM {schema}.{insert_events}((%s))"
        ).format(
            schema=schema,
            insert_events=Identifier(self.pg_function_name_insert_events),
        )
        self.sql_create_pg_function_insert_events = SQL(
            "CREATE OR REPLACE FUNCTION "
            "{schema}.{insert_events}(events {schema}.{event}[]) "
            "RETURNS SETOF bigint "
            "LANGUAGE plpgsql "
            "AS "
            "$BODY$"
            "BEGIN"
            "    NOTIFY {channel};"
            "    RETURN QUERY {insert};"
            "END;"
            "$BODY$"
        ).format(
            schema=schema,
            insert_events=Identifier(self.pg_function_name_insert_events),
            event=stored_event_type,
            channel=Identifier(self.channel_name),
            insert=self._insert_from(SQL("events")),
        )
        self.sql_create_statements[self.create_insert_function_statement_index] = (
            self.sql_create_pg_function_insert_events
        )

    def _insert_from(self, events_array: SQL | Composed) -> Composed:
        """INSERT ... SELECT that numbers rows by (transaction id, 1-based position)."""
        return SQL(
            "INSERT INTO {schema}.{table} AS t ("
            "originator_id, originator_version, topic, state, notification_id) "
            "SELECT e.originator_id, e.originator_version, e.topic, e.state, "
            + _NEW_NOTIFICATION_ID_SQL
            + " + e.ordinal "
            "FROM unnest({events}) WITH ORDINALITY "
            "AS e(originator_id, originator_version, topic, state, ordinal) "
            "ORDER BY e.ordinal "
            "RETURNING notification_id"
        ).format(
            schema=Identifier(self.datastore.schema),
            table=Identifier(self.events_table_name),
            events=events_array,
        )

    def _insert_function_name(self) -> str:
        """Per-table function name, hashed when the table name is too long."""
        name = f"es_txo_insert_{self.events_table_name}"
        if len(name) > self.MAX_IDENTIFIER_LEN:
            digest = hashlib.sha1(self.events_table_name.encode()).hexdigest()[:16]
            name = f"es_txo_insert_{digest}"
        return name

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Refuse oversized batches before anything (e.g. tracking) is written."""
        if len(stored_events) > MAX_EVENTS_PER_TRANSACTION:
            msg = (
                f"Cannot record {len(stored_events)} events in one transaction: "
                f"at most {MAX_EVENTS_PER_TRANSACTION} (2**{ORDINAL_BITS}-1) fit in "
                "the position bits of a notification id. Save in smaller batches."
            )
            raise BatchTooLargeError(msg)
        if self._records_tracking or not stored_events:
            notification_ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return notification_ids
        return self._insert_in_one_statement(stored_events)

    @property
    def _records_tracking(self) -> bool:
        """A process recorder writes a tracking row in the same transaction: the library's path."""
        return isinstance(self, PostgresProcessRecorder)

    @_retry_briefly
    def _insert_in_one_statement(self, stored_events: Sequence[StoredEvent]) -> Sequence[int]:
        """Insert and notify in one autocommitted statement: one round trip per command.

        With no table lock there is nothing else to do in the transaction, so BEGIN, the
        NOTIFY, the insert, a pipeline sync and COMMIT collapse into a single statement.
        """
        pg_stored_events = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            if self._insert_and_notify_bytes is None:
                # Composed once: rendering identifiers on every command costs more than it seems.
                self._insert_and_notify_bytes = self.insert_and_notify_statement.as_bytes(conn)
            curs.execute(self._insert_and_notify_bytes, (pg_stored_events,), prepare=True)
            return sorted(row["notification_id"] for row in curs.fetchall())

    select_events = _retry_briefly(
        PostgresApplicationRecorder.select_events.__wrapped__  # type: ignore[attr-defined]
    )
    max_notification_id = _retry_briefly(
        PostgresApplicationRecorder.max_notification_id.__wrapped__  # type: ignore[attr-defined]
    )

    def max_written_notification_id(self) -> int | None:
        """The last id committed, horizon or not: what a writer waits for its readers to reach
        (`max_notification_id` is what readers can see now, and may lag behind it)."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.max_written_notification_id_statement)
            row = curs.fetchone()
            return None if row is None else row["max"]

    def _lock_table(self, curs: Cursor[DictRow]) -> None:
        """Deliberately no lock: see `visibility_horizon_sql` for why it is safe."""

    @_retry_briefly
    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        """Notifications in id order, only from finished writing transactions.

        Only rows below the horizon (`visibility_horizon_sql`) are returned:
        every transaction id below the snapshot's xmin has committed or
        aborted, and later transactions get larger ids, so this set only grows
        at its end and a reader paging by id never skips a row.
        """
        params: list[int | str | Sequence[str]] = []
        statement = SQL("SELECT * FROM {schema}.{table} WHERE notification_id < {horizon}").format(
            schema=Identifier(self.datastore.schema),
            table=Identifier(self.events_table_name),
            horizon=visibility_horizon_sql(),
        )
        if start is not None:
            params.append(start)
            if inclusive_of_start:
                statement += SQL(" AND notification_id >= %s")
            else:
                statement += SQL(" AND notification_id > %s")
        if stop is not None:
            params.append(stop)
            statement += SQL(" AND notification_id <= %s")
        if topics:
            assert isinstance(topics, (tuple, list)), topics
            topic_list = list(topics)
            assert all(isinstance(t, str) for t in topic_list), topic_list
            params.append(topic_list)
            statement += SQL(" AND topic = ANY(%s)")
        params.append(limit)
        statement += SQL(" ORDER BY notification_id LIMIT %s")

        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return [
                Notification(
                    id=row["notification_id"],
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in curs.fetchall()
            ]

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        """Subscription that re-polls, so aborted or late writers never stall it."""
        return TransactionOrderedSubscription(recorder=self, gt=gt, topics=topics)


class TransactionOrderedProcessRecorder(
    PostgresProcessRecorder, TransactionOrderedApplicationRecorder
):
    """Process recorder (events + tracking in one transaction) with the same ids.

    Tracking rows store these large ids in ``bigint`` columns, which is fine.
    """
