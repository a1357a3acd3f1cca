"""The Handlingsplan: one per programme year, decided by the board, approved by the council,
in effect, revised during the year by new board decisions, and the basis of the fund application."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.action_plan.content import (
    ActionPlanContent,
    CommunicationActivity,
    FundingSource,
    ProjectMeasure,
    Section,
    Strategy,
)
from domain.action_plan.plan_link import PlanLink, require_programme_plan, short_code
from domain.money import Money, require_amount
from domain.shared.actor import Actor
from domain.shared.dates import end_of_year, plausible_date, require_date, require_year
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

ACTION_PLAN_NAMESPACE = UUID("a3c9e0f2-6d41-4b8e-b7f5-2e8d1c4a9b37")
BOARD = frozenset({DecidingBody.OMSTILLINGSSTYRET})
COUNCIL = frozenset({DecidingBody.KOMMUNESTYRET})


class ActionPlanStatus(StrEnum):
    DRAFT = "draft"
    BOARD_DECIDED = "board_decided"
    COUNCIL_APPROVED = "council_approved"
    IN_EFFECT = "in_effect"


ACTION_PLAN_STATUS_NB = {
    ActionPlanStatus.DRAFT: "Utkast",
    ActionPlanStatus.BOARD_DECIDED: "Besluttet i omstillingsstyret",
    ActionPlanStatus.COUNCIL_APPROVED: "Godkjent i kommunestyret",
    ActionPlanStatus.IN_EFFECT: "Iverksatt",
}


@dataclass(frozen=True)
class EffectiveRevision:
    """A revision as it came into effect; an in-year revision has no council approval."""

    number: int
    content: ActionPlanContent
    decided_by: DecisionRef
    approved_by: DecisionRef | None
    effective_from: date


@dataclass(frozen=True)
class FundLine:
    """The amount applied for, for one project of the plan."""

    project_code: str
    amount: Money

    def __post_init__(self) -> None:
        object.__setattr__(self, "project_code", short_code("projectCode", self.project_code))
        if require_amount("amount", self.amount).is_zero:
            raise ValidationFailed("amount", "must be more than kr 0,00")


@dataclass(frozen=True)
class FundApplication:
    """The municipality's application to the county for restructuring funds for the plan's year."""

    number: int
    applied_on: date
    revision: int
    lines: tuple[FundLine, ...]

    @property
    def total(self) -> Money:
        return Money.total(line.amount for line in self.lines)


def action_plan_id_for(programme_id: UUID, year: int) -> UUID:
    """One Handlingsplan per programme and year: its id follows from both."""
    return uuid5(ACTION_PLAN_NAMESPACE, f"{programme_id}:{year}")


class ActionPlan(Aggregate):
    """Invariants: linked to the programme's Omstillingsplan; measures only on its focus areas;
    edits only in draft; board, then council, then in effect; in-year revisions by the board."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {
        "status": ActionPlanStatus,
        "applications": tuple,
    }

    class Drafted(Event, Aggregate.Created):
        programme_id: UUID
        year: int
        content: ActionPlanContent

    class PlanLinked(Event):
        plan: PlanLink

    class SectionRevised(Event):
        section: Section
        text: str

    class StrategyPut(Event):
        strategy: Strategy

    class MeasurePut(Event):
        measure: ProjectMeasure

    class MeasureRemoved(Event):
        project_code: str

    class CommunicationPlanSet(Event):
        activities: tuple[CommunicationActivity, ...]

    class BoardDecided(Event):
        revision: int

    class ReturnedToDraft(Event):
        revision: int

    class CouncilApproved(Event):
        revision: int

    class PutIntoEffect(Event):
        revision: int
        effective_from: date

    class RevisionStarted(Event):
        revision: int

    class RevisionDecided(Event):
        revision: int
        effective_from: date

    class RevisionAbandoned(Event):
        revision: int

    class FundsAppliedFor(Event):
        application: FundApplication

    @staticmethod
    def create_id(programme_id: UUID, year: int, **_: object) -> UUID:
        return action_plan_id_for(programme_id, year)

    @event(Drafted)
    def __init__(
        self,
        *,
        programme_id: UUID,
        year: int,
        content: ActionPlanContent,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.tenant_id = tenant_id
        self.programme_id = programme_id
        self.year = year
        self.content = content
        self.revision = 1
        self.status = ActionPlanStatus.DRAFT
        self.decided_by: DecisionRef | None = None
        self.approved_by: DecisionRef | None = None
        self.in_effect: EffectiveRevision | None = None
        self.board_decided_on: date | None = None  # the year wheel's 'board decision'
        self.put_into_effect_on: date | None = None  # the year wheel's 'put into effect'
        self.applications: tuple[FundApplication, ...] = ()

    @classmethod
    def draft(
        cls,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        year: int,
        plan: PlanLink,
        actor: Actor,
        reason: str | None = None,
    ) -> ActionPlan:
        """Starts the year's plan from the Omstillingsplan in force (the link is passed in)."""
        year = require_year("year", year)
        require_programme_plan(programme_id, plan)
        return cls(
            programme_id=programme_id,
            year=year,
            content=ActionPlanContent(plan),
            tenant_id=tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    # Guards

    def _require_draft(self, attempted: str) -> None:
        if self.status is not ActionPlanStatus.DRAFT:
            raise InvalidTransition(
                self.status,
                attempted,
                "the plan can only be edited as a draft; start a revision first",
            )

    def _reason(self, reason: str | None) -> str:
        return required_reason(reason)

    def _require_complete(self) -> None:
        missing = self.content.missing_for_decision()
        if missing:
            field, rule = missing[0]
            raise ValidationFailed(f"content.{field}", rule)

    def _require_in_year(self, field: str, day: date) -> None:
        if day.year != self.year:
            raise ValidationFailed(field, f"must fall in the programme year {self.year}")

    # Editing: only a draft changes, and every change says why.

    def link_plan(self, plan: PlanLink, *, actor: Actor, reason: str | None) -> None:
        """Follow a newer Omstillingsplan version (e.g. after the October review)."""
        self._require_draft("link the plan")
        require_programme_plan(self.programme_id, plan)
        if plan.version_number < self.content.plan.version_number:
            raise ValidationFailed(
                "plan.versionNumber",
                f"cannot go back from version {self.content.plan.version_number}",
            )
        self.content.with_plan(plan)  # refuses measures on focus areas the new version lacks
        self._link_plan(
            plan=plan,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(PlanLinked)
    def _link_plan(
        self,
        plan: PlanLink,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.with_plan(plan)

    def revise_section(
        self, section: Section | str, text: str, *, actor: Actor, reason: str | None
    ) -> None:
        try:
            section = Section(section)
        except ValueError:
            allowed = ", ".join(s.value for s in Section)
            raise ValidationFailed("section", f"must be one of {allowed}") from None
        self._require_draft("revise a section")
        text = optional_text("text", text, LONG_TEXT, kind=TextKind.MULTILINE) or ""
        new = self.content.with_text(section, text)
        self._revise_section(
            section=section,
            text=getattr(new, section.value),
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

    def put_strategy(self, strategy: Strategy, *, actor: Actor, reason: str | None) -> None:
        self._require_draft("change a strategy")
        if not isinstance(strategy, Strategy):
            raise ValidationFailed("strategy", "must be a strategy for a focus area")
        self.content.with_strategy(strategy)  # refuses a focus area the plan does not have
        self._put_strategy(
            strategy=strategy,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(StrategyPut)
    def _put_strategy(
        self,
        strategy: Strategy,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.with_strategy(strategy)

    def put_measure(self, measure: ProjectMeasure, *, actor: Actor, reason: str | None) -> None:
        """Adds a project to the year's plan, or replaces its budget and financing."""
        self._require_draft("change a measure")
        if not isinstance(measure, ProjectMeasure):
            raise ValidationFailed("measure", "must be a project with budget and financing")
        self.content.with_measure(measure)  # refuses a focus area the plan does not have
        self._put_measure(
            measure=measure,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(MeasurePut)
    def _put_measure(
        self,
        measure: ProjectMeasure,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.with_measure(measure)

    def remove_measure(self, project_code: str, *, actor: Actor, reason: str | None) -> None:
        self._require_draft("remove a measure")
        project_code = short_code("projectCode", project_code)
        if self.content.measure(project_code) is None:
            raise ValidationFailed("projectCode", f"the plan has no project {project_code!r}")
        self._remove_measure(
            project_code=project_code,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(MeasureRemoved)
    def _remove_measure(
        self,
        project_code: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.without_measure(project_code)

    def set_communication_plan(
        self,
        activities: Iterable[CommunicationActivity],
        *,
        actor: Actor,
        reason: str | None,
    ) -> None:
        """Replaces the year's communication activities as a whole."""
        self._require_draft("change the communication plan")
        given = tuple(activities)
        for index, activity in enumerate(given):
            if not isinstance(activity, CommunicationActivity):
                raise ValidationFailed(
                    f"communicationPlan[{index}]", "must be a communication activity"
                )
            self._require_in_year(f"communicationPlan[{index}].plannedOn", activity.planned_on)
        self._set_communication_plan(
            activities=given,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(CommunicationPlanSet)
    def _set_communication_plan(
        self,
        activities: tuple[CommunicationActivity, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.content = self.content.with_communication_plan(tuple(activities))

    # The lifecycle: draft → board decision → council approval → in effect.

    def decide(
        self, *, actor: Actor, decision: DecisionRef | None, reason: str | None = None
    ) -> None:
        """The board (omstillingsstyret) decides the plan, normally in November/December."""
        decision = require_decision("decision", decision, BOARD)
        self._require_draft("decide")
        if self.in_effect is not None:
            raise InvalidTransition(
                self.status, "decide", "a revision during the year is decided with decide_revision"
            )
        if decision.meeting_date.year > self.year:
            raise ValidationFailed(
                "decision.meetingDate", f"the board decides the {self.year} plan before it ends"
            )
        self._require_complete()
        self._decide(
            revision=self.revision,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(BoardDecided)
    def _decide(
        self,
        revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        assert decision is not None
        self.status = ActionPlanStatus.BOARD_DECIDED
        self.decided_by = decision
        self.board_decided_on = decision.meeting_date

    def return_to_draft(
        self, *, actor: Actor, reason: str | None, decision: DecisionRef | None = None
    ) -> None:
        """The council sends the board's plan back for changes."""
        if self.status is not ActionPlanStatus.BOARD_DECIDED:
            raise InvalidTransition(
                self.status, "return to draft", "only a plan awaiting the council can be returned"
            )
        self._return_to_draft(
            revision=self.revision,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=decision,
        )

    @event(ReturnedToDraft)
    def _return_to_draft(
        self,
        revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = ActionPlanStatus.DRAFT
        self.decided_by = None
        self.board_decided_on = None

    def approve(
        self, *, actor: Actor, decision: DecisionRef | None, reason: str | None = None
    ) -> None:
        """The municipal council (kommunestyret) approves the plan the board decided."""
        decision = require_decision("decision", decision, COUNCIL)
        if self.status is not ActionPlanStatus.BOARD_DECIDED:
            raise InvalidTransition(
                self.status, "approve", "the council approves a plan the board has decided"
            )
        assert self.decided_by is not None  # set by BoardDecided, by construction
        if decision.meeting_date < self.decided_by.meeting_date:
            raise ValidationFailed("decision.meetingDate", "cannot be before the board's decision")
        if decision.meeting_date.year > self.year:
            raise ValidationFailed(
                "decision.meetingDate", f"the council approves the {self.year} plan before it ends"
            )
        self._approve(
            revision=self.revision,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(CouncilApproved)
    def _approve(
        self,
        revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = ActionPlanStatus.COUNCIL_APPROVED
        self.approved_by = decision

    def put_into_effect(
        self, effective_from: date, *, actor: Actor, reason: str | None = None
    ) -> None:
        """Normally in January/February of the plan's year."""
        if self.status is not ActionPlanStatus.COUNCIL_APPROVED:
            raise InvalidTransition(
                self.status, "put into effect", "only a plan the council approved comes into effect"
            )
        assert self.approved_by is not None  # set by CouncilApproved, by construction
        require_date("effectiveFrom", effective_from)
        if effective_from < self.approved_by.meeting_date:
            raise ValidationFailed("effectiveFrom", "cannot be before the council's approval")
        self._require_in_year("effectiveFrom", effective_from)
        self._put_into_effect(
            revision=self.revision,
            effective_from=effective_from,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=self.approved_by,
        )

    @event(PutIntoEffect)
    def _put_into_effect(
        self,
        revision: int,
        effective_from: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        assert self.decided_by is not None
        self.status = ActionPlanStatus.IN_EFFECT
        self.in_effect = EffectiveRevision(
            revision, self.content, self.decided_by, decision, effective_from
        )
        self.put_into_effect_on = effective_from

    # Revisions during the year: only by a new board decision with a reason.

    def start_revision(self, *, actor: Actor, reason: str | None) -> None:
        """Opens revision N+1 as a draft; revision N stays in effect until the board decides."""
        if self.status is not ActionPlanStatus.IN_EFFECT:
            raise InvalidTransition(
                self.status, "start a revision", "only the plan in effect can be revised"
            )
        self._start_revision(
            revision=self.revision + 1,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(RevisionStarted)
    def _start_revision(
        self,
        revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.revision = revision
        self.status = ActionPlanStatus.DRAFT

    def decide_revision(
        self,
        *,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None,
        effective_from: date | None = None,
    ) -> None:
        """The board's decision puts the revision into effect, from its meeting unless later."""
        decision = require_decision("decision", decision, BOARD)
        self._require_draft("decide a revision")
        if self.in_effect is None:
            raise InvalidTransition(
                self.status, "decide a revision", "there is no plan in effect to revise"
            )
        why = self._reason(reason)
        self._require_in_year("decision.meetingDate", decision.meeting_date)
        effective = decision.meeting_date if effective_from is None else effective_from
        require_date("effectiveFrom", effective)
        if effective < decision.meeting_date:
            raise ValidationFailed("effectiveFrom", "cannot be before the board's decision")
        self._require_in_year("effectiveFrom", effective)
        self._require_complete()
        self._decide_revision(
            revision=self.revision,
            effective_from=effective,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=why,
            decision=decision,
        )

    @event(RevisionDecided)
    def _decide_revision(
        self,
        revision: int,
        effective_from: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        assert decision is not None
        self.status = ActionPlanStatus.IN_EFFECT
        self.decided_by = decision
        self.in_effect = EffectiveRevision(revision, self.content, decision, None, effective_from)

    def abandon_revision(self, *, actor: Actor, reason: str | None) -> None:
        """Drops the unfinished revision; the revision in effect stays as it is."""
        if self.status is not ActionPlanStatus.DRAFT or self.in_effect is None:
            raise InvalidTransition(
                self.status, "abandon a revision", "only a revision in progress can be abandoned"
            )
        self._abandon_revision(
            revision=self.revision,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(RevisionAbandoned)
    def _abandon_revision(
        self,
        revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        assert self.in_effect is not None
        self.status = ActionPlanStatus.IN_EFFECT
        self.revision = self.in_effect.number
        self.content = self.in_effect.content

    # The application to the county for the year's restructuring funds.

    @property
    def approved_content(self) -> ActionPlanContent | None:
        """What the application is based on: the revision in effect, else the approved plan."""
        if self.in_effect is not None:
            return self.in_effect.content
        if self.status is ActionPlanStatus.COUNCIL_APPROVED:
            return self.content
        return None

    @property
    def approved_revision(self) -> int | None:
        """The number of the revision `approved_content` is."""
        if self.in_effect is not None:
            return self.in_effect.number
        return self.revision if self.status is ActionPlanStatus.COUNCIL_APPROVED else None

    def revision_including(self, project_code: str) -> int | None:
        """The approved revision, if it includes the project; funds follow the approved plan."""
        content = self.approved_content
        if content is None or content.measure(project_code) is None:
            return None
        return self.approved_revision

    def planned_county_funds(self) -> tuple[FundLine, ...]:
        """Per project, the county's restructuring funds in the approved plan: a default to apply for."""
        content = self.approved_content
        if content is None:
            return ()
        source = FundingSource.COUNTY_RESTRUCTURING_FUNDS
        return tuple(
            FundLine(m.project_code, m.from_source(source))
            for m in content.measures
            if not m.from_source(source).is_zero
        )

    def apply_for_funds(
        self,
        lines: Iterable[FundLine],
        applied_on: date,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> None:
        """Amount applied for per project; each within the county funds the approved plan names."""
        basis = self.approved_content
        if basis is None:
            raise InvalidTransition(
                self.status,
                "apply for funds",
                "the application is based on the plan the council approved",
            )
        given = tuple(lines)
        if not given:
            raise ValidationFailed("lines", "apply for at least one project")
        for line in given:
            if not isinstance(line, FundLine):
                raise ValidationFailed("lines", "must list an amount per project")
        codes = [line.project_code for line in given]
        if len(set(codes)) != len(codes):
            raise ValidationFailed("lines", "a project appears once in an application")
        for line in given:
            measure = basis.measure(line.project_code)
            if measure is None:
                raise ValidationFailed(
                    f"lines[{line.project_code}].projectCode",
                    "is not a project of the approved plan",
                )
            planned = measure.from_source(FundingSource.COUNTY_RESTRUCTURING_FUNDS)
            if line.amount > planned:
                raise ValidationFailed(
                    f"lines[{line.project_code}].amount",
                    f"cannot exceed the county's restructuring funds the plan names ({planned})",
                )
        require_date("appliedOn", applied_on)
        assert self.approved_by is not None  # an approved basis implies the council's approval
        if applied_on < self.approved_by.meeting_date:
            raise ValidationFailed("appliedOn", "cannot be before the council's approval")
        plausible_date(
            "appliedOn",
            applied_on,
            self.approved_by.meeting_date,
            end_of_year(self.year),
            f"the funds for {self.year} are applied for before the year ends",
        )
        application = FundApplication(
            number=len(self.applications) + 1,
            applied_on=applied_on,
            revision=self.in_effect.number if self.in_effect is not None else self.revision,
            lines=given,
        )
        self._apply_for_funds(
            application=application,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(FundsAppliedFor)
    def _apply_for_funds(
        self,
        application: FundApplication,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.applications = (*self.applications, application)

    # Derived totals of the current content

    @property
    def total_budget(self) -> Money:
        return self.content.total_budget

    @property
    def total_financing(self) -> Money:
        return self.content.total_financing

    @property
    def funding_gap(self) -> Money:
        return self.content.funding_gap
