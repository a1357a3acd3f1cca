"""The restructuring programme (omstillingsprogram): status granted by a county for a period."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.shared.actor import Actor
from domain.shared.dates import (
    EARLIEST_DATE,
    MAX_PERIOD_YEARS,
    YEARS_AHEAD,
    add_years,
    horizon,
    plausible_date,
    require_date,
)
from domain.shared.decisions import COUNTY_BODIES, DecisionRef, require_decision
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import TextKind, code, optional_reason, required_text

NORMAL_MAX_YEARS = 6
PROGRAMME_NAMESPACE = UUID("7b0c5a52-2a47-4d3f-9a52-6f1d0f3c9e11")
COUNTY_NUMBER = re.compile(r"^\d{2}$")


class StatusKind(StrEnum):
    """Why the status was granted (seed 003's kinds of support)."""

    SUDDEN_EMPLOYMENT_LOSS = "sudden_employment_loss"
    LONG_TERM_DECLINE = "long_term_decline"


STATUS_KIND_NB = {
    StatusKind.SUDDEN_EMPLOYMENT_LOSS: "Omstilling etter brå nedgang i sysselsettingen",
    StatusKind.LONG_TERM_DECLINE: "Langvarig nedgang i befolkning og sysselsetting",
}


class Phase(StrEnum):
    DEVELOPMENT_ANALYSIS = "development_analysis"
    STRATEGY_AND_ANCHORING = "strategy_and_anchoring"
    IMPLEMENTATION = "implementation"
    CONTINUATION = "continuation"
    ENDED = "ended"


PHASE_NB = {
    Phase.DEVELOPMENT_ANALYSIS: "Utviklingsanalyse",
    Phase.STRATEGY_AND_ANCHORING: "Strategi- og forankringsfasen",
    Phase.IMPLEMENTATION: "Gjennomføringsfasen",
    Phase.CONTINUATION: "Videreføring",
    Phase.ENDED: "Avsluttet",
}
PHASE_ORDER = list(Phase)


def latest_period_end(period_start: date) -> date:
    """Restructuring status runs 3–6 years as a rule and, extended, about 10 at the most."""
    return add_years(period_start, MAX_PERIOD_YEARS)


def _period_end(period_start: date, period_end: object) -> date:
    """An end no later than the longest period: 9999-12-31 could never be corrected."""
    return plausible_date(
        "periodEnd",
        period_end,
        period_start,
        latest_period_end(period_start),
        f"at most {MAX_PERIOD_YEARS} years after periodStart, extensions included",
    )


def programme_id_for(
    id_key: bytes, granting_county_number: str, lead_municipality_id: UUID, period_start: date
) -> UUID:
    """One programme per municipality, county and start date, so a repeated registration
    conflicts; keyed with the deployment's key, so that no one can compute another
    municipality's programme id from those public facts."""
    key = f"{granting_county_number}:{lead_municipality_id}:{period_start.isoformat()}"
    return uuid5(PROGRAMME_NAMESPACE, hmac.new(id_key, key.encode(), hashlib.sha256).hexdigest())


class Programme(Aggregate):
    """Invariants: a period that ends after it starts and lasts at most MAX_PERIOD_YEARS with
    its extensions; phases that only move forward."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {
        "kind": StatusKind,
        "phase": Phase,
        "municipality_ids": tuple,
    }

    class Registered(Event, Aggregate.Created):
        name: str
        kind: StatusKind
        lead_municipality_id: UUID
        municipality_ids: tuple[UUID, ...]
        granting_county_number: str
        period_start: date
        period_end: date

    class PhaseAdvanced(Event):
        phase: Phase

    class PeriodExtended(Event):
        period_end: date

    class MunicipalityAdded(Event):
        municipality_id: UUID

    @event(Registered)
    def __init__(
        self,
        *,
        name: str,
        kind: StatusKind,
        lead_municipality_id: UUID,
        municipality_ids: tuple[UUID, ...],
        granting_county_number: str,
        period_start: date,
        period_end: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.tenant_id = tenant_id
        self.name = name
        self.kind = StatusKind(kind)
        self.lead_municipality_id = lead_municipality_id
        self.municipality_ids = tuple(municipality_ids)  # JSON gives a list back
        self.granting_county_number = granting_county_number
        self.period_start = period_start
        self.period_end = period_end
        self.phase = Phase.DEVELOPMENT_ANALYSIS
        self.status_decision = decision

    @classmethod
    def register(
        cls,
        *,
        name: str,
        kind: StatusKind | str,
        lead_municipality_id: UUID,
        other_municipality_ids: tuple[UUID, ...] = (),
        granting_county_number: str,
        period_start: date,
        period_end: date,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None = None,
        id_key: bytes,
    ) -> Programme:
        """Registered by the county on the decision that grants restructuring status."""
        name = required_text("name", name, 200, kind=TextKind.LINE)
        try:
            kind = StatusKind(kind)
        except ValueError:
            allowed = ", ".join(k.value for k in StatusKind)
            raise ValidationFailed("kind", f"must be one of {allowed}") from None
        county = code(
            "grantingCountyNumber",
            granting_county_number,
            2,
            COUNTY_NUMBER,
            "must be a two-digit county number",
        )
        reason = optional_reason(reason)
        decision = require_decision("decision", decision, COUNTY_BODIES)
        period_start = plausible_date(
            "periodStart",
            period_start,
            EARLIEST_DATE,
            horizon(),
            f"status is granted at most {YEARS_AHEAD} years ahead",
        )
        if require_date("periodEnd", period_end) <= period_start:
            raise ValidationFailed("periodEnd", "must be after periodStart")
        period_end = _period_end(period_start, period_end)
        if decision.meeting_date > period_start:
            # Status cannot start before it was granted.
            raise ValidationFailed("periodStart", "cannot be before the granting decision's date")
        members = (
            lead_municipality_id,
            *(m for m in other_municipality_ids if m != lead_municipality_id),
        )
        if len(set(members)) != len(members):
            raise ValidationFailed("otherMunicipalities", "must not list a municipality twice")
        return cls._create(
            cls.Registered,
            id=programme_id_for(id_key, county, lead_municipality_id, period_start),
            name=name,
            kind=kind,
            lead_municipality_id=lead_municipality_id,
            municipality_ids=members,
            granting_county_number=county,
            period_start=period_start,
            period_end=period_end,
            tenant_id=lead_municipality_id,
            actor=actor,
            reason=reason,
            decision=decision,
        )

    @property
    def warnings(self) -> list[str]:
        """Accepted but unusual: said to the user, never refused."""
        if self.period_end > add_years(self.period_start, NORMAL_MAX_YEARS):
            return [f"the period is longer than the normal {NORMAL_MAX_YEARS} years"]
        return []

    def advance_phase(
        self, phase: Phase | str, *, actor: Actor, decision: DecisionRef | None, reason: str | None
    ) -> None:
        try:
            target = Phase(phase)
        except ValueError:
            allowed = ", ".join(p.value for p in Phase)
            raise ValidationFailed("phase", f"must be one of {allowed}") from None
        if self.phase is Phase.ENDED:
            raise InvalidTransition(self.phase, f"move to {target}", "an ended programme is closed")
        next_phase = PHASE_ORDER[PHASE_ORDER.index(self.phase) + 1]
        if target is not next_phase and target is not Phase.ENDED:
            raise InvalidTransition(
                self.phase,
                f"move to {target}",
                f"phases move forward one step, next is {next_phase}",
            )
        why = optional_reason(reason)
        if decision is None and why is None:
            raise ValidationFailed("reason", "a phase change needs a decision or a reason")
        self._advance_phase(
            phase=target,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=why,
            decision=decision,
        )

    @event(PhaseAdvanced)
    def _advance_phase(
        self,
        phase: Phase,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.phase = Phase(phase)

    def extend_period(
        self, period_end: date, *, actor: Actor, decision: DecisionRef | None, reason: str | None
    ) -> None:
        decision = require_decision("decision", decision, COUNTY_BODIES)
        if self.phase is Phase.ENDED:
            raise InvalidTransition(self.phase, "extend the period", "an ended programme is closed")
        if require_date("periodEnd", period_end) <= self.period_end:
            raise ValidationFailed("periodEnd", f"must be after the current end {self.period_end}")
        why = optional_reason(reason)
        self._extend_period(
            period_end=_period_end(self.period_start, period_end),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=why,
            decision=decision,
        )

    @event(PeriodExtended)
    def _extend_period(
        self,
        period_end: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.period_end = period_end

    def add_municipality(
        self,
        municipality_id: UUID,
        *,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None,
    ) -> None:
        decision = require_decision("decision", decision)
        if municipality_id in self.municipality_ids:
            raise ValidationFailed("municipality", "is already part of the programme")
        self._add_municipality(
            municipality_id=municipality_id,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(MunicipalityAdded)
    def _add_municipality(
        self,
        municipality_id: UUID,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.municipality_ids = (*self.municipality_ids, municipality_id)
