"""Read-model views: tracking recorders whose rows and position commit in one transaction.

Each read model is written once, in portable SQL, and bound to PostgreSQL or SQLite by
`view_classes()`; statements use `%s` placeholders, translated for SQLite.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder

Statement = tuple[str, Sequence[Any]]


class PositionMoved(Exception):
    """Another writer moved a read model's position: this one no longer owns it."""


class ReadModelView(TrackingRecorder):
    """The write and read helpers every view shares, whatever the database."""

    tables: ClassVar[tuple[str, ...]] = ()
    is_sqlite: ClassVar[bool]  # set by the PostgreSQL or SQLite binding

    def _sql(self, statement: str) -> str:
        return statement.replace("%s", "?") if self.is_sqlite else statement

    @property
    def _batch(self) -> threading.local:
        """The projecting thread's open batch transaction; readers on other threads never see it."""
        local: threading.local | None = self.__dict__.get("_batch_local")
        if local is None:
            local = self.__dict__.setdefault("_batch_local", threading.local())
        return local

    @contextmanager
    def batch(self, application_name: str, expected: int | None, reach: int) -> Iterator[None]:
        """Move this model's position from `expected` to `reach` and write the rows the events
        in between make, in one transaction: all of it or nothing.

        The move is claimed first, as a compare-and-set on the position row, which also locks
        that row until commit: a second worker that believes it owns this model waits, then
        finds the position moved and raises `PositionMoved`; it never writes the same events'
        rows twice. `expected` None means no position is recorded yet.
        """
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            if self.is_sqlite:
                # Take the write lock now: in WAL mode a transaction that reads first cannot
                # write once another writer has committed ('database is locked', no waiting).
                cursor.execute("ROLLBACK")
                cursor.execute("BEGIN IMMEDIATE")
            cursor.execute(
                self._sql(
                    f"INSERT INTO {self.qualified_tracking_table} (application_name, notification_id) "
                    "VALUES (%s, %s) ON CONFLICT (application_name) DO UPDATE "
                    "SET notification_id = excluded.notification_id "
                    f"WHERE {self.qualified_tracking_table}.notification_id = %s "
                    "RETURNING notification_id"
                ),
                (application_name, reach, expected),
            )
            if cursor.fetchone() is None:
                raise PositionMoved(f"{type(self).__name__}: position is no longer {expected}")
            # On PostgreSQL the rows are pipelined: statements go out without waiting for each
            # answer. A read inside the batch uses a cursor of its own (see `rows`).
            with nullcontext() if self.is_sqlite else cursor.connection.pipeline():
                self._batch.cursor = cursor
                try:
                    yield
                finally:
                    self._batch.cursor = None

    def write(self, tracking: Tracking, statements: Iterable[Statement]) -> None:
        """Apply the rows and record the position atomically: never lost, never doubled.

        Inside `batch` the position was already claimed for the whole batch."""
        open_batch = getattr(self._batch, "cursor", None)
        if open_batch is not None:
            self._execute(open_batch, statements)
            return
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._execute(cursor, statements)
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        """One statement in a transaction of its own (bookkeeping beside the read model)."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._execute(cursor, [(statement, params)])

    def execute_in_batch(self, statement: str, params: Sequence[Any] = ()) -> None:
        """A statement of the worker's own (a notification, a quarantine row) in the batch."""
        self._execute(self._batch.cursor, [(statement, params)])

    def _execute(self, cursor: Any, statements: Iterable[Statement]) -> None:
        for statement, params in statements:
            cursor.execute(self._sql(statement), tuple(params))

    def track_only(self, tracking: Tracking) -> None:
        """An event this model ignores still moves its position, so waits end."""
        self.write(tracking, ())

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        open_batch = getattr(self._batch, "cursor", None)
        if open_batch is not None:  # the projection reads what it wrote earlier in the batch
            if self.is_sqlite:
                open_batch.execute(self._sql(statement), tuple(params))
                return [dict(row) for row in open_batch.fetchall()]
            # A fresh cursor: in a pipeline, results of statements still queued on the batch's
            # cursor arrive later and would replace what a fetch on that cursor reads.
            with open_batch.connection.cursor() as reader:
                reader.execute(statement, tuple(params))
                return [dict(row) for row in reader.fetchall()]
        with self.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute(self._sql(statement), tuple(params))
            return [dict(row) for row in cursor.fetchall()]

    def row(self, statement: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(statement, params)
        return found[0] if found else None

    def clear(self) -> None:
        """Empty this model and forget its position, so it can be rebuilt from the log."""
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            for table in self.tables:
                cursor.execute(f"DELETE FROM {table}")
            # Keep the library's own '__migration__' row: it marks the table's layout.
            cursor.execute(
                f"DELETE FROM {self.tracking_table} WHERE application_name <> '__migration__'"
            )

    @property
    def qualified_tracking_table(self) -> str:
        if self.is_sqlite:
            return self._sqlite_tracking_table
        schema = self.datastore.schema  # type: ignore[attr-defined]
        return f'"{schema}"."{self.tracking_table_name}"'  # type: ignore[attr-defined]

    @property
    def tracking_table(self) -> str:
        if self.is_sqlite:
            return self._sqlite_tracking_table
        return self.tracking_table_name  # type: ignore[attr-defined,no-any-return]

    @property
    def _sqlite_tracking_table(self) -> str:
        return f"{type(self).__name__.lower()}_tracking"


class PostgresView(PostgresTrackingRecorder):
    is_sqlite = False


class SQLiteView(SQLiteTrackingRecorder):
    """The library names every SQLite tracking table `tracking`; one per view keeps
    each read model's position its own when several share the database file."""

    is_sqlite = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = f"{type(self).__name__.lower()}_tracking"
        rename = re.compile(r"\btracking\b")
        self.insert_tracking_statement = rename.sub(table, self.insert_tracking_statement)
        self.select_max_tracking_id_statement = rename.sub(
            table, self.select_max_tracking_id_statement
        )

    def construct_create_table_statements(self) -> list[str]:
        table = f"{type(self).__name__.lower()}_tracking"
        return [
            re.sub(r"\btracking\b", table, s) for s in super().construct_create_table_statements()
        ]


def view_classes(base: type[ReadModelView]) -> dict[str, type[TrackingRecorder]]:
    """The PostgreSQL and SQLite bindings of one read model, keyed by persistence module."""
    name = base.__name__
    return {
        "eventsourcing.postgres": type(f"Postgres{name}", (base, PostgresView), {}),
        "eventsourcing.sqlite": type(f"SQLite{name}", (base, SQLiteView), {}),
    }


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)
