"""Fund commands: the supervising county grants, amends, pays out, withdraws and claws back;
the municipality's programme leader allocates, reports spending and returns unused funds; its
board reallocates between projects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import kroner
from api.graphql.context import Context, Info
from api.graphql.funds.types import (
    AllocateFundsInput,
    AmendGrantInput,
    ClawBackGrantFundsInput,
    DisburseGrantInput,
    Grant,
    GrantFundsInput,
    GrantPayload,
    GrantResult,
    ReallocateFundsInput,
    ReleaseAllocationInput,
    ReportSpendingInput,
    ReturnFundsInput,
    ReverseSpendingInput,
    WithdrawGrantFundsInput,
    category_of,
    ground_of,
)
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult, OmstillingApp
from domain.funds.use import SpendingReport


def _run(
    context: Context,
    grant_id: UUID | None,
    command: Callable[[OmstillingApp], CommandResult],
) -> GrantPayload:
    """Run the command, then read the grant back from the read model it has caught up;
    `grant_id` None: the command made the grant."""
    result = context.runtime.command(command)
    row = context.runtime.funds.grant(grant_id or result.aggregate_id)
    return GrantPayload(
        grant=Grant.of(row) if row else None,
        version=result.version,
        warnings=list(result.warnings),
    )


@strawberry.type
class FundMutation:
    # The county's grant

    @strawberry.mutation(
        description="Grant funds for the programme year (gi tilsagn), answering the "
        "municipality's application; the supervising county's officer, on the county's decision"
    )
    def grant_funds(self, info: Info, input: Annotated[GrantFundsInput, COMMAND]) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            None,
            lambda app: app.grant_funds(
                context.principal,
                input.programme_id,
                input.year,
                amount,
                application_number=input.application_number,
                conditions=list(input.conditions),
                use_by=input.use_by,
                decision=decision,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Amend the grant (endre tilsagn): amount, conditions or deadline, by a new "
        "decision"
    )
    def amend_grant(self, info: Info, input: Annotated[AmendGrantInput, COMMAND]) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount") if input.amount is not None else None
        conditions = list(input.conditions) if input.conditions is not None else None
        return _run(
            context,
            input.grant_id,
            lambda app: app.amend_grant(
                context.principal,
                input.grant_id,
                amount=amount,
                conditions=conditions,
                use_by=input.use_by,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Pay out part of the grant (utbetale), never more than granted and not "
        "withdrawn"
    )
    def disburse_grant(
        self, info: Info, input: Annotated[DisburseGrantInput, COMMAND]
    ) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.disburse_grant(
                context.principal,
                input.grant_id,
                amount,
                input.paid_on,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Withdraw funds not yet paid out (trekke tilbake tilsagn), on the county's "
        "decision"
    )
    def withdraw_grant_funds(
        self, info: Info, input: Annotated[WithdrawGrantFundsInput, COMMAND]
    ) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.withdraw_grant_funds(
                context.principal,
                input.grant_id,
                amount,
                ground_of(input.ground),
                input.withdrawn_on,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Demand paid-out funds back (tilbakekreve), unused or misused, on the "
        "county's decision"
    )
    def claw_back_grant_funds(
        self, info: Info, input: Annotated[ClawBackGrantFundsInput, COMMAND]
    ) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.claw_back_grant_funds(
                context.principal,
                input.grant_id,
                amount,
                ground_of(input.ground),
                input.demanded_on,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    # The municipality's use of the grant

    @strawberry.mutation(
        description="Allocate granted funds to a project of the year's approved Handlingsplan "
        "(fordele midler), within what the grant makes available"
    )
    def allocate_funds(
        self, info: Info, input: Annotated[AllocateFundsInput, COMMAND]
    ) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.allocate_funds(
                context.principal,
                input.grant_id,
                input.project_code,
                amount,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Take unspent funds off a project (frigjøre fordeling), back to the grant"
    )
    def release_allocation(
        self, info: Info, input: Annotated[ReleaseAllocationInput, COMMAND]
    ) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.release_allocation(
                context.principal,
                input.grant_id,
                input.project_code,
                amount,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Move funds between projects (omdisponere), the board's decision with a reason"
    )
    def reallocate_funds(
        self, info: Info, input: Annotated[ReallocateFundsInput, COMMAND]
    ) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.reallocate_funds(
                context.principal,
                input.grant_id,
                input.from_project_code,
                input.to_project_code,
                amount,
                input.effective_on,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Report costs of a project from the accounts (rapportere forbruk), with "
        "co-financing from other sources, within the project's allocation"
    )
    def report_spending(
        self, info: Info, input: Annotated[ReportSpendingInput, COMMAND]
    ) -> GrantResult:
        context = info.context
        report = SpendingReport(
            project_code=input.project_code,
            amount=kroner(input.amount, "amount"),
            period_start=input.period_start,
            period_end=input.period_end,
            category=category_of(input.category),
            accounts_reference=input.accounts_reference,
            co_financing=tuple(
                f.to_domain(f"coFinancing[{i}]") for i, f in enumerate(input.co_financing)
            ),
            continuation_work=input.continuation_work,
            comment=input.comment,
        )
        return _run(
            context,
            input.grant_id,
            lambda app: app.report_spending(
                context.principal,
                input.grant_id,
                report,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Reverse a spending line reported in error (kreditere forbruk); it is "
        "kept, no longer counted"
    )
    def reverse_spending(
        self, info: Info, input: Annotated[ReverseSpendingInput, COMMAND]
    ) -> GrantResult:
        context = info.context
        return _run(
            context,
            input.grant_id,
            lambda app: app.reverse_spending(
                context.principal,
                input.grant_id,
                input.number,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Give unallocated funds back to the county (tilbakeføre ubrukte midler)"
    )
    def return_funds(self, info: Info, input: Annotated[ReturnFundsInput, COMMAND]) -> GrantResult:
        context, decision = info.context, decision_from(input.decision)
        amount = kroner(input.amount, "amount")
        return _run(
            context,
            input.grant_id,
            lambda app: app.return_funds(
                context.principal,
                input.grant_id,
                amount,
                input.returned_on,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
