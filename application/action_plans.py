"""Commands and reads of the Handlingsplan and its projects, mixed into `OmstillingApp`: load,
check access and version, call the aggregate, save. The rules that span aggregates live here: the
Omstillingsplan version in force, a measure's project in the same programme and focus area."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, RecordConflictError

from application.access import Action, Principal, Target, require_read, require_write
from domain.action_plan.content import CommunicationActivity, ProjectMeasure, Section, Strategy
from domain.action_plan.model import ActionPlan, FundLine, action_plan_id_for
from domain.action_plan.plan_link import PlanLink
from domain.plan.model import Omstillingsplan, plan_id_for
from domain.programme.model import Programme
from domain.project.mandate import Mandate, Milestone
from domain.project.model import ENDED, Project, ProjectStatus, project_id_for
from domain.project.prioritisation import Score, Weights
from domain.shared.decisions import DecisionRef
from domain.shared.errors import Conflict, InvalidTransition, NotFound, ValidationFailed

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from application.app import CommandResult

    _AppBase = Application[UUID]
else:
    _AppBase = object

A = TypeVar("A", bound=Aggregate)
# The records that belong to a programme and are authorised through it.
InProgramme = TypeVar("InProgramme", Omstillingsplan, ActionPlan, Project)

# An approved or running project's mandate is the board's to change, by a new decision.
DECIDED_PROJECT = frozenset({ProjectStatus.APPROVED, ProjectStatus.RUNNING})


class ActionPlanCommands(_AppBase):
    """The Handlingsplan (one per programme year) and its projects (tiltak). The editor drafts,
    the board decides, the council clerk records the council's decisions; others read."""

    if TYPE_CHECKING:  # provided by OmstillingApp

        def _load(self, kind: type[A], aggregate_id: UUID, label: str) -> A: ...

        def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult: ...

        @staticmethod
        def _check_version(aggregate: Aggregate, expected_version: int | None) -> None: ...

        @staticmethod
        def programme_target(programme: Programme) -> Target: ...

        def _change_in_programme(
            self,
            principal: Principal,
            kind: type[InProgramme],
            aggregate_id: UUID,
            label: str,
            action: Action,
            expected_version: int | None,
            change: Callable[[InProgramme], None],
            *,
            loaded: InProgramme | None = None,
        ) -> CommandResult: ...

    # Handlingsplan: drafting

    def draft_action_plan(
        self,
        principal: Principal,
        programme_id: UUID,
        year: int,
        *,
        reason: str | None = None,
    ) -> CommandResult:
        """The year's plan, linked to the Omstillingsplan version in force."""
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.EDIT_PLAN, self.programme_target(programme))
        _require_programme_year(programme, year)
        plan = ActionPlan.draft(
            programme_id=programme.id,
            tenant_id=programme.tenant_id,
            year=year,
            plan=self._plan_in_force(programme.id, "draft a Handlingsplan"),
            actor=principal.actor(),
            reason=reason,
        )
        return self._save(plan, expected_new=True)

    def link_action_plan_to_plan_in_force(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Follow the Omstillingsplan version now in force (e.g. after the October review)."""

        def link(plan: ActionPlan) -> None:
            in_force = self._plan_in_force(plan.programme_id, "link the plan in force")
            if in_force.version_number == plan.content.plan.version_number:
                raise ValidationFailed(
                    "plan.versionNumber",
                    f"the Handlingsplan already builds on version {in_force.version_number}, "
                    "the version in force",
                )
            plan.link_plan(in_force, actor=principal.actor(), reason=reason)

        return self._change_action_plan(
            principal, action_plan_id, Action.EDIT_PLAN, expected_version, link
        )

    def revise_action_plan_section(
        self,
        principal: Principal,
        action_plan_id: UUID,
        section: Section | str,
        text: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.revise_section(section, text, actor=principal.actor(), reason=reason),
        )

    def put_action_plan_strategy(
        self,
        principal: Principal,
        action_plan_id: UUID,
        strategy: Strategy,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.put_strategy(strategy, actor=principal.actor(), reason=reason),
        )

    def put_action_plan_measure(
        self,
        principal: Principal,
        action_plan_id: UUID,
        measure: ProjectMeasure,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """A project of this programme, on its own focus area, with the year's budget and
        financing; a project of another programme, or an ended one, is refused."""

        def put(plan: ActionPlan) -> None:
            if not isinstance(measure, ProjectMeasure):
                raise ValidationFailed("measure", "must be a project with budget and financing")
            project = self._project_of(
                plan.programme_id, "measure.projectCode", measure.project_code
            )
            if project.status in ENDED:
                raise ValidationFailed(
                    "measure.projectCode",
                    f"project {project.code} is {project.status.value} and takes no new budget",
                )
            if project.focus_area_code != measure.focus_area_code:
                raise ValidationFailed(
                    "measure.focusAreaCode",
                    f"project {project.code} is on focus area {project.focus_area_code}, "
                    f"not {measure.focus_area_code}",
                )
            plan.put_measure(measure, actor=principal.actor(), reason=reason)

        return self._change_action_plan(
            principal, action_plan_id, Action.EDIT_PLAN, expected_version, put
        )

    def remove_action_plan_measure(
        self,
        principal: Principal,
        action_plan_id: UUID,
        project_code: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.remove_measure(project_code, actor=principal.actor(), reason=reason),
        )

    def set_action_plan_communication_plan(
        self,
        principal: Principal,
        action_plan_id: UUID,
        activities: Iterable[CommunicationActivity],
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        given = tuple(activities)
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.set_communication_plan(given, actor=principal.actor(), reason=reason),
        )

    # Handlingsplan: board, council, in effect

    def decide_action_plan(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        decision: DecisionRef | None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.DECIDE_PLAN,
            expected_version,
            lambda p: p.decide(actor=principal.actor(), decision=decision, reason=reason),
        )

    def return_action_plan_to_draft(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        reason: str | None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """The council sends the board's plan back: recorded by the council's clerk."""
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.RECORD_COUNCIL_DECISION,
            expected_version,
            lambda p: p.return_to_draft(actor=principal.actor(), reason=reason, decision=decision),
        )

    def approve_action_plan(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        decision: DecisionRef | None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.RECORD_COUNCIL_DECISION,
            expected_version,
            lambda p: p.approve(actor=principal.actor(), decision=decision, reason=reason),
        )

    def put_action_plan_into_effect(
        self,
        principal: Principal,
        action_plan_id: UUID,
        effective_from: date,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """As the Omstillingsplan's coming into force: recorded by the council's clerk."""
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.RECORD_COUNCIL_DECISION,
            expected_version,
            lambda p: p.put_into_effect(effective_from, actor=principal.actor(), reason=reason),
        )

    # Handlingsplan: revisions during the year, by a new board decision

    def start_action_plan_revision(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.start_revision(actor=principal.actor(), reason=reason),
        )

    def decide_action_plan_revision(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        decision: DecisionRef | None,
        reason: str | None,
        effective_from: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.DECIDE_PLAN,
            expected_version,
            lambda p: p.decide_revision(
                actor=principal.actor(),
                decision=decision,
                reason=reason,
                effective_from=effective_from,
            ),
        )

    def abandon_action_plan_revision(
        self,
        principal: Principal,
        action_plan_id: UUID,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_action_plan(
            principal,
            action_plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.abandon_revision(actor=principal.actor(), reason=reason),
        )

    # Handlingsplan: the application to the county for the year's funds

    def apply_for_funds(
        self,
        principal: Principal,
        action_plan_id: UUID,
        applied_on: date,
        lines: Iterable[FundLine] | None = None,
        *,
        decision: DecisionRef | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Per project, within the county funds the approved plan names; by default all of them.
        The programme leader sends it (the editor's role)."""

        def apply(plan: ActionPlan) -> None:
            given = plan.planned_county_funds() if lines is None else tuple(lines)
            plan.apply_for_funds(
                given, applied_on, actor=principal.actor(), decision=decision, reason=reason
            )

        return self._change_action_plan(
            principal, action_plan_id, Action.EDIT_PLAN, expected_version, apply
        )

    # Handlingsplan: reads

    def action_plan(self, principal: Principal, action_plan_id: UUID) -> ActionPlan:
        plan = self._load(ActionPlan, action_plan_id, "Handlingsplan")
        programme = self._load(Programme, plan.programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return plan

    @staticmethod
    def action_plan_id_for(programme_id: UUID, year: int) -> UUID:
        return action_plan_id_for(programme_id, year)

    def _change_action_plan(
        self,
        principal: Principal,
        action_plan_id: UUID,
        action: Action,
        expected_version: int | None,
        change: Callable[[ActionPlan], None],
    ) -> CommandResult:
        return self._change_in_programme(
            principal, ActionPlan, action_plan_id, "Handlingsplan", action, expected_version, change
        )

    # Projects: proposal, mandate and milestones

    def propose_project(
        self,
        principal: Principal,
        programme_id: UUID,
        code: str,
        focus_area_code: str,
        mandate: Mandate,
        milestones: Iterable[Milestone] = (),
        *,
        reason: str | None = None,
    ) -> CommandResult:
        """A candidate on a focus area of the Omstillingsplan version in force."""
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.EDIT_PLAN, self.programme_target(programme))
        project = Project.propose(
            programme_id=programme.id,
            tenant_id=programme.tenant_id,
            code=code,
            focus_area_code=focus_area_code,
            plan=self._plan_in_force(programme.id, "propose a project"),
            mandate=mandate,
            milestones=milestones,
            actor=principal.actor(),
            reason=reason,
        )
        return self._save(project, expected_new=True)

    def change_project_focus_area(
        self,
        principal: Principal,
        project_id: UUID,
        focus_area_code: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Move the project to a focus area of the Omstillingsplan version now in force."""

        def move(project: Project) -> None:
            link = self._plan_in_force(project.programme_id, "change the focus area")
            project.change_focus_area(
                focus_area_code, plan=link, actor=principal.actor(), reason=reason
            )

        return self._change_project(principal, project_id, Action.EDIT_PLAN, expected_version, move)

    def revise_project_mandate(
        self,
        principal: Principal,
        project_id: UUID,
        mandate: Mandate,
        *,
        reason: str | None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """The editor revises a proposal's mandate; an approved one changes by the board's decision."""
        project = self._load(Project, project_id, "project")
        action = Action.DECIDE_PLAN if project.status in DECIDED_PROJECT else Action.EDIT_PLAN
        return self._change_project(
            principal,
            project_id,
            action,
            expected_version,
            lambda p: p.revise_mandate(
                mandate, actor=principal.actor(), reason=reason, decision=decision
            ),
            loaded=project,
        )

    def put_project_milestone(
        self,
        principal: Principal,
        project_id: UUID,
        milestone: Milestone,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_project(
            principal,
            project_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.put_milestone(milestone, actor=principal.actor(), reason=reason),
        )

    def remove_project_milestone(
        self,
        principal: Principal,
        project_id: UUID,
        number: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_project(
            principal,
            project_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.remove_milestone(number, actor=principal.actor(), reason=reason),
        )

    # Projects: scores, and the board's prioritisation of a set of candidates

    def score_project(
        self,
        principal: Principal,
        project_id: UUID,
        scores: Iterable[Score],
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """The editor records scores; each names who scored and when (e.g. the board's meeting)."""
        given = tuple(scores)
        return self._change_project(
            principal,
            project_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.score(given, actor=principal.actor(), reason=reason),
        )

    def prioritise_projects(
        self,
        principal: Principal,
        programme_id: UUID,
        project_codes: Sequence[str],
        weights: Weights,
        *,
        decision: DecisionRef | None,
        reason: str | None = None,
    ) -> CommandResult:
        """One board decision prioritises a set of candidates under the weights it chose; all of
        them or none are recorded. The result names the programme, whose ranking this is."""
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.DECIDE_PLAN, self.programme_target(programme))
        codes = tuple(project_codes)
        if not codes:
            raise ValidationFailed("projectCodes", "name at least one candidate")
        if len(set(codes)) != len(codes):
            raise ValidationFailed("projectCodes", "a candidate must not be listed twice")
        projects = [
            self._project_of(programme.id, f"projectCodes[{index}]", code)
            for index, code in enumerate(codes)
        ]
        for project in projects:
            try:
                project.prioritise(
                    weights, actor=principal.actor(), decision=decision, reason=reason
                )
            except InvalidTransition as error:
                raise InvalidTransition(
                    error.current, f"{error.attempted} project {project.code}", error.rule
                ) from None
            except ValidationFailed as error:
                if error.field == "scores":  # the candidate's own rule: say which one
                    raise error.at(f"projects[{project.code}]") from None
                raise
        return self._save_together(programme, projects)

    # Projects: approval and running

    def approve_project(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        decision: DecisionRef | None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_project(
            principal,
            project_id,
            Action.DECIDE_PLAN,
            expected_version,
            lambda p: p.approve(actor=principal.actor(), decision=decision, reason=reason),
        )

    def start_project(
        self,
        principal: Principal,
        project_id: UUID,
        started_on: date,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_project(
            principal,
            project_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.start(started_on, actor=principal.actor(), reason=reason),
        )

    def complete_milestone(
        self,
        principal: Principal,
        project_id: UUID,
        number: str,
        completed_on: date,
        evidence: str,
        *,
        completed_by: str | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_project(
            principal,
            project_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.complete_milestone(
                number,
                completed_on,
                evidence,
                actor=principal.actor(),
                completed_by=completed_by,
                reason=reason,
            ),
        )

    def complete_project(
        self,
        principal: Principal,
        project_id: UUID,
        completed_on: date,
        *,
        reason: str | None = None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_project(
            principal,
            project_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.complete(
                completed_on, actor=principal.actor(), reason=reason, decision=decision
            ),
        )

    def stop_project(
        self,
        principal: Principal,
        project_id: UUID,
        stopped_on: date,
        *,
        reason: str | None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Stopping a project (or a candidate not chosen) is the board's call, with a reason."""
        return self._change_project(
            principal,
            project_id,
            Action.DECIDE_PLAN,
            expected_version,
            lambda p: p.stop(stopped_on, actor=principal.actor(), reason=reason, decision=decision),
        )

    # Projects: reads

    def project(self, principal: Principal, project_id: UUID) -> Project:
        project = self._load(Project, project_id, "project")
        programme = self._load(Programme, project.programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return project

    @staticmethod
    def project_id_for(programme_id: UUID, code: str) -> UUID:
        return project_id_for(programme_id, code)

    def _change_project(
        self,
        principal: Principal,
        project_id: UUID,
        action: Action,
        expected_version: int | None,
        change: Callable[[Project], None],
        *,
        loaded: Project | None = None,
    ) -> CommandResult:
        return self._change_in_programme(
            principal,
            Project,
            project_id,
            "project",
            action,
            expected_version,
            change,
            loaded=loaded,
        )

    # Shared steps

    def _plan_in_force(self, programme_id: UUID, attempted: str) -> PlanLink:
        """The link to the programme's Omstillingsplan version in force, or a refusal."""
        try:
            plan = self._load(Omstillingsplan, plan_id_for(programme_id), "plan")
        except NotFound:
            plan = None
        if plan is None or plan.in_force is None:
            raise InvalidTransition(
                "no Omstillingsplan in force",
                attempted,
                "the work builds on the Omstillingsplan version in force; adopt it first",
            )
        return PlanLink.to_version(plan.id, plan.in_force)

    def _project_of(self, programme_id: UUID, field: str, code: str) -> Project:
        """A project of this programme by its code; a project elsewhere is not one of them."""
        try:
            return self._load(Project, project_id_for(programme_id, code), "project")
        except NotFound:
            raise ValidationFailed(field, f"the programme has no project {code!r}") from None

    def _save_together(
        self, programme: Programme, aggregates: Sequence[Aggregate]
    ) -> CommandResult:
        """Several aggregates in one transaction: all recorded, or none."""
        from application.app import CommandResult  # app.py imports this module first

        try:
            recordings = self.save(*aggregates)
        except (IntegrityError, RecordConflictError):
            raise Conflict(
                None, None, "a record was changed by someone else meanwhile; reload and retry"
            ) from None
        return CommandResult(
            aggregate_id=programme.id,
            version=programme.version,
            notification_ids=tuple(r.notification.id for r in recordings),
            topics=tuple({r.notification.topic for r in recordings}),
        )


def _require_programme_year(programme: Programme, year: int) -> None:
    """A Handlingsplan is for a year the programme's period touches."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationFailed("year", "must be a whole year")
    first, last = programme.period_start.year, programme.period_end.year
    if not first <= year <= last:
        raise ValidationFailed("year", f"must fall in the programme's period ({first}–{last})")
