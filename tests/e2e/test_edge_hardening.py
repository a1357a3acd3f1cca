"""The edge holds whatever arrives: bodies counted as they come, malformed JSON refused with
clear errors before anything runs, production closed to schema probing, safe headers on every
answer, and the published schema the one served. (Costly documents: test_document_limits.py.)"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send
from strawberry.printer import print_schema

from api.graphql.schema import schema
from api.limits import MAX_BODY_BYTES, BodyLimit
from api.main import create_app
from omstilling.runtime import Runtime
from omstilling.settings import Settings
from tests.e2e.conftest import People, log_length
from tests.e2e.documents import mutation, registration

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "schema.graphql"
EXPORT_COMMAND = (
    ".venv/bin/strawberry export-schema api.graphql.schema:schema --output docs/schema.graphql"
)
STRICT_POLICY = "default-src 'none'; frame-ancestors 'none'"
CHUNK = 64 * 1024


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def registration_body(people: People) -> tuple[bytes, dict[str, str]]:
    """A county officer's request that registers Vågan's programme when it is answered."""
    document = {"query": mutation("registerProgramme"), "variables": {"input": registration()}}
    headers = bearer(people.county_officer().token) | {"Content-Type": "application/json"}
    return json.dumps(document).encode(), headers


def refusal_of(response: Any) -> dict[str, Any]:
    (error,) = response.json()["errors"]
    assert error["message"] and error["extensions"]["messageNb"], error
    return error  # type: ignore[no-any-return]


# Bodies


def test_a_chunked_body_over_the_limit_is_refused_and_nothing_is_written(
    http: TestClient, people: People, runtime: Runtime
) -> None:
    body, headers = registration_body(people)
    padding = MAX_BODY_BYTES + CHUNK  # trailing whitespace: still valid JSON, had it been read

    def chunked(padding: int) -> Iterator[bytes]:
        yield body
        for _ in range(padding // CHUNK):
            yield b" " * CHUNK

    before = log_length(runtime)
    response = http.post("/graphql", content=chunked(padding), headers=headers)
    assert response.status_code == 413
    assert "content-length" not in response.request.headers  # it went chunked
    assert refusal_of(response)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert log_length(runtime) == before

    # The same request under the limit is answered, and writes: the limit is what refused it.
    accepted = http.post("/graphql", content=chunked(CHUNK * 2), headers=headers)
    assert accepted.json()["data"]["registerProgramme"]["__typename"] == "ProgrammePayload"
    assert log_length(runtime) > before


def test_a_declared_length_over_the_limit_is_refused_unread(http: TestClient) -> None:
    response = http.post(
        "/graphql",
        content=b"{}",
        headers={"Content-Length": str(MAX_BODY_BYTES + 1), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["maxBytes"] == MAX_BODY_BYTES


def test_reading_a_50_mb_chunked_body_stops_just_past_the_limit() -> None:
    """At the ASGI level: the application asks for all of it; the limit hands over no more
    than the limit and one message, and answers 413."""
    total, pulled, sent = 50 * 1024 * 1024, 0, []

    async def fifty_megabytes() -> Message:
        nonlocal pulled
        pulled += CHUNK
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": pulled < total}

    async def reads_everything(scope: Scope, receive: Receive, send: Send) -> None:
        while (await receive()).get("more_body"):
            pass
        await PlainTextResponse("read it all")(scope, receive, send)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": [(b"transfer-encoding", b"chunked")],
    }
    asyncio.run(BodyLimit(reads_everything)(scope, fifty_megabytes, send))
    assert sent[0]["status"] == 413
    assert pulled <= MAX_BODY_BYTES + CHUNK


# Malformed JSON


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"query": "{ programmes { id } }"', "not valid JSON"),
        (b'{"query": "\xff"}', "not valid JSON"),
        (
            f'{{"query": "{{ programmes {{ id }} }}", "variables": {{"a": {nested(5000)}}}}}',
            "deeper",
        ),
        (f'{{"query": "{{ programmes {{ id }} }}", "variables": {{"a": {nested(64)}}}}}', "deeper"),
        (b'"{ programmes { id } }"', "JSON object"),
        (b"42", "JSON object"),
        (b"null", "JSON object"),
        (b'[{"query": "{ programmes { id } }"}]', "JSON object"),
        (b'{"query": "{ programmes { id } }", "variables": [1]}', "`variables` must be an object"),
    ],
    ids=[
        "truncated",
        "not-utf8",
        "5000-deep",
        "65-deep",
        "string",
        "number",
        "null",
        "list",
        "variables-not-an-object",
    ],
)
def test_a_malformed_body_is_answered_400_with_a_clear_error(
    http: TestClient, people: People, runtime: Runtime, body: str | bytes, says: str
) -> None:
    before = log_length(runtime)
    response = http.post(
        "/graphql",
        content=body,
        headers=bearer(people.national_analyst().token) | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    error = refusal_of(response)
    assert says in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert log_length(runtime) == before


def test_variables_in_a_query_string_are_held_to_the_same_rules(
    http: TestClient, people: People
) -> None:
    response = http.get(
        "/graphql",
        params={"query": "{ programmes { id } }", "variables": nested(5000)},
        headers=bearer(people.national_analyst().token),
    )
    assert response.status_code == 400
    assert "deeper" in refusal_of(response)["message"]


def test_variables_nested_within_the_limit_are_taken(http: TestClient, people: People) -> None:
    body = f'{{"query": "{{ programmes {{ id }} }}", "variables": {{"a": {nested(60)}}}}}'
    response = http.post(
        "/graphql",
        content=body,
        headers=bearer(people.national_analyst().token) | {"Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"programmes": []}}


# Production


@pytest.fixture
def production(runtime: Runtime, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A production node and a token from its identity provider (an RSA key made here)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    settings = Settings(
        environment="production",
        data_dir=tmp_path,
        jwt_public_key=public.decode(),
        deployment_secret="production-test-deployment-secret-0123456789",
    )
    now = datetime.now(UTC)
    claims = {
        "sub": "analytiker",
        "name": "Analytiker",
        "role": "national_analyst",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    with TestClient(create_app(runtime, settings)) as client:
        yield client, jwt.encode(claims, key, algorithm="RS256")


def test_production_refuses_introspection_and_suggests_no_names(
    production: tuple[TestClient, str],
) -> None:
    http, token = production
    probe = http.post(
        "/graphql", json={"query": "{ __schema { types { name } } }"}, headers=bearer(token)
    ).json()
    assert probe.get("data") is None
    assert {e["extensions"]["rule"] for e in probe["errors"]} == {"noIntrospection"}
    assert all(e["extensions"]["code"] == "BAD_USER_INPUT" for e in probe["errors"])
    typename = http.post("/graphql", json={"query": "{ __typename }"}, headers=bearer(token))
    assert typename.json() == {"data": {"__typename": "Query"}}

    mistyped = {
        "{ programez { id } }": "Cannot query field 'programez' on type 'Query'.",
        "{ programmes(phaze: X) { id } }": "Unknown argument 'phaze' on field 'Query.programmes'.",
    }
    for document, message in mistyped.items():
        body = http.post("/graphql", json={"query": document}, headers=bearer(token)).json()
        assert body["errors"][0]["message"] == message
        assert "Did you mean" not in json.dumps(body), body


def test_development_still_suggests_names(people: People) -> None:
    (error,) = people.national_analyst().errors("{ programez { id } }")
    assert "Did you mean 'programme' or 'programmes'?" in error["message"]


def test_every_production_answer_has_the_strict_policy(
    production: tuple[TestClient, str],
) -> None:
    http, token = production
    answers = [
        http.post("/graphql", json={"query": "{ __typename }"}, headers=bearer(token)),
        http.post("/graphql", json={"query": "{ __typename }"}),  # 401
        http.get("/graphql", headers={"Accept": "text/html"} | bearer(token)),  # no GraphiQL
        http.get("/health/live"),
    ]
    for answer in answers:
        assert answer.headers["content-security-policy"].startswith(STRICT_POLICY), answer
        assert answer.headers["x-content-type-options"] == "nosniff"


# Headers


def test_every_answer_says_nosniff_and_answers_with_data_are_not_stored(
    http: TestClient, people: People
) -> None:
    token = people.national_analyst().token
    with_data = [
        http.post("/graphql", json={"query": "{ programmes { id } }"}, headers=bearer(token)),
        http.get("/health/ready"),
        http.get("/exports/county-audit/18/2024.csv", headers=bearer(token)),
        http.post("/graphql", content=b"[", headers={"Content-Type": "application/json"}),
    ]
    for answer in with_data:
        assert answer.headers["cache-control"] == "no-store", answer.request.url
    for answer in [*with_data, http.get("/health/live"), http.get("/metrics")]:
        assert answer.headers["x-content-type-options"] == "nosniff", answer.request.url
        assert answer.headers["content-security-policy"].startswith(STRICT_POLICY)


def inline_script_hashes(page: str) -> set[str]:
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.DOTALL)
    return {
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in scripts
    }


def test_the_development_graphiql_page_may_run_exactly_its_own_scripts(http: TestClient) -> None:
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None
    allowed = set(script_src.group(1).split())
    hashes = inline_script_hashes(page.text)
    assert hashes and hashes <= allowed
    assert allowed - hashes == {"https://unpkg.com", "https://cdn.jsdelivr.net"}
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy


# The published schema


def test_the_published_schema_is_the_one_served() -> None:
    published = SCHEMA_FILE.read_text(encoding="utf-8")
    assert published == print_schema(schema) + "\n", (
        f"docs/schema.graphql differs from the live schema; regenerate it with: {EXPORT_COMMAND}"
    )
