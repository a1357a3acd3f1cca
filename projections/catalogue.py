"""Every read model of the product, and which events each one handles.

A projection handles the event classes registered on its `process_event`; an event of any
other class only moves its position. The audit trail handles every event.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

from eventsourcing.projection import Projection
from eventsourcing.utils import resolve_topic

from projections.action_plans import ActionPlanProjection, ActionPlanView
from projections.assessments import AssessmentProjection, AssessmentView
from projections.audit import AuditTrailProjection, AuditTrailView
from projections.base import ReadModelView
from projections.continuation import ContinuationProjection, ContinuationView
from projections.funds import FundProjection, FundView
from projections.plans import PlanStateProjection, PlanStateView
from projections.population import PopulationProjection, PopulationView
from projections.programmes import ProgrammeDirectoryProjection, ProgrammeDirectoryView
from projections.projects import ProjectProjection, ProjectView
from projections.results import ResultProjection, ResultView
from projections.year_wheel import YearWheelProjection, YearWheelView

READ_MODELS: tuple[tuple[type[Projection[Any]], type[ReadModelView]], ...] = (
    (ProgrammeDirectoryProjection, ProgrammeDirectoryView),
    (PlanStateProjection, PlanStateView),
    (AuditTrailProjection, AuditTrailView),
    (ActionPlanProjection, ActionPlanView),
    (ProjectProjection, ProjectView),
    (YearWheelProjection, YearWheelView),
    (ContinuationProjection, ContinuationView),
    (FundProjection, FundView),
    (ResultProjection, ResultView),
    (AssessmentProjection, AssessmentView),
    (PopulationProjection, PopulationView),
)

EVERY_EVENT: frozenset[type[Projection[Any]]] = frozenset({AuditTrailProjection})


@cache
def handled_classes(projection: type[Projection[Any]]) -> tuple[type, ...]:
    method = inspect.getattr_static(projection, "process_event")
    method.__get__(None, projection)  # applies registrations the library deferred
    return tuple(cls for cls in method.dispatcher.registry if cls is not object)


@cache
def handles(projection: type[Projection[Any]], topic: str) -> bool:
    """Whether events of `topic` change this read model (an unknown topic: yes, so that a
    projection meets it and quarantines it rather than passing over it silently)."""
    if projection in EVERY_EVENT:
        return True
    try:
        event_class = resolve_topic(topic)
    except Exception:  # noqa: BLE001 - a topic no class answers to any more
        return True
    return isinstance(event_class, type) and issubclass(event_class, handled_classes(projection))
