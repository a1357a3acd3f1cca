"""Operations at the edge: a request id and the principal on every log line (JSON), liveness,
readiness and Prometheus metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any

from fastapi import FastAPI, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from pythonjsonlogger.json import JsonFormatter

from application.access import Principal
from omstilling.runtime import Runtime

log = logging.getLogger("omstilling.requests")

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
PRINCIPAL: ContextVar[str] = ContextVar("principal", default="-")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
READY_LAG_EVENTS = 1000  # a read model further behind than this makes the node not ready


def note_principal(principal: Principal | None) -> None:
    """Who is asking, for the request's log lines (user id and role, never the token)."""
    if principal is not None:
        PRINCIPAL.set(principal_label(principal))


class RequestContext(logging.Filter):
    """Adds the request id and the principal where the log call did not name them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        if not hasattr(record, "principal"):
            record.principal = PRINCIPAL.get()
        return True


def principal_label(principal: Principal | None) -> str:
    return "-" if principal is None else f"{principal.user_id}/{principal.role.value}"


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on standard error, each with the request id and the principal."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(principal)s",
            rename_fields={"levelname": "level", "asctime": "time", "name": "logger"},
        )
    )
    handler.addFilter(RequestContext())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


class ReadModelCollector(Collector):
    """Per read model, read from the database at scrape time: position, lag, quarantine."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[Metric]:
        position = GaugeMetricFamily(
            "omstilling_read_model_position", "Last log position applied", labels=["projection"]
        )
        lag = GaugeMetricFamily(
            "omstilling_read_model_lag_events",
            "Events in the log not yet applied",
            labels=["projection"],
        )
        lag_seconds = GaugeMetricFamily(
            "omstilling_read_model_lag_seconds",
            "Age of the oldest event not yet applied (0 when at the head)",
            labels=["projection"],
        )
        quarantined = GaugeMetricFamily(
            "omstilling_read_model_quarantined_events",
            "Events set aside and not yet applied again",
            labels=["projection"],
        )
        for model in self.runtime.read_model_status():
            position.add_metric([model.name], model.position or 0)
            lag.add_metric([model.name], model.lag_events)
            lag_seconds.add_metric([model.name], model.lag_seconds)
            quarantined.add_metric([model.name], model.quarantined)
        pool = GaugeMetricFamily(
            "omstilling_db_pool_connections", "The API's database pool", labels=["state"]
        )
        for state, value in self.runtime.pool_stats().items():
            pool.add_metric([state], value)
        yield from (position, lag, lag_seconds, quarantined, pool)


def install(app: FastAPI, runtime: Runtime) -> None:
    """Request ids and access logs, the health endpoints and /metrics."""
    registry = CollectorRegistry(auto_describe=True)
    registry.register(ReadModelCollector(runtime))

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get("x-request-id", "")
        request_id = given if _SAFE_REQUEST_ID.match(given) else uuid.uuid4().hex
        REQUEST_ID.set(request_id)
        PRINCIPAL.set("-")
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        log.info(
            "%s %s %s",
            request.method,
            request.url.path,
            response.status_code,
            extra={
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": request_id,
                "principal": principal_label(getattr(request.state, "principal", None)),
            },
        )
        return response

    @app.get("/health", tags=["operations"], include_in_schema=False)
    @app.get("/health/live", tags=["operations"])
    def live() -> dict[str, str]:
        """The process answers."""
        return {"status": "ok"}

    @app.get("/health/ready", tags=["operations"])
    def ready() -> JSONResponse:
        """Ready to serve: the database answers, every read model is near the head of the
        log, and none has set an event aside."""
        problems: list[str] = []
        models: list[dict[str, Any]] = []
        if not runtime.board.available:
            problems.append("database unreachable")
        else:
            try:
                for model in runtime.read_model_status():
                    models.append(model.as_dict())
                    if model.lag_events > READY_LAG_EVENTS:
                        problems.append(f"{model.name} is {model.lag_events} events behind")
                    if model.quarantined:
                        problems.append(f"{model.name} has {model.quarantined} quarantined events")
            except Exception as error:  # noqa: BLE001 - readiness reports, never raises
                problems.append(f"database unreachable: {type(error).__name__}")
        body = {
            "status": "ready" if not problems else "not ready",
            "problems": problems,
            "readModels": models,
        }
        code = status.HTTP_200_OK if not problems else status.HTTP_503_SERVICE_UNAVAILABLE
        return JSONResponse(body, status_code=code, headers={"Cache-Control": "no-store"})

    @app.get("/metrics", tags=["operations"])
    def metrics() -> Response:
        text = generate_latest(REGISTRY)
        try:
            text += generate_latest(registry)
        except Exception:  # noqa: BLE001 - the process metrics still answer without the database
            log.warning("read-model metrics unavailable", exc_info=True)
        return Response(text, media_type="text/plain; version=0.0.4; charset=utf-8")
