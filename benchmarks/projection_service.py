"""Mutation round trips over HTTP and the catch-up of every read model, on PostgreSQL, each
beside a baseline measured in the same run.

    python -m benchmarks.projection_service [--single 300] [--concurrent 100] [--events 5000]
                                            [--plans 40]

Starts its own throwaway PostgreSQL (or uses OMSTILLING_TEST_POSTGRES_URL), a new database per
measurement. Prints:

1. `revisePlanSection` through HTTP + GraphQL with read-your-writes (the answer carries the
   plan read back from its read model), p50/p95 latency in ms and mutations/s, with 1 client
   (--single calls) and 8 concurrent clients (--concurrent calls each), each client editing the
   plan of its own Nordland programme (fresh plans for each measurement), with the mean split
   into the command and the wait for the read models (from the runtime's metrics); beside the
   same command called in-process (`runtime.app.revise_plan_section`, no waiting), 1 and 8
   threads, and the ratios HTTP p50 / in-process p50. Every answer is checked, and after each
   measurement the plan read model must hold each client's last text; failures are counted
   and shown.
2. The demo history plus revisions of the plans of --plans Nordland programmes (--events in
   all) replayed from empty into all read models by `omstilling.runtime.rebuild`, in events/s,
   beside a bare paged psycopg read of the same rows, and their ratio. The plan read model
   rewrites a draft's whole list of changes on every edit, so the more edits per plan, the
   slower the replay. Ratios measured in one run are what to compare across machines.
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
from uuid import UUID

import httpx
import psycopg
import uvicorn

from api.auth import mint_token
from api.main import create_app
from application.access import Principal
from application.app import OmstillingApp
from domain.plan.content import Section
from domain.shared.actor import Role
from omstilling.demo import BATSFJORD_PLAN, decided, seed
from omstilling.engine import metrics
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime, rebuild
from omstilling.settings import Settings
from tenants import load_registry
from tests.e2e.documents import mutation, plan_content, registration
from tests.postgres_server import temporary_postgres

# Nordland (18) but Meløy, which the demo uses: 1804 Bodø, 1806 Narvik, 1811 Bindal, ...
NORDLAND = [m.current_number for m in load_registry().municipalities_in_county("18")]
NORDLAND.remove("1837")
SIGNING_KEY = "bench-signing-key-0123456789-abcdefghij"
COUNTY = Principal("saksbehandler.18", "Saksbehandler 18", Role.COUNTY_OFFICER, county_number="18")
Call = Callable[[int, int], float | None]  # (client, call number) -> seconds, None if it failed
Plan = tuple[str, UUID, str]  # municipality number, programme id, its editor's token


def new_database(server_url: str) -> str:
    """As in benchmarks/throughput.py (which does not import now: `bind_view` is gone)."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def editor(number: str) -> Principal:
    m = load_registry().municipality_by_number(number).id
    return Principal(f"kari.{number}", "Kari Nordmann", Role.MUNICIPALITY_EDITOR, municipality_id=m)


def token(settings: Settings, p: Principal) -> str:
    of: dict[str, Any] = {"municipality_id": p.municipality_id, "county_number": p.county_number}
    return mint_token(settings, user_id=p.user_id, name=p.name, role=p.role, **of)


def totals() -> list[float]:
    """Sum and count of the runtime's command and read-your-writes histograms."""
    histograms = (metrics.COMMAND_SECONDS, metrics.READ_YOUR_WRITES_SECONDS)
    found = {s.name: s.value for h in histograms for m in h.collect() for s in m.samples}
    names = ("command", "read_your_writes")
    return [found[f"omstilling_{n}_seconds_{k}"] for n in names for k in ("sum", "count")]


def timed(clients: int, per_client: int, call: Call) -> dict[str, float]:
    """p50/p95 (ms) and calls/s of `call` from `clients` threads started together, after one
    untimed call each; mean command and read-your-writes wait (ms) if the runtime ran them."""
    for w in range(clients):
        call(w, -1)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def loop(w: int) -> None:
        barrier.wait()
        for i in range(per_client):
            if (seconds := call(w, i)) is not None:
                latencies[w].append(seconds)

    threads = [threading.Thread(target=loop, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    before = totals()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    s, n, ws, wn = (a - b for a, b in zip(totals(), before, strict=True))
    ordered = sorted(x for per in latencies for x in per) or [math.nan]
    p50, p95 = (ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000 for q in (0.5, 0.95))
    mean = {"command": s / n * 1000 if n else math.nan, "wait": ws / wn * 1000 if wn else math.nan}
    return {"p50": p50, "p95": p95, "rate": clients * per_client / wall, **mean}


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app on a free 127.0.0.1 port, uvicorn in a background thread; its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def graphql(client: httpx.Client, token: str, name: str, variables: dict[str, Any]) -> Any:
    """The member of mutation `name`'s result union; raises on an HTTP or GraphQL error."""
    response = client.post(
        "/graphql",
        json={"query": mutation(name), "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json() if response.status_code == 200 else None
    if not body or body.get("errors") or not (body.get("data") or {}).get(name):
        raise RuntimeError(f"{name}: HTTP {response.status_code}: {response.text[:300]}")
    return body["data"][name]


def setup_plans(base: str, settings: Settings, numbers: list[str]) -> list[Plan]:
    """A programme with a drafted plan for each municipality, over HTTP."""
    found, county = [], token(settings, COUNTY)
    with httpx.Client(base_url=base, timeout=30) as client:
        for number in numbers:
            input = registration(number, name=f"Omstilling {number}")
            made = graphql(client, county, "registerProgramme", {"input": input})
            input = {"programmeId": made["programme"]["id"], "content": plan_content()}
            found.append((number, UUID(made["programme"]["id"]), token(settings, editor(number))))
            drafted = graphql(client, found[-1][2], "draftPlan", {"input": input})
            if made["__typename"] != "ProgrammePayload" or drafted["__typename"] != "PlanPayload":
                raise RuntimeError(f"setting up {number}: {made} {drafted}")
    return found


def over_http(base: str, plans: list[Plan], failures: list[str], last: list[str]) -> Call:
    sessions = [httpx.Client(base_url=base, timeout=60) for _ in plans]
    clients = len(plans)

    def revise(w: int, i: int) -> float | None:
        _, programme_id, token = plans[w]
        last[w] = text = f"Bakgrunn HTTP {clients} klient {w} nr {i}: {uuid.uuid4().hex}"
        input = {"programmeId": str(programme_id), "section": "BACKGROUND", "text": text}
        input["reason"] = "Benchmark"
        started = time.perf_counter()
        try:
            payload = graphql(sessions[w], token, "revisePlanSection", {"input": input})
        except Exception as error:  # counted and shown: a benchmark must not hide failures
            failures.append(f"HTTP {clients} #{w}/{i}: {error!r}")
            return None
        seconds = time.perf_counter() - started
        if payload["__typename"] != "PlanPayload":
            failures.append(f"HTTP {clients} #{w}/{i}: {str(payload)[:300]}")
        elif payload["plan"]["content"]["background"] != text:
            failures.append(f"HTTP {clients} #{w}/{i}: read back {payload['plan']['content']}")
        return seconds

    return revise


def in_process(runtime: Runtime, plans: list[Plan], failures: list[str], last: list[str]) -> Call:
    principals = [editor(number) for number, _, _ in plans]
    ids = [OmstillingApp.plan_id_for(programme_id) for _, programme_id, _ in plans]

    def revise(w: int, i: int) -> float | None:
        last[w] = text = f"Bakgrunn i prosess {len(plans)} klient {w} nr {i}: {uuid.uuid4().hex}"
        started = time.perf_counter()
        try:
            result = runtime.app.revise_plan_section(
                principals[w], ids[w], Section.BACKGROUND, text, reason="Benchmark"
            )
        except Exception as error:  # counted and shown
            failures.append(f"in-process #{w}/{i}: {error!r}")
            return None
        seconds = time.perf_counter() - started
        if result.aggregate_id != ids[w] or not result.notification_ids:
            failures.append(f"in-process #{w}/{i}: {result}")
        return seconds

    return revise


def round_trips(server: str, args: argparse.Namespace) -> None:
    failures: list[str] = []
    figures: dict[str, dict[str, float]] = {}
    sizes = ((1, args.single), (8, args.concurrent))
    runs = [(kind, n, per) for kind in ("HTTP", "in-process") for n, per in sizes]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            environment="development",
            data_dir=Path(tmp),
            dev_signing_key=SIGNING_KEY,
            rate_limit_per_principal="1000000/minute",  # a benchmark's load, not abuse
            rate_limit_per_address="1000000/minute",
        )
        runtime = Runtime(event_store_env(new_database(server), sqlite_path=f"{tmp}/unused.sqlite"))
        try:
            with serve(create_app(runtime, settings)) as base:
                plans = setup_plans(base, settings, NORDLAND[: sum(n for _, n, _ in runs)])
                for kind, clients, per_client in runs:
                    mine, plans, last = plans[:clients], plans[clients:], [""] * clients
                    if kind == "HTTP":
                        call = over_http(base, mine, failures, last)
                    else:
                        call = in_process(runtime, mine, failures, last)
                    figures[f"{kind} {clients}"] = timed(clients, per_client, call)
                    if not runtime.wait_for_everything_written(timeout=120):
                        failures.append(f"{kind} {clients}: read models not caught up in 120 s")
                    for (number, programme_id, _), text in zip(mine, last, strict=True):
                        row = runtime.plans.plan(OmstillingApp.plan_id_for(programme_id)) or {}
                        if (row.get("content") or {}).get("background") != text:
                            failures.append(f"{kind} {clients}: {number}'s plan lacks {text!r}")
        finally:
            runtime.close()
    print("revisePlanSection (pool of 5 connections; the projection worker in the same process)")
    for name, f in figures.items():
        line = f"  {name:<13} p50 {f['p50']:7.2f} ms  p95 {f['p95']:7.2f} ms  {f['rate']:6.1f}/s"
        if name.startswith("HTTP"):
            line += f"  of which mean command {f['command']:5.2f} ms, wait {f['wait']:5.2f} ms"
        print(line)
    for clients, _ in sizes:
        http, local = figures[f"HTTP {clients}"], figures[f"in-process {clients}"]
        print(
            f"  {clients} client(s): ratio HTTP p50 / in-process p50 {http['p50'] / local['p50']:.2f}"
            f"   in-process/HTTP throughput {local['rate'] / http['rate']:.2f}"
        )
    print(f"  failures: {len(failures)}")
    for failure in failures[:20]:
        print(f"    {failure}")


def write_history(url: str, events: int, numbers: list[str]) -> int:
    """The demo, then a programme with a plan for each of `numbers`, the plans revised in turn
    until the log holds `events`; how many revisions."""
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(event_store_env(url, sqlite_path=f"{tmp}/unused.sqlite"))
        try:
            seed(runtime)
            app, plan_ids, principals = runtime.app, [], [editor(n) for n in numbers]
            decision = decided("fylkesutvalget", date(2023, 5, 2), "2023/1-1", "Status", "PS 1/23")
            fields: dict[str, Any] = {"kind": "long_term_decline", "decision": decision}
            fields.update(period_start=date(2023, 7, 1), period_end=date(2029, 6, 30))
            for number, principal in zip(numbers, principals, strict=True):
                fields["name"], fields["lead_municipality_number"] = f"Omstilling {number}", number
                programme = app.register_programme(COUNTY, **fields)
                app.draft_plan(principal, programme.aggregate_id, BATSFJORD_PLAN)
                plan_ids.append(OmstillingApp.plan_id_for(programme.aggregate_id))
            sections = (Section.BACKGROUND, Section.ORGANISATION, Section.COMMUNICATION_STRATEGY)
            with psycopg.connect(url) as conn:
                row = conn.execute("SELECT COUNT(*) FROM omstilling_events").fetchone()
            revisions = max(0, events - (row[0] if row else 0))
            for i in range(revisions):
                w, text = i % len(numbers), f"Revisjon {i}: {uuid.uuid4().hex}"
                app.revise_plan_section(
                    principals[w], plan_ids[w], sections[i % 3], text, reason="Bench"
                )
            if not runtime.wait_for_everything_written(timeout=300):
                raise RuntimeError("the read models did not catch up with the history")
        finally:
            runtime.close()
    return revisions


def catch_up(server: str, events: int, plans: int) -> None:
    url = new_database(server)
    revisions = write_history(url, events, NORDLAND[:plans])
    page = "SELECT * FROM omstilling_events WHERE notification_id > %s ORDER BY notification_id"
    total, last = 0, 0
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        columns = conn.execute("SELECT * FROM omstilling_events LIMIT 0").description or ()
        at = [c.name for c in columns].index("notification_id")
        while rows := conn.execute(page + " LIMIT 500", (last,)).fetchall():
            total, last = total + len(rows), rows[-1][at]
    bare = total / (time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        env = event_store_env(url, sqlite_path=f"{tmp}/unused.sqlite")
        started = time.perf_counter()
        seen = rebuild(env)
        seconds = time.perf_counter() - started
    replayed = total / seconds
    print(f"\ncatch-up of all {len(seen)} read models from empty: {total} events in the log")
    print(
        f"  (the demo, then {revisions} revisions of {plans} draft plans: ~{revisions // plans} each)"
    )
    print(
        f"  rebuild {replayed:7.0f} events/s ({seconds:.2f} s)   "
        f"bare paged read {bare:7.0f} rows/s   ratio rebuild/bare {replayed / bare:.3f}"
    )
    if any(n != total for n in seen.values()):
        print(f"  MISMATCH: bare read {total} rows, rebuild saw {sorted(set(seen.values()))}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--single", type=int, default=300, help="mutations with 1 client")
    parser.add_argument("--concurrent", type=int, default=100, help="mutations per client of 8")
    parser.add_argument("--events", type=int, default=5000, help="events in the catch-up log")
    parser.add_argument("--plans", type=int, default=40, help="plans revised, 1 to 40")
    args = parser.parse_args()
    with temporary_postgres() as server:
        print(f"PostgreSQL benchmark, {os.cpu_count()} cores\n")
        round_trips(server, args)
        catch_up(server, args.events, max(1, min(args.plans, len(NORDLAND))))


if __name__ == "__main__":
    main()
