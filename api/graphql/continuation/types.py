"""Videreføring (continuation, seed 001): stages, owners, deliverables, outcomes, costs and
lateness; types, inputs and results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import Money
from api.graphql.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from api.graphql.shared import Actor, Decision, DecisionInput
from domain.continuation import stages as domain
from domain.continuation.deadlines import StageStanding
from projections.continuation import (
    ContinuationRecord,
    ContinuationStatus,
    CostRow,
    StageRow,
)

SHARE = Decimal("0.0001")
_VERSION = "The Videreføring's version you read (forventet versjon); 0 or left out before it starts"
_REASON = "Reason (begrunnelse)"
_PROGRAMME = "The programme (omstillingsprogram)"


@strawberry.enum(description="Stage of Videreføring (fase i videreføringen)")
class ContinuationStage(Enum):
    FORSTUDIE = strawberry.enum_value("forstudie", description="Pre-study, 4–6 weeks (forstudie)")
    FORPROSJEKT = strawberry.enum_value(
        "forprosjekt", description="Pre-project, 4–6 months (forprosjekt)"
    )
    HOVEDPROSJEKT = strawberry.enum_value(
        "hovedprosjekt", description="Main project, 3–6 months (hovedprosjekt)"
    )


@strawberry.enum(description="Kind of project owner (type prosjekteier)")
class OwnerKind(Enum):
    MUNICIPALITY = strawberry.enum_value(
        "municipality", description="The restructuring municipality (omstillingskommunen)"
    )
    LOCAL_PARTNER = strawberry.enum_value(
        "local_partner", description="A local partner (lokal partner); forprosjekt only"
    )


@strawberry.enum(description="Outcome of the hovedprosjekt (resultat av hovedprosjektet)")
class OutcomeKind(Enum):
    COMPANY_FOUNDED = strawberry.enum_value(
        "company_founded", description="The company is founded (selskapet er stiftet)"
    )
    BOARD_ELECTED = strawberry.enum_value(
        "board_elected", description="The board is elected (styret er valgt)"
    )
    MANAGING_DIRECTOR_HIRING_STARTED = strawberry.enum_value(
        "managing_director_hiring_started",
        description="Hiring of the managing director started (rekruttering av daglig leder "
        "startet)",
    )


@strawberry.enum(description="Kind of cost (kostnadsart)")
class ContinuationCostCategory(Enum):
    PROJECT_LEADER = strawberry.enum_value(
        "project_leader", description="Project leader (prosjektleder)"
    )
    OTHER_INTERNAL = strawberry.enum_value(
        "other_internal", description="Other internal resources (andre interne ressurser)"
    )
    EXTERNAL_CONSULTANT = strawberry.enum_value(
        "external_consultant", description="External consultant's fees (ekstern konsulent)"
    )
    OTHER = strawberry.enum_value("other", description="Other costs (andre kostnader)")


@strawberry.enum(description="Who pays a share of a cost (finansieringskilde)")
class ContinuationCostSource(Enum):
    RESTRUCTURING_FUNDS = strawberry.enum_value(
        "restructuring_funds", description="Restructuring funds (omstillingsmidler)"
    )
    INNOVASJON_NORGE = strawberry.enum_value(
        "innovasjon_norge",
        description="Innovation Norway (Innovasjon Norge): external consultant's fees only, "
        "at most 50 %",
    )
    MUNICIPALITY = strawberry.enum_value("municipality", description="The municipality (kommunen)")
    OTHER = strawberry.enum_value("other", description="Other sources (andre)")


def _share(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(SHARE))


@strawberry.type(description="A project owner (prosjekteier)")
class ContinuationOwner:
    name: str = strawberry.field(description="Name (navn)")
    kind: OwnerKind = strawberry.field(description="Kind (type)")
    kind_nb: str = strawberry.field(description="Kind in Norwegian (type)")


@strawberry.type(description="An alternative of the forstudie's report (alternativ)")
class ForstudieAlternative:
    name: str = strawberry.field(description="Name (navn)")
    financing: str = strawberry.field(description="Financing (finansiering)")
    organisation: str = strawberry.field(description="Organisation (organisering)")
    geographic_scope: str = strawberry.field(
        description="Geographic scope (geografisk virkeområde)"
    )


@strawberry.type(
    description="A stage's report (rapport): the forstudie's alternatives, or the forprosjekt's "
    "one concrete solution"
)
class ContinuationDeliverable:
    kind: str = strawberry.field(
        description="forstudie_report or forprosjekt_report (forstudierapport/forprosjektrapport)"
    )
    title: str = strawberry.field(description="Title (tittel)")
    delivered_on: date = strawberry.field(description="Delivered on (levert)")
    alternatives: list[ForstudieAlternative] = strawberry.field(
        description="The forstudie's alternatives (alternativer)"
    )
    organisation: str | None = strawberry.field(description="Organisation (organisering)")
    ownership: str | None = strawberry.field(description="Ownership (eierskap)")
    staffing: str | None = strawberry.field(description="Staffing (bemanning)")
    financing: str | None = strawberry.field(description="Financing (finansiering)")
    realisation: str | None = strawberry.field(description="Realisation (realisering)")

    @classmethod
    def of(cls, doc: dict[str, Any]) -> ContinuationDeliverable:
        return cls(
            kind=doc["kind"],
            title=doc["title"],
            delivered_on=date.fromisoformat(doc["deliveredOn"]),
            alternatives=[
                ForstudieAlternative(
                    name=a["name"],
                    financing=a["financing"],
                    organisation=a["organisation"],
                    geographic_scope=a["geographicScope"],
                )
                for a in doc.get("alternatives", [])
            ],
            organisation=doc.get("organisation"),
            ownership=doc.get("ownership"),
            staffing=doc.get("staffing"),
            financing=doc.get("financing"),
            realisation=doc.get("realisation"),
        )


@strawberry.type(description="An outcome of the hovedprosjekt (resultat)")
class ContinuationOutcome:
    kind: OutcomeKind = strawberry.field(description="Outcome (resultat)")
    kind_nb: str = strawberry.field(description="Outcome in Norwegian (resultat)")
    occurred_on: date = strawberry.field(description="Date (dato)")
    company_name: str | None = strawberry.field(description="Company name (selskapets navn)")
    organisation_number: str | None = strawberry.field(
        description="Organisation number (organisasjonsnummer)"
    )
    recorded_by: Actor = strawberry.field(description="Recorded by (registrert av)")
    decision: Decision | None = strawberry.field(description="Decision (vedtak)")
    reason: str | None = strawberry.field(description=_REASON)

    @classmethod
    def of(cls, doc: dict[str, Any]) -> ContinuationOutcome:
        kind = domain.OutcomeKind(doc["kind"])
        by = doc["recordedBy"]
        return cls(
            kind=OutcomeKind[kind.name],
            kind_nb=domain.OUTCOME_NB[kind],
            occurred_on=date.fromisoformat(doc["occurredOn"]),
            company_name=doc.get("companyName"),
            organisation_number=doc.get("organisationNumber"),
            recorded_by=Actor.of(by["userId"], by["name"], by["role"]),
            decision=Decision.from_doc(doc.get("decision")),
            reason=doc.get("reason"),
        )


@strawberry.type(description="A share of a cost from one source (finansiering)")
class ContinuationCostShare:
    source: ContinuationCostSource = strawberry.field(description="Source (kilde)")
    source_nb: str = strawberry.field(description="Source in Norwegian (kilde)")
    amount: Money = strawberry.field(description="Amount (beløp)")


def _shares(by_source: dict[str, int]) -> list[ContinuationCostShare]:
    return [
        ContinuationCostShare(
            source=ContinuationCostSource[domain.CostSource(s).name],
            source_nb=domain.COST_SOURCE_NB[domain.CostSource(s)],
            amount=Money.of(ore),
        )
        for s, ore in by_source.items()
    ]


@strawberry.type(description="A cost line (kostnadslinje); reversed lines are kept and marked")
class ContinuationCost:
    number: int = strawberry.field(description="Line number (linjenummer)")
    stage: ContinuationStage = strawberry.field(description="Stage (fase)")
    category: ContinuationCostCategory = strawberry.field(description="Kind of cost (kostnadsart)")
    category_nb: str = strawberry.field(description="Kind of cost in Norwegian (kostnadsart)")
    amount: Money = strawberry.field(description="Amount (beløp)")
    innovasjon_norge: Money = strawberry.field(
        description="Paid by Innovasjon Norge (Innovasjon Norges andel)"
    )
    incurred_on: date = strawberry.field(description="Date of the cost (dato)")
    person_days: str | None = strawberry.field(description="Person-days (dagsverk)")
    financing: list[ContinuationCostShare] = strawberry.field(
        description="Financing split (finansiering)"
    )
    description: str = strawberry.field(description="Description (beskrivelse)")
    recorded_by: Actor = strawberry.field(description="Recorded by (registrert av)")
    reason: str | None = strawberry.field(description=_REASON)
    reversed: bool = strawberry.field(description="Reversed (kreditert)")
    reversal_reason: str | None = strawberry.field(
        description="Why it was reversed (begrunnelse for kreditering)"
    )

    @classmethod
    def of(cls, row: CostRow) -> ContinuationCost:
        by = row.recorded_by
        return cls(
            number=row.number,
            stage=ContinuationStage[row.stage.name],
            category=ContinuationCostCategory[row.category.name],
            category_nb=domain.COST_CATEGORY_NB[row.category],
            amount=Money.of(row.amount),
            innovasjon_norge=Money.of(row.innovasjon_norge),
            incurred_on=row.incurred_on,
            person_days=str(row.person_days) if row.person_days is not None else None,
            financing=_shares({f["source"]: int(f["ore"]) for f in row.financing}),
            description=row.description,
            recorded_by=Actor.of(by["userId"], by["name"], by["role"]),
            reason=row.reason,
            reversed=row.reversed,
            reversal_reason=row.reversal_reason,
        )


@strawberry.type(description="A stage running past its time frame (forsinket fase)")
class LateStage:
    stage: ContinuationStage = strawberry.field(description="Stage (fase)")
    stage_nb: str = strawberry.field(description="Stage in Norwegian (fase)")
    started_on: date = strawberry.field(description="Started on (startet)")
    frame_ends_on: date = strawberry.field(description="End of its time frame (tidsrammens slutt)")
    days_late: int = strawberry.field(description="Days past the time frame (dager forsinket)")

    @classmethod
    def of(cls, s: StageStanding) -> LateStage:
        return cls(
            stage=ContinuationStage[s.stage.name],
            stage_nb=domain.STAGE_NB[s.stage],
            started_on=s.started_on,
            frame_ends_on=s.frame_ends_on,
            days_late=s.days_late,
        )


@strawberry.type(description="A stage of Videreføring as it stood on a date (fase)")
class ContinuationStageStatus:
    stage: ContinuationStage = strawberry.field(description="Stage (fase)")
    stage_nb: str = strawberry.field(description="Stage in Norwegian (fase)")
    stage_en: str = strawberry.field(description="Stage in English (fase på engelsk)")
    time_frame_nb: str = strawberry.field(description="Time frame (tidsramme), e.g. 4–6 uker")
    started_on: date = strawberry.field(description="Started on (startet)")
    planned_end: date = strawberry.field(description="Planned end (planlagt slutt)")
    frame_ends_on: date = strawberry.field(description="End of its time frame (tidsrammens slutt)")
    completed_on: date | None = strawberry.field(description="Completed on (fullført)")
    owners: list[ContinuationOwner] = strawberry.field(description="Owners (prosjekteiere)")
    started_by: Actor = strawberry.field(description="Started by (startet av)")
    decision: Decision | None = strawberry.field(description="Decision to start (vedtak)")
    reason: str | None = strawberry.field(description=_REASON)
    deliverable: ContinuationDeliverable | None = strawberry.field(
        description="The stage's report (rapport)"
    )
    outcomes: list[ContinuationOutcome] = strawberry.field(
        description="Outcomes of the hovedprosjekt (resultater)"
    )
    late: bool = strawberry.field(description="Running past its time frame on the date (forsinket)")
    days_late: int = strawberry.field(description="Days past the time frame (dager forsinket)")
    completed_late: bool = strawberry.field(
        description="Completed after its time frame (fullført for sent)"
    )
    total_cost: Money = strawberry.field(description="Recorded costs (kostnader)")
    by_source: list[ContinuationCostShare] = strawberry.field(
        description="Recorded costs by source (kostnader per kilde)"
    )
    person_days: str = strawberry.field(description="Recorded person-days (dagsverk)")
    consultant_fees: Money = strawberry.field(
        description="External consultant's fees (honorar ekstern konsulent)"
    )
    innovasjon_norge: Money = strawberry.field(
        description="Paid by Innovasjon Norge (Innovasjon Norges andel)"
    )
    innovasjon_norge_share: str | None = strawberry.field(
        description="Innovasjon Norge's share of the consultant's fees, at most 0.5 "
        "(andel av konsulenthonorar)"
    )
    cost_frame: Money | None = strawberry.field(
        description="Cost frame (kostnadsramme): NOK 100 000 for the forstudie"
    )
    cost_frame_used: str | None = strawberry.field(
        description="Share of the cost frame used (andel av kostnadsrammen brukt)"
    )

    @classmethod
    def of(cls, row: StageRow) -> ContinuationStageStatus:
        frame, by = domain.TIME_FRAMES[row.stage], row.started_by
        return cls(
            stage=ContinuationStage[row.stage.name],
            stage_nb=domain.STAGE_NB[row.stage],
            stage_en=domain.STAGE_EN[row.stage],
            time_frame_nb=frame.label_nb,
            started_on=row.started_on,
            planned_end=row.planned_end,
            frame_ends_on=row.standing.frame_ends_on,
            completed_on=row.completed_on,
            owners=[
                ContinuationOwner(
                    name=o["name"],
                    kind=OwnerKind[domain.OwnerKind(o["kind"]).name],
                    kind_nb=domain.OWNER_KIND_NB[domain.OwnerKind(o["kind"])],
                )
                for o in row.owners
            ],
            started_by=Actor.of(by["userId"], by["name"], by["role"]),
            decision=Decision.from_doc(row.decision),
            reason=row.reason,
            deliverable=ContinuationDeliverable.of(row.deliverable) if row.deliverable else None,
            outcomes=[ContinuationOutcome.of(o) for o in row.outcomes],
            late=row.standing.late,
            days_late=row.standing.days_late,
            completed_late=row.standing.completed_late,
            total_cost=Money.of(row.costs.total),
            by_source=_shares(row.costs.by_source),
            person_days=str(row.costs.person_days),
            consultant_fees=Money.of(row.costs.consultant_fees),
            innovasjon_norge=Money.of(row.costs.innovasjon_norge),
            innovasjon_norge_share=_share(row.costs.innovasjon_norge_share),
            cost_frame=Money.of(row.cost_frame) if row.cost_frame is not None else None,
            cost_frame_used=_share(row.cost_frame_used),
        )


@strawberry.type(
    description="A programme's Videreføring on a date (status for videreføring): the deadline "
    "to start it, whether it is late, and stages running past their time frame"
)
class ContinuationStatusRow:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    programme_name: str = strawberry.field(description="Programme name (navn)")
    county_number: str = strawberry.field(description="Granting county (fylkesnummer)")
    period_end: date = strawberry.field(description="The period ends (periodens slutt)")
    deadline: date = strawberry.field(
        description="Start at the latest (frist): two years before the period ends"
    )
    started_on: date | None = strawberry.field(description="Forstudie started (startet)")
    late: bool = strawberry.field(
        description="Not started by the deadline (for sent i gang med videreføringen)"
    )
    days_late: int = strawberry.field(description="Days past the deadline (dager forsinket)")
    current_stage: ContinuationStage | None = strawberry.field(
        description="Stage running on the date (pågående fase)"
    )
    current_stage_nb: str | None = strawberry.field(description="Stage in Norwegian (fase)")
    late_stages: list[LateStage] = strawberry.field(
        description="Stages running past their time frame (forsinkede faser)"
    )
    most_days_late: int = strawberry.field(
        description="Most days late, deadline or stage (flest dager forsinket)"
    )
    version: int | None = strawberry.field(
        description="The Videreføring's version (versjon); none before it starts"
    )

    @classmethod
    def of(cls, s: ContinuationStatus) -> ContinuationStatusRow:
        return cls(
            programme_id=s.programme_id,
            programme_name=s.name,
            county_number=s.granting_county_number,
            period_end=s.period_end,
            deadline=s.deadline,
            started_on=s.started_on,
            late=s.late,
            days_late=s.days_late,
            current_stage=ContinuationStage[s.current_stage.name] if s.current_stage else None,
            current_stage_nb=domain.STAGE_NB[s.current_stage] if s.current_stage else None,
            late_stages=[LateStage.of(x) for x in s.stages_late],
            most_days_late=s.most_days_late,
            version=s.version,
        )


@strawberry.type(description="A programme's Videreføring as it stood on a date (videreføring)")
class Continuation:
    status: ContinuationStatusRow = strawberry.field(
        description="Deadline and lateness (status og frist)"
    )
    on: date = strawberry.field(description="As it stood on (per dato)")
    stages: list[ContinuationStageStatus] = strawberry.field(
        description="The stages started by the date, in order (faser)"
    )
    costs: list[ContinuationCost] = strawberry.field(
        description="Every cost line, reversed ones marked (kostnader)"
    )
    total_cost: Money = strawberry.field(
        description="Recorded costs of all stages by the date (kostnader totalt)"
    )
    version: int | None = strawberry.field(description="Version (versjon), for expectedVersion")

    @classmethod
    def of(cls, record: ContinuationRecord) -> Continuation:
        return cls(
            status=ContinuationStatusRow.of(record.status),
            on=record.on,
            stages=[ContinuationStageStatus.of(s) for s in record.stages],
            costs=[ContinuationCost.of(c) for c in record.costs],
            total_cost=Money.of(sum(s.costs.total for s in record.stages)),
            version=record.status.version,
        )


# Inputs


@strawberry.input(description="A project owner (prosjekteier)")
class OwnerInput:
    name: str = strawberry.field(description="Name (navn)")
    kind: OwnerKind = strawberry.field(description="Kind (type)")

    def to_domain(self) -> domain.Owner:
        return domain.Owner(self.name, domain.OwnerKind[self.kind.name])


@strawberry.input(description="Start a stage of Videreføring (starte fase)")
class StartContinuationStageInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    stage: ContinuationStage = strawberry.field(description="Stage (fase)")
    started_on: date = strawberry.field(description="Started on (startdato)")
    planned_end: date = strawberry.field(
        description="Planned end within the stage's time frame (planlagt slutt)"
    )
    owners: list[OwnerInput] = strawberry.field(description="Owners (prosjekteiere)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="An alternative of the forstudie's report (alternativ)")
class AlternativeInput:
    name: str = strawberry.field(description="Name (navn)")
    financing: str = strawberry.field(description="Financing (finansiering)")
    organisation: str = strawberry.field(description="Organisation (organisering)")
    geographic_scope: str = strawberry.field(
        description="Geographic scope (geografisk virkeområde)"
    )


@strawberry.input(
    description="Record the forstudie's report (forstudierapport): at least two alternatives"
)
class RecordForstudieReportInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    title: str = strawberry.field(description="Title (tittel)")
    delivered_on: date = strawberry.field(description="Delivered on (levert)")
    alternatives: list[AlternativeInput] = strawberry.field(
        description="Alternatives (alternativer)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(
    description="Record the forprosjekt's report (forprosjektrapport): one concrete solution"
)
class RecordForprosjektReportInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    title: str = strawberry.field(description="Title (tittel)")
    delivered_on: date = strawberry.field(description="Delivered on (levert)")
    organisation: str = strawberry.field(description="Organisation (organisering)")
    ownership: str = strawberry.field(description="Ownership (eierskap)")
    staffing: str = strawberry.field(description="Staffing (bemanning)")
    financing: str = strawberry.field(description="Financing (finansiering)")
    realisation: str = strawberry.field(description="Realisation (realisering)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Record an outcome of the hovedprosjekt (registrere resultat)")
class RecordContinuationOutcomeInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    kind: OutcomeKind = strawberry.field(description="Outcome (resultat)")
    occurred_on: date = strawberry.field(description="Date (dato)")
    company_name: str | None = strawberry.field(
        default=None, description="Company name (selskapets navn); a founded company only"
    )
    organisation_number: str | None = strawberry.field(
        default=None,
        description="Organisation number (organisasjonsnummer), nine digits with a modulus-11 "
        "check digit; a founded company only",
    )
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Complete a stage (fullføre fase)")
class CompleteContinuationStageInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    stage: ContinuationStage = strawberry.field(description="Stage (fase)")
    completed_on: date = strawberry.field(description="Completed on (fullført)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="A share of a cost from one source (finansiering)")
class CostShareInput:
    source: ContinuationCostSource = strawberry.field(description="Source (kilde)")
    amount: str = strawberry.field(
        description='Amount in kroner as a string (beløp), e.g. "25000" or "25000.50"'
    )


@strawberry.input(description="Record a cost of a stage (registrere kostnad)")
class RecordContinuationCostInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    stage: ContinuationStage = strawberry.field(description="Stage (fase)")
    category: ContinuationCostCategory = strawberry.field(description="Kind of cost (kostnadsart)")
    amount: str = strawberry.field(description='Amount in kroner as a string (beløp), e.g. "40000"')
    incurred_on: date = strawberry.field(description="Date of the cost (dato)")
    financing: list[CostShareInput] = strawberry.field(
        description="Who pays, adding up to the amount (finansiering)"
    )
    description: str = strawberry.field(description="Description (beskrivelse)")
    person_days: str | None = strawberry.field(
        default=None, description="Person-days, if counted (dagsverk), e.g. 15 or 2.5"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Reverse a cost line recorded in error (kreditere kostnad)")
class ReverseContinuationCostInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    number: int = strawberry.field(description="Line number (linjenummer)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.type(description="Videreføring after the change (videreføringen etter endringen)")
class ContinuationPayload:
    continuation: Continuation | None = strawberry.field(
        description="As now recorded (videreføring)"
    )
    version: int = strawberry.field(description="New version (versjon)")


ContinuationResult = Annotated[
    ContinuationPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "ContinuationResult",
        description="The changed Videreføring, or why nothing was written (resultat)",
    ),
]
