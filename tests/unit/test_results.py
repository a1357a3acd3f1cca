"""The rules of indicators and result series, and the derived figures, without storage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.results.catalogue import IndicatorCatalogue, LocalIndicators
from domain.results.figures import (
    mean_attainment,
    per_million_nok,
    target_attainment,
)
from domain.results.indicators import Indicator, IndicatorKind, Unit, require_value
from domain.results.series import IndicatorRef, IndicatorSource, Period, ResultSeries
from domain.results.standard import STANDARD_CATALOGUE, STANDARD_CODES
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import actor

WHO = actor()


def indicator(code: str = "jobs_created", name: str = "Nye arbeidsplasser", **kw: str) -> Indicator:
    fields = {
        "unit": "count",
        "kind": "effect",
        "level": "outcome",
        "definition": "Nye helårs arbeidsplasser",
        "data_source": "SSB",
    }
    fields.update(kw)
    return Indicator(code, name, "Jobs created", **fields)  # type: ignore[arg-type]


def series(unit: Unit = Unit.COUNT, quarterly: bool = False) -> ResultSeries:
    ref = IndicatorRef(
        "jobs_created", IndicatorSource.CATALOGUE, 1, "Nye", unit, IndicatorKind.EFFECT, "outcome"
    )  # type: ignore[arg-type]
    return ResultSeries.open(
        programme_id=uuid4(),
        tenant_id=uuid4(),
        subject_kind="goal",
        subject_code="H1",
        project_id=None,
        indicator=ref,
        period_start=date(2023, 7, 1),
        period_end=date(2029, 6, 30),
        quarterly=quarterly,
        actor=WHO,
    )


def rule_of(run: object) -> tuple[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        run()  # type: ignore[operator]
    return caught.value.field, caught.value.rule


# Indicators


def test_the_standard_catalogue_has_jobs_companies_and_development_capacity() -> None:
    assert {"jobs_created", "jobs_secured", "new_companies"} <= set(STANDARD_CODES)
    assert any(i.kind is IndicatorKind.PROCESS for i in STANDARD_CATALOGUE)
    assert len(set(STANDARD_CODES)) == len(STANDARD_CODES) >= 6


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "Jobs Created"}, "code"),
        ({"name": " "}, "nameNb"),
        ({"unit": "litres"}, "unit"),
        ({"kind": "outcome"}, "kind"),
        ({"level": "effect"}, "level"),
        ({"definition": ""}, "definition"),
        ({"data_source": ""}, "dataSource"),
    ],
)
def test_an_indicator_names_every_missing_or_wrong_field(
    fields: dict[str, str], field: str
) -> None:
    code = fields.pop("code", "jobs_created")
    name = fields.pop("name", "Nye")
    assert rule_of(lambda: indicator(code, name, **fields))[0] == field


def test_the_catalogue_version_rises_with_every_change_and_keeps_old_versions() -> None:
    catalogue = IndicatorCatalogue.establish(actor=WHO)
    added = catalogue.add_missing(STANDARD_CATALOGUE, actor=WHO)
    assert added == list(STANDARD_CODES)
    assert catalogue.catalogue_version == len(STANDARD_CODES)
    assert rule_of(lambda: catalogue.add_missing(STANDARD_CATALOGUE, actor=WHO))[0] == "catalogue"
    revised = indicator(name="Nye helårs arbeidsplasser")
    assert rule_of(lambda: catalogue.revise(revised, actor=WHO, reason=None)) == (
        "reason",
        "is required and cannot be empty",
    )
    catalogue.revise(revised, actor=WHO, reason="Presisert")
    assert catalogue.version_of("jobs_created") == 2
    assert catalogue.versions["jobs_created"][0].name_nb == "Nye arbeidsplasser"
    catalogue.retire("jobs_secured", actor=WHO, reason="Slått sammen")
    assert not catalogue.is_active("jobs_secured")
    assert catalogue.catalogue_version == len(STANDARD_CODES) + 2
    with pytest.raises(InvalidTransition):
        catalogue.retire("jobs_secured", actor=WHO, reason="Igjen")
    with pytest.raises(InvalidTransition):
        catalogue.revise(indicator("jobs_secured"), actor=WHO, reason="Etter utgang")
    assert rule_of(lambda: catalogue.add(indicator(), actor=WHO))[0] == "code"


def test_a_local_register_refuses_the_same_code_twice() -> None:
    register = LocalIndicators.open(programme_id=uuid4(), tenant_id=uuid4(), actor=WHO)
    register.define(indicator("cruise_calls"), actor=WHO)
    assert rule_of(lambda: register.define(indicator("cruise_calls"), actor=WHO))[0] == "code"


# Values and periods


@pytest.mark.parametrize(
    ("value", "unit", "rule"),
    [
        (1.5, Unit.COUNT, "not a float"),
        (True, Unit.COUNT, "not a float"),
        ("Infinity", Unit.NOK, "finite"),
        ("abc", Unit.INDEX, "decimal number"),
        ("-1", Unit.COUNT, "negative"),
        ("-0.5", Unit.PERSON_YEARS, "negative"),
        ("2.5", Unit.COUNT, "whole"),
        ("101", Unit.PERCENT, "between 0 and 100"),
    ],
)
def test_values_are_exact_and_fit_the_unit(value: object, unit: Unit, rule: str) -> None:
    field, text = rule_of(lambda: require_value("value", value, unit))
    assert field == "value" and rule in text


def test_values_that_fit_are_kept_exactly() -> None:
    assert require_value("value", "0.1", Unit.PERSON_YEARS) == Decimal("0.1")
    assert require_value("value", "-3.5", Unit.INDEX) == Decimal("-3.5")


def test_periods_are_years_or_quarters() -> None:
    assert (Period(2025, 2).label, Period(2025, 2).start, Period(2025, 2).end) == (
        "2025-Q2",
        date(2025, 4, 1),
        date(2025, 6, 30),
    )
    assert Period.parse("2025-Q4") == Period(2025, 4) and Period.parse("2025") == Period(2025)
    assert rule_of(lambda: Period(2025, 5))[0] == "period.quarter"
    assert rule_of(lambda: Period(1900))[0] == "period.year"


# Series


def test_an_actual_is_reported_once_and_corrected_with_a_reason() -> None:
    s = series()
    s.report_actual(Period(2024), "12", "SSB", actor=WHO)
    assert (
        "correct it instead"
        in rule_of(lambda: s.report_actual(Period(2024), "13", "SSB", actor=WHO))[1]
    )
    assert (
        rule_of(
            lambda: s.correct_actual(Period(2025), "3", reason="Feil", source="SSB", actor=WHO)
        )[0]
        == "period"
    )
    assert (
        rule_of(lambda: s.correct_actual(Period(2024), "13", reason=" ", source="SSB", actor=WHO))[
            0
        ]
        == "reason"
    )
    s.correct_actual(Period(2024), "13", reason="Endelige tall", source="SSB", actor=WHO)
    events = s.collect_events()
    assert [type(e).__name__ for e in events][-2:] == ["ActualReported", "ActualCorrected"]
    assert events[-1].previous == Decimal("12")  # type: ignore[attr-defined]
    assert s.actuals == {"2024": Decimal("13")}


def test_periods_fall_in_the_programme_period_and_match_the_series_kind() -> None:
    yearly, quarterly = series(), series(quarterly=True)
    assert rule_of(lambda: yearly.set_target(Period(2022), "1", actor=WHO))[0] == "period"
    assert rule_of(lambda: yearly.set_target(Period(2030), "1", actor=WHO))[0] == "period"
    assert rule_of(lambda: yearly.set_target(Period(2025, 1), "1", actor=WHO))[0] == (
        "period.quarter"
    )
    assert rule_of(lambda: quarterly.set_target(Period(2025), "1", actor=WHO))[0] == (
        "period.quarter"
    )
    assert rule_of(lambda: quarterly.set_target(Period(2023, 2), "1", actor=WHO))[0] == "period"
    quarterly.set_target(Period(2023, 3), "1", actor=WHO)
    # An extended programme period admits later periods.
    yearly.set_target(Period(2030), "1", actor=WHO, within=(date(2023, 7, 1), date(2030, 6, 30)))


def test_the_baseline_is_not_measured_after_the_first_reported_period() -> None:
    s = series()
    s.report_actual(Period(2024), "5", "SSB", actor=WHO)
    assert rule_of(lambda: s.set_baseline("0", date(2025, 1, 1), "SSB", actor=WHO))[0] == (
        "measuredOn"
    )
    s.set_baseline("0", date(2023, 12, 31), "SSB", actor=WHO)
    assert rule_of(lambda: s.set_baseline("1", date(2023, 12, 31), "SSB", actor=WHO))[0] == (
        "reason"
    )
    later = series()
    later.set_baseline("0", date(2024, 6, 30), "SSB", actor=WHO)
    assert rule_of(lambda: later.report_actual(Period(2023), "1", "SSB", actor=WHO))[0] == (
        "period"
    )


def test_a_restriction_has_a_legal_basis() -> None:
    s = series()
    assert rule_of(lambda: s.restrict(" ", actor=WHO))[0] == "legalBasis"
    s.restrict("offl. § 13 jf. fvl. § 13", actor=WHO)
    with pytest.raises(InvalidTransition):
        s.restrict("offl. § 13", actor=WHO)
    assert rule_of(lambda: s.unrestrict(actor=WHO, reason=None))[0] == "reason"
    s.unrestrict(actor=WHO, reason="Samtykke")
    assert s.restricted_by is None


# Figures


def test_attainment_uses_the_latest_period_with_target_and_actual() -> None:
    targets = {Period(2024): Decimal(20), Period(2025): Decimal(40), Period(2026): Decimal(60)}
    actuals = {Period(2024): Decimal(15), Period(2025): Decimal(34)}
    result = target_attainment(Decimal(10), targets, actuals)
    assert (result.value, result.period) == (Decimal("0.8000"), Period(2025))  # 24 / 30
    assert target_attainment(None, targets, actuals).value is None
    assert target_attainment(Decimal(40), targets, actuals).value is None  # target = baseline
    assert target_attainment(Decimal(0), {}, actuals).value is None
    assert "nullpunkt" in result.definition_nb
    # Two thirds rounds half up to four decimals.
    assert target_attainment(
        Decimal(0), {Period(2025): Decimal(3)}, {Period(2025): Decimal(2)}
    ).value == Decimal("0.6667")


def test_mean_attainment_and_results_per_million_kroner() -> None:
    assert mean_attainment([Decimal("0.8"), None, Decimal("0.5")]) == Decimal("0.6500")
    assert mean_attainment([None]) is None
    assert per_million_nok(Decimal(39), 300_000_00) == Decimal("130.0000")  # 39 / 0.3
    assert per_million_nok(Decimal(1), 3_000_000_00) == Decimal("0.3333")
    assert per_million_nok(Decimal(5), 0) is None
