"""How domain values are stored in the log: JSON, decoded without re-running today's rules."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

from domain.action_plan.content import (
    ActionPlanContent,
    CommunicationActivity,
    Financing,
    ProjectMeasure,
    Strategy,
)
from domain.action_plan.model import EffectiveRevision, FundApplication, FundLine
from domain.action_plan.plan_link import PlanLink
from domain.assessment.model import FollowUpAction, IndicatorScore, Participant
from domain.assessment.template import Weighting
from domain.continuation.model import StageRecord
from domain.continuation.stages import (
    Alternative,
    CostLine,
    CostShare,
    ForprosjektReport,
    ForstudieReport,
    Outcome,
    Owner,
)
from domain.funds.grant import ApplicationRef, Disbursement
from domain.funds.use import SpendingLine
from domain.money import Money
from domain.plan.content import FieldChange, FocusArea, Goal, Measure, PlanContent
from domain.plan.model import InForceVersion
from domain.population.file_format import PopulationFigure
from domain.project.mandate import (
    Completion,
    DecisionPoint,
    Mandate,
    Milestone,
    Organisation,
    WorkStream,
)
from domain.project.prioritisation import Score, Weights
from domain.results.indicators import Indicator
from domain.results.series import Baseline, IndicatorRef, Period
from domain.shared.actor import Actor
from domain.shared.decisions import DecisionRef


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class FrozenValue(Transcoding):
    """A frozen dataclass as its fields. Decoding bypasses validation: the log holds facts,
    and a rule tightened later must not make yesterday's events unreadable."""

    def __init__(self, value_type: type) -> None:
        self.type = value_type
        self.name = value_type.__name__

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        obj: Any = object.__new__(self.type)
        hints = _hints(self.type)
        for f in dataclasses.fields(self.type):
            value = data.get(f.name, f.default if f.default is not dataclasses.MISSING else None)
            object.__setattr__(obj, f.name, _coerce(hints.get(f.name), value))
        return obj


@cache
def _hints(value_type: type) -> dict[str, Any]:
    return typing.get_type_hints(value_type)


def _coerce(hint: Any, value: Any) -> Any:
    """JSON has no tuples or enums: restore them from the declared type."""
    if value is None or hint is None:
        return value
    origin = typing.get_origin(hint)
    if origin is tuple and isinstance(value, list):
        (item_hint, *_) = typing.get_args(hint) or (None,)
        return tuple(_coerce(item_hint, v) for v in value)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in typing.get_args(hint):
            if arg is not type(None):
                return _coerce(arg, value)
    if isinstance(hint, type) and issubclass(hint, Enum) and not isinstance(value, hint):
        return hint(value)
    return value


VALUE_TYPES = (
    Actor,
    DecisionRef,
    Measure,
    Goal,
    FocusArea,
    PlanContent,
    InForceVersion,
    FieldChange,
    Money,
    PlanLink,
    WorkStream,
    Organisation,
    DecisionPoint,
    Mandate,
    Completion,
    Milestone,
    Score,
    Weights,
    Financing,
    ProjectMeasure,
    Strategy,
    CommunicationActivity,
    ActionPlanContent,
    EffectiveRevision,
    FundLine,
    FundApplication,
    ApplicationRef,
    Disbursement,
    SpendingLine,
    Indicator,
    IndicatorRef,
    Period,
    Baseline,
    PopulationFigure,
    Participant,
    IndicatorScore,
    FollowUpAction,
    Weighting,
    Owner,
    Alternative,
    ForstudieReport,
    ForprosjektReport,
    Outcome,
    CostShare,
    CostLine,
    StageRecord,
)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for value_type in VALUE_TYPES:
        transcoder.register(FrozenValue(value_type))


class TypedMapper(Mapper[Any]):
    """Events come back from the log as they were recorded: enums as enums, tuples as tuples."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        for name, hint in _restorable_fields(type(event)).items():
            value = event.__dict__.get(name)
            if value is not None:
                event.__dict__[name] = _coerce(hint, value)
        return event


@cache
def _restorable_fields(event_type: type) -> dict[str, Any]:
    """The fields JSON cannot give back as declared; resolved once per event class."""
    try:
        hints = typing.get_type_hints(event_type)
    except (NameError, TypeError):
        return {}
    return {
        name: hint
        for name, hint in hints.items()
        if typing.get_origin(hint) is tuple or (isinstance(hint, type) and issubclass(hint, Enum))
    }
