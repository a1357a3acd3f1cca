"""Project queries, scoped to what the principal may read."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Info
from api.graphql.project.types import Prioritisation, Project
from domain.shared.clock import today_in_norway

ProgrammeId = Annotated[UUID, strawberry.argument(description="The programme (omstillingsprogram)")]
Code = Annotated[str, strawberry.argument(description="Project code (prosjektkode)")]
On = Annotated[
    date | None,
    strawberry.argument(
        description="Judge milestones late on this date (per dato); today in Norway by default"
    ),
]


@strawberry.type
class ProjectQuery:
    @strawberry.field(description="The programme's projects (tiltak), by code")
    def projects(self, info: Info, programme_id: ProgrammeId, on: On = None) -> list[Project]:
        context = info.context
        context.readable_programme(programme_id)
        day = on or today_in_norway()
        return [
            Project.of_row(r, day)
            for r in context.runtime.projects.projects(programme_id=programme_id)
        ]

    @strawberry.field(description="One project (tiltak) by its code; null if none")
    def project(
        self, info: Info, programme_id: ProgrammeId, code: Code, on: On = None
    ) -> Project | None:
        context = info.context
        context.readable_programme(programme_id)
        row = context.runtime.projects.project_by_code(programme_id, code)
        return Project.of_row(row, on or today_in_norway()) if row else None

    @strawberry.field(
        description="The ranking each prioritisation decision recorded (prioriteringer), oldest "
        "first, with its weights and decision"
    )
    def project_ranking(self, info: Info, programme_id: ProgrammeId) -> list[Prioritisation]:
        context = info.context
        context.readable_programme(programme_id)
        return [
            Prioritisation.of(r) for r in context.runtime.projects.prioritisations(programme_id)
        ]
