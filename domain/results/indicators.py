"""An indicator (indikator) as the catalogue or a municipality defines it: what is measured,
in what unit, whether it tells of the process or the effects, and where the data come from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar
from uuid import UUID, uuid5

from domain.shared.errors import ValidationFailed
from domain.shared.text import TextKind, code, required_text

RESULTS_NAMESPACE = UUID("5d0c6a4e-2f7b-4d1c-9a83-7e61b0c4f2a9")
# National reference data belongs to no municipality or county: its events name this tenant.
NATIONAL_TENANT = uuid5(RESULTS_NAMESPACE, "nasjonal")
E = TypeVar("E", bound=StrEnum)
INDICATOR_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class IndicatorKind(StrEnum):
    """Whether the indicator tells of the work itself or of what it achieves."""

    PROCESS = "process"
    EFFECT = "effect"


class IndicatorLevel(StrEnum):
    """Output: what the programme produces; outcome: the change in the community."""

    OUTPUT = "output"
    OUTCOME = "outcome"


class Unit(StrEnum):
    COUNT = "count"
    PERSON_YEARS = "person_years"
    PERCENT = "percent"
    NOK = "nok"
    INDEX = "index"


KIND_NB = {IndicatorKind.PROCESS: "Prosess", IndicatorKind.EFFECT: "Effekt"}
LEVEL_NB = {
    IndicatorLevel.OUTPUT: "Resultat (output)",
    IndicatorLevel.OUTCOME: "Virkning (outcome)",
}
UNIT_NB = {
    Unit.COUNT: "antall",
    Unit.PERSON_YEARS: "årsverk",
    Unit.PERCENT: "prosent",
    Unit.NOK: "kroner",
    Unit.INDEX: "indeks",
}
# Units whose values add up across series and periods (a programme's total).
ADDITIVE_UNITS = frozenset({Unit.COUNT, Unit.PERSON_YEARS, Unit.NOK})


def require_code(field: str, value: str) -> str:
    return code(
        field,
        value,
        40,
        INDICATOR_CODE,
        "must be a code of lower-case letters, digits and '_' (e.g. jobs_created)",
    )


def choice(field: str, value: E | str, kind: type[E]) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ValidationFailed(field, f"must be one of {allowed}") from None


@dataclass(frozen=True)
class Indicator:
    """One version of an indicator's definition."""

    code: str
    name_nb: str
    name_en: str
    unit: Unit
    kind: IndicatorKind
    level: IndicatorLevel
    definition: str
    data_source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", require_code("code", self.code))
        line = TextKind.LINE
        object.__setattr__(self, "name_nb", required_text("nameNb", self.name_nb, 200, kind=line))
        object.__setattr__(self, "name_en", required_text("nameEn", self.name_en, 200, kind=line))
        object.__setattr__(self, "unit", choice("unit", self.unit, Unit))
        object.__setattr__(self, "kind", choice("kind", self.kind, IndicatorKind))
        object.__setattr__(self, "level", choice("level", self.level, IndicatorLevel))
        definition = required_text("definition", self.definition, 2000, kind=TextKind.MULTILINE)
        object.__setattr__(self, "definition", definition)
        object.__setattr__(
            self, "data_source", required_text("dataSource", self.data_source, 500, kind=line)
        )


def require_value(field: str, value: object, unit: Unit) -> Decimal:
    """An exact, finite decimal that fits the unit: a count is whole and never negative."""
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise ValidationFailed(field, "must be an exact decimal number, not a float")
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValidationFailed(field, "must be a decimal number") from None
    if not number.is_finite():
        raise ValidationFailed(field, "must be a finite number")
    if unit in (Unit.COUNT, Unit.PERSON_YEARS, Unit.NOK) and number < 0:
        raise ValidationFailed(field, f"cannot be negative for the unit {UNIT_NB[unit]}")
    if unit is Unit.COUNT and number != number.to_integral_value():
        raise ValidationFailed(field, "must be a whole number for the unit antall")
    if unit is Unit.PERCENT and not Decimal(0) <= number <= Decimal(100):
        raise ValidationFailed(field, "must be between 0 and 100 for the unit prosent")
    return number
