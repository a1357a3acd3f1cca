"""Population figures are imported by the national steward (forvalter) alone."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.comparison.types import (
    ImportPopulationResult,
    PopulationImport,
    PopulationImportPayload,
)
from api.graphql.context import Info


@strawberry.type
class ComparisonMutation:
    @strawberry.mutation(
        description="Import population figures (importer folketall) from a CSV file with the "
        "columns kommunenummer;år;folkemengde; the national steward only; one bad row refuses "
        "the whole file"
    )
    def import_population(
        self,
        info: Info,
        csv: Annotated[
            str, strawberry.argument(description="The file's content, UTF-8 (CSV-innhold)")
        ],
        source: Annotated[
            str,
            strawberry.argument(
                description="Source of the figures (kilde), e.g. Statistics Norway (SSB), "
                "table 07459, population 1 January"
            ),
        ],
        file_name: Annotated[str, strawberry.argument(description="The file's name (filnavn)")],
    ) -> ImportPopulationResult:
        context = info.context
        result = context.runtime.command(
            lambda app: app.import_population(
                context.principal, csv, source=source, file_name=file_name
            )
        )
        # The register opens at version 1; import n is its version n + 1.
        imports = {r.number: r for r in context.runtime.population.imports()}
        recorded = imports.get(result.version - 1)
        return PopulationImportPayload(
            imported=PopulationImport.of(recorded) if recorded else None, version=result.version
        )
