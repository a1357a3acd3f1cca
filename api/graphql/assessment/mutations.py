"""Assessment commands: the programme leader records the meeting, its conclusions and
follow-up, and corrects a score with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import strawberry

from api.graphql.assessment.types import (
    CompleteFollowUpInput,
    ConcludeStatusAssessmentInput,
    CorrectAssessmentScoreInput,
    HoldStatusAssessmentInput,
    StatusAssessment,
    StatusAssessmentPayload,
    StatusAssessmentResult,
)
from api.graphql.context import Context, Info
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult, OmstillingApp


def _run(
    context: Context, command: Callable[[OmstillingApp], CommandResult]
) -> StatusAssessmentPayload:
    """Run the command, then read the assessment back from the read model it has caught up."""
    result = context.runtime.command(command)
    row = context.runtime.assessments.assessment(result.aggregate_id)
    return StatusAssessmentPayload(
        assessment=StatusAssessment.of(row) if row else None, version=result.version
    )


@strawberry.type
class AssessmentMutation:
    @strawberry.mutation(
        description="Record the year's status assessment meeting (holde programstatusvurdering): "
        "four parties, twelve scores; one per programme and year"
    )
    def hold_status_assessment(
        self, info: Info, input: Annotated[HoldStatusAssessmentInput, COMMAND]
    ) -> StatusAssessmentResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.hold_status_assessment(
                context.principal,
                input.programme_id,
                input.year,
                input.held_on,
                [p.to_domain() for p in input.participants],
                [s.to_domain() for s in input.scores],
                reason=input.reason,
                decision=decision,
            ),
        )

    @strawberry.mutation(
        description="Record the conclusions and follow-up actions (konklusjoner og "
        "oppfølgingstiltak), once"
    )
    def conclude_status_assessment(
        self, info: Info, input: Annotated[ConcludeStatusAssessmentInput, COMMAND]
    ) -> StatusAssessmentResult:
        context = info.context
        return _run(
            context,
            lambda app: app.conclude_status_assessment(
                context.principal,
                input.assessment_id,
                input.conclusions,
                [f.to_domain() for f in input.follow_ups],
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Correct one score (rette poeng): a new entry with a reason; the score as "
        "held stays in the history"
    )
    def correct_assessment_score(
        self, info: Info, input: Annotated[CorrectAssessmentScoreInput, COMMAND]
    ) -> StatusAssessmentResult:
        context = info.context
        return _run(
            context,
            lambda app: app.correct_assessment_score(
                context.principal,
                input.assessment_id,
                input.indicator,
                input.score,
                input.comment,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Mark a follow-up action done (fullføre oppfølgingstiltak)")
    def complete_follow_up(
        self, info: Info, input: Annotated[CompleteFollowUpInput, COMMAND]
    ) -> StatusAssessmentResult:
        context = info.context
        return _run(
            context,
            lambda app: app.complete_follow_up(
                context.principal,
                input.assessment_id,
                input.number,
                input.done_on,
                input.done_by,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
