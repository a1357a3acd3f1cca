"""The Handlingsplan's five parts as immutable values; its money totals are derived, never typed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from domain.action_plan.plan_link import PlanLink, short_code
from domain.money import Money, require_amount
from domain.shared.dates import plausible_date
from domain.shared.errors import ValidationFailed
from domain.shared.text import LONG_TEXT, TextKind, optional_text, required_text


class Section(StrEnum):
    """The Handlingsplan's free-text parts; goals and focus areas come through the plan link."""

    EARLIER_RESULTS = "earlier_results"
    RESOURCES_AND_FINANCING = "resources_and_financing"


SECTION_NB = {
    Section.EARLIER_RESULTS: "Resultater fra tidligere omstillingsår",
    Section.RESOURCES_AND_FINANCING: "Ressursinnsats og finansiering",
}


class FundingSource(StrEnum):
    COUNTY_RESTRUCTURING_FUNDS = "county_restructuring_funds"
    MUNICIPALITY = "municipality"
    INNOVASJON_NORGE = "innovasjon_norge"
    PRIVATE = "private"
    OTHER_PUBLIC = "other_public"


FUNDING_SOURCE_NB = {
    FundingSource.COUNTY_RESTRUCTURING_FUNDS: "Omstillingsmidler fra fylkeskommunen",
    FundingSource.MUNICIPALITY: "Kommunens egne midler",
    FundingSource.INNOVASJON_NORGE: "Innovasjon Norge",
    FundingSource.PRIVATE: "Private midler",
    FundingSource.OTHER_PUBLIC: "Andre offentlige midler",
}
SOURCES = list(FundingSource)


def _source(field: str, value: FundingSource | str) -> FundingSource:
    try:
        return FundingSource(value)
    except ValueError:
        allowed = ", ".join(s.value for s in FundingSource)
        raise ValidationFailed(field, f"must be one of {allowed}") from None


@dataclass(frozen=True)
class Financing:
    """How much one source puts into one project this year."""

    source: FundingSource
    amount: Money

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", _source("source", self.source))
        require_amount("amount", self.amount)


@dataclass(frozen=True)
class ProjectMeasure:
    """A tiltak in the year's plan: a project on a focus area, its budget and its financing."""

    project_code: str
    focus_area_code: str
    budget: Money
    financing: tuple[Financing, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "project_code", short_code("projectCode", self.project_code))
        object.__setattr__(
            self, "focus_area_code", short_code("focusAreaCode", self.focus_area_code)
        )
        require_amount("budget", self.budget)
        financing = tuple(self.financing)
        for item in financing:
            if not isinstance(item, Financing):
                raise ValidationFailed("financing", "must list amounts per funding source")
        sources = [f.source for f in financing]
        if len(set(sources)) != len(sources):
            raise ValidationFailed("financing", "each funding source appears once per project")
        object.__setattr__(
            self, "financing", tuple(sorted(financing, key=lambda f: SOURCES.index(f.source)))
        )
        if self.financed > self.budget:
            raise ValidationFailed(
                "financing",
                f"cannot exceed the project's budget ({self.financed} > {self.budget})",
            )

    @property
    def financed(self) -> Money:
        return Money.total(f.amount for f in self.financing)

    @property
    def funding_gap(self) -> Money:
        return self.budget - self.financed

    def from_source(self, source: FundingSource) -> Money:
        return Money.total(f.amount for f in self.financing if f.source is source)


@dataclass(frozen=True)
class Strategy:
    """How the year's work on one focus area is meant to reach its goals."""

    focus_area_code: str
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "focus_area_code", short_code("focusAreaCode", self.focus_area_code)
        )
        object.__setattr__(
            self, "text", required_text("text", self.text, LONG_TEXT, kind=TextKind.MULTILINE)
        )


@dataclass(frozen=True)
class CommunicationActivity:
    """A concrete activity of the communication plan: what, for whom, when, channel, who."""

    what: str
    audience: str
    planned_on: date
    channel: str
    responsible: str

    def __post_init__(self) -> None:
        line = TextKind.LINE
        object.__setattr__(
            self, "what", required_text("what", self.what, 500, kind=TextKind.MULTILINE)
        )
        object.__setattr__(
            self, "audience", required_text("audience", self.audience, 300, kind=line)
        )
        plausible_date("plannedOn", self.planned_on)  # the plan's year narrows it
        object.__setattr__(self, "channel", required_text("channel", self.channel, 200, kind=line))
        object.__setattr__(
            self, "responsible", required_text("responsible", self.responsible, 200, kind=line)
        )


@dataclass(frozen=True)
class ActionPlanContent:
    """Goals and focus areas by link to the plan in force; everything else by value. Every
    measure and strategy lies on a focus area of the linked plan."""

    plan: PlanLink
    earlier_results: str = ""
    strategies: tuple[Strategy, ...] = ()
    measures: tuple[ProjectMeasure, ...] = ()
    resources_and_financing: str = ""
    communication_plan: tuple[CommunicationActivity, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.plan, PlanLink):
            raise ValidationFailed("plan", "must link the Omstillingsplan version in force")
        for name in ("earlier_results", "resources_and_financing"):
            text = optional_text(name, getattr(self, name), LONG_TEXT, kind=TextKind.MULTILINE)
            object.__setattr__(self, name, text or "")
        strategies = tuple(self.strategies)
        for s in strategies:
            self.plan.require_focus_area(f"strategies[{s.focus_area_code}]", s.focus_area_code)
        codes = [s.focus_area_code for s in strategies]
        if len(set(codes)) != len(codes):
            raise ValidationFailed("strategies", "one strategy per focus area")
        measures = tuple(self.measures)
        for m in measures:
            self.plan.require_focus_area(
                f"measures[{m.project_code}].focusAreaCode", m.focus_area_code
            )
        projects = [m.project_code for m in measures]
        if len(set(projects)) != len(projects):
            raise ValidationFailed("measures", "a project appears once in the year's plan")
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "measures", measures)
        object.__setattr__(self, "communication_plan", tuple(self.communication_plan))

    def with_text(self, section: Section, text: str) -> ActionPlanContent:
        if Section(section) is Section.EARLIER_RESULTS:
            return replace(self, earlier_results=text)
        return replace(self, resources_and_financing=text)

    def with_plan(self, plan: PlanLink) -> ActionPlanContent:
        return replace(self, plan=plan)

    def with_strategy(self, strategy: Strategy) -> ActionPlanContent:
        others = [s for s in self.strategies if s.focus_area_code != strategy.focus_area_code]
        order = {code: index for index, code in enumerate(self.plan.focus_area_codes)}
        # An unknown code sorts last here and is refused by the new content's own check.
        kept = sorted([*others, strategy], key=lambda s: order.get(s.focus_area_code, len(order)))
        return replace(self, strategies=tuple(kept))

    def with_measure(self, measure: ProjectMeasure) -> ActionPlanContent:
        """Adds the project's measure, or replaces the one for the same project in its place."""
        measures = list(self.measures)
        for index, existing in enumerate(measures):
            if existing.project_code == measure.project_code:
                measures[index] = measure
                break
        else:
            measures.append(measure)
        return replace(self, measures=tuple(measures))

    def without_measure(self, project_code: str) -> ActionPlanContent:
        return replace(
            self, measures=tuple(m for m in self.measures if m.project_code != project_code)
        )

    def with_communication_plan(
        self, activities: tuple[CommunicationActivity, ...]
    ) -> ActionPlanContent:
        return replace(self, communication_plan=activities)

    def measure(self, project_code: str) -> ProjectMeasure | None:
        return next((m for m in self.measures if m.project_code == project_code), None)

    # Derived, never typed in

    @property
    def total_budget(self) -> Money:
        return Money.total(m.budget for m in self.measures)

    @property
    def total_financing(self) -> Money:
        return Money.total(m.financed for m in self.measures)

    @property
    def funding_gap(self) -> Money:
        """What the budget lacks in financing; never negative, as no project is over-financed."""
        return self.total_budget - self.total_financing

    def financing_by_source(self) -> dict[FundingSource, Money]:
        """Every source, in a fixed order, with zero where nothing is planned."""
        return {s: Money.total(m.from_source(s) for m in self.measures) for s in SOURCES}

    def budget_by_focus_area(self) -> dict[str, Money]:
        """Every focus area of the linked plan, in the plan's order, with zero where none."""
        return {
            code: Money.total(m.budget for m in self.measures if m.focus_area_code == code)
            for code in self.plan.focus_area_codes
        }

    def missing_for_decision(self) -> list[tuple[str, str]]:
        """(field, rule) pairs a draft must satisfy before the board decides on it."""
        missing: list[tuple[str, str]] = []
        if not self.measures:
            missing.append(("measures", "at least one project is required before the decision"))
        if not self.resources_and_financing:
            missing.append(("resources_and_financing", "is required before the board's decision"))
        if not self.communication_plan:
            missing.append(
                ("communicationPlan", "at least one activity is required before the decision")
            )
        return missing
