"""Restructuring funds as they flowed: the county's grants, and every change of a money figure
as a movement row that names the event and decision behind it. Totals at any level (grant,
project, focus area, programme year, county) are sums of movements, and the movements behind
a total are its chain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.action_plan.content import FundingSource
from domain.funds.grant import Grant
from domain.funds.use import GrantUse
from domain.programme.model import Programme
from domain.shared.actor import Actor
from domain.shared.clock import OSLO
from projections.base import ReadModelView, Statement, from_json, to_json
from projections.documents import decision_doc

FIGURES = ("granted", "withdrawn", "clawed_back", "disbursed", "allocated", "spent", "returned")
FIGURE_NB = {
    "granted": "Tilsagn",
    "withdrawn": "Trukket tilbake",
    "clawed_back": "Tilbakekrevd",
    "disbursed": "Utbetalt",
    "allocated": "Fordelt",
    "spent": "Forbruk",
    "returned": "Tilbakeført",
}
KIND_NB = {
    "grant": "Tilsagn",
    "amendment": "Endret tilsagn",
    "disbursement": "Utbetaling",
    "withdrawal": "Tilbaketrekking",
    "claw_back": "Tilbakekreving",
    "allocation": "Fordeling",
    "release": "Frigjort fra prosjekt",
    "reallocation": "Omdisponering",
    "spending": "Forbruk",
    "spending_reversal": "Kreditering av forbruk",
    "return": "Tilbakeføring av ubrukte midler",
}
CO_FINANCING_SOURCES = (
    FundingSource.MUNICIPALITY,
    FundingSource.INNOVASJON_NORGE,
    FundingSource.PRIVATE,
    FundingSource.OTHER_PUBLIC,
)


@dataclass(frozen=True)
class FundFigures:
    """The figures of one slice of the fund flow, in øre. At project and focus-area level
    only allocation, reallocation and spending apply; the county's figures are zero."""

    granted: int = 0
    withdrawn: int = 0
    clawed_back: int = 0
    disbursed: int = 0
    allocated: int = 0
    reallocated_in: int = 0
    reallocated_out: int = 0
    spent: int = 0
    returned: int = 0

    @property
    def available(self) -> int:
        """Granted net of what the county withdrew or clawed back (netto tilsagn)."""
        return self.granted - self.withdrawn - self.clawed_back

    @property
    def unallocated(self) -> int:
        """Of the grant, what no project holds; nothing where the grant's figures do not apply."""
        return self.available - self.returned - self.allocated if self.granted else 0

    @property
    def remaining(self) -> int:
        """Left to use: of the grant (available − returned − spent), or of a project's
        allocation (allocated − spent) where the grant's figures do not apply."""
        if self.granted:
            return self.available - self.returned - self.spent
        return self.allocated - self.spent

    @property
    def undisbursed(self) -> int:
        return self.granted - self.withdrawn - self.disbursed if self.granted else 0

    def plus(self, other: FundFigures) -> FundFigures:
        return FundFigures(
            *(getattr(self, f) + getattr(other, f) for f in FundFigures.__dataclass_fields__)
        )


@dataclass(frozen=True)
class Movement:
    """One change of one figure, and why: the chain behind every total."""

    aggregate_id: UUID
    aggregate_version: int
    leg: int
    grant_id: UUID
    programme_id: UUID
    tenant_id: UUID
    county_number: str
    year: int
    figure: str
    kind: str
    project_code: str | None
    focus_area_code: str | None
    amount_ore: int
    occurred_on: date
    recorded_at: str
    actor: dict[str, Any]
    decision: dict[str, Any] | None
    reason: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class GrantRow:
    grant_id: UUID
    programme_id: UUID
    tenant_id: UUID
    county_number: str
    year: int
    number: int
    action_plan_id: UUID
    application_number: int
    applied_for_ore: int
    amount_ore: int
    conditions: list[str]
    use_by: date | None
    decision: dict[str, Any]
    granted_on: date
    aggregate_version: int
    use_version: int | None
    figures: FundFigures


@dataclass(frozen=True)
class FlowRow:
    """A slice of the fund flow: by grant, project, focus area or programme year."""

    programme_id: UUID
    tenant_id: UUID
    year: int
    grant_id: UUID | None
    project_code: str | None
    focus_area_code: str | None
    figures: FundFigures


@dataclass(frozen=True)
class SpendingRow:
    grant_id: UUID
    number: int
    programme_id: UUID
    tenant_id: UUID
    year: int
    project_code: str
    focus_area_code: str
    amount_ore: int
    co_financing_ore: dict[str, int]
    period_start: date
    period_end: date
    category: str
    accounts_reference: str
    continuation_work: bool
    plan_revision: int | None
    comment: str | None
    reported_by: dict[str, Any]
    recorded_at: str
    reversed_at: str | None
    reversal_reason: str | None

    @property
    def co_financed_ore(self) -> int:
        return sum(self.co_financing_ore.values())


@dataclass(frozen=True)
class ReallocationRow:
    grant_id: UUID
    aggregate_version: int
    programme_id: UUID
    tenant_id: UUID
    year: int
    from_project_code: str
    to_project_code: str
    amount_ore: int
    effective_on: date
    decision: dict[str, Any]
    decided_on: date
    reason: str
    actor: dict[str, Any]
    recorded_at: str


@dataclass(frozen=True)
class ProgrammeFundsRow:
    programme_id: UUID
    tenant_id: UUID
    name: str
    granting_county_number: str
    lead_municipality_id: UUID
    period_start: date
    period_end: date


@dataclass(frozen=True)
class CoFinancingRow:
    """County funds spent and, beside them, what other sources paid, per project and year."""

    programme_id: UUID
    tenant_id: UUID
    year: int
    project_code: str
    focus_area_code: str
    county_ore: int
    by_source_ore: dict[str, int]

    @property
    def total_ore(self) -> int:
        return self.county_ore + sum(self.by_source_ore.values())


@dataclass(frozen=True)
class CountyTotals:
    """National totals per granting county and year (for Innovasjon Norge)."""

    county_number: str
    year: int
    programmes: int
    grants: int
    figures: FundFigures


@dataclass(frozen=True)
class MovementFilter:
    """Which movements: every field narrows; tenant_ids None sees all, [] sees nothing."""

    tenant_ids: list[UUID] | None = None
    programme_ids: list[UUID] | None = None
    grant_id: UUID | None = None
    year: int | None = None
    county_number: str | None = None
    project_code: str | None = None
    focus_area_code: str | None = None
    figure: str | None = None
    kinds: tuple[str, ...] = field(default=())

    def where(self, prefix: str = "") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("tenant_id", self.tenant_ids),
            ("programme_id", self.programme_ids),
        ):
            if values is not None:
                clauses.append(_in(f"{prefix}{column}", len(values)))
                params.extend(str(v) for v in values)
        for column, value in (
            ("grant_id", None if self.grant_id is None else str(self.grant_id)),
            ("grant_year", self.year),
            ("county_number", self.county_number),
            ("project_code", self.project_code),
            ("focus_area_code", self.focus_area_code),
            ("figure", self.figure),
        ):
            if value is not None:
                clauses.append(f"{prefix}{column} = %s")
                params.append(value)
        if self.kinds:
            clauses.append(f"{prefix}kind IN ({', '.join(['%s'] * len(self.kinds))})")
            params.extend(self.kinds)
        return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params


GROUPINGS = {
    "grant": ("grant_id",),
    "project": ("project_code", "focus_area_code"),
    "focus_area": ("focus_area_code",),
    "year": (),
}


class FundView(ReadModelView):
    tables = ("fund_programmes", "grants", "fund_movements", "fund_spending", "fund_reallocations")

    # Grants

    def grant(self, grant_id: UUID) -> GrantRow | None:
        row = self.row("SELECT * FROM grants WHERE grant_id = %s", (str(grant_id),))
        return None if row is None else self._grants([row], MovementFilter(grant_id=grant_id))[0]

    def grant_of_use(self, use_id: UUID) -> dict[str, Any] | None:
        return self.row("SELECT * FROM grants WHERE use_id = %s", (str(use_id),))

    def grants(self, where: MovementFilter = MovementFilter()) -> list[GrantRow]:
        clause, params = MovementFilter(
            tenant_ids=where.tenant_ids,
            programme_ids=where.programme_ids,
            grant_id=where.grant_id,
            year=where.year,
            county_number=where.county_number,
        ).where()
        rows = self.rows(
            f"SELECT * FROM grants{clause} ORDER BY grant_year, programme_id, grant_number", params
        )
        return self._grants(rows, where)

    def _grants(self, rows: list[dict[str, Any]], where: MovementFilter) -> list[GrantRow]:
        """The rows with their figures, summed over the movements of the same selection."""
        if not rows:
            return []
        programme_ids = sorted({UUID(r["programme_id"]) for r in rows}, key=str)
        selection = MovementFilter(
            programme_ids=programme_ids, grant_id=where.grant_id, year=where.year
        )
        figures = {f.grant_id: f.figures for f in self.flow("grant", selection)}
        return [
            GrantRow(
                grant_id=UUID(r["grant_id"]),
                programme_id=UUID(r["programme_id"]),
                tenant_id=UUID(r["tenant_id"]),
                county_number=r["county_number"],
                year=int(r["grant_year"]),
                number=int(r["grant_number"]),
                action_plan_id=UUID(r["action_plan_id"]),
                application_number=int(r["application_number"]),
                applied_for_ore=int(r["applied_for_ore"]),
                amount_ore=int(r["amount_ore"]),
                conditions=from_json(r["conditions"]),
                use_by=_date(r["use_by"]),
                decision=from_json(r["decision"]),
                granted_on=date.fromisoformat(r["granted_on"]),
                aggregate_version=int(r["aggregate_version"]),
                use_version=None if r["use_version"] is None else int(r["use_version"]),
                figures=figures.get(UUID(r["grant_id"]), FundFigures()),
            )
            for r in rows
        ]

    # The fund flow

    def flow(self, level: str, where: MovementFilter = MovementFilter()) -> list[FlowRow]:
        """Figures per grant, project, focus area or programme year: sums of movements."""
        keys = ("programme_id", "tenant_id", "grant_year", *GROUPINGS[level])
        clause, params = where.where()
        if level in ("project", "focus_area"):
            extra = f"{GROUPINGS[level][0]} IS NOT NULL"
            clause = f"{clause} AND {extra}" if clause else f" WHERE {extra}"
        columns = ", ".join(keys)
        rows = self.rows(
            f"SELECT {columns}, figure, kind, SUM(amount_ore) AS total, "
            "SUM(CASE WHEN amount_ore > 0 THEN amount_ore ELSE 0 END) AS inflow, "
            "SUM(CASE WHEN amount_ore < 0 THEN -amount_ore ELSE 0 END) AS outflow "
            f"FROM fund_movements{clause} GROUP BY {columns}, figure, kind ORDER BY {columns}",
            params,
        )
        folded = _fold(rows, keys)
        result = []
        for key, figures in folded.items():
            named = dict(zip(keys, key, strict=True))
            result.append(
                FlowRow(
                    programme_id=UUID(named["programme_id"]),
                    tenant_id=UUID(named["tenant_id"]),
                    year=int(named["grant_year"]),
                    grant_id=UUID(named["grant_id"]) if "grant_id" in named else None,
                    project_code=named.get("project_code"),
                    focus_area_code=named.get("focus_area_code"),
                    figures=figures,
                )
            )
        return result

    def movements(self, where: MovementFilter, *, limit: int = 1000) -> list[Movement]:
        """The chain behind a figure: each movement with its event, actor and decision."""
        clause, params = where.where()
        rows = self.rows(
            f"SELECT * FROM fund_movements{clause} "
            "ORDER BY occurred_on, recorded_at, aggregate_id, aggregate_version, leg LIMIT %s",
            [*params, limit],
        )
        return [_movement(r) for r in rows]

    def spending(self, where: MovementFilter = MovementFilter()) -> list[SpendingRow]:
        clause, params = MovementFilter(
            tenant_ids=where.tenant_ids,
            programme_ids=where.programme_ids,
            grant_id=where.grant_id,
            year=where.year,
            project_code=where.project_code,
            focus_area_code=where.focus_area_code,
        ).where()
        rows = self.rows(
            f"SELECT * FROM fund_spending{clause} "
            "ORDER BY grant_year, programme_id, grant_id, line_number",
            params,
        )
        return [_spending(r) for r in rows]

    def reallocations(self, where: MovementFilter = MovementFilter()) -> list[ReallocationRow]:
        clause, params = MovementFilter(
            tenant_ids=where.tenant_ids,
            programme_ids=where.programme_ids,
            grant_id=where.grant_id,
            year=where.year,
        ).where()
        rows = self.rows(
            f"SELECT * FROM fund_reallocations{clause} "
            "ORDER BY grant_year, programme_id, effective_on, aggregate_version",
            params,
        )
        return [_reallocation(r) for r in rows]

    def co_financing(self, where: MovementFilter = MovementFilter()) -> list[CoFinancingRow]:
        """Per project and year, counted spending only (reversed lines excluded)."""
        clause, params = MovementFilter(
            tenant_ids=where.tenant_ids, programme_ids=where.programme_ids, year=where.year
        ).where()
        clause = f"{clause} AND reversed_at IS NULL" if clause else " WHERE reversed_at IS NULL"
        sources = ", ".join(f"SUM({s.value}_ore) AS {s.value}_ore" for s in CO_FINANCING_SOURCES)
        rows = self.rows(
            "SELECT programme_id, tenant_id, grant_year, project_code, focus_area_code, "
            f"SUM(amount_ore) AS county_ore, {sources} FROM fund_spending{clause} "
            "GROUP BY programme_id, tenant_id, grant_year, project_code, focus_area_code "
            "ORDER BY programme_id, grant_year, project_code",
            params,
        )
        return [
            CoFinancingRow(
                programme_id=UUID(r["programme_id"]),
                tenant_id=UUID(r["tenant_id"]),
                year=int(r["grant_year"]),
                project_code=r["project_code"],
                focus_area_code=r["focus_area_code"],
                county_ore=int(r["county_ore"]),
                by_source_ore={s.value: int(r[f"{s.value}_ore"]) for s in CO_FINANCING_SOURCES},
            )
            for r in rows
        ]

    def county_totals(self, year: int | None = None) -> list[CountyTotals]:
        """Per granting county and year: the figures and how many programmes and grants."""
        where = MovementFilter(year=year)
        clause, params = where.where()
        rows = self.rows(
            "SELECT county_number, grant_year, figure, kind, SUM(amount_ore) AS total, "
            "SUM(CASE WHEN amount_ore > 0 THEN amount_ore ELSE 0 END) AS inflow, "
            "SUM(CASE WHEN amount_ore < 0 THEN -amount_ore ELSE 0 END) AS outflow "
            f"FROM fund_movements{clause} GROUP BY county_number, grant_year, figure, kind",
            params,
        )
        counts = self.rows(
            "SELECT county_number, grant_year, COUNT(DISTINCT programme_id) AS programmes, "
            f"COUNT(*) AS grants FROM grants{clause} GROUP BY county_number, grant_year",
            params,
        )
        sums = _fold(rows, ("county_number", "grant_year"))
        return [
            CountyTotals(
                county_number=c["county_number"],
                year=int(c["grant_year"]),
                programmes=int(c["programmes"]),
                grants=int(c["grants"]),
                figures=sums.get((c["county_number"], c["grant_year"]), FundFigures()),
            )
            for c in sorted(counts, key=lambda c: (int(c["grant_year"]), c["county_number"]))
        ]

    def programme(self, programme_id: UUID) -> ProgrammeFundsRow | None:
        row = self.row(
            "SELECT * FROM fund_programmes WHERE programme_id = %s", (str(programme_id),)
        )
        return None if row is None else _programme(row)

    def programmes(self) -> list[ProgrammeFundsRow]:
        return [_programme(r) for r in self.rows("SELECT * FROM fund_programmes ORDER BY name")]


def _fold(rows: list[dict[str, Any]], keys: Sequence[str]) -> dict[tuple[Any, ...], FundFigures]:
    """Sums per figure and kind, folded into figures per key; a reallocation's legs count
    as moved in (positive) and moved out (negative)."""
    sums: dict[tuple[Any, ...], dict[str, int]] = {}
    for r in rows:
        entry = sums.setdefault(tuple(r[k] for k in keys), {})
        entry[r["figure"]] = entry.get(r["figure"], 0) + int(r["total"])
        if r["kind"] == "reallocation":
            entry["reallocated_in"] = entry.get("reallocated_in", 0) + int(r["inflow"])
            entry["reallocated_out"] = entry.get("reallocated_out", 0) + int(r["outflow"])
    return {key: FundFigures(**entry) for key, entry in sums.items()}


def _in(column: str, count: int) -> str:
    return f"{column} IN ({', '.join(['%s'] * count)})" if count else "1 = 0"


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _movement(r: dict[str, Any]) -> Movement:
    return Movement(
        aggregate_id=UUID(r["aggregate_id"]),
        aggregate_version=int(r["aggregate_version"]),
        leg=int(r["leg"]),
        grant_id=UUID(r["grant_id"]),
        programme_id=UUID(r["programme_id"]),
        tenant_id=UUID(r["tenant_id"]),
        county_number=r["county_number"],
        year=int(r["grant_year"]),
        figure=r["figure"],
        kind=r["kind"],
        project_code=r["project_code"],
        focus_area_code=r["focus_area_code"],
        amount_ore=int(r["amount_ore"]),
        occurred_on=date.fromisoformat(r["occurred_on"]),
        recorded_at=r["recorded_at"],
        actor=from_json(r["actor"]),
        decision=from_json(r["decision"]),
        reason=r["reason"],
        details=from_json(r["details"]),
    )


def _spending(r: dict[str, Any]) -> SpendingRow:
    return SpendingRow(
        grant_id=UUID(r["grant_id"]),
        number=int(r["line_number"]),
        programme_id=UUID(r["programme_id"]),
        tenant_id=UUID(r["tenant_id"]),
        year=int(r["grant_year"]),
        project_code=r["project_code"],
        focus_area_code=r["focus_area_code"],
        amount_ore=int(r["amount_ore"]),
        co_financing_ore={s.value: int(r[f"{s.value}_ore"]) for s in CO_FINANCING_SOURCES},
        period_start=date.fromisoformat(r["period_start"]),
        period_end=date.fromisoformat(r["period_end"]),
        category=r["category"],
        accounts_reference=r["accounts_reference"],
        continuation_work=bool(r["continuation_work"]),
        plan_revision=None if r["plan_revision"] is None else int(r["plan_revision"]),
        comment=r["comment"],
        reported_by=from_json(r["reported_by"]),
        recorded_at=r["recorded_at"],
        reversed_at=r["reversed_at"],
        reversal_reason=r["reversal_reason"],
    )


def _reallocation(r: dict[str, Any]) -> ReallocationRow:
    return ReallocationRow(
        grant_id=UUID(r["grant_id"]),
        aggregate_version=int(r["aggregate_version"]),
        programme_id=UUID(r["programme_id"]),
        tenant_id=UUID(r["tenant_id"]),
        year=int(r["grant_year"]),
        from_project_code=r["from_project_code"],
        to_project_code=r["to_project_code"],
        amount_ore=int(r["amount_ore"]),
        effective_on=date.fromisoformat(r["effective_on"]),
        decision=from_json(r["decision"]),
        decided_on=date.fromisoformat(r["decided_on"]),
        reason=r["reason"],
        actor=from_json(r["actor"]),
        recorded_at=r["recorded_at"],
    )


def _programme(r: dict[str, Any]) -> ProgrammeFundsRow:
    return ProgrammeFundsRow(
        programme_id=UUID(r["programme_id"]),
        tenant_id=UUID(r["tenant_id"]),
        name=r["name"],
        granting_county_number=r["granting_county_number"],
        lead_municipality_id=UUID(r["lead_municipality_id"]),
        period_start=date.fromisoformat(r["period_start"]),
        period_end=date.fromisoformat(r["period_end"]),
    )


def actor_doc(actor: Actor) -> dict[str, Any]:
    return {"userId": actor.user_id, "name": actor.name, "role": actor.role.value}


def _day(moment: datetime) -> date:
    """The calendar day in Norway of a recording time."""
    return moment.astimezone(OSLO).date()


@dataclass(frozen=True)
class _Leg:
    figure: str
    kind: str
    amount_ore: int
    occurred_on: date
    project_code: str | None = None
    focus_area_code: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _movement_inserts(event: Any, grant: dict[str, Any], legs: Sequence[_Leg]) -> list[Statement]:
    return [
        (
            "INSERT INTO fund_movements (aggregate_id, aggregate_version, leg, grant_id, "
            "programme_id, tenant_id, county_number, grant_year, figure, kind, project_code, "
            "focus_area_code, amount_ore, occurred_on, recorded_at, actor, decision, reason, "
            "details) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, %s, %s)",
            (
                str(event.originator_id),
                event.originator_version,
                number,
                grant["grant_id"],
                grant["programme_id"],
                grant["tenant_id"],
                grant["county_number"],
                grant["grant_year"],
                leg.figure,
                leg.kind,
                leg.project_code,
                leg.focus_area_code,
                leg.amount_ore,
                leg.occurred_on.isoformat(),
                event.timestamp.isoformat(),
                to_json(actor_doc(event.actor)),
                None if event.decision is None else to_json(decision_doc(event.decision)),
                event.reason,
                to_json(leg.details),
            ),
        )
        for number, leg in enumerate(legs, start=1)
    ]


class FundProjection(Projection[FundView]):
    name = "funds"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    # The programmes' periods and counties

    @process_event.register(Programme.Registered)
    def _(self, event: Programme.Registered, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO fund_programmes (programme_id, tenant_id, name, "
                    "granting_county_number, lead_municipality_id, period_start, period_end) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        str(event.tenant_id),
                        event.name,
                        event.granting_county_number,
                        str(event.lead_municipality_id),
                        event.period_start.isoformat(),
                        event.period_end.isoformat(),
                    ),
                )
            ],
        )

    @process_event.register(Programme.PeriodExtended)
    def _(self, event: Programme.PeriodExtended, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "UPDATE fund_programmes SET period_end = %s WHERE programme_id = %s",
                    (event.period_end.isoformat(), str(event.originator_id)),
                )
            ],
        )

    # The county's grant

    @process_event.register(Grant.Granted)
    def _(self, event: Grant.Granted, tracking: Tracking) -> None:
        assert event.decision is not None  # the domain refuses a grant without a decision
        at = event.timestamp.isoformat()
        grant = {
            "grant_id": str(event.originator_id),
            "programme_id": str(event.programme_id),
            "tenant_id": str(event.tenant_id),
            "county_number": event.county_number,
            "grant_year": event.year,
        }
        application = event.application
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO grants (grant_id, programme_id, tenant_id, county_number, "
                    "grant_year, grant_number, action_plan_id, application_number, "
                    "applied_for_ore, amount_ore, conditions, use_by, decision, granted_on, "
                    "aggregate_version, use_id, use_version, created_at, updated_at) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, "
                    "%s, %s)",
                    (
                        grant["grant_id"],
                        grant["programme_id"],
                        grant["tenant_id"],
                        event.county_number,
                        event.year,
                        event.number,
                        str(application.action_plan_id),
                        application.application_number,
                        application.applied_for.ore,
                        event.amount.ore,
                        to_json(list(event.conditions)),
                        None if event.use_by is None else event.use_by.isoformat(),
                        to_json(decision_doc(event.decision)),
                        event.decision.meeting_date.isoformat(),
                        event.originator_version,
                        at,
                        at,
                    ),
                ),
                *_movement_inserts(
                    event,
                    grant,
                    [
                        _Leg(
                            "granted",
                            "grant",
                            event.amount.ore,
                            event.decision.meeting_date,
                            details={"grantNumber": event.number},
                        )
                    ],
                ),
            ],
        )

    def _grant(self, grant_id: UUID, event: Any) -> dict[str, Any]:
        found = self.view.row("SELECT * FROM grants WHERE grant_id = %s", (str(grant_id),))
        if found is None:
            raise LookupError(f"funds have no grant {grant_id} at {type(event).__name__}")
        return found

    def _grant_event(
        self,
        event: Any,
        tracking: Tracking,
        legs: list[_Leg],
        *extra: Statement,
        grant: dict[str, Any] | None = None,
    ) -> None:
        grant = grant or self._grant(event.originator_id, event)
        self.view.write(
            tracking,
            [
                *extra,
                (
                    "UPDATE grants SET aggregate_version = %s, updated_at = %s WHERE grant_id = %s",
                    (event.originator_version, event.timestamp.isoformat(), grant["grant_id"]),
                ),
                *_movement_inserts(event, grant, legs),
            ],
        )

    @process_event.register(Grant.Amended)
    def _(self, event: Grant.Amended, tracking: Tracking) -> None:
        grant = self._grant(event.originator_id, event)
        assert event.decision is not None
        change = event.amount.ore - int(grant["amount_ore"])
        legs = (
            [
                _Leg(
                    "granted",
                    "amendment",
                    change,
                    event.decision.meeting_date,
                    details={"amountOre": event.amount.ore},
                )
            ]
            if change
            else []
        )
        self._grant_event(
            event,
            tracking,
            legs,
            (
                "UPDATE grants SET amount_ore = %s, conditions = %s, use_by = %s "
                "WHERE grant_id = %s",
                (
                    event.amount.ore,
                    to_json(list(event.conditions)),
                    None if event.use_by is None else event.use_by.isoformat(),
                    grant["grant_id"],
                ),
            ),
            grant=grant,
        )

    @process_event.register(Grant.Disbursed)
    def _(self, event: Grant.Disbursed, tracking: Tracking) -> None:
        d = event.disbursement
        self._grant_event(
            event,
            tracking,
            [
                _Leg(
                    "disbursed",
                    "disbursement",
                    d.amount.ore,
                    d.paid_on,
                    details={"number": d.number},
                )
            ],
        )

    @process_event.register(Grant.Withdrawn)
    def _(self, event: Grant.Withdrawn, tracking: Tracking) -> None:
        self._grant_event(
            event,
            tracking,
            [
                _Leg(
                    "withdrawn",
                    "withdrawal",
                    event.amount.ore,
                    event.withdrawn_on,
                    details={"ground": str(event.ground)},
                )
            ],
        )

    @process_event.register(Grant.ClawedBack)
    def _(self, event: Grant.ClawedBack, tracking: Tracking) -> None:
        self._grant_event(
            event,
            tracking,
            [
                _Leg(
                    "clawed_back",
                    "claw_back",
                    event.amount.ore,
                    event.demanded_on,
                    details={"ground": str(event.ground)},
                )
            ],
        )

    # The municipality's use

    @process_event.register(GrantUse.Opened)
    def _(self, event: GrantUse.Opened, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "UPDATE grants SET use_id = %s, use_version = %s WHERE grant_id = %s",
                    (str(event.originator_id), event.originator_version, str(event.grant_id)),
                )
            ],
        )

    def _use_grant(self, event: Any) -> dict[str, Any]:
        grant = self.view.grant_of_use(event.originator_id)
        if grant is None:
            raise LookupError(f"funds have no grant for use {event.originator_id}")
        return grant

    def _use_event(
        self,
        event: Any,
        tracking: Tracking,
        legs: list[_Leg],
        *extra: Statement,
        grant: dict[str, Any] | None = None,
    ) -> None:
        grant = grant or self._use_grant(event)
        self.view.write(
            tracking,
            [
                *extra,
                (
                    "UPDATE grants SET use_version = %s WHERE grant_id = %s",
                    (event.originator_version, grant["grant_id"]),
                ),
                *_movement_inserts(event, grant, legs),
            ],
        )

    @process_event.register(GrantUse.Allocated)
    def _(self, event: GrantUse.Allocated, tracking: Tracking) -> None:
        self._use_event(
            event,
            tracking,
            [
                _Leg(
                    "allocated",
                    "allocation",
                    event.amount.ore,
                    _day(event.timestamp),
                    event.project_code,
                    event.focus_area_code,
                    {"planRevision": event.plan_revision},
                )
            ],
        )

    @process_event.register(GrantUse.AllocationReleased)
    def _(self, event: GrantUse.AllocationReleased, tracking: Tracking) -> None:
        self._use_event(
            event,
            tracking,
            [
                _Leg(
                    "allocated",
                    "release",
                    -event.amount.ore,
                    _day(event.timestamp),
                    event.project_code,
                    event.focus_area_code,
                )
            ],
        )

    @process_event.register(GrantUse.Reallocated)
    def _(self, event: GrantUse.Reallocated, tracking: Tracking) -> None:
        assert event.decision is not None  # the domain refuses a reallocation without one
        grant = self._use_grant(event)
        details = {
            "fromProjectCode": event.from_project_code,
            "toProjectCode": event.to_project_code,
            "planRevision": event.plan_revision,
        }
        self._use_event(
            event,
            tracking,
            [
                _Leg(
                    "allocated",
                    "reallocation",
                    -event.amount.ore,
                    event.effective_on,
                    event.from_project_code,
                    event.from_focus_area_code,
                    details,
                ),
                _Leg(
                    "allocated",
                    "reallocation",
                    event.amount.ore,
                    event.effective_on,
                    event.to_project_code,
                    event.to_focus_area_code,
                    details,
                ),
            ],
            (
                "INSERT INTO fund_reallocations (grant_id, aggregate_version, programme_id, "
                "tenant_id, grant_year, from_project_code, to_project_code, amount_ore, "
                "effective_on, decision, decided_on, reason, actor, recorded_at) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    grant["grant_id"],
                    event.originator_version,
                    grant["programme_id"],
                    grant["tenant_id"],
                    grant["grant_year"],
                    event.from_project_code,
                    event.to_project_code,
                    event.amount.ore,
                    event.effective_on.isoformat(),
                    to_json(decision_doc(event.decision)),
                    event.decision.meeting_date.isoformat(),
                    event.reason or "",
                    to_json(actor_doc(event.actor)),
                    event.timestamp.isoformat(),
                ),
            ),
            grant=grant,
        )

    @process_event.register(GrantUse.SpendingReported)
    def _(self, event: GrantUse.SpendingReported, tracking: Tracking) -> None:
        line = event.spending
        grant = self._use_grant(event)
        co_financing = {
            s.value: sum(f.amount.ore for f in line.co_financing if f.source == s)
            for s in CO_FINANCING_SOURCES
        }
        self._use_event(
            event,
            tracking,
            [
                _Leg(
                    "spent",
                    "spending",
                    line.amount.ore,
                    line.period_end,
                    line.project_code,
                    line.focus_area_code,
                    {
                        "line": line.number,
                        "periodStart": line.period_start.isoformat(),
                        "periodEnd": line.period_end.isoformat(),
                        "category": str(line.category),
                        "accountsReference": line.accounts_reference,
                        "planRevision": line.plan_revision,
                    },
                )
            ],
            (
                "INSERT INTO fund_spending (grant_id, line_number, programme_id, tenant_id, "
                "grant_year, project_code, focus_area_code, amount_ore, municipality_ore, "
                "innovasjon_norge_ore, private_ore, other_public_ore, period_start, period_end, "
                "category, accounts_reference, continuation_work, plan_revision, comment, "
                "reported_by, recorded_at, reversed_at, reversal_reason) VALUES (%s, %s, %s, "
                "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, "
                "NULL)",
                (
                    grant["grant_id"],
                    line.number,
                    grant["programme_id"],
                    grant["tenant_id"],
                    grant["grant_year"],
                    line.project_code,
                    line.focus_area_code,
                    line.amount.ore,
                    *(co_financing[s.value] for s in CO_FINANCING_SOURCES),
                    line.period_start.isoformat(),
                    line.period_end.isoformat(),
                    str(line.category),
                    line.accounts_reference,
                    bool(line.continuation_work),
                    line.plan_revision,
                    line.comment,
                    to_json(actor_doc(event.actor)),
                    event.timestamp.isoformat(),
                ),
            ),
            grant=grant,
        )

    @process_event.register(GrantUse.SpendingReversed)
    def _(self, event: GrantUse.SpendingReversed, tracking: Tracking) -> None:
        grant = self._use_grant(event)
        line = self.view.row(
            "SELECT * FROM fund_spending WHERE grant_id = %s AND line_number = %s",
            (grant["grant_id"], event.number),
        )
        if line is None:
            raise LookupError(f"funds have no spending line {event.number} of {grant['grant_id']}")
        self._use_event(
            event,
            tracking,
            [
                _Leg(
                    "spent",
                    "spending_reversal",
                    -int(line["amount_ore"]),
                    _day(event.timestamp),
                    line["project_code"],
                    line["focus_area_code"],
                    {"line": event.number},
                )
            ],
            (
                "UPDATE fund_spending SET reversed_at = %s, reversal_reason = %s "
                "WHERE grant_id = %s AND line_number = %s",
                (event.timestamp.isoformat(), event.reason, grant["grant_id"], event.number),
            ),
            grant=grant,
        )

    @process_event.register(GrantUse.FundsReturned)
    def _(self, event: GrantUse.FundsReturned, tracking: Tracking) -> None:
        self._use_event(
            event, tracking, [_Leg("returned", "return", event.amount.ore, event.returned_on)]
        )
