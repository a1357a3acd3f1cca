"""The HTTP application: GraphQL at /graphql and the exports at /exports behind bearer tokens,
and a health check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response, status
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter

from api.auth import MaybePrincipal, TokenVerifier, unauthorized
from api.exports.routes import router as exports_router
from api.graphql.context import Context
from api.graphql.errors import unavailable_response
from api.graphql.schema import schema
from api.observability import install as install_observability
from api.observability import note_principal
from omstilling.runtime import Runtime
from omstilling.settings import Settings

MAX_BODY_BYTES = 1024 * 1024  # a whole plan is some tens of kilobytes


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

    @app.middleware("http")
    async def limit_body_size(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse(
                {"detail": f"request body larger than {MAX_BODY_BYTES} bytes"},
                status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        return await call_next(request)

    @app.middleware("http")
    async def refuse_while_database_is_gone(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Answer at once, and clearly, while the database cannot be reached: no request
        queues behind connection attempts and times out."""
        if not runtime.board.available and request.url.path.startswith(("/graphql", "/exports")):
            return unavailable_response()
        return await call_next(request)

    install_observability(app, runtime)

    app.include_router(
        GraphQLRouter(
            schema,
            context_getter=graphql_context,
            graphql_ide="graphiql" if development else None,
            subscription_protocols=(),
        ),
        prefix="/graphql",
    )
    app.include_router(exports_router)
    return app
