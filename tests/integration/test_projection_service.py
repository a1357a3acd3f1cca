"""The projection service as an operator runs it: two API nodes and two projection workers
(real processes) on a PostgreSQL server of this test's own, under eight concurrent writers
over HTTP; the owning worker is killed, the database is stopped for five seconds, a poison
event is written. Nothing answers INTERNAL, nothing stale is presented as current, every
event reaches every read model exactly once, and every process stays within its connections.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from api.auth import mint_token
from domain.shared.actor import Role
from omstilling.engine.leases import LEASE_NAMESPACE
from omstilling.settings import Settings
from projections.catalogue import READ_MODELS
from tenants import load_registry
from tests.e2e.documents import mutation, plan_content, registration
from tests.postgres_server import PostgresCluster, postgres_cluster

pytestmark = pytest.mark.postgres

SIGNING_KEY = "projection-service-test-signing-key-0123456789"
NORDLAND_MUNICIPALITIES = ["1804", "1806", "1811", "1812", "1813", "1815", "1816", "1818"]
READ_MODEL_NAMES = {p.name for p, _ in READ_MODELS}
API_CONNECTIONS = 8  # pool of 5, overflow of 2, one listening connection
WORKER_CONNECTIONS = 4  # two pooled, a lease connection, a listening connection


@dataclass
class Service:
    cluster: PostgresCluster
    url: str
    tmp: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "OMSTILLING_DATABASE_URL": self.url,
            "OMSTILLING_DEV_SIGNING_KEY": SIGNING_KEY,
            "OMSTILLING_DATA_DIR": str(self.tmp / name),
            # Eight writers from one address, as fast as the nodes answer: a load, not abuse.
            "OMSTILLING_RATE_LIMIT_PER_PRINCIPAL": "100000/minute",
            "OMSTILLING_RATE_LIMIT_PER_ADDRESS": "100000/minute",
        }
        log = (self.tmp / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "omstilling.cli", *args], env=env, stdout=log, stderr=log
        )
        self.processes[name] = process
        return process

    def api(self, name: str) -> None:
        port = free_port()
        self.ports[name] = port
        self.spawn(name, "serve", "--port", str(port))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a process starting up: nothing to be notified by
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError(f"{name} did not start:\n{self.log(name)}")

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-4000:]

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(statement, params).fetchall()

    def lease_holders(self) -> Counter[str]:
        rows = self.sql(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.classid = %s AND l.granted",
            (LEASE_NAMESPACE,),
        )
        return Counter(r[0] for r in rows)

    def wait_until(self, what: str, check: Any, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not happen within {timeout} s")
            time.sleep(0.2)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    with postgres_cluster() as cluster:
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE omstilling")
        running = Service(cluster, cluster.url.rsplit("/", 1)[0] + "/omstilling", tmp_path)
        try:
            yield running
        finally:
            for process in running.processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in running.processes.values():
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


@dataclass
class Outcome:
    kind: str  # ok, unavailable, behind, refused, internal, transport
    seconds: float
    phase: str


class Writers:
    """Eight editors, each revising its own programme's plan as fast as the API answers,
    alternating between the two API nodes; every answer is classified."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.phase = "steady"
        self.outcomes: list[Outcome] = []
        self.stale: list[str] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        settings = Settings(
            environment="development", data_dir=service.tmp, dev_signing_key=SIGNING_KEY
        )
        registry = load_registry()
        self.county = mint_token(
            settings,
            user_id="fylke.18",
            name="Saksbehandler",
            role=Role.COUNTY_OFFICER,
            county_number="18",
        )
        self.editors = [
            mint_token(
                settings,
                user_id=f"kari.{n}",
                name="Kari",
                role=Role.MUNICIPALITY_EDITOR,
                municipality_id=registry.municipality_by_number(n).id,
            )
            for n in NORDLAND_MUNICIPALITIES
        ]
        self.threads = [threading.Thread(target=self._write, args=(i,)) for i in range(8)]

    def node(self, i: int) -> str:
        return f"http://127.0.0.1:{self.service.ports['api-a' if i % 2 == 0 else 'api-b']}"

    def post(self, i: int, token: str, operation: str, **input: Any) -> tuple[str, dict[str, Any]]:
        started = time.monotonic()
        try:
            response = httpx.post(
                f"{self.node(i)}/graphql",
                json={"query": mutation(operation), "variables": {"input": input}},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            body = response.json()
        except (httpx.HTTPError, json.JSONDecodeError):
            kind, body = "transport", {}
        else:
            codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
            if response.status_code == 503 or "UNAVAILABLE" in codes:
                kind = "unavailable"
            elif "READ_MODELS_BEHIND" in codes:
                kind = "behind"
            elif codes:
                kind = "internal" if "INTERNAL" in codes or None in codes else "refused"
            else:
                typename = body["data"][operation]["__typename"]
                kind = "ok" if typename.endswith("Payload") else "refused"
        with self._lock:
            self.outcomes.append(Outcome(kind, time.monotonic() - started, self.phase))
        return kind, body

    def _write(self, i: int) -> None:
        number, editor = NORDLAND_MUNICIPALITIES[i], self.editors[i]
        kind, body = self.post(
            i, self.county, "registerProgramme", **registration(number, name=f"Omstilling {number}")
        )
        assert kind == "ok", body
        programme_id = body["data"]["registerProgramme"]["programme"]["id"]
        kind, body = self.post(
            i, editor, "draftPlan", programmeId=programme_id, content=plan_content()
        )
        assert kind == "ok", body
        round_ = 0
        while not self._stop.is_set():
            round_ += 1
            text = f"Runde {round_} for {number}: {uuid.uuid4()}"
            kind, body = self.post(
                i,
                editor,
                "revisePlanSection",
                programmeId=programme_id,
                section="BACKGROUND",
                text=text,
                reason=f"Runde {round_}",
            )
            if kind == "ok":
                plan = body["data"]["revisePlanSection"]["plan"]
                if plan is None or plan["content"]["background"] != text:
                    self.stale.append(
                        f"{number} round {round_}: read back {plan and plan['content']['background']!r}"
                    )
            elif kind == "unavailable":
                self._stop.wait(0.2)  # as a client honouring Retry-After, briefly

    def __enter__(self) -> Writers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def of(self, phase: str) -> Counter[str]:
        return Counter(o.kind for o in self.outcomes if o.phase == phase)

    def ok_count(self) -> int:
        return sum(1 for o in self.outcomes if o.kind == "ok")


def head_reached(service: Service) -> bool:
    head = service.sql("SELECT max(notification_id) FROM omstilling_events")[0][0]
    positions = [
        r[0]
        for name in READ_MODEL_NAMES
        for r in service.sql(
            f'SELECT notification_id FROM "{name}_tracking" WHERE application_name = %s',
            ("Omstilling",),
        )
    ]
    return len(positions) == len(READ_MODEL_NAMES) and all(p >= head for p in positions)


def write_poison_event(service: Service) -> str:
    """A copy of a real registration under a new id, its name holding a NUL character, which
    PostgreSQL's text columns refuse: the read models that store the name cannot apply it."""
    with psycopg.connect(service.url, autocommit=True) as conn:
        topic, state = conn.execute(
            "SELECT topic, state FROM omstilling_events WHERE topic LIKE %s LIMIT 1",
            ("%Programme.Registered",),
        ).fetchone()
        document = json.loads(bytes(state))
        document["name"] = "Gift\u0000prosjekt"
        poison_id = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO omstilling_events (originator_id, originator_version, topic, state, notification_id) "
            "VALUES (%s, 1, %s, %s, (pg_current_xact_id()::text::bigint << 20) + 1)",
            (poison_id, topic, json.dumps(document).encode()),
        )
        conn.execute("NOTIFY omstilling_events")
    return poison_id


def test_two_api_nodes_and_two_workers_survive_a_killed_worker_an_outage_and_a_poison_event(
    service: Service,
) -> None:
    service.spawn("worker-a", "project")
    service.wait_until(
        "worker a owning every read model",
        lambda: sum(service.lease_holders().values()) == len(READ_MODEL_NAMES),
        60,
    )
    service.spawn("worker-b", "project")
    service.api("api-a")
    service.api("api-b")

    with Writers(service) as writers:
        service.wait_until("steady writes", lambda: writers.ok_count() >= 150, 120)

        # The worker that owns every read model dies: the other takes over within seconds.
        writers.phase = "takeover"
        owner_pid = service.processes["worker-a"].pid
        assert service.lease_holders() == {f"omstilling-leases-{owner_pid}": len(READ_MODEL_NAMES)}
        service.processes["worker-a"].kill()
        killed_at = time.monotonic()
        standby = f"omstilling-leases-{service.processes['worker-b'].pid}"
        service.wait_until(
            "worker b taking over",
            lambda: service.lease_holders()[standby] == len(READ_MODEL_NAMES),
            15,
        )
        takeover_seconds = time.monotonic() - killed_at
        done = writers.ok_count()
        service.wait_until("writes after the takeover", lambda: writers.ok_count() >= done + 80, 60)

        # The database stops for five seconds: fast, clear refusals; then everything resumes.
        writers.phase = "outage"
        service.cluster.stop()
        time.sleep(5)  # the outage itself is what is tested here
        service.cluster.start()
        writers.phase = "recovered"
        service.wait_until(
            "writes after the outage", lambda: writers.of("recovered")["ok"] >= 80, 60
        )

        # A poison event: quarantined where it cannot be applied, everything else goes on.
        writers.phase = "poison"
        poison_id = write_poison_event(service)
        service.wait_until(
            "the poison event quarantined",
            lambda: (
                service.sql(
                    "SELECT count(*) FROM projection_quarantine WHERE originator_id = %s",
                    (poison_id,),
                )[0][0]
                > 0
            ),
            30,
        )
        done = writers.ok_count()
        service.wait_until(
            "writes after the poison event", lambda: writers.ok_count() >= done + 80, 60
        )

        # Connections, counted while all of it runs.
        per_process = Counter(
            r[0].rsplit("-", 1)[1]
            for r in service.sql(
                "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'omstilling-%%'"
            )
        )

    for name in ("api-a", "api-b"):
        assert per_process[str(service.processes[name].pid)] <= API_CONNECTIONS, (
            name,
            per_process,
        )
    assert per_process[str(service.processes["worker-b"].pid)] <= WORKER_CONNECTIONS, per_process

    outcomes = writers.outcomes
    assert not [o for o in outcomes if o.kind in ("internal", "transport")], Counter(
        (o.phase, o.kind) for o in outcomes
    )
    assert not writers.stale, writers.stale[:5]
    assert writers.of("steady")["behind"] == 0 and writers.of("recovered")["behind"] == 0
    assert takeover_seconds < 10
    outage = [o for o in outcomes if o.phase == "outage"]
    assert any(o.kind == "unavailable" for o in outage), Counter(o.kind for o in outage)
    assert max(o.seconds for o in outage if o.kind == "unavailable") < 8

    # Every event in every read model exactly once.
    service.wait_until("every read model at the head", lambda: head_reached(service), 60)
    events = service.sql("SELECT count(*) FROM omstilling_events")[0][0]
    quarantined = dict(
        service.sql(
            "SELECT projection, count(*) FROM projection_quarantine WHERE resolved_at IS NULL GROUP BY projection"
        )
    )
    assert quarantined.get("audit_trail", 0) in (0, 1)
    assert (
        service.sql(
            "SELECT count(*), count(DISTINCT (aggregate_id, aggregate_version)) FROM audit_trail"
        )[0]
        == (events - quarantined.get("audit_trail", 0),) * 2
    )
    registered = service.sql(
        "SELECT count(*) FROM omstilling_events WHERE topic LIKE %s", ("%Programme.Registered",)
    )[0][0]
    assert service.sql("SELECT count(*) FROM programmes")[0][0] == registered - 1  # the poison
    assert quarantined.get("programme_directory") == 1
    revisions = service.sql(
        "SELECT count(*) FROM omstilling_events WHERE topic LIKE %s",
        ("%Omstillingsplan.SectionRevised",),
    )[0][0]
    assert revisions >= writers.ok_count() - 16
    assert (
        set(quarantined) < READ_MODEL_NAMES
    )  # the models that never store a name went on untouched

    # Readiness says so, on both nodes; the metrics count it.
    for name in ("api-a", "api-b"):
        ready = httpx.get(f"http://127.0.0.1:{service.ports[name]}/health/ready", timeout=10)
        assert ready.status_code == 503 and any(
            "quarantined" in p for p in ready.json()["problems"]
        )
        metrics = httpx.get(f"http://127.0.0.1:{service.ports[name]}/metrics", timeout=10).text
        assert (
            'omstilling_read_model_quarantined_events{projection="programme_directory"} 1.0'
            in metrics
        )
        assert 'omstilling_read_model_lag_events{projection="audit_trail"} 0.0' in metrics
