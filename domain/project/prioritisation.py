"""Prioritising candidate projects on seed 000's four criteria, with weights the board chooses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from domain.shared.dates import plausible_date
from domain.shared.errors import ValidationFailed
from domain.shared.text import TextKind, optional_text, required_text

LOWEST, HIGHEST = 1, 5


class Criterion(StrEnum):
    """Scored 1–5, where 5 always favours the project: great effect, little money needed,
    fast to carry out, few people needed."""

    EFFECT = "effect"
    MONEY = "money"
    SPEED = "speed"
    PERSONNEL = "personnel"


CRITERIA = list(Criterion)
CRITERION_NB = {
    Criterion.EFFECT: "Hvilken effekt prosjektet gir",
    Criterion.MONEY: "Hvor store økonomiske ressurser prosjektet vil kreve",
    Criterion.SPEED: "Hvor raskt gjennomføringen kan skje",
    Criterion.PERSONNEL: "Hvor store og hva slags personalressurser prosjektet vil kreve",
}


def _whole(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        kind = "a float" if isinstance(value, float) else "text or another type"
        raise ValidationFailed(field, f"must be a whole number, not {kind}")
    return value


@dataclass(frozen=True)
class Score:
    """One criterion scored for one candidate, by whom and when."""

    criterion: Criterion
    value: int
    scored_by: str
    scored_on: date
    note: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "criterion", Criterion(self.criterion))
        except ValueError:
            allowed = ", ".join(c.value for c in Criterion)
            raise ValidationFailed("criterion", f"must be one of {allowed}") from None
        value = _whole("value", self.value)
        if not LOWEST <= value <= HIGHEST:
            raise ValidationFailed("value", f"must be from {LOWEST} to {HIGHEST}")
        object.__setattr__(
            self, "scored_by", required_text("scoredBy", self.scored_by, 200, kind=TextKind.LINE)
        )
        plausible_date("scoredOn", self.scored_on)
        note = optional_text("note", self.note, 2000, kind=TextKind.MULTILINE)
        object.__setattr__(self, "note", note or "")


@dataclass(frozen=True)
class Weights:
    """How much each criterion counts; whole, non-negative numbers (e.g. percentages)."""

    effect: int
    money: int
    speed: int
    personnel: int

    def __post_init__(self) -> None:
        for criterion in Criterion:
            if _whole(f"weights.{criterion.value}", getattr(self, criterion.value)) < 0:
                raise ValidationFailed(f"weights.{criterion.value}", "must not be negative")
        if self.sum == 0:
            raise ValidationFailed("weights", "at least one criterion must carry weight")

    @property
    def sum(self) -> int:
        return self.effect + self.money + self.speed + self.personnel

    def of(self, criterion: Criterion) -> int:
        return int(getattr(self, Criterion(criterion).value))

    def points(self, scores: Iterable[Score]) -> int:
        """The weighted sum; candidates compare exactly on it under the same weights."""
        return sum(self.of(s.criterion) * s.value for s in scores)

    def weighted_score(self, scores: Iterable[Score]) -> Decimal:
        """The weighted mean on the 1–5 scale, to two decimals."""
        mean = Decimal(self.points(scores)) / Decimal(self.sum)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def missing_criteria(scores: Iterable[Score]) -> list[Criterion]:
    scored = {s.criterion for s in scores}
    return [c for c in CRITERIA if c not in scored]


@dataclass(frozen=True)
class Candidate:
    """A project up for prioritisation: its code and its latest score per criterion."""

    code: str
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class Ranked:
    position: int
    code: str
    weighted_score: Decimal


def rank(candidates: Iterable[Candidate], weights: Weights) -> tuple[Ranked, ...]:
    """Best first. Equal weighted scores share a position (1, 2, 2, 4) and list by code."""
    pool = list(candidates)
    codes = [c.code for c in pool]
    if len(set(codes)) != len(codes):
        raise ValidationFailed("candidates", "a candidate must not be listed twice")
    for candidate in pool:
        missing = missing_criteria(candidate.scores)
        if missing:
            raise ValidationFailed(
                f"candidates[{candidate.code}].scores",
                "every criterion must be scored before ranking; missing "
                + ", ".join(c.value for c in missing),
            )
    ordered = sorted(pool, key=lambda c: (-weights.points(c.scores), c.code))
    ranked: list[Ranked] = []
    for index, candidate in enumerate(ordered):
        tied = ranked and weights.points(ordered[index - 1].scores) == weights.points(
            candidate.scores
        )
        position = ranked[-1].position if tied else index + 1
        ranked.append(Ranked(position, candidate.code, weights.weighted_score(candidate.scores)))
    return tuple(ranked)
