"""Versioned SQL for the read models, applied in order, each once, recorded in schema_migrations."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import psycopg

from omstilling.eventstore import is_postgres

FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
LOCK_KEY = 4_711_2024  # advisory lock: two servers starting at once apply each file once


def migration_files() -> list[tuple[str, str, str]]:
    """(version, name, sql) for every file in this package, in version order."""
    found = []
    for entry in resources.files(__package__).iterdir():
        match = FILE.match(entry.name)
        if match:
            found.append((match.group(1), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def statements(sql: str) -> list[str]:
    without_comments = "\n".join(
        line for line in sql.splitlines() if not line.strip().startswith("--")
    )
    return [s.strip() for s in without_comments.split(";") if s.strip()]


def migrate(env: Mapping[str, str]) -> list[str]:
    """Apply what is not yet applied; return the versions applied now."""
    if is_postgres(env):
        return _migrate_postgres(env)
    return _migrate_sqlite(env["SQLITE_DBNAME"])


def postgres_connect(env: Mapping[str, str], **options: Any) -> psycopg.Connection[Any]:
    """A connection of its own to the event store's database; `options` go to psycopg."""
    return psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env.get("POSTGRES_PORT", "5432"),
        user=env.get("POSTGRES_USER"),
        password=env.get("POSTGRES_PASSWORD") or None,
        **options,
    )


def _migrate_postgres(env: Mapping[str, str]) -> list[str]:
    applied: list[str] = []
    schema = env.get("POSTGRES_SCHEMA")
    with postgres_connect(env) as conn, conn.transaction():
        if schema:
            conn.execute(f'SET LOCAL search_path TO "{schema}"')
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migration_files():
            if version in done:
                continue
            for statement in statements(sql):
                conn.execute(statement.encode())
            conn.execute(
                "INSERT INTO schema_migrations VALUES (%s, %s, %s)",
                (version, name, datetime.now(UTC).isoformat()),
            )
            applied.append(version)
    return applied


def _migrate_sqlite(path: str) -> list[str]:
    applied: list[str] = []
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migration_files():
            if version in done:
                continue
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                (version, name, datetime.now(UTC).isoformat()),
            )
            applied.append(version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return applied
