"""All 357 municipalities as tenants of one PostgreSQL store, with bounded connections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from application.access import Principal
from domain.shared.actor import Role
from domain.shared.decisions import DecidingBody, DecisionRef
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.audit import AuditFilter
from tenants import load_registry

POOL_SIZE = 2
GRANTED_ON = date(2024, 3, 5)


@pytest.fixture(scope="module")
def every_municipality_has_a_programme(postgres_url: str) -> Iterator[tuple[Runtime, str]]:
    from tests.factories import fresh_database

    with fresh_database(postgres_url) as url:
        runtime = Runtime(event_store_env(url, sqlite_path="unused", pool_size=POOL_SIZE))
        try:
            last = None
            for municipality in load_registry().municipalities():
                county = municipality.county_number_on(GRANTED_ON)
                assert county is not None
                officer = Principal(
                    f"officer.{county}",
                    f"Officer {county}",
                    Role.COUNTY_OFFICER,
                    county_number=county,
                )
                result = runtime.app.register_programme(
                    officer,
                    name=f"Omstilling {municipality.name}",
                    kind="long_term_decline",
                    lead_municipality_number=municipality.current_number,
                    period_start=date(2024, 7, 1),
                    period_end=date(2030, 6, 30),
                    decision=DecisionRef(
                        DecidingBody.FYLKESUTVALGET, GRANTED_ON, "2024/100-1", "Omstillingsstatus"
                    ),
                )
                last = result.last_notification_id
            assert runtime.wait_for(last, timeout=60)
            yield runtime, url
        finally:
            runtime.close()


def test_each_municipality_sees_its_own_programme_and_no_other(
    every_municipality_has_a_programme: tuple[Runtime, str],
) -> None:
    runtime, _ = every_municipality_has_a_programme
    for municipality in load_registry().municipalities():
        reader = Principal("reader", "Reader", Role.MUNICIPALITY_READER, municipality.id)
        visible = runtime.visible_programmes(reader)
        assert [p.tenant_id for p in visible] == [municipality.id]
        audit = runtime.audit.entries(
            AuditFilter(tenant_ids=runtime.read_scope(reader).tenant_ids), after=None, limit=10
        )
        assert {row["tenant_id"] for row in audit} == {str(municipality.id)}


def test_each_county_sees_exactly_the_programmes_of_its_municipalities(
    every_municipality_has_a_programme: tuple[Runtime, str],
) -> None:
    runtime, _ = every_municipality_has_a_programme
    registry = load_registry()
    expected = Counter(m.county_number_on(GRANTED_ON) for m in registry.municipalities())
    assert len(expected) == 15
    for county in registry.counties_valid_on(GRANTED_ON):
        auditor = Principal("auditor", "Auditor", Role.COUNTY_AUDITOR, county_number=county.number)
        visible = runtime.visible_programmes(auditor)
        assert len(visible) == expected[county.number]
        assert {p.granting_county_number for p in visible} == {county.number}


def test_the_national_analyst_sees_all_357(
    every_municipality_has_a_programme: tuple[Runtime, str],
) -> None:
    runtime, _ = every_municipality_has_a_programme
    analyst = Principal("analyst", "Analyst", Role.NATIONAL_ANALYST)
    assert len(runtime.visible_programmes(analyst)) == 357
    assert runtime.read_scope(analyst).tenant_ids is None


def test_serving_357_tenants_holds_a_bounded_number_of_connections(
    every_municipality_has_a_programme: tuple[Runtime, str],
) -> None:
    """No pool per tenant: the API's one small pool and its listener, and the in-process
    worker's handful (two pooled, a lease and a listening connection)."""
    runtime, url = every_municipality_has_a_programme
    api = POOL_SIZE + 2 + 1  # pool size, the configured overflow, the positions listener
    worker = 2 + 1 + 1
    with psycopg.connect(url) as conn:
        (connections,) = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchone() or (0,)
    assert 0 < connections <= api + worker < 357
