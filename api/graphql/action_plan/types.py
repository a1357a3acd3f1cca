"""The Handlingsplan (årlig handlingsplan) and the year wheel (årshjul): types, inputs and results."""

from __future__ import annotations

from datetime import date, datetime
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
from domain.action_plan import content as domain
from domain.action_plan.model import ACTION_PLAN_STATUS_NB, FundLine
from domain.action_plan.model import ActionPlanStatus as DomainStatus
from domain.action_plan.year_wheel import STEP_NB
from domain.action_plan.year_wheel import State as DomainState
from domain.action_plan.year_wheel import Step as DomainStep
from domain.money import Money as DomainMoney
from domain.shared.errors import ValidationFailed
from projections.action_plans import (
    ABANDONED,
    SUPERSEDED,
    ActionPlanRow,
    ActionPlanView,
    FundApplicationRow,
    MeasureRow,
    RevisionRow,
)
from projections.year_wheel import WheelStepRow, WheelYear

REVISION_STATUS_NB = {
    **{s.value: nb for s, nb in ACTION_PLAN_STATUS_NB.items()},
    SUPERSEDED: "Erstattet av en nyere revisjon",
    ABANDONED: "Forkastet",
}
STATE_NB = {
    DomainState.UPCOMING: "Kommende",
    DomainState.DUE: "Til behandling nå",
    DomainState.DONE: "Utført",
    DomainState.LATE: "Forsinket",
}


def kroner(value: str, field: str) -> DomainMoney:
    """An amount the client typed as text in kroner ("250000" or "250000.50"), never negative."""
    amount = DomainMoney.from_kroner(value, field=field)
    if amount.is_negative:
        raise ValidationFailed(field, "must not be negative")
    return amount


# Enums


@strawberry.enum(description="Status of the Handlingsplan (status)")
class ActionPlanStatus(Enum):
    DRAFT = strawberry.enum_value("draft", description="Draft (utkast)")
    BOARD_DECIDED = strawberry.enum_value(
        "board_decided", description="Decided by the board (besluttet i omstillingsstyret)"
    )
    COUNCIL_APPROVED = strawberry.enum_value(
        "council_approved", description="Approved by the council (godkjent i kommunestyret)"
    )
    IN_EFFECT = strawberry.enum_value("in_effect", description="In effect (iverksatt)")


@strawberry.enum(description="Status of one revision of the Handlingsplan (revisjonsstatus)")
class ActionPlanRevisionStatus(Enum):
    DRAFT = strawberry.enum_value("draft", description="Draft (utkast)")
    BOARD_DECIDED = strawberry.enum_value(
        "board_decided", description="Decided by the board (besluttet i omstillingsstyret)"
    )
    COUNCIL_APPROVED = strawberry.enum_value(
        "council_approved", description="Approved by the council (godkjent i kommunestyret)"
    )
    IN_EFFECT = strawberry.enum_value("in_effect", description="In effect (iverksatt)")
    SUPERSEDED = strawberry.enum_value(
        "superseded", description="Superseded by a later revision (erstattet)"
    )
    ABANDONED = strawberry.enum_value("abandoned", description="Abandoned (forkastet)")


@strawberry.enum(description="Free-text part of the Handlingsplan (kapittel i handlingsplanen)")
class ActionPlanSection(Enum):
    EARLIER_RESULTS = strawberry.enum_value(
        "earlier_results",
        description="Results of earlier years (Resultater fra tidligere omstillingsår)",
    )
    RESOURCES_AND_FINANCING = strawberry.enum_value(
        "resources_and_financing",
        description="Resources and financing (Ressursinnsats og finansiering)",
    )


@strawberry.enum(description="Source of financing (finansieringskilde)")
class FundingSource(Enum):
    COUNTY_RESTRUCTURING_FUNDS = strawberry.enum_value(
        "county_restructuring_funds",
        description="Restructuring funds from the county (omstillingsmidler fra fylkeskommunen)",
    )
    MUNICIPALITY = strawberry.enum_value(
        "municipality", description="The municipality's own funds (kommunens egne midler)"
    )
    INNOVASJON_NORGE = strawberry.enum_value(
        "innovasjon_norge", description="Innovation Norway (Innovasjon Norge)"
    )
    PRIVATE = strawberry.enum_value("private", description="Private funds (private midler)")
    OTHER_PUBLIC = strawberry.enum_value(
        "other_public", description="Other public funds (andre offentlige midler)"
    )


@strawberry.enum(description="Step of the year wheel (steg i årshjulet)")
class YearWheelStep(Enum):
    PUT_INTO_EFFECT = strawberry.enum_value(
        "put_into_effect",
        description="The approved Handlingsplan is put into effect (iverksettes), Jan–Feb",
    )
    FOLLOW_UP = strawberry.enum_value(
        "follow_up", description="Follow-up of the Handlingsplan (oppfølging), May–June"
    )
    STATUS_ASSESSMENT = strawberry.enum_value(
        "status_assessment", description="Programme status assessment (programstatusvurdering)"
    )
    BOARD_DECISION = strawberry.enum_value(
        "board_decision",
        description="Board decides next year's Handlingsplan (styrebeslutning), Nov–Dec",
    )
    FUND_APPLICATION = strawberry.enum_value(
        "fund_application",
        description="The municipality applies for new funds (søknad om omstillingsmidler)",
    )
    CONTINUATION_STARTED = strawberry.enum_value(
        "continuation_started",
        description="Continuation work started, at the latest two years before the period ends "
        "(videreføring startet, senest to år før periodens slutt); only in the deadline's year",
    )


@strawberry.enum(description="Where a step stands on a date (tilstand)")
class YearWheelState(Enum):
    UPCOMING = strawberry.enum_value("upcoming", description="Upcoming (kommende)")
    DUE = strawberry.enum_value("due", description="Its window is open (til behandling nå)")
    DONE = strawberry.enum_value("done", description="Done (utført)")
    LATE = strawberry.enum_value("late", description="Window closed, not done (forsinket)")


# Output


@strawberry.type(
    description="An amount of money (beløp) in NOK, exact: whole øre as text, kroner with two "
    "decimals, and as Norwegians write it"
)
class Money:
    ore: str = strawberry.field(
        description="Whole øre (øre) as a string, since GraphQL Int is 32-bit, e.g. 123450"
    )
    kroner: str = strawberry.field(description="Kroner with two decimals (kroner), e.g. 1234.50")
    formatted: str = strawberry.field(description="Formatted (formatert), e.g. kr 1 234,50")

    @classmethod
    def of(cls, ore: int) -> Money:
        amount = DomainMoney(int(ore))
        return cls(ore=str(amount.ore), kroner=f"{amount.kroner:.2f}", formatted=str(amount))


@strawberry.type(description="Amount from one source of financing (finansiering per kilde)")
class SourceAmount:
    source: FundingSource = strawberry.field(description="Source (finansieringskilde)")
    source_nb: str = strawberry.field(description="Source in Norwegian (kilde)")
    amount: Money = strawberry.field(description="Amount (beløp)")

    @classmethod
    def list_of(cls, by_source: dict[str, int]) -> list[SourceAmount]:
        return [
            cls(
                source=FundingSource[domain.FundingSource(s).name],
                source_nb=domain.FUNDING_SOURCE_NB[domain.FundingSource(s)],
                amount=Money.of(ore),
            )
            for s, ore in by_source.items()
        ]


@strawberry.type(description="Budget on one focus area (budsjett per innsatsområde)")
class FocusAreaBudget:
    focus_area_code: str = strawberry.field(description="Focus area code (innsatsområde)")
    budget: Money = strawberry.field(description="Budget (budsjett)")


@strawberry.type(
    description="A project in the year's plan (tiltak): budget, financing per source and the gap"
)
class ActionPlanMeasure:
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    focus_area_code: str = strawberry.field(description="Focus area code (innsatsområde)")
    budget: Money = strawberry.field(description="The year's budget (budsjett)")
    financed: Money = strawberry.field(description="Financed in total (finansiert)")
    funding_gap: Money = strawberry.field(description="Budget not financed (finansieringsgap)")
    financing: list[SourceAmount] = strawberry.field(
        description="Financing per source, every source, zero where none (finansiering)"
    )

    @classmethod
    def of(cls, row: MeasureRow) -> ActionPlanMeasure:
        return cls(
            project_code=row.project_code,
            focus_area_code=row.focus_area_code,
            budget=Money.of(row.budget_ore),
            financed=Money.of(row.financed_ore),
            funding_gap=Money.of(row.funding_gap_ore),
            financing=SourceAmount.list_of(row.financing_ore),
        )


@strawberry.type(description="The year's strategy on one focus area (strategi)")
class ActionPlanStrategy:
    focus_area_code: str = strawberry.field(description="Focus area code (innsatsområde)")
    text: str = strawberry.field(description="Strategy text (strategi)")


@strawberry.type(description="An activity of the communication plan (kommunikasjonsaktivitet)")
class CommunicationActivity:
    what: str = strawberry.field(description="What (hva)")
    audience: str = strawberry.field(description="For whom (målgruppe)")
    planned_on: date = strawberry.field(description="When (dato)")
    channel: str = strawberry.field(description="Channel (kanal)")
    responsible: str = strawberry.field(description="Who is responsible (ansvarlig)")

    @classmethod
    def of(cls, doc: dict[str, Any]) -> CommunicationActivity:
        return cls(
            what=doc["what"],
            audience=doc["audience"],
            planned_on=date.fromisoformat(doc["plannedOn"]),
            channel=doc["channel"],
            responsible=doc["responsible"],
        )


@strawberry.type(
    description="The Omstillingsplan version the Handlingsplan builds on (koblet planversjon)"
)
class LinkedPlanVersion:
    plan_id: UUID = strawberry.field(description="The Omstillingsplan (omstillingsplan)")
    version_number: int = strawberry.field(description="Its version (versjonsnummer)")
    focus_area_codes: list[str] = strawberry.field(
        description="Focus areas of that version, in order (innsatsområder)"
    )


@strawberry.type(description="One recorded change to a revision (endring), with its reason")
class ActionPlanChange:
    event_type: str = strawberry.field(description="Event type (hendelsestype)")
    description: str = strawberry.field(description="What changed (beskrivelse)")
    reason: str | None = strawberry.field(description="Reason (begrunnelse)")
    decision: Decision | None = strawberry.field(description="Decision behind it (vedtak)")
    actor: Actor = strawberry.field(description="Who made the change (utført av)")
    at: datetime = strawberry.field(description="When (tidspunkt), UTC")
    aggregate_version: int = strawberry.field(
        description="Record version after the change (versjon)"
    )

    @classmethod
    def of(cls, doc: dict[str, Any]) -> ActionPlanChange:
        actor = doc["actor"]
        return cls(
            event_type=doc["eventType"],
            description=doc["description"],
            reason=doc.get("reason"),
            decision=Decision.from_doc(doc.get("decision")),
            actor=Actor.of(actor["userId"], actor["name"], actor["role"]),
            at=datetime.fromisoformat(doc["at"]),
            aggregate_version=doc["aggregateVersion"],
        )


@strawberry.type(
    description="A revision of the Handlingsplan (revisjon): its content, derived totals, and "
    "the decisions behind it"
)
class ActionPlanRevision:
    revision: int = strawberry.field(description="Revision number (revisjonsnummer)")
    status: ActionPlanRevisionStatus = strawberry.field(description="Status (status)")
    status_nb: str = strawberry.field(description="Status in Norwegian (status)")
    plan: LinkedPlanVersion = strawberry.field(
        description="Linked Omstillingsplan version (koblet omstillingsplan)"
    )
    earlier_results: str = strawberry.field(
        description="Results of earlier years (Resultater fra tidligere omstillingsår)"
    )
    resources_and_financing: str = strawberry.field(
        description="Resources and financing (Ressursinnsats og finansiering)"
    )
    strategies: list[ActionPlanStrategy] = strawberry.field(
        description="Strategies per focus area (strategier)"
    )
    measures: list[ActionPlanMeasure] = strawberry.field(description="Projects (tiltak)")
    total_budget: Money = strawberry.field(description="Total budget (samlet budsjett), derived")
    total_financing: Money = strawberry.field(
        description="Total financing (samlet finansiering), derived"
    )
    funding_gap: Money = strawberry.field(description="Funding gap (finansieringsgap), derived")
    financing_by_source: list[SourceAmount] = strawberry.field(
        description="Financing per source, every source (finansiering per kilde)"
    )
    budget_by_focus_area: list[FocusAreaBudget] = strawberry.field(
        description="Budget per focus area of the linked plan (budsjett per innsatsområde)"
    )
    communication_plan: list[CommunicationActivity] = strawberry.field(
        description="Communication plan (kommunikasjonsplan)"
    )
    changes: list[ActionPlanChange] = strawberry.field(description="Changes (endringer)")
    started_at: datetime = strawberry.field(description="Started at (påbegynt)")
    started_reason: str | None = strawberry.field(description="Why it was started (begrunnelse)")
    decided_by: Decision | None = strawberry.field(description="The board's decision (styrevedtak)")
    approved_by: Decision | None = strawberry.field(
        description="The council's approval (kommunestyrets vedtak)"
    )
    effective_from: date | None = strawberry.field(description="In effect from (iverksatt fra)")
    superseded_from: date | None = strawberry.field(description="Superseded from (erstattet fra)")

    @classmethod
    def of(cls, row: RevisionRow) -> ActionPlanRevision:
        return cls(
            revision=row.revision,
            status=ActionPlanRevisionStatus[row.status.upper()],
            status_nb=REVISION_STATUS_NB.get(row.status, row.status),
            plan=LinkedPlanVersion(
                plan_id=row.plan_id,
                version_number=row.plan_version,
                focus_area_codes=list(row.focus_area_codes),
            ),
            earlier_results=row.earlier_results,
            resources_and_financing=row.resources_and_financing,
            strategies=[
                ActionPlanStrategy(focus_area_code=s["focusAreaCode"], text=s["text"])
                for s in row.strategies
            ],
            measures=[ActionPlanMeasure.of(m) for m in row.measures],
            total_budget=Money.of(row.total_budget_ore),
            total_financing=Money.of(row.total_financing_ore),
            funding_gap=Money.of(row.funding_gap_ore),
            financing_by_source=SourceAmount.list_of(row.financing_by_source_ore()),
            budget_by_focus_area=[
                FocusAreaBudget(focus_area_code=code, budget=Money.of(ore))
                for code, ore in row.budget_by_focus_area_ore().items()
            ],
            communication_plan=[CommunicationActivity.of(a) for a in row.communication_plan],
            changes=[ActionPlanChange.of(c) for c in row.changes],
            started_at=datetime.fromisoformat(row.started_at),
            started_reason=row.started_reason,
            decided_by=Decision.from_doc(row.decided_by),
            approved_by=Decision.from_doc(row.approved_by),
            effective_from=row.effective_from,
            superseded_from=row.superseded_from,
        )


@strawberry.type(description="Amount applied for one project (søknadslinje)")
class FundApplicationLine:
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    amount: Money = strawberry.field(description="Amount applied for (søknadsbeløp)")


@strawberry.type(
    description="Application to the county for the year's restructuring funds (søknad om "
    "omstillingsmidler)"
)
class FundApplication:
    number: int = strawberry.field(description="Application number (søknadsnummer)")
    applied_on: date = strawberry.field(description="Applied on (søknadsdato)")
    revision: int = strawberry.field(description="Revision applied under (revisjon)")
    total: Money = strawberry.field(description="Total applied for (samlet søknadsbeløp)")
    lines: list[FundApplicationLine] = strawberry.field(description="Per project (linjer)")
    reason: str | None = strawberry.field(description="Reason (begrunnelse)")
    decision: Decision | None = strawberry.field(description="Decision behind it (vedtak)")
    actor: Actor = strawberry.field(description="Who applied (søker)")
    recorded_at: datetime = strawberry.field(description="Recorded at (registrert)")

    @classmethod
    def of(cls, row: FundApplicationRow) -> FundApplication:
        return cls(
            number=row.number,
            applied_on=row.applied_on,
            revision=row.revision,
            total=Money.of(row.total_ore),
            lines=[
                FundApplicationLine(
                    project_code=line.project_code, amount=Money.of(line.amount_ore)
                )
                for line in row.lines
            ],
            reason=row.reason,
            decision=Decision.from_doc(row.decision),
            actor=Actor.of(row.actor["userId"], row.actor["name"], row.actor["role"]),
            recorded_at=datetime.fromisoformat(row.recorded_at),
        )


@strawberry.type(
    description="The year's action plan (Handlingsplan): one per programme and year, linked to "
    "the Omstillingsplan in force"
)
class ActionPlan:
    id: UUID = strawberry.field(description="Handlingsplan id (handlingsplan-id)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    year: int = strawberry.field(description="Year (år)")
    status: ActionPlanStatus = strawberry.field(description="Status (status)")
    status_nb: str = strawberry.field(description="Status in Norwegian (status)")
    revision_number: int = strawberry.field(
        description="The revision being worked on or in effect (revisjonsnummer)"
    )
    in_effect_revision: int | None = strawberry.field(
        description="Revision in effect (iverksatt revisjon), if any"
    )
    in_effect_from: date | None = strawberry.field(description="In effect from (iverksatt fra)")
    board_decided_on: date | None = strawberry.field(
        description="Board decision date (styrebeslutning)"
    )
    put_into_effect_on: date | None = strawberry.field(
        description="Put into effect on (iverksatt dato)"
    )
    current: ActionPlanRevision | None = strawberry.field(
        description="The current revision in full (gjeldende revisjon)"
    )
    revisions: list[ActionPlanRevision] = strawberry.field(
        description="Every revision, oldest first (revisjoner)"
    )
    fund_applications: list[FundApplication] = strawberry.field(
        description="Applications for the year's funds (søknader om omstillingsmidler)"
    )
    version: int = strawberry.field(
        description="Version of the record (versjon), for expectedVersion in mutations"
    )
    updated_at: datetime = strawberry.field(description="Last changed at (sist endret)")

    @classmethod
    def of_row(cls, row: ActionPlanRow, view: ActionPlanView) -> ActionPlan:
        revisions = view.revisions(row.action_plan_id)
        status = DomainStatus(row.status)
        return cls(
            id=row.action_plan_id,
            programme_id=row.programme_id,
            year=row.year,
            status=ActionPlanStatus[status.name],
            status_nb=ACTION_PLAN_STATUS_NB[status],
            revision_number=row.revision,
            in_effect_revision=row.in_effect_revision,
            in_effect_from=row.in_effect_from,
            board_decided_on=row.board_decided_on,
            put_into_effect_on=row.put_into_effect_on,
            current=next(
                (ActionPlanRevision.of(r) for r in revisions if r.revision == row.revision), None
            ),
            revisions=[ActionPlanRevision.of(r) for r in revisions],
            fund_applications=[
                FundApplication.of(a)
                for a in view.fund_applications(action_plan_id=row.action_plan_id)
            ],
            version=row.aggregate_version,
            updated_at=datetime.fromisoformat(row.updated_at),
        )


@strawberry.type(description="One step of the year wheel on a date (steg i årshjulet)")
class YearWheelStepStatus:
    step: YearWheelStep = strawberry.field(description="Step (steg)")
    step_nb: str = strawberry.field(description="The step in Norwegian (steg)")
    opens_on: date = strawberry.field(description="Window opens (åpner)")
    closes_on: date = strawberry.field(description="Window closes (frist)")
    state: YearWheelState = strawberry.field(description="State on the date (tilstand)")
    state_nb: str = strawberry.field(description="State in Norwegian (tilstand)")
    applies: bool = strawberry.field(
        description="The window opens within the programme's period (gjelder)"
    )
    tracked: bool = strawberry.field(
        description="An event of the platform records the step (registreres)"
    )
    done_on: date | None = strawberry.field(description="Done on (utført)")
    done_late: bool = strawberry.field(description="Done after the window closed (for sent)")
    event_type: str | None = strawberry.field(description="Event that did it (hendelse)")
    days_late: int = strawberry.field(description="Days since the window closed (dager forsinket)")

    @classmethod
    def of(cls, row: WheelStepRow) -> YearWheelStepStatus:
        return cls(
            step=YearWheelStep[DomainStep(row.step).name],
            step_nb=STEP_NB[DomainStep(row.step)],
            opens_on=row.opens_on,
            closes_on=row.closes_on,
            state=YearWheelState[DomainState(row.state).name],
            state_nb=STATE_NB[DomainState(row.state)],
            applies=row.applies,
            tracked=row.tracked,
            done_on=row.done_on,
            done_late=row.done_late,
            event_type=row.event_type,
            days_late=row.days_late,
        )


@strawberry.type(description="A programme's year wheel (årshjul) as it stood on a date")
class YearWheel:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    programme_name: str = strawberry.field(description="Programme name (navn)")
    year: int = strawberry.field(description="Calendar year (år)")
    on: date = strawberry.field(description="As it stood on (per dato)")
    steps: list[YearWheelStepStatus] = strawberry.field(
        description="The five steps, and in its deadline's year the start of continuation work "
        "(steg)"
    )
    late_steps: int = strawberry.field(description="Late tracked steps (forsinkede steg)")
    days_late: int = strawberry.field(description="Most days late (dager forsinket)")

    @classmethod
    def of(cls, wheel: WheelYear) -> YearWheel:
        return cls(
            programme_id=wheel.programme_id,
            programme_name=wheel.name,
            year=wheel.year,
            on=wheel.on,
            steps=[YearWheelStepStatus.of(s) for s in wheel.steps],
            late_steps=len(wheel.late),
            days_late=wheel.days_late,
        )


# Input


@strawberry.input(description="Financing from one source (finansiering)")
class FinancingInput:
    source: FundingSource = strawberry.field(description="Source (finansieringskilde)")
    amount: str = strawberry.field(
        description='Amount in kroner as a string (beløp), e.g. "250000" or "250000.50"'
    )

    def to_domain(self, at: str) -> domain.Financing:
        return domain.Financing(
            domain.FundingSource[self.source.name], kroner(self.amount, f"{at}.amount")
        )


@strawberry.input(description="A project in the year's plan (tiltak), with budget and financing")
class ActionPlanMeasureInput:
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    focus_area_code: str = strawberry.field(description="Focus area code (innsatsområde)")
    budget: str = strawberry.field(
        description='The year\'s budget in kroner as a string (budsjett), e.g. "500000"'
    )
    financing: list[FinancingInput] = strawberry.field(
        default_factory=list, description="Financing per source (finansiering)"
    )

    def to_domain(self, at: str = "measure") -> domain.ProjectMeasure:
        budget = kroner(self.budget, f"{at}.budget")
        financing = tuple(f.to_domain(f"{at}.financing[{i}]") for i, f in enumerate(self.financing))
        try:
            return domain.ProjectMeasure(self.project_code, self.focus_area_code, budget, financing)
        except ValidationFailed as error:
            raise error.at(at) from None


@strawberry.input(description="The year's strategy on one focus area (strategi)")
class ActionPlanStrategyInput:
    focus_area_code: str = strawberry.field(description="Focus area code (innsatsområde)")
    text: str = strawberry.field(description="Strategy text (strategi)")

    def to_domain(self, at: str = "strategy") -> domain.Strategy:
        try:
            return domain.Strategy(self.focus_area_code, self.text)
        except ValidationFailed as error:
            raise error.at(at) from None


@strawberry.input(description="An activity of the communication plan (kommunikasjonsaktivitet)")
class CommunicationActivityInput:
    what: str = strawberry.field(description="What (hva)")
    audience: str = strawberry.field(description="For whom (målgruppe)")
    planned_on: date = strawberry.field(description="When (dato)")
    channel: str = strawberry.field(description="Channel (kanal)")
    responsible: str = strawberry.field(description="Who is responsible (ansvarlig)")

    def to_domain(self, at: str) -> domain.CommunicationActivity:
        try:
            return domain.CommunicationActivity(
                self.what, self.audience, self.planned_on, self.channel, self.responsible
            )
        except ValidationFailed as error:
            raise error.at(at) from None


@strawberry.input(description="Amount applied for one project (søknadslinje)")
class FundLineInput:
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    amount: str = strawberry.field(
        description='Amount in kroner as a string (søknadsbeløp), e.g. "250000"'
    )

    def to_domain(self, at: str) -> FundLine:
        amount = kroner(self.amount, f"{at}.amount")
        try:
            return FundLine(self.project_code, amount)
        except ValidationFailed as error:
            raise error.at(at) from None


_PROGRAMME = "The programme (omstillingsprogram) whose Handlingsplan this is"
_YEAR = "The plan's year (år)"
_REASON = "Reason (begrunnelse)"
_EXPECTED = "The Handlingsplan version you read (forventet versjon); a stale one is refused"


@strawberry.input(description="Draft the year's Handlingsplan (utkast til handlingsplan)")
class DraftActionPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(
    description="Link the Omstillingsplan version now in force (koble til gjeldende plan)"
)
class LinkActionPlanToPlanInForceInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Revise a text part (revidere kapittel) of the Handlingsplan")
class ReviseActionPlanSectionInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    section: ActionPlanSection = strawberry.field(description="Part (kapittel)")
    text: str = strawberry.field(description="New text (ny tekst)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Add or replace the strategy (strategi) on a focus area")
class PutActionPlanStrategyInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    strategy: ActionPlanStrategyInput = strawberry.field(description="Strategy (strategi)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Add or replace a project (tiltak) with its budget and financing")
class PutActionPlanMeasureInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    measure: ActionPlanMeasureInput = strawberry.field(description="The project (tiltak)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Remove a project (fjerne tiltak) from the year's plan")
class RemoveActionPlanMeasureInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Set the communication plan (kommunikasjonsplan)")
class SetActionPlanCommunicationPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    activities: list[CommunicationActivityInput] = strawberry.field(
        description="The activities (aktiviteter)"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Record the board's decision (styrebeslutning) on the draft")
class DecideActionPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The board's decision (styrevedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="The council sends the plan back to draft (tilbake til utkast)")
class ReturnActionPlanToDraftInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Record the council's approval (godkjenning i kommunestyret)")
class ApproveActionPlanInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The council's decision (kommunestyrets vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Put the approved plan into effect (iverksette)")
class PutActionPlanIntoEffectInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    effective_from: date = strawberry.field(description="In effect from (iverksatt fra)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Start a revision (revisjon) of the plan in effect")
class StartActionPlanRevisionInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Record the board's decision on a revision (styrevedtak)")
class DecideActionPlanRevisionInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The board's decision (styrevedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    effective_from: date | None = strawberry.field(
        default=None, description="In effect from (iverksatt fra)"
    )
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Abandon the revision in progress (forkaste revisjon)")
class AbandonActionPlanRevisionInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(
    description="Apply to the county for the year's funds (søke om omstillingsmidler)"
)
class ApplyForFundsInput:
    programme_id: UUID = strawberry.field(description=_PROGRAMME)
    year: int = strawberry.field(description=_YEAR)
    applied_on: date = strawberry.field(description="Applied on (søknadsdato)")
    lines: list[FundLineInput] | None = strawberry.field(
        default=None,
        description="Per project (linjer); by default the county funds the plan names",
    )
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.type(description="The Handlingsplan after the change (handlingsplanen etter endringen)")
class ActionPlanPayload:
    action_plan: ActionPlan | None = strawberry.field(
        description="The Handlingsplan as now recorded (handlingsplan)"
    )
    version: int = strawberry.field(description="The Handlingsplan's new version (versjon)")
    warnings: list[str] = strawberry.field(description="Accepted, but unusual (advarsler)")


ActionPlanResult = Annotated[
    ActionPlanPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "ActionPlanResult",
        description="The changed Handlingsplan, or why nothing was written (resultat)",
    ),
]
