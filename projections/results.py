"""Indicators and results as read: the catalogue's versions, local indicators, result series
and every value ever set, and the figures derived from them with their definitions beside.
The projection only copies facts; the derived figures are computed on read with the pure
functions of `domain.results.figures`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.results.catalogue import IndicatorCatalogue, LocalIndicators
from domain.results.figures import (
    ATTAINMENT_NB,
    PER_MILLION_NB,
    PROGRAMME_ATTAINMENT_NB,
    TOTAL_NB,
    Attainment,
    mean_attainment,
    per_million_nok,
    target_attainment,
)
from domain.results.indicators import ADDITIVE_UNITS, Indicator, Unit
from domain.results.series import Period, ResultSeries
from projections.base import ReadModelView, Statement, from_json, to_json
from projections.funds import actor_doc

CATALOGUE = "catalogue"
ENTRY_NB = {
    "baseline": "Nullpunkt",
    "target": "Mål",
    "actual": "Faktisk",
    "correction": "Korrigert",
}


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    version: int
    source: str
    programme_id: UUID | None
    name_nb: str
    name_en: str
    unit: str
    kind: str
    level: str
    definition: str
    data_source: str
    added_in: int
    superseded_in: int | None
    retired_in: int | None
    reason: str | None
    retire_reason: str | None
    actor: dict[str, Any]
    recorded_at: str

    @property
    def retired(self) -> bool:
        return self.retired_in is not None


@dataclass(frozen=True)
class ValueRow:
    series_id: UUID
    aggregate_version: int
    entry: str
    period: Period | None
    value: Decimal
    measured_on: date | None
    source: str | None
    comment: str | None
    reason: str | None
    actor: dict[str, Any]
    recorded_at: str
    superseded: bool


@dataclass(frozen=True)
class PeriodRow:
    """One period of a series: the latest target and actual, and every earlier value."""

    period: Period
    target: Decimal | None
    actual: Decimal | None
    history: list[ValueRow]

    @property
    def corrected(self) -> bool:
        return any(v.entry == "correction" for v in self.history)


@dataclass(frozen=True)
class SeriesRow:
    series_id: UUID
    programme_id: UUID
    tenant_id: UUID
    subject_kind: str
    subject_code: str
    project_id: UUID | None
    indicator_code: str
    indicator_source: str
    indicator_version: int
    indicator_name_nb: str
    unit: str
    kind: str
    level: str
    quarterly: bool
    baseline_value: Decimal | None
    baseline_on: date | None
    baseline_source: str | None
    legal_basis: str | None
    aggregate_version: int
    values: list[ValueRow] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        return self.legal_basis is not None

    def latest(self, entry: str) -> dict[Period, Decimal]:
        """The value in force per period: a correction counts as an actual."""
        kinds = ("actual", "correction") if entry == "actual" else (entry,)
        return {
            v.period: v.value
            for v in self.values
            if v.entry in kinds and not v.superseded and v.period is not None
        }

    @property
    def periods(self) -> list[PeriodRow]:
        targets, actuals = self.latest("target"), self.latest("actual")
        by_period: dict[Period, list[ValueRow]] = defaultdict(list)
        for v in self.values:
            if v.period is not None:
                by_period[v.period].append(v)
        return [
            PeriodRow(p, targets.get(p), actuals.get(p), by_period[p]) for p in sorted(by_period)
        ]

    @property
    def baseline_history(self) -> list[ValueRow]:
        return [v for v in self.values if v.entry == "baseline"]

    @property
    def attainment(self) -> Attainment:
        return target_attainment(self.baseline_value, self.latest("target"), self.latest("actual"))

    def total(self, year: int | None = None) -> Decimal:
        return sum(
            (v for p, v in self.latest("actual").items() if year is None or p.year == year),
            Decimal(0),
        )


@dataclass(frozen=True)
class IndicatorTotal:
    """A programme's (or the nation's) total of one catalogue indicator."""

    code: str
    name_nb: str
    unit: str
    total: Decimal
    series: int
    definition_nb: str = TOTAL_NB


@dataclass(frozen=True)
class ProgrammeResultSummary:
    """What the national comparison composes: totals of latest actuals per catalogue
    indicator, and the mean target attainment, with their definitions."""

    programme_id: UUID
    tenant_id: UUID
    year: int | None
    totals: list[IndicatorTotal]
    attainment: Decimal | None
    attained_series: int
    series: int
    attainment_definition_nb: str = PROGRAMME_ATTAINMENT_NB
    series_attainment_definition_nb: str = ATTAINMENT_NB

    def total(self, code: str) -> Decimal:
        return next((t.total for t in self.totals if t.code == code), Decimal(0))


@dataclass(frozen=True)
class PerKrone:
    """Results of one indicator per million kroner of restructuring funds spent."""

    code: str
    name_nb: str
    total: Decimal
    spent_ore: int
    per_million: Decimal | None
    definition_nb: str = PER_MILLION_NB


def results_per_krone(totals: Iterable[IndicatorTotal], spent_ore: int) -> list[PerKrone]:
    return [
        PerKrone(t.code, t.name_nb, t.total, spent_ore, per_million_nok(t.total, spent_ore))
        for t in totals
    ]


def national_totals(summaries: Sequence[ProgrammeResultSummary]) -> list[IndicatorTotal]:
    """Sums over programmes, per catalogue indicator."""
    merged: dict[str, IndicatorTotal] = {}
    for summary in summaries:
        for t in summary.totals:
            seen = merged.get(t.code)
            merged[t.code] = (
                t
                if seen is None
                else IndicatorTotal(
                    t.code, t.name_nb, t.unit, seen.total + t.total, seen.series + t.series
                )
            )
    return [merged[c] for c in sorted(merged)]


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[str]]:
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", [str(v) for v in values]


class ResultView(ReadModelView):
    tables = ("indicator_versions", "indicator_registers", "result_series", "result_values")

    # Indicators

    def catalogue_version(self) -> int:
        row = self.row(
            "SELECT register_version FROM indicator_registers WHERE source = %s", (CATALOGUE,)
        )
        return 0 if row is None else int(row["register_version"])

    def catalogue(
        self, as_of_version: int | None = None, *, include_retired: bool = False
    ) -> list[IndicatorRow]:
        """The catalogue as it stood at a version (today's by default): each code's version
        in force then; retired codes only when asked for."""
        at = self.catalogue_version() if as_of_version is None else as_of_version
        rows = self._indicators("source = %s AND added_in <= %s", [CATALOGUE, at], "code, version")
        current = {r.code: r for r in rows}  # ordered by version: the last one wins
        return [
            r
            for r in current.values()
            if include_retired or r.retired_in is None or r.retired_in > at
        ]

    def indicator_history(self, code: str) -> list[IndicatorRow]:
        return self._indicators("source = %s AND code = %s", [CATALOGUE, code], "version")

    def local_indicators(
        self, programme_ids: Sequence[UUID] | None, *, include_retired: bool = True
    ) -> list[IndicatorRow]:
        """Every version of the programmes' local indicators (None: all programmes)."""
        clause, params = "source = %s", ["local"]
        if programme_ids is not None:
            inner, ids = _in("programme_id", programme_ids)
            clause, params = f"{clause} AND {inner}", [*params, *ids]
        rows = self._indicators(clause, params, "programme_id, code, version")
        return [r for r in rows if include_retired or r.retired_in is None]

    def _indicators(self, clause: str, params: list[Any], order: str) -> list[IndicatorRow]:
        rows = self.rows(
            f"SELECT * FROM indicator_versions WHERE {clause} ORDER BY {order}", params
        )
        return [_indicator(r) for r in rows]

    # Series

    def series(
        self,
        programme_ids: Sequence[UUID] | None = None,
        *,
        series_id: UUID | None = None,
        published_only: bool = False,
    ) -> list[SeriesRow]:
        """Series with all their values; `published_only` leaves out restricted ones."""
        clauses: list[str] = []
        params: list[Any] = []
        if programme_ids is not None:
            inner, ids = _in("programme_id", programme_ids)
            clauses.append(inner)
            params += ids
        if series_id is not None:
            clauses.append("series_id = %s")
            params.append(str(series_id))
        if published_only:
            clauses.append("legal_basis IS NULL")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.rows(
            f"SELECT * FROM result_series{where} "
            "ORDER BY programme_id, subject_kind, subject_code, indicator_code",
            params,
        )
        if not rows:
            return []
        inner, ids = _in("series_id", [r["series_id"] for r in rows])
        values: dict[str, list[ValueRow]] = defaultdict(list)
        for v in self.rows(
            f"SELECT * FROM result_values WHERE {inner} ORDER BY series_id, aggregate_version", ids
        ):
            values[v["series_id"]].append(_value(v))
        return [_series(r, values[r["series_id"]]) for r in rows]

    def one_series(self, series_id: UUID) -> SeriesRow | None:
        found = self.series(series_id=series_id)
        return found[0] if found else None

    def programme_summaries(
        self,
        programme_ids: list[UUID] | None,
        year: int | None = None,
        published_only: bool = False,
    ) -> list[ProgrammeResultSummary]:
        """Per programme with series: totals of the latest actuals per catalogue indicator
        (of `year`'s periods only, if given) and the mean target attainment."""
        by_programme: dict[UUID, list[SeriesRow]] = defaultdict(list)
        for s in self.series(programme_ids, published_only=published_only):
            by_programme[s.programme_id].append(s)
        return [
            _summary(pid, rows, year)
            for pid, rows in sorted(by_programme.items(), key=lambda kv: str(kv[0]))
        ]


def _summary(programme_id: UUID, rows: list[SeriesRow], year: int | None) -> ProgrammeResultSummary:
    totals: dict[str, IndicatorTotal] = {}
    for s in rows:
        if s.indicator_source != CATALOGUE or Unit(s.unit) not in ADDITIVE_UNITS:
            continue
        seen = totals.get(s.indicator_code)
        total = s.total(year)
        totals[s.indicator_code] = IndicatorTotal(
            s.indicator_code,
            s.indicator_name_nb,
            s.unit,
            total + (seen.total if seen else Decimal(0)),
            1 + (seen.series if seen else 0),
        )
    attainments = [s.attainment.value for s in rows]
    return ProgrammeResultSummary(
        programme_id=programme_id,
        tenant_id=rows[0].tenant_id,
        year=year,
        totals=[totals[c] for c in sorted(totals)],
        attainment=mean_attainment(attainments),
        attained_series=sum(1 for a in attainments if a is not None),
        series=len(rows),
    )


def _uuid(value: str | None) -> UUID | None:
    return None if value in (None, "") else UUID(value)


def _indicator(r: Mapping[str, Any]) -> IndicatorRow:
    return IndicatorRow(
        code=r["code"],
        version=int(r["version"]),
        source=r["source"],
        programme_id=_uuid(r["programme_id"]),
        name_nb=r["name_nb"],
        name_en=r["name_en"],
        unit=r["unit"],
        kind=r["kind"],
        level=r["level"],
        definition=r["definition"],
        data_source=r["data_source"],
        added_in=int(r["added_in"]),
        superseded_in=None if r["superseded_in"] is None else int(r["superseded_in"]),
        retired_in=None if r["retired_in"] is None else int(r["retired_in"]),
        reason=r["reason"],
        retire_reason=r["retire_reason"],
        actor=from_json(r["actor"]),
        recorded_at=r["recorded_at"],
    )


def _value(r: Mapping[str, Any]) -> ValueRow:
    return ValueRow(
        series_id=UUID(r["series_id"]),
        aggregate_version=int(r["aggregate_version"]),
        entry=r["entry"],
        period=None if r["period"] is None else Period.parse(r["period"]),
        value=Decimal(r["value"]),
        measured_on=None if r["measured_on"] is None else date.fromisoformat(r["measured_on"]),
        source=r["source"],
        comment=r["comment"],
        reason=r["reason"],
        actor=from_json(r["actor"]),
        recorded_at=r["recorded_at"],
        superseded=bool(r["superseded"]),
    )


def _series(r: Mapping[str, Any], values: list[ValueRow]) -> SeriesRow:
    return SeriesRow(
        series_id=UUID(r["series_id"]),
        programme_id=UUID(r["programme_id"]),
        tenant_id=UUID(r["tenant_id"]),
        subject_kind=r["subject_kind"],
        subject_code=r["subject_code"],
        project_id=_uuid(r["project_id"]),
        indicator_code=r["indicator_code"],
        indicator_source=r["indicator_source"],
        indicator_version=int(r["indicator_version"]),
        indicator_name_nb=r["indicator_name_nb"],
        unit=r["unit"],
        kind=r["kind"],
        level=r["level"],
        quarterly=bool(r["quarterly"]),
        baseline_value=None if r["baseline_value"] is None else Decimal(r["baseline_value"]),
        baseline_on=None if r["baseline_on"] is None else date.fromisoformat(r["baseline_on"]),
        baseline_source=r["baseline_source"],
        legal_basis=r["legal_basis"],
        aggregate_version=int(r["aggregate_version"]),
        values=values,
    )


class ResultProjection(Projection[ResultView]):
    name = "results"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    # The registers of indicators

    def _register(
        self, event: Any, tracking: Tracking, source: str, programme_id: UUID | None
    ) -> None:
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO indicator_registers (register_id, source, programme_id, "
                    "tenant_id, register_version, aggregate_version, updated_at) VALUES "
                    "(%s, %s, %s, %s, 0, %s, %s)",
                    (
                        str(event.originator_id),
                        source,
                        "" if programme_id is None else str(programme_id),
                        str(event.tenant_id),
                        event.originator_version,
                        event.timestamp.isoformat(),
                    ),
                )
            ],
        )

    @process_event.register(IndicatorCatalogue.Established)
    def _(self, event: IndicatorCatalogue.Established, tracking: Tracking) -> None:
        self._register(event, tracking, CATALOGUE, None)

    @process_event.register(LocalIndicators.Opened)
    def _(self, event: LocalIndicators.Opened, tracking: Tracking) -> None:
        self._register(event, tracking, "local", event.programme_id)

    def _bump(self, event: Any, register_version: int) -> Statement:
        return (
            "UPDATE indicator_registers SET register_version = %s, aggregate_version = %s, "
            "updated_at = %s WHERE register_id = %s",
            (
                register_version,
                event.originator_version,
                event.timestamp.isoformat(),
                str(event.originator_id),
            ),
        )

    def _version(
        self, event: Any, tracking: Tracking, indicator: Indicator, version: int, at: int
    ) -> None:
        register = self.view.row(
            "SELECT * FROM indicator_registers WHERE register_id = %s",
            (str(event.originator_id),),
        )
        if register is None:
            raise LookupError(f"results have no indicator register {event.originator_id}")
        self.view.write(
            tracking,
            [
                (
                    "UPDATE indicator_versions SET superseded_in = %s "
                    "WHERE register_id = %s AND code = %s AND superseded_in IS NULL",
                    (at, str(event.originator_id), indicator.code),
                ),
                (
                    "INSERT INTO indicator_versions (register_id, code, version, source, "
                    "programme_id, tenant_id, name_nb, name_en, unit, kind, level, definition, "
                    "data_source, added_in, superseded_in, retired_in, reason, retire_reason, "
                    "actor, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                    "%s, %s, %s, NULL, NULL, %s, NULL, %s, %s)",
                    (
                        str(event.originator_id),
                        indicator.code,
                        version,
                        register["source"],
                        register["programme_id"],
                        register["tenant_id"],
                        indicator.name_nb,
                        indicator.name_en,
                        indicator.unit.value,
                        indicator.kind.value,
                        indicator.level.value,
                        indicator.definition,
                        indicator.data_source,
                        at,
                        event.reason,
                        to_json(actor_doc(event.actor)),
                        event.timestamp.isoformat(),
                    ),
                ),
                self._bump(event, at),
            ],
        )

    def _retire(self, event: Any, tracking: Tracking, code: str, at: int) -> None:
        self.view.write(
            tracking,
            [
                (
                    "UPDATE indicator_versions SET retired_in = %s, retire_reason = %s "
                    "WHERE register_id = %s AND code = %s",
                    (at, event.reason, str(event.originator_id), code),
                ),
                self._bump(event, at),
            ],
        )

    @process_event.register(IndicatorCatalogue.IndicatorAdded)
    def _(self, event: IndicatorCatalogue.IndicatorAdded, tracking: Tracking) -> None:
        self._version(event, tracking, event.indicator, 1, event.catalogue_version)

    @process_event.register(IndicatorCatalogue.IndicatorRevised)
    def _(self, event: IndicatorCatalogue.IndicatorRevised, tracking: Tracking) -> None:
        self._version(
            event, tracking, event.indicator, event.indicator_version, event.catalogue_version
        )

    @process_event.register(IndicatorCatalogue.IndicatorRetired)
    def _(self, event: IndicatorCatalogue.IndicatorRetired, tracking: Tracking) -> None:
        self._retire(event, tracking, event.code, event.catalogue_version)

    @process_event.register(LocalIndicators.Defined)
    def _(self, event: LocalIndicators.Defined, tracking: Tracking) -> None:
        self._version(event, tracking, event.indicator, 1, event.register_version)

    @process_event.register(LocalIndicators.Revised)
    def _(self, event: LocalIndicators.Revised, tracking: Tracking) -> None:
        self._version(
            event, tracking, event.indicator, event.indicator_version, event.register_version
        )

    @process_event.register(LocalIndicators.Retired)
    def _(self, event: LocalIndicators.Retired, tracking: Tracking) -> None:
        self._retire(event, tracking, event.code, event.register_version)

    # Result series

    @process_event.register(ResultSeries.Opened)
    def _(self, event: ResultSeries.Opened, tracking: Tracking) -> None:
        ref = event.indicator
        at = event.timestamp.isoformat()
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO result_series (series_id, programme_id, tenant_id, "
                    "subject_kind, subject_code, project_id, indicator_code, indicator_source, "
                    "indicator_version, indicator_name_nb, unit, kind, level, quarterly, "
                    "baseline_value, baseline_on, baseline_source, legal_basis, "
                    "aggregate_version, opened_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, "
                    "%s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, NULL, NULL, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        str(event.programme_id),
                        str(event.tenant_id),
                        event.subject_kind.value,
                        event.subject_code,
                        None if event.project_id is None else str(event.project_id),
                        ref.code,
                        ref.source.value,
                        ref.version,
                        ref.name_nb,
                        ref.unit.value,
                        ref.kind.value,
                        ref.level.value,
                        bool(event.quarterly),
                        event.originator_version,
                        at,
                        at,
                    ),
                )
            ],
        )

    def _series_event(
        self,
        event: Any,
        tracking: Tracking,
        *statements: Statement,
        value: tuple[str, Period | None, Decimal] | None = None,
        measured_on: date | None = None,
        source: str | None = None,
        comment: str | None = None,
    ) -> None:
        series = self.view.row(
            "SELECT programme_id, tenant_id FROM result_series WHERE series_id = %s",
            (str(event.originator_id),),
        )
        if series is None:
            raise LookupError(f"results have no series {event.originator_id}")
        rows: list[Statement] = [
            *statements,
            (
                "UPDATE result_series SET aggregate_version = %s, updated_at = %s "
                "WHERE series_id = %s",
                (event.originator_version, event.timestamp.isoformat(), str(event.originator_id)),
            ),
        ]
        if value is not None:
            entry, period, number = value
            entries = ("actual", "correction") if entry in ("actual", "correction") else (entry,)
            label = None if period is None else period.label
            rows += [
                (
                    "UPDATE result_values SET superseded = %s WHERE series_id = %s AND entry IN "
                    f"({', '.join(['%s'] * len(entries))}) AND "
                    + ("period IS NULL" if label is None else "period = %s"),
                    (
                        True,
                        str(event.originator_id),
                        *entries,
                        *(() if label is None else (label,)),
                    ),
                ),
                (
                    "INSERT INTO result_values (series_id, aggregate_version, programme_id, "
                    "tenant_id, entry, period, period_year, period_quarter, value, measured_on, "
                    "source, comment, reason, actor, recorded_at, superseded) VALUES (%s, %s, "
                    "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        event.originator_version,
                        series["programme_id"],
                        series["tenant_id"],
                        entry,
                        label,
                        None if period is None else period.year,
                        None if period is None else period.quarter,
                        str(number),
                        None if measured_on is None else measured_on.isoformat(),
                        source,
                        comment,
                        event.reason,
                        to_json(actor_doc(event.actor)),
                        event.timestamp.isoformat(),
                        False,
                    ),
                ),
            ]
        self.view.write(tracking, rows)

    @process_event.register(ResultSeries.BaselineSet)
    def _(self, event: ResultSeries.BaselineSet, tracking: Tracking) -> None:
        b = event.baseline
        self._series_event(
            event,
            tracking,
            (
                "UPDATE result_series SET baseline_value = %s, baseline_on = %s, "
                "baseline_source = %s WHERE series_id = %s",
                (str(b.value), b.measured_on.isoformat(), b.source, str(event.originator_id)),
            ),
            value=("baseline", None, b.value),
            measured_on=b.measured_on,
            source=b.source,
        )

    @process_event.register(ResultSeries.TargetSet)
    def _(self, event: ResultSeries.TargetSet, tracking: Tracking) -> None:
        self._series_event(event, tracking, value=("target", event.period, event.value))

    @process_event.register(ResultSeries.ActualReported)
    def _(self, event: ResultSeries.ActualReported, tracking: Tracking) -> None:
        self._series_event(
            event,
            tracking,
            value=("actual", event.period, event.value),
            source=event.source,
            comment=event.comment,
        )

    @process_event.register(ResultSeries.ActualCorrected)
    def _(self, event: ResultSeries.ActualCorrected, tracking: Tracking) -> None:
        self._series_event(
            event,
            tracking,
            value=("correction", event.period, event.value),
            source=event.source,
        )

    @process_event.register(ResultSeries.Restricted)
    def _(self, event: ResultSeries.Restricted, tracking: Tracking) -> None:
        self._series_event(
            event,
            tracking,
            (
                "UPDATE result_series SET legal_basis = %s WHERE series_id = %s",
                (event.legal_basis, str(event.originator_id)),
            ),
        )

    @process_event.register(ResultSeries.Unrestricted)
    def _(self, event: ResultSeries.Unrestricted, tracking: Tracking) -> None:
        self._series_event(
            event,
            tracking,
            (
                "UPDATE result_series SET legal_basis = NULL WHERE series_id = %s",
                (str(event.originator_id),),
            ),
        )
