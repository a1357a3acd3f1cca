"""The municipality's use of one grant (bruk av tilsagn): allocation to the Handlingsplan's
projects, spending reported from the accounts, reallocation by the board, return of unused
funds. The municipality's own stream beside the county's grant; the county's figures it is
checked against come in as a `GrantPosition`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.action_plan.content import Financing, FundingSource
from domain.continuation.rules import require_consultant_share
from domain.funds.grant import GrantPosition
from domain.money import Money, require_amount
from domain.project.model import ProjectStatus
from domain.shared.actor import Actor
from domain.shared.dates import YEARS_AFTER, end_of_year, plausible_date, require_year
from domain.shared.decisions import DecidingBody, DecisionRef, require_decision
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import (
    TextKind,
    optional_reason,
    optional_text,
    required_reason,
    required_text,
)

GRANT_USE_NAMESPACE = UUID("7e4a2d91-c35b-4f08-9a6e-1d8b3f5c2e76")
BOARD = frozenset({DecidingBody.OMSTILLINGSSTYRET})
# Spending and allocation go to projects the board has approved and that have not ended.
FUNDABLE = frozenset({ProjectStatus.APPROVED, ProjectStatus.RUNNING})


def grant_use_id_for(grant_id: UUID) -> UUID:
    """One account of use per grant."""
    return uuid5(GRANT_USE_NAMESPACE, str(grant_id))


class SpendingCategory(StrEnum):
    PERSONNEL = "personnel"
    EXTERNAL_CONSULTANTS = "external_consultants"
    PURCHASES = "purchases"
    TRAVEL_AND_MEETINGS = "travel_and_meetings"
    BUSINESS_GRANTS = "business_grants"
    OTHER = "other"


SPENDING_CATEGORY_NB = {
    SpendingCategory.PERSONNEL: "Lønn og personalkostnader",
    SpendingCategory.EXTERNAL_CONSULTANTS: "Eksterne konsulenter",
    SpendingCategory.PURCHASES: "Kjøp av varer og tjenester",
    SpendingCategory.TRAVEL_AND_MEETINGS: "Reiser og møter",
    SpendingCategory.BUSINESS_GRANTS: "Tilskudd til bedrifter",
    SpendingCategory.OTHER: "Andre kostnader",
}


@dataclass(frozen=True)
class ProjectStanding:
    """What the use of funds needs to know of a project when it is recorded: its status, its
    focus area and the Handlingsplan revision of the grant's year that includes it (None if the
    plan in effect does not)."""

    code: str
    focus_area_code: str
    status: ProjectStatus
    plan_revision: int | None


@dataclass(frozen=True)
class SpendingLine:
    """Costs of one project for a period, from the accounts: the county's restructuring funds
    spent, and beside them what other sources paid (co-financing)."""

    number: int
    project_code: str
    focus_area_code: str
    amount: Money
    period_start: date
    period_end: date
    category: SpendingCategory
    accounts_reference: str
    co_financing: tuple[Financing, ...] = ()
    continuation_work: bool = False
    plan_revision: int | None = None
    comment: str | None = None

    @property
    def total_cost(self) -> Money:
        return self.amount + self.co_financed

    @property
    def co_financed(self) -> Money:
        return Money.total(f.amount for f in self.co_financing)

    def from_source(self, source: FundingSource) -> Money:
        return Money.total(f.amount for f in self.co_financing if f.source is source)


@dataclass(frozen=True)
class SpendingReport:
    """What the municipality reports; numbered and checked by `GrantUse.report_spending`."""

    project_code: str
    amount: Money
    period_start: date
    period_end: date
    category: SpendingCategory | str
    accounts_reference: str
    co_financing: tuple[Financing, ...] = ()
    continuation_work: bool = False
    comment: str | None = None


def _positive(field: str, value: object) -> Money:
    amount = require_amount(field, value)
    if amount.is_zero:
        raise ValidationFailed(field, "must be more than kr 0,00")
    return amount


def _category(value: SpendingCategory | str) -> SpendingCategory:
    try:
        return SpendingCategory(value)
    except ValueError:
        allowed = ", ".join(c.value for c in SpendingCategory)
        raise ValidationFailed("category", f"must be one of {allowed}") from None


def _co_financing(values: Iterable[Financing]) -> tuple[Financing, ...]:
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, Financing):
            raise ValidationFailed("coFinancing", "must list amounts per funding source")
        if item.source is FundingSource.COUNTY_RESTRUCTURING_FUNDS:
            raise ValidationFailed(
                f"coFinancing[{i}].source",
                "the county's restructuring funds are the line's amount, not co-financing",
            )
    sources = [f.source for f in items]
    if len(set(sources)) != len(sources):
        raise ValidationFailed("coFinancing", "each funding source appears once per line")
    return items


class GrantUse(Aggregate):
    """Invariants: allocated never more than the grant makes available (less what was
    returned); funds go only to approved or running projects in the year's Handlingsplan;
    spending never more than a project's allocation; reallocation only on a board decision
    with a reason, and never below what the project has spent; only unallocated funds are
    returned; Innovasjon Norge pays at most half of continuation work's consultant fees."""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"spending": tuple, "reversed": tuple}

    class Opened(Event, Aggregate.Created):
        grant_id: UUID
        programme_id: UUID
        year: int

    class Allocated(Event):
        project_code: str
        focus_area_code: str
        amount: Money
        plan_revision: int

    class AllocationReleased(Event):
        project_code: str
        focus_area_code: str
        amount: Money

    class Reallocated(Event):
        from_project_code: str
        from_focus_area_code: str
        to_project_code: str
        to_focus_area_code: str
        amount: Money
        effective_on: date
        plan_revision: int

    class SpendingReported(Event):
        spending: SpendingLine

    class SpendingReversed(Event):
        number: int

    class FundsReturned(Event):
        amount: Money
        returned_on: date

    @staticmethod
    def create_id(grant_id: UUID, **_: object) -> UUID:
        return grant_use_id_for(grant_id)

    @event(Opened)
    def __init__(
        self,
        *,
        grant_id: UUID,
        programme_id: UUID,
        year: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.grant_id = grant_id
        self.programme_id = programme_id
        self.year = year
        self.tenant_id = tenant_id
        self.allocations: dict[str, Money] = {}
        self.spending: tuple[SpendingLine, ...] = ()
        self.reversed: tuple[int, ...] = ()
        self.returned = Money.ZERO

    @classmethod
    def open(
        cls, *, grant_id: UUID, programme_id: UUID, year: int, tenant_id: UUID, actor: Actor
    ) -> GrantUse:
        """Opened with the municipality's first use of the grant."""
        return cls(
            grant_id=grant_id,
            programme_id=programme_id,
            year=require_year("year", year),
            tenant_id=tenant_id,
            actor=actor,
            reason=None,
            decision=None,
        )

    # Figures

    @property
    def allocated(self) -> Money:
        return Money.total(self.allocations.values())

    def allocation_of(self, project_code: str) -> Money:
        return self.allocations.get(project_code, Money.ZERO)

    @property
    def counted_spending(self) -> tuple[SpendingLine, ...]:
        """Spending as it stands: reversed lines no longer count."""
        return tuple(s for s in self.spending if s.number not in self.reversed)

    def spent_on(self, project_code: str) -> Money:
        return Money.total(
            s.amount for s in self.counted_spending if s.project_code == project_code
        )

    @property
    def spent(self) -> Money:
        return Money.total(s.amount for s in self.counted_spending)

    def unallocated(self, grant: GrantPosition) -> Money:
        return grant.available - self.returned - self.allocated

    # Allocation

    def allocate(
        self,
        project: ProjectStanding,
        amount: Money,
        grant: GrantPosition,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None = None,
    ) -> None:
        """Put granted funds on a project of the year's Handlingsplan."""
        amount = _positive("amount", amount)
        revision = _require_fundable(project, "projectCode", "allocate funds")
        room = self.unallocated(grant)
        if amount > room:
            raise ValidationFailed(
                "amount",
                f"cannot exceed what the grant has left to allocate ({room}); "
                "allocated must stay within granted",
            )
        self._allocate(
            project_code=project.code,
            focus_area_code=project.focus_area_code,
            amount=amount,
            plan_revision=revision,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Allocated)
    def _allocate(
        self,
        project_code: str,
        focus_area_code: str,
        amount: Money,
        plan_revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.allocations[project_code] = self.allocation_of(project_code) + amount

    def release_allocation(
        self,
        project: ProjectStanding,
        amount: Money,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None,
    ) -> None:
        """Take unspent funds off a project (e.g. it ended under budget), back to the grant."""
        amount = _positive("amount", amount)
        self._require_room_above_spent(project.code, amount, "projectCode")
        self._release_allocation(
            project_code=project.code,
            focus_area_code=project.focus_area_code,
            amount=amount,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=decision,
        )

    @event(AllocationReleased)
    def _release_allocation(
        self,
        project_code: str,
        focus_area_code: str,
        amount: Money,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.allocations[project_code] = self.allocation_of(project_code) - amount

    def _grant_day(self, field: str, day: object) -> date:
        """A day of the grant's use: from 1 January of its year to YEARS_AFTER years after."""
        return plausible_date(
            field,
            day,
            date(self.year, 1, 1),
            end_of_year(self.year + YEARS_AFTER),
            f"the grant for {self.year} is used from {self.year} and for {YEARS_AFTER} years after",
        )

    def _require_room_above_spent(self, project_code: str, amount: Money, field: str) -> None:
        if project_code not in self.allocations:
            raise ValidationFailed(
                field, f"project {project_code} has no allocation from this grant"
            )
        allocated, spent = self.allocation_of(project_code), self.spent_on(project_code)
        if allocated - amount < spent:
            raise ValidationFailed(
                "amount",
                f"would take project {project_code} below what it has spent "
                f"({spent} spent of {allocated} allocated)",
            )

    def reallocate(
        self,
        source: ProjectStanding,
        target: ProjectStanding,
        amount: Money,
        effective_on: date,
        *,
        actor: Actor,
        decision: DecisionRef | None,
        reason: str | None,
    ) -> None:
        """Move funds between projects: only on the board's decision, with a reason."""
        decision = require_decision("decision", decision, BOARD)
        reason = required_reason(reason)
        amount = _positive("amount", amount)
        self._grant_day("effectiveOn", effective_on)
        if source.code == target.code:
            raise ValidationFailed("toProjectCode", "must be another project than fromProjectCode")
        self._require_room_above_spent(source.code, amount, "fromProjectCode")
        revision = _require_fundable(target, "toProjectCode", "reallocate funds")
        self._reallocate(
            from_project_code=source.code,
            from_focus_area_code=source.focus_area_code,
            to_project_code=target.code,
            to_focus_area_code=target.focus_area_code,
            amount=amount,
            effective_on=effective_on,
            plan_revision=revision,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=reason,
            decision=decision,
        )

    @event(Reallocated)
    def _reallocate(
        self,
        from_project_code: str,
        from_focus_area_code: str,
        to_project_code: str,
        to_focus_area_code: str,
        amount: Money,
        effective_on: date,
        plan_revision: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.allocations[from_project_code] = self.allocation_of(from_project_code) - amount
        self.allocations[to_project_code] = self.allocation_of(to_project_code) + amount

    # Spending

    def report_spending(
        self,
        project: ProjectStanding,
        report: SpendingReport,
        grant: GrantPosition,
        *,
        actor: Actor,
        reason: str | None = None,
    ) -> None:
        """Costs from the accounts, on an approved or running project, within its allocation.

        A project the year's Handlingsplan no longer includes may still have costs to report;
        the line records that (plan_revision None) and the county's audit flags it."""
        if project.status not in FUNDABLE:
            raise InvalidTransition(
                project.status,
                "report spending",
                "spending is reported only on approved or running projects",
            )
        amount = require_amount("amount", report.amount)
        co_financing = _co_financing(report.co_financing)
        if amount.is_zero and not co_financing:
            raise ValidationFailed("amount", "a spending line must have a cost")
        start = plausible_date("periodStart", report.period_start)
        end = plausible_date("periodEnd", report.period_end)
        if end < start:
            raise ValidationFailed("periodEnd", "must not be before periodStart")
        if start < date(self.year, 1, 1):
            raise ValidationFailed(
                "periodStart", f"the grant for {self.year} pays costs from {self.year} on"
            )
        self._grant_day("periodEnd", end)
        if project.code not in self.allocations:
            raise ValidationFailed(
                "projectCode", f"project {project.code} has no allocation from this grant"
            )
        allocated, spent = self.allocation_of(project.code), self.spent_on(project.code)
        if spent + amount > allocated:
            raise ValidationFailed(
                "amount",
                f"project {project.code} would spend more than its allocation "
                f"({spent} spent of {allocated} allocated)",
            )
        usable = grant.available - self.returned
        if self.spent + amount > usable:
            raise ValidationFailed(
                "amount",
                f"would spend more than the grant makes available ({self.spent} spent of "
                f"{usable}); the county reduced the grant",
            )
        line = SpendingLine(
            number=len(self.spending) + 1,
            project_code=project.code,
            focus_area_code=project.focus_area_code,
            amount=amount,
            period_start=start,
            period_end=end,
            category=_category(report.category),
            accounts_reference=required_text(
                "accountsReference", report.accounts_reference, 200, kind=TextKind.LINE
            ),
            co_financing=co_financing,
            continuation_work=bool(report.continuation_work),
            plan_revision=project.plan_revision,
            comment=optional_text("comment", report.comment, 2000, kind=TextKind.MULTILINE),
        )
        self._require_consultant_share(line)
        self._report_spending(
            spending=line,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=None,
        )

    def _require_consultant_share(self, line: SpendingLine) -> None:
        """Continuation work: Innovasjon Norge at most 50 % of the project's consultant fees
        (the limit and its check live in domain/continuation/rules.py)."""
        if not line.continuation_work:
            return
        if line.category is not SpendingCategory.EXTERNAL_CONSULTANTS:
            if not line.from_source(FundingSource.INNOVASJON_NORGE).is_zero:
                raise ValidationFailed(
                    "coFinancing",
                    "in continuation work Innovasjon Norge covers external consultants' fees only",
                )
            return
        fees = [
            s
            for s in (*self.counted_spending, line)
            if s.project_code == line.project_code
            and s.continuation_work
            and s.category is SpendingCategory.EXTERNAL_CONSULTANTS
        ]
        total = Money.total(s.total_cost for s in fees)
        by_innovasjon_norge = Money.total(
            s.from_source(FundingSource.INNOVASJON_NORGE) for s in fees
        )
        # The rule's home is Videreføring's (domain/continuation/rules.py).
        require_consultant_share(
            "coFinancing", by_innovasjon_norge, total, f"project {line.project_code}"
        )

    @event(SpendingReported)
    def _report_spending(
        self,
        spending: SpendingLine,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.spending = (*self.spending, spending)

    def reverse_spending(self, number: int, *, actor: Actor, reason: str | None) -> None:
        """A line reported in error is reversed (kreditert), never overwritten."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValidationFailed("number", "must be a spending line number")
        if not 1 <= number <= len(self.spending):
            raise ValidationFailed("number", f"there is no spending line {number}")
        if number in self.reversed:
            raise InvalidTransition("reversed", "reverse the line", "it is already reversed")
        self._reverse_spending(
            number=number,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=None,
        )

    @event(SpendingReversed)
    def _reverse_spending(
        self,
        number: int,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.reversed = (*self.reversed, number)

    # Return of unused funds

    def return_funds(
        self,
        amount: Money,
        returned_on: date,
        grant: GrantPosition,
        *,
        actor: Actor,
        decision: DecisionRef | None = None,
        reason: str | None,
    ) -> None:
        """Give back funds no project holds (release a project's allocation first)."""
        amount = _positive("amount", amount)
        self._grant_day("returnedOn", returned_on)
        room = self.unallocated(grant)
        if amount > room:
            raise ValidationFailed(
                "amount",
                f"only unallocated funds can be returned ({room}); release allocations first",
            )
        self._return_funds(
            amount=amount,
            returned_on=returned_on,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=required_reason(reason),
            decision=decision,
        )

    @event(FundsReturned)
    def _return_funds(
        self,
        amount: Money,
        returned_on: date,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.returned = self.returned + amount


def _require_fundable(project: ProjectStanding, field: str, attempted: str) -> int:
    if project.status not in FUNDABLE:
        raise InvalidTransition(
            project.status, attempted, "funds go only to approved or running projects"
        )
    if project.plan_revision is None:
        raise ValidationFailed(
            field, f"project {project.code} is not in the year's approved Handlingsplan"
        )
    return project.plan_revision
