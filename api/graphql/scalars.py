"""Scalars whose wire format matters: exact decimals travel as strings, never as floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition


def _parse_decimal(value: Any) -> Decimal:
    # A JSON number has already been through a binary float in most clients: refuse it.
    if not isinstance(value, str):
        raise StrawberryInputCoercionError(
            f'Decimal must be given as a string such as "120" or "12.5", not {value!r}'
        )
    try:
        parsed = Decimal(value.strip())
    except InvalidOperation:
        raise StrawberryInputCoercionError(f"Decimal cannot represent {value!r}") from None
    if not parsed.is_finite():
        raise StrawberryInputCoercionError(f"Decimal must be finite, not {value!r}")
    return parsed


DECIMAL: ScalarDefinition = strawberry.scalar(
    name="Decimal",
    description=(
        'Exact decimal number (desimaltall) as a string, e.g. "120" or "12.5"; '
        "JSON numbers are refused so that no value passes through a float"
    ),
    serialize=str,
    parse_value=_parse_decimal,
)


def _parse_big_int(value: Any) -> int:
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    if not text.lstrip("-").isdigit() or abs(int(text)) >= 2**63:
        raise StrawberryInputCoercionError(
            f"BigInt must be a 64-bit integer as a string, not {value!r}"
        )
    return int(text)


BigInt = NewType("BigInt", int)
"""A 64-bit integer (log positions are transaction id × 2^20): GraphQL's Int holds 32 bits."""

BIG_INT: ScalarDefinition = strawberry.scalar(
    name="BigInt",
    description='64-bit integer (heltall) as a string, e.g. "4357881857"',
    serialize=str,
    parse_value=_parse_big_int,
)

SCALAR_MAP: dict[object, ScalarDefinition] = {Decimal: DECIMAL, BigInt: BIG_INT}
