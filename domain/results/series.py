"""A result series (måleserie): one indicator measured for one goal of the Omstillingsplan or
one project, over the programme period. Baseline, targets per period and actuals per period;
a wrong actual is corrected by a new event with a reason, never overwritten. Restriction
(skjerming) keeps a series out of what is published.

Periods are whole years, or quarters of a year when the series is opened as quarterly; one
series never mixes the two, so "the latest period" is always well defined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.results.indicators import (
    RESULTS_NAMESPACE,
    IndicatorKind,
    IndicatorLevel,
    Unit,
    require_code,
)
from domain.results.indicators import require_value as _require_value
from domain.shared.actor import Actor
from domain.shared.dates import (
    EARLIEST_DATE,
    YEARS_AFTER,
    add_years,
    plausible_date,
    require_year,
)
from domain.shared.decisions import DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import (
    TextKind,
    optional_reason,
    optional_text,
    required_reason,
    required_text,
)

SOURCE_TEXT = 500


class SubjectKind(StrEnum):
    GOAL = "goal"
    PROJECT = "project"


SUBJECT_NB = {SubjectKind.GOAL: "Mål i omstillingsplanen", SubjectKind.PROJECT: "Prosjekt"}


class IndicatorSource(StrEnum):
    CATALOGUE = "catalogue"
    LOCAL = "local"


def result_series_id_for(
    programme_id: UUID, subject_kind: SubjectKind | str, subject_code: str, indicator_code: str
) -> UUID:
    """One series per programme, subject and indicator: a second one conflicts."""
    return uuid5(
        RESULTS_NAMESPACE,
        f"{programme_id}:{SubjectKind(subject_kind).value}:{subject_code}:{indicator_code}",
    )


@dataclass(frozen=True)
class IndicatorRef:
    """The indicator a series measures, as it stood when the series was opened."""

    code: str
    source: IndicatorSource
    version: int
    name_nb: str
    unit: Unit
    kind: IndicatorKind
    level: IndicatorLevel

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", require_code("indicator.code", self.code))
        name = required_text("indicator.nameNb", self.name_nb, 200, kind=TextKind.LINE)
        object.__setattr__(self, "name_nb", name)


@dataclass(frozen=True, order=True)
class Period:
    """A year, or a quarter (1–4) of it."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        require_year("period.year", self.year)
        if self.quarter is not None and (
            isinstance(self.quarter, bool)
            or not isinstance(self.quarter, int)
            or not 1 <= self.quarter <= 4
        ):
            raise ValidationFailed("period.quarter", "must be 1, 2, 3 or 4")

    @property
    def label(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @staticmethod
    def parse(label: str) -> Period:
        year, _, quarter = label.partition("-Q")
        return Period(int(year), int(quarter) if quarter else None)


@dataclass(frozen=True)
class Baseline:
    value: Decimal
    measured_on: date
    source: str


class ResultSeries(Aggregate):
    """Invariants: values exact and fit for the unit; periods of the series' kind inside the
    programme period; one actual per period, changed only by a correction with a reason;
    the baseline not measured after the first reported period ends."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"targets": dict, "actuals": dict}

    class Opened(Event, Aggregate.Created):
        programme_id: UUID
        subject_kind: SubjectKind
        subject_code: str
        project_id: UUID | None
        indicator: IndicatorRef
        quarterly: bool
        period_start: date
        period_end: date

    class BaselineSet(Event):
        baseline: Baseline

    class TargetSet(Event):
        period: Period
        value: Decimal

    class ActualReported(Event):
        period: Period
        value: Decimal
        source: str
        comment: str | None

    class ActualCorrected(Event):
        period: Period
        value: Decimal
        previous: Decimal
        source: str

    class Restricted(Event):
        legal_basis: str

    class Unrestricted(Event):
        pass

    @staticmethod
    def create_id(
        programme_id: UUID,
        subject_kind: SubjectKind,
        subject_code: str,
        indicator: IndicatorRef,
        **_: object,
    ) -> UUID:
        return result_series_id_for(programme_id, subject_kind, subject_code, indicator.code)

    @event(Opened)
    def __init__(
        self,
        *,
        programme_id: UUID,
        subject_kind: SubjectKind,
        subject_code: str,
        project_id: UUID | None,
        indicator: IndicatorRef,
        quarterly: bool,
        period_start: date,
        period_end: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.programme_id = programme_id
        self.subject_kind = subject_kind
        self.subject_code = subject_code
        self.project_id = project_id
        self.indicator = indicator
        self.quarterly = quarterly
        self.period_start = period_start
        self.period_end = period_end
        self.tenant_id = tenant_id
        self.baseline: Baseline | None = None
        # period label → value; labels keep the snapshot plain JSON
        self.targets: dict[str, Decimal] = {}
        self.actuals: dict[str, Decimal] = {}
        self.restricted_by: str | None = None

    @classmethod
    def open(
        cls,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        subject_kind: SubjectKind | str,
        subject_code: str,
        project_id: UUID | None,
        indicator: IndicatorRef,
        period_start: date,
        period_end: date,
        quarterly: bool = False,
        actor: Actor,
        reason: str | None = None,
    ) -> ResultSeries:
        try:
            kind = SubjectKind(subject_kind)
        except ValueError:
            raise ValidationFailed("subjectKind", "must be goal or project") from None
        if not isinstance(quarterly, bool):
            raise ValidationFailed("quarterly", "must be true or false")
        subject = required_text("subjectCode", subject_code, 40, kind=TextKind.CODE)
        why = optional_reason(reason)
        # The programme's period, as the programme has checked it.
        period_start = plausible_date("periodStart", period_start)
        if plausible_date("periodEnd", period_end) <= period_start:
            raise ValidationFailed("periodEnd", "must be after periodStart")
        return cls(
            programme_id=programme_id,
            subject_kind=kind,
            subject_code=subject,
            project_id=project_id,
            indicator=indicator,
            quarterly=quarterly,
            period_start=period_start,
            period_end=period_end,
            tenant_id=tenant_id,
            actor=actor,
            reason=why,
            decision=None,
        )

    # Guards

    def _source(self, source: object) -> str:
        """Where a figure comes from: one line, such as 'SSB tabell 07984'."""
        return required_text("source", source, SOURCE_TEXT, kind=TextKind.LINE)

    def _value(self, value: object) -> Decimal:
        return _require_value("value", value, self.indicator.unit)

    def _period(self, period: object, within: tuple[date, date] | None) -> Period:
        """`within`: the programme period as it stands now (it may have been extended)."""
        start, end = within or (self.period_start, self.period_end)
        if not isinstance(period, Period):
            raise ValidationFailed("period", "must be a year, optionally with a quarter")
        if self.quarterly and period.quarter is None:
            raise ValidationFailed("period.quarter", "the series is quarterly: give the quarter")
        if not self.quarterly and period.quarter is not None:
            raise ValidationFailed("period.quarter", "the series is yearly: leave the quarter out")
        if period.end < start or period.start > end:
            raise ValidationFailed("period", f"must fall in the programme period ({start}–{end})")
        return period

    @property
    def first_actual_period(self) -> Period | None:
        return min((Period.parse(p) for p in self.actuals), default=None)

    # Commands

    def set_baseline(
        self,
        value: object,
        measured_on: date,
        source: str,
        *,
        actor: Actor,
        reason: str | None = None,
    ) -> None:
        """The starting point (nullpunkt); setting it again needs a reason."""
        number = self._value(value)
        plausible_date(
            "measuredOn",
            measured_on,
            EARLIEST_DATE,
            add_years(self.period_end, YEARS_AFTER),
            f"at most {YEARS_AFTER} years after the programme's period",
        )
        first = self.first_actual_period
        if first is not None and measured_on > first.end:
            raise ValidationFailed(
                "measuredOn",
                f"cannot be after the first reported period ({first.label}) ends",
            )
        text = required_reason(reason) if self.baseline is not None else optional_reason(reason)
        self._set_baseline(
            baseline=Baseline(number, measured_on, self._source(source)),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(BaselineSet)
    def _set_baseline(
        self,
        baseline: Baseline,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.baseline = baseline

    def set_target(
        self,
        period: Period,
        value: object,
        *,
        actor: Actor,
        reason: str | None = None,
        within: tuple[date, date] | None = None,
    ) -> None:
        """The target for a period (mål for perioden); changing one needs a reason."""
        period = self._period(period, within)
        number = self._value(value)
        existing = self.targets.get(period.label)
        if existing is not None and Decimal(existing) == number:
            raise ValidationFailed("value", f"the target for {period.label} is already {number}")
        text = required_reason(reason) if existing is not None else optional_reason(reason)
        self._set_target(
            period=period,
            value=number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(TargetSet)
    def _set_target(
        self,
        period: Period,
        value: Decimal,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.targets = {**self.targets, period.label: value}

    def report_actual(
        self,
        period: Period,
        value: object,
        source: str,
        *,
        comment: str | None = None,
        actor: Actor,
        within: tuple[date, date] | None = None,
    ) -> None:
        """What was achieved in the period (faktisk resultat); once per period."""
        period = self._period(period, within)
        number = self._value(value)
        if period.label in self.actuals:
            raise ValidationFailed(
                "period", f"an actual for {period.label} is already reported; correct it instead"
            )
        if self.baseline is not None and period.end < self.baseline.measured_on:
            raise ValidationFailed(
                "period",
                f"ends before the baseline was measured ({self.baseline.measured_on})",
            )
        self._report_actual(
            period=period,
            value=number,
            source=self._source(source),
            comment=optional_text("comment", comment, 2000, kind=TextKind.MULTILINE),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=None,
            decision=None,
        )

    @event(ActualReported)
    def _report_actual(
        self,
        period: Period,
        value: Decimal,
        source: str,
        comment: str | None,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.actuals = {**self.actuals, period.label: value}

    def correct_actual(
        self,
        period: Period,
        value: object,
        *,
        reason: str | None,
        source: str | None = None,
        actor: Actor,
        within: tuple[date, date] | None = None,
    ) -> None:
        """A new value for a reported period (korrigering); the earlier value stays in the log."""
        period = self._period(period, within)
        number = self._value(value)
        previous = self.actuals.get(period.label)
        if previous is None:
            raise ValidationFailed(
                "period", f"no actual is reported for {period.label}: report it first"
            )
        if Decimal(previous) == number:
            raise ValidationFailed("value", f"the actual for {period.label} is already {number}")
        text = required_reason(reason)
        self._correct_actual(
            period=period,
            value=number,
            previous=Decimal(previous),
            source=self._source(source or ""),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=text,
            decision=None,
        )

    @event(ActualCorrected)
    def _correct_actual(
        self,
        period: Period,
        value: Decimal,
        previous: Decimal,
        source: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.actuals = {**self.actuals, period.label: value}

    def restrict(self, legal_basis: str, *, actor: Actor, reason: str | None = None) -> None:
        """Skjerming: the series stays in the system, but is left out of what is published."""
        if self.restricted_by is not None:
            raise InvalidTransition("restricted", "restrict", "the series is already restricted")
        self._restrict(
            legal_basis=required_text("legalBasis", legal_basis, 300, kind=TextKind.LINE),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @event(Restricted)
    def _restrict(
        self,
        legal_basis: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.restricted_by = legal_basis

    def unrestrict(self, *, actor: Actor, reason: str | None) -> None:
        if self.restricted_by is None:
            raise InvalidTransition("open", "lift the restriction", "the series is not restricted")
        self._unrestrict(
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=None,
        )

    @event(Unrestricted)
    def _unrestrict(
        self, tenant_id: UUID, actor: Actor, reason: str | None, decision: DecisionRef | None
    ) -> None:
        self.restricted_by = None
