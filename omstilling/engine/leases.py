"""Who owns which read model: PostgreSQL advisory locks held by a worker's lease connection.

A session lock lives exactly as long as the connection that took it: when a worker dies or
loses its connection the server releases its locks, and another worker's next claim takes
them over. On the embedded SQLite store one process runs everything and owns every model.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

import psycopg

from migrations import postgres_connect
from omstilling.eventstore import is_postgres

log = logging.getLogger(__name__)

LEASE_NAMESPACE = 71_471  # first key of pg_try_advisory_lock(int, int): read-model ownership
SCHEMA_NAMESPACE = 71_472  # creating tables and applying migrations, one process at a time
CONNECT_TIMEOUT_SECONDS = 3


def connect(env: Mapping[str, str], purpose: str) -> psycopg.Connection[Any]:
    """A connection of its own (not from a pool), for locks and notifications; named after
    its purpose and process, so that an operator can count each process's connections."""
    conn = postgres_connect(
        env,
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        autocommit=True,
        application_name=f"omstilling-{purpose}-{os.getpid()}",
    )
    schema = env.get("POSTGRES_SCHEMA")
    if schema:
        conn.execute(
            psycopg.sql.SQL("SET search_path TO {}").format(psycopg.sql.Identifier(schema))
        )
    return conn


def lease_key(env: Mapping[str, str], name: str) -> str:
    """Deployments that share a database in different schemas own their models apart."""
    return f"{env.get('POSTGRES_SCHEMA') or 'public'}.{name}"


class Leases(Protocol):
    def claim(self, names: Iterable[str]) -> set[str]:
        """Take what is free among `names`; answer every name now held."""

    def alive(self) -> bool:
        """Whether the names held are still held (the lease connection answers)."""

    def close(self) -> None: ...


class LocalLeases:
    """One process, one owner: every model is always this process's."""

    def __init__(self) -> None:
        self.held: set[str] = set()

    def claim(self, names: Iterable[str]) -> set[str]:
        self.held |= set(names)
        return set(self.held)

    def alive(self) -> bool:
        return True

    def close(self) -> None:
        self.held.clear()


class PostgresLeases:
    """Advisory locks on one connection; losing the connection loses them all at once."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.held: set[str] = set()
        self._conn: psycopg.Connection[Any] | None = None

    def claim(self, names: Iterable[str]) -> set[str]:
        wanted = [n for n in names if n not in self.held]
        if wanted:
            conn = self._connection()
            for name in wanted:
                row = conn.execute(
                    "SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                    (LEASE_NAMESPACE, lease_key(self.env, name)),
                ).fetchone()
                if row and row[0]:
                    self.held.add(name)
                    log.info("worker took over read model %s", name)
        return set(self.held)

    def alive(self) -> bool:
        if self._conn is None:
            return not self.held
        try:
            self._conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            self.close()
            return False

    def close(self) -> None:
        if self.held:
            log.info("worker released read models %s", ", ".join(sorted(self.held)))
        self.held.clear()
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self.held.clear()
            self._conn = connect(self.env, "leases")
        return self._conn


def leases_for(env: Mapping[str, str]) -> Leases:
    return PostgresLeases(env) if is_postgres(env) else LocalLeases()


@contextmanager
def schema_lock(env: Mapping[str, str]) -> Iterator[None]:
    """Processes starting together on a fresh database create its tables one at a time
    (concurrent CREATE TABLE IF NOT EXISTS fails with 'tuple concurrently updated')."""
    if not is_postgres(env):
        yield
        return
    with connect(env, "setup") as conn:
        conn.execute("SELECT pg_advisory_lock(%s, 0)", (SCHEMA_NAMESPACE,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, 0)", (SCHEMA_NAMESPACE,))
