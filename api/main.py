"""The HTTP application: GraphQL at /graphql and the exports at /exports behind bearer tokens,
and a health check; bodies, rates and documents bounded at the edge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response

from api.auth import MaybePrincipal, TokenVerifier, unauthorized
from api.exports.routes import router as exports_router
from api.graphql.context import Context
from api.graphql.errors import unavailable_response
from api.graphql.http import OmstillingGraphQLRouter
from api.graphql.schema import schema_for
from api.headers import SecurityHeaders
from api.limits import (
    MAX_BODY_BYTES,
    AddressRateLimit,
    BodyLimit,
    RateLimited,
    RateLimits,
    rate_limited_response,
)
from api.observability import install as install_observability
from api.observability import note_principal
from omstilling.runtime import Runtime
from omstilling.settings import Settings


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _asks_for_ide(request: Request) -> bool:
    """The GraphiQL page itself (a browser GET without a query), which carries no data."""
    return (
        request.method == "GET"
        and "query" not in request.query_params
        and "text/html" in request.headers.get("accept", "")
    )


def graphql_context(
    request: Request, principal: MaybePrincipal, runtime: RuntimeDep
) -> Context | None:
    """A fresh context per request; every operation needs a principal."""
    if principal is None:
        if request.app.state.graphiql and _asks_for_ide(request):
            return None
        raise unauthorized("a bearer token is required", token_given=False)
    note_principal(principal)
    return Context(principal, runtime)


def create_app(runtime: Runtime, settings: Settings) -> FastAPI:
    """The application over a running `Runtime`; the caller owns (and closes) the runtime."""
    development = settings.environment == "development"
    app = FastAPI(
        title="omstilling",
        description="System of record for Norway's regional restructuring programmes "
        "(omstillingsprogram)",
        docs_url="/docs" if development else None,
        redoc_url=None,
        openapi_url="/openapi.json" if development else None,
    )
    app.state.runtime = runtime
    app.state.verifier = TokenVerifier(settings)
    app.state.graphiql = development
    app.state.rate_limits = rate_limits = RateLimits(settings)

    async def answer_rate_limited(request: Request, error: Exception) -> Response:
        assert isinstance(error, RateLimited)
        return rate_limited_response(error)

    app.add_exception_handler(RateLimited, answer_rate_limited)

    # Middleware is added inside out: each wraps those added before it. The body limit sits
    # next to the routes, which read the body; the security headers wrap every answer.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    @app.middleware("http")
    async def refuse_while_database_is_gone(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Answer at once, and clearly, while the database cannot be reached: no request
        queues behind connection attempts and times out."""
        if not runtime.board.available and request.url.path.startswith(("/graphql", "/exports")):
            return unavailable_response()
        return await call_next(request)

    app.add_middleware(AddressRateLimit, limits=rate_limits)
    install_observability(app, runtime)  # request id and access log, refusals included
    app.add_middleware(SecurityHeaders, development=development)

    app.include_router(
        OmstillingGraphQLRouter(
            schema_for(settings.environment),
            context_getter=graphql_context,
            graphql_ide="graphiql" if development else None,
            subscription_protocols=(),
        ),
        prefix="/graphql",
    )
    app.include_router(exports_router)
    return app
