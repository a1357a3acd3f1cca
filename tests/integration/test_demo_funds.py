"""The demo's restructuring funds: three years of Båtsfjord's grants across the county reform,
Meløy's grants in Nordland, one reallocation, and a clean record but for the one deviation the
county's audit is meant to find (money moved before the board decided)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import count
from pathlib import Path
from uuid import UUID

import pytest

from application.app import OmstillingApp
from domain.funds.grant import Grant
from domain.funds.use import GrantUse
from domain.money import Money
from domain.shared.clock import today_in_norway
from domain.shared.errors import NotFound
from omstilling.demo import seed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.fund_audit import DeviationKind, county_audit_report
from tests.factories import (
    BATSFJORD,
    FINNMARK,
    MELOY,
    NORDLAND,
    TELEMARK,
    TROMS_OG_FINNMARK,
    municipality_id,
    national_analyst,
)


@dataclass(frozen=True)
class Demo:
    runtime: Runtime
    ids: dict[str, UUID]

    @property
    def app(self) -> OmstillingApp:
        return self.runtime.app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    path = Path(tmp_path_factory.mktemp("demo-funds")) / "events.sqlite"
    runtime = Runtime(event_store_env(None, sqlite_path=str(path)))
    try:
        yield Demo(runtime, seed(runtime))
    finally:
        runtime.close()


def grants(demo: Demo, programme: str, year: int) -> list[Grant]:
    """The programme's grants of the year, numbered 1, 2, ... until one is not found."""
    found: list[Grant] = []
    for number in count(1):
        grant_id = demo.app.grant_id_for(demo.ids[programme], year, number)
        try:
            found.append(demo.app.grant(national_analyst(), grant_id))
        except NotFound:
            return found
    raise AssertionError("unreachable")


def use_of(demo: Demo, grant: Grant) -> GrantUse:
    use = demo.app.grant_use(national_analyst(), grant.id)
    assert use is not None, f"grant {grant.year}/{grant.number} was never used"
    return use


def test_batsfjord_is_granted_2023_by_troms_og_finnmark_then_2024_and_2025_by_finnmark(
    demo: Demo,
) -> None:
    by_year = {year: grants(demo, "batsfjord", year) for year in (2023, 2024, 2025)}
    assert {year: [g.county_number for g in found] for year, found in by_year.items()} == {
        2023: [TROMS_OG_FINNMARK],
        2024: [FINNMARK],
        2025: [FINNMARK],
    }
    decided_on = {year: found[0].granted_on for year, found in by_year.items()}
    assert decided_on[2023] is not None and decided_on[2023].year <= 2023
    assert all(
        d is not None and d >= date(2024, 1, 1) for d in (decided_on[2024], decided_on[2025])
    )


def test_meloy_is_granted_by_nordland_in_two_years(demo: Demo) -> None:
    years = [
        year
        for year in range(2023, 2030)
        for grant in grants(demo, "meloy", year)
        if grant.county_number == NORDLAND
    ]
    assert len(set(years)) >= 2


def test_the_one_reallocation_moved_money_before_the_board_decided(demo: Demo) -> None:
    app = demo.app
    reallocations = [
        event
        for notification in app.recorder.select_notifications(start=1, limit=1_000_000)
        if isinstance(event := app.mapper.to_domain_event(notification), GrantUse.Reallocated)
    ]
    assert len(reallocations) == 1
    [moved] = reallocations
    assert moved.decision is not None
    assert moved.decision.body == "omstillingsstyret"
    assert moved.effective_on < moved.decision.meeting_date
    assert moved.reason
    batsfjord = demo.app.programme(national_analyst(), demo.ids["batsfjord"])
    assert moved.tenant_id == batsfjord.tenant_id


@pytest.mark.parametrize("programme", ["batsfjord", "meloy"])
def test_every_grant_of_2023_to_2025_is_spent_or_returned_within_its_year(
    demo: Demo, programme: str
) -> None:
    checked = 0
    for year in (2023, 2024, 2025):
        for grant in grants(demo, programme, year):
            checked += 1
            use = use_of(demo, grant)
            position = grant.position
            assert position.available - use.returned - use.spent == Money.ZERO
            assert use.allocated <= position.available - use.returned
            assert grant.disbursed <= position.granted
            assert use.counted_spending, f"{programme} {year}: no spending"
            for line in use.counted_spending:
                assert (
                    date(year, 1, 1) <= line.period_start <= line.period_end <= date(year, 12, 31)
                )
                assert line.plan_revision is not None  # in the year's approved Handlingsplan
                assert line.accounts_reference.startswith(f"Bilag {year}-")
    assert checked == {"batsfjord": 3, "meloy": 2}[programme]


def test_spending_is_co_financed_and_within_the_programme_period(demo: Demo) -> None:
    app, analyst = demo.app, national_analyst()
    co_financed = 0
    for programme in ("batsfjord", "meloy"):
        period = app.programme(analyst, demo.ids[programme])
        for year in range(2023, 2027):
            for grant in grants(demo, programme, year):
                for line in use_of(demo, grant).counted_spending:
                    assert period.period_start <= line.period_start
                    assert line.period_end <= period.period_end
                    co_financed += bool(line.co_financing)
    assert co_financed > 20


def test_the_running_year_is_partly_spent_and_nothing_is_dated_after_today(demo: Demo) -> None:
    [grant] = grants(demo, "batsfjord", 2026)
    use = use_of(demo, grant)
    assert grant.county_number == FINNMARK
    assert use.spent < grant.position.available
    today = today_in_norway()
    assert all(d.paid_on <= today for d in grant.disbursements)
    assert all(line.period_end <= today for line in use.counted_spending)


def test_the_grants_go_to_the_programmes_named(demo: Demo) -> None:
    analyst = national_analyst()
    for key, number in (("batsfjord", BATSFJORD), ("meloy", MELOY)):
        programme = demo.app.programme(analyst, demo.ids[key])
        assert programme.lead_municipality_id == municipality_id(number)
        for year in range(2023, 2027):
            assert all(g.tenant_id == programme.tenant_id for g in grants(demo, key, year))


def test_the_county_audits_find_the_one_deviation_and_nothing_else(demo: Demo) -> None:
    """Years 2021–2025: 2026 is still running (its remainder is due by 31 December)."""
    found = [
        (county, deviation)
        for county, programme in ((FINNMARK, "batsfjord"), (NORDLAND, "meloy"), (TELEMARK, "tinn"))
        for year in range(2021, 2026)
        for deviation in county_audit_report(
            demo.runtime.funds, county, year, [demo.ids[programme]], today_in_norway()
        ).deviations
    ]
    assert [(county, d.kind, d.year, d.project_code) for county, d in found] == [
        (FINNMARK, DeviationKind.REALLOCATION_BEFORE_BOARD_DECISION, 2024, "B24-1")
    ]
