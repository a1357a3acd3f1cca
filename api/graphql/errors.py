"""Domain errors at the edge, mapped in this one module.

Mutations return expected failures as typed members of their result union (the exception
handlers below); queries raise, and `DomainErrorCodes` gives those errors a stable
`extensions.code` while masking anything unexpected.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import strawberry
from eventsourcing.persistence import InterfaceError as PersistenceInterfaceError
from eventsourcing.persistence import OperationalError as PersistenceOperationalError
from fastapi.responses import JSONResponse
from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension
from strawberry.types.field import StrawberryField

from domain.shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from omstilling.runtime import DatabaseUnavailable, ReadModelsBehind

log = logging.getLogger(__name__)
PersistenceUnavailable = PersistenceOperationalError | PersistenceInterfaceError

INTERNAL = "INTERNAL"
BAD_USER_INPUT = "BAD_USER_INPUT"
UNAVAILABLE = "UNAVAILABLE"
READ_MODELS_BEHIND = "READ_MODELS_BEHIND"
RETRY_AFTER_SECONDS = 2
UNAVAILABLE_MESSAGE = "The database is unavailable; try again shortly"
UNAVAILABLE_MESSAGE_NB = "Databasen er utilgjengelig akkurat nå; prøv igjen om litt"


def unavailable_response() -> JSONResponse:
    """HTTP 503 in GraphQL's error shape, for a request refused before it started."""
    return JSONResponse(
        {
            "data": None,
            "errors": [
                {
                    "message": UNAVAILABLE_MESSAGE,
                    "extensions": {"code": UNAVAILABLE, "messageNb": UNAVAILABLE_MESSAGE_NB},
                }
            ],
        },
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


_SNAKE_OUTSIDE_BRACKETS = re.compile(r"(\[[^\]]*\])|_([a-z0-9])")


def input_path(field: str) -> str:
    """The domain's field path as the client wrote it: camelCase, indexes and codes kept."""
    return _SNAKE_OUTSIDE_BRACKETS.sub(lambda m: m.group(1) or m.group(2).upper(), field)


@strawberry.interface(
    description="An expected refusal (avvisning): nothing was written; `message` says why"
)
class UserError:
    message: str = strawberry.field(description="What went wrong, in English (feilmelding)")


@strawberry.type(
    description=(
        "Input that breaks a rule (valideringsfeil): `field` is the path in the input, "
        "e.g. decision.archiveCaseNumber or content.focusAreas[1].goals[0].target"
    )
)
class ValidationError(UserError):
    field: str = strawberry.field(description="Path of the offending input field (felt)")
    rule: str = strawberry.field(description="The rule it breaks (regel)")

    @classmethod
    def of(cls, error: ValidationFailed) -> ValidationError:
        path = input_path(error.field)
        return cls(field=path, rule=error.rule, message=f"{path}: {error.rule}")


@strawberry.type(description="The target does not exist (finnes ikke)")
class NotFoundError(UserError):
    pass


@strawberry.type(
    description="Not permitted for this principal (ikke tilgang); says nothing about the target"
)
class ForbiddenError(UserError):
    pass


@strawberry.type(
    description=(
        "The record changed since it was read (samtidighetskonflikt): reload, then retry with "
        "the current version as expectedVersion"
    )
)
class ConflictError(UserError):
    expected_version: int | None = strawberry.field(
        description="The version the request expected (forventet versjon)"
    )
    actual_version: int | None = strawberry.field(
        description="The record's current version (gjeldende versjon)"
    )


@strawberry.type(
    description="A lifecycle step not allowed from the current state (ugyldig overgang)"
)
class InvalidTransitionError(UserError):
    current_state: str = strawberry.field(description="The current state (nåværende tilstand)")
    attempted: str = strawberry.field(description="The step attempted (forsøkt handling)")
    rule: str = strawberry.field(description="The rule that forbids it (regel)")


class _ValidationFailedHandler(strawberry.ExceptionHandler[ValidationFailed, ValidationError]):
    def handle(
        self, exception: ValidationFailed, *, field: StrawberryField, info: strawberry.Info
    ) -> ValidationError:
        return ValidationError.of(exception)


NOT_FOUND_MESSAGE = "not found"
"""One answer for "not there" and "not yours", whatever was asked for: a principal learns
nothing about other tenants from it (the detail stays in the server's log)."""


class _NotFoundHandler(strawberry.ExceptionHandler[NotFound, NotFoundError]):
    def handle(
        self, exception: NotFound, *, field: StrawberryField, info: strawberry.Info
    ) -> NotFoundError:
        return NotFoundError(message=NOT_FOUND_MESSAGE)


class _ForbiddenHandler(strawberry.ExceptionHandler[Forbidden, ForbiddenError]):
    def handle(
        self, exception: Forbidden, *, field: StrawberryField, info: strawberry.Info
    ) -> ForbiddenError:
        return ForbiddenError(message=str(exception))


class _ConflictHandler(strawberry.ExceptionHandler[Conflict, ConflictError]):
    def handle(
        self, exception: Conflict, *, field: StrawberryField, info: strawberry.Info
    ) -> ConflictError:
        return ConflictError(
            message=str(exception),
            expected_version=exception.expected,
            actual_version=exception.actual,
        )


class _InvalidTransitionHandler(
    strawberry.ExceptionHandler[InvalidTransition, InvalidTransitionError]
):
    def handle(
        self, exception: InvalidTransition, *, field: StrawberryField, info: strawberry.Info
    ) -> InvalidTransitionError:
        return InvalidTransitionError(
            message=str(exception),
            current_state=str(exception.current),
            attempted=exception.attempted,
            rule=exception.rule,
        )


# Applied by strawberry to every field whose result union holds the handler's error type.
EXCEPTION_HANDLERS = (
    _ValidationFailedHandler(),
    _NotFoundHandler(),
    _ForbiddenHandler(),
    _ConflictHandler(),
    _InvalidTransitionHandler(),
)


def is_expected(error: GraphQLError) -> bool:
    """Errors the client caused: domain refusals, malformed input, invalid documents.

    An error without an original one is the client's only before execution (parsing and
    validation, which carry no path); one raised while answering a field, such as a value
    that does not fit its type, is the server's."""
    original = error.original_error
    if original is None:
        return not error.path
    return isinstance(original, DomainError | GraphQLError | StrawberryInputCoercionError)


def is_operational(error: GraphQLError) -> bool:
    """A database that is gone, or read models behind a recorded command: answered with their
    own codes and already logged (as warnings) where they were noticed, not server errors."""
    return isinstance(
        error.original_error, DatabaseUnavailable | PersistenceUnavailable | ReadModelsBehind
    )


def _extensions(error: DomainError) -> dict[str, Any]:
    extensions: dict[str, Any] = {"code": error.code}
    if isinstance(error, ValidationFailed):
        extensions.update(field=input_path(error.field), rule=error.rule)
    return extensions


def _coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    extensions: dict[str, Any]
    if isinstance(original, DatabaseUnavailable | PersistenceUnavailable):
        message = UNAVAILABLE_MESSAGE
        extensions = {"code": UNAVAILABLE, "messageNb": UNAVAILABLE_MESSAGE_NB}
    elif isinstance(original, ReadModelsBehind):
        result = original.result
        message = str(original)
        extensions = {
            "code": READ_MODELS_BEHIND,
            "messageNb": (
                "Endringen er lagret, men oversiktene kunne ikke ta den inn; driften er varslet"
                if original.quarantined
                else "Endringen er lagret, men oversiktene er ikke oppdatert ennå; les igjen om litt"
            ),
            "quarantined": original.quarantined,
            "id": str(result.aggregate_id),
            "version": result.version,
            "readModels": original.behind,
        }
    elif isinstance(original, DomainError):
        if isinstance(original, ValidationFailed):
            message = ValidationError.of(original).message
        elif isinstance(original, NotFound):
            message = NOT_FOUND_MESSAGE
        else:
            message = str(original)
        extensions = _extensions(original)
    elif is_expected(error):
        if error.extensions:
            return error
        # Malformed input or an invalid document: the request itself must change.
        message, extensions = error.message, {"code": BAD_USER_INPUT}
    else:
        message, extensions = "Internal server error", {"code": INTERNAL}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class DomainErrorCodes(SchemaExtension):
    """A refused query carries `extensions.code` (FORBIDDEN, NOT_FOUND, VALIDATION, ...),
    a malformed request BAD_USER_INPUT; an unexpected failure is INTERNAL, without details;
    a database that cannot be reached UNAVAILABLE, answered with HTTP 503."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [_coded(e) for e in errors]
            if any((e.extensions or {}).get("code") == UNAVAILABLE for e in result.errors):
                response = getattr(self.execution_context.context, "response", None)
                if response is not None:
                    response.status_code = 503
                    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
