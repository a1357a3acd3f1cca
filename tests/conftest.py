"""Shared test fixtures: a real, throwaway PostgreSQL server for the session.

Tests that need PostgreSQL take `postgres_url` (the server) or
`fresh_postgres_url` (a new empty database per test) and are marked
``@pytest.mark.postgres``; using either fixture also adds the mark, so
``pytest -m "not postgres"`` deselects them reliably.

Set ``OMSTILLING_TEST_POSTGRES_URL`` to use an existing server instead (its
user needs CREATEDB for `fresh_postgres_url`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.postgres_server import PostgresUnavailable, temporary_postgres

POSTGRES_FIXTURES = frozenset({"postgres_url", "fresh_postgres_url"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a PostgreSQL fixture, even if its author forgot."""
    for item in items:
        if POSTGRES_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server for this test session (superuser `postgres`).

    Fails, not skips, when no server binaries exist: a silently skipped
    database suite looks exactly like a passing one.
    """
    try:
        with temporary_postgres() as url:
            yield url
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """URL of a new, empty database; dropped (with FORCE) after the test."""
    name = f"omstilling_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(postgres_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
