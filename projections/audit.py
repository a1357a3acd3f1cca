"""The audit trail: one row per event, who, when, why and by which decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.shared.events import AttributedEvent
from projections.base import ReadModelView, from_json, to_json
from projections.documents import decision_doc
from projections.summaries import summarise


@dataclass(frozen=True)
class AuditFilter:
    """All optional; tenant_ids None means every tenant the caller may see (already scoped)."""

    tenant_ids: list[UUID] | None = None
    aggregate_id: UUID | None = None
    occurred_from: str | None = None  # ISO timestamp, inclusive
    occurred_to: str | None = None  # ISO timestamp, exclusive
    actor_user_id: str | None = None
    event_types: list[str] | None = None


class AuditTrailView(ReadModelView):
    tables = ("audit_trail",)

    def entries(self, where: AuditFilter, *, after: int | None, limit: int) -> list[dict[str, Any]]:
        """Oldest first, from after the cursor position; fetch limit+1 to know if more follow."""
        clauses: list[str] = []
        params: list[Any] = []
        if where.tenant_ids is not None:
            if not where.tenant_ids:
                return []
            clauses.append(f"tenant_id IN ({', '.join(['%s'] * len(where.tenant_ids))})")
            params.extend(str(t) for t in where.tenant_ids)
        for column, op, value in (
            ("aggregate_id", "=", str(where.aggregate_id) if where.aggregate_id else None),
            ("occurred_at", ">=", where.occurred_from),
            ("occurred_at", "<", where.occurred_to),
            ("actor_user_id", "=", where.actor_user_id),
            ("position", ">", after),
        ):
            if value is not None:
                clauses.append(f"{column} {op} %s")
                params.append(value)
        if where.event_types:
            clauses.append(f"event_type IN ({', '.join(['%s'] * len(where.event_types))})")
            params.extend(where.event_types)
        sql = "SELECT * FROM audit_trail"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY position LIMIT %s"
        params.append(limit)
        rows = self.rows(sql, params)
        for row in rows:
            row["decision"] = from_json(row["decision"])
        return rows


class AuditTrailProjection(Projection[AuditTrailView]):
    name = "audit_trail"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if not isinstance(domain_event, AttributedEvent):
            self.view.track_only(tracking)
            return
        event = domain_event
        decision = event.decision
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO audit_trail (position, tenant_id, aggregate_id, aggregate_type, aggregate_version, "
                    "event_type, actor_user_id, actor_name, actor_role, actor_tenant, occurred_at, reason, decision, "
                    "decision_body, decision_case_number, summary) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        tracking.notification_id,
                        str(event.tenant_id),
                        str(event.originator_id),
                        type(event).__qualname__.split(".")[0],
                        event.originator_version,
                        type(event).__name__,
                        event.actor.user_id,
                        event.actor.name,
                        str(event.actor.role),
                        event.actor.tenant,
                        event.timestamp.isoformat(),
                        event.reason,
                        to_json(decision_doc(decision)),
                        str(decision.body) if decision else None,
                        decision.archive_case_number if decision else None,
                        summarise(event),
                    ),
                )
            ],
        )
