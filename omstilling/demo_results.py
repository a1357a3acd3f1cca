"""The demo's results chapter: Innovasjon Norge's steward publishes the standard indicator
catalogue; Båtsfjord and Meløy measure their plan goals and projects with baselines, targets
and yearly actuals; Båtsfjord corrects one actual, defines a local indicator and restricts
one series (skjerming), so the national comparison has results per krone to show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import partial
from uuid import UUID

from application.access import Principal
from application.app import CommandResult, OmstillingApp
from domain.results.indicators import Indicator, IndicatorKind, IndicatorLevel, Unit
from domain.results.series import Period
from domain.shared.clock import recorded_at
from omstilling.demo import STEWARD, at, principals
from omstilling.runtime import Runtime

SSB = "SSB tabell 07984 (sysselsatte etter arbeidssted)"
REPORT = "Årsrapport fra omstillingsorganisasjonen"
GUEST_NIGHTS = Indicator(
    "guest_nights",
    "Kommersielle gjestedøgn",
    "Commercial guest nights",
    Unit.COUNT,
    IndicatorKind.EFFECT,
    IndicatorLevel.OUTCOME,
    "Gjestedøgn ved kommersielle overnattingssteder i kommunen i perioden.",
    "SSB tabell 13151 (overnattingsstatistikk)",
)


def seed_results(runtime: Runtime, ids: dict[str, UUID]) -> None:
    with recorded_at(at(date(2022, 1, 17))):
        runtime.command(lambda a: a.publish_standard_catalogue(STEWARD))
    _batsfjord(runtime, ids["batsfjord"])
    if "meloy" in ids:
        _meloy(runtime, ids["meloy"])


def _series(
    runtime: Runtime,
    editor: Principal,
    programme: UUID,
    subject: tuple[str, str, str],
    baseline: tuple[str, date, str],
    targets: Iterable[tuple[int, str]],
    actuals: Iterable[tuple[int, str, str | None]],
    opened_on: date,
) -> UUID:
    """Open a series, set its baseline and targets, then report each year's actual early in
    the following year, as a programme's annual report does."""
    kind, code, indicator = subject
    with recorded_at(at(opened_on)):
        series = runtime.command(
            lambda a: a.open_result_series(editor, programme, kind, code, indicator)
        ).aggregate_id
        value, measured_on, source = baseline
        runtime.command(
            lambda a: a.set_result_baseline(editor, series, Decimal(value), measured_on, source)
        )
        for year, target in targets:
            runtime.command(partial(_target, editor, series, Period(year), Decimal(target)))
    for year, actual, comment in actuals:
        with recorded_at(at(date(year + 1, 2, 15))):
            runtime.command(
                partial(_actual, editor, series, Period(year), Decimal(actual), comment)
            )
    return series


def _target(
    editor: Principal, series: UUID, period: Period, value: Decimal, app: OmstillingApp
) -> CommandResult:
    return app.set_result_target(editor, series, period, value)


def _actual(
    editor: Principal,
    series: UUID,
    period: Period,
    value: Decimal,
    comment: str | None,
    app: OmstillingApp,
) -> CommandResult:
    return app.report_result_actual(editor, series, period, value, REPORT, comment=comment)


def _batsfjord(runtime: Runtime, programme: UUID) -> None:
    b = principals("5632", "56")
    editor = b["editor"]
    jobs = _series(
        runtime,
        editor,
        programme,
        ("goal", "H1", "jobs_created"),
        ("0", date(2021, 6, 30), SSB),
        ((2022, "15"), (2023, "25"), (2024, "30"), (2025, "30")),
        ((2022, "9", None), (2023, "21", "Landbasert havbruk i drift"), (2024, "27", None)),
        date(2022, 2, 14),
    )
    with recorded_at(at(date(2024, 4, 30))):
        runtime.command(
            lambda a: a.correct_result_actual(
                editor,
                jobs,
                Period(2023),
                Decimal("24"),
                reason="Endelige tall fra SSB: tre arbeidsplasser i sjømatklyngen kom med",
                source="SSB tabell 07984, endelige tall for 2023",
            )
        )
    _series(
        runtime,
        editor,
        programme,
        ("goal", "D3.1", "new_companies"),
        ("3", date(2021, 6, 30), "Brønnøysundregistrene"),
        ((2022, "4"), (2023, "5"), (2024, "5")),
        ((2022, "2", None), (2023, "6", "Gründerprogrammet ga fire nye AS"), (2024, "4", None)),
        date(2022, 2, 14),
    )
    _series(
        runtime,
        editor,
        programme,
        ("project", "B23-1", "jobs_secured"),
        ("0", date(2023, 1, 1), "Prosjektmandat B23-1"),
        ((2023, "20"),),
        ((2023, "18", "To bedrifter i klyngen"),),
        date(2023, 2, 1),
    )
    with recorded_at(at(date(2023, 2, 1))):
        runtime.command(
            lambda a: a.define_local_indicator(
                editor, programme, GUEST_NIGHTS, reason="Målet D2.1 måles i gjestedøgn"
            )
        )
    _series(
        runtime,
        editor,
        programme,
        ("goal", "D2.1", "guest_nights"),
        ("4200", date(2021, 12, 31), "SSB tabell 13151"),
        ((2023, "5500"), (2024, "6200")),
        ((2023, "5100", None), (2024, "5900", "Nytt hotell åpnet i juni")),
        date(2023, 2, 1),
    )
    restricted = _series(
        runtime,
        editor,
        programme,
        ("project", "B23-2", "business_development_projects"),
        ("0", date(2023, 1, 1), "Prosjektmandat B23-2"),
        ((2023, "5"),),
        ((2023, "4", "Tallene bygger på bedriftenes egne regnskap"),),
        date(2023, 2, 1),
    )
    with recorded_at(at(date(2024, 2, 16))):
        runtime.command(
            lambda a: a.restrict_result_series(
                editor,
                restricted,
                "offl. § 13 jf. fvl. § 13 første ledd nr. 2",
                reason="Opplysninger om enkeltbedrifters forretningsforhold",
            )
        )


def _meloy(runtime: Runtime, programme: UUID) -> None:
    editor = principals("1837", "18")["editor"]
    _series(
        runtime,
        editor,
        programme,
        ("goal", "H1", "jobs_created"),
        ("0", date(2023, 6, 30), SSB),
        ((2024, "15"), (2025, "25")),
        ((2024, "6", None), (2025, "14", "Batterifabrikken utsatt")),
        date(2024, 3, 1),
    )
    _series(
        runtime,
        editor,
        programme,
        ("goal", "H1", "new_companies"),
        ("0", date(2023, 6, 30), "Brønnøysundregistrene"),
        ((2024, "3"), (2025, "4")),
        ((2024, "2", None), (2025, "5", None)),
        date(2024, 3, 1),
    )
