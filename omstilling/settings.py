"""Configuration from the environment (prefix OMSTILLING_), failing fast on unsafe production setups."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from limits import parse as parse_rate_limit
from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from application.deployment_secret import ENV_KEY as DEPLOYMENT_SECRET_KEY
from omstilling.eventstore import event_store_env


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OMSTILLING_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    # postgresql://user:pass@host:5432/db ; empty means the embedded SQLite file below.
    database_url: str | None = None
    data_dir: Path = Path(".omstilling")
    pool_size: int = 5
    # Production sign-in: a PEM public key (RS256/ES256) or a JWKS URL, with issuer and audience.
    jwt_public_key: str | None = None
    jwks_url: str | None = None
    jwt_issuer: str = "omstilling"
    jwt_audience: str = "omstilling"
    # Development only: HS256 key for locally minted tokens; generated into data_dir if unset.
    dev_signing_key: str | None = None
    # Keys ids and page cursors, so outsiders cannot compute them; required in production,
    # generated into data_dir in development.
    deployment_secret: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # Rate limits ("600/minute", "10/second"; moving window), kept in each API process's memory:
    # with N nodes a client may reach N times these. Health and metrics are never limited.
    rate_limit_per_principal: str = "600/minute"
    rate_limit_per_address: str = "3000/minute"  # a municipality's office shares one address
    rate_limit_failed_sign_ins: str = "20/minute"  # refused tokens, counted per address

    @field_validator(
        "rate_limit_per_principal", "rate_limit_per_address", "rate_limit_failed_sign_ins"
    )
    @classmethod
    def _a_rate_limit(cls, value: str) -> str:
        """Fail at start-up, not at the first request, on a limit that cannot be read."""
        try:
            parse_rate_limit(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write e.g. '600/minute' or '10/second'"
            ) from None
        return value

    @model_validator(mode="after")
    def _production_needs_real_sign_in(self) -> Settings:
        if self.environment == "production":
            if not (self.jwt_public_key or self.jwks_url):
                raise ValueError(
                    "production needs OMSTILLING_JWT_PUBLIC_KEY or OMSTILLING_JWKS_URL"
                )
            if self.dev_signing_key:
                raise ValueError("OMSTILLING_DEV_SIGNING_KEY must not be set in production")
            if not self.deployment_secret or len(self.deployment_secret) < 32:
                raise ValueError(
                    "production needs OMSTILLING_DEPLOYMENT_SECRET (at least 32 characters)"
                )
        return self

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "omstilling.sqlite"

    def event_store_env(self) -> dict[str, str]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = event_store_env(
            self.database_url, sqlite_path=str(self.sqlite_path), pool_size=self.pool_size
        )
        env[DEPLOYMENT_SECRET_KEY] = self.secret
        return env

    @cached_property
    def secret(self) -> str:
        """The deployment secret: configured, or (development) made once into the data dir."""
        if self.deployment_secret:
            return self.deployment_secret
        return self._generated("deployment-secret")

    @cached_property
    def signing_key(self) -> str | None:
        """The development HS256 key: configured, or made once and kept in the data dir."""
        if self.environment != "development":
            return None
        if self.dev_signing_key:
            return self.dev_signing_key
        return self._generated("dev-signing-key")

    def _generated(self, name: str) -> str:
        path = self.data_dir / name
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()
