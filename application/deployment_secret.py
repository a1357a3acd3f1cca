"""The deployment's own secret, from which keys for ids and cursors are derived: values that
outsiders must not be able to compute from public inputs (a municipality's number, a year).

Production refuses to start without one (`OMSTILLING_DEPLOYMENT_SECRET`); development keeps a
generated one in its data folder; tests and tools that name none share a fixed development
value, which is fine exactly because it is not production.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

ENV_KEY = "DEPLOYMENT_SECRET"
DEVELOPMENT_SECRET = "omstilling-development-secret-not-for-production"


def deployment_secret(env: Mapping[str, str]) -> bytes:
    return (env.get(ENV_KEY) or DEVELOPMENT_SECRET).encode()


def derived_key(secret: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose; keys for different purposes are independent."""
    return hmac.new(secret, purpose.encode(), hashlib.sha256).digest()
