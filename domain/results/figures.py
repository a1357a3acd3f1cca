"""The figures derived from result series, as pure functions with their definitions: target
attainment (måloppnåelse) and results per krone (resultater per krone). Ratios are rounded
half up to four decimals; a figure that cannot be computed is None, never zero."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.results.series import Period

PLACES = Decimal("0.0001")
ORE_PER_MILLION_NOK = 100_000_000

ATTAINMENT_NB = (
    "Måloppnåelse = (siste faktiske verdi − nullpunkt) / (mål − nullpunkt), for den siste "
    "perioden som har både mål og faktisk verdi (etter korrigeringer). 1 betyr at målet er nådd. "
    "Ikke beregnet uten nullpunkt, uten en slik periode, eller når målet er lik nullpunktet."
)
PROGRAMME_ATTAINMENT_NB = (
    "Gjennomsnittlig måloppnåelse for programmets måleserier der måloppnåelse kan beregnes "
    "(uvektet gjennomsnitt)."
)
TOTAL_NB = (
    "Sum av siste verdi (etter korrigeringer) for hver rapportert periode i alle programmets "
    "måleserier på indikatoren; med år bare periodene i det året. Bare for indikatorer der "
    "verdiene kan summeres (antall, årsverk, kroner)."
)
PER_MILLION_NB = (
    "Resultat per million kroner = sum faktiske resultater / (forbruk av omstillingsmidler "
    "fra fylkeskommunen i kroner / 1 000 000), for samme programmer og år. Forbruk er "
    "rapportert forbruk, uten krediterte linjer. Ikke beregnet når forbruket er null."
)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Attainment:
    """A series' target attainment and the period it was computed for."""

    value: Decimal | None
    period: Period | None
    definition_nb: str = ATTAINMENT_NB


def target_attainment(
    baseline: Decimal | None,
    targets: Mapping[Period, Decimal],
    actuals: Mapping[Period, Decimal],
) -> Attainment:
    """(actual − baseline) / (target − baseline) for the latest period with both."""
    both = sorted(set(targets) & set(actuals))
    if baseline is None or not both:
        return Attainment(None, both[-1] if both else None)
    period = both[-1]
    span = targets[period] - baseline
    if span == 0:
        return Attainment(None, period)
    return Attainment(rounded((actuals[period] - baseline) / span), period)


def mean_attainment(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return rounded(sum(known, Decimal(0)) / len(known))


def per_million_nok(total: Decimal, spent_ore: int) -> Decimal | None:
    """Results per million kroner spent; None when nothing was spent."""
    if spent_ore <= 0:
        return None
    return rounded(total * ORE_PER_MILLION_NOK / spent_ore)
