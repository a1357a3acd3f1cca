"""The national comparison on a small dataset, on SQLite and PostgreSQL: its figures equal a
hand computation; filters and sorting; per inhabitant with and without population; access
(analysts all, a county its own, a municipality its own plus the national figures)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.access import Principal
from domain.continuation.stages import Owner, OwnerKind, Stage
from domain.plan.content import FocusAreaKind
from domain.results.series import Period
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.comparison import Comparison, ComparisonFilter, ComparisonSort, compare
from tests.factories import (
    FINNMARK,
    MELOY,
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
    psv_participants,
    psv_scores,
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
        meloy = register_meloy(app)
        register_batsfjord(app)
        _results_assessments_and_continuation(running, vagan, meloy)
        app.import_population(national_steward(), POPULATION, source="Test", file_name="p.csv")
        assert running.wait_for_everything_written(timeout=30)
        yield running
    finally:
        running.close()


RESTRICTED = "offl. § 13 jf. fvl. § 13 første ledd nr. 2"
FORSTUDIE_STARTED = date(2025, 6, 2)


def _results_assessments_and_continuation(running: Runtime, vagan: object, meloy: object) -> None:
    """Vågan: P1 jobs created (baseline 10, 2025 target 40, actual 34), P2 jobs secured 2025
    actual 6 (no baseline), D1 new companies 2025 actual 3, restricted; status assessments
    2024 (programme year 2, 60/40) and 2025 (year 3, 50/50) with the default scores; the
    forstudie started 2 June 2025 and still running. Meløy: a 2025 assessment (year 2, 60/40)
    with every score 3."""
    app, ed = running.app, editor()
    app.publish_standard_catalogue(national_steward())
    open_ = app.open_result_series
    p1 = open_(ed, vagan, "project", "P1", "jobs_created").aggregate_id
    app.set_result_baseline(ed, p1, Decimal("10"), date(2024, 12, 31), "SSB")
    app.set_result_target(ed, p1, Period(2025), Decimal("40"))
    app.report_result_actual(ed, p1, Period(2025), Decimal("34"), "SSB")
    p2 = open_(ed, vagan, "project", "P2", "jobs_secured").aggregate_id
    app.report_result_actual(ed, p2, Period(2025), Decimal("6"), "Prosjektrapport")
    d1 = open_(ed, vagan, "goal", "D1", "new_companies").aggregate_id
    app.report_result_actual(ed, d1, Period(2025), Decimal("3"), "Brønnøysundregistrene")
    app.restrict_result_series(ed, d1, RESTRICTED)
    for year in (2024, 2025):
        app.hold_status_assessment(
            ed,
            vagan,
            year,
            date(year, 10, 15),
            participants=psv_participants(),
            scores=psv_scores(),
        )
    app.hold_status_assessment(
        editor(MELOY),
        meloy,
        2025,
        date(2025, 10, 20),
        participants=psv_participants(),
        scores=psv_scores((3,) * 6, (3,) * 6),
    )
    app.start_continuation_stage(
        ed,
        vagan,
        Stage.FORSTUDIE,
        FORSTUDIE_STARTED,
        date(2025, 7, 11),
        (Owner("Vågan kommune", OwnerKind.MUNICIPALITY),),
        reason="Tidlig start",
    )


def comparison(runtime: Runtime, who: Principal, **kw: object) -> Comparison:
    return compare(
        runtime.comparison_sources(),
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


# Results, status assessments and Videreføring


def test_results_attainment_and_per_million_equal_a_hand_computation(runtime: Runtime) -> None:
    rows = {r.name: r for r in comparison(runtime, national_analyst()).rows}
    vagan = rows["Omstilling Vågan"]
    assert vagan.results is not None
    # P1: (34 − 10) / (40 − 10) = 0.8; P2 has no baseline, D1 no target: the mean is 0.8.
    assert vagan.results.attainment == Decimal("0.8")
    assert (vagan.results.attained_series, vagan.results.series) == (1, 3)
    # The programme's own row sees its restricted series.
    assert vagan.results.total("new_companies") == 3
    # kr 150 000 spent = 0.15 million: (34 + 6) / 0.15 = 266.6667; 3 / 0.15 = 20.
    assert vagan.jobs_per_million == Decimal("266.6667")
    per = {p.code: p.per_million for p in vagan.results_per_million}
    assert per == {
        "jobs_created": Decimal("226.6667"),
        "jobs_secured": Decimal("40"),
        "new_companies": Decimal("20"),
    }
    assert rows["Omstilling Meløy"].results is None
    assert rows["Omstilling Meløy"].jobs_per_million is None


def test_assessment_scores_follow_the_years_filter(runtime: Runtime) -> None:
    rows = {r.name: r for r in comparison(runtime, national_analyst()).rows}
    vagan = rows["Omstilling Vågan"]
    # 2024: 0.6 × 25/6 + 0.4 × 15/6 = 3.50; 2025: 0.5 × 25/6 + 0.5 × 15/6 = 20/6 = 3.33.
    assert [(a.year, a.weighted_score) for a in vagan.assessment_scores] == [
        (2024, Decimal("3.50")),
        (2025, Decimal("3.33")),
    ]
    assert vagan.latest_weighted_score == Decimal("3.33")
    assert rows["Omstilling Meløy"].latest_weighted_score == Decimal("3.00")
    assert rows["Omstilling Båtsfjord"].assessment_scores == ()
    only = comparison(runtime, national_analyst(), where=ComparisonFilter(years=(2024,)))
    (vagan_2024,) = [r for r in only.rows if r.name == "Omstilling Vågan"]
    assert [a.year for a in vagan_2024.assessment_scores] == [2024]
    assert vagan_2024.latest_weighted_score == Decimal("3.50")


def test_continuation_lateness_on_the_date(runtime: Runtime) -> None:
    rows = {r.name: r for r in comparison(runtime, national_analyst()).rows}
    status = rows["Omstilling Vågan"].continuation
    assert status is not None
    # Deadline two years before 30 June 2029; the forstudie (4–6 weeks) started 2 June 2025
    # runs past its frame ending 14 July 2025: 110 days late on 1 November 2025.
    assert status.deadline == date(2027, 6, 30) and not status.late
    assert status.current_stage is Stage.FORSTUDIE
    frame_end = FORSTUDIE_STARTED + timedelta(weeks=6)
    assert status.most_days_late == (ON - frame_end).days == 110
    assert status.is_late
    meloy = rows["Omstilling Meløy"].continuation
    assert meloy is not None and not meloy.is_late and meloy.most_days_late == 0


@pytest.mark.parametrize(
    ("column", "descending", "first"),
    [
        ("attainment", True, "Omstilling Vågan"),
        ("jobs_per_million", True, "Omstilling Vågan"),
        ("latest_weighted_score", True, "Omstilling Vågan"),
        ("latest_weighted_score", False, "Omstilling Meløy"),
        ("continuation_days_late", True, "Omstilling Vågan"),
        ("continuation_days_late", False, "Omstilling Båtsfjord"),
        ("continuation_late", True, "Omstilling Vågan"),
    ],
)
def test_sorting_by_the_new_columns(
    runtime: Runtime, column: str, descending: bool, first: str
) -> None:
    rows = comparison(runtime, national_analyst(), sort=ComparisonSort(column, descending))
    names = [r.name for r in rows.rows]
    assert names[0] == first and len(names) == 3
    if column in ("attainment", "jobs_per_million"):
        # Unknown values last, in name order.
        assert names[1:] == ["Omstilling Båtsfjord", "Omstilling Meløy"]


def test_national_figures_publish_results_without_restricted_series(runtime: Runtime) -> None:
    for who in (national_analyst(), reader()):
        national = comparison(runtime, who).national
        totals = {t.code: t.total for t in national.results_totals}
        assert totals == {"jobs_created": Decimal("34"), "jobs_secured": Decimal("6")}
        assert national.attainment == Decimal("0.8") and national.programmes_with_attainment == 1
        per = {p.code: p.per_million for p in national.results_per_million}
        assert per == {"jobs_created": Decimal("226.6667"), "jobs_secured": Decimal("40")}
        # Latest weighted scores 3.33 (Vågan) and 3.00 (Meløy): mean 3.165 → 3.17.
        assert national.mean_latest_weighted_score == Decimal("3.17")
        assert national.programmes_with_assessment == 2
        assert national.continuation_late == 1
