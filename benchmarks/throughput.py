"""Write and catch-up throughput on PostgreSQL, each beside a bare psycopg baseline, in one run.

    python -m benchmarks.throughput [--commands 1500] [--events 6000]

Starts its own throwaway PostgreSQL (or uses OMSTILLING_TEST_POSTGRES_URL). Prints figures and
ratios; ratios measured in the same run are what to compare across machines.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg

from application.access import Principal
from application.app import OmstillingApp
from domain.shared.actor import Role
from domain.shared.decisions import DecisionRef
from migrations import migrate
from omstilling.engine.worker import ProjectionWorker
from omstilling.eventstore import event_store_env
from projections.audit import AuditTrailProjection
from tenants import load_registry
from tests.postgres_server import temporary_postgres

COUNTY = Principal("bench.county", "Benchmark county", Role.COUNTY_OFFICER, county_number="18")


def new_database(server_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def run_threads(writers: int, per_writer: int, work: Callable[[int, int], None]) -> float:
    """Seconds for `writers` threads each doing `per_writer` units of work, started together."""
    barrier = threading.Barrier(writers + 1)
    errors: list[BaseException] = []

    def loop(w: int) -> None:
        barrier.wait()
        try:
            for i in range(per_writer):
                work(w, i)
        except BaseException as error:  # reported below: a benchmark must not hide failures
            errors.append(error)

    threads = [threading.Thread(target=loop, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def command_throughput(
    url: str, writers: int, total: int, recorder_topic: str | None = None
) -> tuple[float, int]:
    """Commands/s registering programmes (one event each, through the whole command path)."""
    env = event_store_env(url, sqlite_path="unused", pool_size=writers + 1)
    if recorder_topic:
        env["APPLICATION_RECORDER_TOPIC"] = recorder_topic
    app = OmstillingApp(env=env)
    municipalities = [m.current_number for m in load_registry().municipalities_in_county("18")]
    decision = DecisionRef(
        "fylkesutvalget", date(2020, 1, 2), "2020/1-1", "Omstillingsstatus", "PS 1/20"
    )
    per_writer = total // writers

    def register(w: int, i: int) -> None:
        start = date(2020, 2, 1) + timedelta(days=w * per_writer + i)
        app.register_programme(
            COUNTY,
            name=f"Program {w}-{i}",
            kind="long_term_decline",
            lead_municipality_number=municipalities[(w * 7 + i) % len(municipalities)],
            period_start=start,
            period_end=start + timedelta(days=6 * 365),
            decision=decision,
        )

    register(writers, 0)  # warm up: tables, prepared statements, pool
    seconds = run_threads(writers, per_writer, register)
    size = len(app.recorder.select_notifications(start=None, limit=1)[0].state)
    app.close()
    return per_writer * writers / seconds, size


def bare_insert_throughput(url: str, writers: int, total: int, state_size: int) -> float:
    """Rows/s with plain psycopg: one row of the same size per transaction, a connection per writer."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bare_events (originator_id uuid, originator_version bigint, "
            "topic text, state bytea, PRIMARY KEY (originator_id, originator_version))"
        )
    connections = [psycopg.connect(url) for _ in range(writers)]
    payload = os.urandom(state_size)
    topic = "domain.programme.model:Programme.Registered"

    def insert(w: int, _: int) -> None:
        conn = connections[w]
        with conn.transaction():
            conn.execute(
                "INSERT INTO bare_events VALUES (%s, 1, %s, %s)",
                (uuid.uuid4(), topic, payload),
                prepare=True,
            )

    seconds = run_threads(writers, total // writers, insert)
    for conn in connections:
        conn.close()
    return (total // writers) * writers / seconds


def catch_up(url: str) -> tuple[int, float, float]:
    """Events/s for the audit-trail runner catching up from zero, beside a bare paged read."""
    env = event_store_env(url, sqlite_path="unused")
    migrate(env)
    app = OmstillingApp(env=env)
    final = app.recorder.max_notification_id() or 0
    app.close()

    count, last = 0, 0
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        while rows := conn.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM omstilling_events WHERE notification_id > %s ORDER BY notification_id LIMIT 500",
            (last,),
        ).fetchall():
            count += len(rows)
            last = rows[-1][0]
    bare = count / (time.perf_counter() - started)

    started = time.perf_counter()
    worker = ProjectionWorker(env, read_models=[AuditTrailProjection.name])
    try:
        applied = worker.drain()
        projected = applied / (time.perf_counter() - started)
    finally:
        worker.close()
    assert applied == count and count > 0 and final, (applied, count)  # every event, once
    return count, projected, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=2000, help="commands per measurement")
    args = parser.parse_args()
    with temporary_postgres() as server:
        print(
            f"PostgreSQL benchmark, {args.commands} commands per measurement, {os.cpu_count()} cores\n"
        )
        results = {}
        for writers in (1, 4):
            cmd, size = command_throughput(new_database(server), writers, args.commands)
            locked, _ = command_throughput(
                new_database(server),
                writers,
                args.commands,
                "eventsourcing.postgres:PostgresApplicationRecorder",
            )
            bare = bare_insert_throughput(new_database(server), writers, args.commands, size)
            results[writers] = (cmd, locked, bare)
            print(
                f"{writers} writer(s): commands {cmd:8.0f}/s   library's table-lock path {locked:8.0f}/s   "
                f"bare insert ({size} B rows) {bare:8.0f}/s"
            )
            print(
                f"             ratio commands/bare {cmd / bare:.2f}   table-lock path/bare {locked / bare:.2f}\n"
            )
        url = new_database(server)
        command_throughput(url, 4, args.commands)
        events, projected, bare_read = catch_up(url)
        print(
            f"catch-up: {events} events, audit projection {projected:8.0f} events/s, "
            f"bare read {bare_read:8.0f} rows/s, ratio {projected / bare_read:.3f}"
        )


if __name__ == "__main__":
    main()
