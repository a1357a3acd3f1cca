"""Plan commands: drafted and edited by the programme leader, decided by the steering group and
the council, put into force, and revised as new versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Context, Info
from api.graphql.plan.types import (
    AdoptPlanInput,
    ApprovePlanInput,
    DraftPlanInput,
    Plan,
    PlanPayload,
    PlanResult,
    PutPlanFocusAreaInput,
    PutPlanIntoForceInput,
    RemovePlanFocusAreaInput,
    ReturnPlanToDraftInput,
    RevisePlanSectionInput,
    SetPlanMainGoalInput,
    StartPlanRevisionInput,
    SubmitPlanInput,
)
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult, OmstillingApp
from domain.plan.content import Section
from domain.shared.text import LONG_TEXT, optional_text


def _run(context: Context, command: Callable[[OmstillingApp], CommandResult]) -> PlanPayload:
    """Run the command, then read the plan back from the read model it has caught up."""
    result = context.runtime.command(command)
    row = context.runtime.plans.plan(result.aggregate_id)
    return PlanPayload(
        plan=Plan.of_row(row) if row else None,
        version=result.version,
        warnings=list(result.warnings),
    )


def _plan_id(programme_id: UUID) -> UUID:
    return OmstillingApp.plan_id_for(programme_id)


@strawberry.type
class PlanMutation:
    @strawberry.mutation(description="Draft the plan (utkast til omstillingsplan): version 1")
    def draft_plan(self, info: Info, input: Annotated[DraftPlanInput, COMMAND]) -> PlanResult:
        context, content = info.context, input.content.to_domain("content")
        return _run(
            context,
            lambda app: app.draft_plan(
                context.principal, input.programme_id, content, reason=input.reason
            ),
        )

    @strawberry.mutation(description="Revise one text section of the draft (revidere kapittel)")
    def revise_plan_section(
        self, info: Info, input: Annotated[RevisePlanSectionInput, COMMAND]
    ) -> PlanResult:
        context = info.context
        text = optional_text("text", input.text, LONG_TEXT) or ""
        return _run(
            context,
            lambda app: app.revise_plan_section(
                context.principal,
                _plan_id(input.programme_id),
                Section[input.section.name],
                text,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Set the main goal (hovedmål) of the draft")
    def set_plan_main_goal(
        self, info: Info, input: Annotated[SetPlanMainGoalInput, COMMAND]
    ) -> PlanResult:
        context, goal = info.context, input.goal.to_domain("goal")
        return _run(
            context,
            lambda app: app.set_plan_main_goal(
                context.principal,
                _plan_id(input.programme_id),
                goal,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Add a focus area (innsatsområde) to the draft, or replace the one with its code"
    )
    def put_plan_focus_area(
        self, info: Info, input: Annotated[PutPlanFocusAreaInput, COMMAND]
    ) -> PlanResult:
        context, area = info.context, input.focus_area.to_domain("focusArea")
        return _run(
            context,
            lambda app: app.put_plan_focus_area(
                context.principal,
                _plan_id(input.programme_id),
                area,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Remove a focus area (innsatsområde) from the draft")
    def remove_plan_focus_area(
        self, info: Info, input: Annotated[RemovePlanFocusAreaInput, COMMAND]
    ) -> PlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.remove_plan_focus_area(
                context.principal,
                _plan_id(input.programme_id),
                input.code,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Submit the draft (legge fram) to the steering group")
    def submit_plan(self, info: Info, input: Annotated[SubmitPlanInput, COMMAND]) -> PlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.submit_plan(
                context.principal,
                _plan_id(input.programme_id),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Send a submitted or approved plan back to draft (tilbake til utkast)"
    )
    def return_plan_to_draft(
        self, info: Info, input: Annotated[ReturnPlanToDraftInput, COMMAND]
    ) -> PlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.return_plan_to_draft(
                context.principal,
                _plan_id(input.programme_id),
                reason=input.reason,
                decision=decision,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Record the steering group's approval (godkjenning i prosjektstyringsgruppen)"
    )
    def approve_plan(self, info: Info, input: Annotated[ApprovePlanInput, COMMAND]) -> PlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.approve_plan(
                context.principal,
                _plan_id(input.programme_id),
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Record the council's adoption (vedtak i kommunestyret)")
    def adopt_plan(self, info: Info, input: Annotated[AdoptPlanInput, COMMAND]) -> PlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.adopt_plan(
                context.principal,
                _plan_id(input.programme_id),
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Put the adopted plan into force (sette i verk)")
    def put_plan_into_force(
        self, info: Info, input: Annotated[PutPlanIntoForceInput, COMMAND]
    ) -> PlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.put_plan_into_force(
                context.principal,
                _plan_id(input.programme_id),
                input.effective_from,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Start a revision (rullering) of the plan in force: a new draft version"
    )
    def start_plan_revision(
        self, info: Info, input: Annotated[StartPlanRevisionInput, COMMAND]
    ) -> PlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.start_plan_revision(
                context.principal,
                _plan_id(input.programme_id),
                reason=input.reason,
                decision=decision,
                assessment_id=input.assessment_id,
                expected_version=input.expected_version,
            ),
        )
