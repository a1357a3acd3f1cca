"""Shared text rules, so every free-text field is refused the same way."""

from __future__ import annotations

from domain.shared.errors import ValidationFailed

SHORT_TEXT = 300
LONG_TEXT = 20_000


def required_text(field: str, value: str, max_length: int = SHORT_TEXT) -> str:
    """Strip and check a required text; refuse empty and far too long values."""
    if not isinstance(value, str):
        raise ValidationFailed(field, "must be text")
    stripped = value.strip()
    if not stripped:
        raise ValidationFailed(field, "is required and cannot be empty")
    return optional_text(field, stripped, max_length) or stripped


def optional_text(field: str, value: str | None, max_length: int = SHORT_TEXT) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationFailed(field, "must be text")
    if len(value) > max_length:
        raise ValidationFailed(field, f"must be at most {max_length} characters (got {len(value)})")
    return value.strip() or None
