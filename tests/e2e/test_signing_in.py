"""Signing in: every GraphQL request carries a verified bearer token."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from api.auth import mint_token
from api.main import create_app
from domain.shared.actor import Role
from omstilling.runtime import Runtime
from omstilling.settings import Settings
from tenants import load_registry
from tests.e2e.conftest import VAGAN

QUERY = {"query": "{ programmes { id } }"}


def post(http: TestClient, token: str | None) -> tuple[int, dict[str, str], str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = http.post("/graphql", json=QUERY, headers=headers)
    return response.status_code, dict(response.headers), response.text


def editor_token(settings: Settings, **changes: object) -> str:
    claims: dict[str, object] = {
        "user_id": "kari",
        "name": "Kari Nordmann",
        "role": Role.MUNICIPALITY_EDITOR,
        "municipality_id": load_registry().municipality_by_number(VAGAN).id,
    }
    claims.update(changes)
    return mint_token(settings, **claims)  # type: ignore[arg-type]


def test_a_request_without_a_token_is_refused_with_401_and_a_bearer_challenge(
    http: TestClient,
) -> None:
    status, headers, body = post(http, None)
    assert status == 401
    assert headers["www-authenticate"] == "Bearer"
    assert "data" not in body


def test_a_token_signed_with_another_key_is_refused(
    http: TestClient, settings: Settings, tmp_path: Path
) -> None:
    forger = Settings(
        environment="development",
        data_dir=tmp_path / "elsewhere",
        dev_signing_key="not-the-key-of-this-installation-0123456789",
    )
    status, headers, _ = post(http, editor_token(forger))
    assert status == 401
    assert headers["www-authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(http: TestClient, settings: Settings) -> None:
    assert post(http, editor_token(settings, ttl=timedelta(minutes=-5)))[0] == 401


def test_a_token_for_another_audience_or_issuer_is_refused(
    http: TestClient, settings: Settings
) -> None:
    for other in ({"jwt_audience": "another-service"}, {"jwt_issuer": "someone-else"}):
        foreign = settings.model_copy(update=other)
        assert post(http, editor_token(foreign))[0] == 401


def test_a_token_naming_no_real_tenant_is_refused(http: TestClient, settings: Settings) -> None:
    assert post(http, editor_token(settings, municipality_id=uuid.uuid4()))[0] == 401
    county_role_without_county = mint_token(
        settings, user_id="x", name="X", role=Role.COUNTY_OFFICER
    )
    assert post(http, county_role_without_county)[0] == 401
    unknown_role = jwt.encode(
        {
            "sub": "x",
            "name": "X",
            "role": "mayor",
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "iat": datetime.now(UTC),
            "exp": datetime.now(UTC) + timedelta(hours=1),
        },
        settings.signing_key,
        algorithm="HS256",
    )
    assert post(http, unknown_role)[0] == 401


def test_an_unsigned_token_is_refused(http: TestClient, settings: Settings) -> None:
    claims = jwt.decode(editor_token(settings), options={"verify_signature": False})
    assert post(http, jwt.encode(claims, None, algorithm="none"))[0] == 401


def test_a_valid_token_is_answered_with_graphql(http: TestClient, settings: Settings) -> None:
    status, _, body = post(http, editor_token(settings))
    assert status == 200
    assert '"programmes":[]' in body


def test_health_and_the_graphiql_page_need_no_token_in_development(http: TestClient) -> None:
    assert http.get("/health").json() == {"status": "ok"}
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert http.get("/graphql", params={"query": "{ programmes { id } }"}).status_code == 401


def _rsa_pem() -> tuple[bytes, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public.decode()


def test_production_accepts_only_the_identity_providers_signed_tokens(
    runtime: Runtime, settings: Settings, tmp_path: Path
) -> None:
    private, public = _rsa_pem()
    production = Settings(
        environment="production",
        data_dir=tmp_path,
        jwt_public_key=public,
        deployment_secret="production-test-deployment-secret-0123456789",
    )
    with pytest.raises(RuntimeError):
        mint_token(production, user_id="x", name="X", role=Role.NATIONAL_ANALYST)
    now = datetime.now(UTC)
    claims = {
        "sub": "analytiker",
        "name": "Analytiker",
        "role": "national_analyst",
        "iss": production.jwt_issuer,
        "aud": production.jwt_audience,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    with TestClient(create_app(runtime, production)) as http:
        assert post(http, jwt.encode(claims, private, algorithm="RS256"))[0] == 200
        # No HS256 in production: neither a development token nor any other shared secret.
        assert post(http, editor_token(settings))[0] == 401
        assert post(http, jwt.encode(claims, "x" * 40, algorithm="HS256"))[0] == 401
        assert http.get("/graphql", headers={"Accept": "text/html"}).status_code == 401


def test_production_verifies_tokens_against_the_identity_providers_jwks(
    runtime: Runtime, tmp_path: Path
) -> None:
    """The key set is fetched from the provider's JWKS endpoint (here one on loopback)."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    private, public = _rsa_pem()
    jwk = json.loads(
        jwt.algorithms.RSAAlgorithm.to_jwk(serialization.load_pem_public_key(public.encode()))
    )
    jwk.update({"kid": "idp-2026", "use": "sig", "alg": "RS256"})
    body = json.dumps({"keys": [jwk]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server hook's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        production = Settings(
            environment="production",
            data_dir=tmp_path,
            deployment_secret="production-test-deployment-secret-0123456789",
            jwks_url=f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json",
        )
        now = datetime.now(UTC)
        claims = {
            "sub": "analytiker",
            "name": "Analytiker",
            "role": "national_analyst",
            "iss": production.jwt_issuer,
            "aud": production.jwt_audience,
            "iat": now,
            "exp": now + timedelta(hours=1),
        }
        signed = jwt.encode(claims, private, algorithm="RS256", headers={"kid": "idp-2026"})
        unknown_key = jwt.encode(claims, _rsa_pem()[0], algorithm="RS256", headers={"kid": "other"})
        with TestClient(create_app(runtime, production)) as http:
            assert post(http, signed)[0] == 200
            assert post(http, unknown_key)[0] == 401
    finally:
        server.shutdown()
