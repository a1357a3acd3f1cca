"""Commands and reads of the programme status assessment (programstatusvurdering), mixed into
`OmstillingApp`. The programme leader (municipality editor) records the meeting the four
parties held, its conclusions and follow-up, and corrects a score with a reason. The rules that
span aggregates are here: the programme's period, one assessment per year, and which
assessment an Omstillingsplan revision may cite."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.access import Action, Principal, Target, require_read, require_write
from domain.assessment.model import (
    FollowUpInput,
    IndicatorScore,
    Participant,
    StatusAssessment,
    assessment_id_for,
)
from domain.programme.model import Programme
from domain.shared import clock
from domain.shared.decisions import DecisionRef
from domain.shared.errors import Conflict, NotFound, ValidationFailed

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from application.app import CommandResult

    _AppBase = Application[UUID]
else:
    _AppBase = object

A = TypeVar("A", bound=Aggregate)


class AssessmentCommands(_AppBase):
    """Programstatusvurdering: holde, konkludere, rette poeng, fullføre oppfølgingstiltak."""

    if TYPE_CHECKING:  # provided by OmstillingApp

        def _load(self, kind: type[A], aggregate_id: UUID, label: str) -> A: ...

        def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult: ...

        @staticmethod
        def _check_version(aggregate: Aggregate, expected_version: int | None) -> None: ...

        @staticmethod
        def programme_target(programme: Programme) -> Target: ...

    def hold_status_assessment(
        self,
        principal: Principal,
        programme_id: UUID,
        year: int,
        held_on: date,
        participants: Iterable[Participant],
        scores: Iterable[IndicatorScore],
        *,
        reason: str | None = None,
        decision: DecisionRef | None = None,
    ) -> CommandResult:
        """Record the year's assessment meeting: a second one for the same year conflicts."""
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.RECORD_STATUS_ASSESSMENT, self.programme_target(programme))
        if isinstance(year, int) and not isinstance(year, bool):
            existing = self._find_assessment(programme.id, year)
            if existing is not None:
                raise Conflict(
                    None,
                    existing.version,
                    f"the status assessment of {year} is already recorded (held "
                    f"{existing.held_on}); correct its scores instead",
                )
        assessment = StatusAssessment.hold(
            programme_id=programme.id,
            tenant_id=programme.tenant_id,
            period_start=programme.period_start,
            period_end=programme.period_end,
            year=year,
            held_on=held_on,
            participants=participants,
            scores=scores,
            actor=principal.actor(),
            reason=reason,
            decision=decision,
        )
        return self._save(assessment, expected_new=True)

    def conclude_status_assessment(
        self,
        principal: Principal,
        assessment_id: UUID,
        conclusions: str,
        follow_ups: Sequence[FollowUpInput] = (),
        *,
        reason: str | None = None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_assessment(
            principal,
            assessment_id,
            expected_version,
            lambda a: a.conclude(
                conclusions,
                follow_ups,
                actor=principal.actor(),
                reason=reason,
                decision=decision,
            ),
        )

    def correct_assessment_score(
        self,
        principal: Principal,
        assessment_id: UUID,
        indicator: str,
        score: int,
        comment: str,
        *,
        reason: str | None,
        decision: DecisionRef | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_assessment(
            principal,
            assessment_id,
            expected_version,
            lambda a: a.correct_score(
                indicator, score, comment, actor=principal.actor(), reason=reason, decision=decision
            ),
        )

    def complete_follow_up(
        self,
        principal: Principal,
        assessment_id: UUID,
        number: int,
        done_on: date,
        done_by: str,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_assessment(
            principal,
            assessment_id,
            expected_version,
            lambda a: a.complete_follow_up(
                number, done_on, done_by, actor=principal.actor(), reason=reason
            ),
        )

    # Reads

    def status_assessment(self, principal: Principal, assessment_id: UUID) -> StatusAssessment:
        assessment = self._load(StatusAssessment, assessment_id, "status assessment")
        programme = self._load(Programme, assessment.programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return assessment

    @staticmethod
    def assessment_id_for(programme_id: UUID, year: int) -> UUID:
        return assessment_id_for(programme_id, year)

    def citable_assessment(self, programme_id: UUID, assessment_id: UUID | None) -> UUID | None:
        """The assessment an Omstillingsplan revision of `programme_id` may cite: one that
        exists, belongs to the same programme and was held by the day the revision starts."""
        if assessment_id is None:
            return None
        try:
            assessment = self._load(StatusAssessment, assessment_id, "status assessment")
        except NotFound:
            raise ValidationFailed(
                "assessmentId", "must be a recorded status assessment (programstatusvurdering)"
            ) from None
        if assessment.programme_id != programme_id:
            raise ValidationFailed(
                "assessmentId", "must be a status assessment of the plan's own programme"
            )
        today = clock.now().astimezone(clock.OSLO).date()
        if assessment.held_on > today:
            raise ValidationFailed(
                "assessmentId",
                f"the status assessment must have been held (it is dated {assessment.held_on})",
            )
        return assessment.id

    # Shared steps

    def _find_assessment(self, programme_id: UUID, year: int) -> StatusAssessment | None:
        try:
            return self._load(
                StatusAssessment, assessment_id_for(programme_id, year), "status assessment"
            )
        except NotFound:
            return None

    def _change_assessment(
        self,
        principal: Principal,
        assessment_id: UUID,
        expected_version: int | None,
        change: Callable[[StatusAssessment], None],
    ) -> CommandResult:
        assessment = self._load(StatusAssessment, assessment_id, "status assessment")
        programme = self._load(Programme, assessment.programme_id, "programme")
        require_write(principal, Action.RECORD_STATUS_ASSESSMENT, self.programme_target(programme))
        self._check_version(assessment, expected_version)
        change(assessment)
        return self._save(assessment)
