"""The one base event: every state change carries tenant, actor, reason and decision."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

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
