"""Projects (tiltak): mandate, milestones, scores and prioritisation; types, inputs and results."""

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
from api.graphql.shared import Decision, DecisionInput
from domain.project import mandate as domain
from domain.project.model import PROJECT_STATUS_NB
from domain.project.model import ProjectStatus as DomainStatus
from domain.project.prioritisation import CRITERION_NB
from domain.project.prioritisation import Criterion as DomainCriterion
from domain.project.prioritisation import Score as DomainScore
from domain.project.prioritisation import Weights as DomainWeights
from domain.shared.errors import ValidationFailed
from projections.projects import MilestoneRow, PrioritisationRow, ProjectRow


@strawberry.enum(description="Status of a project (prosjektstatus)")
class ProjectStatus(Enum):
    PROPOSED = strawberry.enum_value("proposed", description="Proposed (foreslått)")
    PRIORITISED = strawberry.enum_value("prioritised", description="Prioritised (prioritert)")
    APPROVED = strawberry.enum_value("approved", description="Approved (vedtatt)")
    RUNNING = strawberry.enum_value("running", description="Running (pågår)")
    COMPLETED = strawberry.enum_value("completed", description="Completed (avsluttet)")
    STOPPED = strawberry.enum_value("stopped", description="Stopped (stoppet)")


@strawberry.enum(description="Prioritisation criterion (prioriteringskriterium), scored 1–5")
class Criterion(Enum):
    EFFECT = strawberry.enum_value(
        "effect", description="The effect the project gives (hvilken effekt prosjektet gir)"
    )
    MONEY = strawberry.enum_value(
        "money", description="Little money needed (økonomiske ressurser prosjektet krever)"
    )
    SPEED = strawberry.enum_value(
        "speed", description="Fast to carry out (hvor raskt gjennomføringen kan skje)"
    )
    PERSONNEL = strawberry.enum_value(
        "personnel", description="Few people needed (personalressurser prosjektet krever)"
    )


# Output


@strawberry.type(description="A work stream of the project (arbeidsstrøm)")
class WorkStream:
    name: str = strawberry.field(description="Name (navn)")
    scope: str = strawberry.field(description="Scope (omfang)")


@strawberry.type(description="How the project is run (organisering)")
class ProjectOrganisation:
    steering_group: list[str] = strawberry.field(description="Steering group (styringsgruppe)")
    work_streams: list[WorkStream] = strawberry.field(description="Work streams (arbeidsstrømmer)")


@strawberry.type(description="A decision point of the mandate (beslutningspunkt)")
class DecisionPoint:
    name: str = strawberry.field(description="Name (navn)")
    due_on: date = strawberry.field(description="Date (dato)")


@strawberry.type(description="The project's mandate (prosjektmandat)")
class Mandate:
    name: str = strawberry.field(description="Project name (prosjektnavn)")
    owner: str = strawberry.field(description="Project owner (prosjekteier)")
    starts_on: date = strawberry.field(description="Planned start (oppstart)")
    ends_on: date | None = strawberry.field(description="Planned end (avslutning)")
    project_leader: str | None = strawberry.field(description="Project leader (prosjektleder)")
    background: str = strawberry.field(description="Background (bakgrunn)")
    purpose: str = strawberry.field(description="Purpose (formål)")
    description: str = strawberry.field(description="Description (beskrivelse)")
    organisation: ProjectOrganisation = strawberry.field(description="Organisation (organisering)")
    result_goals: list[str] = strawberry.field(description="Result goals (resultatmål)")
    effect_goals: list[str] = strawberry.field(description="Effect goals (effektmål)")
    gains: list[str] = strawberry.field(description="Gains (gevinster)")
    constraints: list[str] = strawberry.field(description="Constraints (rammer)")
    decision_points: list[DecisionPoint] = strawberry.field(
        description="Decision points (beslutningspunkter)"
    )

    @classmethod
    def of_doc(cls, doc: dict[str, Any]) -> Mandate:
        organisation = doc.get("organisation") or {}
        return cls(
            name=doc["name"],
            owner=doc["owner"],
            starts_on=date.fromisoformat(doc["startsOn"]),
            ends_on=date.fromisoformat(doc["endsOn"]) if doc.get("endsOn") else None,
            project_leader=doc.get("projectLeader"),
            background=doc.get("background") or "",
            purpose=doc.get("purpose") or "",
            description=doc.get("description") or "",
            organisation=ProjectOrganisation(
                steering_group=list(organisation.get("steeringGroup", [])),
                work_streams=[
                    WorkStream(name=w["name"], scope=w.get("scope") or "")
                    for w in organisation.get("workStreams", [])
                ],
            ),
            result_goals=list(doc.get("resultGoals", [])),
            effect_goals=list(doc.get("effectGoals", [])),
            gains=list(doc.get("gains", [])),
            constraints=list(doc.get("constraints", [])),
            decision_points=[
                DecisionPoint(name=p["name"], due_on=date.fromisoformat(p["dueOn"]))
                for p in doc.get("decisionPoints", [])
            ],
        )


@strawberry.type(description="A milestone (milepæl), M1 … M16, late or not on the date asked")
class Milestone:
    number: str = strawberry.field(description="Number (nummer), e.g. M1")
    order: int = strawberry.field(description="Order (rekkefølge)")
    name: str = strawberry.field(description="Name (navn)")
    criterion: str = strawberry.field(description="Completion criterion (fullføringskriterium)")
    due_on: date = strawberry.field(description="Due date (frist)")
    completed_on: date | None = strawberry.field(description="Completed on (fullført)")
    completed_by: str | None = strawberry.field(description="Completed by (fullført av)")
    evidence: str | None = strawberry.field(description="Evidence (dokumentasjon)")
    late: bool = strawberry.field(description="Past due and unfinished on the date (forsinket)")
    days_late: int = strawberry.field(description="Days past due if late (dager forsinket)")

    @classmethod
    def of(cls, row: MilestoneRow, on: date, ended: bool = False) -> Milestone:
        late = not ended and row.is_late(on)
        return cls(
            number=row.number,
            order=row.order,
            name=row.name,
            criterion=row.criterion,
            due_on=row.due_on,
            completed_on=row.completed_on,
            completed_by=row.completed_by,
            evidence=row.evidence,
            late=late,
            days_late=(on - row.due_on).days if late else 0,
        )


@strawberry.type(description="One criterion scored for the project (poengsum)")
class Score:
    criterion: Criterion = strawberry.field(description="Criterion (kriterium)")
    criterion_nb: str = strawberry.field(description="The criterion in Norwegian (kriterium)")
    value: int = strawberry.field(description="Score 1–5 (poeng)")
    scored_by: str = strawberry.field(description="Scored by (vurdert av)")
    scored_on: date = strawberry.field(description="Scored on (vurdert dato)")
    note: str = strawberry.field(description="Note (merknad)")

    @classmethod
    def of(cls, doc: dict[str, Any]) -> Score:
        criterion = DomainCriterion(doc["criterion"])
        return cls(
            criterion=Criterion[criterion.name],
            criterion_nb=CRITERION_NB[criterion],
            value=int(doc["value"]),
            scored_by=doc["scoredBy"],
            scored_on=date.fromisoformat(doc["scoredOn"]),
            note=doc.get("note") or "",
        )


@strawberry.type(description="How much each criterion counts (vekting)")
class Weights:
    effect: int = strawberry.field(description="Weight of effect (vekt effekt)")
    money: int = strawberry.field(description="Weight of money (vekt økonomi)")
    speed: int = strawberry.field(description="Weight of speed (vekt tid)")
    personnel: int = strawberry.field(description="Weight of personnel (vekt personell)")

    @classmethod
    def of(cls, doc: dict[str, int] | None) -> Weights | None:
        if doc is None:
            return None
        return cls(
            effect=doc["effect"], money=doc["money"], speed=doc["speed"], personnel=doc["personnel"]
        )


@strawberry.type(description="A project (tiltak / prosjekt) of the programme")
class Project:
    id: UUID = strawberry.field(description="Project id (prosjekt-id)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    code: str = strawberry.field(description="Project code (prosjektkode)")
    name: str = strawberry.field(description="Name (navn)")
    focus_area_code: str = strawberry.field(description="Focus area (innsatsområde)")
    plan_id: UUID = strawberry.field(description="The Omstillingsplan it builds on (plan)")
    plan_version: int = strawberry.field(description="That plan's version (planversjon)")
    status: ProjectStatus = strawberry.field(description="Status (status)")
    status_nb: str = strawberry.field(description="Status in Norwegian (status)")
    mandate: Mandate = strawberry.field(description="Mandate (prosjektmandat)")
    on: date = strawberry.field(description="The date lateness is judged on (per dato)")
    milestones: list[Milestone] = strawberry.field(description="Milestones in order (milepæler)")
    late_milestones: list[Milestone] = strawberry.field(
        description="Milestones late on the date (forsinkede milepæler)"
    )
    scores: list[Score] = strawberry.field(description="Latest scores (poeng)")
    weights: Weights | None = strawberry.field(
        description="Weights of its prioritisation (vekting)"
    )
    weighted_score: Decimal | None = strawberry.field(
        description="Weighted score 1–5 (vektet poengsum)"
    )
    prioritised_by: Decision | None = strawberry.field(
        description="Prioritising decision (prioriteringsvedtak)"
    )
    approved_by: Decision | None = strawberry.field(description="Approving decision (vedtak)")
    started_on: date | None = strawberry.field(description="Started on (startet)")
    ended_on: date | None = strawberry.field(description="Ended on (avsluttet)")
    end_reason: str | None = strawberry.field(description="Why it ended (begrunnelse)")
    ended_by: Decision | None = strawberry.field(description="Decision ending it (vedtak)")
    version: int = strawberry.field(
        description="Version of the record (versjon), for expectedVersion in mutations"
    )
    updated_at: datetime = strawberry.field(description="Last changed at (sist endret)")

    @classmethod
    def of_row(cls, row: ProjectRow, on: date) -> Project:
        status = DomainStatus(row.status)
        ended = row.ended_on is not None and on >= row.ended_on
        milestones = [Milestone.of(m, on, ended) for m in row.milestones]
        return cls(
            id=row.project_id,
            programme_id=row.programme_id,
            code=row.code,
            name=row.name,
            focus_area_code=row.focus_area_code,
            plan_id=row.plan_id,
            plan_version=row.plan_version,
            status=ProjectStatus[status.name],
            status_nb=PROJECT_STATUS_NB[status],
            mandate=Mandate.of_doc(row.mandate),
            on=on,
            milestones=milestones,
            late_milestones=[m for m in milestones if m.late],
            scores=[Score.of(s) for s in row.scores],
            weights=Weights.of(row.weights),
            weighted_score=row.weighted_score,
            prioritised_by=Decision.from_doc(row.prioritised_by),
            approved_by=Decision.from_doc(row.approved_by),
            started_on=row.started_on,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            ended_by=Decision.from_doc(row.ended_by),
            version=row.aggregate_version,
            updated_at=datetime.fromisoformat(row.updated_at),
        )


@strawberry.type(description="A candidate's place in a prioritisation (rangering)")
class RankedProject:
    position: int = strawberry.field(description="Position, ties shared (plass)")
    project_id: UUID = strawberry.field(description="Project id (prosjekt-id)")
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    points: int = strawberry.field(description="Weighted sum (vektet sum)")
    weighted_score: Decimal = strawberry.field(description="Weighted score 1–5 (vektet poengsum)")
    scores: list[Score] = strawberry.field(description="Scores it was ranked on (poeng)")


@strawberry.type(
    description="One prioritisation decision (prioritering): its weights and the ranking it "
    "recorded, best first"
)
class Prioritisation:
    id: UUID = strawberry.field(description="Prioritisation id (prioriterings-id)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    decision: Decision = strawberry.field(description="The board's decision (vedtak)")
    decided_on: date = strawberry.field(description="Decided on (vedtaksdato)")
    weights: Weights = strawberry.field(description="Weights chosen (vekting)")
    ranking: list[RankedProject] = strawberry.field(description="Ranking, best first (rangering)")
    recorded_at: datetime = strawberry.field(description="Recorded at (registrert)")

    @classmethod
    def of(cls, row: PrioritisationRow) -> Prioritisation:
        decision, weights = Decision.from_doc(row.decision), Weights.of(row.weights)
        assert decision is not None and weights is not None
        return cls(
            id=row.prioritisation_id,
            programme_id=row.programme_id,
            decision=decision,
            decided_on=row.decided_on,
            weights=weights,
            ranking=[
                RankedProject(
                    position=r.position,
                    project_id=r.project_id,
                    project_code=r.project_code,
                    points=r.points,
                    weighted_score=r.weighted_score,
                    scores=[Score.of(s) for s in r.scores],
                )
                for r in row.ranking
            ],
            recorded_at=datetime.fromisoformat(row.recorded_at),
        )


# Input


def _located(at: str, build: Any) -> Any:
    try:
        return build()
    except ValidationFailed as error:
        raise error.at(at) from None


@strawberry.input(description="A work stream (arbeidsstrøm)")
class WorkStreamInput:
    name: str = strawberry.field(description="Name (navn)")
    scope: str = strawberry.field(default="", description="Scope (omfang)")


@strawberry.input(description="How the project is run (organisering)")
class ProjectOrganisationInput:
    steering_group: list[str] = strawberry.field(
        default_factory=list, description="Steering group (styringsgruppe)"
    )
    work_streams: list[WorkStreamInput] = strawberry.field(
        default_factory=list, description="Work streams (arbeidsstrømmer)"
    )


@strawberry.input(description="A decision point (beslutningspunkt)")
class DecisionPointInput:
    name: str = strawberry.field(description="Name (navn)")
    due_on: date = strawberry.field(description="Date (dato)")


@strawberry.input(description="The project's mandate (prosjektmandat)")
class MandateInput:
    name: str = strawberry.field(description="Project name (prosjektnavn)")
    owner: str = strawberry.field(description="Project owner (prosjekteier)")
    starts_on: date = strawberry.field(description="Planned start (oppstart)")
    ends_on: date | None = strawberry.field(default=None, description="Planned end (avslutning)")
    project_leader: str | None = strawberry.field(
        default=None, description="Project leader (prosjektleder)"
    )
    background: str = strawberry.field(default="", description="Background (bakgrunn)")
    purpose: str = strawberry.field(default="", description="Purpose (formål)")
    description: str = strawberry.field(default="", description="Description (beskrivelse)")
    organisation: ProjectOrganisationInput | None = strawberry.field(
        default=None, description="Organisation (organisering)"
    )
    result_goals: list[str] = strawberry.field(
        default_factory=list, description="Result goals (resultatmål)"
    )
    effect_goals: list[str] = strawberry.field(
        default_factory=list, description="Effect goals (effektmål)"
    )
    gains: list[str] = strawberry.field(default_factory=list, description="Gains (gevinster)")
    constraints: list[str] = strawberry.field(
        default_factory=list, description="Constraints (rammer)"
    )
    decision_points: list[DecisionPointInput] = strawberry.field(
        default_factory=list, description="Decision points (beslutningspunkter)"
    )

    def to_domain(self, at: str = "mandate") -> domain.Mandate:
        org = self.organisation or ProjectOrganisationInput()
        organisation = _located(
            f"{at}.organisation",
            lambda: domain.Organisation(
                tuple(org.steering_group),
                tuple(
                    _located(
                        f"{at}.organisation.workStreams[{i}]",
                        lambda w=w: domain.WorkStream(w.name, w.scope),
                    )
                    for i, w in enumerate(org.work_streams)
                ),
            ),
        )
        points = tuple(
            _located(
                f"{at}.decisionPoints[{i}]", lambda p=p: domain.DecisionPoint(p.name, p.due_on)
            )
            for i, p in enumerate(self.decision_points)
        )
        return _located(  # type: ignore[no-any-return]
            at,
            lambda: domain.Mandate(
                name=self.name,
                owner=self.owner,
                starts_on=self.starts_on,
                ends_on=self.ends_on,
                project_leader=self.project_leader,
                background=self.background,
                purpose=self.purpose,
                description=self.description,
                organisation=organisation,
                result_goals=tuple(self.result_goals),
                effect_goals=tuple(self.effect_goals),
                gains=tuple(self.gains),
                constraints=tuple(self.constraints),
                decision_points=points,
            ),
        )


@strawberry.input(description="A milestone (milepæl)")
class MilestoneInput:
    number: str = strawberry.field(description="Number (nummer), M1 … M999")
    name: str = strawberry.field(description="Name (navn)")
    due_on: date = strawberry.field(description="Due date (frist)")
    criterion: str = strawberry.field(
        default="", description="Completion criterion (fullføringskriterium)"
    )

    def to_domain(self, at: str) -> domain.Milestone:
        return _located(  # type: ignore[no-any-return]
            at, lambda: domain.Milestone(self.number, self.name, self.due_on, self.criterion)
        )


@strawberry.input(description="One criterion scored (poengsum)")
class ScoreInput:
    criterion: Criterion = strawberry.field(description="Criterion (kriterium)")
    value: int = strawberry.field(description="Score 1–5 (poeng)")
    scored_by: str = strawberry.field(description="Scored by (vurdert av)")
    scored_on: date = strawberry.field(description="Scored on (vurdert dato)")
    note: str = strawberry.field(default="", description="Note (merknad)")

    def to_domain(self, at: str) -> DomainScore:
        return _located(  # type: ignore[no-any-return]
            at,
            lambda: DomainScore(
                DomainCriterion[self.criterion.name],
                self.value,
                self.scored_by,
                self.scored_on,
                self.note,
            ),
        )


@strawberry.input(description="How much each criterion counts (vekting), whole numbers")
class WeightsInput:
    effect: int = strawberry.field(description="Weight of effect (vekt effekt)")
    money: int = strawberry.field(description="Weight of money (vekt økonomi)")
    speed: int = strawberry.field(description="Weight of speed (vekt tid)")
    personnel: int = strawberry.field(description="Weight of personnel (vekt personell)")

    def to_domain(self) -> DomainWeights:
        return DomainWeights(self.effect, self.money, self.speed, self.personnel)


_PROGRAMME = "The programme (omstillingsprogram) the project belongs to"
_CODE = "The project's code (prosjektkode)"
_REASON = "Reason (begrunnelse)"
_EXPECTED = "The project version you read (forventet versjon); a stale one is refused"


@strawberry.input(description="Propose a project (foreslå tiltak) on a focus area")
class ProposeProjectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    focus_area_code: str = strawberry.field(description="Focus area (innsatsområde)")
    mandate: MandateInput = strawberry.field(description="Mandate (prosjektmandat)")
    milestones: list[MilestoneInput] = strawberry.field(
        default_factory=list, description="Milestones (milepæler)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(description="Move the project to another focus area (bytte innsatsområde)")
class ChangeProjectFocusAreaInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    focus_area_code: str = strawberry.field(description="New focus area (innsatsområde)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Revise the mandate (revidere prosjektmandat)")
class ReviseProjectMandateInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    mandate: MandateInput = strawberry.field(description="Mandate (prosjektmandat)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Board decision, for an approved project (vedtak)"
    )
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Add or replace a milestone (milepæl)")
class PutProjectMilestoneInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    milestone: MilestoneInput = strawberry.field(description="Milestone (milepæl)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Remove a milestone (fjerne milepæl)")
class RemoveProjectMilestoneInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    number: str = strawberry.field(description="Milestone number (nummer)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Record scores (poeng) on the criteria")
class ScoreProjectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    scores: list[ScoreInput] = strawberry.field(description="Scores (poeng)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="The board prioritises candidates (prioritere tiltak)")
class PrioritiseProjectsInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    project_codes: list[str] = strawberry.field(description="Candidates (kandidater)")
    weights: WeightsInput = strawberry.field(description="Weights (vekting)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The board's decision (styrevedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(description="Approve the project (vedta tiltak)")
class ApproveProjectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The board's decision (styrevedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Start the project (starte tiltak)")
class StartProjectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    started_on: date = strawberry.field(description="Started on (startdato)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Complete a milestone (fullføre milepæl)")
class CompleteMilestoneInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    number: str = strawberry.field(description="Milestone number (nummer)")
    completed_on: date = strawberry.field(description="Completed on (fullført)")
    evidence: str = strawberry.field(description="Evidence (dokumentasjon)")
    completed_by: str | None = strawberry.field(
        default=None, description="Completed by (fullført av); you by default"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Complete the project (avslutte tiltak)")
class CompleteProjectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    completed_on: date = strawberry.field(description="Completed on (avsluttet)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Stop the project (stoppe tiltak), the board's call")
class StopProjectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    code: str = strawberry.field(description=_CODE)
    stopped_on: date = strawberry.field(description="Stopped on (stoppet)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.type(description="The project after the change (tiltaket etter endringen)")
class ProjectPayload:
    project: Project | None = strawberry.field(description="The project as now recorded (tiltak)")
    version: int = strawberry.field(description="The project's new version (versjon)")
    warnings: list[str] = strawberry.field(description="Accepted, but unusual (advarsler)")


@strawberry.type(description="The prioritisation recorded (prioritering)")
class PrioritisationPayload:
    prioritisation: Prioritisation | None = strawberry.field(
        description="The ranking the decision recorded (rangering)"
    )
    projects: list[Project] = strawberry.field(description="The candidates as now (kandidater)")


ProjectResult = Annotated[
    ProjectPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "ProjectResult", description="The changed project, or why nothing was written (resultat)"
    ),
]
PrioritisationResult = Annotated[
    PrioritisationPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "PrioritisationResult",
        description="The recorded prioritisation, or why nothing was written (resultat)",
    ),
]
