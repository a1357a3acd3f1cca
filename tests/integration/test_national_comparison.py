"""The national comparison over a generated national dataset (every county, dozens of
programmes, two programme years) equals a recomputation straight from the events in the log,
on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

import pytest

from domain.assessment.model import StatusAssessment
from domain.funds.grant import Grant
from domain.funds.use import GrantUse
from domain.plan.content import FocusArea
from domain.plan.model import Omstillingsplan
from domain.population.model import PopulationRegister
from domain.programme.model import Programme
from domain.results.series import ResultSeries
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.comparison import UNCLASSIFIED, Comparison, ComparisonFilter, compare
from tests.factories import fresh_database, national_analyst, sqlite_env
from tests.national_dataset import YEARS, NationalDataset, build_national_dataset

ON = date(2026, 11, 23)


@dataclass
class National:
    runtime: Runtime
    dataset: NationalDataset
    events: list[Any]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def national(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[National]:
    def build(env: dict[str, str]) -> Iterator[National]:
        runtime = Runtime(env)
        try:
            dataset = build_national_dataset(runtime.app)
            assert runtime.wait_for_everything_written(timeout=120)
            app = runtime.app
            events = [
                app.mapper.to_domain_event(n)
                for n in app.recorder.select_notifications(start=1, limit=1_000_000)
            ]
            yield National(runtime, dataset, events)
        finally:
            runtime.close()

    if request.param == "sqlite":
        yield from build(sqlite_env(str(tmp_path_factory.mktemp("national") / "national.db")))
    else:
        with fresh_database(request.getfixturevalue("postgres_url")) as url:
            unused = str(tmp_path_factory.mktemp("national") / "unused.db")
            yield from build(event_store_env(url, sqlite_path=unused))


def national_comparison(national: National, **where: Any) -> Comparison:
    runtime = national.runtime
    analyst = national_analyst()
    return compare(
        runtime.comparison_sources(),
        runtime.visible_programmes(analyst),
        reads_everything=True,
        where=ComparisonFilter(**where),
        on=ON,
    )


# The recomputation: money, focus-area types and population straight from the log.


@dataclass
class Recomputed:
    granted: dict[tuple[UUID, int], int]
    disbursed: dict[tuple[UUID, int], int]
    spent: dict[tuple[UUID, int], int]
    spent_by_kind: dict[tuple[UUID, int], dict[str, int]]
    population: dict[tuple[UUID, int], int]  # municipality, year
    municipalities: dict[UUID, set[UUID]]  # programme → its municipalities


def recompute(events: list[Any]) -> Recomputed:
    granted: dict[tuple[UUID, int], int] = defaultdict(int)
    disbursed: dict[tuple[UUID, int], int] = defaultdict(int)
    grant_of: dict[UUID, tuple[UUID, int]] = {}
    grant_amount: dict[UUID, int] = {}
    lines: dict[tuple[UUID, int], tuple[tuple[UUID, int], str, int]] = {}
    reversed_lines: set[tuple[UUID, int]] = set()
    use_of: dict[UUID, UUID] = {}
    kinds: dict[UUID, dict[str, str]] = defaultdict(dict)
    plan_programme: dict[UUID, UUID] = {}
    population: dict[tuple[UUID, int], int] = {}
    municipalities: dict[UUID, set[UUID]] = defaultdict(set)
    for e in events:
        match e:
            case Programme.Registered():
                municipalities[e.originator_id] |= {e.lead_municipality_id, *e.municipality_ids}
            case Programme.MunicipalityAdded():
                municipalities[e.originator_id].add(e.municipality_id)
            case Grant.Granted():
                key = grant_of[e.originator_id] = (e.programme_id, e.year)
                grant_amount[e.originator_id] = e.amount.ore
                granted[key] += e.amount.ore
            case Grant.Amended():
                key = grant_of[e.originator_id]
                granted[key] += e.amount.ore - grant_amount[e.originator_id]
                grant_amount[e.originator_id] = e.amount.ore
            case Grant.Withdrawn() | Grant.ClawedBack():
                granted[grant_of[e.originator_id]] -= e.amount.ore
            case Grant.Disbursed():
                disbursed[grant_of[e.originator_id]] += e.disbursement.amount.ore
            case GrantUse.Opened():
                use_of[e.originator_id] = e.grant_id
            case GrantUse.SpendingReported():
                line = e.spending
                key = grant_of[use_of[e.originator_id]]
                lines[(e.originator_id, line.number)] = (
                    key,
                    line.focus_area_code,
                    line.amount.ore,
                )
            case GrantUse.SpendingReversed():
                reversed_lines.add((e.originator_id, e.number))
            case PopulationRegister.FiguresImported():
                for figure in e.figures:  # a later import supersedes an earlier one
                    population[(figure.municipality_id, figure.year)] = figure.population
            case _ if isinstance(e, Omstillingsplan.Event):
                _plan_kinds(e, kinds, plan_programme)
    spent: dict[tuple[UUID, int], int] = defaultdict(int)
    spent_by_kind: dict[tuple[UUID, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line_key, (key, area, ore) in lines.items():
        if line_key in reversed_lines:
            continue
        spent[key] += ore
        kind = kinds[key[0]].get(area, UNCLASSIFIED)
        spent_by_kind[key][kind] += ore
    return Recomputed(granted, disbursed, spent, spent_by_kind, population, municipalities)


def _plan_kinds(
    e: Any, kinds: dict[UUID, dict[str, str]], plan_programme: dict[UUID, UUID]
) -> None:
    """The focus areas' types as each plan event leaves them (the latest word wins)."""
    if isinstance(e, Omstillingsplan.Drafted):
        plan_programme[e.originator_id] = e.programme_id
        areas = e.content.focus_areas
    else:
        area = getattr(e, "focus_area", None)
        areas = (area,) if isinstance(area, FocusArea) else ()
    for area in areas:
        kind = area.kind.value if area.kind is not None else UNCLASSIFIED
        kinds[plan_programme[e.originator_id]][area.code] = kind


# What the comparison must show


def test_the_dataset_covers_every_county_with_dozens_of_programmes(national: National) -> None:
    assert len(national.dataset.counties) == 15
    assert len(national.dataset.programmes) >= 24
    rows = national_comparison(national).rows
    assert {r.programme_id for r in rows} == {p.programme_id for p in national.dataset.programmes}


def test_money_per_programme_and_year_equals_the_events(national: National) -> None:
    expected = recompute(national.events)
    rows = national_comparison(national).rows
    checked = 0
    for row in rows:
        for y in row.years:
            key = (row.programme_id, y.year)
            assert (y.granted_ore, y.disbursed_ore, y.spent_ore) == (
                expected.granted.get(key, 0),
                expected.disbursed.get(key, 0),
                expected.spent.get(key, 0),
            ), (row.name, y.year)
            assert {k.kind: k.spent_ore for k in y.spent_by_kind} == {
                k: v for k, v in expected.spent_by_kind.get(key, {}).items() if v
            }, (row.name, y.year)
            checked += bool(y.spent_ore)
        assert row.totals.spent_ore == sum(
            expected.spent.get((row.programme_id, year), 0) for year in YEARS
        )
    assert checked > 20  # the dataset spends in most programme years


def test_per_inhabitant_equals_the_events_and_says_why_it_is_missing(national: National) -> None:
    expected = recompute(national.events)
    missing = 0
    for row in national_comparison(national).rows:
        municipalities = expected.municipalities[row.programme_id]
        for y in row.years:
            figures = [expected.population.get((m, y.year)) for m in municipalities]
            if None in figures:
                missing += 1
                assert y.population is None
                assert y.per_inhabitant["spent"].ore is None
                assert "no population figure" in (y.per_inhabitant["spent"].reason or "")
                continue
            population = sum(f for f in figures if f is not None)
            assert y.population == population
            spent = expected.spent.get((row.programme_id, y.year), 0)
            assert y.per_inhabitant["spent"].ore == round(Fraction(spent, population))
    assert missing > 0  # the generator leaves some figures out on purpose


def test_national_figures_are_the_sums_over_every_programme(national: National) -> None:
    expected = recompute(national.events)
    comparison = national_comparison(national)
    assert comparison.national.programmes == len(national.dataset.programmes)
    assert comparison.national.granted_ore == sum(expected.granted.values())
    assert comparison.national.spent_ore == sum(expected.spent.values())
    by_kind: dict[str, int] = defaultdict(int)
    for kinds in expected.spent_by_kind.values():
        for kind, ore in kinds.items():
            by_kind[kind] += ore
    assert {k.kind: k.spent_ore for k in comparison.national.spent_by_kind} == {
        k: v for k, v in by_kind.items() if v
    }


def test_a_county_filter_shows_exactly_the_programmes_it_supervises(national: National) -> None:
    for county in ("18", "56", "03"):
        rows = national_comparison(national, county_numbers=(county,)).rows
        assert {r.programme_id for r in rows} == {
            p.programme_id for p in national.dataset.programmes if p.county_number == county
        }


# Results and status assessments, straight from the log


def _half_up(value: Fraction, places: int) -> Decimal:
    scale = 10**places
    whole, rest = divmod(value.numerator * scale, value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return (Decimal(whole) / scale).quantize(Decimal(1).scaleb(-places))


def recompute_attainment(events: list[Any]) -> dict[UUID, Decimal | None]:
    """Per programme: the mean over its series of (actual − baseline) / (target − baseline)
    for the latest year with both, each rounded half up to 4 decimals."""
    programme_of: dict[UUID, UUID] = {}
    baseline: dict[UUID, Decimal] = {}
    targets: dict[UUID, dict[int, Decimal]] = defaultdict(dict)
    actuals: dict[UUID, dict[int, Decimal]] = defaultdict(dict)
    for e in events:
        match e:
            case ResultSeries.Opened():
                programme_of[e.originator_id] = e.programme_id
            case ResultSeries.BaselineSet():
                baseline[e.originator_id] = e.baseline.value
            case ResultSeries.TargetSet():
                targets[e.originator_id][e.period.year] = e.value
            case ResultSeries.ActualReported() | ResultSeries.ActualCorrected():
                actuals[e.originator_id][e.period.year] = e.value
    per_programme: dict[UUID, list[Decimal]] = defaultdict(list)
    for series, programme in programme_of.items():
        both = sorted(set(targets[series]) & set(actuals[series]))
        per_programme.setdefault(programme, [])
        if series not in baseline or not both:
            continue
        span = targets[series][both[-1]] - baseline[series]
        if span:
            exact = Fraction(actuals[series][both[-1]] - baseline[series]) / Fraction(span)
            per_programme[programme].append(_half_up(exact, 4))
    return {
        p: _half_up(Fraction(sum(v, Decimal(0))) / len(v), 4) if v else None
        for p, v in per_programme.items()
    }


def recompute_assessments(events: list[Any]) -> dict[tuple[UUID, int], Decimal]:
    """The national default weights by programme year (years 2 and 3 in the dataset) applied
    to the mean process and effect scores, rounded half up to 2 decimals."""
    weights = {2: (Fraction(60, 100), Fraction(40, 100)), 3: (Fraction(1, 2), Fraction(1, 2))}
    scores: dict[tuple[UUID, int], Decimal] = {}
    for e in events:
        if isinstance(e, StatusAssessment.Held):
            process = [s.score for s in e.scores if s.indicator.startswith("P")]
            effect = [s.score for s in e.scores if s.indicator.startswith("E")]
            programme_year = e.year - 2024 + 1
            w_process, w_effect = weights[programme_year]
            exact = w_process * Fraction(sum(process), 6) + w_effect * Fraction(sum(effect), 6)
            scores[(e.programme_id, e.year)] = _half_up(exact, 2)
    return scores


def test_target_attainment_per_programme_equals_the_events(national: National) -> None:
    expected = recompute_attainment(national.events)
    rows = national_comparison(national).rows
    assert sum(1 for r in rows if r.results is not None and r.results.attainment is not None) > 20
    for row in rows:
        got = row.results.attainment if row.results is not None else None
        assert got == expected.get(row.programme_id), row.name


def test_status_assessment_scores_per_year_equal_the_events(national: National) -> None:
    expected = recompute_assessments(national.events)
    seen = {
        (row.programme_id, s.year): s.weighted_score
        for row in national_comparison(national).rows
        for s in row.assessment_scores
    }
    assert seen == expected
    assert len(seen) == 2 * len(national.dataset.programmes)
