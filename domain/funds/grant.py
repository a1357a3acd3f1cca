"""The county's grant of restructuring funds (tilsagn om omstillingsmidler) and what the county
does with it afterwards: amend, disburse (utbetaling), withdraw or claw back. The grant is the
county's own stream: only the supervising county's officer writes it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.money import Money, require_amount
from domain.shared.actor import Actor
from domain.shared.dates import (
    YEARS_AFTER,
    end_of_year,
    plausible_date,
    require_date,
    require_year,
)
from domain.shared.decisions import COUNTY_BODIES, DecisionRef, require_decision
from domain.shared.errors import ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import TextKind, code, optional_reason, required_reason, text_list

GRANT_NAMESPACE = UUID("0b7f3c52-91e4-4a6d-8f2b-6c1e5d9a7f40")
MAX_CONDITIONS = 30
COUNTY_NUMBER = re.compile(r"^\d{2}$")


def grant_id_for(programme_id: UUID, year: int, number: int) -> UUID:
    """Grants are numbered per programme and year: a repeated grant conflicts."""
    return uuid5(GRANT_NAMESPACE, f"{programme_id}:{year}:{number}")


class ReclaimGround(StrEnum):
    """Why the county takes funds back."""

    UNUSED = "unused"
    MISUSED = "misused"


RECLAIM_GROUND_NB = {
    ReclaimGround.UNUSED: "Ubrukte midler",
    ReclaimGround.MISUSED: "Midler brukt i strid med vilkårene",
}


@dataclass(frozen=True)
class ApplicationRef:
    """The municipality's application the grant answers: the Handlingsplan and its number."""

    action_plan_id: UUID
    application_number: int
    applied_for: Money


@dataclass(frozen=True)
class Disbursement:
    """One payment (utbetaling) of granted funds to the municipality."""

    number: int
    amount: Money
    paid_on: date


@dataclass(frozen=True)
class GrantPosition:
    """The county's figures of one grant, as the municipality's use of it is checked against."""

    granted: Money  # the amount after amendments
    withdrawn: Money  # undisbursed funds the county cancelled
    clawed_back: Money  # disbursed funds the county demanded back
    disbursed: Money

    @property
    def available(self) -> Money:
        """What the municipality may put to use (netto tilsagn)."""
        return self.granted - self.withdrawn - self.clawed_back

    @property
    def undisbursed(self) -> Money:
        return self.granted - self.withdrawn - self.disbursed


def _conditions(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValidationFailed("conditions", "must list conditions")
    items = tuple(values)
    if len(items) > MAX_CONDITIONS:
        raise ValidationFailed("conditions", f"at most {MAX_CONDITIONS} conditions")
    return text_list("conditions", items, 2000, TextKind.MULTILINE, "condition")


def _latest_day(year: int) -> date:
    """The last plausible day of anything done on a grant for `year`."""
    return end_of_year(year + YEARS_AFTER)


def _positive(field: str, value: object) -> Money:
    amount = require_amount(field, value)
    if amount.is_zero:
        raise ValidationFailed(field, "must be more than kr 0,00")
    return amount


class Grant(Aggregate):
    """Invariants: granted on a county decision for a year of the programme; disbursed never
    more than granted net of withdrawals; withdrawn only what is not disbursed; clawed back
    only what was disbursed; an amendment never below what is already paid out or cancelled."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"conditions": tuple, "disbursements": tuple}

    class Granted(Event, Aggregate.Created):
        programme_id: UUID
        county_number: str
        year: int
        number: int
        amount: Money
        conditions: tuple[str, ...]
        use_by: date | None
        application: ApplicationRef

    class Amended(Event):
        amount: Money
        conditions: tuple[str, ...]
        use_by: date | None

    class Disbursed(Event):
        disbursement: Disbursement

    class Withdrawn(Event):
        amount: Money
        ground: ReclaimGround
        withdrawn_on: date

    class ClawedBack(Event):
        amount: Money
        ground: ReclaimGround
        demanded_on: date

    @staticmethod
    def create_id(programme_id: UUID, year: int, number: int, **_: object) -> UUID:
        return grant_id_for(programme_id, year, number)

    @event(Granted)
    def __init__(
        self,
        *,
        programme_id: UUID,
        county_number: str,
        year: int,
        number: int,
        amount: Money,
        conditions: tuple[str, ...],
        use_by: date | None,
        application: ApplicationRef,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.programme_id = programme_id
        self.county_number = county_number
        self.year = year
        self.number = number
        self.amount = amount
        self.conditions = tuple(conditions)
        self.use_by = use_by
        self.application = application
        self.tenant_id = tenant_id
        self.granted_on = decision.meeting_date if decision is not None else None
        self.decision = decision
        self.disbursements: tuple[Disbursement, ...] = ()
        self.withdrawn = Money.ZERO
        self.clawed_back = Money.ZERO

    @classmethod
    def grant(
        cls,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        county_number: str,
        year: int,
        number: int,
        amount: Money,
        application: ApplicationRef,
        already_granted: Money = Money.ZERO,
        conditions: Iterable[str] = (),
        use_by: date | None = None,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None = None,
    ) -> Grant:
        """On the county's decision, answering the municipality's application for the year;
        `already_granted` is what earlier grants on the same application came to."""
        decision = require_decision("decision", decision, COUNTY_BODIES)
        county = code(
            "countyNumber", county_number, 2, COUNTY_NUMBER, "must be a two-digit county number"
        )
        year = require_year("year", year)
        amount = _positive("amount", amount)
        room = application.applied_for - already_granted
        if amount > room:
            raise ValidationFailed(
                "amount",
                f"cannot exceed what the application asks for and is not yet granted ({room}); "
                "a larger grant needs a new application",
            )
        if use_by is not None:
            if require_date("useBy", use_by) < decision.meeting_date:
                raise ValidationFailed("useBy", "cannot be before the grant decision")
            plausible_date(
                "useBy",
                use_by,
                decision.meeting_date,
                _latest_day(year),
                f"from the grant decision to {YEARS_AFTER} years after the grant's year",
            )
        return cls(
            programme_id=programme_id,
            county_number=county,
            year=year,
            number=number,
            amount=amount,
            conditions=_conditions(conditions),
            use_by=use_by,
            application=application,
            tenant_id=tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @property
    def disbursed(self) -> Money:
        return Money.total(d.amount for d in self.disbursements)

    @property
    def position(self) -> GrantPosition:
        return GrantPosition(self.amount, self.withdrawn, self.clawed_back, self.disbursed)

    def _require_not_before_grant(self, field: str, day: date) -> date:
        """From the grant decision to YEARS_AFTER years after the grant's year."""
        plausible_date(field, day)
        if self.granted_on is not None and day < self.granted_on:
            raise ValidationFailed(
                field, f"cannot be before the grant decision ({self.granted_on})"
            )
        return plausible_date(
            field,
            day,
            latest=_latest_day(self.year),
            why=f"at most {YEARS_AFTER} years after the grant's year {self.year}",
        )

    def _county_decision(self, decision: DecisionRef | None) -> DecisionRef:
        """A later county decision on this grant: by a county body, not before the grant."""
        decision = require_decision("decision", decision, COUNTY_BODIES)
        self._require_not_before_grant("decision.meetingDate", decision.meeting_date)
        return decision

    def amend(
        self,
        *,
        amount: Money | None = None,
        conditions: Iterable[str] | None = None,
        use_by: date | None = None,
        granted_elsewhere: Money = Money.ZERO,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None,
    ) -> None:
        """A new county decision changes the amount, the conditions or the deadline for use;
        `granted_elsewhere` is what the other grants on the same application came to."""
        decision = self._county_decision(decision)
        new_amount = self.amount if amount is None else _positive("amount", amount)
        committed = self.disbursed + self.withdrawn
        if new_amount < committed:
            raise ValidationFailed(
                "amount",
                f"cannot be less than what is already disbursed or withdrawn ({committed})",
            )
        room = self.application.applied_for - granted_elsewhere
        if new_amount > room:
            raise ValidationFailed(
                "amount",
                f"cannot exceed what the application asks for and other grants leave ({room}); "
                "a larger grant needs a new application",
            )
        new_conditions = self.conditions if conditions is None else _conditions(conditions)
        new_use_by = (
            self.use_by if use_by is None else self._require_not_before_grant("useBy", use_by)
        )
        if (new_amount, new_conditions, new_use_by) == (self.amount, self.conditions, self.use_by):
            raise ValidationFailed("amount", "the amendment changes nothing")
        self._amend(
            amount=new_amount,
            conditions=new_conditions,
            use_by=new_use_by,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=decision,
        )

    @event(Amended)
    def _amend(
        self,
        amount: Money,
        conditions: tuple[str, ...],
        use_by: date | None,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.amount = amount
        self.conditions = tuple(conditions)
        self.use_by = use_by

    def disburse(
        self,
        amount: Money,
        paid_on: date,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> None:
        """Pay out part of the grant: never more than is granted and not withdrawn."""
        amount = _positive("amount", amount)
        self._require_not_before_grant("paidOn", paid_on)
        room = self.position.undisbursed
        if amount > room:
            raise ValidationFailed(
                "amount", f"cannot exceed what is granted and not yet disbursed ({room})"
            )
        self._disburse(
            disbursement=Disbursement(len(self.disbursements) + 1, amount, paid_on),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Disbursed)
    def _disburse(
        self,
        disbursement: Disbursement,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.disbursements = (*self.disbursements, disbursement)

    def withdraw(
        self,
        amount: Money,
        ground: ReclaimGround | str,
        withdrawn_on: date,
        *,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None,
    ) -> None:
        """Cancel part of the grant that is not yet paid out (trekke tilbake tilsagn)."""
        decision = self._county_decision(decision)
        amount = _positive("amount", amount)
        self._require_not_before_grant("withdrawnOn", withdrawn_on)
        room = self.position.undisbursed
        if amount > room:
            raise ValidationFailed(
                "amount",
                f"only funds not yet disbursed can be withdrawn ({room}); claw back the rest",
            )
        self._withdraw(
            amount=amount,
            ground=_ground(ground),
            withdrawn_on=withdrawn_on,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=decision,
        )

    @event(Withdrawn)
    def _withdraw(
        self,
        amount: Money,
        ground: ReclaimGround,
        withdrawn_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.withdrawn = self.withdrawn + amount

    def claw_back(
        self,
        amount: Money,
        ground: ReclaimGround | str,
        demanded_on: date,
        *,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None,
    ) -> None:
        """Demand repayment of disbursed funds, unused or misused (tilbakekreving)."""
        decision = self._county_decision(decision)
        amount = _positive("amount", amount)
        self._require_not_before_grant("demandedOn", demanded_on)
        room = self.disbursed - self.clawed_back
        if amount > room:
            raise ValidationFailed(
                "amount", f"cannot exceed what was disbursed and not yet clawed back ({room})"
            )
        self._claw_back(
            amount=amount,
            ground=_ground(ground),
            demanded_on=demanded_on,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=decision,
        )

    @event(ClawedBack)
    def _claw_back(
        self,
        amount: Money,
        ground: ReclaimGround,
        demanded_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.clawed_back = self.clawed_back + amount


def _ground(value: ReclaimGround | str) -> ReclaimGround:
    try:
        return ReclaimGround(value)
    except ValueError:
        allowed = ", ".join(g.value for g in ReclaimGround)
        raise ValidationFailed("ground", f"must be one of {allowed}") from None
