"""The one base event: every state change carries tenant, actor, reason and decision."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, Snapshot

from domain.shared import clock
from domain.shared.actor import Actor
from domain.shared.decisions import DecisionRef, decision_on_record
from domain.shared.text import as_recorded, require_storable


class AttributedEvent(Aggregate.Event):
    """Cross-cutting fields, passed explicitly by the application, never read from a global."""

    tenant_id: UUID
    actor: Actor
    reason: str | None
    decision: DecisionRef | None

    def __post_init__(self) -> None:
        """The backstop behind the aggregates' own checks, run as a new event is made (never
        when the log is read back): no text the store or a reader would choke on, and no
        decision dated after it is recorded. Nothing is applied or written if it refuses."""
        super().__post_init__()
        require_storable("", self)
        decision_on_record("decision", self.decision)

    def mutate(self, aggregate: Any) -> Any:
        """Applied as recorded: values rebuilt here are not judged again by today's rules."""
        with as_recorded():
            return super().mutate(aggregate)

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
