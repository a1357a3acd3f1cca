"""GraphQL over HTTP: a request body that is not a sane JSON object is refused with 400, never
answered with a server error, and every refused request is answered in JSON."""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException
from fastapi import Request, Response
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UNSET

from api.graphql.errors import BAD_USER_INPUT
from api.limits import refusal

# A plan is some seven levels deep; nothing a client sends needs more than a few more.
MAX_JSON_DEPTH = 64

_REASONS_NB = {
    "Unsupported content type": "Innholdstypen støttes ikke; send application/json",
    "No GraphQL query found in the request": "Forespørselen inneholder ingen GraphQL-spørring",
    "Batching is not enabled": "Send én operasjon per forespørsel, ikke en liste",
    "GraphQL only supports GET and POST requests.": "GraphQL tar bare imot GET og POST",
}
_JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}
_REFUSED_NB = "Forespørselen ble avvist; se message for årsaken"


class MalformedBody(HTTPException):
    """A body or parameter that is not a JSON object GraphQL can take."""

    def __init__(self, reason: str, reason_nb: str) -> None:
        super().__init__(400, reason)
        self.reason_nb = reason_nb


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects nest deeper than `limit`; walked without recursion."""
    if not isinstance(value, dict | list):
        return False
    pending: list[tuple[dict[str, Any] | list[Any], int]] = [(value, 1)]
    while pending:
        container, depth = pending.pop()
        for child in container.values() if isinstance(container, dict) else container:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                pending.append((child, depth + 1))
    return False


def decode_request_json(data: str | bytes) -> dict[str, Any]:
    """The JSON object in a request, or `MalformedBody` saying what is wrong with it."""
    try:
        value = json.loads(data)
    except RecursionError:
        value = None
        nested_too_deep = True
    except ValueError as error:  # also text that is not UTF-8
        raise MalformedBody(
            f"The request body is not valid JSON: {error}",
            "Forespørselen er ikke gyldig JSON",
        ) from None
    else:
        nested_too_deep = too_deep(value)
    if nested_too_deep:
        raise MalformedBody(
            f"The request's JSON nests deeper than {MAX_JSON_DEPTH} levels",
            f"JSON-innholdet er nestet dypere enn {MAX_JSON_DEPTH} nivåer",
        )
    if not isinstance(value, dict):
        raise MalformedBody(
            "The request body must be a JSON object with a `query` "
            f"(got {_JSON_KINDS.get(type(value), 'a JSON value')})",
            "Forespørselen må være et JSON-objekt med en `query`",
        )
    return value


class OmstillingGraphQLRouter(GraphQLRouter):
    """Strawberry's router, with strict JSON decoding and refusals in GraphQL's error shape."""

    def decode_json(self, data: str | bytes) -> object:
        return decode_request_json(data)

    async def run(  # type: ignore[override]
        self, request: Request, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response:
        try:
            return await super().run(request, context=context, root_value=root_value)  # type: ignore[no-any-return]
        except HTTPException as error:
            reason_nb = (
                error.reason_nb
                if isinstance(error, MalformedBody)
                else _REASONS_NB.get(error.reason, _REFUSED_NB)
            )
            code = BAD_USER_INPUT if error.status_code == 400 else "REQUEST_REFUSED"
            return refusal(error.status_code, code, error.reason, reason_nb)
