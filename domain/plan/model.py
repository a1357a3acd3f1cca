"""The Omstillingsplan: drafted, approved, adopted, in force, and revised as versions 2, 3, ..."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.plan.content import TEXT_SECTIONS, FocusArea, Goal, PlanContent, Section, short_code
from domain.shared.actor import Actor
from domain.shared.dates import IN_FORCE_WITHIN_YEARS, add_years, plausible_date
from domain.shared.decisions import DecidingBody, DecisionRef, require_decision
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import (
    LONG_TEXT,
    TextKind,
    optional_reason,
    optional_text,
    required_reason,
)

PLAN_NAMESPACE = UUID("0d8f1f8e-5a0c-4d52-8a77-3c1d2b9e4f60")
APPROVING_BODIES = frozenset({DecidingBody.PROSJEKTSTYRINGSGRUPPEN, DecidingBody.OMSTILLINGSSTYRET})
ADOPTING_BODIES = frozenset({DecidingBody.KOMMUNESTYRET})


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ADOPTED = "adopted"
    IN_FORCE = "in_force"


PLAN_STATUS_NB = {
    PlanStatus.DRAFT: "Utkast",
    PlanStatus.SUBMITTED: "Lagt fram",
    PlanStatus.APPROVED: "Godkjent i prosjektstyringsgruppen",
    PlanStatus.ADOPTED: "Vedtatt i kommunestyret",
    PlanStatus.IN_FORCE: "Gjeldende",
}


@dataclass(frozen=True)
class InForceVersion:
    number: int
    content: PlanContent
    adopted_by: DecisionRef
    effective_from: date


def plan_id_for(programme_id: UUID) -> UUID:
    """One Omstillingsplan per programme: its id follows from the programme's."""
    return uuid5(PLAN_NAMESPACE, str(programme_id))


class Omstillingsplan(Aggregate):
    """Invariants: edits only in draft; each step of the lifecycle in order; goals measurable."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"status": PlanStatus}

    class Drafted(Event, Aggregate.Created):
        programme_id: UUID
        content: PlanContent

    class SectionRevised(Event):
        section: Section
        text: str

    class MainGoalSet(Event):
        goal: Goal

    class FocusAreaPut(Event):
        focus_area: FocusArea

    class FocusAreaRemoved(Event):
        code: str

    class Submitted(Event):
        version_number: int

    class ReturnedToDraft(Event):
        version_number: int

    class Approved(Event):
        version_number: int

    class Adopted(Event):
        version_number: int

    class PutIntoForce(Event):
        version_number: int
        effective_from: date

    class RevisionStarted(Event):
        version_number: int
        assessment_id: UUID | None  # the programme status assessment the revision cites

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            """Revisions recorded before citations existed cite no assessment."""
            state["assessment_id"] = None

    @staticmethod
    def create_id(programme_id: UUID, **_: object) -> UUID:
        return plan_id_for(programme_id)

    @event(Drafted)
    def __init__(
        self,
        *,
        programme_id: UUID,
        content: PlanContent,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.tenant_id = tenant_id
        self.programme_id = programme_id
        self.content = content
        self.version_number = 1
        self.status = PlanStatus.DRAFT
        self.in_force: InForceVersion | None = None
        self.pending_decision: DecisionRef | None = None

    @classmethod
    def draft(
        cls,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        content: PlanContent,
        actor: Actor,
        reason: str | None = None,
    ) -> Omstillingsplan:
        return cls(
            programme_id=programme_id,
            content=content,
            tenant_id=tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    # Editing: only a draft changes, and every change says why.

    def _require_draft(self, attempted: str) -> None:
        if self.status is not PlanStatus.DRAFT:
            raise InvalidTransition(
                self.status,
                attempted,
                "the plan can only be edited as a draft; start a revision first",
            )

    def _reason(self, reason: str | None) -> str:
        return required_reason(reason)

    def revise_section(
        self, section: Section | str, text: str, *, actor: Actor, reason: str | None
    ) -> None:
        try:
            section = Section(section)
        except ValueError:
            allowed = ", ".join(TEXT_SECTIONS)
            raise ValidationFailed("section", f"must be one of {allowed}") from None
        if section not in TEXT_SECTIONS:
            raise ValidationFailed("section", "focus areas are revised one by one, not as text")
        self._require_draft("revise a section")
        text = optional_text("text", text, LONG_TEXT, kind=TextKind.MULTILINE) or ""
        new = self.content.with_text(section, text)
        self._revise_section(
            section=section,
            text=getattr(new, TEXT_SECTIONS[section]),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(SectionRevised)
    def _revise_section(
        self,
        section: Section,
        text: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.with_text(section, text)

    def set_main_goal(self, goal: Goal, *, actor: Actor, reason: str | None) -> None:
        self._require_draft("set the main goal")
        self._set_main_goal(
            goal=goal,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(MainGoalSet)
    def _set_main_goal(
        self,
        goal: Goal,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = replace(self.content, main_goal=goal)

    def put_focus_area(self, focus_area: FocusArea, *, actor: Actor, reason: str | None) -> None:
        self._require_draft("change a focus area")
        self._put_focus_area(
            focus_area=focus_area,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(FocusAreaPut)
    def _put_focus_area(
        self,
        focus_area: FocusArea,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.with_focus_area(focus_area)

    def remove_focus_area(self, code: str, *, actor: Actor, reason: str | None) -> None:
        self._require_draft("remove a focus area")
        code = short_code("code", code)
        if self.content.focus_area(code) is None:
            raise ValidationFailed("code", f"the plan has no focus area {code!r}")
        self._remove_focus_area(
            code=code,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(FocusAreaRemoved)
    def _remove_focus_area(
        self,
        code: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.without_focus_area(code)

    # The lifecycle: draft → submitted → approved → adopted → in force.

    def submit(self, *, actor: Actor, reason: str | None = None) -> None:
        if self.status is not PlanStatus.DRAFT:
            raise InvalidTransition(self.status, "submit", "only a draft can be submitted")
        missing = self.content.missing_for_submission()
        if missing:
            field, rule = missing[0]
            raise ValidationFailed(f"content.{field}", rule)
        self._submit(
            version_number=self.version_number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @event(Submitted)
    def _submit(
        self,
        version_number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = PlanStatus.SUBMITTED

    def return_to_draft(
        self, *, actor: Actor, reason: str | None, decision: DecisionRef | None = None
    ) -> None:
        """The steering group or the council sends the plan back for changes."""
        if self.status not in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
            raise InvalidTransition(
                self.status, "return to draft", "only a submitted or approved plan can be returned"
            )
        self._return_to_draft(
            version_number=self.version_number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=decision,
        )

    @event(ReturnedToDraft)
    def _return_to_draft(
        self,
        version_number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = PlanStatus.DRAFT

    def approve(
        self, *, actor: Actor, decision: DecisionRef | None, reason: str | None = None
    ) -> None:
        decision = require_decision("decision", decision, APPROVING_BODIES)
        if self.status is not PlanStatus.SUBMITTED:
            raise InvalidTransition(
                self.status, "approve", "the steering group approves a submitted plan"
            )
        self._approve(
            version_number=self.version_number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Approved)
    def _approve(
        self,
        version_number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = PlanStatus.APPROVED

    def adopt(
        self, *, actor: Actor, decision: DecisionRef | None, reason: str | None = None
    ) -> None:
        decision = require_decision("decision", decision, ADOPTING_BODIES)
        if self.status is not PlanStatus.APPROVED:
            raise InvalidTransition(
                self.status, "adopt", "the council adopts a plan approved by the steering group"
            )
        self._adopt(
            version_number=self.version_number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Adopted)
    def _adopt(
        self,
        version_number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = PlanStatus.ADOPTED
        self.pending_decision = decision

    def put_into_force(
        self, effective_from: date, *, actor: Actor, reason: str | None = None
    ) -> None:
        if self.status is not PlanStatus.ADOPTED:
            raise InvalidTransition(
                self.status, "put into force", "only an adopted plan comes into force"
            )
        assert self.pending_decision is not None  # set by Adopted, by construction
        adopted_on = self.pending_decision.meeting_date
        if not isinstance(effective_from, date):
            raise ValidationFailed("effectiveFrom", "must be an ISO date")
        if effective_from < adopted_on:
            raise ValidationFailed("effectiveFrom", "cannot be before the council's adoption")
        plausible_date(
            "effectiveFrom",
            effective_from,
            adopted_on,
            add_years(adopted_on, IN_FORCE_WITHIN_YEARS),
            f"an adopted plan comes into force within {IN_FORCE_WITHIN_YEARS} year of adoption",
        )
        self._put_into_force(
            version_number=self.version_number,
            effective_from=effective_from,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=self.pending_decision,
        )

    @event(PutIntoForce)
    def _put_into_force(
        self,
        version_number: int,
        effective_from: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        assert decision is not None
        self.status = PlanStatus.IN_FORCE
        self.in_force = InForceVersion(version_number, self.content, decision, effective_from)
        self.pending_decision = None

    def start_revision(
        self,
        *,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None = None,
        assessment_id: UUID | None = None,
    ) -> None:
        """A revision (e.g. the October review) opens version N+1 as a draft of the plan in force;
        it may cite the programme status assessment it follows (checked by the application)."""
        if self.status is not PlanStatus.IN_FORCE:
            raise InvalidTransition(
                self.status, "start a revision", "only the plan in force can be revised"
            )
        self._start_revision(
            version_number=self.version_number + 1,
            assessment_id=assessment_id,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=decision,
        )

    @event(RevisionStarted)
    def _start_revision(
        self,
        version_number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
        assessment_id: UUID | None = None,
    ) -> None:
        self.version_number = version_number
        self.status = PlanStatus.DRAFT

    @property
    def warnings(self) -> list[str]:
        return self.content.warnings
