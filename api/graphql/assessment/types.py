"""GraphQL types of the programme status assessment (programstatusvurdering)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from api.graphql.shared import DecisionInput
from domain.assessment.model import PARTY_ROLE_NB, FollowUpInput
from domain.assessment.model import IndicatorScore as DomainScore
from domain.assessment.model import Participant as DomainParticipant
from domain.assessment.model import PartyRole as DomainPartyRole
from domain.assessment.template import DIMENSION_NB, SCORE_NB, TEMPLATE, TEMPLATE_BY_CODE
from domain.assessment.template import Dimension as DomainDimension
from projections.assessments import (
    AssessmentRow,
    AssessmentScoreRow,
    FollowUpRow,
    ScoreChange,
    ScoreRow,
)

_EXPECTED = "Version you read (forventet versjon); a stale version is refused"
_REASON = "Why (begrunnelse)"


@strawberry.enum(
    name="AssessmentPartyRole", description="Party of the assessment meeting (part i møtet)"
)
class PartyRole(Enum):
    PROGRAMME = strawberry.enum_value(
        "programme", description="The programme: leader or board (omstillingsprogrammet)"
    )
    COUNTY = strawberry.enum_value("county", description="The county authority (fylkeskommunen)")
    INNOVASJON_NORGE = strawberry.enum_value(
        "innovasjon_norge", description="Innovasjon Norge (Innovasjon Norge)"
    )
    PROCESS_LEADER = strawberry.enum_value(
        "process_leader", description="External process leader (ekstern prosessleder)"
    )


@strawberry.enum(name="AssessmentDimension", description="What an indicator is about (dimensjon)")
class Dimension(Enum):
    PROCESS = strawberry.enum_value("process", description="The process (prosess)")
    EFFECT = strawberry.enum_value("effect", description="The effects (effekt)")


@strawberry.type(
    description="An indicator of the national assessment template (indikator i PSV-malen)"
)
class AssessmentIndicator:
    code: str = strawberry.field(description="Code (kode), P1–P6 process, E1–E6 effects")
    dimension: Dimension = strawberry.field(description="Process or effect (dimensjon)")
    dimension_nb: str = strawberry.field(description="Dimension in Norwegian (dimensjon)")
    name_nb: str = strawberry.field(description="Norwegian name (navn)")
    name_en: str = strawberry.field(description="English name (engelsk navn)")
    description: str = strawberry.field(description="What is assessed (beskrivelse)")

    @classmethod
    def of(cls, code: str) -> AssessmentIndicator:
        i = TEMPLATE_BY_CODE[code]
        return cls(
            code=i.code,
            dimension=Dimension(i.dimension.value),
            dimension_nb=DIMENSION_NB[DomainDimension(i.dimension)],
            name_nb=i.name_nb,
            name_en=i.name_en,
            description=i.description,
        )


@strawberry.type(description="A participant in the meeting (deltaker)")
class AssessmentParticipant:
    name: str = strawberry.field(description="Name (navn)")
    organisation: str = strawberry.field(description="Organisation (organisasjon)")
    role: PartyRole = strawberry.field(description="The party represented (part)")
    role_nb: str = strawberry.field(description="The party in Norwegian (part)")


@strawberry.type(description="A score as held or as corrected (poenghistorikk)")
class ScoreHistoryEntry:
    version: int = strawberry.field(description="Version of the assessment it made (versjon)")
    kind: str = strawberry.field(
        description="'held' at the meeting or 'correction' after it (holdt / rettet)"
    )
    score: int = strawberry.field(description="Score 1–6 (poeng)")
    comment: str = strawberry.field(description="Comment (kommentar)")
    reason: str | None = strawberry.field(description="Why (begrunnelse)")
    by: str = strawberry.field(description="Recorded by (registrert av)")
    recorded_at: str = strawberry.field(description="Recorded at (registrert)")

    @classmethod
    def of(cls, c: ScoreChange) -> ScoreHistoryEntry:
        return cls(
            version=c.version,
            kind=c.kind,
            score=c.score,
            comment=c.comment,
            reason=c.reason,
            by=str(c.actor.get("name", "")),
            recorded_at=c.recorded_at,
        )


@strawberry.type(description="An indicator's score as it stands (poeng per indikator)")
class AssessmentScore:
    indicator: AssessmentIndicator = strawberry.field(description="The indicator (indikator)")
    score: int = strawberry.field(description="Score 1–6 (poeng)")
    score_nb: str = strawberry.field(
        description="The score's meaning (skala): 1 svært svakt … 6 svært godt"
    )
    comment: str = strawberry.field(description="Comment (kommentar)")
    corrections: int = strawberry.field(description="How often corrected (antall rettinger)")
    history: list[ScoreHistoryEntry] = strawberry.field(
        description="As held and every correction (historikk), oldest first"
    )

    @classmethod
    def of(cls, s: ScoreRow) -> AssessmentScore:
        return cls(
            indicator=AssessmentIndicator.of(s.indicator),
            score=s.score,
            score_nb=SCORE_NB[s.score],
            comment=s.comment,
            corrections=s.corrections,
            history=[ScoreHistoryEntry.of(c) for c in s.history],
        )


@strawberry.type(name="AssessmentFollowUp", description="A follow-up action (oppfølgingstiltak)")
class FollowUp:
    number: int = strawberry.field(description="Number (nummer)")
    what: str = strawberry.field(description="What is to be done (tiltak)")
    responsible: str = strawberry.field(description="Responsible (ansvarlig)")
    due_on: date = strawberry.field(description="Due date (frist)")
    done_on: date | None = strawberry.field(description="Done on (utført dato)")
    done_by: str | None = strawberry.field(description="Done by (utført av)")

    @classmethod
    def of(cls, f: FollowUpRow) -> FollowUp:
        return cls(
            number=f.number,
            what=f.what,
            responsible=f.responsible,
            due_on=f.due_on,
            done_on=f.done_on,
            done_by=f.done_by,
        )


@strawberry.type(
    description="A programme revision citing the assessment (rullering som viser til vurderingen)"
)
class AssessmentCitation:
    plan_id: UUID = strawberry.field(description="The Omstillingsplan (plan-id)")
    version_number: int = strawberry.field(description="The plan version (versjonsnummer)")


@strawberry.type(description="The yearly programme status assessment (programstatusvurdering, PSV)")
class StatusAssessment:
    id: UUID = strawberry.field(description="Assessment id (vurderings-id)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    programme_name: str = strawberry.field(description="The programme's name (programnavn)")
    year: int = strawberry.field(description="Calendar year assessed (år)")
    programme_year: int = strawberry.field(
        description="Programme year (programår): 1 is the first calendar year of the period"
    )
    held_on: date = strawberry.field(description="Meeting date (møtedato)")
    template_version: str = strawberry.field(description="Template used (malversjon)")
    process_weight: Decimal = strawberry.field(
        description="Weight of the process score (vekt prosess), as recorded"
    )
    effect_weight: Decimal = strawberry.field(
        description="Weight of the effect score (vekt effekt), as recorded"
    )
    process_score: Decimal = strawberry.field(
        description="Mean of the six process scores (prosesscore), 2 decimals"
    )
    effect_score: Decimal = strawberry.field(
        description="Mean of the six effect scores (effektscore), 2 decimals"
    )
    weighted_score: Decimal = strawberry.field(
        description="Weighted score (vektet poengsum): process weight × process mean + effect "
        "weight × effect mean, rounded half up to 2 decimals"
    )
    participants: list[AssessmentParticipant] = strawberry.field(
        description="Who took part (deltakere)"
    )
    scores: list[AssessmentScore] = strawberry.field(
        description="The twelve scores as they stand (poeng)"
    )
    conclusions: str | None = strawberry.field(description="Conclusions (konklusjoner)")
    follow_ups: list[FollowUp] = strawberry.field(
        description="Follow-up actions (oppfølgingstiltak)"
    )
    cited_by: list[AssessmentCitation] = strawberry.field(
        description="Plan revisions citing it (rulleringer som viser til vurderingen)"
    )
    version: int = strawberry.field(
        description="Version of the record (versjon), for expectedVersion in mutations"
    )

    @classmethod
    def of(cls, r: AssessmentRow) -> StatusAssessment:
        return cls(
            id=r.assessment_id,
            programme_id=r.programme_id,
            programme_name=r.programme_name,
            year=r.year,
            programme_year=r.programme_year,
            held_on=r.held_on,
            template_version=r.template_version,
            process_weight=r.process_weight,
            effect_weight=r.effect_weight,
            process_score=r.process_score,
            effect_score=r.effect_score,
            weighted_score=r.weighted_score,
            participants=[
                AssessmentParticipant(
                    name=p.name,
                    organisation=p.organisation,
                    role=PartyRole(p.role),
                    role_nb=PARTY_ROLE_NB[DomainPartyRole(p.role)],
                )
                for p in r.participants
            ],
            scores=[AssessmentScore.of(s) for s in r.scores],
            conclusions=r.conclusions,
            follow_ups=[FollowUp.of(f) for f in r.follow_ups],
            cited_by=[AssessmentCitation(plan_id=p, version_number=v) for p, v in r.cited_by],
            version=r.version,
        )


@strawberry.type(
    description="One programme's assessment of one year, for comparison (vurderingsserie)"
)
class AssessmentSeriesPoint:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    programme_name: str = strawberry.field(description="The programme's name (programnavn)")
    year: int = strawberry.field(description="Calendar year (år)")
    programme_year: int = strawberry.field(description="Programme year (programår)")
    process_score: Decimal = strawberry.field(description="Process mean (prosesscore)")
    effect_score: Decimal = strawberry.field(description="Effect mean (effektscore)")
    process_weight: Decimal = strawberry.field(description="Process weight (vekt prosess)")
    effect_weight: Decimal = strawberry.field(description="Effect weight (vekt effekt)")
    weighted_score: Decimal = strawberry.field(description="Weighted score (vektet poengsum)")
    held_on: date = strawberry.field(description="Meeting date (møtedato)")

    @classmethod
    def of(cls, r: AssessmentScoreRow) -> AssessmentSeriesPoint:
        return cls(
            programme_id=r.programme_id,
            programme_name=r.programme_name,
            year=r.year,
            programme_year=r.programme_year,
            process_score=r.process_score,
            effect_score=r.effect_score,
            process_weight=r.process_weight,
            effect_weight=r.effect_weight,
            weighted_score=r.weighted_score,
            held_on=r.held_on,
        )


def template_indicators() -> list[AssessmentIndicator]:
    return [AssessmentIndicator.of(i.code) for i in TEMPLATE]


# Inputs


@strawberry.input(description="A participant in the meeting (deltaker)")
class AssessmentParticipantInput:
    name: str = strawberry.field(description="Name (navn)")
    organisation: str = strawberry.field(description="Organisation (organisasjon)")
    role: PartyRole = strawberry.field(description="The party represented (part)")

    def to_domain(self) -> DomainParticipant:
        return DomainParticipant(
            self.name, self.organisation, DomainPartyRole(str(self.role.value))
        )


@strawberry.input(description="One indicator's score (poeng)")
class AssessmentScoreInput:
    indicator: str = strawberry.field(description="Indicator code (indikatorkode), e.g. P1 or E4")
    score: int = strawberry.field(description="Score 1–6 (poeng): 1 svært svakt … 6 svært godt")
    comment: str = strawberry.field(description="Comment (kommentar)")

    def to_domain(self) -> DomainScore:
        return DomainScore(self.indicator, self.score, self.comment)


@strawberry.input(description="A follow-up action (oppfølgingstiltak)")
class AssessmentFollowUpInput:
    what: str = strawberry.field(description="What is to be done (tiltak)")
    responsible: str = strawberry.field(description="Responsible (ansvarlig)")
    due_on: date = strawberry.field(description="Due date (frist)")

    def to_domain(self) -> FollowUpInput:
        return FollowUpInput(self.what, self.responsible, self.due_on)


@strawberry.input(description="Record the year's assessment meeting (holde programstatusvurdering)")
class HoldStatusAssessmentInput:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    year: int = strawberry.field(description="Year assessed (år)")
    held_on: date = strawberry.field(description="Meeting date (møtedato), within the year")
    participants: list[AssessmentParticipantInput] = strawberry.field(
        description="Participants (deltakere): all four parties"
    )
    scores: list[AssessmentScoreInput] = strawberry.field(
        description="The twelve scores (poeng), each indicator exactly once"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    decision: DecisionInput | None = strawberry.field(default=None, description="Decision (vedtak)")


@strawberry.input(description="Record conclusions and follow-up (konkludere)")
class ConcludeStatusAssessmentInput:
    assessment_id: UUID = strawberry.field(description="Assessment id (vurderings-id)")
    conclusions: str = strawberry.field(description="Conclusions (konklusjoner)")
    follow_ups: list[AssessmentFollowUpInput] = strawberry.field(
        default_factory=list, description="Follow-up actions (oppfølgingstiltak)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Correct one score after the meeting (rette poeng)")
class CorrectAssessmentScoreInput:
    assessment_id: UUID = strawberry.field(description="Assessment id (vurderings-id)")
    indicator: str = strawberry.field(description="Indicator code (indikatorkode)")
    score: int = strawberry.field(description="New score 1–6 (nytt poeng)")
    comment: str = strawberry.field(description="Comment (kommentar)")
    reason: str = strawberry.field(description="Why it is corrected (begrunnelse); required")
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.input(description="Mark a follow-up action done (fullføre oppfølgingstiltak)")
class CompleteFollowUpInput:
    assessment_id: UUID = strawberry.field(description="Assessment id (vurderings-id)")
    number: int = strawberry.field(description="Action number (tiltaksnummer)")
    done_on: date = strawberry.field(description="Done on (utført dato)")
    done_by: str = strawberry.field(description="Done by (utført av)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_EXPECTED)


@strawberry.type(description="The assessment after the change (vurderingen etter endringen)")
class StatusAssessmentPayload:
    assessment: StatusAssessment | None = strawberry.field(
        description="The assessment as now recorded (programstatusvurdering)"
    )
    version: int = strawberry.field(description="The assessment's new version (versjon)")


StatusAssessmentResult = Annotated[
    StatusAssessmentPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "StatusAssessmentResult",
        description="The changed assessment, or why nothing was written (resultat)",
    ),
]
