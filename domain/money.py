"""Money in Norwegian kroner, held as whole øre: the one module for all money arithmetic."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from domain.shared.errors import ValidationFailed

ORE_PER_KRONE = 100
MAX_KRONER = Decimal(10) ** 15  # far beyond any budget; refuses '1e999999' before it costs memory
# Thousands separators people type: space, no-break space, narrow no-break space.
_GROUPING = (" ", "\u00a0", "\u202f")


@dataclass(frozen=True, order=True)
class Money:
    """An amount in NOK as whole øre. May be negative (a difference); rules that forbid
    negative amounts say so through `require_amount`."""

    ore: int

    ZERO: ClassVar[Money]

    def __post_init__(self) -> None:
        if isinstance(self.ore, bool) or not isinstance(self.ore, int):
            kind = "a float" if isinstance(self.ore, float) else type(self.ore).__name__
            raise ValidationFailed("ore", f"must be whole øre as an integer, not {kind}")

    @classmethod
    def from_kroner(cls, value: Decimal | str | int, *, field: str = "amount") -> Money:
        """Kroner as an exact decimal or text ('1234.50', '1 234,50'); at most two decimals."""
        if isinstance(value, bool) or isinstance(value, float):
            kind = "a float" if isinstance(value, float) else "a boolean"
            raise ValidationFailed(field, f"must be an exact amount in kroner, not {kind}")
        if isinstance(value, str):
            text = value.strip()
            for separator in _GROUPING:
                text = text.replace(separator, "")
            value = text.replace(",", ".")
        if not isinstance(value, Decimal | str | int):
            raise ValidationFailed(field, "must be an amount in kroner")
        try:
            kroner = Decimal(value)
        except (InvalidOperation, ValueError):
            raise ValidationFailed(field, "must be an amount in kroner, like 1234.50") from None
        if not kroner.is_finite():
            raise ValidationFailed(field, "must be a finite amount")
        if abs(kroner) >= MAX_KRONER:
            raise ValidationFailed(
                field, f"must be less than {MAX_KRONER:,} kroner".replace(",", " ")
            )
        # Integer arithmetic on the digits: Decimal's context would round a long fraction.
        sign, digits, exponent = kroner.as_tuple()
        assert isinstance(exponent, int)  # finite, checked above
        number, shift = int("".join(map(str, digits))), exponent + 2
        if shift >= 0:
            ore = number * 10**shift
        else:
            ore, below_one_ore = divmod(number, 10**-shift)
            if below_one_ore:
                raise ValidationFailed(field, "must be whole øre (at most two decimals)")
        return cls(-ore if sign else ore)

    @classmethod
    def total(cls, amounts: Iterable[Money]) -> Money:
        return cls(sum((a.ore for a in amounts), 0))

    @property
    def kroner(self) -> Decimal:
        return Decimal(self.ore) / ORE_PER_KRONE

    @property
    def is_negative(self) -> bool:
        return self.ore < 0

    @property
    def is_zero(self) -> bool:
        return self.ore == 0

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.ore + other.ore)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.ore - other.ore)

    def __neg__(self) -> Money:
        return Money(-self.ore)

    def __str__(self) -> str:
        """As Norwegians write it: 'kr 1 234,50', 'kr -75,00'."""
        sign = "-" if self.ore < 0 else ""
        kroner, ore = divmod(abs(self.ore), ORE_PER_KRONE)
        grouped = f"{kroner:,}".replace(",", " ")
        return f"kr {sign}{grouped},{ore:02d}"


Money.ZERO = Money(0)


def require_amount(field: str, value: object, *, allow_negative: bool = False) -> Money:
    """A money field as the domain accepts it: a `Money`, never a bare number, and not
    negative unless the rule at hand allows it."""
    if not isinstance(value, Money):
        if isinstance(value, float):
            rule = "must be an amount of money in øre, not a float"
        else:
            rule = "must be an amount of money (Money)"
        raise ValidationFailed(field, rule)
    if value.is_negative and not allow_negative:
        raise ValidationFailed(field, "must not be negative")
    return value
