"""A project (tiltak): proposed, scored and prioritised, approved, run to its milestones, ended."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.action_plan.plan_link import PlanLink, require_programme_plan, short_code
from domain.project.mandate import (
    MILESTONE_NUMBER,
    Completion,
    Mandate,
    Milestone,
    latest_project_day,
)
from domain.project.prioritisation import (
    CRITERIA,
    Candidate,
    Score,
    Weights,
    missing_criteria,
)
from domain.shared.actor import Actor
from domain.shared.dates import (
    EARLIEST_DATE,
    YEARS_AFTER,
    YEARS_AHEAD,
    add_years,
    horizon,
    plausible_date,
    require_date,
)
from domain.shared.decisions import DecidingBody, DecisionRef, require_decision
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import code, optional_reason, required_reason

PROJECT_NAMESPACE = UUID("5d3e7c1a-8b2f-4e6d-9c0a-1f4b7e2d6a93")
DECIDING_BODIES = frozenset({DecidingBody.OMSTILLINGSSTYRET, DecidingBody.PROSJEKTSTYRINGSGRUPPEN})


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    PRIORITISED = "prioritised"
    APPROVED = "approved"
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"


PROJECT_STATUS_NB = {
    ProjectStatus.PROPOSED: "Foreslått",
    ProjectStatus.PRIORITISED: "Prioritert",
    ProjectStatus.APPROVED: "Vedtatt",
    ProjectStatus.RUNNING: "Pågår",
    ProjectStatus.COMPLETED: "Avsluttet",
    ProjectStatus.STOPPED: "Stoppet",
}
ENDED = frozenset({ProjectStatus.COMPLETED, ProjectStatus.STOPPED})


def project_id_for(programme_id: UUID, code: str) -> UUID:
    """One project per programme and project code: a repeated proposal conflicts."""
    return uuid5(PROJECT_NAMESPACE, f"{programme_id}:{code}")


def _mandate(mandate: object) -> Mandate:
    """A mandate whose start can still be planned from today (at most YEARS_AHEAD ahead)."""
    if not isinstance(mandate, Mandate):
        raise ValidationFailed("mandate", "a project needs a mandate")
    plausible_date(
        "mandate.startsOn",
        mandate.starts_on,
        latest=horizon(),
        why=f"a project is planned at most {YEARS_AHEAD} years ahead",
    )
    return mandate


def _milestones(mandate: Mandate, milestones: Iterable[Milestone]) -> tuple[Milestone, ...]:
    items = tuple(milestones)
    for item in items:
        if not isinstance(item, Milestone):
            raise ValidationFailed("milestones", "must list milestones")
        mandate.require_within(f"milestones[{item.number}].dueOn", item.due_on)
    numbers = [m.number for m in items]
    if len(set(numbers)) != len(numbers):
        raise ValidationFailed("milestones", "milestone numbers must be unique")
    return tuple(sorted(items, key=lambda m: m.order))


class Project(Aggregate):
    """Invariants: on a focus area of the plan in force; milestones within the project's
    period; scored on every criterion before prioritisation; a complete mandate before
    approval; completed milestones are records and stay as recorded."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {
        "status": ProjectStatus,
        "milestones": tuple,
        "scores": tuple,
    }

    class Proposed(Event, Aggregate.Created):
        programme_id: UUID
        code: str
        focus_area_code: str
        plan: PlanLink
        mandate: Mandate
        milestones: tuple[Milestone, ...]

    class FocusAreaChanged(Event):
        focus_area_code: str
        plan: PlanLink

    class MandateRevised(Event):
        mandate: Mandate

    class MilestonePut(Event):
        milestone: Milestone

    class MilestoneRemoved(Event):
        number: str

    class Scored(Event):
        scores: tuple[Score, ...]

    class Prioritised(Event):
        weights: Weights
        weighted_score: Decimal

    class Approved(Event):
        pass

    class Started(Event):
        started_on: date

    class MilestoneCompleted(Event):
        number: str
        completion: Completion

    class Completed(Event):
        completed_on: date

    class Stopped(Event):
        stopped_on: date

    @staticmethod
    def create_id(programme_id: UUID, code: str, **_: object) -> UUID:
        return project_id_for(programme_id, code)

    @event(Proposed)
    def __init__(
        self,
        *,
        programme_id: UUID,
        code: str,
        focus_area_code: str,
        plan: PlanLink,
        mandate: Mandate,
        milestones: tuple[Milestone, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.tenant_id = tenant_id
        self.programme_id = programme_id
        self.code = code
        self.focus_area_code = focus_area_code
        self.plan = plan
        self.mandate = mandate
        self.milestones = tuple(milestones)
        self.status = ProjectStatus.PROPOSED
        self.scores: tuple[Score, ...] = ()
        self.weights: Weights | None = None
        self.weighted_score: Decimal | None = None
        self.prioritised_by: DecisionRef | None = None
        self.approved_by: DecisionRef | None = None
        self.started_on: date | None = None
        self.ended_on: date | None = None

    @classmethod
    def propose(
        cls,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        code: str,
        focus_area_code: str,
        plan: PlanLink,
        mandate: Mandate,
        milestones: Iterable[Milestone] = (),
        actor: Actor,
        reason: str | None = None,
    ) -> Project:
        """A candidate on a focus area of the Omstillingsplan in force (the link is passed in)."""
        code = short_code("code", code)
        require_programme_plan(programme_id, plan)
        focus = plan.require_focus_area("focusAreaCode", focus_area_code)
        mandate = _mandate(mandate)
        return cls(
            programme_id=programme_id,
            code=code,
            focus_area_code=focus,
            plan=plan,
            mandate=mandate,
            milestones=_milestones(mandate, milestones),
            tenant_id=tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    # Guards

    def _require_open(self, attempted: str) -> None:
        if self.status in ENDED:
            raise InvalidTransition(self.status, attempted, "an ended project is a closed record")

    def _require_status(self, status: ProjectStatus, attempted: str, rule: str) -> None:
        if self.status is not status:
            raise InvalidTransition(self.status, attempted, rule)

    def _reason(self, reason: str | None) -> str:
        return required_reason(reason)

    def _project_day(self, field: str, day: object) -> date:
        """A day of the project's life: not before 1990, nor more than YEARS_AFTER years past
        its planned end (or the longest a project runs, with no end planned)."""
        end = self.mandate.ends_on or latest_project_day(self.mandate.starts_on)
        return plausible_date(
            field,
            day,
            EARLIEST_DATE,
            add_years(end, YEARS_AFTER),
            f"at most {YEARS_AFTER} years after the project's planned end",
        )

    def milestone(self, number: str) -> Milestone:
        number = code(
            "number", number, 5, MILESTONE_NUMBER, "must be a milestone number like M1 or M16"
        )
        found = next((m for m in self.milestones if m.number == number), None)
        if found is None:
            raise ValidationFailed("number", f"the project has no milestone {number!r}")
        return found

    # The mandate and its milestones: every change says why.

    def change_focus_area(
        self, focus_area_code: str, *, plan: PlanLink, actor: Actor, reason: str | None
    ) -> None:
        """Move the project to a focus area of the plan in force (e.g. after a plan revision)."""
        self._require_open("change the focus area")
        require_programme_plan(self.programme_id, plan)
        focus = plan.require_focus_area("focusAreaCode", focus_area_code)
        self._change_focus_area(
            focus_area_code=focus,
            plan=plan,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(FocusAreaChanged)
    def _change_focus_area(
        self,
        focus_area_code: str,
        plan: PlanLink,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.focus_area_code = focus_area_code
        self.plan = plan

    def revise_mandate(
        self,
        mandate: Mandate,
        *,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None = None,
    ) -> None:
        """Before approval with a reason; an approved mandate changes only by a new decision."""
        self._require_open("revise the mandate")
        if self.status in (ProjectStatus.APPROVED, ProjectStatus.RUNNING):
            decision = require_decision("decision", decision, DECIDING_BODIES)
        mandate = _mandate(mandate)
        _milestones(mandate, self.milestones)  # the new period must still hold every milestone
        self._revise_mandate(
            mandate=mandate,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=decision,
        )

    @event(MandateRevised)
    def _revise_mandate(
        self,
        mandate: Mandate,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.mandate = mandate

    def put_milestone(self, milestone: Milestone, *, actor: Actor, reason: str | None) -> None:
        """Adds a milestone, or replans the unfinished one with the same number."""
        self._require_open("change a milestone")
        if not isinstance(milestone, Milestone):
            raise ValidationFailed("milestone", "must be a milestone")
        if milestone.completion is not None:
            raise ValidationFailed(
                f"milestones[{milestone.number}].completion",
                "a completion is recorded with complete_milestone, not planned",
            )
        existing = next((m for m in self.milestones if m.number == milestone.number), None)
        if existing is not None and existing.completion is not None:
            raise ValidationFailed(
                f"milestones[{milestone.number}]", "is completed and cannot be replanned"
            )
        self.mandate.require_within(f"milestones[{milestone.number}].dueOn", milestone.due_on)
        self._put_milestone(
            milestone=milestone,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(MilestonePut)
    def _put_milestone(
        self,
        milestone: Milestone,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        others = [m for m in self.milestones if m.number != milestone.number]
        self.milestones = tuple(sorted([*others, milestone], key=lambda m: m.order))

    def remove_milestone(self, number: str, *, actor: Actor, reason: str | None) -> None:
        self._require_open("remove a milestone")
        milestone = self.milestone(number)
        if milestone.completion is not None:
            raise ValidationFailed(
                f"milestones[{milestone.number}]", "is completed and cannot be removed"
            )
        self._remove_milestone(
            number=milestone.number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=None,
        )

    @event(MilestoneRemoved)
    def _remove_milestone(
        self,
        number: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.milestones = tuple(m for m in self.milestones if m.number != number)

    # Prioritisation (seed 000): scores per criterion, then the board's weighted choice.

    def score(self, scores: Iterable[Score], *, actor: Actor, reason: str | None = None) -> None:
        """Record scores; a criterion scored again replaces its earlier score."""
        self._require_status(
            ProjectStatus.PROPOSED, "score", "only a proposed project is scored as a candidate"
        )
        given = tuple(scores)
        if not given or not all(isinstance(s, Score) for s in given):
            raise ValidationFailed("scores", "give at least one score per criterion")
        criteria = [s.criterion for s in given]
        if len(set(criteria)) != len(criteria):
            raise ValidationFailed("scores", "a criterion must not be scored twice at once")
        self._score(
            scores=given,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @event(Scored)
    def _score(
        self,
        scores: tuple[Score, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        new = {s.criterion for s in scores}
        kept = [s for s in self.scores if s.criterion not in new]
        self.scores = tuple(sorted([*kept, *scores], key=lambda s: CRITERIA.index(s.criterion)))

    def as_candidate(self) -> Candidate:
        return Candidate(self.code, self.scores)

    def prioritise(
        self,
        weights: Weights,
        *,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None = None,
    ) -> None:
        """The board's choice, recorded with the weights its decision used."""
        decision = require_decision("decision", decision, DECIDING_BODIES)
        self._require_status(
            ProjectStatus.PROPOSED, "prioritise", "only a proposed project can be prioritised"
        )
        if not isinstance(weights, Weights):
            raise ValidationFailed("weights", "the weights the decision used are required")
        missing = missing_criteria(self.scores)
        if missing:
            raise ValidationFailed(
                "scores",
                "every criterion must be scored before prioritisation; missing "
                + ", ".join(c.value for c in missing),
            )
        self._prioritise(
            weights=weights,
            weighted_score=weights.weighted_score(self.scores),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Prioritised)
    def _prioritise(
        self,
        weights: Weights,
        weighted_score: Decimal,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = ProjectStatus.PRIORITISED
        self.weights = weights
        self.weighted_score = weighted_score
        self.prioritised_by = decision

    # The lifecycle: approved → running → completed | stopped.

    def approve(
        self, *, actor: Actor, decision: DecisionRef | None, reason: str | None = None
    ) -> None:
        decision = require_decision("decision", decision, DECIDING_BODIES)
        self._require_status(
            ProjectStatus.PRIORITISED, "approve", "a project is approved after prioritisation"
        )
        missing = self.mandate.missing_for_approval()
        if missing:
            field, rule = missing[0]
            raise ValidationFailed(f"mandate.{field}", rule)
        if not self.milestones:
            raise ValidationFailed(
                "milestones", "at least one milestone is required before the project is approved"
            )
        self._approve(
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Approved)
    def _approve(
        self, tenant_id: UUID, actor: Actor, reason: str | None, decision: DecisionRef | None
    ) -> None:
        self.status = ProjectStatus.APPROVED
        self.approved_by = decision

    def start(self, started_on: date, *, actor: Actor, reason: str | None = None) -> None:
        self._require_status(ProjectStatus.APPROVED, "start", "only an approved project starts")
        self._start(
            started_on=self._project_day("startedOn", started_on),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @event(Started)
    def _start(
        self,
        started_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = ProjectStatus.RUNNING
        self.started_on = started_on

    def complete_milestone(
        self,
        number: str,
        completed_on: date,
        evidence: str,
        *,
        actor: Actor,
        completed_by: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Completed on a date, by a person (the recording actor unless named), with evidence."""
        self._require_status(
            ProjectStatus.RUNNING, "complete a milestone", "milestones are completed while running"
        )
        milestone = self.milestone(number)
        number = milestone.number
        if milestone.completion is not None:
            raise ValidationFailed(
                f"milestones[{number}]",
                f"was already completed on {milestone.completion.completed_on.isoformat()}",
            )
        try:
            completion = Completion(completed_on, completed_by or actor.name, evidence)
        except ValidationFailed as error:
            raise error.at(f"milestones[{number}]") from None
        if completed_on < self.mandate.starts_on:
            raise ValidationFailed(
                f"milestones[{number}].completedOn", "cannot be before the project starts"
            )
        self._project_day(f"milestones[{number}].completedOn", completed_on)
        self._complete_milestone(
            number=number,
            completion=completion,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    @event(MilestoneCompleted)
    def _complete_milestone(
        self,
        number: str,
        completion: Completion,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.milestones = tuple(
            Milestone(m.number, m.name, m.due_on, m.criterion, completion)
            if m.number == number
            else m
            for m in self.milestones
        )

    def complete(
        self,
        completed_on: date,
        *,
        actor: Actor,
        reason: str | None = None,
        decision: DecisionRef | None = None,
    ) -> None:
        """Unfinished milestones may be left (e.g. a contingency never needed), but say why."""
        self._require_status(ProjectStatus.RUNNING, "complete", "only a running project completes")
        require_date("completedOn", completed_on)
        assert self.started_on is not None  # set by Started, by construction
        if completed_on < self.started_on:
            raise ValidationFailed("completedOn", "cannot be before the project started")
        self._project_day("completedOn", completed_on)
        why = optional_reason(reason)
        unfinished = [m.number for m in self.milestones if m.completion is None]
        if unfinished and why is None:
            raise ValidationFailed(
                "reason",
                "completing with unfinished milestones needs a reason: " + ", ".join(unfinished),
            )
        self._complete(
            completed_on=completed_on,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=why,
            decision=decision,
        )

    @event(Completed)
    def _complete(
        self,
        completed_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = ProjectStatus.COMPLETED
        self.ended_on = completed_on

    def stop(
        self,
        stopped_on: date,
        *,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None = None,
    ) -> None:
        """Any open project can be stopped, always with a reason (a candidate not chosen, too)."""
        self._require_open("stop")
        require_date("stoppedOn", stopped_on)
        if self.started_on is not None and stopped_on < self.started_on:
            raise ValidationFailed("stoppedOn", "cannot be before the project started")
        self._project_day("stoppedOn", stopped_on)
        self._stop(
            stopped_on=stopped_on,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=self._reason(reason),
            decision=decision,
        )

    @event(Stopped)
    def _stop(
        self,
        stopped_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.status = ProjectStatus.STOPPED
        self.ended_on = stopped_on

    # Queries

    def late_milestones(self, on: date) -> tuple[Milestone, ...]:
        """Past due and unfinished on that date; an ended project has nothing late after its end."""
        if self.ended_on is not None and on >= self.ended_on:
            return ()
        return tuple(m for m in self.milestones if m.is_late(on))

    def unfinished_milestones(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.completion is None)
