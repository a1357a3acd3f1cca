"""One schema from the contexts' queries and mutations."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from api.graphql.action_plan.mutations import ActionPlanMutation
from api.graphql.action_plan.queries import ActionPlanQuery
from api.graphql.assessment.mutations import AssessmentMutation
from api.graphql.assessment.queries import AssessmentQuery
from api.graphql.audit.queries import AuditQuery
from api.graphql.comparison.mutations import ComparisonMutation
from api.graphql.comparison.queries import ComparisonQuery
from api.graphql.continuation.mutations import ContinuationMutation
from api.graphql.continuation.queries import ContinuationQuery
from api.graphql.errors import EXCEPTION_HANDLERS, DomainErrorCodes, is_expected
from api.graphql.funds.mutations import FundMutation
from api.graphql.funds.queries import FundQuery
from api.graphql.operations.queries import OperationsQuery
from api.graphql.plan.mutations import PlanMutation
from api.graphql.plan.queries import PlanQuery
from api.graphql.programme.mutations import ProgrammeMutation
from api.graphql.programme.queries import ProgrammeQuery
from api.graphql.project.mutations import ProjectMutation
from api.graphql.project.queries import ProjectQuery
from api.graphql.reference.queries import ReferenceQuery
from api.graphql.results.mutations import ResultMutation
from api.graphql.results.queries import ResultQuery
from api.graphql.scalars import SCALAR_MAP

# Counties → programmes → municipalities → programmes ... is a cycle; bound how deep it goes.
MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 10_000  # the largest document the product's own pages send has under 1 000
DOCUMENT_CACHE = 256

Query = merge_types(
    "Query",
    (
        ReferenceQuery,
        ProgrammeQuery,
        PlanQuery,
        ActionPlanQuery,
        ProjectQuery,
        AuditQuery,
        FundQuery,
        ResultQuery,
        AssessmentQuery,
        ComparisonQuery,
        ContinuationQuery,
        OperationsQuery,
    ),
)
Mutation = merge_types(
    "Mutation", (ProgrammeMutation, PlanMutation, ActionPlanMutation, ProjectMutation, FundMutation, ResultMutation, ComparisonMutation, AssessmentMutation, ContinuationMutation)
)


class OmstillingSchema(Schema):
    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Resolvers block on the database (and commands on the read models): run the whole
        operation on a worker thread, so the event loop keeps serving other requests."""
        return await asyncio.to_thread(
            self.execute_sync,
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong on our side; a refused request is not a server error."""
        unexpected = [e for e in errors if not is_expected(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema() -> Schema:
    return OmstillingSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        exception_handlers=EXCEPTION_HANDLERS,
        extensions=[
            DomainErrorCodes,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # Clients send the same few documents again and again: parse and validate each once.
            lambda: ParserCache(maxsize=DOCUMENT_CACHE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        ],
    )


schema = build_schema()
