"""The national comparison on a small dataset, on SQLite and PostgreSQL: its figures equal a
hand computation; filters and sorting; per inhabitant with and without population; access
(analysts all, a county its own, a municipality its own plus the national figures)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from api.graphql.comparison.queries import comparison_sources
from application.access import Principal
from domain.plan.content import FocusAreaKind
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.comparison import Comparison, ComparisonFilter, ComparisonSort, compare
from tests.factories import (
    FINNMARK,
    NORDLAND,
    approved_projects,
    complete_content,
    county_officer,
    editor,
    focus_area,
    grant_decision,
    handlingsplan_applied_for,
    kr,
    national_analyst,
    national_steward,
    plan_in_force,
    reader,
    register_batsfjord,
    register_meloy,
    register_vagan,
    spending,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
ON = date(2025, 11, 1)
POPULATION = "kommunenummer;år;folkemengde\n1865;2025;9700\n"


@pytest.fixture(params=BACKENDS, scope="module")
def runtime(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runtime]:
    tmp = tmp_path_factory.mktemp("comparison")
    if request.param == "sqlite":
        env = event_store_env(None, sqlite_path=str(tmp / "events.sqlite"))
        running = Runtime(env)
        yield from _told(running)
    else:
        from tests.factories import fresh_database

        with fresh_database(request.getfixturevalue("postgres_url")) as url:
            running = Runtime(event_store_env(url, sqlite_path=str(tmp / "unused.sqlite")))
            yield from _told(running)


def _told(running: Runtime) -> Iterator[Runtime]:
    """Vågan 2025 (Nordland): kr 800 000 granted, kr 400 000 paid, P1 (I1, business
    development) kr 100 000 and P2 (I2, competence) kr 50 000 spent; 9 700 inhabitants.
    Meløy (Nordland) and Båtsfjord (Finnmark): registered, no money, no population."""
    try:
        app = running.app
        vagan = register_vagan(app)
        areas = (
            focus_area("I1", "Næring", ("D1",)),
            focus_area("I2", "Kompetanse", ("D2",)),
            focus_area("I3", "Bolyst", ("D3",)),
        )
        kinds = (FocusAreaKind.BUSINESS_DEVELOPMENT, FocusAreaKind.COMPETENCE, None)
        typed = tuple(
            type(a)(a.code, a.name, a.description, a.goals, k)
            for a, k in zip(areas, kinds, strict=True)
        )
        plan_in_force(app, vagan, complete_content(focus_areas=typed))
        projects = approved_projects(app, vagan)
        app.start_project(editor(), projects["P1"], date(2025, 1, 6))
        app.start_project(editor(), projects["P2"], date(2025, 1, 6))
        handlingsplan_applied_for(app, vagan, 2025)
        grant = app.grant_funds(
            county_officer(), vagan, 2025, kr("800000"), decision=grant_decision()
        ).aggregate_id
        app.disburse_grant(county_officer(), grant, kr("400000"), date(2025, 2, 1), reason="Første")
        app.allocate_funds(editor(), grant, "P1", kr("600000"))
        app.allocate_funds(editor(), grant, "P2", kr("200000"))
        app.report_spending(editor(), grant, spending("P1", "100000"))
        app.report_spending(editor(), grant, spending("P2", "50000", reference="Bilag 2025-0413"))
        register_meloy(app)
        register_batsfjord(app)
        app.import_population(national_steward(), POPULATION, source="Test", file_name="p.csv")
        assert running.wait_for_everything_written(timeout=30)
        yield running
    finally:
        running.close()


def comparison(runtime: Runtime, who: Principal, **kw: object) -> Comparison:
    return compare(
        comparison_sources(runtime),
        runtime.visible_programmes(who),
        reads_everything=who.reads_everything,
        on=ON,
        **kw,  # type: ignore[arg-type]
    )


def test_the_figures_equal_a_hand_computation(runtime: Runtime) -> None:
    rows = {r.name: r for r in comparison(runtime, national_analyst()).rows}
    vagan = rows["Omstilling Vågan"]
    (y2025,) = [y for y in vagan.years if y.year == 2025]
    assert (y2025.granted_ore, y2025.disbursed_ore, y2025.spent_ore) == (
        80_000_000,
        40_000_000,
        15_000_000,
    )
    assert {(k.kind, k.spent_ore) for k in y2025.spent_by_kind} == {
        ("business_development", 10_000_000),
        ("competence", 5_000_000),
    }
    assert y2025.population == 9700
    assert y2025.population_sources == ("Test",)
    # 80 000 000 øre / 9 700 = 8 247.42… → 8 247 øre; 15 000 000 / 9 700 = 1 546.39… → 1 546
    assert y2025.per_inhabitant["granted"].ore == 8247
    assert y2025.per_inhabitant["spent"].ore == 1546
    assert vagan.totals.spent_ore == 15_000_000
    assert vagan.supervising_county_number == NORDLAND


def test_without_population_the_figure_per_inhabitant_is_missing_with_a_reason(
    runtime: Runtime,
) -> None:
    rows = {r.name: r for r in comparison(runtime, national_analyst()).rows}
    vagan = rows["Omstilling Vågan"]
    (y2024,) = [y for y in vagan.years if y.year == 2024]
    assert y2024.population is None
    assert y2024.per_inhabitant["granted"].ore is None
    assert "no population figure for 1 January 2024" in (y2024.population_reason or "")


def test_filters_narrow_the_rows(runtime: Runtime) -> None:
    analyst = national_analyst()
    finnmark = comparison(runtime, analyst, where=ComparisonFilter(county_numbers=(FINNMARK,)))
    assert [r.name for r in finnmark.rows] == ["Omstilling Båtsfjord"]
    years = comparison(runtime, analyst, where=ComparisonFilter(years=(2025,)))
    assert all([y.year for y in r.years] in ([2025], []) for r in years.rows)
    kinds = comparison(runtime, analyst, where=ComparisonFilter(status_kinds=("no_such_kind",)))
    assert kinds.rows == ()
    period = comparison(runtime, analyst, where=ComparisonFilter(period_from=date(2040, 1, 1)))
    assert period.rows == ()


def test_sorting_by_a_figure_puts_ties_in_name_order(runtime: Runtime) -> None:
    analyst = national_analyst()
    by_spent = comparison(runtime, analyst, sort=ComparisonSort("spent", descending=True))
    names = [r.name for r in by_spent.rows]
    assert names[0] == "Omstilling Vågan"
    assert names[1:] == sorted(names[1:], key=str.casefold)
    ascending = comparison(runtime, analyst, sort=ComparisonSort("spent"))
    assert [r.name for r in ascending.rows][-1] == "Omstilling Vågan"
    by_name = comparison(runtime, analyst, sort=ComparisonSort("name", descending=True))
    assert [r.name for r in by_name.rows] == sorted(names, key=str.casefold, reverse=True)
    per_inhabitant = comparison(runtime, analyst, sort=ComparisonSort("spent_per_inhabitant"))
    assert [r.name for r in per_inhabitant.rows][0] != "" and len(per_inhabitant.rows) == 3


def test_access_analyst_all_county_its_own_municipality_its_own_and_the_national_figures(
    runtime: Runtime,
) -> None:
    everything = comparison(runtime, national_analyst())
    assert len(everything.rows) == 3
    nordland = comparison(runtime, county_officer(NORDLAND))
    assert {r.name for r in nordland.rows} == {"Omstilling Vågan", "Omstilling Meløy"}
    own = comparison(runtime, reader())
    assert [r.name for r in own.rows] == ["Omstilling Vågan"]
    assert own.national.programmes == 3
    assert own.national.spent_ore == everything.national.spent_ore == 15_000_000
    # A municipality's filters cannot narrow the national figures down to one programme.
    narrowed = comparison(runtime, reader(), where=ComparisonFilter(county_numbers=(FINNMARK,)))
    assert narrowed.rows == () and narrowed.national.programmes == 3


def test_national_figures_per_inhabitant_leave_out_programmes_without_population(
    runtime: Runtime,
) -> None:
    national = comparison(
        runtime, national_analyst(), where=ComparisonFilter(years=(2025,))
    ).national
    assert national.per_inhabitant["spent"].ore == 1546
    assert national.programmes_without_population == 2
