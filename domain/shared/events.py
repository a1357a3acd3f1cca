"""The one base event: every state change carries tenant, actor, reason and decision."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, Snapshot

from domain.shared import clock
from domain.shared.actor import Actor
from domain.shared.decisions import DecisionRef


class AttributedEvent(Aggregate.Event):
    """Cross-cutting fields, passed explicitly by the application, never read from a global."""

    tenant_id: UUID
    actor: Actor
    reason: str | None
    decision: DecisionRef | None

    @classmethod
    def create_timestamp(cls) -> datetime:
        return clock.now()


class TypedSnapshot(Snapshot):
    """A snapshot's state comes back from JSON without enums or tuples; an aggregate names
    the attributes to restore in `snapshot_types`, so `is` checks keep working after reload."""

    def mutate(self, _: None) -> Any:
        aggregate = super().mutate(_)
        types: dict[str, type] = getattr(type(aggregate), "snapshot_types", {})
        for name, kind in types.items():
            value = aggregate.__dict__.get(name)
            if value is not None and not isinstance(value, kind):
                aggregate.__dict__[name] = kind(value)
        return aggregate
