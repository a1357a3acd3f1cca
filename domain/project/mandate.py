"""A project's mandate (prosjektmandat, seed 004) and its milestones, as immutable values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.shared.errors import ValidationFailed
from domain.shared.text import LONG_TEXT, optional_text, required_text

MILESTONE_NUMBER = re.compile(r"^M[1-9]\d{0,2}$")


def require_date(field_name: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationFailed(field_name, "is required and must be an ISO date")
    return value


def _texts(field_name: str, values: tuple[str, ...], max_length: int = 1000) -> tuple[str, ...]:
    texts = tuple(required_text(f"{field_name}[{i}]", v, max_length) for i, v in enumerate(values))
    if len(set(texts)) != len(texts):
        raise ValidationFailed(field_name, "must not list the same item twice")
    return texts


@dataclass(frozen=True)
class WorkStream:
    """An arbeidsstrøm: e.g. 'Arbeidsstrøm 1', 'Skoler/barnehager'."""

    name: str
    scope: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", required_text("name", self.name, 200))
        object.__setattr__(self, "scope", optional_text("scope", self.scope, 2000) or "")


@dataclass(frozen=True)
class Organisation:
    """How the project is run: the steering group's members and the work streams."""

    steering_group: tuple[str, ...] = ()
    work_streams: tuple[WorkStream, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "steering_group", _texts("steeringGroup", tuple(self.steering_group), 200)
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
        object.__setattr__(self, "name", required_text("name", self.name, 300))
        require_date("dueOn", self.due_on)


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
        object.__setattr__(self, "name", required_text("name", self.name, 300))
        object.__setattr__(self, "owner", required_text("owner", self.owner, 200))
        require_date("startsOn", self.starts_on)
        if self.ends_on is not None:
            require_date("endsOn", self.ends_on)
            if self.ends_on < self.starts_on:
                raise ValidationFailed("endsOn", "cannot be before the project starts")
        object.__setattr__(
            self, "project_leader", optional_text("projectLeader", self.project_leader, 200)
        )
        for name in ("background", "purpose", "description"):
            object.__setattr__(
                self, name, optional_text(name, getattr(self, name), LONG_TEXT) or ""
            )
        if not isinstance(self.organisation, Organisation):
            raise ValidationFailed("organisation", "must describe steering group and work streams")
        for name, label in (
            ("result_goals", "resultGoals"),
            ("effect_goals", "effectGoals"),
            ("gains", "gains"),
            ("constraints", "constraints"),
        ):
            object.__setattr__(self, name, _texts(label, tuple(getattr(self, name)), 2000))
        points = tuple(self.decision_points)
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
        """A milestone falls within the project's planned period."""
        if day < self.starts_on:
            raise ValidationFailed(
                field_name, f"cannot be before the project starts ({self.starts_on.isoformat()})"
            )
        if self.ends_on is not None and day > self.ends_on:
            raise ValidationFailed(
                field_name,
                f"cannot be after the project's planned end ({self.ends_on.isoformat()})",
            )


@dataclass(frozen=True)
class Completion:
    """When a milestone was completed, by whom, and the evidence that it meets its criterion."""

    completed_on: date
    completed_by: str
    evidence: str

    def __post_init__(self) -> None:
        require_date("completedOn", self.completed_on)
        object.__setattr__(
            self, "completed_by", required_text("completedBy", self.completed_by, 200)
        )
        object.__setattr__(self, "evidence", required_text("evidence", self.evidence, 2000))


@dataclass(frozen=True)
class Milestone:
    """M1 … M16: number, name, completion criterion and due date; later its completion."""

    number: str
    name: str
    due_on: date
    criterion: str = ""
    completion: Completion | None = None

    def __post_init__(self) -> None:
        number = required_text("number", self.number, 5)
        if not MILESTONE_NUMBER.match(number):
            raise ValidationFailed("number", "must be a milestone number like M1 or M16")
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "name", required_text("name", self.name, 300))
        require_date("dueOn", self.due_on)
        object.__setattr__(
            self, "criterion", optional_text("criterion", self.criterion, 2000) or ""
        )
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
