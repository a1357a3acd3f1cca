"""Reference-data queries: counties and municipalities (fylker og kommuner)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.graphql.context import Info
from api.graphql.reference.types import County, Municipality
from domain.shared.clock import today_in_norway
from domain.shared.errors import NotFound
from tenants import ReferenceDataError

ValidOn = Annotated[
    date | None, strawberry.argument(description="The date asked about (gyldig på); default today")
]
MunicipalityNumber = Annotated[
    str, strawberry.argument(description="Municipality number (kommunenummer), 4 digits")
]


@strawberry.type
class ReferenceQuery:
    @strawberry.field(
        description="Counties (fylker) valid on a date (default today), each with its "
        "municipalities and the programmes you may see"
    )
    def counties(self, info: Info, valid_on: ValidOn = None) -> list[County]:
        on = valid_on or today_in_norway()
        return [County.of(c, on) for c in info.context.registry.counties_valid_on(on)]

    @strawberry.field(description="A municipality (kommune) by its number (kommunenummer)")
    def municipality(self, info: Info, number: MunicipalityNumber) -> Municipality:
        try:
            return Municipality.of(info.context.registry.municipality_by_number(number))
        except ReferenceDataError:
            raise NotFound(f"no municipality has number {number!r}") from None
