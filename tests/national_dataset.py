"""A generated national dataset: restructuring programmes in every county, several programme
years of plans, projects, grants and spending, told through the same commands users run.

The generator is seeded, so a failing comparison can be replayed; it keeps no figures of its
own. What the comparison shows is checked against a recomputation from the raw events."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from application.app import OmstillingApp
from domain.action_plan.content import Financing, FundingSource
from domain.funds.use import SpendingReport
from domain.money import Money
from domain.plan.content import FocusArea, FocusAreaKind
from domain.programme.model import StatusKind
from domain.results.series import Period
from domain.shared.errors import DomainError
from tenants import load_registry
from tests.factories import (
    approved_projects,
    board,
    complete_content,
    county_officer,
    decision,
    editor,
    grant_decision,
    handlingsplan_applied_for,
    national_steward,
    plan_in_force,
    psv_participants,
    psv_scores,
)

STATUS_ON = date(2024, 1, 15)  # every county of the 2024 reform exists
PERIOD_START = date(2024, 2, 1)
YEARS = (2025, 2026)
APPLIED_ORE = 80_000_000  # each Handlingsplan applies for kr 800 000 (P1 600 000, P2 200 000)


@dataclass
class GeneratedProgramme:
    programme_id: UUID
    municipality_number: str
    county_number: str
    name: str


@dataclass
class NationalDataset:
    seed: int
    programmes: list[GeneratedProgramme] = field(default_factory=list)
    refused: int = 0  # commands the rules refused on the way (random amounts overshoot)

    @property
    def counties(self) -> set[str]:
        return {p.county_number for p in self.programmes}


def build_national_dataset(
    app: OmstillingApp, *, seed: int = 2026, per_county: int = 2
) -> NationalDataset:
    """`per_county` programmes in each of the 15 counties, each with its plan in force, three
    approved projects and, for 2025 and 2026, an applied-for Handlingsplan, a county grant
    of a random share of the application, payments, allocations and quarterly spending."""
    rng = random.Random(seed)
    registry = load_registry()
    dataset = NationalDataset(seed)
    app.publish_standard_catalogue(national_steward())
    for county in sorted(registry.counties_valid_on(STATUS_ON), key=lambda c: c.number):
        candidates = sorted(
            (m for m in registry.municipalities_in_county(county.number, STATUS_ON)),
            key=lambda m: m.current_number,
        )
        for municipality in rng.sample(candidates, min(per_county, len(candidates))):
            dataset.programmes.append(
                _programme(app, rng, dataset, municipality.current_number, county.number)
            )
    _import_population(app, rng, dataset)
    return dataset


def _import_population(app: OmstillingApp, rng: random.Random, dataset: NationalDataset) -> None:
    """Figures for most municipalities and years; a few are missing, so that the comparison
    must say why a figure per inhabitant is unknown. A second file corrects some figures."""
    rows, corrections = ["kommunenummer;år;folkemengde"], ["kommunenummer;år;folkemengde"]
    for p in dataset.programmes:
        for year in YEARS:
            if rng.random() < 0.08:
                continue
            rows.append(f"{p.municipality_number};{year};{rng.randrange(800, 60_000)}")
            if rng.random() < 0.1:
                corrections.append(f"{p.municipality_number};{year};{rng.randrange(800, 60_000)}")
    for text, name in ((rows, "folkemengde.csv"), (corrections, "folkemengde-rettet.csv")):
        if len(text) > 1:
            app.import_population(
                national_steward(),
                "\n".join(text) + "\n",
                source="Generated figures for the national test dataset",
                file_name=name,
            )


def _programme(
    app: OmstillingApp, rng: random.Random, dataset: NationalDataset, number: str, county: str
) -> GeneratedProgramme:
    name = f"Omstilling {load_registry().municipality_by_number(number).name}"
    period_end = date(rng.choice((2027, 2028, 2029, 2030)), 12, 31)
    programme = app.register_programme(
        county_officer(county),
        name=name,
        kind=rng.choice(list(StatusKind)),
        lead_municipality_number=number,
        period_start=PERIOD_START,
        period_end=period_end,
        decision=decision("fylkesutvalget", STATUS_ON, f"2024/{number}-1", f"Status for {name}"),
        reason="Generert nasjonalt datasett",
    ).aggregate_id
    areas = tuple(
        FocusArea(area.code, area.name, area.description, area.goals, kind=_kind(rng))
        for area in complete_content().focus_areas
    )
    plan_in_force(app, programme, complete_content(focus_areas=areas), number=number)
    approved_projects(app, programme, number=number)
    for year in YEARS:
        handlingsplan_applied_for(app, programme, year, number=number)
        _fund_year(app, rng, dataset, programme, number, county, year)
    _results(app, rng, programme, number)
    _assessments(app, rng, programme, number)
    return GeneratedProgramme(programme, number, county, name)


def _results(app: OmstillingApp, rng: random.Random, programme: UUID, number: str) -> None:
    """Jobs created on the main goal and new companies from project P1: a baseline, a target
    and an actual per year; now and then a correction, and now and then a restricted series."""
    ed = editor(number)
    for subject_kind, subject, indicator in (
        ("goal", "H1", "jobs_created"),
        ("project", "P1", "new_companies"),
    ):
        series = app.open_result_series(ed, programme, subject_kind, subject, indicator)
        series_id = series.aggregate_id
        app.set_result_baseline(ed, series_id, rng.randrange(0, 5), date(2024, 2, 1), "SSB")
        for year in YEARS:
            period = Period(year)
            app.set_result_target(ed, series_id, period, rng.randrange(10, 60))
            app.report_result_actual(
                ed, series_id, period, rng.randrange(0, 70), "Rapport fra daglig leder"
            )
            if rng.random() < 0.2:
                app.correct_result_actual(
                    ed,
                    series_id,
                    period,
                    rng.randrange(0, 70),
                    reason="Rettet etter revidert rapport",
                    source="Revidert rapport",
                )
        if rng.random() < 0.15:
            app.restrict_result_series(
                ed, series_id, "offl. § 13 jf. fvl. § 13", reason="Tall fra én bedrift"
            )


def _assessments(app: OmstillingApp, rng: random.Random, programme: UUID, number: str) -> None:
    """The October programme status assessment of each year, scored 1–6."""
    for year in YEARS:
        scores = tuple(rng.randint(1, 6) for _ in range(12))
        app.hold_status_assessment(
            editor(number),
            programme,
            year,
            date(year, 10, rng.randint(1, 31)),
            psv_participants(),
            psv_scores(scores[:6], scores[6:]),
        )


def _kind(rng: random.Random) -> FocusAreaKind | None:
    """Mostly classified; now and then a focus area the plan leaves unclassified."""
    return None if rng.random() < 0.15 else rng.choice(list(FocusAreaKind))


def _fund_year(
    app: OmstillingApp,
    rng: random.Random,
    dataset: NationalDataset,
    programme: UUID,
    number: str,
    county: str,
    year: int,
) -> None:
    """One year's money: some programmes get all they applied for, some a part, some nothing."""
    if rng.random() < 0.1:
        return  # no grant this year
    officer, ed, styre = county_officer(county), editor(number), board(number)
    granted = Money(rng.randrange(APPLIED_ORE // 4, APPLIED_ORE + 1, 100))
    grant = app.grant_funds(
        officer,
        programme,
        year,
        granted,
        decision=grant_decision(date(year, 1, 20), f"{year}/{number}-2"),
    ).aggregate_id
    attempts = [
        lambda: app.disburse_grant(
            officer, grant, Money(granted.ore // 2), date(year, 2, 1), reason="Første utbetaling"
        ),
        lambda: app.allocate_funds(ed, grant, "P1", Money(rng.randrange(1, granted.ore // 2))),
        lambda: app.allocate_funds(ed, grant, "P2", Money(rng.randrange(1, granted.ore // 3))),
    ]
    for quarter in range(4):
        for code in ("P1", "P2"):
            attempts.append(_spend(app, rng, ed, grant, code, year, quarter))
    if rng.random() < 0.3:
        attempts.append(
            lambda: app.reallocate_funds(
                styre,
                grant,
                "P1",
                "P2",
                Money(rng.randrange(1, 2_000_000)),
                date(year, 9, 15),
                decision=decision("omstillingsstyret", date(year, 9, 10), f"{year}/77-9", "Omd."),
                reason="Omprioritering",
            )
        )
    for attempt in attempts:
        try:
            attempt()
        except DomainError:
            dataset.refused += 1


def _spend(
    app: OmstillingApp,
    rng: random.Random,
    ed: object,
    grant: UUID,
    code: str,
    year: int,
    quarter: int,
) -> object:
    start = date(year, 3 * quarter + 1, 1)
    end = date(year, 3 * quarter + 3, 28)
    county_share = Money(rng.randrange(1, 8_000_000))
    municipality = Money(rng.randrange(0, 3_000_000))
    report = SpendingReport(
        code,
        county_share,
        start,
        end,
        rng.choice(("personnel", "external_consultants", "other")),
        f"Bilag {year}-{quarter + 1}",
        (Financing(FundingSource.MUNICIPALITY, municipality),) if municipality.ore else (),
    )
    return lambda: app.report_spending(ed, grant, report)  # type: ignore[arg-type]
