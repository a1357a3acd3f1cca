"""Assessment queries, scoped: a municipality sees its own programme's assessments, a county
those of the programmes it supervises, Innovasjon Norge all."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.assessment.types import (
    AssessmentIndicator,
    AssessmentSeriesPoint,
    StatusAssessment,
    template_indicators,
)
from api.graphql.context import Context, Info
from domain.shared.errors import NotFound

ProgrammeId = Annotated[UUID, strawberry.argument(description="The programme (omstillingsprogram)")]
Year = Annotated[int, strawberry.argument(description="Year assessed (år)")]
ProgrammeIds = Annotated[
    list[UUID] | None,
    strawberry.argument(
        description="Only these programmes (omstillingsprogrammer); every one you may see if "
        "left out"
    ),
]


def scope(context: Context, programme_ids: list[UUID] | None) -> list[UUID] | None:
    """The programmes asked for, each one the principal may read (else FORBIDDEN or NOT_FOUND),
    or every programme it may see; None means all of them."""
    if programme_ids is not None:
        for programme_id in programme_ids:
            context.readable_programme(programme_id)
        return list(dict.fromkeys(programme_ids))
    if context.principal.reads_everything:
        return None
    return [r.programme_id for r in context.visible_programmes()]


@strawberry.type
class AssessmentQuery:
    @strawberry.field(
        description="The national assessment template (PSV-malen): six process and six effect "
        "indicators, scored 1 (svært svakt) to 6 (svært godt)"
    )
    def assessment_template(self) -> list[AssessmentIndicator]:
        return template_indicators()

    @strawberry.field(
        description="The programme's status assessment of a year (programstatusvurdering)"
    )
    def status_assessment(
        self, info: Info, programme_id: ProgrammeId, year: Year
    ) -> StatusAssessment:
        context = info.context
        context.readable_programme(programme_id)
        row = context.runtime.assessments.assessment_of_year(programme_id, year)
        if row is None:
            raise NotFound(f"no status assessment of {year} for programme {programme_id}")
        return StatusAssessment.of(row)

    @strawberry.field(
        description="The programme's status assessments, year by year (programstatusvurderinger)"
    )
    def status_assessments(self, info: Info, programme_id: ProgrammeId) -> list[StatusAssessment]:
        context = info.context
        context.readable_programme(programme_id)
        rows = context.runtime.assessments.assessments([programme_id])
        return [StatusAssessment.of(r) for r in rows]

    @strawberry.field(
        description="Assessment scores per programme and year, comparable across programmes "
        "(vurderingsserie): analysts see all, a county the programmes it supervises, a "
        "municipality its own"
    )
    def assessment_series(
        self, info: Info, programme_ids: ProgrammeIds = None
    ) -> list[AssessmentSeriesPoint]:
        context = info.context
        rows = context.runtime.assessments.score_series(scope(context, programme_ids))
        return [AssessmentSeriesPoint.of(r) for r in rows]
