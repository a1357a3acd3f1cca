"""A project's mandate (prosjektmandat, seed 004) and its milestones, as immutable values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from domain.shared.dates import MAX_PERIOD_YEARS, add_years, plausible_date
from domain.shared.dates import require_date as require_date  # re-exported for older imports
from domain.shared.errors import ValidationFailed
from domain.shared.text import LONG_TEXT, TextKind, code, optional_text, required_text, text_list

MILESTONE_NUMBER = re.compile(r"^M[1-9]\d{0,2}$")
LINE, MULTILINE = TextKind.LINE, TextKind.MULTILINE


def latest_project_day(starts_on: date) -> date:
    """A project runs at most as long as a programme period may."""
    return add_years(starts_on, MAX_PERIOD_YEARS)


@dataclass(frozen=True)
class WorkStream:
    """An arbeidsstrøm: e.g. 'Arbeidsstrøm 1', 'Skoler/barnehager'."""

    name: str
    scope: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", required_text("name", self.name, 200, kind=LINE))
        scope = optional_text("scope", self.scope, 2000, kind=MULTILINE)
        object.__setattr__(self, "scope", scope or "")


@dataclass(frozen=True)
class Organisation:
    """How the project is run: the steering group's members and the work streams."""

    steering_group: tuple[str, ...] = ()
    work_streams: tuple[WorkStream, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "steering_group", text_list("steeringGroup", self.steering_group, 200, LINE)
        )
        streams = tuple(self.work_streams)
        names = [s.name for s in streams]
        if len(set(names)) != len(names):
            raise ValidationFailed("workStreams", "work stream names must be unique")
        object.__setattr__(self, "work_streams", streams)


@dataclass(frozen=True)
class DecisionPoint:
    """A beslutningspunkt with its date: 'Mandat besluttet', 03.06.2013."""

    name: str
    due_on: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", required_text("name", self.name, 300, kind=LINE))
        plausible_date("dueOn", self.due_on)


@dataclass(frozen=True)
class Mandate:
    """What the project is for and how it is run. A proposal may be sketchy; approval needs
    a project leader, a purpose, result goals, effect goals and at least one milestone."""

    name: str
    owner: str
    starts_on: date
    ends_on: date | None = None
    project_leader: str | None = None
    background: str = ""
    purpose: str = ""
    description: str = ""
    organisation: Organisation = field(default_factory=Organisation)
    result_goals: tuple[str, ...] = ()
    effect_goals: tuple[str, ...] = ()
    gains: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    decision_points: tuple[DecisionPoint, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", required_text("name", self.name, 300, kind=LINE))
        object.__setattr__(self, "owner", required_text("owner", self.owner, 200, kind=LINE))
        plausible_date("startsOn", self.starts_on)
        latest = latest_project_day(self.starts_on)
        if self.ends_on is not None:
            if require_date("endsOn", self.ends_on) < self.starts_on:
                raise ValidationFailed("endsOn", "cannot be before the project starts")
            plausible_date(
                "endsOn",
                self.ends_on,
                self.starts_on,
                latest,
                f"a project runs at most {MAX_PERIOD_YEARS} years",
            )
        leader = optional_text("projectLeader", self.project_leader, 200, kind=LINE)
        object.__setattr__(self, "project_leader", leader)
        for name in ("background", "purpose", "description"):
            text = optional_text(name, getattr(self, name), LONG_TEXT, kind=MULTILINE)
            object.__setattr__(self, name, text or "")
        if not isinstance(self.organisation, Organisation):
            raise ValidationFailed("organisation", "must describe steering group and work streams")
        for name, label in (
            ("result_goals", "resultGoals"),
            ("effect_goals", "effectGoals"),
            ("gains", "gains"),
            ("constraints", "constraints"),
        ):
            object.__setattr__(self, name, text_list(label, getattr(self, name), 2000, MULTILINE))
        points = tuple(self.decision_points)
        for index, point in enumerate(points):
            plausible_date(
                f"decisionPoints[{index}].dueOn",
                point.due_on,
                latest=latest,
                why=f"a project runs at most {MAX_PERIOD_YEARS} years",
            )
        names = [p.name for p in points]
        if len(set(names)) != len(names):
            raise ValidationFailed("decisionPoints", "decision point names must be unique")
        object.__setattr__(self, "decision_points", points)

    def missing_for_approval(self) -> list[tuple[str, str]]:
        """(field, rule) pairs a mandate must satisfy before the project is approved."""
        rule = "is required before the project is approved"
        missing = [
            (label, rule)
            for label, value in (
                ("projectLeader", self.project_leader),
                ("purpose", self.purpose),
                ("resultGoals", self.result_goals),
                ("effectGoals", self.effect_goals),
            )
            if not value
        ]
        return missing

    def require_within(self, field_name: str, day: date) -> None:
        """A milestone falls within the project's planned period (or, with no end planned,
        within the longest a project runs)."""
        if day < self.starts_on:
            raise ValidationFailed(
                field_name, f"cannot be before the project starts ({self.starts_on.isoformat()})"
            )
        if self.ends_on is not None and day > self.ends_on:
            raise ValidationFailed(
                field_name,
                f"cannot be after the project's planned end ({self.ends_on.isoformat()})",
            )
        plausible_date(
            field_name,
            day,
            self.starts_on,
            latest_project_day(self.starts_on),
            f"a project runs at most {MAX_PERIOD_YEARS} years",
        )


@dataclass(frozen=True)
class Completion:
    """When a milestone was completed, by whom, and the evidence that it meets its criterion."""

    completed_on: date
    completed_by: str
    evidence: str

    def __post_init__(self) -> None:
        plausible_date("completedOn", self.completed_on)
        object.__setattr__(
            self, "completed_by", required_text("completedBy", self.completed_by, 200, kind=LINE)
        )
        object.__setattr__(
            self, "evidence", required_text("evidence", self.evidence, 2000, kind=MULTILINE)
        )


@dataclass(frozen=True)
class Milestone:
    """M1 … M16: number, name, completion criterion and due date; later its completion."""

    number: str
    name: str
    due_on: date
    criterion: str = ""
    completion: Completion | None = None

    def __post_init__(self) -> None:
        number = code(
            "number", self.number, 5, MILESTONE_NUMBER, "must be a milestone number like M1 or M16"
        )
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "name", required_text("name", self.name, 300, kind=LINE))
        plausible_date("dueOn", self.due_on)
        criterion = optional_text("criterion", self.criterion, 2000, kind=MULTILINE)
        object.__setattr__(self, "criterion", criterion or "")
        if self.completion is not None and not isinstance(self.completion, Completion):
            raise ValidationFailed("completion", "must record date, person and evidence")

    @property
    def order(self) -> int:
        return int(self.number[1:])

    def done_by(self, on: date) -> bool:
        return self.completion is not None and self.completion.completed_on <= on

    def is_late(self, on: date) -> bool:
        """Past due and unfinished on that date."""
        return self.due_on < on and not self.done_by(on)
