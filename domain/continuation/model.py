"""Videreføring (continuation) of one programme: its three stages, in order, with owners,
deliverables, outcomes and costs.

Invariants: a stage starts once, only after the stage before it is completed, owned as seed 001
says, with a planned end within its time frame; a stage completes only with its deliverable (the
forstudie's report with at least two alternatives, the forprosjekt's one concrete solution) or,
for the hovedprosjekt, its three outcomes; every date within the programme's period; a cost
line's financing adds up to its amount; the forstudie's costs stay within NOK 100 000;
Innovasjon Norge pays only external consultant fees, at most half of them per stage, and only in
the forstudie and forprosjekt. Cost lines are reversed by a new event, never changed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.continuation.rules import require_consultant_share, require_cost_frame
from domain.continuation.stages import (
    ALLOWED_OWNERS,
    OWNER_KIND_NB,
    STAGE_NB,
    TIME_FRAMES,
    Alternative,
    CostCategory,
    CostEntry,
    CostLine,
    CostShare,
    CostSource,
    Deliverable,
    ForprosjektReport,
    ForstudieReport,
    Outcome,
    OutcomeKind,
    Owner,
    OwnerKind,
    Stage,
    require_organisation_number,
)
from domain.money import Money, require_amount
from domain.shared import clock
from domain.shared.actor import Actor
from domain.shared.dates import require_date
from domain.shared.decisions import DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import LONG_TEXT, TextKind, optional_reason, required_reason, required_text

LINE, MULTILINE = TextKind.LINE, TextKind.MULTILINE

CONTINUATION_NAMESPACE = UUID("b9d3c4e2-5f61-4a8e-9c07-2e1f4d6a8b35")
IN_STAGES = frozenset({Stage.FORSTUDIE, Stage.FORPROSJEKT})


def continuation_id_for(programme_id: UUID) -> UUID:
    """One Videreføring per programme."""
    return uuid5(CONTINUATION_NAMESPACE, str(programme_id))


@dataclass(frozen=True)
class Period:
    """The programme's period as it stands when the command runs (it may have been extended)."""

    start: date
    end: date


@dataclass(frozen=True)
class StageRecord:
    stage: Stage
    started_on: date
    planned_end: date
    owners: tuple[Owner, ...]
    deliverable: ForstudieReport | ForprosjektReport | None = None
    outcomes: tuple[Outcome, ...] = ()
    completed_on: date | None = None

    def outcome(self, kind: OutcomeKind) -> Outcome | None:
        return next((o for o in self.outcomes if o.kind is kind), None)


def _date(field: str, value: object, period: Period) -> date:
    day = require_date(field, value)
    if not period.start <= day <= period.end:
        raise ValidationFailed(
            field, f"must lie within the programme's period ({period.start}–{period.end})"
        )
    return day


def _not_future(field: str, value: date) -> date:
    if value > clock.recording_day():
        raise ValidationFailed(field, "cannot be in the future: record it once it has happened")
    return value


def _stage(value: Stage | str, field: str = "stage") -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ValidationFailed(field, "must be forstudie, forprosjekt or hovedprosjekt") from None


def _owners(stage: Stage, values: tuple[Owner, ...]) -> tuple[Owner, ...]:
    owners = tuple(values)
    if not owners:
        raise ValidationFailed("owners", f"the {stage.value} needs at least one owner")
    checked = []
    for i, owner in enumerate(owners):
        if not isinstance(owner, Owner):
            raise ValidationFailed(f"owners[{i}]", "must be an owner (prosjekteier)")
        try:
            kind = OwnerKind(owner.kind)
        except ValueError:
            raise ValidationFailed(
                f"owners[{i}].kind", "must be municipality or local_partner"
            ) from None
        if kind not in ALLOWED_OWNERS[stage]:
            allowed = ", ".join(OWNER_KIND_NB[k] for k in sorted(ALLOWED_OWNERS[stage]))
            raise ValidationFailed(
                f"owners[{i}].kind", f"the {stage.value} is owned by: {allowed} (seed 001)"
            )
        checked.append(Owner(required_text(f"owners[{i}].name", owner.name, 200, kind=LINE), kind))
    if len({o.name for o in checked}) != len(checked):
        raise ValidationFailed("owners", "must not list the same owner twice")
    return tuple(checked)


class Continuation(Aggregate):
    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"stages": tuple, "costs": tuple, "reversed": tuple}

    class Opened(Event, Aggregate.Created):
        programme_id: UUID

    class StageStarted(Event):
        programme_id: UUID
        stage: Stage
        started_on: date
        planned_end: date
        owners: tuple[Owner, ...]

    class DeliverableRecorded(Event):
        stage: Stage
        deliverable: ForstudieReport | ForprosjektReport

    class OutcomeRecorded(Event):
        outcome: Outcome

    class StageCompleted(Event):
        stage: Stage
        completed_on: date

    class CostRecorded(Event):
        cost: CostLine

    class CostReversed(Event):
        number: int

    @staticmethod
    def create_id(programme_id: UUID, **_: object) -> UUID:
        return continuation_id_for(programme_id)

    @event(Opened)
    def __init__(
        self,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.programme_id = programme_id
        self.tenant_id = tenant_id
        self.stages: tuple[StageRecord, ...] = ()
        self.costs: tuple[CostLine, ...] = ()
        self.reversed: tuple[int, ...] = ()

    @classmethod
    def open(cls, *, programme_id: UUID, tenant_id: UUID, actor: Actor) -> Continuation:
        """Opened with the programme's first stage."""
        return cls(
            programme_id=programme_id, tenant_id=tenant_id, actor=actor, reason=None, decision=None
        )

    # Reading

    def stage(self, stage: Stage | str) -> StageRecord | None:
        wanted = Stage(stage)
        return next((s for s in self.stages if s.stage is wanted), None)

    @property
    def counted_costs(self) -> tuple[CostLine, ...]:
        """Costs as they stand: reversed lines no longer count."""
        return tuple(c for c in self.costs if c.number not in self.reversed)

    def costs_of(self, stage: Stage) -> tuple[CostLine, ...]:
        return tuple(c for c in self.counted_costs if c.stage is stage)

    def _running(self, stage: Stage, attempted: str) -> StageRecord:
        record = self.stage(stage)
        if record is None:
            raise InvalidTransition("not started", attempted, f"the {stage.value} has not started")
        if record.completed_on is not None:
            raise InvalidTransition(
                "completed", attempted, f"the {stage.value} was completed {record.completed_on}"
            )
        return record

    def _put(self, record: StageRecord) -> None:
        self.stages = tuple(record if s.stage is record.stage else s for s in self.stages) + (
            () if self.stage(record.stage) else (record,)
        )

    # Start

    def start_stage(
        self,
        stage: Stage | str,
        started_on: date,
        planned_end: date,
        owners: tuple[Owner, ...],
        period: Period,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> None:
        """Start a stage: after the one before it is completed, with its owners and a planned
        end within its time frame."""
        stage = _stage(stage)
        if self.stage(stage) is not None:
            raise InvalidTransition("started", f"start the {stage.value}", "it started already")
        before = stage.previous
        if before is not None:
            previous = self.stage(before)
            if previous is None or previous.completed_on is None:
                raise InvalidTransition(
                    "not ready",
                    f"start the {stage.value}",
                    f"the {before.value} must be completed first",
                )
        started_on = _not_future("startedOn", _date("startedOn", started_on, period))
        if before is not None:
            done = self.stage(before)
            assert done is not None and done.completed_on is not None
            if started_on < done.completed_on:
                raise ValidationFailed(
                    "startedOn",
                    f"must not be before the {before.value} was completed ({done.completed_on})",
                )
        planned_end = _date("plannedEnd", planned_end, period)
        frame = TIME_FRAMES[stage]
        earliest, latest = frame.earliest_end(started_on), frame.latest_end(started_on)
        if not earliest <= planned_end <= latest:
            raise ValidationFailed(
                "plannedEnd",
                f"must be within the {stage.value}'s time frame of {frame.label_nb} "
                f"({earliest}–{latest})",
            )
        self._start_stage(
            programme_id=self.programme_id,
            stage=stage,
            started_on=started_on,
            planned_end=planned_end,
            owners=_owners(stage, owners),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(StageStarted)
    def _start_stage(
        self,
        programme_id: UUID,
        stage: Stage,
        started_on: date,
        planned_end: date,
        owners: tuple[Owner, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self._put(StageRecord(stage, started_on, planned_end, owners))

    # Deliverables and outcomes

    def record_deliverable(
        self,
        deliverable: Deliverable,
        period: Period,
        *,
        actor: Actor,
        reason: str | None = None,
    ) -> None:
        """The forstudie's or the forprosjekt's report; a later one replaces it, the events
        keep both."""
        checked: ForstudieReport | ForprosjektReport
        if isinstance(deliverable, ForstudieReport):
            record = self._running(Stage.FORSTUDIE, "record the forstudie's report")
            checked = self._forstudie_report(deliverable, period)
        elif isinstance(deliverable, ForprosjektReport):
            record = self._running(Stage.FORPROSJEKT, "record the forprosjekt's report")
            checked = self._forprosjekt_report(deliverable, period)
        else:
            raise ValidationFailed(
                "deliverable", "must be the forstudie's or the forprosjekt's report"
            )
        stage = record.stage
        if checked.delivered_on < record.started_on:
            raise ValidationFailed(
                "deliveredOn", f"must not be before the {stage.value} started ({record.started_on})"
            )
        self._record_deliverable(
            stage=stage,
            deliverable=checked,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @staticmethod
    def _forstudie_report(report: ForstudieReport, period: Period) -> ForstudieReport:
        delivered_on = _not_future("deliveredOn", _date("deliveredOn", report.delivered_on, period))
        alternatives = tuple(report.alternatives)
        if len(alternatives) < 2:
            raise ValidationFailed(
                "alternatives",
                "the forstudie's report sketches at least two alternatives (financing, "
                "organisation and geographic scope)",
            )
        checked = []
        for i, a in enumerate(alternatives):
            if not isinstance(a, Alternative):
                raise ValidationFailed(f"alternatives[{i}]", "must be an alternative")
            at = f"alternatives[{i}]"
            checked.append(
                Alternative(
                    name=required_text(f"{at}.name", a.name, 200, kind=LINE),
                    financing=_long(f"{at}.financing", a.financing),
                    organisation=_long(f"{at}.organisation", a.organisation),
                    geographic_scope=_long(f"{at}.geographicScope", a.geographic_scope),
                )
            )
        if len({a.name for a in checked}) != len(checked):
            raise ValidationFailed("alternatives", "must not name the same alternative twice")
        return ForstudieReport(
            title=required_text("title", report.title, 300, kind=LINE),
            delivered_on=delivered_on,
            alternatives=tuple(checked),
        )

    @staticmethod
    def _forprosjekt_report(report: ForprosjektReport, period: Period) -> ForprosjektReport:
        delivered_on = _not_future("deliveredOn", _date("deliveredOn", report.delivered_on, period))
        return ForprosjektReport(
            title=required_text("title", report.title, 300, kind=LINE),
            delivered_on=delivered_on,
            organisation=_long("organisation", report.organisation),
            ownership=_long("ownership", report.ownership),
            staffing=_long("staffing", report.staffing),
            financing=_long("financing", report.financing),
            realisation=_long("realisation", report.realisation),
        )

    @event(DeliverableRecorded)
    def _record_deliverable(
        self,
        stage: Stage,
        deliverable: ForstudieReport | ForprosjektReport,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        record = self.stage(stage)
        assert record is not None
        self._put(replace(record, deliverable=deliverable))

    def record_outcome(
        self,
        outcome: Outcome,
        period: Period,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> None:
        """An outcome of the hovedprosjekt: company founded, board elected, hiring started."""
        record = self._running(Stage.HOVEDPROSJEKT, "record an outcome")
        if not isinstance(outcome, Outcome):
            raise ValidationFailed("outcome", "must be an outcome of the hovedprosjekt")
        try:
            kind = OutcomeKind(outcome.kind)
        except ValueError:
            allowed = ", ".join(k.value for k in OutcomeKind)
            raise ValidationFailed("kind", f"must be one of {allowed}") from None
        if record.outcome(kind) is not None:
            raise InvalidTransition("recorded", f"record {kind.value}", "it is recorded already")
        occurred_on = _not_future("occurredOn", _date("occurredOn", outcome.occurred_on, period))
        if occurred_on < record.started_on:
            raise ValidationFailed(
                "occurredOn",
                f"must not be before the hovedprosjekt started ({record.started_on})",
            )
        name = number = None
        if kind is OutcomeKind.COMPANY_FOUNDED:
            name = required_text("companyName", outcome.company_name or "", 200, kind=LINE)
            number = require_organisation_number("organisationNumber", outcome.organisation_number)
        elif outcome.company_name is not None or outcome.organisation_number is not None:
            raise ValidationFailed(
                "organisationNumber", "only a founded company has a name and organisation number"
            )
        self._record_outcome(
            outcome=Outcome(kind, occurred_on, name, number),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(OutcomeRecorded)
    def _record_outcome(
        self,
        outcome: Outcome,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        record = self.stage(Stage.HOVEDPROSJEKT)
        assert record is not None
        self._put(replace(record, outcomes=(*record.outcomes, outcome)))

    # Completion

    def complete_stage(
        self,
        stage: Stage | str,
        completed_on: date,
        period: Period,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> None:
        """Complete a stage that has its deliverable (or, the hovedprosjekt, its outcomes)."""
        stage = _stage(stage)
        record = self._running(stage, f"complete the {stage.value}")
        if stage is Stage.HOVEDPROSJEKT:
            missing = [k.value for k in OutcomeKind if record.outcome(k) is None]
            if missing:
                raise ValidationFailed(
                    "outcomes",
                    f"the hovedprosjekt completes when its outcomes are recorded; missing: "
                    f"{', '.join(missing)}",
                )
        elif record.deliverable is None:
            raise ValidationFailed(
                "deliverable", f"the {stage.value} completes with its report; record it first"
            )
        completed_on = _not_future("completedOn", _date("completedOn", completed_on, period))
        if completed_on < record.started_on:
            raise ValidationFailed(
                "completedOn", f"must not be before the {stage.value} started ({record.started_on})"
            )
        self._complete_stage(
            stage=stage,
            completed_on=completed_on,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(StageCompleted)
    def _complete_stage(
        self,
        stage: Stage,
        completed_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        record = self.stage(stage)
        assert record is not None
        self._put(replace(record, completed_on=completed_on))

    # Costs

    def record_cost(
        self, entry: CostEntry, period: Period, *, actor: Actor, reason: str | None = None
    ) -> None:
        """A cost of a started stage, financed by shares that add up to its amount."""
        stage = _stage(entry.stage)
        record = self.stage(stage)
        if record is None:
            raise InvalidTransition(
                "not started", "record a cost", f"the {stage.value} has not started"
            )
        try:
            category = CostCategory(entry.category)
        except ValueError:
            allowed = ", ".join(c.value for c in CostCategory)
            raise ValidationFailed("category", f"must be one of {allowed}") from None
        amount = require_amount("amount", entry.amount)
        if amount.is_zero:
            raise ValidationFailed("amount", "must be more than kr 0,00")
        incurred_on = _date("incurredOn", entry.incurred_on, period)
        if incurred_on < record.started_on:
            raise ValidationFailed(
                "incurredOn", f"must not be before the {stage.value} started ({record.started_on})"
            )
        line = CostLine(
            number=len(self.costs) + 1,
            stage=stage,
            category=category,
            amount=amount,
            incurred_on=incurred_on,
            financing=_financing(entry.financing, amount),
            description=required_text("description", entry.description, 500, kind=MULTILINE),
            person_days=_person_days(entry.person_days),
        )
        self._require_cost_rules((*self.costs_of(stage), line), stage)
        self._record_cost(
            cost=line,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @staticmethod
    def _require_cost_rules(lines: tuple[CostLine, ...], stage: Stage) -> None:
        """Seed 001's cost rules on what a stage's costs would be."""
        by_in = Money.total(c.from_source(CostSource.INNOVASJON_NORGE) for c in lines)
        if not by_in.is_zero:
            if stage not in IN_STAGES:
                raise ValidationFailed(
                    "financing",
                    "Innovasjon Norge covers consultant fees in the forstudie and forprosjekt "
                    "only, not in the hovedprosjekt",
                )
            if any(
                c.category is not CostCategory.EXTERNAL_CONSULTANT
                and not c.from_source(CostSource.INNOVASJON_NORGE).is_zero
                for c in lines
            ):
                raise ValidationFailed(
                    "financing",
                    "in continuation work Innovasjon Norge covers external consultants' fees only",
                )
            fees = Money.total(
                c.amount for c in lines if c.category is CostCategory.EXTERNAL_CONSULTANT
            )
            require_consultant_share("financing", by_in, fees, f"the {stage.value}")
        if stage is Stage.FORSTUDIE:
            require_cost_frame("amount", (c.amount for c in lines))

    @event(CostRecorded)
    def _record_cost(
        self,
        cost: CostLine,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.costs = (*self.costs, cost)

    def reverse_cost(self, number: int, *, actor: Actor, reason: str | None) -> None:
        """A line recorded in error is reversed by a new event, never changed; what is left of
        the stage's costs must still keep Innovasjon Norge's share within its limit."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValidationFailed("number", "must be a cost line number")
        if not 1 <= number <= len(self.costs):
            raise ValidationFailed("number", f"there is no cost line {number}")
        if number in self.reversed:
            raise InvalidTransition("reversed", "reverse the line", "it is already reversed")
        reason = required_reason(reason)
        line = self.costs[number - 1]
        remaining = tuple(c for c in self.costs_of(line.stage) if c.number != number)
        try:
            self._require_cost_rules(remaining, line.stage)
        except ValidationFailed as refused:
            raise ValidationFailed(
                "number",
                f"reversing line {number} would break a rule: {refused.rule}; reverse the "
                "Innovasjon Norge line first",
            ) from None
        self._reverse_cost(
            number=number, tenant_id=self.tenant_id, actor=actor, reason=reason, decision=None
        )

    @event(CostReversed)
    def _reverse_cost(
        self,
        number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.reversed = (*self.reversed, number)


def _long(field: str, value: object) -> str:
    """A report's required multi-line text."""
    return required_text(field, value, LONG_TEXT, kind=MULTILINE)


def _financing(values: tuple[CostShare, ...], amount: Money) -> tuple[CostShare, ...]:
    shares = tuple(values)
    if not shares:
        raise ValidationFailed("financing", "must say who pays the cost (financing split)")
    checked = []
    for i, share in enumerate(shares):
        if not isinstance(share, CostShare):
            raise ValidationFailed(f"financing[{i}]", "must be an amount from a source")
        try:
            source = CostSource(share.source)
        except ValueError:
            allowed = ", ".join(s.value for s in CostSource)
            raise ValidationFailed(f"financing[{i}].source", f"must be one of {allowed}") from None
        checked.append(CostShare(source, require_amount(f"financing[{i}].amount", share.amount)))
    if len({s.source for s in checked}) != len(checked):
        raise ValidationFailed("financing", "each source appears once per line")
    total = Money.total(s.amount for s in checked)
    if total != amount:
        raise ValidationFailed(
            "financing", f"the shares add up to {total}, not to the line's amount {amount}"
        )
    return tuple(s for s in checked if not s.amount.is_zero)


def _person_days(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise ValidationFailed("personDays", "must be an exact number of days, not a float")
    try:
        days = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationFailed("personDays", "must be a number of person-days") from None
    if not days.is_finite() or days < 0 or days > 10_000:
        raise ValidationFailed("personDays", "must be between 0 and 10 000 person-days")
    return days


__all__ = [
    "STAGE_NB",
    "Continuation",
    "Period",
    "StageRecord",
    "continuation_id_for",
]
