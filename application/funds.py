"""Commands and reads of restructuring funds, mixed into `OmstillingApp`. The county's officer
grants and pays out in the grant's stream; the municipality allocates, spends and returns in
its own; the board reallocates. The rules that span aggregates are gathered here: the year's
Handlingsplan and its fund application, a project's standing, the county's figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.access import Action, Principal, Target, require_read, require_write
from domain.action_plan.model import ActionPlan, action_plan_id_for
from domain.funds.grant import ApplicationRef, Grant, ReclaimGround, grant_id_for
from domain.funds.use import GrantUse, ProjectStanding, SpendingReport, grant_use_id_for
from domain.money import Money
from domain.programme.model import Programme
from domain.project.model import Project
from domain.shared.decisions import DecisionRef
from domain.shared.errors import InvalidTransition, NotFound, ValidationFailed
from tenants import load_registry
from tenants.registry import ReferenceDataError

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from application.app import CommandResult

    _AppBase = Application[UUID]
else:
    _AppBase = object

A = TypeVar("A", bound=Aggregate)
MAX_GRANTS_PER_YEAR = 50


class FundCommands(_AppBase):
    """Tilsagn, utbetaling, tilbaketrekking og tilbakekreving (the county); fordeling,
    forbruk, omdisponering og tilbakeføring (the municipality)."""

    if TYPE_CHECKING:  # provided by OmstillingApp and ActionPlanCommands

        def _load(self, kind: type[A], aggregate_id: UUID, label: str) -> A: ...

        def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult: ...

        @staticmethod
        def _check_version(aggregate: Aggregate, expected_version: int | None) -> None: ...

        @staticmethod
        def programme_target(programme: Programme) -> Target: ...

        def _project_of(self, programme_id: UUID, field: str, code: str) -> Project: ...

    # The county's grant (tilsagn)

    def grant_funds(
        self,
        principal: Principal,
        programme_id: UUID,
        year: int,
        amount: Money,
        *,
        application_number: int | None = None,
        conditions: Iterable[str] = (),
        use_by: date | None = None,
        decision: DecisionRef | None,
        reason: str | None = None,
    ) -> CommandResult:
        """Answer the municipality's application for the year (by default its latest)."""
        programme = self._load(Programme, programme_id, "programme")
        target = self.programme_target(programme)
        require_write(principal, Action.GRANT_FUNDS, target)
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValidationFailed("year", "must be a whole year")
        first, last = programme.period_start.year, programme.period_end.year
        if not first <= year <= last:
            raise ValidationFailed("year", f"must fall in the programme's period ({first}–{last})")
        application = self._application(programme_id, year, application_number)
        earlier = self._grants_of_year(programme_id, year)
        grant = Grant.grant(
            programme_id=programme.id,
            tenant_id=programme.tenant_id,
            county_number=_deciding_county(programme, decision) or target.supervising_county,
            year=year,
            number=len(earlier) + 1,
            amount=amount,
            application=application,
            already_granted=Money.total(g.amount for g in earlier if g.application == application),
            conditions=conditions,
            use_by=use_by,
            actor=principal.actor(),
            decision=decision,
            reason=reason,
        )
        return self._save(grant, expected_new=True)

    def amend_grant(
        self,
        principal: Principal,
        grant_id: UUID,
        *,
        amount: Money | None = None,
        conditions: Iterable[str] | None = None,
        use_by: date | None = None,
        decision: DecisionRef | None,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        def amend(grant: Grant) -> None:
            others = self._grants_of_year(grant.programme_id, grant.year)
            grant.amend(
                amount=amount,
                conditions=conditions,
                use_by=use_by,
                granted_elsewhere=Money.total(
                    g.amount
                    for g in others
                    if g.id != grant.id and g.application == grant.application
                ),
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            )

        return self._change_grant(principal, grant_id, expected_version, amend)

    def disburse_grant(
        self,
        principal: Principal,
        grant_id: UUID,
        amount: Money,
        paid_on: date,
        *,
        decision: DecisionRef | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_grant(
            principal,
            grant_id,
            expected_version,
            lambda g: g.disburse(
                amount, paid_on, actor=principal.actor(), decision=decision, reason=reason
            ),
        )

    def withdraw_grant_funds(
        self,
        principal: Principal,
        grant_id: UUID,
        amount: Money,
        ground: ReclaimGround | str,
        withdrawn_on: date,
        *,
        decision: DecisionRef | None,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_grant(
            principal,
            grant_id,
            expected_version,
            lambda g: g.withdraw(
                amount,
                ground,
                withdrawn_on,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            ),
        )

    def claw_back_grant_funds(
        self,
        principal: Principal,
        grant_id: UUID,
        amount: Money,
        ground: ReclaimGround | str,
        demanded_on: date,
        *,
        decision: DecisionRef | None,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._change_grant(
            principal,
            grant_id,
            expected_version,
            lambda g: g.claw_back(
                amount,
                ground,
                demanded_on,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            ),
        )

    # The municipality's use of the grant

    def allocate_funds(
        self,
        principal: Principal,
        grant_id: UUID,
        project_code: str,
        amount: Money,
        *,
        decision: DecisionRef | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        def allocate(use: GrantUse, grant: Grant) -> None:
            project = self._standing(grant, "projectCode", project_code)
            use.allocate(
                project,
                amount,
                grant.position,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            )

        return self._use_grant(principal, grant_id, Action.USE_FUNDS, expected_version, allocate)

    def release_allocation(
        self,
        principal: Principal,
        grant_id: UUID,
        project_code: str,
        amount: Money,
        *,
        decision: DecisionRef | None = None,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        def release(use: GrantUse, grant: Grant) -> None:
            project = self._standing(grant, "projectCode", project_code)
            use.release_allocation(
                project, amount, actor=principal.actor(), decision=decision, reason=reason
            )

        return self._use_grant(principal, grant_id, Action.USE_FUNDS, expected_version, release)

    def reallocate_funds(
        self,
        principal: Principal,
        grant_id: UUID,
        from_project_code: str,
        to_project_code: str,
        amount: Money,
        effective_on: date,
        *,
        decision: DecisionRef | None,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Omdisponering: the board's decision moves funds between the year's projects."""

        def reallocate(use: GrantUse, grant: Grant) -> None:
            use.reallocate(
                self._standing(grant, "fromProjectCode", from_project_code),
                self._standing(grant, "toProjectCode", to_project_code),
                amount,
                effective_on,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            )

        return self._use_grant(
            principal, grant_id, Action.REALLOCATE_FUNDS, expected_version, reallocate
        )

    def report_spending(
        self,
        principal: Principal,
        grant_id: UUID,
        report: SpendingReport,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        def spend(use: GrantUse, grant: Grant) -> None:
            project = self._standing(grant, "projectCode", report.project_code)
            use.report_spending(
                project, report, grant.position, actor=principal.actor(), reason=reason
            )

        return self._use_grant(principal, grant_id, Action.USE_FUNDS, expected_version, spend)

    def reverse_spending(
        self,
        principal: Principal,
        grant_id: UUID,
        number: int,
        *,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        def reverse(use: GrantUse, _: Grant) -> None:
            use.reverse_spending(number, actor=principal.actor(), reason=reason)

        return self._use_grant(principal, grant_id, Action.USE_FUNDS, expected_version, reverse)

    def return_funds(
        self,
        principal: Principal,
        grant_id: UUID,
        amount: Money,
        returned_on: date,
        *,
        decision: DecisionRef | None = None,
        reason: str | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        def give_back(use: GrantUse, grant: Grant) -> None:
            use.return_funds(
                amount,
                returned_on,
                grant.position,
                actor=principal.actor(),
                decision=decision,
                reason=reason,
            )

        return self._use_grant(principal, grant_id, Action.USE_FUNDS, expected_version, give_back)

    # Reads

    def grant(self, principal: Principal, grant_id: UUID) -> Grant:
        grant = self._load(Grant, grant_id, "grant")
        programme = self._load(Programme, grant.programme_id, "programme")
        require_read(principal, self.programme_target(programme))
        return grant

    def grant_use(self, principal: Principal, grant_id: UUID) -> GrantUse | None:
        """The municipality's use of the grant; None until it is first used."""
        self.grant(principal, grant_id)
        try:
            return self._load(GrantUse, grant_use_id_for(grant_id), "use of grant")
        except NotFound:
            return None

    @staticmethod
    def grant_id_for(programme_id: UUID, year: int, number: int) -> UUID:
        return grant_id_for(programme_id, year, number)

    # Shared steps

    def _change_grant(
        self,
        principal: Principal,
        grant_id: UUID,
        expected_version: int | None,
        change: Callable[[Grant], None],
    ) -> CommandResult:
        grant = self._load(Grant, grant_id, "grant")
        programme = self._load(Programme, grant.programme_id, "programme")
        require_write(principal, Action.GRANT_FUNDS, self.programme_target(programme))
        self._check_version(grant, expected_version)
        change(grant)
        return self._save(grant)

    def _use_grant(
        self,
        principal: Principal,
        grant_id: UUID,
        action: Action,
        expected_version: int | None,
        change: Callable[[GrantUse, Grant], None],
    ) -> CommandResult:
        """The municipality's side of a grant: opened by its first use, in the same save."""
        grant = self._load(Grant, grant_id, "grant")
        programme = self._load(Programme, grant.programme_id, "programme")
        require_write(principal, action, self.programme_target(programme))
        try:
            use = self._load(GrantUse, grant_use_id_for(grant_id), "use of grant")
        except NotFound:
            use = GrantUse.open(
                grant_id=grant.id,
                programme_id=grant.programme_id,
                year=grant.year,
                tenant_id=grant.tenant_id,
                actor=principal.actor(),
            )
        self._check_version(use, expected_version)
        change(use, grant)
        return self._save(use)

    def _standing(self, grant: Grant, field: str, code: str) -> ProjectStanding:
        """The project as the use of funds sees it: its status, focus area and the
        Handlingsplan revision of the grant's year that includes it."""
        project = self._project_of(grant.programme_id, field, code)
        try:
            plan = self._load(
                ActionPlan, action_plan_id_for(grant.programme_id, grant.year), "Handlingsplan"
            )
            revision = plan.revision_including(project.code)
        except NotFound:
            revision = None
        return ProjectStanding(project.code, project.focus_area_code, project.status, revision)

    def _application(self, programme_id: UUID, year: int, number: int | None) -> ApplicationRef:
        """The fund application a grant answers: one the year's Handlingsplan records."""
        try:
            plan = self._load(ActionPlan, action_plan_id_for(programme_id, year), "Handlingsplan")
        except NotFound:
            plan = None
        if plan is None or not plan.applications:
            raise InvalidTransition(
                "no application",
                "grant funds",
                f"a grant answers the municipality's application for {year}, "
                "sent with the approved Handlingsplan",
            )
        if number is None:
            application = plan.applications[-1]
        else:
            found = [a for a in plan.applications if a.number == number]
            if not found:
                raise ValidationFailed(
                    "applicationNumber", f"the {year} Handlingsplan has no application {number}"
                )
            application = found[0]
        return ApplicationRef(plan.id, application.number, application.total)

    def _grants_of_year(self, programme_id: UUID, year: int) -> list[Grant]:
        grants: list[Grant] = []
        for number in range(1, MAX_GRANTS_PER_YEAR + 1):
            try:
                grants.append(self._load(Grant, grant_id_for(programme_id, year, number), "grant"))
            except NotFound:
                return grants
        raise ValidationFailed("year", f"at most {MAX_GRANTS_PER_YEAR} grants per programme year")


def _deciding_county(programme: Programme, decision: DecisionRef | None) -> str | None:
    """The county that supervised the programme on the decision's date: a grant made before
    the 2024 reform is Troms og Finnmark's, one after it Finnmark's."""
    if not isinstance(decision, DecisionRef):
        return None
    try:
        county = load_registry().supervising_county(
            programme.granting_county_number, programme.lead_municipality_id, decision.meeting_date
        )
    except ReferenceDataError:
        return None
    return county.number
