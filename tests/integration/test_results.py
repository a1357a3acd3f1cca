"""Indicators and results through the application and the read model, on SQLite and
PostgreSQL: the steward publishes and versions the national catalogue; Vågan's editor defines
a local indicator and reports baselines, targets and actuals for plan goals and projects; a
correction keeps the earlier value as history; target attainment and results per million
kroner equal a hand computation; restricted series stay out of what is published; every
refusal names its field and rule and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.access import Principal
from domain.results.catalogue import CATALOGUE_ID, IndicatorCatalogue
from domain.results.indicators import Indicator
from domain.results.series import Period, ResultSeries
from domain.results.standard import STANDARD_CODES
from domain.shared.errors import (
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.funds import MovementFilter
from projections.results import national_totals, results_per_krone
from tests.factories import (
    MELOY,
    NORDLAND,
    board,
    county_officer,
    editor,
    grant_decision,
    kr,
    national_analyst,
    national_steward,
    reader,
    refusal_for,
    register_meloy,
    spending,
    vagan_ready_for_funds,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
STATS = "SSB tabell 07984"


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
    url = request.getfixturevalue("fresh_postgres_url")
    return event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))


@pytest.fixture
def runtime(env: dict[str, str]) -> Iterator[Runtime]:
    running = Runtime(env)
    yield running
    running.close()


def log_head(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


def refused(
    runtime: Runtime, kind: type[DomainError], run: Any, field: str | None = None
) -> DomainError:
    """The command is refused with `kind` (and `field`), and nothing is written."""
    head = log_head(runtime)
    with pytest.raises(kind) as caught:
        run(runtime.app)
    if field is not None:
        assert isinstance(caught.value, ValidationFailed)
        assert caught.value.field == field, caught.value
    assert log_head(runtime) == head
    return caught.value


def local(code: str = "cruise_calls", name: str = "Cruiseanløp") -> Indicator:
    return Indicator(
        code, name, "Cruise calls", "count", "effect", "output", "Anløp i Svolvær havn", "Havna"
    )


@dataclass(frozen=True)
class Story:
    runtime: Runtime
    programme: UUID
    jobs_goal: UUID  # H1 on jobs_created: baseline 10, targets 2025 40 / 2026 60
    jobs_p1: UUID  # P1 on jobs_created: 2025 actual 5
    companies: UUID  # D1 on new_companies: restricted
    cruise: UUID  # P2 on the local indicator cruise_calls


def tell(runtime: Runtime) -> Story:
    """Vågan 2025: catalogue published; H1 jobs (baseline 10, 2024 actual 15 and target 20,
    2025 actual 31 corrected to 34 and target 40, 2026 target 60); P1 jobs 2025: 5;
    D1 new companies 2025: 3 (restricted); P2 cruise calls 2025: 12 (local). Spent kr 300 000
    of county funds in 2025 (P1 200 000, P2 100 000)."""
    app, ed = runtime.app, editor()
    ids = vagan_ready_for_funds(app)
    programme = ids["programme"]
    runtime.command(lambda a: a.publish_standard_catalogue(national_steward()))
    runtime.command(lambda a: a.define_local_indicator(ed, programme, local()))
    open_ = app.open_result_series
    h1 = open_(ed, programme, "goal", "H1", "jobs_created").aggregate_id
    app.set_result_baseline(ed, h1, Decimal("10"), date(2023, 12, 31), STATS)
    for year, target in ((2024, "20"), (2025, "40"), (2026, "60")):
        app.set_result_target(ed, h1, Period(year), Decimal(target))
    app.report_result_actual(ed, h1, Period(2024), Decimal("15"), STATS, comment="Foreløpig")
    app.report_result_actual(ed, h1, Period(2025), Decimal("31"), STATS)
    app.correct_result_actual(
        ed,
        h1,
        Period(2025),
        Decimal("34"),
        reason="Tre arbeidsplasser i sjømatklyngen kom med i endelig tall",
        source="SSB tabell 07984, endelige tall",
    )
    p1 = open_(ed, programme, "project", "P1", "jobs_created").aggregate_id
    app.set_result_baseline(ed, p1, Decimal("0"), date(2025, 1, 1), "Prosjektmandat")
    app.set_result_target(ed, p1, Period(2025), Decimal("10"))
    app.report_result_actual(ed, p1, Period(2025), Decimal("5"), "Prosjektrapport")
    d1 = open_(ed, programme, "goal", "D1", "new_companies").aggregate_id
    app.report_result_actual(ed, d1, Period(2025), Decimal("3"), "Brønnøysundregistrene")
    app.restrict_result_series(ed, d1, "offl. § 13 jf. fvl. § 13 første ledd nr. 2")
    cruise = open_(ed, programme, "project", "P2", "cruise_calls").aggregate_id
    app.report_result_actual(ed, cruise, Period(2025), Decimal("12"), "Havnekontoret")
    grant = app.grant_funds(
        county_officer(NORDLAND), programme, 2025, kr("800000"), decision=grant_decision()
    ).aggregate_id
    app.allocate_funds(ed, grant, "P1", kr("400000"))
    app.allocate_funds(ed, grant, "P2", kr("200000"))
    app.report_spending(ed, grant, spending("P1", "200000"))
    app.report_spending(ed, grant, spending("P2", "100000"))
    assert runtime.wait_for_everything_written(30)
    return Story(runtime, programme, h1, p1, d1, cruise)


@pytest.fixture
def story(runtime: Runtime) -> Story:
    return tell(runtime)


# The catalogue


def test_the_steward_publishes_the_standard_catalogue_once(runtime: Runtime) -> None:
    result = runtime.command(lambda a: a.publish_standard_catalogue(national_steward()))
    view = runtime.results
    assert {r.code for r in view.catalogue()} == set(STANDARD_CODES)
    assert view.catalogue_version() == len(STANDARD_CODES)
    assert result.aggregate_id == CATALOGUE_ID
    error = refused(
        runtime, ValidationFailed, lambda a: a.publish_standard_catalogue(national_steward())
    )
    assert isinstance(error, ValidationFailed) and "already" in error.rule


@pytest.mark.parametrize("who", [national_analyst(), editor(), county_officer(NORDLAND)], ids=str)
def test_only_the_steward_writes_the_catalogue(runtime: Runtime, who: Principal) -> None:
    refused(runtime, Forbidden, lambda a: a.publish_standard_catalogue(who))
    refused(runtime, Forbidden, lambda a: a.add_indicator(who, local()))


def test_a_revision_is_a_new_version_and_the_old_one_stays_readable(runtime: Runtime) -> None:
    steward = national_steward()
    runtime.command(lambda a: a.publish_standard_catalogue(steward))
    before = runtime.results.catalogue_version()
    old = next(r for r in runtime.results.catalogue() if r.code == "jobs_created")
    revised = Indicator(
        "jobs_created",
        "Nye arbeidsplasser (helårs)",
        "Jobs created (year-round)",
        "count",
        "effect",
        "outcome",
        "Nye helårs arbeidsplasser, minst 50 % stilling, registrert i Aa-registeret.",
        "SSB og Aa-registeret",
    )
    refused(
        runtime,
        ValidationFailed,
        lambda a: a.revise_indicator(steward, revised, reason=""),
        "reason",
    )
    runtime.command(
        lambda a: a.revise_indicator(steward, revised, reason="Presisert mot Aa-registeret")
    )
    view = runtime.results
    history = view.indicator_history("jobs_created")
    assert [(r.version, r.name_nb) for r in history] == [
        (1, old.name_nb),
        (2, "Nye arbeidsplasser (helårs)"),
    ]
    assert history[0].superseded_in == before + 1
    assert view.catalogue_version() == before + 1
    as_before = {r.code: r for r in view.catalogue(as_of_version=before)}
    assert as_before["jobs_created"].version == 1
    assert {r.code: r for r in view.catalogue()}["jobs_created"].version == 2


def test_a_retired_indicator_takes_no_new_series(runtime: Runtime) -> None:
    ids = vagan_ready_for_funds(runtime.app)
    steward = national_steward()
    runtime.command(lambda a: a.publish_standard_catalogue(steward))
    refused(
        runtime,
        ValidationFailed,
        lambda a: a.retire_indicator(steward, "jobs_secured", reason=None),
        "reason",
    )
    runtime.command(
        lambda a: a.retire_indicator(steward, "jobs_secured", reason="Erstattes av jobs_created")
    )
    refused(
        runtime,
        InvalidTransition,
        lambda a: a.retire_indicator(steward, "jobs_secured", reason="Igjen"),
    )
    assert "jobs_secured" not in {r.code for r in runtime.results.catalogue()}
    retired = runtime.results.catalogue(include_retired=True)
    assert {r.code: r.retire_reason for r in retired}["jobs_secured"] == "Erstattes av jobs_created"
    refused(
        runtime,
        ValidationFailed,
        lambda a: a.open_result_series(editor(), ids["programme"], "goal", "H1", "jobs_secured"),
        "indicatorCode",
    )


# Local indicators


def test_a_local_indicator_never_shadows_a_catalogue_code(story: Story) -> None:
    shadow = Indicator(
        "jobs_created", "Jobber", "Jobs", "count", "effect", "outcome", "Egen", "Egen"
    )
    refused(
        story.runtime,
        ValidationFailed,
        lambda a: a.define_local_indicator(editor(), story.programme, shadow),
        "code",
    )
    refused(
        story.runtime,
        ValidationFailed,
        lambda a: a.define_local_indicator(editor(), story.programme, local()),
        "code",
    )


def test_local_indicators_are_seen_within_the_programme_and_by_its_county(story: Story) -> None:
    runtime = story.runtime
    rows = runtime.results.local_indicators([story.programme])
    assert [(r.code, r.source) for r in rows] == [("cruise_calls", "local")]
    assert runtime.app.local_indicators(county_officer(NORDLAND), story.programme) is not None
    assert runtime.app.local_indicators(national_analyst(), story.programme) is not None
    with pytest.raises(NotFound):
        runtime.app.local_indicators(editor(MELOY), story.programme)
    refused(
        runtime,
        NotFound,
        lambda a: a.define_local_indicator(editor(MELOY), story.programme, local("other_code")),
    )
    refused(
        runtime,
        Forbidden,
        lambda a: a.define_local_indicator(board(), story.programme, local("other_code")),
    )


# Result series: rules


def test_a_series_names_a_goal_of_the_plan_or_a_project_of_the_programme(story: Story) -> None:
    runtime, ed = story.runtime, editor()
    meloy = register_meloy(runtime.app)
    for subject, code, field in (
        ("goal", "D9", "subjectCode"),
        ("project", "P9", "subjectCode"),
        ("goal", "H1", "indicatorCode"),
        ("sideways", "H1", "subjectKind"),
    ):
        indicator = "no_such_indicator" if field == "indicatorCode" else "jobs_created"
        refused(
            runtime,
            ValidationFailed,
            lambda a, s=subject, c=code, i=indicator: a.open_result_series(
                ed, story.programme, s, c, i
            ),
            field,
        )
    refused(
        runtime,
        ValidationFailed,
        lambda a: a.open_result_series(editor(MELOY), meloy, "goal", "H1", "jobs_created"),
        "subjectCode",
    )
    # The same subject and indicator once only.
    refused(
        runtime,
        DomainError,
        lambda a: a.open_result_series(ed, story.programme, "goal", "H1", "jobs_created"),
    )


@pytest.mark.parametrize(
    ("run", "field"),
    [
        (lambda a, s: a.report_result_actual(editor(), s, Period(2025), "34", "SSB"), "period"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2031), "1", "SSB"), "period"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2022), "1", "SSB"), "period"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2026), 1.5, "SSB"), "value"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2026), "-1", "SSB"), "value"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2026), "2.5", "SSB"), "value"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2026), "NaN", "SSB"), "value"),
        (lambda a, s: a.report_result_actual(editor(), s, Period(2026), "3", " "), "source"),
        (
            lambda a, s: a.report_result_actual(editor(), s, Period(2026, 2), "3", "SSB"),
            "period.quarter",
        ),
        (
            lambda a, s: a.correct_result_actual(
                editor(), s, Period(2026), "3", reason="Feil", source="SSB"
            ),
            "period",
        ),
        (
            lambda a, s: a.correct_result_actual(
                editor(), s, Period(2025), "35", reason=" ", source="SSB"
            ),
            "reason",
        ),
        (
            lambda a, s: a.correct_result_actual(
                editor(), s, Period(2025), "34", reason="Samme", source="SSB"
            ),
            "value",
        ),
        (
            lambda a, s: a.set_result_baseline(
                editor(), s, "12", date(2025, 1, 1), "SSB", reason="Nytt grunnlag"
            ),
            "measuredOn",
        ),
        (
            lambda a, s: a.set_result_baseline(editor(), s, "12", date(2023, 1, 1), "SSB"),
            "reason",
        ),
        (lambda a, s: a.set_result_target(editor(), s, Period(2026), "60"), "value"),
        (lambda a, s: a.set_result_target(editor(), s, Period(2026), "70"), "reason"),
    ],
)
def test_every_rule_of_a_series_refuses_and_writes_nothing(
    story: Story, run: Any, field: str
) -> None:
    refused(story.runtime, ValidationFailed, lambda a: run(a, story.jobs_goal), field)


def test_only_the_programmes_editor_reports(story: Story) -> None:
    for who in (
        national_analyst(),
        national_steward(),
        county_officer(NORDLAND),
        board(),
        reader(),
        editor(MELOY),
    ):
        refused(
            story.runtime,
            refusal_for(story.runtime.app, who, story.programme),
            lambda a, w=who: a.report_result_actual(w, story.jobs_goal, Period(2026), "1", "SSB"),
        )


def test_restriction_needs_a_legal_basis_and_is_lifted_with_a_reason(story: Story) -> None:
    runtime, ed = story.runtime, editor()
    refused(
        runtime,
        InvalidTransition,
        lambda a: a.restrict_result_series(ed, story.companies, "offl. § 13"),
    )
    refused(
        runtime,
        ValidationFailed,
        lambda a: a.restrict_result_series(ed, story.jobs_goal, " "),
        "legalBasis",
    )
    refused(
        runtime,
        ValidationFailed,
        lambda a: a.unrestrict_result_series(ed, story.companies, reason=None),
        "reason",
    )
    runtime.command(
        lambda a: a.unrestrict_result_series(ed, story.companies, reason="Bedriften samtykker")
    )
    assert not runtime.results.one_series(story.companies).restricted  # type: ignore[union-attr]


# The result table and the figures


def test_a_correction_keeps_the_earlier_value_as_history(story: Story) -> None:
    row = story.runtime.results.one_series(story.jobs_goal)
    assert row is not None
    periods = {p.period.label: p for p in row.periods}
    y2025 = periods["2025"]
    assert (y2025.target, y2025.actual) == (Decimal("40"), Decimal("34"))
    actuals = [v for v in y2025.history if v.entry in ("actual", "correction")]
    assert [(v.entry, v.value, v.superseded) for v in actuals] == [
        ("actual", Decimal("31"), True),
        ("correction", Decimal("34"), False),
    ]
    assert actuals[1].reason == "Tre arbeidsplasser i sjømatklyngen kom med i endelig tall"
    assert actuals[1].source == "SSB tabell 07984, endelige tall"
    assert actuals[0].actor["userId"] == "kari"
    assert periods["2024"].history[-1].comment == "Foreløpig"
    assert (periods["2026"].target, periods["2026"].actual) == (Decimal("60"), None)
    assert (row.baseline_value, row.baseline_on) == (Decimal("10"), date(2023, 12, 31))
    # The log still has both values: the correction is a new event, never an overwrite.
    names = [type(e).__name__ for e in story.runtime.app.events.get(story.jobs_goal)]
    assert names.count("ActualReported") == 2 and names.count("ActualCorrected") == 1


def test_target_attainment_equals_a_hand_computation(story: Story) -> None:
    row = story.runtime.results.one_series(story.jobs_goal)
    assert row is not None
    # Latest period with target and actual is 2025: (34 − 10) / (40 − 10) = 0.8
    assert row.attainment.value == Decimal("0.8000")
    assert row.attainment.period == Period(2025)
    p1 = story.runtime.results.one_series(story.jobs_p1)
    assert p1 is not None and p1.attainment.value == Decimal("0.5000")  # (5 − 0) / (10 − 0)
    (summary,) = story.runtime.results.programme_summaries([story.programme])
    # H1 0.8, P1 0.5; D1 and P2 have no target: mean (0.8 + 0.5) / 2
    assert summary.attainment == Decimal("0.6500")
    assert (summary.attained_series, summary.series) == (2, 4)
    assert "Måloppnåelse" in summary.series_attainment_definition_nb
    # Totals of latest actuals: jobs 15 + 34 (H1) + 5 (P1); local indicators not totalled.
    assert summary.total("jobs_created") == Decimal("54")
    assert summary.total("new_companies") == Decimal("3")
    assert {t.code for t in summary.totals} == {"jobs_created", "new_companies"}
    (of_2025,) = story.runtime.results.programme_summaries([story.programme], year=2025)
    assert of_2025.total("jobs_created") == Decimal("39")


def test_restricted_series_stay_out_of_the_published_figures(story: Story) -> None:
    (published,) = story.runtime.results.programme_summaries([story.programme], published_only=True)
    assert published.total("new_companies") == Decimal(0)
    assert published.series == 3
    assert story.companies not in {
        s.series_id for s in story.runtime.results.series([story.programme], published_only=True)
    }


def test_results_per_million_kroner_equal_a_hand_computation(story: Story) -> None:
    runtime = story.runtime
    (flow,) = runtime.funds.flow("year", MovementFilter(programme_ids=[story.programme], year=2025))
    assert flow.figures.spent == 300_000_00
    (summary,) = runtime.results.programme_summaries([story.programme], year=2025)
    figures = {f.code: f for f in results_per_krone(summary.totals, flow.figures.spent)}
    # 39 jobs for kr 300 000: 39 / 0.3 = 130 per million kroner
    assert figures["jobs_created"].per_million == Decimal("130.0000")
    assert figures["new_companies"].per_million == Decimal("10.0000")
    assert "million" in figures["jobs_created"].definition_nb
    assert results_per_krone(summary.totals, 0)[0].per_million is None
    national = national_totals(runtime.results.programme_summaries(None, year=2025))
    assert {t.code: t.total for t in national}["jobs_created"] == Decimal("39")


def test_the_series_reloads_from_its_snapshot_unchanged(story: Story) -> None:
    app = story.runtime.app
    before = app.repository.get(story.jobs_goal)
    app.take_snapshot(story.jobs_goal)
    app.repository.cache = None  # type: ignore[assignment]
    after: ResultSeries = app.repository.get(story.jobs_goal)
    assert after.actuals == before.actuals and after.baseline == before.baseline
    assert after.targets == before.targets
    app.take_snapshot(CATALOGUE_ID)
    catalogue: IndicatorCatalogue = app.repository.get(CATALOGUE_ID)
    assert catalogue.current("jobs_created") is not None
    assert catalogue.is_active("jobs_created")
