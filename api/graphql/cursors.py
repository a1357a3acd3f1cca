"""Opaque page cursors: encrypted, and valid only for the principal and the listing that made
them, so a cursor reveals nothing (not even a log position) and cannot be replayed elsewhere."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from application.access import Principal
from application.deployment_secret import derived_key
from domain.shared.errors import ValidationFailed


class Cursors:
    def __init__(self, secret: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derived_key(secret, "page-cursors")))

    def make(self, position: int, principal: Principal, listing: Any) -> str:
        payload = {"p": position, "b": _binding(principal, listing)}
        return self._fernet.encrypt(json.dumps(payload).encode()).decode()

    def read(self, cursor: str, principal: Principal, listing: Any, field: str = "after") -> int:
        """The position behind a cursor this principal got from this same listing."""
        try:
            payload = json.loads(self._fernet.decrypt(cursor.encode()))
            if payload["b"] == _binding(principal, listing):
                return int(payload["p"])
        except (InvalidToken, ValueError, KeyError, TypeError):
            pass
        raise ValidationFailed(field, "must be a cursor this listing returned to you")


@cache
def cursors_for(secret: bytes) -> Cursors:
    return Cursors(secret)


def _binding(principal: Principal, listing: Any) -> str:
    text = json.dumps(
        [principal.user_id, principal.role.value, listing], sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]
