"""Counties and municipalities (fylker og kommuner) as reference data, with their programmes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Info
from domain.shared.clock import today_in_norway
from tenants import County as DomainCounty
from tenants import Municipality as DomainMunicipality
from tenants import ReferenceDataError

if TYPE_CHECKING:
    from api.graphql.programme.types import Programme

LazyProgramme = Annotated["Programme", strawberry.lazy("api.graphql.programme.types")]


@strawberry.type(
    description="Municipality (kommune): the tenant that owns a programme; its number may change"
)
class Municipality:
    id: UUID = strawberry.field(description="Stable identity (varig id), survives renumbering")
    number: str = strawberry.field(description="Municipality number (kommunenummer), 4 digits")
    name: str = strawberry.field(description="Name (kommunenavn)")
    county_number: str | None = strawberry.field(
        description="County number (fylkesnummer) the municipality belongs to"
    )

    @classmethod
    def of(cls, municipality: DomainMunicipality, on: date | None = None) -> Municipality:
        on = on or today_in_norway()
        return cls(
            id=municipality.id,
            number=municipality.number_on(on) or municipality.current_number,
            name=municipality.name,
            county_number=municipality.county_number_on(on),
        )

    @strawberry.field(
        description="Programmes (omstillingsprogrammer) this municipality takes part in that you may see"
    )
    def programmes(self, info: Info) -> list[LazyProgramme]:
        from api.graphql.programme.types import Programme

        return [
            Programme.of(row)
            for row in info.context.visible_programmes()
            if self.id in row.municipality_ids
        ]


@strawberry.type(
    description=(
        "County authority (fylkeskommune): grants restructuring status and supervises the "
        "programme; numbers change with the county reforms of 2020 and 2024"
    )
)
class County:
    number: str = strawberry.field(description="County number (fylkesnummer), 2 digits")
    name: str = strawberry.field(description="Name (fylkesnavn)")
    valid_from: date | None = strawberry.field(description="Valid from (gyldig fra)")
    valid_to: date | None = strawberry.field(description="Valid to (gyldig til)")
    on: strawberry.Private[date]

    @classmethod
    def of(cls, county: DomainCounty, on: date | None = None) -> County:
        return cls(
            number=county.number,
            name=county.name,
            valid_from=county.valid_from,
            valid_to=county.valid_to,
            on=on or today_in_norway(),
        )

    @strawberry.field(description="Counties that took over after a reform (etterfølgere)")
    def successors(self, info: Info) -> list[County]:
        registry = info.context.registry
        return [
            County.of(registry.county(n), self.on) for n in registry.county(self.number).successors
        ]

    @strawberry.field(
        description="Municipalities (kommuner) in the county on the date asked about; "
        "before 2024 they are not in the register yet"
    )
    def municipalities(self, info: Info) -> list[Municipality]:
        found = info.context.registry.municipalities_in_county(self.number, self.on)
        return [
            Municipality.of(m, self.on)
            for m in sorted(found, key=lambda m: m.number_on(self.on) or "")
        ]

    @strawberry.field(
        description="Programmes (omstillingsprogrammer) the county supervises that you may see, "
        "including those its predecessor granted before a reform"
    )
    def programmes(self, info: Info) -> list[LazyProgramme]:
        from api.graphql.programme.types import Programme

        context = info.context
        found = []
        for row in context.visible_programmes():
            try:
                supervising = context.runtime.programme_target(row, self.on).supervising_county
            except ReferenceDataError:  # the granting county had no successor yet on that date
                continue
            if supervising == self.number:
                found.append(Programme.of(row))
        return found
