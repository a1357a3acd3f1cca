"""Project commands: proposed and kept by the programme leader, scored, prioritised and approved
by the board, started, followed by milestones, and completed or stopped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Context, Info
from api.graphql.project.types import (
    ApproveProjectInput,
    ChangeProjectFocusAreaInput,
    CompleteMilestoneInput,
    CompleteProjectInput,
    Prioritisation,
    PrioritisationPayload,
    PrioritisationResult,
    PrioritiseProjectsInput,
    Project,
    ProjectPayload,
    ProjectResult,
    ProposeProjectInput,
    PutProjectMilestoneInput,
    RemoveProjectMilestoneInput,
    ReviseProjectMandateInput,
    ScoreProjectInput,
    StartProjectInput,
    StopProjectInput,
)
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult, OmstillingApp
from domain.shared.clock import today_in_norway
from projections.projects import prioritisation_id_for


def _run(context: Context, command: Callable[[OmstillingApp], CommandResult]) -> ProjectPayload:
    """Run the command, then read the project back from the read model it has caught up."""
    result = context.runtime.command(command)
    row = context.runtime.projects.project(result.aggregate_id)
    return ProjectPayload(
        project=Project.of_row(row, today_in_norway()) if row else None,
        version=result.version,
        warnings=list(result.warnings),
    )


def _id(programme_id: UUID, code: str) -> UUID:
    return OmstillingApp.project_id_for(programme_id, code)


@strawberry.type
class ProjectMutation:
    @strawberry.mutation(
        description="Propose a project (foreslå tiltak) on a focus area of the plan in force"
    )
    def propose_project(
        self, info: Info, input: Annotated[ProposeProjectInput, COMMAND]
    ) -> ProjectResult:
        context, mandate = info.context, input.mandate.to_domain("mandate")
        milestones = [m.to_domain(f"milestones[{i}]") for i, m in enumerate(input.milestones)]
        return _run(
            context,
            lambda app: app.propose_project(
                context.principal,
                input.programme_id,
                input.code,
                input.focus_area_code,
                mandate,
                milestones,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(description="Move the project to another focus area (innsatsområde)")
    def change_project_focus_area(
        self, info: Info, input: Annotated[ChangeProjectFocusAreaInput, COMMAND]
    ) -> ProjectResult:
        context = info.context
        return _run(
            context,
            lambda app: app.change_project_focus_area(
                context.principal,
                _id(input.programme_id, input.code),
                input.focus_area_code,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Revise the mandate (prosjektmandat); an approved one by the board's decision"
    )
    def revise_project_mandate(
        self, info: Info, input: Annotated[ReviseProjectMandateInput, COMMAND]
    ) -> ProjectResult:
        context, mandate = info.context, input.mandate.to_domain("mandate")
        decision = decision_from(input.decision)
        return _run(
            context,
            lambda app: app.revise_project_mandate(
                context.principal,
                _id(input.programme_id, input.code),
                mandate,
                reason=input.reason,
                decision=decision,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Add or replace a milestone (milepæl)")
    def put_project_milestone(
        self, info: Info, input: Annotated[PutProjectMilestoneInput, COMMAND]
    ) -> ProjectResult:
        context, milestone = info.context, input.milestone.to_domain("milestone")
        return _run(
            context,
            lambda app: app.put_project_milestone(
                context.principal,
                _id(input.programme_id, input.code),
                milestone,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Remove a milestone (fjerne milepæl)")
    def remove_project_milestone(
        self, info: Info, input: Annotated[RemoveProjectMilestoneInput, COMMAND]
    ) -> ProjectResult:
        context = info.context
        return _run(
            context,
            lambda app: app.remove_project_milestone(
                context.principal,
                _id(input.programme_id, input.code),
                input.number,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Record scores (poeng) on the prioritisation criteria")
    def score_project(
        self, info: Info, input: Annotated[ScoreProjectInput, COMMAND]
    ) -> ProjectResult:
        context = info.context
        scores = [s.to_domain(f"scores[{i}]") for i, s in enumerate(input.scores)]
        return _run(
            context,
            lambda app: app.score_project(
                context.principal,
                _id(input.programme_id, input.code),
                scores,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="The board prioritises candidates (prioritere tiltak) under chosen weights"
    )
    def prioritise_projects(
        self, info: Info, input: Annotated[PrioritiseProjectsInput, COMMAND]
    ) -> PrioritisationResult:
        context, decision = info.context, decision_from(input.decision)
        weights = input.weights.to_domain()
        context.runtime.command(
            lambda app: app.prioritise_projects(
                context.principal,
                input.programme_id,
                input.project_codes,
                weights,
                decision=decision,
                reason=input.reason,
            )
        )
        view, on = context.runtime.projects, today_in_norway()
        assert decision is not None  # the domain refuses a prioritisation without one
        row = view.prioritisation(prioritisation_id_for(input.programme_id, decision, weights))
        projects = [view.project_by_code(input.programme_id, c) for c in input.project_codes]
        return PrioritisationPayload(
            prioritisation=Prioritisation.of(row) if row else None,
            projects=[Project.of_row(p, on) for p in projects if p],
        )

    @strawberry.mutation(description="Approve the project (vedta tiltak), the board's decision")
    def approve_project(
        self, info: Info, input: Annotated[ApproveProjectInput, COMMAND]
    ) -> ProjectResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.approve_project(
                context.principal,
                _id(input.programme_id, input.code),
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Start the approved project (starte tiltak)")
    def start_project(
        self, info: Info, input: Annotated[StartProjectInput, COMMAND]
    ) -> ProjectResult:
        context = info.context
        return _run(
            context,
            lambda app: app.start_project(
                context.principal,
                _id(input.programme_id, input.code),
                input.started_on,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Complete a milestone (fullføre milepæl) with evidence")
    def complete_milestone(
        self, info: Info, input: Annotated[CompleteMilestoneInput, COMMAND]
    ) -> ProjectResult:
        context = info.context
        return _run(
            context,
            lambda app: app.complete_milestone(
                context.principal,
                _id(input.programme_id, input.code),
                input.number,
                input.completed_on,
                input.evidence,
                completed_by=input.completed_by,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Complete the project (avslutte tiltak)")
    def complete_project(
        self, info: Info, input: Annotated[CompleteProjectInput, COMMAND]
    ) -> ProjectResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.complete_project(
                context.principal,
                _id(input.programme_id, input.code),
                input.completed_on,
                reason=input.reason,
                decision=decision,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Stop the project (stoppe tiltak), the board's call")
    def stop_project(
        self, info: Info, input: Annotated[StopProjectInput, COMMAND]
    ) -> ProjectResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.stop_project(
                context.principal,
                _id(input.programme_id, input.code),
                input.stopped_on,
                reason=input.reason,
                decision=decision,
                expected_version=input.expected_version,
            ),
        )
