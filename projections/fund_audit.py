"""The county's audit of how the funds it granted were used (kontroll av bruk av
omstillingsmidler): per programme it supervises, the year's grants, projects and co-financing,
with the deviations an auditor must look at. Read from the fund read model only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.money import Money
from projections.funds import (
    CoFinancingRow,
    FlowRow,
    FundFigures,
    FundView,
    GrantRow,
    MovementFilter,
    ProgrammeFundsRow,
    SpendingRow,
)


class DeviationKind(StrEnum):
    NOT_IN_APPROVED_PLAN = "not_in_approved_plan"
    REALLOCATION_BEFORE_BOARD_DECISION = "reallocation_before_board_decision"
    SPENT_AFTER_PROGRAMME_PERIOD = "spent_after_programme_period"
    SPENT_AFTER_DEADLINE = "spent_after_deadline"
    UNSPENT_AT_YEAR_END = "unspent_at_year_end"
    ALLOCATED_ABOVE_GRANT = "allocated_above_grant"


DEVIATION_NB = {
    DeviationKind.NOT_IN_APPROVED_PLAN: "Forbruk på prosjekt som ikke er i vedtatt handlingsplan",
    DeviationKind.REALLOCATION_BEFORE_BOARD_DECISION: "Omdisponering uten forutgående styrevedtak",
    DeviationKind.SPENT_AFTER_PROGRAMME_PERIOD: "Forbruk etter at omstillingsperioden er slutt",
    DeviationKind.SPENT_AFTER_DEADLINE: "Forbruk etter fristen for bruk av tilsagnet",
    DeviationKind.UNSPENT_AT_YEAR_END: "Ubrukte midler ved årets slutt",
    DeviationKind.ALLOCATED_ABOVE_GRANT: "Fordelt mer enn tilsagnet etter reduksjon",
}


@dataclass(frozen=True)
class Deviation:
    """One finding, with the amount and the record it rests on."""

    kind: DeviationKind
    programme_id: UUID
    grant_id: UUID
    year: int
    project_code: str | None
    amount_ore: int
    on: date | None
    description: str
    description_nb: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def kind_nb(self) -> str:
        return DEVIATION_NB[self.kind]


@dataclass(frozen=True)
class ProgrammeAudit:
    programme: ProgrammeFundsRow
    grants: list[GrantRow]
    projects: list[FlowRow]
    co_financing: list[CoFinancingRow]
    deviations: list[Deviation]

    @property
    def totals(self) -> FundFigures:
        return _sum(g.figures for g in self.grants)


@dataclass(frozen=True)
class CountyAuditReport:
    county_number: str
    year: int
    as_of: date
    programmes: list[ProgrammeAudit]

    @property
    def totals(self) -> FundFigures:
        return _sum(p.totals for p in self.programmes)

    @property
    def deviations(self) -> list[Deviation]:
        return [d for p in self.programmes for d in p.deviations]


def _sum(figures: Any) -> FundFigures:
    total = FundFigures()
    for f in figures:
        total = total.plus(f)
    return total


def county_audit_report(
    view: FundView,
    county_number: str,
    year: int,
    programme_ids: Sequence[UUID],
    as_of: date,
) -> CountyAuditReport:
    """`programme_ids`: the programmes the county supervises (the caller knows the reforms)."""
    audits = []
    for programme_id in programme_ids:
        programme = view.programme(programme_id)
        if programme is None:
            continue
        audits.append(programme_audit(view, programme, year, as_of))
    audits.sort(key=lambda a: a.programme.name)
    return CountyAuditReport(county_number, year, as_of, audits)


def programme_audit(
    view: FundView, programme: ProgrammeFundsRow, year: int, as_of: date
) -> ProgrammeAudit:
    where = MovementFilter(programme_ids=[programme.programme_id], year=year)
    grants = view.grants(where)
    return ProgrammeAudit(
        programme=programme,
        grants=grants,
        projects=view.flow("project", where),
        co_financing=view.co_financing(where),
        deviations=deviations(view, programme, grants, year, as_of),
    )


def deviations(
    view: FundView,
    programme: ProgrammeFundsRow,
    grants: list[GrantRow],
    year: int,
    as_of: date,
) -> list[Deviation]:
    """The findings for one programme year, in a stable order."""
    where = MovementFilter(programme_ids=[programme.programme_id], year=year)
    lines = [s for s in view.spending(where) if s.reversed_at is None]
    by_grant = {g.grant_id: g for g in grants}
    found: list[Deviation] = []
    for line in lines:
        found.extend(_line_deviations(line, programme, by_grant.get(line.grant_id)))
    for moved in view.reallocations(where):
        if moved.effective_on < moved.decided_on:
            found.append(
                Deviation(
                    DeviationKind.REALLOCATION_BEFORE_BOARD_DECISION,
                    programme.programme_id,
                    moved.grant_id,
                    moved.year,
                    moved.to_project_code,
                    moved.amount_ore,
                    moved.effective_on,
                    f"{_kr(moved.amount_ore)} moved from {moved.from_project_code} to "
                    f"{moved.to_project_code} from {moved.effective_on}, before the board "
                    f"decided on {moved.decided_on}",
                    f"{_kr(moved.amount_ore)} omdisponert fra {moved.from_project_code} til "
                    f"{moved.to_project_code} med virkning fra {_nb(moved.effective_on)}, før "
                    f"styret vedtok det {_nb(moved.decided_on)}",
                    {"decision": moved.decision, "reason": moved.reason},
                )
            )
    year_end = date(year, 12, 31)
    for grant in grants:
        figures = grant.figures
        if figures.allocated > figures.available - figures.returned:
            found.append(
                Deviation(
                    DeviationKind.ALLOCATED_ABOVE_GRANT,
                    programme.programme_id,
                    grant.grant_id,
                    grant.year,
                    None,
                    figures.allocated - (figures.available - figures.returned),
                    None,
                    f"{_kr(figures.allocated)} allocated of {_kr(figures.available - figures.returned)} "
                    "the grant makes available after the county's reductions and returns",
                    f"{_kr(figures.allocated)} fordelt av {_kr(figures.available - figures.returned)} "
                    "som tilsagnet gir etter fylkeskommunens reduksjoner og tilbakeføringer",
                )
            )
        if as_of > year_end:
            spent_in_year = sum(
                s.amount_ore
                for s in lines
                if s.grant_id == grant.grant_id and s.period_end <= year_end
            )
            unspent = figures.available - figures.returned - spent_in_year
            if unspent > 0:
                found.append(
                    Deviation(
                        DeviationKind.UNSPENT_AT_YEAR_END,
                        programme.programme_id,
                        grant.grant_id,
                        grant.year,
                        None,
                        unspent,
                        year_end,
                        f"{_kr(unspent)} of grant {grant.number} for {grant.year} was neither "
                        f"spent nor returned by {year_end}",
                        f"{_kr(unspent)} av tilsagn {grant.number} for {grant.year} var verken "
                        f"brukt eller tilbakeført innen {_nb(year_end)}",
                        {"useBy": None if grant.use_by is None else grant.use_by.isoformat()},
                    )
                )
    return sorted(found, key=lambda d: (d.year, str(d.grant_id), d.kind.value, d.on or year_end))


def _line_deviations(
    line: SpendingRow, programme: ProgrammeFundsRow, grant: GrantRow | None
) -> list[Deviation]:
    evidence = {
        "line": line.number,
        "accountsReference": line.accounts_reference,
        "periodStart": line.period_start.isoformat(),
        "periodEnd": line.period_end.isoformat(),
    }
    found = []

    def finding(kind: DeviationKind, description: str, description_nb: str) -> None:
        found.append(
            Deviation(
                kind,
                programme.programme_id,
                line.grant_id,
                line.year,
                line.project_code,
                line.amount_ore,
                line.period_end,
                description,
                description_nb,
                evidence,
            )
        )

    if line.plan_revision is None:
        finding(
            DeviationKind.NOT_IN_APPROVED_PLAN,
            f"{_kr(line.amount_ore)} spent on {line.project_code}, which the approved "
            f"Handlingsplan for {line.year} did not include when the spending was reported",
            f"{_kr(line.amount_ore)} brukt på {line.project_code}, som vedtatt handlingsplan for "
            f"{line.year} ikke omfattet da forbruket ble rapportert",
        )
    if line.period_end > programme.period_end:
        finding(
            DeviationKind.SPENT_AFTER_PROGRAMME_PERIOD,
            f"{_kr(line.amount_ore)} spent on {line.project_code} up to {line.period_end}, "
            f"after the programme period ended on {programme.period_end}",
            f"{_kr(line.amount_ore)} brukt på {line.project_code} fram til {_nb(line.period_end)}, "
            f"etter at omstillingsperioden sluttet {_nb(programme.period_end)}",
        )
    if grant is not None and grant.use_by is not None and line.period_end > grant.use_by:
        finding(
            DeviationKind.SPENT_AFTER_DEADLINE,
            f"{_kr(line.amount_ore)} spent on {line.project_code} up to {line.period_end}, "
            f"after the grant's deadline for use {grant.use_by}",
            f"{_kr(line.amount_ore)} brukt på {line.project_code} fram til {_nb(line.period_end)}, "
            f"etter fristen for bruk av tilsagnet {_nb(grant.use_by)}",
        )
    return found


def _kr(ore: int) -> str:
    return str(Money(ore))


def _nb(day: date) -> str:
    return day.strftime("%d.%m.%Y")
