"""Mutation round trips over HTTP and the catch-up of every read model, on PostgreSQL, each
beside a baseline measured in the same run.

    python -m benchmarks.projection_service [--single 300] [--concurrent 100] [--events 5000]

Starts its own throwaway PostgreSQL (or uses OMSTILLING_TEST_POSTGRES_URL), a new database per
measurement. Prints:

1. `revisePlanSection` through HTTP + GraphQL with read-your-writes (the answer carries the
   plan read back from its read model), p50/p95 latency in ms and mutations/s, with 1 client
   (--single calls) and 8 concurrent clients (--concurrent calls each), each client editing the
   plan of its own Nordland programme; beside the same command called in-process
   (`runtime.app.revise_plan_section`, no waiting for the read models), 1 and 8 threads, and
   the ratios HTTP p50 / in-process p50. Every answer is checked; failures are counted and shown.
2. The demo history plus plan revisions (--events in all) replayed from empty into all read
   models by `omstilling.runtime.rebuild`, in events/s, beside a bare paged psycopg read of the
   same rows, and their ratio. Ratios measured in one run are what to compare across machines.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import uvicorn

from api.auth import mint_token
from api.main import create_app
from application.access import Principal
from application.app import OmstillingApp
from domain.plan.content import Section
from domain.shared.actor import Role
from domain.shared.decisions import DecisionRef
from omstilling.demo import BATSFJORD_PLAN, seed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime, rebuild
from omstilling.settings import Settings
from tenants import load_registry
from tests.e2e.documents import mutation, plan_content, registration
from tests.postgres_server import temporary_postgres

NORDLAND = ("1804", "1806", "1811", "1812", "1813", "1815", "1816", "1818")
SIGNING_KEY = "bench-signing-key-0123456789-abcdefghij"
REVISE = mutation("revisePlanSection")
COUNTY = Principal("bench.county", "Benchmark county", Role.COUNTY_OFFICER, county_number="18")


def new_database(server_url: str) -> str:
    """As in benchmarks/throughput.py (which no longer imports: `bind_view` is gone)."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def run_threads(threads: int, per_thread: int, work: Callable[[int, int], None]) -> float:
    """Seconds for `threads` threads each doing `per_thread` units of work, started together;
    `work` records its own failures."""
    barrier = threading.Barrier(threads + 1)

    def loop(w: int) -> None:
        barrier.wait()
        for i in range(per_thread):
            work(w, i)

    started_threads = [threading.Thread(target=loop, args=(w,)) for w in range(threads)]
    for t in started_threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in started_threads:
        t.join()
    return time.perf_counter() - started


def editor(number: str) -> Principal:
    m = load_registry().municipality_by_number(number).id
    return Principal(f"kari.{number}", "Kari Nordmann", Role.MUNICIPALITY_EDITOR, municipality_id=m)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app on a free 127.0.0.1 port, uvicorn in a background thread; its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def graphql(client: httpx.Client, token: str, query: str, variables: dict[str, Any]) -> Any:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response.json()


def setup_plans(base: str, settings: Settings) -> list[tuple[str, str]]:
    """A programme with a drafted plan per Nordland municipality, over HTTP: (programme id, token)."""
    county = mint_token(settings, user_id="saksbehandler.18", name="Saksbehandler 18",
                        role=Role.COUNTY_OFFICER, county_number="18")
    found = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for number in NORDLAND:
            body = graphql(client, county, mutation("registerProgramme"),
                           {"input": registration(number, name=f"Omstilling {number}")})
            payload = (body.get("data") or {}).get("registerProgramme") or {}
            if payload.get("__typename") != "ProgrammePayload":
                raise RuntimeError(f"registerProgramme {number}: {body}")
            programme_id = payload["programme"]["id"]
            token = mint_token(settings, user_id=f"kari.{number}", name="Kari Nordmann",
                               role=Role.MUNICIPALITY_EDITOR,
                               municipality_id=load_registry().municipality_by_number(number).id)
            body = graphql(client, token, mutation("draftPlan"),
                           {"input": {"programmeId": programme_id, "content": plan_content()}})
            if ((body.get("data") or {}).get("draftPlan") or {}).get("__typename") != "PlanPayload":
                raise RuntimeError(f"draftPlan {number}: {body}")
            found.append((programme_id, token))
    return found


def http_round_trips(base: str, plans: list[tuple[str, str]], clients: int, per_client: int,
                     failures: list[str]) -> tuple[list[float], float]:
    """Latencies (s) of revisePlanSection over HTTP from `clients` threads, and wall seconds."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    sessions = [httpx.Client(base_url=base, timeout=60) for _ in range(clients)]

    def revise(w: int, i: int) -> None:
        programme_id, token = plans[w]
        text = f"Bakgrunn {clients}x{per_client} klient {w} nr {i}: {uuid.uuid4().hex}"
        variables = {"input": {"programmeId": programme_id, "section": "BACKGROUND",
                               "text": text, "reason": "Benchmark"}}
        started = time.perf_counter()
        try:
            body = graphql(sessions[w], token, REVISE, variables)
        except Exception as error:  # counted and shown: a benchmark must not hide failures
            failures.append(f"HTTP {clients} client(s) #{w}/{i}: {error!r}")
            return
        latencies[w].append(time.perf_counter() - started)
        payload = (body.get("data") or {}).get("revisePlanSection") or {}
        if payload.get("__typename") != "PlanPayload":
            failures.append(f"HTTP {clients} client(s) #{w}/{i}: {str(body)[:300]}")
        elif ((payload.get("plan") or {}).get("content") or {}).get("background") != text:
            failures.append(f"HTTP {clients} client(s) #{w}/{i}: read back {payload['plan']}")

    for w in range(clients):  # warm up each connection, untimed
        revise(w, -1)
    for w in range(clients):
        latencies[w].clear()
    seconds = run_threads(clients, per_client, revise)
    for session in sessions:
        session.close()
    return [x for per in latencies for x in per], seconds


def in_process(runtime: Runtime, plans: list[tuple[str, str]], clients: int, per_client: int,
               failures: list[str]) -> tuple[list[float], float]:
    """Latencies (s) of `runtime.app.revise_plan_section` alone, from `clients` threads."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    principals = [editor(number) for number in NORDLAND[:clients]]
    plan_ids = [OmstillingApp.plan_id_for(uuid.UUID(p)) for p, _ in plans[:clients]]
    last_text: dict[int, str] = {}

    def revise(w: int, i: int) -> None:
        text = f"Bakgrunn i prosess {clients}x{per_client} klient {w} nr {i}: {uuid.uuid4().hex}"
        started = time.perf_counter()
        try:
            result = runtime.app.revise_plan_section(
                principals[w], plan_ids[w], Section.BACKGROUND, text, reason="Benchmark"
            )
        except Exception as error:  # counted and shown
            failures.append(f"in-process {clients} thread(s) #{w}/{i}: {error!r}")
            return
        latencies[w].append(time.perf_counter() - started)
        last_text[w] = text
        if result.aggregate_id != plan_ids[w] or not result.notification_ids:
            failures.append(f"in-process {clients} thread(s) #{w}/{i}: {result}")

    for w in range(clients):
        revise(w, -1)
    for w in range(clients):
        latencies[w].clear()
    seconds = run_threads(clients, per_client, revise)
    if not runtime.wait_for_everything_written(timeout=120):
        failures.append(f"in-process {clients}: read models did not catch up within 120 s")
    for w, text in last_text.items():  # the last write of each thread reached the read model
        row = runtime.plans.plan(plan_ids[w]) or {}
        if (row.get("content") or {}).get("background") != text:
            failures.append(f"in-process {clients} thread(s) #{w}: read model has not the last text")
    return [x for per in latencies for x in per], seconds


def round_trips(server: str, args: argparse.Namespace) -> None:
    failures: list[str] = []
    figures: dict[str, tuple[float, float, float]] = {}
    runs = ((1, args.single), (8, args.concurrent))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(environment="development", data_dir=Path(tmp),
                            dev_signing_key=SIGNING_KEY)
        runtime = Runtime(event_store_env(new_database(server), sqlite_path=f"{tmp}/unused.sqlite"))
        try:
            with serve(create_app(runtime, settings)) as base:
                plans = setup_plans(base, settings)
                for clients, per_client in runs:
                    times, seconds = http_round_trips(base, plans, clients, per_client, failures)
                    figures[f"HTTP {clients}"] = summary(times, clients * per_client, seconds)
                    runtime.wait_for_everything_written(timeout=120)
            for clients, per_client in runs:
                times, seconds = in_process(runtime, plans, clients, per_client, failures)
                figures[f"in-process {clients}"] = summary(times, clients * per_client, seconds)
        finally:
            runtime.close()
    print("revisePlanSection (pool of 5 connections, projection worker in the same process)")
    for name, (p50, p95, rate) in figures.items():
        print(f"  {name:<14} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   {rate:8.1f} mutations/s")
    for clients, _ in runs:
        http, local = figures[f"HTTP {clients}"], figures[f"in-process {clients}"]
        print(f"  ratio HTTP/in-process p50, {clients} client(s): {http[0] / local[0]:.2f}   "
              f"throughput in-process/HTTP: {local[2] / http[2]:.2f}")
    print(f"  failures: {len(failures)}")
    for failure in failures[:20]:
        print(f"    {failure}")


def summary(times: list[float], calls: int, seconds: float) -> tuple[float, float, float]:
    if not times:
        return float("nan"), float("nan"), 0.0
    return percentile(times, 0.50) * 1000, percentile(times, 0.95) * 1000, calls / seconds


def count_events(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT COUNT(*) FROM omstilling_events").fetchone()
    return int(row[0]) if row else 0


def write_history(url: str, events: int) -> None:
    """The demo, then programmes with plans in Nordland revised until the log holds `events`."""
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(event_store_env(url, sqlite_path=f"{tmp}/unused.sqlite"))
        try:
            seed(runtime)
            app = runtime.app
            decision = DecisionRef("fylkesutvalget", date(2023, 5, 2), "2023/1-1", "Status", "PS 1/23")
            plan_ids, principals = [], []
            for number in NORDLAND:
                programme = app.register_programme(
                    COUNTY, name=f"Omstilling {number}", kind="long_term_decline",
                    lead_municipality_number=number, period_start=date(2023, 7, 1),
                    period_end=date(2029, 6, 30), decision=decision,
                )
                principals.append(editor(number))
                app.draft_plan(principals[-1], programme.aggregate_id, BATSFJORD_PLAN)
                plan_ids.append(OmstillingApp.plan_id_for(programme.aggregate_id))
            missing = events - count_events(url)
            sections = (Section.BACKGROUND, Section.ORGANISATION, Section.COMMUNICATION_STRATEGY)
            for i in range(max(0, missing)):
                w = i % len(NORDLAND)
                app.revise_plan_section(principals[w], plan_ids[w], sections[i % 3],
                                        f"Revisjon {i}: {uuid.uuid4().hex}", reason="Benchmark")
            if not runtime.wait_for_everything_written(timeout=300):
                raise RuntimeError("the read models did not catch up with the history")
        finally:
            runtime.close()


def catch_up(server: str, events: int) -> None:
    url = new_database(server)
    write_history(url, events)
    total = count_events(url)

    count, last = 0, 0
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        while rows := conn.execute(
            "SELECT * FROM omstilling_events WHERE notification_id > %s "
            "ORDER BY notification_id LIMIT 500",
            (last,),
        ).fetchall():
            count += len(rows)
            last = rows[-1][0] if isinstance(rows[-1], tuple) else rows[-1]["notification_id"]
    bare = count / (time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        env = event_store_env(url, sqlite_path=f"{tmp}/unused.sqlite")
        started = time.perf_counter()
        seen = rebuild(env)
        seconds = time.perf_counter() - started
    replayed = total / seconds
    print(f"\ncatch-up of all {len(seen)} read models from empty: {total} events in the log")
    print(f"  rebuild {replayed:8.0f} events/s ({seconds:.2f} s)   bare paged read {bare:8.0f} rows/s")
    print(f"  ratio rebuild/bare read {replayed / bare:.3f}")
    if count != total or any(n != total for n in seen.values()):
        print(f"  MISMATCH: bare read {count} rows, rebuild saw {sorted(set(seen.values()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--single", type=int, default=300, help="mutations with 1 client")
    parser.add_argument("--concurrent", type=int, default=100, help="mutations per client of 8")
    parser.add_argument("--events", type=int, default=5000, help="events in the catch-up log")
    args = parser.parse_args()
    with temporary_postgres() as server:
        print(f"PostgreSQL benchmark, {os.cpu_count()} cores\n")
        round_trips(server, args)
        catch_up(server, args.events)


if __name__ == "__main__":
    main()
