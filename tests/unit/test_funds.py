"""Restructuring funds in the domain: the county's grant (tilsagn) with its payments,
withdrawals, claw-backs and amendments, and the municipality's use of it (allocation to the
Handlingsplan's projects, spending, reallocation by the board, return of unused funds).
Every refusal names its field and rule and leaves no pending event behind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from domain.action_plan.content import Financing, FundingSource
from domain.action_plan.model import action_plan_id_for
from domain.funds.grant import (
    ApplicationRef,
    Disbursement,
    Grant,
    GrantPosition,
    ReclaimGround,
    grant_id_for,
)
from domain.funds.use import (
    GrantUse,
    ProjectStanding,
    SpendingCategory,
    SpendingReport,
    grant_use_id_for,
)
from domain.money import Money
from domain.project.model import ProjectStatus
from domain.shared.actor import Role
from domain.shared.decisions import DecisionRef
from domain.shared.errors import DomainError, InvalidTransition, ValidationFailed
from tests.factories import VAGAN, actor, decision, kr, municipality_id

TENANT = municipality_id(VAGAN)
PROGRAMME = UUID("4eadb0c1-b469-5c88-8704-4899aca1c431")
OFFICER = actor(Role.COUNTY_OFFICER, "fylke:18")
EDITOR = actor(Role.MUNICIPALITY_EDITOR, f"kommune:{TENANT}")
BOARD = actor(Role.MUNICIPALITY_BOARD, f"kommune:{TENANT}")
APPLICATION = ApplicationRef(action_plan_id_for(PROGRAMME, 2025), 1, kr("800000"))
GRANTED_ON = date(2025, 1, 20)
COUNTY_BODIES = ["fylkesutvalget", "fylkestinget", "fylkesradet", "fylkeskommunen_administrativt"]

# The projects as the use of funds sees them: status and the Handlingsplan revision including them.
P1 = ProjectStanding("P1", "I1", ProjectStatus.RUNNING, 1)
P2 = ProjectStanding("P2", "I2", ProjectStatus.APPROVED, 1)
P3_OUTSIDE_PLAN = ProjectStanding("P3", "I3", ProjectStatus.APPROVED, None)
P4_STOPPED = ProjectStanding("P4", "I1", ProjectStatus.STOPPED, 1)
P5_PROPOSED = ProjectStanding("P5", "I2", ProjectStatus.PROPOSED, 1)
P6_COMPLETED = ProjectStanding("P6", "I3", ProjectStatus.COMPLETED, 1)

E = TypeVar("E", bound=DomainError)


def county_decision(on: date = GRANTED_ON, body: str = "fylkesutvalget") -> DecisionRef:
    return decision(body, on, "2025/310-2", "Tilsagn om omstillingsmidler 2025", "PS 12/25")


def board_decision(on: date = date(2025, 6, 10), body: str = "omstillingsstyret") -> DecisionRef:
    return decision(body, on, "2025/77-9", "Omdisponering mellom prosjekter")


def new_grant(amount: object = "600000", **overrides: Any) -> Grant:
    """Grant 1 of 2025 on application 1 (kr 800 000); an amount given as text is in kroner."""
    fields: dict[str, Any] = {
        "programme_id": PROGRAMME,
        "tenant_id": TENANT,
        "county_number": "18",
        "year": 2025,
        "number": 1,
        "amount": kr(amount) if isinstance(amount, str) else amount,
        "application": APPLICATION,
        "actor": OFFICER,
        "decision": county_decision(),
    }
    fields.update(overrides)
    return Grant.grant(**fields)


def position(
    granted: str = "600000", withdrawn: str = "0", clawed_back: str = "0", disbursed: str = "0"
) -> GrantPosition:
    return GrantPosition(kr(granted), kr(withdrawn), kr(clawed_back), kr(disbursed))


def new_use(year: int = 2025) -> GrantUse:
    grant_id = grant_id_for(PROGRAMME, year, 1)
    return GrantUse.open(
        grant_id=grant_id, programme_id=PROGRAMME, year=year, tenant_id=TENANT, actor=EDITOR
    )


def report(
    project: str = "P1",
    amount: str = "100000",
    *,
    start: date = date(2025, 1, 1),
    end: date = date(2025, 3, 31),
    category: str = "personnel",
    continuation_work: bool = False,
    **co_financing: str,
) -> SpendingReport:
    return SpendingReport(
        project,
        kr(amount),
        start,
        end,
        category,
        "Bilag 2025-0412",
        tuple(Financing(FundingSource(s), kr(a)) for s, a in co_financing.items()),
        continuation_work,
    )


def refused(kind: type[E], aggregate: Aggregate, attempt: Callable[[], Any]) -> E:
    """The attempt raises `kind` and triggers no event on the aggregate."""
    pending = len(aggregate.pending_events)
    with pytest.raises(kind) as raised:
        attempt()
    assert len(aggregate.pending_events) == pending
    return raised.value


def rule_of(error: ValidationFailed) -> tuple[str, str]:
    return error.field, error.rule


# The grant (tilsagn)


def test_a_grant_on_a_county_decision_records_amount_year_number_and_application() -> None:
    grant = new_grant(conditions=("Rapport innen 1. mars",), use_by=date(2026, 12, 31))
    assert grant.id == grant_id_for(PROGRAMME, 2025, 1)
    assert (grant.year, grant.number, grant.county_number) == (2025, 1, "18")
    assert (grant.amount, grant.granted_on, grant.use_by) == (
        kr("600000"),
        GRANTED_ON,
        date(2026, 12, 31),
    )
    assert grant.application == APPLICATION
    assert grant.conditions == ("Rapport innen 1. mars",)
    assert grant.position == position()
    assert (grant.position.available, grant.position.undisbursed) == (kr("600000"), kr("600000"))
    assert [type(e) for e in grant.pending_events] == [Grant.Granted]


@pytest.mark.parametrize("body", COUNTY_BODIES)
def test_a_grant_is_decided_by_a_county_body(body: str) -> None:
    grant = new_grant(decision=county_decision(body=body))
    assert grant.decision is not None and grant.decision.body == body


@pytest.mark.parametrize("body", ["kommunestyret", "omstillingsstyret", "formannskapet"])
def test_a_grant_decided_by_a_municipal_body_is_refused(body: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        new_grant(decision=county_decision(body=body))
    assert rule_of(error.value) == (
        "decision.body",
        "must be decided by fylkeskommunen_administrativt, fylkesradet, fylkestinget, "
        "fylkesutvalget",
    )


def test_a_grant_without_a_decision_is_refused() -> None:
    with pytest.raises(ValidationFailed) as error:
        new_grant(decision=None)
    assert rule_of(error.value) == ("decision", "a decision reference is required for this step")


@pytest.mark.parametrize(
    ("amount", "rule"),
    [
        (Money(0), "must be more than kr 0,00"),
        (Money(-100), "must not be negative"),
        (500000.0, "must be an amount of money in øre, not a float"),
        (500000, "must be an amount of money (Money)"),
    ],
)
def test_a_grant_is_an_amount_of_money_above_zero(amount: object, rule: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        new_grant(amount)
    assert rule_of(error.value) == ("amount", rule)


def test_a_grant_cannot_exceed_the_application_less_earlier_grants_on_it() -> None:
    assert new_grant("800000").amount == kr("800000")
    second = new_grant("200000", number=2, already_granted=kr("600000"))
    assert (second.number, second.amount) == (2, kr("200000"))
    with pytest.raises(ValidationFailed) as error:
        new_grant("200000,01", number=2, already_granted=kr("600000"))
    assert rule_of(error.value) == (
        "amount",
        "cannot exceed what the application asks for and is not yet granted (kr 200 000,00); "
        "a larger grant needs a new application",
    )
    with pytest.raises(ValidationFailed, match="kr 0,00"):
        new_grant("0,01", number=3, already_granted=kr("800000"))


def test_use_by_cannot_be_before_the_grant_decision() -> None:
    assert new_grant(use_by=GRANTED_ON).use_by == GRANTED_ON
    with pytest.raises(ValidationFailed) as error:
        new_grant(use_by=date(2025, 1, 19))
    assert rule_of(error.value) == ("useBy", "cannot be before the grant decision")


def test_conditions_are_texts_each_listed_once() -> None:
    with pytest.raises(ValidationFailed) as twice:
        new_grant(conditions=("Rapport", "Rapport"))
    assert rule_of(twice.value) == ("conditions", "must not list the same condition twice")
    with pytest.raises(ValidationFailed) as text:
        new_grant(conditions="Rapport")
    assert text.value.field == "conditions"
    with pytest.raises(ValidationFailed) as empty:
        new_grant(conditions=("Rapport", " "))
    assert empty.value.field == "conditions[1]"


# Payments, withdrawals, claw-backs, amendments


def test_disbursed_never_exceeds_granted_less_withdrawn() -> None:
    grant = new_grant()
    grant.disburse(kr("200000"), date(2025, 2, 1), actor=OFFICER)
    grant.withdraw(
        kr("100000"),
        "unused",
        date(2025, 3, 1),
        actor=OFFICER,
        decision=county_decision(),
        reason="Prosjektet P2 utsatt",
    )
    error = refused(
        ValidationFailed,
        grant,
        lambda: grant.disburse(kr("300000,01"), date(2025, 4, 1), actor=OFFICER),
    )
    assert rule_of(error) == (
        "amount",
        "cannot exceed what is granted and not yet disbursed (kr 300 000,00)",
    )
    grant.disburse(kr("300000"), date(2025, 4, 1), actor=OFFICER)
    assert grant.disbursements == (
        Disbursement(1, kr("200000"), date(2025, 2, 1)),
        Disbursement(2, kr("300000"), date(2025, 4, 1)),
    )
    assert grant.position == position(withdrawn="100000", disbursed="500000")
    assert grant.position.undisbursed == Money.ZERO
    assert (
        refused(
            ValidationFailed,
            grant,
            lambda: grant.disburse(kr("0,01"), date(2025, 5, 1), actor=OFFICER),
        ).field
        == "amount"
    )
    assert [type(e) for e in grant.pending_events] == [
        Grant.Granted,
        Grant.Disbursed,
        Grant.Withdrawn,
        Grant.Disbursed,
    ]


def test_only_undisbursed_funds_are_withdrawn() -> None:
    grant = new_grant()
    grant.disburse(kr("450000"), date(2025, 2, 1), actor=OFFICER)
    error = refused(
        ValidationFailed,
        grant,
        lambda: grant.withdraw(
            kr("150000,01"),
            ReclaimGround.UNUSED,
            date(2025, 9, 1),
            actor=OFFICER,
            decision=county_decision(date(2025, 9, 1)),
            reason="Ubrukt",
        ),
    )
    assert rule_of(error) == (
        "amount",
        "only funds not yet disbursed can be withdrawn (kr 150 000,00); claw back the rest",
    )
    grant.withdraw(
        kr("150000"),
        ReclaimGround.UNUSED,
        date(2025, 9, 1),
        actor=OFFICER,
        decision=county_decision(date(2025, 9, 1)),
        reason="Ubrukt",
    )
    assert (grant.withdrawn, grant.position.undisbursed, grant.position.available) == (
        kr("150000"),
        Money.ZERO,
        kr("450000"),
    )


def test_only_disbursed_funds_not_yet_clawed_back_are_clawed_back() -> None:
    grant = new_grant()
    assert (
        refused(
            ValidationFailed,
            grant,
            lambda: grant.claw_back(
                kr("0,01"),
                "misused",
                date(2025, 2, 1),
                actor=OFFICER,
                decision=county_decision(),
                reason="Brukt i strid med vilkårene",
            ),
        ).rule
        == "cannot exceed what was disbursed and not yet clawed back (kr 0,00)"
    )
    grant.disburse(kr("200000"), date(2025, 2, 1), actor=OFFICER)
    grant.claw_back(
        kr("50000"),
        "misused",
        date(2025, 10, 1),
        actor=OFFICER,
        decision=county_decision(date(2025, 10, 1)),
        reason="Brukt i strid med vilkårene",
    )
    error = refused(
        ValidationFailed,
        grant,
        lambda: grant.claw_back(
            kr("150000,01"),
            "unused",
            date(2025, 11, 1),
            actor=OFFICER,
            decision=county_decision(date(2025, 11, 1)),
            reason="Ubrukt",
        ),
    )
    assert rule_of(error) == (
        "amount",
        "cannot exceed what was disbursed and not yet clawed back (kr 150 000,00)",
    )
    grant.claw_back(
        kr("150000"),
        "unused",
        date(2025, 11, 1),
        actor=OFFICER,
        decision=county_decision(date(2025, 11, 1)),
        reason="Ubrukt",
    )
    assert grant.position == position(clawed_back="200000", disbursed="200000")
    assert grant.position.available == kr("400000")
    assert grant.position.undisbursed == kr("400000")


def test_an_amendment_never_goes_below_disbursed_and_withdrawn() -> None:
    grant = new_grant()
    grant.disburse(kr("200000"), date(2025, 2, 1), actor=OFFICER)
    grant.withdraw(
        kr("100000"),
        "unused",
        date(2025, 3, 1),
        actor=OFFICER,
        decision=county_decision(),
        reason="P2 utsatt",
    )
    error = refused(
        ValidationFailed,
        grant,
        lambda: grant.amend(
            amount=kr("299999,99"),
            actor=OFFICER,
            decision=county_decision(date(2025, 4, 1)),
            reason="Redusert ramme",
        ),
    )
    assert rule_of(error) == (
        "amount",
        "cannot be less than what is already disbursed or withdrawn (kr 300 000,00)",
    )
    grant.amend(
        amount=kr("300000"),
        conditions=("Sluttrapport",),
        use_by=date(2026, 6, 30),
        actor=OFFICER,
        decision=county_decision(date(2025, 4, 1)),
        reason="Redusert ramme",
    )
    assert (grant.amount, grant.conditions, grant.use_by) == (
        kr("300000"),
        ("Sluttrapport",),
        date(2026, 6, 30),
    )
    assert grant.position.undisbursed == Money.ZERO
    assert isinstance(grant.pending_events[-1], Grant.Amended)


def test_an_amendment_that_changes_nothing_is_refused() -> None:
    grant = new_grant(conditions=("Rapport",), use_by=date(2026, 12, 31))
    for same in (
        {"amount": kr("600000")},
        {"conditions": ("Rapport",)},
        {"use_by": date(2026, 12, 31)},
        {},
    ):
        error = refused(
            ValidationFailed,
            grant,
            lambda same=same: grant.amend(  # type: ignore[misc]
                **same, actor=OFFICER, decision=county_decision(), reason="Ingen endring"
            ),
        )
        assert rule_of(error) == ("amount", "the amendment changes nothing")


@pytest.mark.parametrize(
    ("field", "attempt"),
    [
        ("paidOn", lambda g: g.disburse(kr("1000"), date(2025, 1, 19), actor=OFFICER)),
        (
            "withdrawnOn",
            lambda g: g.withdraw(
                kr("1000"),
                "unused",
                date(2025, 1, 19),
                actor=OFFICER,
                decision=county_decision(),
                reason="Ubrukt",
            ),
        ),
        (
            "demandedOn",
            lambda g: g.claw_back(
                kr("1000"),
                "unused",
                date(2025, 1, 19),
                actor=OFFICER,
                decision=county_decision(),
                reason="Ubrukt",
            ),
        ),
    ],
)
def test_dates_before_the_grant_decision_are_refused(
    field: str, attempt: Callable[[Grant], None]
) -> None:
    grant = new_grant()
    grant.disburse(kr("10000"), GRANTED_ON, actor=OFFICER)  # on the decision day itself: fine
    error = refused(ValidationFailed, grant, lambda: attempt(grant))
    assert rule_of(error) == (field, "cannot be before the grant decision (2025-01-20)")


@pytest.mark.parametrize(
    "attempt",
    [
        lambda g, **kw: g.withdraw(kr("1000"), "unused", date(2025, 3, 1), actor=OFFICER, **kw),
        lambda g, **kw: g.claw_back(kr("1000"), "unused", date(2025, 3, 1), actor=OFFICER, **kw),
        lambda g, **kw: g.amend(amount=kr("500000"), actor=OFFICER, **kw),
    ],
    ids=["withdraw", "claw_back", "amend"],
)
def test_withdrawal_claw_back_and_amendment_need_a_reason_and_a_county_decision(
    attempt: Callable[..., None],
) -> None:
    grant = new_grant()
    grant.disburse(kr("10000"), date(2025, 2, 1), actor=OFFICER)
    for reason in (None, "", "   "):
        error = refused(
            ValidationFailed,
            grant,
            lambda reason=reason: attempt(grant, decision=county_decision(), reason=reason),  # type: ignore[misc]
        )
        assert error.field == "reason"
    assert (
        refused(
            ValidationFailed, grant, lambda: attempt(grant, decision=None, reason="Begrunnelse")
        ).field
        == "decision"
    )
    assert (
        refused(
            ValidationFailed,
            grant,
            lambda: attempt(grant, decision=board_decision(), reason="Begrunnelse"),
        ).field
        == "decision.body"
    )
    attempt(grant, decision=county_decision(date(2025, 3, 1)), reason="Begrunnelse")
    assert len(grant.pending_events) == 3


def test_funds_are_taken_back_as_unused_or_misused() -> None:
    grant = new_grant()
    error = refused(
        ValidationFailed,
        grant,
        lambda: grant.withdraw(
            kr("1000"),
            "forgotten",
            date(2025, 3, 1),
            actor=OFFICER,
            decision=county_decision(),
            reason="Ubrukt",
        ),
    )
    assert rule_of(error) == ("ground", "must be one of unused, misused")


def test_an_amendment_cannot_move_use_by_before_the_grant_decision() -> None:
    grant = new_grant(use_by=date(2026, 12, 31))
    error = refused(
        ValidationFailed,
        grant,
        lambda: grant.amend(
            use_by=date(2024, 12, 31),
            actor=OFFICER,
            decision=county_decision(date(2025, 3, 1)),
            reason="Ny frist",
        ),
    )
    assert error.field == "useBy"


# The municipality's use of the grant: allocation


def test_a_grant_use_is_one_per_grant_and_opens_empty() -> None:
    use = new_use()
    assert use.id == grant_use_id_for(grant_id_for(PROGRAMME, 2025, 1))
    assert (use.allocations, use.spending, use.reversed, use.returned) == ({}, (), (), Money.ZERO)
    assert use.unallocated(position()) == kr("600000")
    assert [type(e) for e in use.pending_events] == [GrantUse.Opened]


def test_allocation_stays_within_granted_less_withdrawn_clawed_back_and_returned() -> None:
    use = new_use()
    grant = position("600000", withdrawn="100000", clawed_back="50000", disbursed="200000")
    assert grant.available == kr("450000")
    use.allocate(P1, kr("300000"), grant, actor=EDITOR)
    use.return_funds(kr("50000"), date(2025, 11, 1), grant, actor=EDITOR, reason="Ubrukt")
    assert use.unallocated(grant) == kr("100000")
    error = refused(
        ValidationFailed, use, lambda: use.allocate(P2, kr("100000,01"), grant, actor=EDITOR)
    )
    assert rule_of(error) == (
        "amount",
        "cannot exceed what the grant has left to allocate (kr 100 000,00); "
        "allocated must stay within granted",
    )
    use.allocate(P2, kr("100000"), grant, actor=EDITOR)
    assert use.allocations == {"P1": kr("300000"), "P2": kr("100000")}
    assert (use.allocated, use.unallocated(grant)) == (kr("400000"), Money.ZERO)
    assert [type(e) for e in use.pending_events] == [
        GrantUse.Opened,
        GrantUse.Allocated,
        GrantUse.FundsReturned,
        GrantUse.Allocated,
    ]


@pytest.mark.parametrize("amount", [Money(0), Money(-1), 1000.0])
def test_an_allocation_is_an_amount_above_zero(amount: object) -> None:
    use = new_use()
    error = refused(
        ValidationFailed,
        use,
        lambda: use.allocate(P1, amount, position(), actor=EDITOR),  # type: ignore[arg-type]
    )
    assert error.field == "amount"


def test_funds_go_only_to_approved_or_running_projects_in_the_years_handlingsplan() -> None:
    use = new_use()
    outside = refused(
        ValidationFailed,
        use,
        lambda: use.allocate(P3_OUTSIDE_PLAN, kr("1000"), position(), actor=EDITOR),
    )
    assert rule_of(outside) == (
        "projectCode",
        "project P3 is not in the year's approved Handlingsplan",
    )
    for project in (P4_STOPPED, P5_PROPOSED, P6_COMPLETED):
        ended = refused(
            InvalidTransition,
            use,
            lambda project=project: use.allocate(project, kr("1000"), position(), actor=EDITOR),  # type: ignore[misc]
        )
        assert (ended.current, ended.attempted) == (project.status, "allocate funds")
        assert ended.rule == "funds go only to approved or running projects"
    use.allocate(P1, kr("1000"), position(), actor=EDITOR)
    use.allocate(P2, kr("1000"), position(), actor=EDITOR)
    assert use.allocations == {"P1": kr("1000"), "P2": kr("1000")}
    allocated = use.pending_events[-1]
    assert isinstance(allocated, GrantUse.Allocated)
    assert (allocated.project_code, allocated.focus_area_code, allocated.plan_revision) == (
        "P2",
        "I2",
        1,
    )


# Spending


def allocated_use(p1: str = "300000", p2: str = "100000") -> GrantUse:
    use = new_use()
    use.allocate(P1, kr(p1), position(), actor=EDITOR)
    use.allocate(P2, kr(p2), position(), actor=EDITOR)
    return use


def test_spending_is_recorded_as_a_numbered_line_with_its_projects_standing() -> None:
    use = allocated_use()
    use.report_spending(P1, report(amount="120000", municipality="30000"), position(), actor=EDITOR)
    use.report_spending(P2, report("P2", "0", private="5000"), position(), actor=EDITOR)
    first, second = use.spending
    assert (first.number, first.project_code, first.focus_area_code, first.plan_revision) == (
        1,
        "P1",
        "I1",
        1,
    )
    assert first.category is SpendingCategory.PERSONNEL
    assert (first.amount, first.co_financed, first.total_cost) == (
        kr("120000"),
        kr("30000"),
        kr("150000"),
    )
    assert (second.number, second.amount, second.total_cost) == (2, Money.ZERO, kr("5000"))
    assert (use.spent_on("P1"), use.spent_on("P2"), use.spent) == (
        kr("120000"),
        Money.ZERO,
        kr("120000"),
    )


def test_spending_is_reported_only_on_approved_or_running_projects() -> None:
    use = allocated_use()
    for project in (P4_STOPPED, P5_PROPOSED, P6_COMPLETED):
        error = refused(
            InvalidTransition,
            use,
            lambda project=project: use.report_spending(
                project, report(project.code), position(), actor=EDITOR
            ),  # type: ignore[misc]
        )
        assert (error.current, error.attempted) == (project.status, "report spending")
        assert error.rule == "spending is reported only on approved or running projects"


def test_a_project_never_spends_more_than_its_allocation() -> None:
    use = allocated_use()
    use.report_spending(P1, report(amount="250000"), position(), actor=EDITOR)
    error = refused(
        ValidationFailed,
        use,
        lambda: use.report_spending(P1, report(amount="50000,01"), position(), actor=EDITOR),
    )
    assert rule_of(error) == (
        "amount",
        "project P1 would spend more than its allocation "
        "(kr 250 000,00 spent of kr 300 000,00 allocated)",
    )
    use.report_spending(P1, report(amount="50000"), position(), actor=EDITOR)
    assert use.spent_on("P1") == use.allocation_of("P1") == kr("300000")
    nothing = refused(
        ValidationFailed,
        use,
        lambda: use.report_spending(P3_OUTSIDE_PLAN, report("P3", "1"), position(), actor=EDITOR),
    )
    assert rule_of(nothing) == ("projectCode", "project P3 has no allocation from this grant")


@pytest.mark.parametrize(
    ("given", "field", "rule"),
    [
        (
            {"start": date(2024, 12, 31)},
            "periodStart",
            "the grant for 2025 pays costs from 2025 on",
        ),
        (
            {"start": date(2025, 3, 1), "end": date(2025, 2, 28)},
            "periodEnd",
            "must not be before periodStart",
        ),
        ({"amount": "0"}, "amount", "a spending line must have a cost"),
        (
            {"category": "entertainment"},
            "category",
            "must be one of personnel, external_consultants, purchases, travel_and_meetings, "
            "business_grants, other",
        ),
        (
            {"county_restructuring_funds": "1000"},
            "coFinancing[0].source",
            "the county's restructuring funds are the line's amount, not co-financing",
        ),
        (
            {"municipality": "1000", "county_restructuring_funds": "1000"},
            "coFinancing[1].source",
            "the county's restructuring funds are the line's amount, not co-financing",
        ),
    ],
)
def test_a_spending_line_that_breaks_a_rule_is_refused(
    given: dict[str, Any], field: str, rule: str
) -> None:
    use = allocated_use()
    error = refused(
        ValidationFailed,
        use,
        lambda: use.report_spending(P1, report(**given), position(), actor=EDITOR),
    )
    assert rule_of(error) == (field, rule)


def test_the_same_co_financing_source_appears_once_per_line() -> None:
    use = allocated_use()
    line = SpendingReport(
        "P1",
        kr("1000"),
        date(2025, 1, 1),
        date(2025, 1, 31),
        "personnel",
        "Bilag 1",
        (Financing(FundingSource.PRIVATE, kr("100")), Financing(FundingSource.PRIVATE, kr("200"))),
    )
    error = refused(
        ValidationFailed, use, lambda: use.report_spending(P1, line, position(), actor=EDITOR)
    )
    assert rule_of(error) == ("coFinancing", "each funding source appears once per line")


def test_innovasjon_norge_covers_at_most_half_of_continuation_consultant_fees_per_project() -> None:
    use = allocated_use()
    consultants: dict[str, Any] = {"category": "external_consultants", "continuation_work": True}
    # Exactly half: kr 40 000 of kr 80 000.
    use.report_spending(
        P1,
        report(amount="40000", innovasjon_norge="40000", **consultants),
        position(),
        actor=EDITOR,
    )
    # The same fees in another project, or outside continuation work, do not count.
    use.report_spending(
        P2, report("P2", "10000", innovasjon_norge="10000", **consultants), position(), actor=EDITOR
    )
    use.report_spending(
        P1,
        report(amount="1000", category="external_consultants", innovasjon_norge="9000"),
        position(),
        actor=EDITOR,
    )
    # Cumulative in P1: kr 60 000 of kr 110 000 is more than half.
    error = refused(
        ValidationFailed,
        use,
        lambda: use.report_spending(
            P1,
            report(amount="10000", innovasjon_norge="20000", **consultants),
            position(),
            actor=EDITOR,
        ),
    )
    assert rule_of(error) == (
        "coFinancing",
        "Innovasjon Norge may cover at most 50 % of the external consultant's fees in "
        "continuation work (kr 60 000,00 of kr 110 000,00 in project P1)",
    )
    # Up to exactly half again: kr 55 000 of kr 110 000.
    use.report_spending(
        P1,
        report(amount="15000", innovasjon_norge="15000", **consultants),
        position(),
        actor=EDITOR,
    )
    # One øre over.
    assert (
        refused(
            ValidationFailed,
            use,
            lambda: use.report_spending(
                P1,
                report(amount="0", innovasjon_norge="0,01", **consultants),
                position(),
                actor=EDITOR,
            ),
        ).field
        == "coFinancing"
    )
    assert len(use.spending) == 4


def test_a_reversed_consultant_line_no_longer_counts_towards_innovasjon_norges_half() -> None:
    use = allocated_use()
    consultants: dict[str, Any] = {"category": "external_consultants", "continuation_work": True}
    use.report_spending(P1, report(amount="60000", **consultants), position(), actor=EDITOR)
    use.report_spending(
        P1,
        report(amount="20000", innovasjon_norge="40000", **consultants),
        position(),
        actor=EDITOR,
    )
    use.reverse_spending(1, actor=EDITOR, reason="Feilført bilag")
    error = refused(
        ValidationFailed,
        use,
        lambda: use.report_spending(
            P1, report(amount="1", **consultants), position(), actor=EDITOR
        ),
    )
    assert "kr 40 000,00 of kr 60 001,00 in project P1" in error.rule


def test_innovasjon_norge_pays_no_other_category_of_continuation_work() -> None:
    use = allocated_use()
    for category in ("personnel", "purchases", "travel_and_meetings", "other"):
        error = refused(
            ValidationFailed,
            use,
            lambda category=category: use.report_spending(  # type: ignore[misc]
                P1,
                report(
                    amount="10000",
                    category=category,
                    continuation_work=True,
                    innovasjon_norge="1000",
                ),
                position(),
                actor=EDITOR,
            ),
        )
        assert rule_of(error) == (
            "coFinancing",
            "in continuation work Innovasjon Norge covers external consultants' fees only",
        )
    use.report_spending(
        P1,
        report(amount="10000", continuation_work=True, municipality="1000"),
        position(),
        actor=EDITOR,
    )
    use.report_spending(
        P1, report(amount="10000", innovasjon_norge="50000"), position(), actor=EDITOR
    )
    assert len(use.spending) == 2


def test_reversed_spending_no_longer_counts_and_is_reversed_once() -> None:
    use = allocated_use()
    use.report_spending(P1, report(amount="200000"), position(), actor=EDITOR)
    use.report_spending(P1, report(amount="100000"), position(), actor=EDITOR)
    use.reverse_spending(1, actor=EDITOR, reason="Feilført bilag")
    assert (use.reversed, use.spent_on("P1"), use.spent) == ((1,), kr("100000"), kr("100000"))
    assert [s.number for s in use.counted_spending] == [2]
    again = refused(
        InvalidTransition, use, lambda: use.reverse_spending(1, actor=EDITOR, reason="Igjen")
    )
    assert (again.current, again.attempted, again.rule) == (
        "reversed",
        "reverse the line",
        "it is already reversed",
    )
    for number, rule in ((3, "there is no spending line 3"), (0, "there is no spending line 0")):
        missing = refused(
            ValidationFailed,
            use,
            lambda number=number: use.reverse_spending(number, actor=EDITOR, reason="Feil"),  # type: ignore[misc]
        )
        assert rule_of(missing) == ("number", rule)
    assert (
        refused(
            ValidationFailed, use, lambda: use.reverse_spending(True, actor=EDITOR, reason="Feil")
        ).field
        == "number"
    )
    assert (
        refused(
            ValidationFailed, use, lambda: use.reverse_spending(2, actor=EDITOR, reason=None)
        ).field
        == "reason"
    )
    # The reversed line's room is free again.
    use.report_spending(P1, report(amount="200000"), position(), actor=EDITOR)
    assert use.spent_on("P1") == kr("300000")


# Reallocation, release and return


def test_the_board_reallocates_with_a_reason_and_the_figures_move() -> None:
    use = allocated_use()
    use.report_spending(P1, report(amount="120000"), position(), actor=EDITOR)
    use.reallocate(
        P1,
        P2,
        kr("180000"),
        date(2025, 6, 10),
        actor=BOARD,
        decision=board_decision(),
        reason="P2 utvidet etter gode resultater",
    )
    assert use.allocations == {"P1": kr("120000"), "P2": kr("280000")}
    assert use.allocated == kr("400000")
    moved = use.pending_events[-1]
    assert isinstance(moved, GrantUse.Reallocated)
    assert (moved.from_project_code, moved.to_project_code, moved.amount, moved.plan_revision) == (
        "P1",
        "P2",
        kr("180000"),
        1,
    )


def test_reallocation_needs_a_decision_of_the_board_and_a_reason() -> None:
    use = allocated_use()

    def move(**kw: Any) -> Callable[[], None]:
        fields: dict[str, Any] = {"decision": board_decision(), "reason": "Omdisponering"}
        fields.update(kw)
        return lambda: use.reallocate(P1, P2, kr("1000"), date(2025, 6, 10), actor=BOARD, **fields)

    assert rule_of(refused(ValidationFailed, use, move(decision=None))) == (
        "decision",
        "a decision reference is required for this step",
    )
    for body in ("kommunestyret", "prosjektstyringsgruppen", "fylkesutvalget"):
        wrong = refused(ValidationFailed, use, move(decision=board_decision(body=body)))
        assert rule_of(wrong) == ("decision.body", "must be decided by omstillingsstyret")
    for reason in (None, "", " "):
        assert refused(ValidationFailed, use, move(reason=reason)).field == "reason"
    assert len(use.pending_events) == 3


def test_reallocation_never_takes_a_project_below_what_it_has_spent() -> None:
    use = allocated_use()
    use.report_spending(P1, report(amount="250000"), position(), actor=EDITOR)
    error = refused(
        ValidationFailed,
        use,
        lambda: use.reallocate(
            P1,
            P2,
            kr("50000,01"),
            date(2025, 6, 10),
            actor=BOARD,
            decision=board_decision(),
            reason="Omdisponering",
        ),
    )
    assert rule_of(error) == (
        "amount",
        "would take project P1 below what it has spent "
        "(kr 250 000,00 spent of kr 300 000,00 allocated)",
    )
    use.reallocate(
        P1,
        P2,
        kr("50000"),
        date(2025, 6, 10),
        actor=BOARD,
        decision=board_decision(),
        reason="Omdisponering",
    )
    assert use.allocations == {"P1": kr("250000"), "P2": kr("150000")}


def test_reallocation_goes_from_an_allocated_project_to_another_fundable_one() -> None:
    use = allocated_use()

    def move(source: ProjectStanding, target: ProjectStanding) -> Callable[[], None]:
        return lambda: use.reallocate(
            source,
            target,
            kr("1000"),
            date(2025, 6, 10),
            actor=BOARD,
            decision=board_decision(),
            reason="Omdisponering",
        )

    assert rule_of(refused(ValidationFailed, use, move(P1, P1))) == (
        "toProjectCode",
        "must be another project than fromProjectCode",
    )
    assert rule_of(refused(ValidationFailed, use, move(P1, P3_OUTSIDE_PLAN))) == (
        "toProjectCode",
        "project P3 is not in the year's approved Handlingsplan",
    )
    assert rule_of(refused(ValidationFailed, use, move(P3_OUTSIDE_PLAN, P1))) == (
        "fromProjectCode",
        "project P3 has no allocation from this grant",
    )
    stopped = refused(InvalidTransition, use, move(P1, P4_STOPPED))
    assert stopped.attempted == "reallocate funds"
    # Funds leave a project that has since stopped.
    use.reallocate(
        ProjectStanding("P1", "I1", ProjectStatus.STOPPED, 1),
        P2,
        kr("1000"),
        date(2025, 6, 10),
        actor=BOARD,
        decision=board_decision(),
        reason="P1 stanset",
    )
    assert use.allocations == {"P1": kr("299000"), "P2": kr("101000")}


def test_releasing_an_allocation_never_goes_below_spent_and_needs_a_reason() -> None:
    use = allocated_use()
    use.report_spending(P1, report(amount="250000"), position(), actor=EDITOR)
    over = refused(
        ValidationFailed,
        use,
        lambda: use.release_allocation(P1, kr("50000,01"), actor=EDITOR, reason="Under budsjett"),
    )
    assert rule_of(over) == (
        "amount",
        "would take project P1 below what it has spent "
        "(kr 250 000,00 spent of kr 300 000,00 allocated)",
    )
    assert (
        refused(
            ValidationFailed,
            use,
            lambda: use.release_allocation(P1, kr("1000"), actor=EDITOR, reason=None),
        ).field
        == "reason"
    )
    assert rule_of(
        refused(
            ValidationFailed,
            use,
            lambda: use.release_allocation(P3_OUTSIDE_PLAN, kr("1"), actor=EDITOR, reason="x"),
        )
    ) == ("projectCode", "project P3 has no allocation from this grant")
    use.release_allocation(P1, kr("50000"), actor=EDITOR, reason="Under budsjett")
    assert (use.allocation_of("P1"), use.allocated, use.unallocated(position())) == (
        kr("250000"),
        kr("350000"),
        kr("250000"),
    )


def test_only_unallocated_funds_are_returned() -> None:
    use = allocated_use()
    grant = position("600000", withdrawn="50000")
    error = refused(
        ValidationFailed,
        use,
        lambda: use.return_funds(
            kr("150000,01"), date(2025, 12, 1), grant, actor=EDITOR, reason="Ubrukt"
        ),
    )
    assert rule_of(error) == (
        "amount",
        "only unallocated funds can be returned (kr 150 000,00); release allocations first",
    )
    assert (
        refused(
            ValidationFailed,
            use,
            lambda: use.return_funds(kr("1000"), date(2025, 12, 1), grant, actor=EDITOR, reason=""),
        ).field
        == "reason"
    )
    use.return_funds(kr("150000"), date(2025, 12, 1), grant, actor=EDITOR, reason="Ubrukt")
    assert (use.returned, use.unallocated(grant)) == (kr("150000"), Money.ZERO)
    assert (
        refused(
            ValidationFailed, use, lambda: use.allocate(P1, kr("0,01"), grant, actor=EDITOR)
        ).field
        == "amount"
    )


def test_spending_stays_within_what_the_grant_makes_available_after_the_county_reduced_it() -> None:
    use = allocated_use("300000", "100000")  # 400 000 allocated of a 600 000 grant
    reduced = position(granted="600000", withdrawn="350000")  # 250 000 left available
    use.report_spending(P1, report(amount="200000"), reduced, actor=EDITOR)
    error = refused(
        ValidationFailed,
        use,
        lambda: use.report_spending(P2, report("P2", "50000,01"), reduced, actor=EDITOR),
    )
    assert rule_of(error) == (
        "amount",
        "would spend more than the grant makes available (kr 200 000,00 spent of "
        "kr 250 000,00); the county reduced the grant",
    )
    use.report_spending(P2, report("P2", "50000"), reduced, actor=EDITOR)
    assert use.spent == kr("250000")
