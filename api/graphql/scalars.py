"""Scalars whose wire format matters: exact decimals travel as strings, never as floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

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

SCALAR_MAP: dict[object, ScalarDefinition] = {Decimal: DECIMAL}
