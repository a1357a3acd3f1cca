"""Rate limits per principal, per client address and on failed sign-ins: 429 with Retry-After,
nothing written, one caller's exhaustion never another's; health and metrics always answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from omstilling.runtime import Runtime
from omstilling.settings import Settings
from tests.e2e.conftest import People, log_length
from tests.e2e.documents import mutation, registration

QUERY = {"query": "{ programmes { id } }"}
GENEROUS = "1000/minute"

MakeClient = Callable[..., tuple[TestClient, People]]


@pytest.fixture
def client_with(runtime: Runtime, tmp_path: Path) -> Iterator[MakeClient]:
    """A client of an app with the given limits (the others generous), and the people who
    sign in through it."""
    opened: list[TestClient] = []

    def make(**limits: str) -> tuple[TestClient, People]:
        settings = Settings(
            environment="development",
            data_dir=tmp_path,
            dev_signing_key="rate-limit-signing-key-only-for-these-tests-0123",
            rate_limit_per_principal=limits.get("per_principal", GENEROUS),
            rate_limit_per_address=limits.get("per_address", GENEROUS),
            rate_limit_failed_sign_ins=limits.get("failed_sign_ins", GENEROUS),
        )
        client = TestClient(create_app(runtime, settings), client=("192.0.2.10", 50000))
        opened.append(client.__enter__())
        return client, People(client, settings)

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def from_elsewhere(client: TestClient) -> TestClient:
    """Another client of the same application, from another address."""
    return TestClient(client.app, client=("198.51.100.7", 50000))


def ask(client: TestClient, token: str | None = None, json: Any = QUERY) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json=json, headers=headers)


def assert_rate_limited(response: httpx.Response, window_seconds: int = 60) -> dict[str, Any]:
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= window_seconds
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == retry_after
    assert "For mange forespørsler" in error["extensions"]["messageNb"]
    return error  # type: ignore[no-any-return]


def test_a_principal_over_its_limit_gets_429_and_another_principal_goes_on(
    client_with: MakeClient, runtime: Runtime
) -> None:
    client, people = client_with(per_principal="3/minute")
    officer, analyst = people.county_officer(), people.national_analyst()
    for _ in range(3):
        assert ask(client, officer.token).status_code == 200
    before = log_length(runtime)
    register = {"query": mutation("registerProgramme"), "variables": {"input": registration()}}
    error = assert_rate_limited(ask(client, officer.token, register))
    assert "3/minute per principal" in error["message"]
    assert log_length(runtime) == before

    assert ask(client, analyst.token).status_code == 200
    export = client.get(
        "/exports/county-audit/18/2024.csv", headers={"Authorization": f"Bearer {officer.token}"}
    )
    assert_rate_limited(export)  # the exports count against the same principal


def test_an_address_over_its_limit_gets_429_but_health_and_metrics_answer(
    client_with: MakeClient,
) -> None:
    client, people = client_with(per_address="4/minute")
    tokens = [people.county_officer().token, people.national_analyst().token]
    for i in range(4):
        assert ask(client, tokens[i % 2]).status_code == 200
    assert_rate_limited(ask(client, tokens[1]))
    assert_rate_limited(ask(client))  # even before a token is looked at
    for _ in range(10):
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").status_code == 200
        assert client.get("/metrics").status_code == 200

    assert ask(from_elsewhere(client), tokens[1]).status_code == 200


def test_failed_sign_ins_are_counted_against_the_address(client_with: MakeClient) -> None:
    client, people = client_with(failed_sign_ins="3/minute")
    valid = people.national_analyst().token
    for _ in range(3):
        refused = ask(client, "not-a-token")
        assert refused.status_code == 401
    error = assert_rate_limited(ask(client, "not-a-token"))
    assert "on failed sign-ins" in error["message"]
    # While the address is blocked, no token from it is checked, a valid one neither.
    assert_rate_limited(ask(client, valid))
    assert ask(client).status_code == 401  # no token: no sign-in attempted, the usual answer

    assert ask(from_elsewhere(client), valid).status_code == 200


def test_a_valid_sign_in_does_not_use_up_the_failed_sign_ins(client_with: MakeClient) -> None:
    client, people = client_with(failed_sign_ins="2/minute")
    valid = people.national_analyst().token
    for _ in range(5):
        assert ask(client, valid).status_code == 200
    assert ask(client, "not-a-token").status_code == 401


def test_a_limit_that_cannot_be_read_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="is not a rate limit"):
        Settings(data_dir=tmp_path, rate_limit_per_principal="many")
