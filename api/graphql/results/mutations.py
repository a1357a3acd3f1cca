"""Result commands: the national steward keeps the catalogue; the municipality's editor
defines local indicators and opens series, sets baselines and targets, reports and corrects
actuals, and restricts series from publication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Context, Info
from api.graphql.results.types import (
    AddIndicatorInput,
    CorrectResultActualInput,
    DefineLocalIndicatorInput,
    Indicator,
    IndicatorCatalogue,
    IndicatorCataloguePayload,
    IndicatorCatalogueResult,
    LocalIndicatorsPayload,
    LocalIndicatorsResult,
    OpenResultSeriesInput,
    PublishStandardIndicatorCatalogueInput,
    ReportResultActualInput,
    RestrictResultSeriesInput,
    ResultSeries,
    ResultSeriesPayload,
    ResultSeriesResult,
    RetireIndicatorInput,
    RetireLocalIndicatorInput,
    ReviseIndicatorInput,
    SetResultBaselineInput,
    SetResultTargetInput,
    UnrestrictResultSeriesInput,
)
from api.graphql.shared import COMMAND
from application.app import CommandResult, OmstillingApp
from domain.results.series import SubjectKind

Run = Callable[[OmstillingApp], CommandResult]


def _catalogue(context: Context, command: Run) -> IndicatorCataloguePayload:
    result = context.runtime.command(command)
    view = context.runtime.results
    version = view.catalogue_version()
    rows = view.catalogue(version)
    return IndicatorCataloguePayload(
        catalogue=IndicatorCatalogue(
            version=version, as_of_version=version, indicators=[Indicator.of(r) for r in rows]
        ),
        version=result.version,
    )


def _local(context: Context, programme_id: UUID, command: Run) -> LocalIndicatorsPayload:
    result = context.runtime.command(command)
    rows = context.runtime.results.local_indicators([programme_id])
    return LocalIndicatorsPayload(
        indicators=[Indicator.of(r) for r in rows], version=result.version
    )


def _series(context: Context, command: Run) -> ResultSeriesPayload:
    result = context.runtime.command(command)
    row = context.runtime.results.one_series(result.aggregate_id)
    return ResultSeriesPayload(
        series=None if row is None else ResultSeries.of(row), version=result.version
    )


@strawberry.type
class ResultMutation:
    # The national catalogue

    @strawberry.mutation(
        description="Publish the standard indicators the catalogue lacks (publiser "
        "standardkatalogen); the national steward; refused when none are missing"
    )
    def publish_standard_indicator_catalogue(
        self, info: Info, input: Annotated[PublishStandardIndicatorCatalogueInput, COMMAND]
    ) -> IndicatorCatalogueResult:
        c = info.context
        return _catalogue(
            c, lambda app: app.publish_standard_catalogue(c.principal, reason=input.reason)
        )

    @strawberry.mutation(description="Add an indicator to the catalogue (ny indikator)")
    def add_indicator(
        self, info: Info, input: Annotated[AddIndicatorInput, COMMAND]
    ) -> IndicatorCatalogueResult:
        c = info.context
        indicator = input.indicator.to_domain()
        return _catalogue(
            c,
            lambda app: app.add_indicator(
                c.principal,
                indicator,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Revise an indicator into a new version (revider)")
    def revise_indicator(
        self, info: Info, input: Annotated[ReviseIndicatorInput, COMMAND]
    ) -> IndicatorCatalogueResult:
        c = info.context
        indicator = input.indicator.to_domain()
        return _catalogue(
            c,
            lambda app: app.revise_indicator(
                c.principal,
                indicator,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Retire an indicator (utgå indikator)")
    def retire_indicator(
        self, info: Info, input: Annotated[RetireIndicatorInput, COMMAND]
    ) -> IndicatorCatalogueResult:
        c = info.context
        return _catalogue(
            c,
            lambda app: app.retire_indicator(
                c.principal,
                input.code,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    # Local indicators

    @strawberry.mutation(description="Define a local indicator (ny lokal indikator)")
    def define_local_indicator(
        self, info: Info, input: Annotated[DefineLocalIndicatorInput, COMMAND]
    ) -> LocalIndicatorsResult:
        c = info.context
        indicator = input.indicator.to_domain()
        return _local(
            c,
            input.programme_id,
            lambda app: app.define_local_indicator(
                c.principal,
                input.programme_id,
                indicator,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Retire a local indicator (utgå lokal indikator)")
    def retire_local_indicator(
        self, info: Info, input: Annotated[RetireLocalIndicatorInput, COMMAND]
    ) -> LocalIndicatorsResult:
        c = info.context
        return _local(
            c,
            input.programme_id,
            lambda app: app.retire_local_indicator(
                c.principal,
                input.programme_id,
                input.code,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    # Result series

    @strawberry.mutation(description="Open a result series for a goal or project (ny måleserie)")
    def open_result_series(
        self, info: Info, input: Annotated[OpenResultSeriesInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        return _series(
            c,
            lambda app: app.open_result_series(
                c.principal,
                input.programme_id,
                SubjectKind[input.subject_kind.name],
                input.subject_code,
                input.indicator_code,
                quarterly=input.quarterly,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(description="Set the baseline (sett nullpunkt)")
    def set_result_baseline(
        self, info: Info, input: Annotated[SetResultBaselineInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        return _series(
            c,
            lambda app: app.set_result_baseline(
                c.principal,
                input.series_id,
                input.value,
                input.measured_on,
                input.source,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Set the target of a period (sett mål)")
    def set_result_target(
        self, info: Info, input: Annotated[SetResultTargetInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        period = input.period.to_domain()
        return _series(
            c,
            lambda app: app.set_result_target(
                c.principal,
                input.series_id,
                period,
                input.value,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Report the actual of a period (rapporter resultat)")
    def report_result_actual(
        self, info: Info, input: Annotated[ReportResultActualInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        period = input.period.to_domain()
        return _series(
            c,
            lambda app: app.report_result_actual(
                c.principal,
                input.series_id,
                period,
                input.value,
                input.source,
                comment=input.comment,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Correct a reported actual (korriger resultat); the earlier value stays "
        "as history"
    )
    def correct_result_actual(
        self, info: Info, input: Annotated[CorrectResultActualInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        period = input.period.to_domain()
        return _series(
            c,
            lambda app: app.correct_result_actual(
                c.principal,
                input.series_id,
                period,
                input.value,
                reason=input.reason,
                source=input.source,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Restrict a series from publication (skjerm måleserie)")
    def restrict_result_series(
        self, info: Info, input: Annotated[RestrictResultSeriesInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        return _series(
            c,
            lambda app: app.restrict_result_series(
                c.principal,
                input.series_id,
                input.legal_basis,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Lift a restriction (opphev skjerming)")
    def unrestrict_result_series(
        self, info: Info, input: Annotated[UnrestrictResultSeriesInput, COMMAND]
    ) -> ResultSeriesResult:
        c = info.context
        return _series(
            c,
            lambda app: app.unrestrict_result_series(
                c.principal,
                input.series_id,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
