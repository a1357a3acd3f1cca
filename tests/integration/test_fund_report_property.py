"""The county's audit report and the national totals equal a recomputation from the raw events,
whatever mix of grants, payments, allocations, spending, reallocations, returns, withdrawals and
claw-backs the programmes recorded (and whatever was refused on the way)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.action_plan.content import Financing, FundingSource
from domain.funds.grant import Grant
from domain.funds.use import GrantUse, SpendingReport
from domain.money import Money
from domain.shared.errors import DomainError
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.fund_audit import DeviationKind, county_audit_report
from tests.factories import (
    MELOY,
    NORDLAND,
    approved_projects,
    board,
    county_officer,
    decision,
    editor,
    fresh_database,
    grant_decision,
    handlingsplan_applied_for,
    plan_in_force,
    reallocation_decision,
    register_meloy,
    sqlite_env,
    vagan_with_plan_in_force,
)

BACKENDS = ["sqlite", "postgres"]
YEARS = (2025, 2026)
AS_OF = date(2027, 3, 1)  # after both years ended: unspent funds are findings
PROJECTS = ("P1", "P2", "P3")  # P3 is approved but in no Handlingsplan: allocation is refused


@dataclass
class World:
    runtime: Runtime
    programmes: dict[str, UUID]  # municipality number → programme
    numbers: dict[UUID, str] = field(default_factory=dict)


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    def build(env: dict[str, str]) -> Iterator[World]:
        runtime = Runtime(env)
        app = runtime.app
        vagan = vagan_with_plan_in_force(app)
        meloy = register_meloy(app)
        plan_in_force(app, meloy, number=MELOY)
        programmes = {"1865": vagan, MELOY: meloy}
        for number, programme in programmes.items():
            approved_projects(app, programme, number=number)
            for year in YEARS:
                handlingsplan_applied_for(app, programme, year, number=number)
        try:
            yield World(runtime, programmes, {p: n for n, p in programmes.items()})
        finally:
            runtime.close()

    if request.param == "sqlite":
        yield from build(sqlite_env(str(tmp_path_factory.mktemp("funds") / "funds.db")))
    else:
        with fresh_database(request.getfixturevalue("postgres_url")) as url:
            unused = str(tmp_path_factory.mktemp("funds") / "unused.db")
            yield from build(event_store_env(url, sqlite_path=unused))


# What the municipalities and the county try to record; the domain refuses what breaks a rule.
ore = st.integers(min_value=1, max_value=1_200_000)  # up to kr 12 000,00
project = st.sampled_from(PROJECTS)
month = st.integers(min_value=1, max_value=12)
operation = st.one_of(
    st.tuples(st.just("disburse"), ore),
    st.tuples(st.just("allocate"), project, ore),
    st.tuples(st.just("spend"), project, ore, st.integers(0, 500_000), month),
    st.tuples(st.just("reallocate"), project, project, ore, month),
    st.tuples(st.just("release"), project, ore),
    st.tuples(st.just("return"), ore),
    st.tuples(st.just("withdraw"), ore),
    st.tuples(st.just("claw_back"), ore),
    st.tuples(st.just("reverse"), st.integers(1, 6)),
    st.tuples(st.just("amend"), ore),
)
grant_story = st.tuples(
    st.sampled_from(["1865", MELOY]),
    st.sampled_from(YEARS),
    st.integers(min_value=100_000, max_value=1_000_000),  # kr 1 000 – 10 000 per grant
    st.lists(operation, max_size=14),
)


def tell(world: World, number: str, year: int, amount: int, operations: list[Any]) -> int:
    """Record what the story holds that the rules accept; the last notification id written."""
    app = world.runtime.app
    programme = world.programmes[number]
    officer, ed, styre = county_officer(NORDLAND), editor(number), board(number)
    try:
        granted = app.grant_funds(
            officer, programme, year, Money(amount), decision=grant_decision(date(year, 1, 20))
        )
    except DomainError:
        return 0
    grant, written = granted.aggregate_id, granted.last_notification_id or 0
    for op in operations:
        kind, *args = op
        try:
            result = _record(app, kind, args, grant, year, officer, ed, styre)
        except DomainError:
            continue
        written = max(written, result.last_notification_id or 0)
    return written


def _record(
    app: Any, kind: str, args: list[Any], grant: UUID, year: int, officer: Any, ed: Any, styre: Any
) -> Any:
    county_decision = decision("fylkesutvalget", date(year, 9, 1), f"{year}/310-9", "Endring")
    match kind:
        case "disburse":
            return app.disburse_grant(officer, grant, Money(args[0]), date(year, 2, 1))
        case "allocate":
            return app.allocate_funds(ed, grant, args[0], Money(args[1]))
        case "spend":
            code, county, municipality, m = args
            return app.report_spending(
                ed,
                grant,
                SpendingReport(
                    code,
                    Money(county),
                    date(year, m, 1),
                    date(year, m, 28),
                    "personnel",
                    f"Bilag {year}-{m:02d}",
                    (Financing(FundingSource.MUNICIPALITY, Money(municipality)),)
                    if municipality
                    else (),
                ),
            )
        case "reallocate":
            source, target, moved, m = args
            return app.reallocate_funds(
                styre,
                grant,
                source,
                target,
                Money(moved),
                date(year, m, 15),
                decision=reallocation_decision(date(year, 6, 10)),
                reason="Omprioritering",
            )
        case "release":
            return app.release_allocation(ed, grant, args[0], Money(args[1]), reason="Ubrukt")
        case "return":
            return app.return_funds(ed, grant, Money(args[0]), date(year, 12, 1), reason="Ubrukt")
        case "withdraw":
            return app.withdraw_grant_funds(
                officer,
                grant,
                Money(args[0]),
                "unused",
                date(year, 9, 1),
                decision=county_decision,
                reason="Ikke brukt",
            )
        case "claw_back":
            return app.claw_back_grant_funds(
                officer,
                grant,
                Money(args[0]),
                "misused",
                date(year, 9, 1),
                decision=county_decision,
                reason="Brukt i strid med vilkårene",
            )
        case "reverse":
            return app.reverse_spending(ed, grant, args[0], reason="Feilført")
        case "amend":
            return app.amend_grant(
                officer,
                grant,
                amount=Money(args[0]),
                decision=county_decision,
                reason="Justert ramme",
            )
    raise AssertionError(f"no such operation {kind}")


FIGURES = (
    "granted",
    "withdrawn",
    "clawed_back",
    "disbursed",
    "allocated",
    "reallocated_in",
    "reallocated_out",
    "spent",
    "returned",
)


def recompute(
    world: World,
) -> tuple[dict[Any, dict[str, int]], dict[Any, dict[str, int]], dict[Any, int]]:
    """Straight from the log, without the read model: per (programme, year), per (programme,
    year, project), and per grant what was spent by year end."""
    app = world.runtime.app
    per_year: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    per_project: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    spent_in_year: dict[UUID, int] = defaultdict(int)
    grants: dict[UUID, tuple[UUID, int, str]] = {}  # grant → programme, year, county
    amounts: dict[UUID, int] = {}
    uses: dict[UUID, UUID] = {}
    lines: dict[tuple[UUID, int], tuple[str, int, date]] = {}
    last = 0
    while batch := app.recorder.select_notifications(
        start=last, limit=500, inclusive_of_start=False
    ):
        last = batch[-1].id
        for notification in batch:
            event = app.mapper.to_domain_event(notification)
            if isinstance(event, Grant.Granted):
                grants[event.originator_id] = (event.programme_id, event.year, event.county_number)
                amounts[event.originator_id] = event.amount.ore
                per_year[event.programme_id, event.year, event.county_number]["granted"] += (
                    event.amount.ore
                )
                continue
            if isinstance(event, GrantUse.Opened):
                uses[event.originator_id] = event.grant_id
                continue
            if isinstance(event, Grant.Event):
                grant_id = event.originator_id
            elif isinstance(event, GrantUse.Event):
                grant_id = uses[event.originator_id]
            else:
                continue
            programme, year, county = grants[grant_id]
            totals = per_year[programme, year, county]

            def on_project(
                code: str, figure: str, amount: int, programme: UUID = programme, year: int = year
            ) -> None:
                per_project[programme, year, code][figure] += amount

            match event:
                case Grant.Amended():
                    totals["granted"] += event.amount.ore - amounts[grant_id]
                    amounts[grant_id] = event.amount.ore
                case Grant.Disbursed():
                    totals["disbursed"] += event.disbursement.amount.ore
                case Grant.Withdrawn():
                    totals["withdrawn"] += event.amount.ore
                case Grant.ClawedBack():
                    totals["clawed_back"] += event.amount.ore
                case GrantUse.Allocated():
                    totals["allocated"] += event.amount.ore
                    on_project(event.project_code, "allocated", event.amount.ore)
                case GrantUse.AllocationReleased():
                    totals["allocated"] -= event.amount.ore
                    on_project(event.project_code, "allocated", -event.amount.ore)
                case GrantUse.Reallocated():
                    for figure in ("reallocated_in", "reallocated_out"):
                        totals[figure] += event.amount.ore
                    on_project(event.from_project_code, "allocated", -event.amount.ore)
                    on_project(event.from_project_code, "reallocated_out", event.amount.ore)
                    on_project(event.to_project_code, "allocated", event.amount.ore)
                    on_project(event.to_project_code, "reallocated_in", event.amount.ore)
                case GrantUse.SpendingReported():
                    line = event.spending
                    lines[grant_id, line.number] = (
                        line.project_code,
                        line.amount.ore,
                        line.period_end,
                    )
                    totals["spent"] += line.amount.ore
                    on_project(line.project_code, "spent", line.amount.ore)
                    if line.period_end <= date(year, 12, 31):
                        spent_in_year[grant_id] += line.amount.ore
                case GrantUse.SpendingReversed():
                    code, amount, period_end = lines[grant_id, event.number]
                    totals["spent"] -= amount
                    on_project(code, "spent", -amount)
                    if period_end <= date(year, 12, 31):
                        spent_in_year[grant_id] -= amount
                case GrantUse.FundsReturned():
                    totals["returned"] += event.amount.ore
    return per_year, per_project, spent_in_year


def figures_of(figures: Any) -> dict[str, int]:
    return {f: getattr(figures, f) for f in FIGURES}


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stories=st.lists(grant_story, min_size=1, max_size=3))
def test_the_audit_report_and_national_totals_equal_a_recomputation_from_the_events(
    world: World, stories: list[Any]
) -> None:
    # Wait for what was written (on PostgreSQL the log's readable head may lag behind it).
    written = max(tell(world, *story) for story in stories)
    runtime = world.runtime
    assert runtime.wait_for(written or None, timeout=30)
    per_year, per_project, spent_in_year = recompute(world)
    programme_ids = list(world.programmes.values())

    for year in YEARS:
        report = county_audit_report(runtime.funds, NORDLAND, year, programme_ids, AS_OF)
        for audit in report.programmes:
            programme = audit.programme.programme_id
            expected = per_year.get((programme, year, NORDLAND), dict.fromkeys(FIGURES, 0))
            assert figures_of(audit.totals) == expected
            for row in audit.projects:
                assert figures_of(row.figures) == {
                    **dict.fromkeys(FIGURES, 0),
                    **per_project[programme, year, row.project_code],
                }
            seen = {row.project_code for row in audit.projects}
            for (p, y, code), figures in per_project.items():
                if p == programme and y == year and code not in seen:
                    assert not any(figures.values())
            unspent = {
                d.grant_id: d.amount_ore
                for d in audit.deviations
                if d.kind is DeviationKind.UNSPENT_AT_YEAR_END
            }
            for grant in audit.grants:
                f = grant.figures
                left = (
                    f.granted
                    - f.withdrawn
                    - f.clawed_back
                    - f.returned
                    - spent_in_year[grant.grant_id]
                )
                assert unspent.get(grant.grant_id, 0) == max(left, 0)

    national = {
        (t.county_number, t.year): figures_of(t.figures) for t in runtime.funds.county_totals()
    }
    expected_national: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for (_, year, county), figures in per_year.items():
        for name, amount in figures.items():
            expected_national[county, year][name] += amount
    assert national == dict(expected_national)
