"""The checked rules of Videreføring's costs (seed 001), in one place: the forstudie's cost frame
and Innovasjon Norge's share of the external consultant's fees. The municipality's use of a
grant (domain/funds/use.py) applies the same Innovasjon Norge rule to its continuation work."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from domain.money import Money
from domain.shared.errors import ValidationFailed

# Innovasjon Norge covers at most half of the external consultant's fees (forstudie, forprosjekt).
IN_CONSULTANT_SHARE_LIMIT = Decimal("0.5")
# The forstudie's cost frame (kostnadsramme): up to NOK 100 000.
FORSTUDIE_COST_FRAME = Money.from_kroner(100_000)


def consultant_share_exceeded(by_innovasjon_norge: Money, fees: Money) -> bool:
    """True if Innovasjon Norge pays more than half of the consultant's fees."""
    return Decimal(by_innovasjon_norge.ore) > IN_CONSULTANT_SHARE_LIMIT * fees.ore


def require_consultant_share(
    field: str, by_innovasjon_norge: Money, fees: Money, where: str
) -> None:
    """Refuse when Innovasjon Norge's share of the consultant's fees (cumulative, `where` says
    over what) is more than 50 %."""
    if consultant_share_exceeded(by_innovasjon_norge, fees):
        raise ValidationFailed(
            field,
            "Innovasjon Norge may cover at most 50 % of the external consultant's fees in "
            f"continuation work ({by_innovasjon_norge} of {fees} in {where})",
        )


def innovasjon_norge_share(by_innovasjon_norge: Money, fees: Money) -> Decimal | None:
    """Innovasjon Norge's share of the fees, as a fraction (None without fees)."""
    if fees.is_zero:
        return None
    return Decimal(by_innovasjon_norge.ore) / Decimal(fees.ore)


def require_cost_frame(field: str, costs: Iterable[Money]) -> Money:
    """The forstudie's recorded costs must stay within NOK 100 000; the total is returned."""
    total = Money.total(costs)
    if total > FORSTUDIE_COST_FRAME:
        raise ValidationFailed(
            field,
            f"the forstudie's costs would be {total}, beyond its cost frame (kostnadsramme) of "
            f"{FORSTUDIE_COST_FRAME}",
        )
    return total
