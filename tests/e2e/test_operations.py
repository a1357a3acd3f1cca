"""What an operator's tools see: liveness, readiness, metrics and a request id on every answer."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLError

from api.graphql.errors import is_expected
from omstilling.runtime import Runtime
from tests.e2e.conftest import People, register_vagan


def test_a_request_id_is_echoed_or_made(http: TestClient) -> None:
    assert (
        http.get("/health/live", headers={"X-Request-ID": "sak-2024.17"}).headers["X-Request-ID"]
        == "sak-2024.17"
    )
    made = http.get("/health/live", headers={"X-Request-ID": "no spaces\nor newlines"}).headers[
        "X-Request-ID"
    ]
    assert len(made) == 32 and made.isalnum()


def test_ready_once_every_read_model_is_at_the_head_and_metrics_say_where_they_are(
    http: TestClient, people: People, runtime: Runtime
) -> None:
    register_vagan(people)
    # The read models that take no registrations record their position once the worker is idle.
    assert runtime.wait_for_everything_written()
    ready = http.get("/health/ready")
    assert ready.status_code == 200, ready.json()
    models = {m["name"]: m for m in ready.json()["readModels"]}
    assert len(models) == 11 and all(
        m["lagEvents"] == 0 and m["quarantined"] == 0 for m in models.values()
    )
    metrics = http.get("/metrics").text
    assert 'omstilling_read_model_lag_events{projection="programme_directory"} 0.0' in metrics
    assert "omstilling_command_seconds_count" in metrics
    assert "omstilling_read_your_writes_seconds_bucket" in metrics


def test_a_log_position_travels_as_a_64_bit_string(people: People) -> None:
    register_vagan(people)
    data = people.national_analyst().query(
        "{ auditTrail(first: 1) { edges { node { position } } } }"
    )
    (edge,) = data["auditTrail"]["edges"]
    assert isinstance(edge["node"]["position"], str) and int(edge["node"]["position"]) > 0


def test_a_value_the_server_cannot_serialise_is_its_own_error_not_the_clients() -> None:
    """Such an error has no original exception but a path: it arose while answering a field."""
    while_answering = GraphQLError(
        "Int cannot represent non 32-bit signed integer value", path=["auditTrail"]
    )
    malformed_document = GraphQLError("Syntax Error: Expected Name, found <EOF>.")
    assert not is_expected(while_answering)
    assert is_expected(malformed_document)


def test_the_access_log_names_the_request_and_the_principal(
    people: People, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="omstilling.requests"):
        people.national_analyst().query("{ programmes { id } }")
    (line,) = [r for r in caplog.records if r.name == "omstilling.requests"]
    assert line.getMessage() == "POST /graphql 200"
    assert line.principal == "analytiker.in/national_analyst"  # type: ignore[attr-defined]
    assert len(line.request_id) == 32  # type: ignore[attr-defined]
