"""The projection worker in one process: poison events set aside and applied again once the
fault is fixed; two workers that both believe they own the read models never double a row."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import Tracking
from fastapi.testclient import TestClient

from api.auth import mint_token
from api.main import create_app
from application.access import Principal
from domain.shared.actor import Role
from domain.shared.decisions import DecisionRef
from omstilling.engine.leases import LocalLeases
from omstilling.engine.quarantine import retry_quarantined
from omstilling.engine.store import Store, open_store
from omstilling.engine.worker import ProjectionWorker
from omstilling.eventstore import event_store_env
from omstilling.runtime import ReadModelsBehind, Runtime
from omstilling.settings import Settings
from projections.base import ReadModelView, Statement
from projections.programmes import ProgrammeDirectoryView
from tests.factories import fresh_database

COUNTY = Principal("fylke.18", "Saksbehandler", Role.COUNTY_OFFICER, county_number="18")
ANALYST = Principal("analytiker", "Analytiker", Role.NATIONAL_ANALYST)
DECISION = DecisionRef(
    "fylkesutvalget", date(2023, 5, 2), "2023/4411-3", "Omstillingsstatus", "PS 44/23"
)
SIGNING_KEY = "projection-worker-test-signing-key-0123456789"


def run_together(*calls: Callable[[], object]) -> list[BaseException]:
    """Each call on a thread of its own, all released at once; the errors they raised."""
    barrier, errors = threading.Barrier(len(calls)), []

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            call()
        except BaseException as error:  # noqa: BLE001 - returned to the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))


def register(runtime: Runtime, number: str, name: str, start: str = "2023-07-01") -> Any:
    return runtime.command(
        lambda app: app.register_programme(
            COUNTY,
            name=name,
            kind="sudden_employment_loss",
            lead_municipality_number=number,
            period_start=date.fromisoformat(start),
            period_end=date(2029, 6, 30),
            decision=DECISION,
        )
    )


def test_an_event_a_read_model_cannot_apply_is_quarantined_and_applied_again_once_fixed(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original_write = ReadModelView.write

    def faulty_write(
        self: ReadModelView, tracking: Tracking, statements: Iterable[Statement]
    ) -> None:
        statements = list(statements)
        if any("Forgiftet" in str(p) for _, params in statements for p in params):
            raise ValueError("the directory cannot store this name")
        original_write(self, tracking, statements)

    monkeypatch.setattr(ProgrammeDirectoryView, "write", faulty_write)
    runtime = Runtime(env)
    try:
        with pytest.raises(ReadModelsBehind) as refused:  # recorded, but not readable: said so
            register(runtime, "1804", "Forgiftet program")
        assert refused.value.quarantined and refused.value.behind == ["programme_directory"]
        after = register(runtime, "1806", "Omstilling Bodø")  # the directory goes on
        names = {row.name for row in runtime.programmes.programmes()}
        assert names == {"Omstilling Bodø"}
        (entry,) = runtime.quarantined()
        assert (entry.projection, entry.topic.rsplit(":", 1)[1]) == (
            "programme_directory",
            "Programme.Registered",
        )
        assert "cannot store this name" in entry.error
        assert runtime.wait_for(after.last_notification_id)  # every other model at the head

        settings = Settings(
            environment="development", data_dir=tmp_path, dev_signing_key=SIGNING_KEY
        )
        token = mint_token(settings, user_id="a", name="Analytiker", role=Role.NATIONAL_ANALYST)
        with TestClient(create_app(runtime, settings)) as http:
            ready = http.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["problems"] == ["programme_directory has 1 quarantined events"]
            states = http.post(
                "/graphql",
                json={"query": "{ readModels { name stale staleReasonNb lagEvents } }"},
                headers={"Authorization": f"Bearer {token}"},
            ).json()["data"]["readModels"]
            stale = {s["name"] for s in states if s["stale"]}
            assert stale == {"programme_directory"}
            assert all(s["lagEvents"] == 0 for s in states)

        # Still faulty: the retry says so and keeps the event set aside.
        (outcome,) = retry_quarantined(env)
        assert not outcome.applied and "cannot store this name" in (outcome.error or "")
        assert len(runtime.quarantined()) == 1

        monkeypatch.setattr(ProgrammeDirectoryView, "write", original_write)  # the fix
        (outcome,) = retry_quarantined(env)
        assert outcome.applied
        assert runtime.quarantined() == []
        assert {row.name for row in runtime.programmes.programmes()} == {
            "Forgiftet program",
            "Omstilling Bodø",
        }
    finally:
        runtime.close()


@pytest.mark.postgres
def test_two_workers_that_both_believe_they_own_every_read_model_apply_each_event_once(
    postgres_url: str, tmp_path: Path
) -> None:
    with fresh_database(postgres_url) as url:
        env = event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))
        writer = Runtime(env, projections=False)
        try:
            numbers = ["1804", "1806", "1811", "1812", "1813", "1815", "1816", "1818"]
            for i in range(120):
                writer.app.register_programme(
                    COUNTY,
                    name=f"Program {i}",
                    kind="sudden_employment_loss",
                    lead_municipality_number=numbers[i % len(numbers)],
                    period_start=date(2023, 6, 1) + timedelta(days=i),
                    period_end=date(2029, 6, 30),
                    decision=DECISION,
                )
            # Leases that always say yes: the compare-and-set on the position is all that is left.
            workers = [ProjectionWorker(env, leases=LocalLeases()) for _ in range(2)]
            errors = run_together(*(worker.drain for worker in workers))
            for w in workers:
                w.close()
            assert errors == []
            events = len(writer.app.recorder.select_notifications(start=None, limit=10_000))
            audit = writer.audit.rows(
                "SELECT count(*) AS n, count(DISTINCT position) AS d FROM audit_trail"
            )[0]
            assert (audit["n"], audit["d"]) == (events, events)
            assert len(writer.programmes.programmes()) == 120
            assert writer.quarantined() == []
        finally:
            writer.close()


@pytest.mark.postgres
def test_processes_starting_together_on_a_fresh_database_create_its_tables_once(
    postgres_url: str, tmp_path: Path
) -> None:
    with fresh_database(postgres_url) as url:
        env = event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))
        stores: list[Store] = []
        errors = run_together(
            *(lambda w=i % 2 == 0: stores.append(open_store(env, worker=w)) for i in range(4))
        )
        for store in stores:
            store.close()
        assert errors == [] and len(stores) == 4
