"""The Omstillingsplan's six sections and its measurable goals, as immutable values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from domain.shared.dates import FIRST_YEAR as FIRST_YEAR  # the years a plan speaks of
from domain.shared.dates import LAST_YEAR as LAST_YEAR
from domain.shared.dates import require_year
from domain.shared.errors import ValidationFailed
from domain.shared.text import LONG_TEXT, TextKind, code, optional_text, required_text

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$")
CODE_SHAPE = "must be a short code of letters, digits, '.', '-' or '_'"
NORMAL_FOCUS_AREAS = (3, 4)


class Section(StrEnum):
    BACKGROUND = "background"
    VISION_AND_GOALS = "vision_and_goals"
    FOCUS_AREAS = "focus_areas"
    ORGANISATION = "organisation"
    RESOURCES_AND_FINANCING = "resources_and_financing"
    COMMUNICATION_STRATEGY = "communication_strategy"


SECTION_NB = {
    Section.BACKGROUND: "Bakgrunn for omstillingsarbeidet",
    Section.VISION_AND_GOALS: "Visjon og mål",
    Section.FOCUS_AREAS: "Innsatsområder",
    Section.ORGANISATION: "Organisering",
    Section.RESOURCES_AND_FINANCING: "Ressursinnsats og finansiering",
    Section.COMMUNICATION_STRATEGY: "Kommunikasjonsstrategi",
}
# The free-text sections; vision and goals holds the vision text, focus areas hold structure.
TEXT_SECTIONS = {
    Section.BACKGROUND: "background",
    Section.VISION_AND_GOALS: "vision",
    Section.ORGANISATION: "organisation",
    Section.RESOURCES_AND_FINANCING: "resources_and_financing",
    Section.COMMUNICATION_STRATEGY: "communication_strategy",
}


def short_code(field_name: str, value: str) -> str:
    """The code shape of focus areas, goals and projects (I1, D2.1, P-07, ...)."""
    return code(field_name, value, 20, CODE, CODE_SHAPE)


@dataclass(frozen=True)
class Measure:
    """A value of an indicator in a year: the baseline, or the target."""

    value: Decimal
    year: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or isinstance(self.value, float):
            raise ValidationFailed("value", "must be an exact decimal number, not a float")
        try:
            value = Decimal(self.value)
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationFailed("value", "must be a decimal number") from None
        if not value.is_finite():
            raise ValidationFailed("value", "must be a finite number")
        object.__setattr__(self, "value", value)
        require_year("year", self.year)


@dataclass(frozen=True)
class Goal:
    """A quantifiable, measurable goal: indicator, unit, baseline and target (seed 000)."""

    code: str
    text: str
    indicator: str
    unit: str
    baseline: Measure | None
    target: Measure | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", short_code("code", self.code))
        object.__setattr__(
            self, "text", required_text("text", self.text, 1000, kind=TextKind.MULTILINE)
        )
        object.__setattr__(
            self, "indicator", required_text("indicator", self.indicator, 300, kind=TextKind.LINE)
        )
        object.__setattr__(self, "unit", required_text("unit", self.unit, 60, kind=TextKind.LINE))
        rule = "every goal must be measurable (målbart): {} with value and year is required"
        if self.baseline is None:
            raise ValidationFailed("baseline", rule.format("a baseline"))
        if self.target is None:
            raise ValidationFailed("target", rule.format("a target"))
        if self.target.year < self.baseline.year:
            raise ValidationFailed("target.year", "cannot be before the baseline year")


class FocusAreaKind(StrEnum):
    """The type of a focus area (innsatsområdetype): what lets spending be compared across
    programmes whose focus areas carry their own names and codes."""

    BUSINESS_DEVELOPMENT = "business_development"
    ENTREPRENEURSHIP = "entrepreneurship"
    COMPETENCE = "competence"
    ATTRACTIVENESS = "attractiveness"
    INFRASTRUCTURE = "infrastructure"
    DEVELOPMENT_CAPACITY = "development_capacity"
    OTHER = "other"


FOCUS_AREA_KIND_NB = {
    FocusAreaKind.BUSINESS_DEVELOPMENT: "Næringsutvikling",
    FocusAreaKind.ENTREPRENEURSHIP: "Entreprenørskap og nyetablering",
    FocusAreaKind.COMPETENCE: "Kompetanse og rekruttering",
    FocusAreaKind.ATTRACTIVENESS: "Attraktivitet og bolyst",
    FocusAreaKind.INFRASTRUCTURE: "Infrastruktur og tilrettelegging",
    FocusAreaKind.DEVELOPMENT_CAPACITY: "Utviklingskapasitet",
    FocusAreaKind.OTHER: "Annet",
}


@dataclass(frozen=True)
class FocusArea:
    """An innsatsområde with its sub-goals (delmål); `kind` None is unclassified (areas
    recorded before the types existed)."""

    code: str
    name: str
    description: str
    goals: tuple[Goal, ...] = field(default=())
    kind: FocusAreaKind | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", short_code("code", self.code))
        object.__setattr__(self, "name", required_text("name", self.name, 200, kind=TextKind.LINE))
        description = optional_text(
            "description", self.description, LONG_TEXT, kind=TextKind.MULTILINE
        )
        object.__setattr__(self, "description", description or "")
        goals = tuple(self.goals)
        if not goals:
            raise ValidationFailed("goals", "a focus area needs at least one measurable sub-goal")
        codes = [g.code for g in goals]
        if len(set(codes)) != len(codes):
            raise ValidationFailed("goals", "goal codes must be unique within the focus area")
        object.__setattr__(self, "goals", goals)
        if self.kind is not None:
            try:
                object.__setattr__(self, "kind", FocusAreaKind(self.kind))
            except ValueError:
                raise ValidationFailed(
                    "kind", f"must be one of {', '.join(k.value for k in FocusAreaKind)}"
                ) from None


@dataclass(frozen=True)
class PlanContent:
    """The six sections. A draft may be incomplete; submission demands completeness."""

    background: str = ""
    vision: str = ""
    main_goal: Goal | None = None
    focus_areas: tuple[FocusArea, ...] = ()
    organisation: str = ""
    resources_and_financing: str = ""
    communication_strategy: str = ""

    def __post_init__(self) -> None:
        for name in TEXT_SECTIONS.values():
            text = optional_text(name, getattr(self, name), LONG_TEXT, kind=TextKind.MULTILINE)
            object.__setattr__(self, name, text or "")
        areas = tuple(self.focus_areas)
        codes = [a.code for a in areas]
        if len(set(codes)) != len(codes):
            raise ValidationFailed("focusAreas", "focus area codes must be unique")
        object.__setattr__(self, "focus_areas", areas)

    def with_text(self, section: Section, text: str) -> PlanContent:
        changes: dict[str, Any] = {TEXT_SECTIONS[section]: text}
        return replace(self, **changes)

    def with_focus_area(self, area: FocusArea) -> PlanContent:
        """Adds the area, or replaces the one with the same code in its place."""
        areas = list(self.focus_areas)
        for index, existing in enumerate(areas):
            if existing.code == area.code:
                areas[index] = area
                break
        else:
            areas.append(area)
        return replace(self, focus_areas=tuple(areas))

    def without_focus_area(self, code: str) -> PlanContent:
        return replace(self, focus_areas=tuple(a for a in self.focus_areas if a.code != code))

    def focus_area(self, code: str) -> FocusArea | None:
        return next((a for a in self.focus_areas if a.code == code), None)

    def missing_for_submission(self) -> list[tuple[str, str]]:
        """(field, rule) pairs a plan must satisfy before it leaves the draft."""
        missing = [
            (name, "is required before the plan is submitted")
            for name in TEXT_SECTIONS.values()
            if not getattr(self, name)
        ]
        if self.main_goal is None:
            missing.append(("mainGoal", "a measurable main goal is required before submission"))
        if not self.focus_areas:
            missing.append(("focusAreas", "at least one focus area is required before submission"))
        return missing

    @property
    def warnings(self) -> list[str]:
        low, high = NORMAL_FOCUS_AREAS
        count = len(self.focus_areas)
        if count and not low <= count <= high:
            return [f"the plan has {count} focus areas; normally there are {low} to {high}"]
        return []

    def flatten(self) -> dict[str, Any]:
        """Field paths to leaf values, keyed by codes so reordering is not a change."""
        out: dict[str, Any] = {name: getattr(self, name) for name in TEXT_SECTIONS.values()}
        if self.main_goal is not None:
            out.update(_flatten_goal("mainGoal", self.main_goal))
        for area in self.focus_areas:
            prefix = f"focusAreas[{area.code}]"
            out[f"{prefix}.name"] = area.name
            out[f"{prefix}.description"] = area.description
            if area.kind is not None:
                out[f"{prefix}.kind"] = area.kind.value
            for goal in area.goals:
                out.update(_flatten_goal(f"{prefix}.goals[{goal.code}]", goal))
        return out


def _flatten_goal(prefix: str, goal: Goal) -> dict[str, Any]:
    assert goal.baseline is not None and goal.target is not None  # guaranteed by Goal
    return {
        f"{prefix}.text": goal.text,
        f"{prefix}.indicator": goal.indicator,
        f"{prefix}.unit": goal.unit,
        f"{prefix}.baseline.value": goal.baseline.value,
        f"{prefix}.baseline.year": goal.baseline.year,
        f"{prefix}.target.value": goal.target.value,
        f"{prefix}.target.year": goal.target.year,
    }


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


def diff(before: PlanContent, after: PlanContent) -> list[FieldChange]:
    """Field-level differences between two versions of a plan, in a stable order."""
    old, new = before.flatten(), after.flatten()
    paths = list(old) + [p for p in new if p not in old]
    return [FieldChange(p, old.get(p), new.get(p)) for p in paths if old.get(p) != new.get(p)]
