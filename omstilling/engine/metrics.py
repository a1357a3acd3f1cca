"""The engine's and the API's Prometheus metrics, declared once; `/metrics` and the worker's
metrics port expose the default registry."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_APPLIED = Counter(
    "omstilling_projection_events_applied",
    "Events a read model applied in this process (rate: events per second)",
    ["projection"],
)
EVENTS_QUARANTINED = Counter(
    "omstilling_projection_events_quarantined",
    "Events a read model could not apply and set aside, in this process",
    ["projection"],
)
BATCH_SECONDS = Histogram(
    "omstilling_projection_batch_seconds",
    "Time to write one batch of a read model (rows and position in one transaction)",
    ["projection"],
)
OWNED = Gauge(
    "omstilling_worker_owned_read_models", "Read models this worker owns now (advisory locks)"
)
WORKER_ERRORS = Counter(
    "omstilling_worker_database_errors",
    "Database failures the worker retried after a pause (it resumes from its positions)",
)
COMMAND_SECONDS = Histogram(
    "omstilling_command_seconds",
    "A command from the request to its events in the log, without the wait for the read models",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
READ_YOUR_WRITES_SECONDS = Histogram(
    "omstilling_read_your_writes_seconds",
    "Wait after a command until the read models it changed had applied its events",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
READ_MODELS_BEHIND = Counter(
    "omstilling_read_your_writes_timeouts",
    "Commands answered without their read-back because the read models had not caught up",
)
