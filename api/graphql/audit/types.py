"""The audit trail (revisjonsspor): one entry per recorded event, as a Relay connection."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import strawberry

from api.graphql.context import Info
from api.graphql.reference.types import Municipality
from api.graphql.scalars import BigInt
from api.graphql.shared import Actor, Decision
from tenants import ReferenceDataError, Registry

OSLO = ZoneInfo("Europe/Oslo")


@strawberry.type(description="Who acted and on behalf of which tenant (aktør)")
class AuditActor(Actor):
    tenant: str = strawberry.field(
        description="Acting for (på vegne av): kommune:<id>, fylke:<nr> or nasjonal"
    )
    tenant_name: str = strawberry.field(
        description="Acting for, readable (på vegne av), e.g. kommune 1865 Vågan"
    )


@strawberry.type(
    description="One recorded event (hendelse i revisjonssporet): who, when, why, by which decision"
)
class AuditEntry:
    position: BigInt | None = strawberry.field(
        description="Position in the log (posisjon), a 64-bit integer as a string; only for "
        "those who read every tenant (others page with the cursors)"
    )
    aggregate_id: UUID = strawberry.field(description="The record changed (post-id)")
    aggregate_type: str = strawberry.field(
        description="Kind of record (posttype): Programme (omstillingsprogram) or Omstillingsplan"
    )
    aggregate_version: int = strawberry.field(
        description="Record version after the event (versjon)"
    )
    event_type: str = strawberry.field(description="Event type (hendelsestype), e.g. Adopted")
    actor: AuditActor = strawberry.field(description="Who acted (aktør)")
    occurred_at: datetime = strawberry.field(description="When (tidspunkt), UTC")
    occurred_at_local: datetime = strawberry.field(
        description="When, in Norwegian time (norsk tid, Europe/Oslo)"
    )
    reason: str | None = strawberry.field(description="Reason (begrunnelse)")
    decision: Decision | None = strawberry.field(description="The decision behind it (vedtak)")
    summary: str = strawberry.field(description="One line describing the event (sammendrag)")
    tenant_id: strawberry.Private[UUID]

    @classmethod
    def of(cls, row: dict[str, Any], registry: Registry, national: bool) -> AuditEntry:
        """`national`: the principal reads every tenant, so the global position tells it
        nothing new; to anyone else it would tell how much other tenants wrote."""
        occurred = datetime.fromisoformat(row["occurred_at"])
        actor = Actor.of(row["actor_user_id"], row["actor_name"], row["actor_role"])
        return cls(
            position=BigInt(row["position"]) if national else None,
            aggregate_id=UUID(row["aggregate_id"]),
            aggregate_type=row["aggregate_type"],
            aggregate_version=row["aggregate_version"],
            event_type=row["event_type"],
            actor=AuditActor(
                user_id=actor.user_id,
                name=actor.name,
                role=actor.role,
                role_nb=actor.role_nb,
                tenant=row["actor_tenant"],
                tenant_name=tenant_label(row["actor_tenant"], registry),
            ),
            occurred_at=occurred,
            occurred_at_local=occurred.astimezone(OSLO),
            reason=row["reason"],
            decision=Decision.from_doc(row["decision"]),
            summary=row["summary"],
            tenant_id=UUID(row["tenant_id"]),
        )

    @strawberry.field(description="The tenant (kommune) the event belongs to: number and name")
    def tenant(self, info: Info) -> Municipality:
        return Municipality.of(info.context.registry.municipality(self.tenant_id))


@strawberry.type(description="An entry and its cursor (kant)")
class AuditEntryEdge:
    cursor: str = strawberry.field(description="Opaque cursor (peker) for `after`")
    node: AuditEntry = strawberry.field(description="The entry (hendelse)")


@strawberry.type(description="Where this page ends (sideinformasjon)")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More entries follow (flere sider)")
    end_cursor: str | None = strawberry.field(description="Cursor of the last entry (siste peker)")


@strawberry.type(description="A page of the audit trail (revisjonsspor), oldest first")
class AuditEntryConnection:
    edges: list[AuditEntryEdge] = strawberry.field(description="The entries (hendelser)")
    page_info: PageInfo = strawberry.field(description="Paging (sideinformasjon)")


@strawberry.input(description="Narrow the audit trail (filter); all optional, combined with AND")
class AuditTrailFilter:
    municipality_number: str | None = strawberry.field(
        default=None, description="Only this municipality (kommunenummer); must be in your scope"
    )
    county_number: str | None = strawberry.field(
        default=None,
        description="Only programmes this county supervises (fylkesnummer); your own county",
    )
    aggregate_id: UUID | None = strawberry.field(
        default=None, description="Only this record (post-id): a programme or a plan"
    )
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="From this moment (fra og med), with time zone"
    )
    to: datetime | None = strawberry.field(
        default=None, description="Until this moment (til), exclusive, with time zone"
    )
    actor_user_id: str | None = strawberry.field(
        default=None, description="Only changes by this user (brukerident)"
    )
    event_types: list[str] | None = strawberry.field(
        default=None, description='Only these event types (hendelsestyper), e.g. ["Adopted"]'
    )


def tenant_label(tenant: str, registry: Registry) -> str:
    """'kommune:<uuid>' → 'kommune 1865 Vågan'; 'fylke:18' → 'fylke 18 Nordland'."""
    kind, _, key = tenant.partition(":")
    try:
        if kind == "kommune":
            municipality = registry.municipality(UUID(key))
            return f"kommune {municipality.current_number} {municipality.name}"
        if kind == "fylke":
            return f"fylke {key} {registry.county(key).name}"
    except (ReferenceDataError, ValueError):
        pass
    return tenant
