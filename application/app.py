"""The command side: load, check access and version, call the aggregate, save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, RecordConflictError

from application.access import (
    Action,
    Principal,
    Target,
    can_read,
    require_read,
    require_write,
)
from application.action_plans import ActionPlanCommands, InProgramme
from application.assessments import AssessmentCommands
from application.continuation import ContinuationCommands
from application.deployment_secret import deployment_secret, derived_key
from application.funds import FundCommands
from application.population import PopulationCommands
from application.results import ResultCommands
from application.transcodings import TypedMapper, register_domain_transcodings
from domain.action_plan.model import ActionPlan
from domain.assessment.model import StatusAssessment
from domain.continuation.model import Continuation
from domain.funds.grant import Grant
from domain.funds.use import GrantUse
from domain.plan.content import FocusArea, Goal, PlanContent, Section
from domain.plan.model import Omstillingsplan, plan_id_for
from domain.population.model import PopulationRegister
from domain.programme.model import Phase, Programme, StatusKind
from domain.project.model import Project
from domain.results.catalogue import IndicatorCatalogue, LocalIndicators
from domain.results.series import ResultSeries
from domain.shared.clock import today_in_norway
from domain.shared.decisions import DecisionRef
from domain.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tenants import load_registry
from tenants.registry import ReferenceDataError

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class CommandResult:
    """What a command changed: enough for read-your-writes and an honest reply."""

    aggregate_id: UUID
    version: int
    notification_ids: tuple[int, ...]
    topics: tuple[str, ...] = field(default=())  # which read models must catch up
    warnings: tuple[str, ...] = field(default=())

    @property
    def last_notification_id(self) -> int | None:
        return max(self.notification_ids) if self.notification_ids else None


class OmstillingApp(
    ContinuationCommands,
    AssessmentCommands,
    FundCommands,
    ActionPlanCommands,
    PopulationCommands,
    ResultCommands,
    Application[UUID],
):
    """One log for all tenants; every event names its tenant, every read is scoped."""

    name = "Omstilling"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Programme: 50,
        Omstillingsplan: 50,
        ActionPlan: 50,
        Project: 50,
        Grant: 50,
        GrantUse: 50,
        IndicatorCatalogue: 50,
        LocalIndicators: 50,
        ResultSeries: 50,
        StatusAssessment: 50,
        Continuation: 50,
        PopulationRegister: 20,
    }

    @cached_property
    def id_key(self) -> bytes:
        """Keys the ids that would otherwise follow from public facts (see `programme_id_for`)."""
        return derived_key(deployment_secret(self.env), "programme-ids")

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=TypedMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    # Programme (omstillingsprogram)

    def register_programme(
        self,
        principal: Principal,
        *,
        name: str,
        kind: StatusKind | str,
        lead_municipality_number: str,
        other_municipality_numbers: tuple[str, ...] = (),
        period_start: date,
        period_end: date,
        decision: DecisionRef | None,
        reason: str | None = None,
        granting_county_number: str | None = None,
    ) -> CommandResult:
        registry = load_registry()
        lead = self._municipality("leadMunicipalityNumber", lead_municipality_number)
        others = tuple(
            self._municipality(f"otherMunicipalityNumbers[{i}]", number).id
            for i, number in enumerate(other_municipality_numbers)
        )
        if principal.county_number is None:
            raise Forbidden("only a county registers a programme")
        # A county may record a grant made by its predecessor before a reform (importing history).
        granting = granting_county_number or principal.county_number
        granted_on = (
            decision.meeting_date if isinstance(decision, DecisionRef) else today_in_norway()
        )
        try:
            county = registry.county(granting)
        except ReferenceDataError as error:
            raise ValidationFailed("grantingCountyNumber", str(error)) from None
        if not county.is_valid_on(granted_on):
            raise ValidationFailed(
                "grantingCountyNumber",
                f"county {granting} did not exist on the decision date {granted_on}",
            )
        today = today_in_norway()
        counties_since = {granting} | {
            c.number for c in registry.successor_counties(granting, today)
        }
        if lead.county_number_on(today) not in counties_since:
            raise ValidationFailed(
                "leadMunicipalityNumber",
                f"must lie in the granting county {granting} (or the county that succeeded it)",
            )
        for i, number in enumerate(other_municipality_numbers):
            self._require_in_county_area(
                f"otherMunicipalityNumbers[{i}]", number, granting, counties_since
            )
        try:
            supervisor = registry.supervising_county(granting, lead.id, today)
        except ReferenceDataError as error:
            raise ValidationFailed("grantingCountyNumber", str(error)) from None
        target = Target(lead.id, supervisor.number)
        if not can_read(principal, target):  # nothing exists yet to hide: say what is wrong
            raise Forbidden("a county registers programmes only for municipalities it supervises")
        require_write(principal, Action.REGISTER_PROGRAMME, target)
        programme = Programme.register(
            name=name,
            kind=kind,
            lead_municipality_id=lead.id,
            other_municipality_ids=others,
            granting_county_number=granting,
            period_start=period_start,
            period_end=period_end,
            actor=principal.actor(),
            decision=decision,
            reason=reason,
            id_key=self.id_key,
        )
        return self._save(programme, expected_new=True)

    def advance_programme_phase(
        self,
        principal: Principal,
        programme_id: UUID,
        phase: Phase | str,
        *,
        expected_version: int | None = None,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> CommandResult:
        return self._change_programme(
            principal,
            programme_id,
            Action.ADVANCE_PHASE,
            expected_version,
            lambda p: p.advance_phase(
                phase, actor=principal.actor(), decision=decision, reason=reason
            ),
        )

    def extend_programme_period(
        self,
        principal: Principal,
        programme_id: UUID,
        period_end: date,
        *,
        expected_version: int | None = None,
        decision: DecisionRef | None,
        reason: str | None = None,
    ) -> CommandResult:
        return self._change_programme(
            principal,
            programme_id,
            Action.CHANGE_PROGRAMME_STATUS,
            expected_version,
            lambda p: p.extend_period(
                period_end, actor=principal.actor(), decision=decision, reason=reason
            ),
        )

    def add_programme_municipality(
        self,
        principal: Principal,
        programme_id: UUID,
        municipality_number: str,
        *,
        expected_version: int | None = None,
        decision: DecisionRef | None,
        reason: str | None = None,
    ) -> CommandResult:
        municipality = self._municipality("municipalityNumber", municipality_number)

        def add(programme: Programme) -> None:
            granting = programme.granting_county_number
            counties_since = {granting} | {
                c.number for c in load_registry().successor_counties(granting, today_in_norway())
            }
            self._require_in_county_area(
                "municipalityNumber", municipality_number, granting, counties_since
            )
            programme.add_municipality(
                municipality.id, actor=principal.actor(), decision=decision, reason=reason
            )

        return self._change_programme(
            principal, programme_id, Action.CHANGE_PROGRAMME_STATUS, expected_version, add
        )

    def _require_in_county_area(
        self, field_name: str, number: str, granting: str, counties: set[str]
    ) -> None:
        """A programme's municipalities lie in the area of the county that granted it: one
        county cannot bring another county's municipality under its decision."""
        municipality = self._municipality(field_name, number)
        if municipality.county_number_on(today_in_norway()) not in counties:
            raise ValidationFailed(
                field_name,
                f"must lie in the granting county {granting} (or the county that succeeded "
                "it); a municipality of another county takes part only by that county's decision",
            )

    def programme(self, principal: Principal, programme_id: UUID) -> Programme:
        programme = self._load(Programme, programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return programme

    @staticmethod
    def programme_target(programme: Programme) -> Target:
        county = load_registry().supervising_county(
            programme.granting_county_number, programme.lead_municipality_id, today_in_norway()
        )
        return Target(programme.tenant_id, county.number)

    def _change_programme(
        self,
        principal: Principal,
        programme_id: UUID,
        action: Action,
        expected_version: int | None,
        change: Callable[[Programme], None],
    ) -> CommandResult:
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, action, self.programme_target(programme))
        self._check_version(programme, expected_version)
        change(programme)
        return self._save(programme)

    # Omstillingsplan

    def draft_plan(
        self,
        principal: Principal,
        programme_id: UUID,
        content: PlanContent,
        *,
        reason: str | None = None,
    ) -> CommandResult:
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.EDIT_PLAN, self.programme_target(programme))
        plan = Omstillingsplan.draft(
            programme_id=programme.id,
            tenant_id=programme.tenant_id,
            content=content,
            actor=principal.actor(),
            reason=reason,
        )
        return self._save(plan, expected_new=True)

    def revise_plan_section(
        self,
        principal: Principal,
        plan_id: UUID,
        section: Section | str,
        text: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.revise_section(section, text, actor=principal.actor(), reason=reason),
        )

    def set_plan_main_goal(
        self,
        principal: Principal,
        plan_id: UUID,
        goal: Goal,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.set_main_goal(goal, actor=principal.actor(), reason=reason),
        )

    def put_plan_focus_area(
        self,
        principal: Principal,
        plan_id: UUID,
        focus_area: FocusArea,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.put_focus_area(focus_area, actor=principal.actor(), reason=reason),
        )

    def remove_plan_focus_area(
        self,
        principal: Principal,
        plan_id: UUID,
        code: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.remove_focus_area(code, actor=principal.actor(), reason=reason),
        )

    def submit_plan(
        self,
        principal: Principal,
        plan_id: UUID,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.submit(actor=principal.actor(), reason=reason),
        )

    def return_plan_to_draft(
        self,
        principal: Principal,
        plan_id: UUID,
        *,
        reason: str | None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.DECIDE_PLAN,
            expected_version,
            lambda p: p.return_to_draft(actor=principal.actor(), reason=reason, decision=decision),
        )

    def approve_plan(
        self,
        principal: Principal,
        plan_id: UUID,
        *,
        decision: DecisionRef | None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.DECIDE_PLAN,
            expected_version,
            lambda p: p.approve(actor=principal.actor(), decision=decision, reason=reason),
        )

    def adopt_plan(
        self,
        principal: Principal,
        plan_id: UUID,
        *,
        decision: DecisionRef | None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.RECORD_COUNCIL_DECISION,
            expected_version,
            lambda p: p.adopt(actor=principal.actor(), decision=decision, reason=reason),
        )

    def put_plan_into_force(
        self,
        principal: Principal,
        plan_id: UUID,
        effective_from: date,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_plan(
            principal,
            plan_id,
            Action.RECORD_COUNCIL_DECISION,
            expected_version,
            lambda p: p.put_into_force(effective_from, actor=principal.actor(), reason=reason),
        )

    def start_plan_revision(
        self,
        principal: Principal,
        plan_id: UUID,
        *,
        reason: str | None,
        decision: DecisionRef | None = None,
        assessment_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """`assessment_id`: the programme status assessment the revision cites (checked)."""
        return self._change_plan(
            principal,
            plan_id,
            Action.EDIT_PLAN,
            expected_version,
            lambda p: p.start_revision(
                actor=principal.actor(),
                reason=reason,
                decision=decision,
                assessment_id=self.citable_assessment(p.programme_id, assessment_id),
            ),
        )

    def plan_as_of(
        self, principal: Principal, plan_id: UUID, moment: datetime
    ) -> Omstillingsplan | None:
        """The plan as it stood at `moment`, replayed from the log (None if not yet drafted)."""
        plan = self._load(Omstillingsplan, plan_id, "plan")
        self._authorise_plan_read(principal, plan)
        version = None
        for domain_event in self.events.get(plan_id):
            if cast(Omstillingsplan.Event, domain_event).timestamp > moment:
                break
            version = domain_event.originator_version
        if version is None:
            return None
        return self.repository.get(plan_id, version=version)

    def plan(self, principal: Principal, plan_id: UUID) -> Omstillingsplan:
        plan = self._load(Omstillingsplan, plan_id, "plan")
        self._authorise_plan_read(principal, plan)
        return plan

    def _authorise_plan_read(self, principal: Principal, plan: Omstillingsplan) -> None:
        programme = self._load(Programme, plan.programme_id, "programme")
        require_read(principal, self.programme_target(programme))

    @staticmethod
    def plan_id_for(programme_id: UUID) -> UUID:
        return plan_id_for(programme_id)

    def _change_plan(
        self,
        principal: Principal,
        plan_id: UUID,
        action: Action,
        expected_version: int | None,
        change: Callable[[Omstillingsplan], None],
    ) -> CommandResult:
        return self._change_in_programme(
            principal, Omstillingsplan, plan_id, "plan", action, expected_version, change
        )

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
    ) -> CommandResult:
        """Load a record of a programme, authorise against its programme, check, change, save."""
        aggregate = loaded or self._load(kind, aggregate_id, label)
        programme = self._load(Programme, aggregate.programme_id, "programme")
        require_write(principal, action, self.programme_target(programme))
        self._check_version(aggregate, expected_version)
        change(aggregate)
        return self._save(aggregate)

    # Shared steps

    def _municipality(self, field_name: str, number: str) -> Any:
        try:
            return load_registry().municipality_by_number(number)
        except ReferenceDataError:
            raise ValidationFailed(
                field_name, f"must be a municipality number in the register (got {number!r})"
            ) from None

    def _load(self, kind: type[A], aggregate_id: UUID, label: str) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no {label} with id {aggregate_id}") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no {label} with id {aggregate_id}")
        return aggregate

    @staticmethod
    def _check_version(aggregate: Aggregate, expected_version: int | None) -> None:
        if expected_version is not None and expected_version != aggregate.version:
            raise Conflict(expected_version, aggregate.version)

    def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult:
        try:
            recordings = self.save(aggregate)
        except (IntegrityError, RecordConflictError):
            # Another writer got there first: report it, never merge.
            if expected_new:
                raise Conflict(
                    None, None, f"{type(aggregate).__name__} {aggregate.id} already exists"
                ) from None
            raise Conflict(
                None, None, "the record was changed by someone else meanwhile; reload and retry"
            ) from None
        return CommandResult(
            aggregate_id=aggregate.id,
            version=aggregate.version,
            notification_ids=tuple(r.notification.id for r in recordings),
            topics=tuple({r.notification.topic for r in recordings}),
            warnings=tuple(getattr(aggregate, "warnings", ())),
        )
