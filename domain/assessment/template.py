"""The national template of the programme status assessment (programstatusvurdering, PSV):
twelve indicators, six about the process (prosess) and six about the effects (effekt), each
scored 1–6, and the national default weighting of process against effects by programme year.

Score scale (skala): 1 = svært svakt, 2 = svakt, 3 = mindre godt, 4 = nokså godt, 5 = godt,
6 = svært godt. Only whole numbers.

Programme year (programår): year 1 is the first calendar year of the programme's period
(period_start.year), year 2 the next, and so on; a period starting 1 July 2021 has 2021 as
year 1 and 2023 as year 3.

Weighting (vekting), the national default: process weighs most while the programme is built
up, effects later — years 1..6+: 70/30, 60/40, 50/50, 40/60, 30/70, 20/80 (process/effect, in
per cent). The weighting used is stored on the assessment's event, so a later change of these
defaults never rewrites a recorded assessment.

Weighted score (vektet poengsum) = process_weight × mean(process scores) + effect_weight ×
mean(effect scores), computed exactly from the sums and rounded half up to two decimals only at
the end; the two means are shown rounded half up to two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from domain.shared.errors import ValidationFailed

TEMPLATE_VERSION = "PSV-2025"
LOWEST_SCORE, HIGHEST_SCORE = 1, 6
TWO_PLACES = Decimal("0.01")


class Dimension(StrEnum):
    PROCESS = "process"
    EFFECT = "effect"


DIMENSION_NB = {Dimension.PROCESS: "Prosess", Dimension.EFFECT: "Effekt"}

SCORE_NB = {
    1: "Svært svakt",
    2: "Svakt",
    3: "Mindre godt",
    4: "Nokså godt",
    5: "Godt",
    6: "Svært godt",
}


@dataclass(frozen=True)
class TemplateIndicator:
    code: str
    dimension: Dimension
    name_nb: str
    name_en: str
    description: str


TEMPLATE: tuple[TemplateIndicator, ...] = (
    TemplateIndicator(
        "P1",
        Dimension.PROCESS,
        "Forankring",
        "Anchoring",
        "Omstillingsarbeidet er forankret i kommunestyret, næringslivet og lokalsamfunnet.",
    ),
    TemplateIndicator(
        "P2",
        Dimension.PROCESS,
        "Organisering og styring",
        "Organisation and governance",
        "Styret, administrasjonen og rollene fungerer; beslutninger tas til rett tid.",
    ),
    TemplateIndicator(
        "P3",
        Dimension.PROCESS,
        "Kapasitet og kompetanse i omstillingsorganisasjonen",
        "Capacity and competence of the programme organisation",
        "Omstillingsorganisasjonen har folk og kompetanse nok til å gjennomføre planen.",
    ),
    TemplateIndicator(
        "P4",
        Dimension.PROCESS,
        "Mobilisering av næringslivet",
        "Mobilisation of the business community",
        "Bedriftene deltar aktivt og bidrar med prosjekter, egeninnsats og kapital.",
    ),
    TemplateIndicator(
        "P5",
        Dimension.PROCESS,
        "Samarbeid med virkemiddelapparatet",
        "Cooperation with the public support system",
        "Fylkeskommunen, Innovasjon Norge og andre virkemiddelaktører brukes og samspiller.",
    ),
    TemplateIndicator(
        "P6",
        Dimension.PROCESS,
        "Planer og porteføljestyring",
        "Plans and portfolio management",
        "Omstillingsplan og handlingsplan styrer prosjektporteføljen og rulleres årlig.",
    ),
    TemplateIndicator(
        "E1",
        Dimension.EFFECT,
        "Nye arbeidsplasser",
        "New jobs",
        "Arbeidsplasser skapt i bedrifter som har fått støtte eller bistand fra programmet.",
    ),
    TemplateIndicator(
        "E2",
        Dimension.EFFECT,
        "Sikrede arbeidsplasser",
        "Jobs secured",
        "Eksisterende arbeidsplasser som er sikret gjennom programmets innsats.",
    ),
    TemplateIndicator(
        "E3",
        Dimension.EFFECT,
        "Nye bedrifter",
        "New companies",
        "Nyetableringer som programmet har bidratt til, og som fortsatt er i drift.",
    ),
    TemplateIndicator(
        "E4",
        Dimension.EFFECT,
        "Vekst og utvikling i eksisterende bedrifter",
        "Growth and development in existing companies",
        "Økt omsetning, nye produkter eller markeder i bedrifter programmet har arbeidet med.",
    ),
    TemplateIndicator(
        "E5",
        Dimension.EFFECT,
        "Utviklingskapasitet og kompetanse",
        "Development capacity and competence",
        "Kommunen og næringslivet har fått økt evne til å drive utviklingsarbeid selv.",
    ),
    TemplateIndicator(
        "E6",
        Dimension.EFFECT,
        "Attraktivitet og varig utviklingsapparat",
        "Attractiveness and a lasting development organisation",
        "Stedet er mer attraktivt, og et varig utviklingsapparat videreføres etter perioden.",
    ),
)
TEMPLATE_BY_CODE = {i.code: i for i in TEMPLATE}
PROCESS_CODES = tuple(i.code for i in TEMPLATE if i.dimension is Dimension.PROCESS)
EFFECT_CODES = tuple(i.code for i in TEMPLATE if i.dimension is Dimension.EFFECT)

# The national default weighting (process %, effect %) by programme year; year 6 and later
# use the last entry.
DEFAULT_WEIGHTS: tuple[tuple[int, int], ...] = (
    (70, 30),
    (60, 40),
    (50, 50),
    (40, 60),
    (30, 70),
    (20, 80),
)


@dataclass(frozen=True)
class Weighting:
    """The weighting an assessment used, stored on its event: whole per cent, summing to 100."""

    programme_year: int
    process_percent: int
    effect_percent: int

    @property
    def process_weight(self) -> Decimal:
        return (Decimal(self.process_percent) / 100).quantize(TWO_PLACES)

    @property
    def effect_weight(self) -> Decimal:
        return (Decimal(self.effect_percent) / 100).quantize(TWO_PLACES)


def programme_year(period_start_year: int, year: int) -> int:
    """Year 1 is the first calendar year of the programme's period."""
    return year - period_start_year + 1


def default_weighting(year_of_programme: int) -> Weighting:
    if year_of_programme < 1:
        raise ValidationFailed("year", "must be a year of the programme's period")
    process, effect = DEFAULT_WEIGHTS[min(year_of_programme, len(DEFAULT_WEIGHTS)) - 1]
    return Weighting(year_of_programme, process, effect)


def round_half_up(value: Fraction) -> Decimal:
    hundredths = value * 100
    whole, rest = divmod(hundredths.numerator, hundredths.denominator)
    if 2 * rest >= hundredths.denominator:
        whole += 1
    return (Decimal(whole) / 100).quantize(TWO_PLACES)


def mean_score(scores: dict[str, int], codes: tuple[str, ...]) -> Decimal:
    return round_half_up(Fraction(sum(scores[c] for c in codes), len(codes)))


def weighted_score(scores: dict[str, int], weighting: Weighting) -> Decimal:
    """process% × mean(process) + effect% × mean(effect), exact until rounded to 2 decimals."""
    process = Fraction(sum(scores[c] for c in PROCESS_CODES), len(PROCESS_CODES))
    effect = Fraction(sum(scores[c] for c in EFFECT_CODES), len(EFFECT_CODES))
    exact = (
        Fraction(weighting.process_percent, 100) * process
        + Fraction(weighting.effect_percent, 100) * effect
    )
    return round_half_up(exact)
