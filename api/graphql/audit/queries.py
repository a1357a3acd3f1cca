"""The audit trail query: scoped to the principal's tenants, paged with opaque cursors."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Annotated

import strawberry

from api.graphql.audit.types import (
    AuditEntry,
    AuditEntryConnection,
    AuditEntryEdge,
    AuditTrailFilter,
    PageInfo,
)
from api.graphql.context import Context, Info
from domain.shared.errors import ValidationFailed
from projections.audit import AuditFilter

MAX_PAGE = 500

Filter = Annotated[
    AuditTrailFilter | None, strawberry.argument(description="Narrow the trail (filter)")
]
First = Annotated[
    int, strawberry.argument(description=f"Page size (antall per side), 1 to {MAX_PAGE}")
]
After = Annotated[
    str | None,
    strawberry.argument(description="Continue after this cursor (etter peker): an endCursor"),
]


def _moment(value: datetime | None, field: str) -> str | None:
    """As stored: ISO 8601 in UTC, so text order is time order."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValidationFailed(field, "must carry a time zone, e.g. 2024-06-01T12:00:00+02:00")
    return value.astimezone(UTC).isoformat()


def scoped_filter(context: Context, given: AuditTrailFilter | None) -> AuditFilter:
    """The caller's filter narrowed to its tenants; a filter reaching outside them is refused."""
    given = given or AuditTrailFilter()
    tenant_ids = context.tenant_scope()
    if given.county_number is not None:
        tenant_ids = context.county_tenants_in_scope(given.county_number, "filter.countyNumber")
    if given.municipality_number is not None:
        municipality = context.municipality_in_scope(
            given.municipality_number, "filter.municipalityNumber"
        )
        tenant_ids = (
            [municipality] if tenant_ids is None else [t for t in tenant_ids if t == municipality]
        )
    return AuditFilter(
        tenant_ids=tenant_ids,
        aggregate_id=given.aggregate_id,
        occurred_from=_moment(given.from_, "filter.from"),
        occurred_to=_moment(given.to, "filter.to"),
        actor_user_id=given.actor_user_id,
        event_types=given.event_types or None,
    )


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The audit trail (revisjonsspor) of the tenants you may see, oldest first: "
        f"who changed what, when, why and by which decision; at most {MAX_PAGE} per page"
    )
    def audit_trail(
        self,
        info: Info,
        filter: Filter = None,
        first: First = 50,
        after: After = None,
    ) -> AuditEntryConnection:
        if not 1 <= first <= MAX_PAGE:
            raise ValidationFailed("first", f"must be between 1 and {MAX_PAGE}")
        context = info.context
        where = scoped_filter(context, filter)
        cursors, listing = context.cursors, dataclasses.asdict(where)
        start = cursors.read(after, context.principal, listing) if after is not None else None
        rows = context.runtime.audit.entries(where, after=start, limit=first + 1)
        edges = [
            AuditEntryEdge(
                cursor=cursors.make(r["position"], context.principal, listing),
                node=AuditEntry.of(r, context.registry, context.principal.reads_everything),
            )
            for r in rows[:first]
        ]
        return AuditEntryConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )
