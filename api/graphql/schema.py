"""One schema from the contexts' queries and mutations, for development and for production
(no introspection, no suggestions); every document bounded before it runs."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
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
from api.graphql.errors import (
    BAD_USER_INPUT,
    EXCEPTION_HANDLERS,
    DomainErrorCodes,
    is_expected,
    is_operational,
)
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
from api.graphql.rules import NoIntrospection, operation_count_rule, selection_budget_rule
from api.graphql.scalars import SCALAR_MAP

# Counties → programmes → municipalities → programmes ... is a cycle; bound how deep it goes.
MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 10_000  # the largest document the product's own pages send has under 1 000
MAX_OPERATIONS = 10
MAX_SELECTIONS = 5_000  # fields selected, fragments expanded; GraphiQL's introspection: ~300
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
    "Mutation",
    (
        ProgrammeMutation,
        PlanMutation,
        ActionPlanMutation,
        ProjectMutation,
        FundMutation,
        ResultMutation,
        ComparisonMutation,
        AssessmentMutation,
        ContinuationMutation,
    ),
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

    def execute_sync(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """A document that does not parse fails inside the parser cache, past the error codes:
        its syntax error is coded here, like any other refusal of the request."""
        result = super().execute_sync(*args, **kwargs)
        if result.errors:
            result.errors = [_coded_syntax_error(e) for e in result.errors]
        return result

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong on our side; a refused request is not a server error, and an
        outage or a lag is logged where it is noticed."""
        unexpected = [e for e in errors if not (is_expected(e) or is_operational(e))]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def _coded_syntax_error(error: GraphQLError) -> GraphQLError:
    if not isinstance(error, GraphQLSyntaxError) or error.extensions:
        return error
    if "tokens. Parsing aborted" in error.message:
        extensions = {
            "code": BAD_USER_INPUT,
            "rule": "maxTokens",
            "limit": MAX_TOKENS,
            "messageNb": f"Dokumentet har flere enn {MAX_TOKENS} symboler; det ble ikke lest ferdig",
        }
    else:
        extensions = {"code": BAD_USER_INPUT, "messageNb": "Dokumentet er ikke gyldig GraphQL"}
    return GraphQLError(
        error.message, source=error.source, positions=error.positions, extensions=extensions
    )


_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)


class HideSuggestions(SchemaExtension):
    """No "Did you mean ..." in production answers: they would spell out the schema to
    whoever guesses at it. (Strawberry's setting strips only unknown-field suggestions.)"""

    def on_operation(self) -> Iterator[None]:
        yield
        for error in getattr(self.execution_context.result, "errors", None) or ():
            error.message = _SUGGESTION.sub("", error.message)


def build_schema(*, production: bool = False) -> Schema:
    """The schema; in production without introspection (clients read docs/schema.graphql)
    and without suggestions in its error messages."""
    rules: list[Any] = [
        operation_count_rule(MAX_OPERATIONS),
        selection_budget_rule(
            max_selections=MAX_SELECTIONS, max_aliases=MAX_ALIASES, max_depth=MAX_DEPTH
        ),
    ]
    if production:
        rules.append(NoIntrospection)
    return OmstillingSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map=SCALAR_MAP, disable_field_suggestions=production),
        exception_handlers=EXCEPTION_HANDLERS,
        extensions=[
            DomainErrorCodes,  # first in, last out: codes the errors the others leave
            *([HideSuggestions] if production else []),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # Clients send the same few documents again and again: parse and validate each once.
            lambda: ParserCache(maxsize=DOCUMENT_CACHE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
            # Operations per document, and fields, aliases and depth with fragments expanded.
            lambda: AddValidationRules(rules),
        ],
    )


schema = build_schema()


@cache
def production_schema() -> Schema:
    """Built on first use: development and the tests never pay for it."""
    return build_schema(production=True)


def schema_for(environment: str) -> Schema:
    """The schema an API node in `environment` serves."""
    return production_schema() if environment == "production" else schema
