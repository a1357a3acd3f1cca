"""Rebuilding the read models from the log gives back exactly the tables the runtime wrote."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from omstilling.demo import demo_principals, seed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime, rebuild
from tests.factories import READ_MODEL_TABLES, dump_read_models, execute, fresh_database, reader

Tables = dict[str, list[tuple[object, ...]]]


@dataclass(frozen=True)
class Seeded:
    """The demo told once through a running runtime (then stopped), and what its projections wrote."""

    backend: str
    env: dict[str, str]
    tables: Tables


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    path = tmp_path_factory.mktemp("seeded")

    def tell(env: dict[str, str]) -> Seeded:
        runtime = Runtime(env)
        try:
            seed(runtime)
        finally:
            runtime.close()
        return Seeded(request.param, env, dump_read_models(env))

    if request.param == "sqlite":
        yield tell(event_store_env(None, sqlite_path=str(path / "events.sqlite")))
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield tell(event_store_env(url, sqlite_path=str(path / "unused.sqlite")))


@pytest.fixture
def env(seeded: Seeded, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A copy of the seeded database for one test to rebuild and damage (seeding takes seconds)."""
    if seeded.backend == "sqlite":
        copy = tmp_path / "events.sqlite"
        with (
            closing(sqlite3.connect(seeded.env["SQLITE_DBNAME"])) as source,
            closing(sqlite3.connect(copy)) as target,
        ):
            source.backup(target)  # the write-ahead log included
        yield {**seeded.env, "SQLITE_DBNAME": str(copy)}
        return
    server = request.getfixturevalue("postgres_url")
    name = f"omstilling_copy_{uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(seeded.env["POSTGRES_DBNAME"])
            )
        )
    try:
        yield {**seeded.env, "POSTGRES_DBNAME": name}
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_the_copy_holds_what_the_runtime_wrote(env: dict[str, str], seeded: Seeded) -> None:
    assert dump_read_models(env) == seeded.tables


def test_rebuild_gives_identical_tables(env: dict[str, str], seeded: Seeded) -> None:
    before = seeded.tables
    assert set(before) == set(READ_MODEL_TABLES)
    assert all(before[table] for table in READ_MODEL_TABLES), {t: len(r) for t, r in before.items()}

    counts = rebuild(env)

    assert dump_read_models(env) == before
    assert set(counts.values()) == {len(before["audit_trail"])}


def test_rebuild_repairs_damaged_read_models(env: dict[str, str], seeded: Seeded) -> None:
    before = seeded.tables
    execute(env, "DELETE FROM plan_versions WHERE version_number > 1")
    execute(env, "UPDATE programmes SET phase = 'ended', name = 'Feil navn'")
    execute(
        env, "DELETE FROM audit_trail WHERE position IN (SELECT MAX(position) FROM audit_trail)"
    )
    assert dump_read_models(env) != before

    rebuild(env)

    assert dump_read_models(env) == before


def test_a_runtime_started_after_a_rebuild_continues_without_doubling_rows(
    env: dict[str, str],
    seeded: Seeded,
) -> None:
    before = seeded.tables
    rebuild(env)
    runtime = Runtime(env)
    try:
        batsfjord = next(
            r
            for r in runtime.programmes.programmes(granting_counties=["54"])
            if "Båtsfjord" in r.name
        )
        row = runtime.plans.plan_for_programme(batsfjord.programme_id)
        assert row is not None
        plan_id = UUID(row["plan_id"])
        editor = demo_principals()["Båtsfjord editor (redaktør)"]
        runtime.command(
            lambda app: app.start_plan_revision(editor, plan_id, reason="Oktoberrullering 2025")
        )
        after = dump_read_models(env)
        assert len(after["audit_trail"]) == len(before["audit_trail"]) + 1
        assert after["audit_trail"][:-1] == before["audit_trail"]
        assert len(after["plan_versions"]) == len(before["plan_versions"]) + 1
        assert runtime.app.plan(reader("5632"), plan_id).version_number == 4
    finally:
        runtime.close()
