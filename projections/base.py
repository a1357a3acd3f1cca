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
    def batch(self) -> Iterator[None]:
        """Write many events' rows and positions in one transaction: all of them or none."""
        with (
            self.datastore.transaction(commit=True) as cursor,  # type: ignore[attr-defined]
            nullcontext() if self.is_sqlite else cursor.connection.pipeline(),
        ):
            # On PostgreSQL the batch is pipelined: statements go out without waiting for
            # each answer; a read inside the batch syncs first.
            if self.is_sqlite:
                # Take the write lock now: in WAL mode a transaction that reads first cannot
                # write once another view has committed ('database is locked', no waiting).
                cursor.execute("ROLLBACK")
                cursor.execute("BEGIN IMMEDIATE")
            self._batch.cursor, self._batch.position = cursor, None
            try:
                yield
                # One position row per batch: updating the same row once per event inside one
                # transaction makes each update walk a longer chain of row versions.
                if self._batch.position is not None:
                    self._insert_tracking(cursor, self._batch.position)  # type: ignore[attr-defined]
            finally:
                self._batch.cursor = self._batch.position = None

    def write(self, tracking: Tracking, statements: Iterable[Statement]) -> None:
        """Apply the rows and record the position atomically: never lost, never doubled."""
        open_batch = getattr(self._batch, "cursor", None)
        if open_batch is not None:
            self._execute(open_batch, statements)
            self._batch.position = tracking
            return
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._execute(cursor, statements)
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]

    def _execute(self, cursor: Any, statements: Iterable[Statement]) -> None:
        for statement, params in statements:
            cursor.execute(self._sql(statement), tuple(params))

    def track_only(self, tracking: Tracking) -> None:
        """An event this model ignores still moves its position, so waits end."""
        self.write(tracking, ())

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        open_batch = getattr(self._batch, "cursor", None)
        if open_batch is not None:  # the projection reads what it wrote earlier in the batch
            open_batch.execute(self._sql(statement), tuple(params))
            return [dict(row) for row in open_batch.fetchall()]
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
