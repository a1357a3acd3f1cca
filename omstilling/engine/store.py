"""The event store and the read models over it, opened the same way by API nodes and workers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError

from application.app import OmstillingApp
from migrations import migrate
from omstilling.engine.leases import CONNECT_TIMEOUT_SECONDS, schema_lock
from omstilling.eventstore import is_postgres
from projections.base import ReadModelView, view_classes
from projections.catalogue import READ_MODELS

APPLICATION_NAME = OmstillingApp.name
WORKER_POOL = 2  # one connection reads the log, one writes the read models

UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
"""The database cannot be reached (or answered with a transient failure): retry later."""


def engine_env(env: Mapping[str, str], *, worker: bool = False) -> dict[str, str]:
    """Bounded waits everywhere: a database that is gone is noticed within seconds."""
    env = dict(env)
    if is_postgres(env):
        env.setdefault("POSTGRES_CONNECT_TIMEOUT", str(CONNECT_TIMEOUT_SECONDS))
        env.setdefault("POSTGRES_PRE_PING", "y")  # a pooled connection from before a restart
        if worker:
            env["POSTGRES_POOL_SIZE"], env["POSTGRES_MAX_OVERFLOW"] = str(WORKER_POOL), "0"
    return env


@dataclass
class Store:
    app: OmstillingApp
    views: dict[str, ReadModelView]

    def close(self) -> None:
        self.app.close()


def open_store(env: Mapping[str, str], *, worker: bool = False) -> Store:
    """The application and every read model's view, all on the application's one pool."""
    env = engine_env(env, worker=worker)
    with schema_lock(env):
        migrate(env)
        app = OmstillingApp(env=env)
        datastore: Any = app.recorder.datastore  # type: ignore[attr-defined]
        if is_postgres(env):
            datastore.pool.kwargs["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
            role = "worker" if worker else "api"
            datastore.pool.kwargs["application_name"] = f"omstilling-{role}-{os.getpid()}"
        views: dict[str, ReadModelView] = {}
        for projection, view in READ_MODELS:
            bound: Any = view_classes(view)[env["PERSISTENCE_MODULE"]]
            if is_postgres(env):
                instance = bound(
                    datastore=datastore, tracking_table_name=f"{projection.name}_tracking"
                )
            else:
                instance = bound(datastore=datastore)
            instance.create_table()
            views[projection.name] = instance
    return Store(app, views)
