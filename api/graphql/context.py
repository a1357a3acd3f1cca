"""The per-request GraphQL context: who asks, and the one place reads are scoped to them."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.fastapi import BaseContext

from api.graphql.cursors import cursors_for
from application.access import COUNTY_ROLES, Principal, can_read
from application.deployment_secret import deployment_secret
from domain.shared.errors import Forbidden, NotFound, ValidationFailed
from omstilling.runtime import Runtime
from projections.programmes import ProgrammeRow
from tenants import ReferenceDataError, Registry, load_registry


class Context(BaseContext):
    """Built per request; its memo lives and dies with the request, never shared across tenants."""

    def __init__(self, principal: Principal, runtime: Runtime) -> None:
        super().__init__()
        self.principal = principal
        self.runtime = runtime
        self.registry: Registry = load_registry()
        self.cursors = cursors_for(deployment_secret(runtime.env))
        self._visible: list[ProgrammeRow] | None = None

    def visible_programmes(self) -> list[ProgrammeRow]:
        """Every programme the principal may read, fetched once per request."""
        if self._visible is None:
            self._visible = self.runtime.visible_programmes(self.principal)
        return self._visible

    def readable_programme(self, programme_id: UUID) -> ProgrammeRow:
        """The programme, if it exists and the principal may read it."""
        row = self.runtime.programmes.programme(programme_id)
        if row is None or not can_read(self.principal, self.runtime.programme_target(row)):
            raise NotFound()  # another tenant's programme is not there for this principal
        return row

    def supervising_county(self, row: ProgrammeRow) -> str:
        return self.runtime.programme_target(row).supervising_county

    def tenant_scope(self) -> list[UUID] | None:
        """The tenants whose records the principal may read; None means every tenant."""
        return self.runtime.read_scope(self.principal).tenant_ids

    def municipality_in_scope(self, number: str, field: str) -> UUID:
        """A municipality filter: refused if unknown, forbidden outside the principal's scope."""
        try:
            municipality = self.registry.municipality_by_number(number)
        except ReferenceDataError:
            raise ValidationFailed(field, "must be a municipality number in the register") from None
        scope = self.tenant_scope()
        if scope is not None and municipality.id not in scope:
            raise Forbidden()
        return municipality.id

    def county_tenants_in_scope(self, number: str, field: str) -> list[UUID]:
        """A county filter: the tenants of the programmes that county supervises today."""
        try:
            self.registry.county(number)
        except ReferenceDataError:
            raise ValidationFailed(field, "must be a county number in the register") from None
        own_county = self.principal.role in COUNTY_ROLES and self.principal.county_number == number
        if not (self.principal.reads_everything or own_county):
            raise Forbidden()
        return sorted(
            {
                r.tenant_id
                for r in self.visible_programmes()
                if self.supervising_county(r) == number
            },
            key=str,
        )


Info = strawberry.Info[Context, None]
