"""Event store configuration: one database URL -> `eventsourcing` environment.

The `eventsourcing` library is configured through environment variables
(``PERSISTENCE_MODULE``, ``POSTGRES_*``, ``SQLITE_*`` ...). `event_store_env`
turns the single URL the rest of omstilling deals with into those variables,
and always selects our recorders (see `omstilling.eventstore.postgres` and
`omstilling.eventstore.sqlite`) because the library's defaults either lock the
table on every write (PostgreSQL) or cannot be subscribed to (SQLite).

This module deliberately imports neither recorder module, so importing it does
not import psycopg.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "POSTGRES_APPLICATION_RECORDER_TOPIC",
    "POSTGRES_PROCESS_RECORDER_TOPIC",
    "SQLITE_APPLICATION_RECORDER_TOPIC",
    "SQLITE_PROCESS_RECORDER_TOPIC",
    "event_store_env",
    "is_postgres",
]

POSTGRES_APPLICATION_RECORDER_TOPIC = (
    "omstilling.eventstore.postgres:TransactionOrderedApplicationRecorder"
)
POSTGRES_PROCESS_RECORDER_TOPIC = "omstilling.eventstore.postgres:TransactionOrderedProcessRecorder"
SQLITE_APPLICATION_RECORDER_TOPIC = "omstilling.eventstore.sqlite:PollingSQLiteApplicationRecorder"
SQLITE_PROCESS_RECORDER_TOPIC = "omstilling.eventstore.sqlite:PollingSQLiteProcessRecorder"

_POSTGRES_SCHEMES = ("postgresql", "postgres")
_POSTGRES_QUERY_KEYS = ("schema", "host")
_POSTGRES_MAX_OVERFLOW = 2
_SQLITE_LOCK_TIMEOUT_SECONDS = 10

_URL_RULE = (
    "the event store URL must be empty (SQLite at the default path), "
    "'sqlite:///relative/path.db' or 'sqlite:////absolute/path.db', or "
    "'postgresql://user[:password]@host[:port]/dbname[?schema=name]'"
)


def event_store_env(
    database_url: str | None, *, sqlite_path: str, pool_size: int = 5
) -> dict[str, str]:
    """Environment variables that make `eventsourcing` use the given database.

    ``None`` (or an empty string) means SQLite at `sqlite_path`. SQLite URLs
    follow the SQLAlchemy convention: the path is everything after
    ``sqlite:///``, so four slashes give an absolute path. PostgreSQL URLs are
    parsed with `urllib.parse`; user, password and database name are
    percent-decoded. Raises ValueError naming the accepted forms otherwise.
    """
    if not database_url:
        return _sqlite_env(sqlite_path)
    parts = urlsplit(database_url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        if parts.netloc or parts.query or parts.fragment:
            msg = f"Unsupported SQLite URL {database_url!r}: {_URL_RULE}"
            raise ValueError(msg)
        path = unquote(parts.path.removeprefix("/"))
        if not path:
            msg = f"SQLite URL {database_url!r} has no path: {_URL_RULE}"
            raise ValueError(msg)
        return _sqlite_env(path)
    if scheme in _POSTGRES_SCHEMES:
        return _postgres_env(database_url, pool_size=pool_size)
    msg = f"Unsupported URL scheme {parts.scheme!r} in event store URL: {_URL_RULE}"
    raise ValueError(msg)


def is_postgres(env: Mapping[str, str]) -> bool:
    """Whether an environment from `event_store_env` selects PostgreSQL."""
    return env.get("PERSISTENCE_MODULE") == "eventsourcing.postgres"


def _sqlite_env(path: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": str(_SQLITE_LOCK_TIMEOUT_SECONDS),
        "APPLICATION_RECORDER_TOPIC": SQLITE_APPLICATION_RECORDER_TOPIC,
        "PROCESS_RECORDER_TOPIC": SQLITE_PROCESS_RECORDER_TOPIC,
    }


def _postgres_env(database_url: str, *, pool_size: int) -> dict[str, str]:
    parts = urlsplit(database_url)
    try:
        port = parts.port
    except ValueError as e:
        msg = f"Invalid port in PostgreSQL URL: {e}; {_URL_RULE}"
        raise ValueError(msg) from None

    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=False)
    unknown = sorted(set(query) - set(_POSTGRES_QUERY_KEYS))
    if unknown:
        # The library cannot pass e.g. sslmode to psycopg; refuse rather than ignore.
        msg = (
            f"Unsupported PostgreSQL URL parameter(s) {', '.join(unknown)}: only "
            f"{', '.join(_POSTGRES_QUERY_KEYS)} are understood; {_URL_RULE}"
        )
        raise ValueError(msg)
    query_host = query.get("host", [""])[-1]
    schema = query.get("schema", [""])[-1]

    host = unquote(parts.hostname or "") or query_host
    user = unquote(parts.username or "")
    dbname = unquote(parts.path.removeprefix("/"))
    for value, what in ((host, "host"), (user, "user"), (dbname, "database name")):
        if not value:
            msg = f"PostgreSQL URL has no {what}: {_URL_RULE}"
            raise ValueError(msg)
    if pool_size < 1:
        msg = f"pool_size must be at least 1, got {pool_size}"
        raise ValueError(msg)

    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": str(port or 5432),
        "POSTGRES_USER": user,
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(_POSTGRES_MAX_OVERFLOW),
        "APPLICATION_RECORDER_TOPIC": POSTGRES_APPLICATION_RECORDER_TOPIC,
        "PROCESS_RECORDER_TOPIC": POSTGRES_PROCESS_RECORDER_TOPIC,
    }
    if schema:
        env["POSTGRES_SCHEMA"] = schema
    return env
