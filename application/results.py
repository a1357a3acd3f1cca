"""Commands and reads of indicators and results, mixed into `OmstillingApp`. The national
steward keeps the catalogue; a municipality's editor defines local indicators and reports
results for its programme's goals and projects. The rules spanning aggregates live here: a
goal must be in the plan, a project in the programme, an indicator active in the catalogue
or the programme's own register, and a local code never shadows a catalogue code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.access import (
    Action,
    Principal,
    Target,
    require_national_write,
    require_read,
    require_write,
)
from domain.plan.content import Goal
from domain.plan.model import Omstillingsplan, plan_id_for
from domain.programme.model import Programme
from domain.project.model import Project
from domain.results.catalogue import (
    CATALOGUE_ID,
    IndicatorCatalogue,
    LocalIndicators,
    local_indicators_id_for,
)
from domain.results.indicators import Indicator, require_code
from domain.results.series import (
    IndicatorRef,
    IndicatorSource,
    Period,
    ResultSeries,
    SubjectKind,
    result_series_id_for,
)
from domain.results.standard import STANDARD_CATALOGUE
from domain.shared.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from application.app import CommandResult

    _AppBase = Application[UUID]
else:
    _AppBase = object

A = TypeVar("A", bound=Aggregate)


class ResultCommands(_AppBase):
    """Indikatorkatalog, lokale indikatorer og måleserier (nullpunkt, mål, faktiske resultater,
    korrigeringer og skjerming)."""

    if TYPE_CHECKING:  # provided by OmstillingApp and ActionPlanCommands

        def _load(self, kind: type[A], aggregate_id: UUID, label: str) -> A: ...

        def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult: ...

        @staticmethod
        def _check_version(aggregate: Aggregate, expected_version: int | None) -> None: ...

        @staticmethod
        def programme_target(programme: Programme) -> Target: ...

        def _project_of(self, programme_id: UUID, field: str, code: str) -> Project: ...

    # The national catalogue (indikatorkatalog)

    def publish_standard_catalogue(
        self, principal: Principal, *, reason: str | None = None
    ) -> CommandResult:
        """Add the standard indicators the catalogue lacks; refused when it lacks none."""
        require_national_write(principal, Action.MANAGE_INDICATOR_CATALOGUE)
        catalogue = self._catalogue_or_new(principal)
        catalogue.add_missing(
            STANDARD_CATALOGUE,
            actor=principal.actor(),
            reason=reason or "Standardkatalogen publisert",
        )
        return self._save(catalogue)

    def add_indicator(
        self,
        principal: Principal,
        indicator: Indicator,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        require_national_write(principal, Action.MANAGE_INDICATOR_CATALOGUE)
        catalogue = self._catalogue_or_new(principal)
        self._check_version(catalogue, expected_version)
        catalogue.add(indicator, actor=principal.actor(), reason=reason)
        return self._save(catalogue)

    def revise_indicator(
        self,
        principal: Principal,
        indicator: Indicator,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        require_national_write(principal, Action.MANAGE_INDICATOR_CATALOGUE)
        catalogue = self._load(IndicatorCatalogue, CATALOGUE_ID, "indicator catalogue")
        self._check_version(catalogue, expected_version)
        catalogue.revise(indicator, actor=principal.actor(), reason=reason)
        return self._save(catalogue)

    def retire_indicator(
        self,
        principal: Principal,
        code: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        require_national_write(principal, Action.MANAGE_INDICATOR_CATALOGUE)
        catalogue = self._load(IndicatorCatalogue, CATALOGUE_ID, "indicator catalogue")
        self._check_version(catalogue, expected_version)
        catalogue.retire(code, actor=principal.actor(), reason=reason)
        return self._save(catalogue)

    def indicator_catalogue(self) -> IndicatorCatalogue | None:
        """National reference data: every principal may read it."""
        try:
            return self._load(IndicatorCatalogue, CATALOGUE_ID, "indicator catalogue")
        except NotFound:
            return None

    def _catalogue_or_new(self, principal: Principal) -> IndicatorCatalogue:
        return self.indicator_catalogue() or IndicatorCatalogue.establish(actor=principal.actor())

    # Local indicators (lokale indikatorer)

    def define_local_indicator(
        self,
        principal: Principal,
        programme_id: UUID,
        indicator: Indicator,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.DEFINE_LOCAL_INDICATOR, self.programme_target(programme))
        catalogue = self.indicator_catalogue()
        if (
            isinstance(indicator, Indicator)
            and catalogue is not None
            and indicator.code in catalogue.versions
        ):
            raise ValidationFailed(
                "code", f"{indicator.code} is a code of the national catalogue: use that one"
            )
        register = self._local_or_new(principal, programme)
        self._check_version(register, expected_version)
        register.define(indicator, actor=principal.actor(), reason=reason)
        return self._save(register)

    def revise_local_indicator(
        self,
        principal: Principal,
        programme_id: UUID,
        indicator: Indicator,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_local(
            principal,
            programme_id,
            expected_version,
            lambda r: r.revise(indicator, actor=principal.actor(), reason=reason),
        )

    def retire_local_indicator(
        self,
        principal: Principal,
        programme_id: UUID,
        code: str,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_local(
            principal,
            programme_id,
            expected_version,
            lambda r: r.retire(code, actor=principal.actor(), reason=reason),
        )

    def local_indicators(self, principal: Principal, programme_id: UUID) -> LocalIndicators | None:
        programme = self._load(Programme, programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        try:
            return self._load(
                LocalIndicators, local_indicators_id_for(programme_id), "local indicators"
            )
        except NotFound:
            return None

    def _local_or_new(self, principal: Principal, programme: Programme) -> LocalIndicators:
        try:
            return self._load(
                LocalIndicators, local_indicators_id_for(programme.id), "local indicators"
            )
        except NotFound:
            return LocalIndicators.open(
                programme_id=programme.id, tenant_id=programme.tenant_id, actor=principal.actor()
            )

    def _change_local(
        self,
        principal: Principal,
        programme_id: UUID,
        expected_version: int | None,
        change: Callable[[LocalIndicators], None],
    ) -> CommandResult:
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.DEFINE_LOCAL_INDICATOR, self.programme_target(programme))
        register = self._load(
            LocalIndicators, local_indicators_id_for(programme_id), "local indicators"
        )
        self._check_version(register, expected_version)
        change(register)
        return self._save(register)

    # Result series (måleserier)

    def open_result_series(
        self,
        principal: Principal,
        programme_id: UUID,
        subject_kind: SubjectKind | str,
        subject_code: str,
        indicator_code: str,
        *,
        quarterly: bool = False,
        reason: str | None = None,
    ) -> CommandResult:
        """A series for a goal of the plan or a project of the programme, on an active
        indicator of the catalogue or of the programme's own register."""
        programme = self._load(Programme, programme_id, "programme")
        require_write(principal, Action.REPORT_RESULTS, self.programme_target(programme))
        try:
            kind = SubjectKind(subject_kind)
        except ValueError:
            raise ValidationFailed("subjectKind", "must be goal or project") from None
        code = require_code("indicatorCode", indicator_code)
        project_id = None
        if kind is SubjectKind.GOAL:
            subject_code = self._goal_of(programme_id, subject_code).code
        else:
            project = self._project_of(programme_id, "subjectCode", subject_code)
            subject_code, project_id = project.code, project.id
        series = ResultSeries.open(
            programme_id=programme.id,
            tenant_id=programme.tenant_id,
            subject_kind=kind,
            subject_code=subject_code,
            project_id=project_id,
            indicator=self._indicator_ref(programme_id, code),
            period_start=programme.period_start,
            period_end=programme.period_end,
            quarterly=quarterly,
            actor=principal.actor(),
            reason=reason,
        )
        return self._save(series, expected_new=True)

    def set_result_baseline(
        self,
        principal: Principal,
        series_id: UUID,
        value: object,
        measured_on: date,
        source: str,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_series(
            principal,
            series_id,
            expected_version,
            lambda s, _: s.set_baseline(
                value, measured_on, source, actor=principal.actor(), reason=reason
            ),
        )

    def set_result_target(
        self,
        principal: Principal,
        series_id: UUID,
        period: Period,
        value: object,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_series(
            principal,
            series_id,
            expected_version,
            lambda s, within: s.set_target(
                period, value, actor=principal.actor(), reason=reason, within=within
            ),
        )

    def report_result_actual(
        self,
        principal: Principal,
        series_id: UUID,
        period: Period,
        value: object,
        source: str,
        *,
        comment: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_series(
            principal,
            series_id,
            expected_version,
            lambda s, within: s.report_actual(
                period, value, source, comment=comment, actor=principal.actor(), within=within
            ),
        )

    def correct_result_actual(
        self,
        principal: Principal,
        series_id: UUID,
        period: Period,
        value: object,
        *,
        reason: str | None,
        source: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_series(
            principal,
            series_id,
            expected_version,
            lambda s, within: s.correct_actual(
                period, value, reason=reason, source=source, actor=principal.actor(), within=within
            ),
        )

    def restrict_result_series(
        self,
        principal: Principal,
        series_id: UUID,
        legal_basis: str,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_series(
            principal,
            series_id,
            expected_version,
            lambda s, _: s.restrict(legal_basis, actor=principal.actor(), reason=reason),
        )

    def unrestrict_result_series(
        self,
        principal: Principal,
        series_id: UUID,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_series(
            principal,
            series_id,
            expected_version,
            lambda s, _: s.unrestrict(actor=principal.actor(), reason=reason),
        )

    def result_series(self, principal: Principal, series_id: UUID) -> ResultSeries:
        series = self._load(ResultSeries, series_id, "result series")
        programme = self._load(Programme, series.programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return series

    @staticmethod
    def result_series_id_for(
        programme_id: UUID, subject_kind: SubjectKind | str, subject_code: str, indicator: str
    ) -> UUID:
        return result_series_id_for(programme_id, subject_kind, subject_code, indicator)

    def _change_series(
        self,
        principal: Principal,
        series_id: UUID,
        expected_version: int | None,
        change: Callable[[ResultSeries, tuple[date, date]], None],
    ) -> CommandResult:
        series = self._load(ResultSeries, series_id, "result series")
        programme = self._load(Programme, series.programme_id, "programme")
        require_write(principal, Action.REPORT_RESULTS, self.programme_target(programme))
        self._check_version(series, expected_version)
        change(series, (programme.period_start, programme.period_end))
        return self._save(series)

    def _goal_of(self, programme_id: UUID, code: str) -> Goal:
        """A goal of the plan's current content: the main goal or a focus area's sub-goal."""
        code = code.strip() if isinstance(code, str) else code
        try:
            plan = self._load(Omstillingsplan, plan_id_for(programme_id), "plan")
        except NotFound:
            raise ValidationFailed(
                "subjectCode", "the programme has no Omstillingsplan with goals yet"
            ) from None
        content = plan.content
        goals = [content.main_goal] if content.main_goal is not None else []
        goals += [g for area in content.focus_areas for g in area.goals]
        found = [g for g in goals if g.code == code]
        if not found:
            raise ValidationFailed("subjectCode", f"the Omstillingsplan has no goal {code!r}")
        if len(found) > 1:
            raise ValidationFailed(
                "subjectCode", f"the Omstillingsplan has more than one goal {code!r}"
            )
        return found[0]

    def _indicator_ref(self, programme_id: UUID, code: str) -> IndicatorRef:
        catalogue = self.indicator_catalogue()
        register: IndicatorCatalogue | LocalIndicators | None
        if catalogue is not None and code in catalogue.versions:
            register, source = catalogue, IndicatorSource.CATALOGUE
        else:
            try:
                register = self._load(
                    LocalIndicators, local_indicators_id_for(programme_id), "local indicators"
                )
            except NotFound:
                register = None
            source = IndicatorSource.LOCAL
            if register is None or code not in register.versions:
                raise ValidationFailed(
                    "indicatorCode",
                    f"{code} is neither in the national catalogue nor a local indicator",
                )
        if code in register.retired:
            raise ValidationFailed("indicatorCode", f"{code} is retired and takes no new series")
        indicator = register.current(code)
        assert indicator is not None  # the code is in the register
        return IndicatorRef(
            code=code,
            source=source,
            version=register.version_of(code),
            name_nb=indicator.name_nb,
            unit=indicator.unit,
            kind=indicator.kind,
            level=indicator.level,
        )
