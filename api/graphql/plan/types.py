"""The restructuring plan (Omstillingsplan): GraphQL types, inputs and results."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import strawberry

from api.graphql.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from api.graphql.shared import Actor, Decision, DecisionInput
from domain.plan import content as domain
from domain.plan.model import PLAN_STATUS_NB, Omstillingsplan
from domain.plan.model import PlanStatus as DomainStatus
from domain.shared.errors import ValidationFailed
from projections.documents import content_from_doc

SUPERSEDED_NB = "Erstattet av en nyere versjon"


@strawberry.enum(description="Status of the plan (status)")
class PlanStatus(Enum):
    DRAFT = strawberry.enum_value("draft", description="Draft (utkast)")
    SUBMITTED = strawberry.enum_value("submitted", description="Submitted (lagt fram)")
    APPROVED = strawberry.enum_value(
        "approved", description="Approved by the project steering group (godkjent)"
    )
    ADOPTED = strawberry.enum_value(
        "adopted", description="Adopted by the municipal council (vedtatt i kommunestyret)"
    )
    IN_FORCE = strawberry.enum_value("in_force", description="In force (gjeldende)")


@strawberry.enum(description="Status of one version of the plan (versjonsstatus)")
class PlanVersionStatus(Enum):
    DRAFT = strawberry.enum_value("draft", description="Draft (utkast)")
    SUBMITTED = strawberry.enum_value("submitted", description="Submitted (lagt fram)")
    APPROVED = strawberry.enum_value(
        "approved", description="Approved by the project steering group (godkjent)"
    )
    ADOPTED = strawberry.enum_value(
        "adopted", description="Adopted by the municipal council (vedtatt i kommunestyret)"
    )
    IN_FORCE = strawberry.enum_value("in_force", description="In force (gjeldende)")
    SUPERSEDED = strawberry.enum_value(
        "superseded", description="Superseded by a later version (erstattet)"
    )


@strawberry.enum(
    description="Type of focus area (innsatsområdetype), so spending compares across programmes"
)
class FocusAreaKind(Enum):
    BUSINESS_DEVELOPMENT = strawberry.enum_value(
        "business_development", description="Business development (Næringsutvikling)"
    )
    ENTREPRENEURSHIP = strawberry.enum_value(
        "entrepreneurship",
        description="Entrepreneurship and new businesses (Entreprenørskap og nyetablering)",
    )
    COMPETENCE = strawberry.enum_value(
        "competence", description="Competence and recruitment (Kompetanse og rekruttering)"
    )
    ATTRACTIVENESS = strawberry.enum_value(
        "attractiveness", description="Attractiveness as a place to live (Attraktivitet og bolyst)"
    )
    INFRASTRUCTURE = strawberry.enum_value(
        "infrastructure",
        description="Infrastructure and site preparation (Infrastruktur og tilrettelegging)",
    )
    DEVELOPMENT_CAPACITY = strawberry.enum_value(
        "development_capacity", description="Development capacity (Utviklingskapasitet)"
    )
    OTHER = strawberry.enum_value("other", description="Other (Annet)")


@strawberry.enum(description="Section of the plan (kapittel i omstillingsplanen)")
class PlanSection(Enum):
    BACKGROUND = strawberry.enum_value(
        "background", description="Background (Bakgrunn for omstillingsarbeidet)"
    )
    VISION_AND_GOALS = strawberry.enum_value(
        "vision_and_goals", description="Vision and goals (Visjon og mål); its text is the vision"
    )
    FOCUS_AREAS = strawberry.enum_value(
        "focus_areas", description="Focus areas (Innsatsområder); changed one by one, not as text"
    )
    ORGANISATION = strawberry.enum_value("organisation", description="Organisation (Organisering)")
    RESOURCES_AND_FINANCING = strawberry.enum_value(
        "resources_and_financing",
        description="Resources and financing (Ressursinnsats og finansiering)",
    )
    COMMUNICATION_STRATEGY = strawberry.enum_value(
        "communication_strategy", description="Communication strategy (Kommunikasjonsstrategi)"
    )


@strawberry.enum(description="Kind of field change (endringstype)")
class ChangeKind(Enum):
    ADDED = strawberry.enum_value("added", description="Added (lagt til)")
    REMOVED = strawberry.enum_value("removed", description="Removed (fjernet)")
    CHANGED = strawberry.enum_value("changed", description="Changed (endret)")


# Output


@strawberry.type(description="Value of an indicator in a year (måltall): baseline or target")
class Measure:
    value: Decimal = strawberry.field(description="Value (verdi), exact decimal as a string")
    year: int = strawberry.field(description="Year (år)")

    @classmethod
    def of(cls, measure: domain.Measure | None) -> Measure | None:
        return None if measure is None else cls(value=measure.value, year=measure.year)


@strawberry.type(
    description="Measurable goal (mål): main goal (hovedmål) or sub-goal (delmål), with "
    "indicator, unit, baseline and target"
)
class Goal:
    code: str = strawberry.field(description="Code (kode), e.g. H1 or D1.1")
    text: str = strawberry.field(description="The goal as worded (målformulering)")
    indicator: str = strawberry.field(description="Indicator (indikator)")
    unit: str = strawberry.field(description="Unit (enhet)")
    baseline: Measure | None = strawberry.field(description="Baseline (utgangspunkt)")
    target: Measure | None = strawberry.field(description="Target (målverdi)")

    @classmethod
    def of(cls, goal: domain.Goal) -> Goal:
        return cls(
            code=goal.code,
            text=goal.text,
            indicator=goal.indicator,
            unit=goal.unit,
            baseline=Measure.of(goal.baseline),
            target=Measure.of(goal.target),
        )


@strawberry.type(description="Focus area (innsatsområde) with its sub-goals (delmål)")
class FocusArea:
    code: str = strawberry.field(description="Code (kode), e.g. I1")
    name: str = strawberry.field(description="Name (navn)")
    description: str = strawberry.field(description="Description (beskrivelse)")
    goals: list[Goal] = strawberry.field(description="Sub-goals (delmål)")
    kind: FocusAreaKind | None = strawberry.field(
        default=None,
        description="Type (innsatsområdetype); null for an area recorded before it was classified",
    )

    @classmethod
    def of(cls, area: domain.FocusArea) -> FocusArea:
        return cls(
            code=area.code,
            name=area.name,
            description=area.description,
            goals=[Goal.of(g) for g in area.goals],
            kind=None if area.kind is None else FocusAreaKind(area.kind.value),
        )


@strawberry.type(description="One of the six sections of the plan (kapittel)")
class PlanSectionText:
    section: PlanSection = strawberry.field(description="Section (kapittel)")
    title_nb: str = strawberry.field(description="Norwegian title (kapitteltittel)")
    text: str | None = strawberry.field(
        description="Text (tekst); null for focus areas, which are structured"
    )


@strawberry.type(
    description="Content of the plan (innhold): six sections, a main goal (hovedmål) and "
    "focus areas (innsatsområder)"
)
class PlanContent:
    background: str = strawberry.field(description="Background (Bakgrunn for omstillingsarbeidet)")
    vision: str = strawberry.field(
        description="Vision (visjon), in Vision and goals (Visjon og mål)"
    )
    main_goal: Goal | None = strawberry.field(description="Main goal (hovedmål)")
    focus_areas: list[FocusArea] = strawberry.field(description="Focus areas (innsatsområder)")
    organisation: str = strawberry.field(description="Organisation (Organisering)")
    resources_and_financing: str = strawberry.field(
        description="Resources and financing (Ressursinnsats og finansiering)"
    )
    communication_strategy: str = strawberry.field(
        description="Communication strategy (Kommunikasjonsstrategi)"
    )
    sections: list[PlanSectionText] = strawberry.field(
        description="The six sections in order, with Norwegian titles (kapitler)"
    )

    @classmethod
    def of(cls, content: domain.PlanContent) -> PlanContent:
        sections = [
            PlanSectionText(
                section=PlanSection[s.name],
                title_nb=domain.SECTION_NB[s],
                text=getattr(content, domain.TEXT_SECTIONS[s])
                if s in domain.TEXT_SECTIONS
                else None,
            )
            for s in domain.Section
        ]
        return cls(
            background=content.background,
            vision=content.vision,
            main_goal=Goal.of(content.main_goal) if content.main_goal else None,
            focus_areas=[FocusArea.of(a) for a in content.focus_areas],
            organisation=content.organisation,
            resources_and_financing=content.resources_and_financing,
            communication_strategy=content.communication_strategy,
            sections=sections,
        )

    @classmethod
    def of_doc(cls, doc: dict[str, Any]) -> PlanContent:
        return cls.of(content_from_doc(doc))


@strawberry.type(
    description="Restructuring plan (Omstillingsplan): the programme's steering document"
)
class Plan:
    id: UUID = strawberry.field(description="Plan id (plan-id)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    status: PlanStatus = strawberry.field(description="Status (status) of the working version")
    status_nb: str = strawberry.field(description="Status in Norwegian (status)")
    version_number: int = strawberry.field(
        description="Working version number (versjonsnummer): 1, then one more per revision"
    )
    in_force_version: int | None = strawberry.field(
        description="Number of the version in force (gjeldende versjon), if any"
    )
    in_force_from: date | None = strawberry.field(
        description="Date the version in force took effect (gjeldende fra)"
    )
    content: PlanContent = strawberry.field(description="Content of the working version (innhold)")
    warnings: list[str] = strawberry.field(
        description="Accepted, but unusual (advarsler), e.g. focus areas outside three to four"
    )
    version: int = strawberry.field(
        description="Version of the record (versjon), for expectedVersion in mutations"
    )
    updated_at: datetime | None = strawberry.field(description="Last changed at (sist endret)")

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> Plan:
        status = DomainStatus(row["status"])
        return cls(
            id=UUID(row["plan_id"]),
            programme_id=UUID(row["programme_id"]),
            status=PlanStatus[status.name],
            status_nb=PLAN_STATUS_NB[status],
            version_number=row["version_number"],
            in_force_version=row["in_force_version"],
            in_force_from=date.fromisoformat(row["in_force_from"])
            if row["in_force_from"]
            else None,
            content=PlanContent.of_doc(row["content"]),
            warnings=list(row["warnings"]),
            version=row["aggregate_version"],
            updated_at=datetime.fromisoformat(row["updated_at"]),
        )

    @classmethod
    def of_aggregate(cls, plan: Omstillingsplan) -> Plan:
        """A plan replayed from the log (planAsOf), in the same shape as the current one."""
        status = DomainStatus(plan.status)
        return cls(
            id=plan.id,
            programme_id=plan.programme_id,
            status=PlanStatus[status.name],
            status_nb=PLAN_STATUS_NB[status],
            version_number=plan.version_number,
            in_force_version=plan.in_force.number if plan.in_force else None,
            in_force_from=plan.in_force.effective_from if plan.in_force else None,
            content=PlanContent.of(plan.content),
            warnings=list(plan.warnings),
            version=plan.version,
            updated_at=plan.modified_on,
        )


@strawberry.type(description="One recorded change to a version (endring), with its reason")
class PlanChange:
    event_type: str = strawberry.field(
        description="Event type (hendelsestype), e.g. SectionRevised"
    )
    description: str = strawberry.field(description="What changed (beskrivelse)")
    reason: str | None = strawberry.field(description="Reason (begrunnelse)")
    actor: Actor = strawberry.field(description="Who made the change (utført av)")
    at: datetime = strawberry.field(description="When (tidspunkt), UTC")
    aggregate_version: int = strawberry.field(
        description="Record version after the change (versjon)"
    )

    @classmethod
    def of(cls, change: dict[str, Any]) -> PlanChange:
        actor = change["actor"]
        return cls(
            event_type=change["eventType"],
            description=change["description"],
            reason=change["reason"],
            actor=Actor.of(actor["userId"], actor["name"], actor["role"]),
            at=datetime.fromisoformat(change["at"]),
            aggregate_version=change["aggregateVersion"],
        )


@strawberry.type(
    description="A version of the plan (planversjon): why it was started, the decisions that "
    "approved and adopted it, when it took effect and when it was superseded"
)
class PlanVersion:
    version_number: int = strawberry.field(description="Version number (versjonsnummer)")
    status: PlanVersionStatus = strawberry.field(description="Status (status)")
    status_nb: str = strawberry.field(description="Status in Norwegian (status)")
    started_at: datetime = strawberry.field(description="Started at (påbegynt)")
    started_reason: str | None = strawberry.field(
        description="Why the version was started (begrunnelse), e.g. the October review (rullering)"
    )
    started_by_decision: Decision | None = strawberry.field(
        description="Decision that started the revision (vedtak om rullering), if any"
    )
    approved_by: Decision | None = strawberry.field(
        description="Approval by the project steering group (godkjenning)"
    )
    adopted_by: Decision | None = strawberry.field(
        description="Adoption by the municipal council (vedtak i kommunestyret)"
    )
    effective_from: date | None = strawberry.field(description="In force from (gjeldende fra)")
    superseded_from: date | None = strawberry.field(description="Superseded from (erstattet fra)")
    content: PlanContent = strawberry.field(description="Content of this version (innhold)")
    changes: list[PlanChange] = strawberry.field(description="Changes in order (endringslogg)")
    plan_id: strawberry.Private[UUID | None] = None

    @strawberry.field(
        description="The status assessment the revision cites (programstatusvurdering), if any"
    )
    def cited_assessment(self, info: strawberry.Info) -> CitedAssessment | None:
        if self.plan_id is None:
            return None
        view = info.context.runtime.assessments
        assessment_id = view.citation(self.plan_id, self.version_number)
        row = view.assessment(assessment_id) if assessment_id else None
        if row is None:
            return None
        return CitedAssessment(
            id=row.assessment_id,
            year=row.year,
            held_on=row.held_on,
            weighted_score=row.weighted_score,
        )

    @classmethod
    def of(cls, row: dict[str, Any]) -> PlanVersion:
        status = PlanVersionStatus(row["status"])
        status_nb = (
            SUPERSEDED_NB
            if status is PlanVersionStatus.SUPERSEDED
            else PLAN_STATUS_NB[DomainStatus(row["status"])]
        )
        return cls(
            version_number=row["version_number"],
            status=status,
            status_nb=status_nb,
            started_at=datetime.fromisoformat(row["started_at"]),
            started_reason=row["started_reason"],
            started_by_decision=Decision.from_doc(row["started_by"]),
            approved_by=Decision.from_doc(row["approved_by"]),
            adopted_by=Decision.from_doc(row["adopted_by"]),
            effective_from=_date(row["effective_from"]),
            superseded_from=_date(row["superseded_from"]),
            content=PlanContent.of_doc(row["content"]),
            changes=[PlanChange.of(c) for c in row["changes"]],
            plan_id=UUID(row["plan_id"]) if row.get("plan_id") else None,
        )


@strawberry.type(description="The status assessment a plan revision cites (programstatusvurdering)")
class CitedAssessment:
    id: UUID = strawberry.field(description="Assessment id (vurderings-id)")
    year: int = strawberry.field(description="Year assessed (år)")
    held_on: date = strawberry.field(description="Meeting date (møtedato)")
    weighted_score: Decimal = strawberry.field(description="Weighted score (vektet poengsum)")


@strawberry.type(description="A field-level change between two versions (feltendring)")
class FieldChange:
    path: str = strawberry.field(
        description="Field path (felt), e.g. focusAreas[I2].goals[D2.1].target.value"
    )
    before: str | None = strawberry.field(description="Value before (før), null if added")
    after: str | None = strawberry.field(description="Value after (etter), null if removed")
    kind: ChangeKind = strawberry.field(description="Kind of change (endringstype)")

    @classmethod
    def of(cls, change: domain.FieldChange) -> FieldChange:
        return cls(
            path=change.path,
            before=_text(change.before),
            after=_text(change.after),
            kind=ChangeKind(change.kind),
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# Input


@strawberry.input(description="Value of an indicator in a year (måltall)")
class MeasureInput:
    value: Decimal = strawberry.field(description='Value (verdi) as a decimal string, e.g. "120"')
    year: int = strawberry.field(description="Year (år)")

    def to_domain(self, at: str) -> domain.Measure:
        try:
            return domain.Measure(self.value, self.year)
        except ValidationFailed as error:
            raise error.at(at) from None


def _measure(measure: MeasureInput | None, at: str) -> domain.Measure | None:
    return measure.to_domain(at) if measure is not None else None


@strawberry.input(
    description="Measurable goal (mål): indicator, unit, baseline and target are all required "
    "(goals must be målbare), checked by the domain so the error names the field"
)
class GoalInput:
    code: str = strawberry.field(description="Code (kode), e.g. H1 or D1.1")
    text: str = strawberry.field(description="The goal as worded (målformulering)")
    indicator: str = strawberry.field(description="Indicator (indikator)")
    unit: str = strawberry.field(description="Unit (enhet)")
    baseline: MeasureInput | None = strawberry.field(
        default=None, description="Baseline (utgangspunkt); required"
    )
    target: MeasureInput | None = strawberry.field(
        default=None, description="Target (målverdi); required"
    )

    def to_domain(self, at: str) -> domain.Goal:
        baseline = _measure(self.baseline, f"{at}.baseline")
        target = _measure(self.target, f"{at}.target")
        try:
            return domain.Goal(self.code, self.text, self.indicator, self.unit, baseline, target)
        except ValidationFailed as error:
            raise error.at(at) from None


@strawberry.input(description="Focus area (innsatsområde) with at least one sub-goal (delmål)")
class FocusAreaInput:
    code: str = strawberry.field(description="Code (kode), e.g. I1")
    name: str = strawberry.field(description="Name (navn)")
    goals: list[GoalInput] = strawberry.field(description="Sub-goals (delmål)")
    description: str = strawberry.field(default="", description="Description (beskrivelse)")
    kind: FocusAreaKind | None = strawberry.field(
        default=None,
        description="Type (innsatsområdetype), for comparing spending across programmes",
    )

    def to_domain(self, at: str) -> domain.FocusArea:
        goals = tuple(g.to_domain(f"{at}.goals[{i}]") for i, g in enumerate(self.goals))
        kind = None if self.kind is None else domain.FocusAreaKind[self.kind.name]
        try:
            return domain.FocusArea(self.code, self.name, self.description, goals, kind)
        except ValidationFailed as error:
            raise error.at(at) from None


@strawberry.input(
    description="Content of the plan (innhold); a draft may be incomplete, submission needs all six sections"
)
class PlanContentInput:
    background: str = strawberry.field(
        default="", description="Background (Bakgrunn for omstillingsarbeidet)"
    )
    vision: str = strawberry.field(default="", description="Vision (visjon)")
    main_goal: GoalInput | None = strawberry.field(default=None, description="Main goal (hovedmål)")
    focus_areas: list[FocusAreaInput] = strawberry.field(
        default_factory=list, description="Focus areas (innsatsområder), normally three to four"
    )
    organisation: str = strawberry.field(default="", description="Organisation (Organisering)")
    resources_and_financing: str = strawberry.field(
        default="", description="Resources and financing (Ressursinnsats og finansiering)"
    )
    communication_strategy: str = strawberry.field(
        default="", description="Communication strategy (Kommunikasjonsstrategi)"
    )

    def to_domain(self, at: str = "content") -> domain.PlanContent:
        main_goal = self.main_goal.to_domain(f"{at}.mainGoal") if self.main_goal else None
        areas = tuple(a.to_domain(f"{at}.focusAreas[{i}]") for i, a in enumerate(self.focus_areas))
        try:
            return domain.PlanContent(
                background=self.background,
                vision=self.vision,
                main_goal=main_goal,
                focus_areas=areas,
                organisation=self.organisation,
                resources_and_financing=self.resources_and_financing,
                communication_strategy=self.communication_strategy,
            )
        except ValidationFailed as error:
            raise error.at(at) from None


_PROGRAMME = "The programme (omstillingsprogram) whose plan this is"
_REASON = "Reason (begrunnelse)"
_EXPECTED = "The plan version you read (forventet versjon); a stale one is refused"


@strawberry.input(description="Draft the plan (utarbeide utkast til omstillingsplan)")
class DraftPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    content: PlanContentInput = strawberry.field(description="Content of the draft (innhold)")
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(description="Revise one text section of the draft (revidere kapittel)")
class RevisePlanSectionInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    section: PlanSection = strawberry.field(description="Section (kapittel)")
    text: str = strawberry.field(description="New text (ny tekst), at most 20 000 characters")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Set the main goal (hovedmål) of the draft")
class SetPlanMainGoalInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    goal: GoalInput = strawberry.field(description="The main goal (hovedmål)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(
    description="Add or replace a focus area (innsatsområde) of the draft, by its code"
)
class PutPlanFocusAreaInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    focus_area: FocusAreaInput = strawberry.field(description="The focus area (innsatsområde)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Remove a focus area (innsatsområde) from the draft")
class RemovePlanFocusAreaInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description="Code of the focus area (kode)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Submit the draft (legge fram) to the project steering group")
class SubmitPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Send the plan back to draft (sende tilbake til utkast)")
class ReturnPlanToDraftInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(
    description="Record the steering group's approval (godkjenning i prosjektstyringsgruppen)"
)
class ApprovePlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    decision: DecisionInput | None = strawberry.field(
        default=None,
        description="The approving decision (vedtak), by the steering group or the board; required",
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Record the council's adoption (vedtak i kommunestyret)")
class AdoptPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The council's decision (kommunestyrets vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Put the adopted plan into force (sette i verk)")
class PutPlanIntoForceInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    effective_from: date = strawberry.field(description="In force from (gjeldende fra)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(
    description="Start a revision (rullering) of the plan in force: a new draft version"
)
class StartPlanRevisionInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    reason: str | None = strawberry.field(
        default=None, description=f"{_REASON}, e.g. the October review; required"
    )
    assessment_id: UUID | None = strawberry.field(
        default=None,
        description="The status assessment the revision follows (programstatusvurdering): "
        "held, of the same programme",
    )
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.type(description="The plan after the change (omstillingsplanen etter endringen)")
class PlanPayload:
    plan: Plan | None = strawberry.field(description="The plan as now recorded (omstillingsplanen)")
    version: int = strawberry.field(description="The plan's new version (versjon)")
    warnings: list[str] = strawberry.field(
        description="Accepted, but unusual (advarsler), e.g. focus areas outside three to four"
    )


PlanResult = Annotated[
    PlanPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "PlanResult", description="The changed plan, or why nothing was written (resultat)"
    ),
]
