"""Bearer tokens (JWT): who is calling, as a `Principal`.

Production verifies RS256/ES256 tokens from the identity provider (a PEM public key or its
JWKS); development also accepts HS256 tokens minted locally with `mint_token`. The key is
chosen by the token's algorithm, and each key is used only with its own kind of algorithm,
so a public key can never be abused as an HMAC secret.

Every principal's requests count against its rate limit, and every refused token against its
client address's failed sign-ins (`api.limits`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.limits import RateLimits, client_address
from application.access import COUNTY_ROLES, MUNICIPALITY_ROLES, Principal
from domain.shared.actor import Role
from omstilling.settings import Settings
from tenants import ReferenceDataError, load_registry

log = logging.getLogger(__name__)

DEV_ALGORITHM = "HS256"
PROVIDER_ALGORITHMS = ("RS256", "ES256")
REQUIRED_CLAIMS = ("sub", "name", "role", "iss", "aud", "exp", "iat")
CLOCK_SKEW = timedelta(seconds=30)


class InvalidToken(Exception):
    """The token is missing, malformed, expired, wrongly signed or names no valid principal."""


def mint_token(
    settings: Settings,
    *,
    user_id: str,
    name: str,
    role: Role | str,
    municipality_id: UUID | str | None = None,
    county_number: str | None = None,
    ttl: timedelta = timedelta(hours=12),
) -> str:
    """A development token signed with the local HS256 key; refused outside development."""
    if settings.environment != "development" or not settings.signing_key:
        raise RuntimeError(
            "tokens are minted only in development; production uses the identity provider"
        )
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": user_id,
        "name": name,
        "role": Role(role).value,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl,
    }
    if municipality_id is not None:
        claims["municipality_id"] = str(municipality_id)
    if county_number is not None:
        claims["county_number"] = county_number
    return jwt.encode(claims, settings.signing_key, algorithm=DEV_ALGORITHM)


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """The principal the verified claims describe; its tenant must exist in the register."""
    try:
        role = Role(claims["role"])
        user_id, name = claims["sub"], claims["name"]
        if not (
            isinstance(user_id, str) and user_id.strip() and isinstance(name, str) and name.strip()
        ):
            raise InvalidToken("sub and name must be non-empty text")
        registry = load_registry()
        municipality_id = county_number = None
        # Only the claim that belongs to the role is read: no role gains a second scope.
        if role in MUNICIPALITY_ROLES:
            municipality_id = registry.municipality(UUID(str(claims["municipality_id"]))).id
        elif role in COUNTY_ROLES:
            county_number = registry.county(str(claims["county_number"])).number
        return Principal(
            user_id=user_id,
            name=name,
            role=role,
            municipality_id=municipality_id,
            county_number=county_number,
        )
    except (KeyError, TypeError, ValueError, ReferenceDataError) as error:
        raise InvalidToken(f"the token's claims name no valid principal: {error}") from None


class TokenVerifier:
    """Verifies signature, expiry, issuer and audience, then builds the principal."""

    def __init__(self, settings: Settings) -> None:
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self._hmac_key = settings.signing_key if settings.environment == "development" else None
        self._public_key = settings.jwt_public_key
        self._jwks = jwt.PyJWKClient(settings.jwks_url) if settings.jwks_url else None

    def _key_for(self, token: str, algorithm: str) -> Any:
        if algorithm == DEV_ALGORITHM and self._hmac_key:
            return self._hmac_key
        if algorithm in PROVIDER_ALGORITHMS:
            if self._jwks is not None:
                return self._jwks.get_signing_key_from_jwt(token).key
            if self._public_key:
                return self._public_key
        raise InvalidToken(f"tokens signed with {algorithm!r} are not accepted here")

    def verify(self, token: str) -> Principal:
        try:
            algorithm = str(jwt.get_unverified_header(token).get("alg"))
            claims = jwt.decode(
                token,
                self._key_for(token, algorithm),
                algorithms=[algorithm],
                issuer=self.issuer,
                audience=self.audience,
                leeway=CLOCK_SKEW,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from None
        return principal_from_claims(claims)


def unauthorized(detail: str, *, token_given: bool) -> HTTPException:
    challenge = 'Bearer error="invalid_token"' if token_given else "Bearer"
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": challenge}
    )


_bearer = HTTPBearer(auto_error=False)


def get_verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.verifier
    return verifier


def optional_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    verifier: Annotated[TokenVerifier, Depends(get_verifier)],
) -> Principal | None:
    """None without a token; 401 for a token that does not verify; 429 for an address that
    has had too many tokens refused, or a principal over its rate."""
    if credentials is None:
        return None
    limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
    address = client_address(request)
    if limits is not None:
        limits.refuse_sign_in_if_blocked(address)
    try:
        principal = verifier.verify(credentials.credentials)
    except InvalidToken as error:
        # The reason goes to the log; the client learns only that the token was refused.
        log.info("bearer token refused: %s", error)
        if limits is not None:
            limits.note_failed_sign_in(address)
        raise unauthorized("invalid or expired token", token_given=True) from None
    if limits is not None:
        limits.take_for_principal(principal.user_id)
    # For the access log line: the request's state is shared with the middleware, whereas a
    # context variable set here (on a worker thread) would not reach it.
    request.state.principal = principal
    return principal


def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise unauthorized("a bearer token is required", token_given=False)
    return principal


MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
