"""Restructuring funds through the application, on SQLite and PostgreSQL: the county's grant
answers the year's application and is paid out, withdrawn, clawed back and amended by the
supervising county; the municipality allocates, spends and returns, its board reallocates;
every refusal names its rule and writes nothing; the 2024 county reform decides whose grant it
is; stale writers get a conflict; a long account reloads from its snapshot unchanged."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from application.access import Principal
from application.app import CommandResult, OmstillingApp
from domain.action_plan.content import CommunicationActivity, FundingSource, Strategy
from domain.action_plan.model import FundLine
from domain.funds.grant import Grant, GrantPosition
from domain.funds.use import GrantUse, SpendingCategory, grant_use_id_for
from domain.project.model import ProjectStatus
from domain.shared.decisions import DecisionRef
from domain.shared.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from omstilling.eventstore import event_store_env
from tenants import load_registry
from tests.factories import (
    BATSFJORD,
    FINNMARK,
    MELOY,
    NORDLAND,
    TROMS,
    TROMS_OG_FINNMARK,
    board,
    clerk,
    county_auditor,
    county_officer,
    decision,
    editor,
    fresh_database,
    grant_decision,
    kr,
    national_analyst,
    plan_in_force,
    project_measure,
    project_scores,
    propose_project,
    reader,
    reallocation_decision,
    refusal_for,
    spending,
    vagan_ready_for_funds,
    weights,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
    url = request.getfixturevalue("fresh_postgres_url")
    return event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))


@pytest.fixture
def app(env: dict[str, str]) -> Iterator[OmstillingApp]:
    application = OmstillingApp(env=env)
    yield application
    application.close()


def log_head(app: OmstillingApp) -> int:
    return app.recorder.max_notification_id() or 0


def written_since(app: OmstillingApp, head: int) -> list[int]:
    """The notification ids recorded after `head` (PostgreSQL's ids are not consecutive)."""
    new = app.recorder.select_notifications(start=head, limit=100, inclusive_of_start=False)
    return [n.id for n in new]


def event_names(app: OmstillingApp, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregate_id)]


def county_decision(on: date, case: str = "2025/310-9", title: str = "Vedtak") -> DecisionRef:
    return decision("fylkesutvalget", on, case, title)


def granted(app: OmstillingApp, programme: UUID, amount: str = "800000", **kw: Any) -> UUID:
    """Nordland's grant for Vågan's 2025 Handlingsplan, decided 20.01.2025."""
    kw.setdefault("decision", grant_decision())
    return app.grant_funds(county_officer(), programme, 2025, kr(amount), **kw).aggregate_id


# The shared story: Vågan 2025 with one grant in use. Tests on it only read or are refused.


@dataclass(frozen=True)
class World:
    """Grant 1 of 2025: kr 600 000 of the kr 800 000 applied for, kr 200 000 paid out. In use:
    P1 kr 300 000 and P2 kr 100 000 allocated, kr 50 000 returned, kr 150 000 unallocated.
    Spent: line 1 P1 kr 120 000; line 2 P2 kr 100 000 (all of it); line 3 P1 kr 10 000,
    reversed; line 4 P1 kr 40 000 of continuation consultants' fees with kr 40 000 from
    Innovasjon Norge (exactly half). P3 is approved but not in the Handlingsplan; 2026 has
    a Handlingsplan in draft without an application, 2027 none."""

    app: OmstillingApp
    programme: UUID
    grant: UUID
    ids: dict[str, UUID]


def tell_the_funds_story(app: OmstillingApp) -> World:
    ids = vagan_ready_for_funds(app)
    programme, ed = ids["programme"], editor()
    app.draft_action_plan(ed, programme, 2026, reason="Neste års plan")
    grant = granted(
        app,
        programme,
        "600000",
        conditions=("Årsrapport innen 1. mars 2026",),
        use_by=date(2026, 12, 31),
    )
    app.disburse_grant(county_officer(), grant, kr("200000"), date(2025, 2, 1))
    app.allocate_funds(ed, grant, "P1", kr("300000"))
    app.allocate_funds(ed, grant, "P2", kr("100000"))
    app.report_spending(ed, grant, spending("P1", "120000"))
    app.report_spending(ed, grant, spending("P2", "100000", category="purchases"))
    app.report_spending(ed, grant, spending("P1", "10000"))
    app.reverse_spending(ed, grant, 3, reason="Bilaget hører til P2 i 2024")
    app.report_spending(
        ed,
        grant,
        spending(
            "P1",
            "40000",
            category="external_consultants",
            continuation_work=True,
            innovasjon_norge="40000",
        ),
    )
    app.return_funds(ed, grant, kr("50000"), date(2025, 11, 1), reason="Ubrukte midler")
    return World(app, programme, grant, ids)


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    path = tmp_path_factory.mktemp("funds")

    def build(env: dict[str, str]) -> Iterator[World]:
        application = OmstillingApp(env=env)
        try:
            yield tell_the_funds_story(application)
        finally:
            application.close()

    if request.param == "sqlite":
        yield from build(event_store_env(None, sqlite_path=str(path / "events.sqlite")))
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield from build(event_store_env(url, sqlite_path=str(path / "unused.sqlite")))


def test_the_grant_and_its_use_carry_the_recorded_figures(world: World) -> None:
    app, gid = world.app, world.grant
    grant = app.grant(county_auditor(), gid)
    assert (grant.version, grant.year, grant.number, grant.county_number) == (2, 2025, 1, NORDLAND)
    assert grant.position == GrantPosition(kr("600000"), kr("0"), kr("0"), kr("200000"))
    assert (grant.application.application_number, grant.application.applied_for) == (
        1,
        kr("800000"),
    )
    use = app.grant_use(reader(), gid)
    assert use is not None
    assert use.version == 9
    assert use.allocations == {"P1": kr("300000"), "P2": kr("100000")}
    assert (use.spent_on("P1"), use.spent_on("P2"), use.spent) == (
        kr("160000"),
        kr("100000"),
        kr("260000"),
    )
    assert [s.number for s in use.counted_spending] == [1, 2, 4]
    assert (use.reversed, use.returned, use.unallocated(grant.position)) == (
        (3,),
        kr("50000"),
        kr("150000"),
    )
    assert [s.plan_revision for s in use.spending] == [1, 1, 1, 1]
    consultants = use.spending[3]  # accepted at exactly half by Innovasjon Norge
    assert (consultants.continuation_work, consultants.category) == (
        True,
        SpendingCategory.EXTERNAL_CONSULTANTS,
    )
    assert (consultants.from_source(FundingSource.INNOVASJON_NORGE), consultants.total_cost) == (
        kr("40000"),
        kr("80000"),
    )
    assert event_names(app, use.id) == [
        "Opened",
        "Allocated",
        "Allocated",
        "SpendingReported",
        "SpendingReported",
        "SpendingReported",
        "SpendingReversed",
        "SpendingReported",
        "FundsReturned",
    ]


# Every refusal names its rule and writes nothing.


@dataclass(frozen=True)
class Refusal:
    name: str
    attempt: Callable[[World], object]
    kind: type[DomainError]
    field: str | None = None
    rule: str | None = None


def grant_more(amount: Any = None, year: int = 2025, **kw: Any) -> Callable[[World], object]:
    kw.setdefault("decision", grant_decision(date(2025, 3, 4), "2025/310-7"))
    value = kr("100000") if amount is None else kr(amount) if isinstance(amount, str) else amount
    return lambda w: w.app.grant_funds(county_officer(), w.programme, year, value, **kw)


def withdraw(amount: str = "1000", **kw: Any) -> Callable[[World], object]:
    fields: dict[str, Any] = {
        "decision": county_decision(date(2025, 9, 1)),
        "reason": "Prosjektet er utsatt",
    }
    fields.update(kw)
    on = fields.pop("on", date(2025, 9, 1))
    return lambda w: w.app.withdraw_grant_funds(
        county_officer(), w.grant, kr(amount), "unused", on, **fields
    )


def claw_back(amount: str = "1000", **kw: Any) -> Callable[[World], object]:
    fields: dict[str, Any] = {
        "decision": county_decision(date(2025, 10, 1)),
        "reason": "Brukt i strid med vilkårene",
    }
    fields.update(kw)
    on = fields.pop("on", date(2025, 10, 1))
    return lambda w: w.app.claw_back_grant_funds(
        county_officer(), w.grant, kr(amount), "misused", on, **fields
    )


def amend(**kw: Any) -> Callable[[World], object]:
    fields: dict[str, Any] = {
        "decision": county_decision(date(2025, 4, 1)),
        "reason": "Endret ramme",
    }
    fields.update(kw)
    return lambda w: w.app.amend_grant(county_officer(), w.grant, **fields)


def spend(*args: Any, **kw: Any) -> Callable[[World], object]:
    return lambda w: w.app.report_spending(editor(), w.grant, spending(*args, **kw))


def reallocate(source: str, target: str, amount: str, **kw: Any) -> Callable[[World], object]:
    fields: dict[str, Any] = {"decision": reallocation_decision(), "reason": "Omdisponering"}
    fields.update(kw)
    return lambda w: w.app.reallocate_funds(
        board(), w.grant, source, target, kr(amount), date(2025, 6, 10), **fields
    )


NOT_IN_PLAN = "project P3 is not in the year's approved Handlingsplan"
NOT_COUNTY_FUNDS = "the county's restructuring funds are the line's amount, not co-financing"

GRANT_REFUSALS = [
    Refusal(
        "a grant decided by the municipal council",
        grant_more(decision=decision("kommunestyret", date(2025, 3, 4), "2025/310-7", "Tilsagn")),
        ValidationFailed,
        "decision.body",
        "must be decided by fylkeskommunen_administrativt, fylkesradet, fylkestinget, "
        "fylkesutvalget",
    ),
    Refusal(
        "a grant without a decision",
        grant_more(decision=None),
        ValidationFailed,
        "decision",
        "a decision reference is required for this step",
    ),
    Refusal(
        "a grant of kr 0", grant_more("0"), ValidationFailed, "amount", "must be more than kr 0,00"
    ),
    Refusal(
        "a grant as a float",
        grant_more(100000.0),
        ValidationFailed,
        "amount",
        "must be an amount of money in øre, not a float",
    ),
    Refusal(
        "a second grant beyond what the application has left",
        grant_more("200000,01"),
        ValidationFailed,
        "amount",
        "cannot exceed what the application asks for and is not yet granted (kr 200 000,00); "
        "a larger grant needs a new application",
    ),
    Refusal(
        "a year before the programme period",
        grant_more(year=2022),
        ValidationFailed,
        "year",
        "must fall in the programme's period (2023–2029)",
    ),
    Refusal(
        "a year after the programme period",
        grant_more(year=2030),
        ValidationFailed,
        "year",
        "must fall in the programme's period (2023–2029)",
    ),
    Refusal(
        "a year that is not a whole year",
        grant_more(year="2025"),  # type: ignore[arg-type]
        ValidationFailed,
        "year",
        "must be a whole year",
    ),
    Refusal(
        "a year without a Handlingsplan",
        grant_more(year=2027),
        InvalidTransition,
        None,
        "a grant answers the municipality's application for 2027, "
        "sent with the approved Handlingsplan",
    ),
    Refusal(
        "a Handlingsplan without an application",
        grant_more(year=2026),
        InvalidTransition,
        None,
        "a grant answers the municipality's application for 2026, "
        "sent with the approved Handlingsplan",
    ),
    Refusal(
        "an application the Handlingsplan does not have",
        grant_more(application_number=2),
        ValidationFailed,
        "applicationNumber",
        "the 2025 Handlingsplan has no application 2",
    ),
    Refusal(
        "use by before the grant decision",
        grant_more(use_by=date(2025, 3, 3)),
        ValidationFailed,
        "useBy",
        "cannot be before the grant decision",
    ),
    Refusal(
        "a payment beyond what is not yet paid out",
        lambda w: w.app.disburse_grant(
            county_officer(), w.grant, kr("400000,01"), date(2025, 6, 1)
        ),
        ValidationFailed,
        "amount",
        "cannot exceed what is granted and not yet disbursed (kr 400 000,00)",
    ),
    Refusal(
        "a payment before the grant decision",
        lambda w: w.app.disburse_grant(county_officer(), w.grant, kr("1000"), date(2025, 1, 19)),
        ValidationFailed,
        "paidOn",
        "cannot be before the grant decision (2025-01-20)",
    ),
    Refusal(
        "a withdrawal of paid-out funds",
        withdraw("400000,01"),
        ValidationFailed,
        "amount",
        "only funds not yet disbursed can be withdrawn (kr 400 000,00); claw back the rest",
    ),
    Refusal("a withdrawal without a reason", withdraw(reason=None), ValidationFailed, "reason"),
    Refusal(
        "a withdrawal without a decision",
        withdraw(decision=None),
        ValidationFailed,
        "decision",
        "a decision reference is required for this step",
    ),
    Refusal(
        "a withdrawal decided by the board",
        withdraw(decision=reallocation_decision()),
        ValidationFailed,
        "decision.body",
    ),
    Refusal(
        "a withdrawal dated before the grant decision",
        withdraw(on=date(2025, 1, 19)),
        ValidationFailed,
        "withdrawnOn",
        "cannot be before the grant decision (2025-01-20)",
    ),
    Refusal(
        "a claw-back of more than was paid out",
        claw_back("200000,01"),
        ValidationFailed,
        "amount",
        "cannot exceed what was disbursed and not yet clawed back (kr 200 000,00)",
    ),
    Refusal("a claw-back without a reason", claw_back(reason=" "), ValidationFailed, "reason"),
    Refusal(
        "a claw-back dated before the grant decision",
        claw_back(on=date(2025, 1, 1)),
        ValidationFailed,
        "demandedOn",
        "cannot be before the grant decision (2025-01-20)",
    ),
    Refusal(
        "an amendment below what is paid out",
        amend(amount=kr("199999,99")),
        ValidationFailed,
        "amount",
        "cannot be less than what is already disbursed or withdrawn (kr 200 000,00)",
    ),
    Refusal(
        "an amendment that changes nothing",
        amend(amount=kr("600000"), conditions=("Årsrapport innen 1. mars 2026",)),
        ValidationFailed,
        "amount",
        "the amendment changes nothing",
    ),
    Refusal(
        "an amendment without a reason",
        amend(amount=kr("500000"), reason=None),
        ValidationFailed,
        "reason",
    ),
    Refusal(
        "a grant that does not exist",
        lambda w: w.app.amend_grant(
            county_officer(),
            w.app.grant_id_for(w.programme, 2025, 9),
            amount=kr("1000"),
            decision=grant_decision(),
            reason="Endring",
        ),
        NotFound,
    ),
]

USE_REFUSALS = [
    Refusal(
        "an allocation beyond what the grant has left",
        lambda w: w.app.allocate_funds(editor(), w.grant, "P2", kr("150000,01")),
        ValidationFailed,
        "amount",
        "cannot exceed what the grant has left to allocate (kr 150 000,00); "
        "allocated must stay within granted",
    ),
    Refusal(
        "an allocation to an approved project outside the Handlingsplan",
        lambda w: w.app.allocate_funds(editor(), w.grant, "P3", kr("1000")),
        ValidationFailed,
        "projectCode",
        NOT_IN_PLAN,
    ),
    Refusal(
        "an allocation to a project the programme lacks",
        lambda w: w.app.allocate_funds(editor(), w.grant, "P9", kr("1000")),
        ValidationFailed,
        "projectCode",
        "the programme has no project 'P9'",
    ),
    Refusal(
        "an allocation of kr 0",
        lambda w: w.app.allocate_funds(editor(), w.grant, "P1", kr("0")),
        ValidationFailed,
        "amount",
        "must be more than kr 0,00",
    ),
    Refusal(
        "spending beyond the project's allocation",
        spend("P1", "140000,01"),
        ValidationFailed,
        "amount",
        "project P1 would spend more than its allocation "
        "(kr 160 000,00 spent of kr 300 000,00 allocated)",
    ),
    Refusal(
        "spending on a project that has spent its allocation",
        spend("P2", "0,01"),
        ValidationFailed,
        "amount",
        "project P2 would spend more than its allocation "
        "(kr 100 000,00 spent of kr 100 000,00 allocated)",
    ),
    Refusal(
        "spending on a project without an allocation",
        spend("P3", "1000"),
        ValidationFailed,
        "projectCode",
        "project P3 has no allocation from this grant",
    ),
    Refusal(
        "spending from before the grant's year",
        spend("P1", "1000", start=date(2024, 12, 1)),
        ValidationFailed,
        "periodStart",
        "the grant for 2025 pays costs from 2025 on",
    ),
    Refusal(
        "co-financing that names the county's restructuring funds",
        spend("P1", "1000", county_restructuring_funds="500"),
        ValidationFailed,
        "coFinancing[0].source",
        NOT_COUNTY_FUNDS,
    ),
    Refusal(
        "Innovasjon Norge above half of the project's continuation consultant fees",
        spend(
            "P1",
            "10000",
            category="external_consultants",
            continuation_work=True,
            innovasjon_norge="10000,02",
        ),
        ValidationFailed,
        "coFinancing",
        "Innovasjon Norge may cover at most 50 % of the external consultant's fees in "
        "continuation work (kr 50 000,02 of kr 100 000,02 in project P1)",
    ),
    Refusal(
        "Innovasjon Norge on continuation work that is not consultant fees",
        spend("P1", "10000", continuation_work=True, innovasjon_norge="1000"),
        ValidationFailed,
        "coFinancing",
        "in continuation work Innovasjon Norge covers external consultants' fees only",
    ),
    Refusal(
        "reversing a reversed line",
        lambda w: w.app.reverse_spending(editor(), w.grant, 3, reason="Igjen"),
        InvalidTransition,
        None,
        "it is already reversed",
    ),
    Refusal(
        "reversing a line that does not exist",
        lambda w: w.app.reverse_spending(editor(), w.grant, 9, reason="Feil"),
        ValidationFailed,
        "number",
        "there is no spending line 9",
    ),
    Refusal(
        "reversing without a reason",
        lambda w: w.app.reverse_spending(editor(), w.grant, 1, reason=None),
        ValidationFailed,
        "reason",
    ),
    Refusal(
        "a reallocation without a decision",
        reallocate("P1", "P2", "1000", decision=None),
        ValidationFailed,
        "decision",
        "a decision reference is required for this step",
    ),
    Refusal(
        "a reallocation decided by the municipal council",
        reallocate(
            "P1",
            "P2",
            "1000",
            decision=decision("kommunestyret", date(2025, 6, 12), "2025/77-9", "Omdisponering"),
        ),
        ValidationFailed,
        "decision.body",
        "must be decided by omstillingsstyret",
    ),
    Refusal(
        "a reallocation without a reason",
        reallocate("P1", "P2", "1000", reason=""),
        ValidationFailed,
        "reason",
    ),
    Refusal(
        "a reallocation below what the project has spent",
        reallocate("P2", "P1", "0,01"),
        ValidationFailed,
        "amount",
        "would take project P2 below what it has spent "
        "(kr 100 000,00 spent of kr 100 000,00 allocated)",
    ),
    Refusal(
        "a reallocation to a project outside the Handlingsplan",
        reallocate("P1", "P3", "1000"),
        ValidationFailed,
        "toProjectCode",
        NOT_IN_PLAN,
    ),
    Refusal(
        "a reallocation from a project without an allocation",
        reallocate("P3", "P1", "1000"),
        ValidationFailed,
        "fromProjectCode",
        "project P3 has no allocation from this grant",
    ),
    Refusal(
        "a release below what the project has spent",
        lambda w: w.app.release_allocation(
            editor(), w.grant, "P1", kr("140000,01"), reason="Under budsjett"
        ),
        ValidationFailed,
        "amount",
        "would take project P1 below what it has spent "
        "(kr 160 000,00 spent of kr 300 000,00 allocated)",
    ),
    Refusal(
        "a release without a reason",
        lambda w: w.app.release_allocation(editor(), w.grant, "P1", kr("1000"), reason=None),
        ValidationFailed,
        "reason",
    ),
    Refusal(
        "a return of allocated funds",
        lambda w: w.app.return_funds(
            editor(), w.grant, kr("150000,01"), date(2025, 12, 1), reason="Ubrukt"
        ),
        ValidationFailed,
        "amount",
        "only unallocated funds can be returned (kr 150 000,00); release allocations first",
    ),
    Refusal(
        "a return without a reason",
        lambda w: w.app.return_funds(editor(), w.grant, kr("1000"), date(2025, 12, 1), reason=None),
        ValidationFailed,
        "reason",
    ),
]


@pytest.mark.parametrize("case", GRANT_REFUSALS + USE_REFUSALS, ids=lambda c: c.name)
def test_a_refused_command_names_its_rule_and_writes_nothing(world: World, case: Refusal) -> None:
    before = log_head(world.app)
    with pytest.raises(case.kind) as refused:
        case.attempt(world)
    error = refused.value
    if case.field is not None:
        assert isinstance(error, ValidationFailed)
        assert error.field == case.field
    if case.rule is not None:
        assert isinstance(error, ValidationFailed | InvalidTransition)
        assert error.rule == case.rule
    assert log_head(world.app) == before


# Roles and scope


def label(who: Principal) -> str:
    """'county_officer of 18', 'municipality_editor of 1865', 'national_analyst'."""
    if who.county_number:
        return f"{who.role.value} of {who.county_number}"
    if who.municipality_id is not None:
        number = load_registry().municipality(who.municipality_id).current_number
        return f"{who.role.value} of {number}"
    return who.role.value


def other_county_officer() -> Principal:
    return county_officer(TROMS)


def reallocate_one_krone(w: World, p: Principal) -> object:
    return w.app.reallocate_funds(
        p,
        w.grant,
        "P1",
        "P2",
        kr("1"),
        date(2025, 6, 10),
        decision=reallocation_decision(),
        reason="x",
    )


REFUSED_WRITES: list[tuple[str, Principal, Callable[[World, Principal], object]]] = [
    *(
        (
            f"{label(who)} grants",
            who,
            lambda w, p: w.app.grant_funds(
                p, w.programme, 2025, kr("1000"), decision=grant_decision()
            ),
        )
        for who in (
            county_auditor(),
            national_analyst(),
            reader(),
            editor(),
            board(),
            clerk(),
            county_officer(TROMS),
        )
    ),
    (
        "an officer of another county pays out",
        other_county_officer(),
        lambda w, p: w.app.disburse_grant(p, w.grant, kr("1"), date(2025, 6, 1)),
    ),
    (
        "an officer of another county amends",
        county_officer(FINNMARK),
        lambda w, p: w.app.amend_grant(
            p, w.grant, amount=kr("500000"), decision=grant_decision(), reason="Endring"
        ),
    ),
    (
        "the municipality's editor pays out",
        editor(),
        lambda w, p: w.app.disburse_grant(p, w.grant, kr("1"), date(2025, 6, 1)),
    ),
    (
        "the municipality's editor withdraws",
        editor(),
        lambda w, p: w.app.withdraw_grant_funds(
            p,
            w.grant,
            kr("1"),
            "unused",
            date(2025, 6, 1),
            decision=grant_decision(),
            reason="x",
        ),
    ),
    (
        "the board allocates",
        board(),
        lambda w, p: w.app.allocate_funds(p, w.grant, "P1", kr("1")),
    ),
    (
        "the county officer allocates",
        county_officer(),
        lambda w, p: w.app.allocate_funds(p, w.grant, "P1", kr("1")),
    ),
    (
        "a reader allocates",
        reader(),
        lambda w, p: w.app.allocate_funds(p, w.grant, "P1", kr("1")),
    ),
    (
        "the editor of 1837 allocates the grant of 1865",
        editor(MELOY),
        lambda w, p: w.app.allocate_funds(p, w.grant, "P1", kr("1")),
    ),
    (
        "the editor of 1837 reports spending on the grant of 1865",
        editor(MELOY),
        lambda w, p: w.app.report_spending(p, w.grant, spending("P1", "1")),
    ),
    (
        "the clerk reverses spending",
        clerk(),
        lambda w, p: w.app.reverse_spending(p, w.grant, 1, reason="Feil"),
    ),
    (
        "the board returns funds",
        board(),
        lambda w, p: w.app.return_funds(p, w.grant, kr("1"), date(2025, 12, 1), reason="x"),
    ),
    ("the editor reallocates", editor(), reallocate_one_krone),
    ("the county officer reallocates", county_officer(), reallocate_one_krone),
    ("the board of 1837 reallocates the grant of 1865", board(MELOY), reallocate_one_krone),
]


@pytest.mark.parametrize(
    ("who", "attempt"),
    [(who, a) for _, who, a in REFUSED_WRITES],
    ids=[n for n, _, _ in REFUSED_WRITES],
)
def test_only_the_right_role_in_scope_writes_funds(
    world: World, who: Principal, attempt: Callable[[World, Principal], object]
) -> None:
    """A principal who sees the grant but lacks the role is forbidden; one outside its scope
    (another municipality, another county) finds no such grant."""
    before = log_head(world.app)
    with pytest.raises(refusal_for(world.app, who, world.programme)):
        attempt(world, who)
    assert log_head(world.app) == before


@pytest.mark.parametrize(
    "who",
    [
        county_officer(),
        county_auditor(),
        national_analyst(),
        reader(),
        editor(),
        board(),
        clerk(),
    ],
    ids=label,
)
def test_the_grant_and_its_use_are_read_within_scope(world: World, who: Principal) -> None:
    assert world.app.grant(who, world.grant).id == world.grant
    use = world.app.grant_use(who, world.grant)
    assert use is not None and use.allocated == kr("400000")


@pytest.mark.parametrize(
    "who",
    [editor(MELOY), reader(MELOY), board(MELOY), county_officer(TROMS), county_auditor(FINNMARK)],
    ids=label,
)
def test_a_principal_of_another_municipality_or_county_reads_no_grant(
    world: World, who: Principal
) -> None:
    with pytest.raises(NotFound):
        world.app.grant(who, world.grant)
    with pytest.raises(NotFound):
        world.app.grant_use(who, world.grant)


# Concurrency


def test_a_stale_expected_version_is_a_conflict_and_writes_nothing(world: World) -> None:
    app, gid = world.app, world.grant
    before = log_head(app)
    with pytest.raises(Conflict) as on_grant:
        app.disburse_grant(county_officer(), gid, kr("1000"), date(2025, 6, 1), expected_version=1)
    assert (on_grant.value.expected, on_grant.value.actual) == (1, 2)
    with pytest.raises(Conflict) as on_use:
        app.allocate_funds(editor(), gid, "P2", kr("1000"), expected_version=8)
    assert (on_use.value.expected, on_use.value.actual) == (8, 9)
    with pytest.raises(Conflict):
        app.reallocate_funds(
            board(),
            gid,
            "P1",
            "P2",
            kr("1000"),
            date(2025, 6, 10),
            decision=reallocation_decision(),
            reason="Omdisponering",
            expected_version=1,
        )
    assert log_head(app) == before


class RacingApp(OmstillingApp):
    """Waits at the barrier after loading and checking, right before saving: a true race."""

    name = OmstillingApp.name  # the same log, not one named after this class

    def __init__(self, *args: Any, barrier: threading.Barrier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.barrier = barrier

    def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult:
        self.barrier.wait(timeout=15)
        return super()._save(aggregate, expected_new=expected_new)


def race(
    env: dict[str, str], command: Callable[[OmstillingApp, int], CommandResult]
) -> list[CommandResult | Exception]:
    """Run `command` in two apps at once; both load and check before either saves."""
    start, save = threading.Barrier(2), threading.Barrier(2)
    racers = [RacingApp(env=env, barrier=save) for _ in range(2)]
    outcomes: list[CommandResult | Exception] = []
    lock = threading.Lock()

    def run(racer: RacingApp, n: int) -> None:
        start.wait(timeout=15)
        try:
            outcome: CommandResult | Exception = command(racer, n)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcome = error
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(r, n)) for n, r in enumerate(racers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        for racer in racers:
            racer.close()
    return outcomes


def test_two_officers_granting_at_once_make_one_grant_and_one_conflict(
    app: OmstillingApp, env: dict[str, str]
) -> None:
    programme = vagan_ready_for_funds(app)["programme"]
    before = log_head(app)

    outcomes = race(
        env,
        lambda a, n: a.grant_funds(
            county_officer(),
            programme,
            2025,
            kr("400000"),
            decision=grant_decision(),
            reason=f"Saksbehandler {n}",
        ),
    )

    wins = [o for o in outcomes if isinstance(o, CommandResult)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(wins), len(conflicts)) == (1, 1), outcomes
    assert "already exists" in str(conflicts[0])
    assert wins[0].aggregate_id == app.grant_id_for(programme, 2025, 1)
    assert written_since(app, before) == list(wins[0].notification_ids)
    with pytest.raises(NotFound):
        app.grant(county_officer(), app.grant_id_for(programme, 2025, 2))


def test_two_spending_lines_at_once_never_together_exceed_the_allocation(
    app: OmstillingApp, env: dict[str, str]
) -> None:
    gid = granted(app, vagan_ready_for_funds(app)["programme"])
    app.allocate_funds(editor(), gid, "P1", kr("100000"))
    before = log_head(app)

    outcomes = race(env, lambda a, n: a.report_spending(editor(), gid, spending("P1", "60000")))

    wins = [o for o in outcomes if isinstance(o, CommandResult)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(wins), len(conflicts)) == (1, 1), outcomes
    assert "changed by someone else" in str(conflicts[0])
    use = app.grant_use(editor(), gid)
    assert use is not None
    assert (use.spent_on("P1"), len(use.spending)) == (kr("60000"), 1)
    assert written_since(app, before) == list(wins[0].notification_ids)


# Commands that write, each on its own Vågan


def test_grants_are_numbered_per_programme_year_within_what_the_application_asks(
    app: OmstillingApp,
) -> None:
    ids = vagan_ready_for_funds(app)
    programme, officer = ids["programme"], county_officer()
    first = app.grant_funds(officer, programme, 2025, kr("600000"), decision=grant_decision())
    assert first.aggregate_id == app.grant_id_for(programme, 2025, 1)
    assert (first.version, len(first.notification_ids)) == (1, 1)
    assert app.grant_use(reader(), first.aggregate_id) is None
    before = log_head(app)
    with pytest.raises(ValidationFailed, match=r"not yet granted \(kr 200 000,00\)"):
        app.grant_funds(officer, programme, 2025, kr("200000,01"), decision=grant_decision())
    assert log_head(app) == before

    second = app.grant_funds(
        officer,
        programme,
        2025,
        kr("200000"),
        decision=grant_decision(date(2025, 3, 4), "2025/310-7"),
    ).aggregate_id
    grant = app.grant(officer, second)
    assert (grant.number, grant.year, grant.county_number, grant.amount) == (
        2,
        2025,
        NORDLAND,
        kr("200000"),
    )
    assert (grant.application.application_number, grant.application.applied_for) == (
        1,
        kr("800000"),
    )
    with pytest.raises(ValidationFailed, match=r"not yet granted \(kr 0,00\)"):
        app.grant_funds(officer, programme, 2025, kr("0,01"), decision=grant_decision())

    # A further application opens room of its own: grant 3 answers it.
    app.apply_for_funds(
        editor(),
        ids["plan"],
        date(2025, 3, 10),
        [FundLine("P2", kr("150000"))],
        reason="Tilleggssøknad for P2",
    )
    third = app.grant(
        officer,
        app.grant_funds(
            officer,
            programme,
            2025,
            kr("150000"),
            decision=grant_decision(date(2025, 4, 8), "2025/310-11"),
        ).aggregate_id,
    )
    assert (third.number, third.application.application_number, third.amount) == (
        3,
        2,
        kr("150000"),
    )
    with pytest.raises(ValidationFailed, match=r"not yet granted \(kr 0,00\)"):
        app.grant_funds(
            officer, programme, 2025, kr("1"), application_number=2, decision=grant_decision()
        )


def test_the_county_pays_out_withdraws_claws_back_and_amends_its_grant(
    app: OmstillingApp,
) -> None:
    gid = granted(app, vagan_ready_for_funds(app)["programme"], "600000")
    officer = county_officer()
    app.disburse_grant(officer, gid, kr("250000"), date(2025, 2, 1))
    app.withdraw_grant_funds(
        officer,
        gid,
        kr("100000"),
        "unused",
        date(2025, 9, 1),
        decision=county_decision(date(2025, 9, 1), "2025/310-20"),
        reason="Prosjektet P2 er utsatt",
    )
    app.claw_back_grant_funds(
        officer,
        gid,
        kr("50000"),
        "misused",
        date(2025, 10, 1),
        decision=county_decision(date(2025, 10, 1), "2025/310-22"),
        reason="Midler brukt til drift",
    )
    before = log_head(app)
    with pytest.raises(ValidationFailed, match=r"disbursed or withdrawn \(kr 350 000,00\)"):
        app.amend_grant(
            officer,
            gid,
            amount=kr("349999,99"),
            decision=county_decision(date(2025, 11, 4)),
            reason="Ramme redusert",
        )
    assert log_head(app) == before
    result = app.amend_grant(
        officer,
        gid,
        amount=kr("350000"),
        conditions=("Sluttrapport innen 1. mars 2026",),
        decision=county_decision(date(2025, 11, 4)),
        reason="Ramme redusert",
    )
    assert (result.version, len(result.notification_ids)) == (5, 1)

    grant = app.grant(county_auditor(), gid)
    assert grant.position == GrantPosition(kr("350000"), kr("100000"), kr("50000"), kr("250000"))
    assert (grant.position.available, grant.position.undisbursed) == (kr("200000"), kr("0"))
    assert grant.conditions == ("Sluttrapport innen 1. mars 2026",)
    assert event_names(app, gid) == ["Granted", "Disbursed", "Withdrawn", "ClawedBack", "Amended"]
    withdrawn = list(app.events.get(gid))[2]
    assert isinstance(withdrawn, Grant.Withdrawn) and withdrawn.decision is not None
    assert (withdrawn.reason, withdrawn.decision.archive_case_number) == (
        "Prosjektet P2 er utsatt",
        "2025/310-20",
    )
    assert withdrawn.actor.tenant == "fylke:18"


def test_the_editor_allocates_spends_and_returns_and_the_board_reallocates(
    app: OmstillingApp,
) -> None:
    gid = granted(app, vagan_ready_for_funds(app)["programme"])
    ed = editor()
    opened = app.allocate_funds(ed, gid, "P1", kr("500000"))
    assert (opened.aggregate_id, opened.version, len(opened.notification_ids)) == (
        grant_use_id_for(gid),
        2,
        2,
    )
    app.allocate_funds(ed, gid, "P2", kr("200000"))
    app.report_spending(ed, gid, spending("P1", "200000"))
    app.reallocate_funds(
        board(),
        gid,
        "P1",
        "P2",
        kr("100000"),
        date(2025, 6, 10),
        decision=reallocation_decision(),
        reason="P2 utvidet etter gode resultater",
    )
    app.release_allocation(ed, gid, "P2", kr("50000"), reason="P2 under budsjett")
    app.return_funds(ed, gid, kr("150000"), date(2025, 12, 1), reason="Ubrukte midler")

    use = app.grant_use(county_auditor(), gid)
    grant = app.grant(county_auditor(), gid)
    assert use is not None
    assert use.allocations == {"P1": kr("400000"), "P2": kr("250000")}
    assert (use.allocated, use.spent, use.returned) == (kr("650000"), kr("200000"), kr("150000"))
    assert use.unallocated(grant.position) == kr("0")
    assert event_names(app, use.id) == [
        "Opened",
        "Allocated",
        "Allocated",
        "SpendingReported",
        "Reallocated",
        "AllocationReleased",
        "FundsReturned",
    ]
    moved = list(app.events.get(use.id))[4]
    assert isinstance(moved, GrantUse.Reallocated)
    assert moved.decision is not None
    assert (moved.decision.body, moved.actor.role) == ("omstillingsstyret", board().role)


def test_a_stopped_project_takes_no_more_funds_but_gives_back_what_it_holds(
    app: OmstillingApp,
) -> None:
    ids = vagan_ready_for_funds(app)
    gid = granted(app, ids["programme"])
    app.allocate_funds(editor(), gid, "P2", kr("200000"))
    app.report_spending(editor(), gid, spending("P2", "50000"))
    app.stop_project(
        board(),
        ids["P2"],
        date(2025, 5, 2),
        reason="Markedet for vinterprodukter falt bort",
        decision=decision("omstillingsstyret", date(2025, 5, 2), "2025/77-8", "Stans av P2"),
    )
    before = log_head(app)
    with pytest.raises(InvalidTransition) as no_spending:
        app.report_spending(editor(), gid, spending("P2", "1000"))
    assert (no_spending.value.current, no_spending.value.attempted) == (
        ProjectStatus.STOPPED,
        "report spending",
    )
    with pytest.raises(InvalidTransition) as no_allocation:
        app.allocate_funds(editor(), gid, "P2", kr("1000"))
    assert no_allocation.value.attempted == "allocate funds"
    assert log_head(app) == before

    app.release_allocation(editor(), gid, "P2", kr("150000"), reason="Prosjektet er stanset")
    use = app.grant_use(editor(), gid)
    assert use is not None
    assert (use.allocation_of("P2"), use.spent_on("P2")) == (kr("50000"), kr("50000"))


# Across the 2024 county reform: Båtsfjord, granted by Troms og Finnmark, under Finnmark now


@dataclass(frozen=True)
class Batsfjord:
    app: OmstillingApp
    programme: UUID
    grants: dict[str, UUID]


def register_batsfjord_2021(app: OmstillingApp) -> UUID:
    """As the demo: status granted by Troms og Finnmark (54) in 2021, recorded by Finnmark."""
    return app.register_programme(
        county_officer(FINNMARK),
        granting_county_number=TROMS_OG_FINNMARK,
        name="Omstilling Båtsfjord 2021–2027",
        kind="sudden_employment_loss",
        lead_municipality_number=BATSFJORD,
        period_start=date(2021, 7, 1),
        period_end=date(2027, 6, 30),
        decision=decision(
            "fylkesutvalget",
            date(2021, 3, 16),
            "2021/1187-4",
            "Omstillingsstatus for Båtsfjord kommune",
            "PS 31/21",
        ),
    ).aggregate_id


def applied_action_plan(app: OmstillingApp, programme: UUID, year: int) -> UUID:
    """Båtsfjord's Handlingsplan for `year` with P1 and P2, decided, approved and applied for
    (kr 800 000) in December of the year before."""
    ed = editor(BATSFJORD)
    plan = app.draft_action_plan(ed, programme, year, reason="Handlingsplan").aggregate_id
    app.put_action_plan_measure(
        ed,
        plan,
        project_measure("P1", "I1", "1000000", county_restructuring_funds="600000"),
        reason="Hovedsatsing",
    )
    app.put_action_plan_measure(
        ed,
        plan,
        project_measure("P2", "I2", "400000", county_restructuring_funds="200000"),
        reason="Nytt prosjekt",
    )
    app.put_action_plan_strategy(ed, plan, Strategy("I1", "Sjømat og havbruk"), reason="Strategi")
    for section, text in (
        ("earlier_results", "Nye arbeidsplasser i sjømatnæringen."),
        ("resources_and_financing", "Omstillingsmidler fra fylkeskommunen; kommunen 25 %."),
    ):
        app.revise_action_plan_section(ed, plan, section, text, reason="Tekst")
    app.set_action_plan_communication_plan(
        ed,
        plan,
        (
            CommunicationActivity(
                "Folkemøte", "Innbyggere", date(year, 3, 12), "Folkemøte", "Daglig leder"
            ),
        ),
        reason="Kommunikasjonsplan",
    )
    app.decide_action_plan(
        board(BATSFJORD),
        plan,
        decision=decision(
            "omstillingsstyret", date(year - 1, 11, 20), f"{year - 1}/77-4", "Handlingsplan"
        ),
    )
    app.approve_action_plan(
        clerk(BATSFJORD),
        plan,
        decision=decision(
            "kommunestyret", date(year - 1, 12, 12), f"{year - 1}/77-9", "Handlingsplan"
        ),
    )
    app.apply_for_funds(ed, plan, date(year - 1, 12, 15), reason="Søknad om omstillingsmidler")
    return plan


def tell_batsfjords_grants(app: OmstillingApp) -> Batsfjord:
    programme = register_batsfjord_2021(app)
    plan_in_force(app, programme, number=BATSFJORD)
    ed, styre = editor(BATSFJORD), board(BATSFJORD)
    projects = {
        code: propose_project(app, programme, code, area, number=BATSFJORD)
        for code, area in (("P1", "I1"), ("P2", "I2"))
    }
    for project in projects.values():
        app.score_project(ed, project, project_scores(4, 3, 3, 2), reason="Styreseminar")
    app.prioritise_projects(
        styre,
        programme,
        list(projects),
        weights(),
        decision=decision("omstillingsstyret", date(2022, 10, 15), "2022/77-2", "Prioritering"),
    )
    for code, project in projects.items():
        app.approve_project(
            styre,
            project,
            decision=decision(
                "omstillingsstyret", date(2022, 11, 8), "2022/77-6", f"Mandat {code}"
            ),
        )
    for year in (2023, 2024):
        applied_action_plan(app, programme, year)
    officer = county_officer(FINNMARK)

    def grant(year: int, on: date, amount: str) -> UUID:
        return app.grant_funds(
            officer,
            programme,
            year,
            kr(amount),
            decision=county_decision(on, f"{on.year}/310-2", f"Tilsagn {year}"),
        ).aggregate_id

    grants = {
        "2023 decided 2023": grant(2023, date(2023, 1, 24), "500000"),
        "2023 decided 2024": grant(2023, date(2024, 2, 6), "100000"),
        "2024 decided 2024": grant(2024, date(2024, 1, 23), "800000"),
    }
    # Finnmark pays out on the grant its predecessor decided; Båtsfjord puts it to use.
    app.disburse_grant(officer, grants["2023 decided 2023"], kr("250000"), date(2024, 3, 1))
    app.allocate_funds(ed, grants["2023 decided 2023"], "P1", kr("300000"))
    return Batsfjord(app, programme, grants)


@pytest.fixture(scope="module", params=BACKENDS)
def batsfjord(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Batsfjord]:
    path = tmp_path_factory.mktemp("batsfjord")

    def build(env: dict[str, str]) -> Iterator[Batsfjord]:
        application = OmstillingApp(env=env)
        try:
            yield tell_batsfjords_grants(application)
        finally:
            application.close()

    if request.param == "sqlite":
        yield from build(event_store_env(None, sqlite_path=str(path / "events.sqlite")))
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield from build(event_store_env(url, sqlite_path=str(path / "unused.sqlite")))


def test_a_grant_belongs_to_the_county_that_decided_it_across_the_reform(
    batsfjord: Batsfjord,
) -> None:
    officer = county_officer(FINNMARK)
    numbers = {
        name: batsfjord.app.grant(officer, gid).county_number
        for name, gid in batsfjord.grants.items()
    }
    assert numbers == {
        "2023 decided 2023": TROMS_OG_FINNMARK,
        "2023 decided 2024": FINNMARK,
        "2024 decided 2024": FINNMARK,
    }
    assert [batsfjord.app.grant(officer, g).number for g in batsfjord.grants.values()] == [1, 2, 1]


def test_finnmark_supervises_and_uses_the_grants_of_its_predecessor(batsfjord: Batsfjord) -> None:
    app, earlier = batsfjord.app, batsfjord.grants["2023 decided 2023"]
    for who in (county_officer(FINNMARK), county_auditor(FINNMARK), editor(BATSFJORD)):
        assert app.grant(who, earlier).year == 2023
    assert app.grant(county_auditor(FINNMARK), earlier).disbursed == kr("250000")
    paid = list(app.events.get(earlier))[-1]
    assert isinstance(paid, Grant.Disbursed) and paid.actor.tenant == f"fylke:{FINNMARK}"
    use = app.grant_use(reader(BATSFJORD), earlier)
    assert use is not None and use.allocations == {"P1": kr("300000")}


@pytest.mark.parametrize("county", [TROMS, TROMS_OG_FINNMARK, NORDLAND])
def test_another_county_neither_grants_nor_reads_batsfjords_funds(
    batsfjord: Batsfjord, county: str
) -> None:
    app, before = batsfjord.app, log_head(batsfjord.app)
    with pytest.raises(NotFound):
        app.grant_funds(
            county_officer(county),
            batsfjord.programme,
            2024,
            kr("1000"),
            decision=county_decision(date(2024, 3, 5), "2024/310-4"),
        )
    with pytest.raises(NotFound):
        app.disburse_grant(
            county_officer(county), batsfjord.grants["2024 decided 2024"], kr("1"), date(2024, 3, 1)
        )
    with pytest.raises(NotFound):
        app.grant(county_auditor(county), batsfjord.grants["2023 decided 2023"])
    assert log_head(app) == before


# Reload from a snapshot


def figures(use: GrantUse) -> tuple[Any, ...]:
    return (
        use.version,
        use.allocations,
        use.spending,
        use.reversed,
        use.returned,
        use.allocated,
        use.spent,
        {code: use.spent_on(code) for code in use.allocations},
    )


def test_a_long_grant_use_reloads_from_its_snapshot_with_identical_figures(
    app: OmstillingApp, env: dict[str, str]
) -> None:
    gid = granted(app, vagan_ready_for_funds(app)["programme"])
    ed = editor()
    app.allocate_funds(ed, gid, "P1", kr("600000"))  # opened and allocated: version 2
    app.allocate_funds(ed, gid, "P2", kr("200000"))
    for n in range(1, 41):  # versions 4-43; lines 1, 6, 11 ... 36 are consultants' fees
        if n % 5 == 1:
            line = spending(
                "P1",
                "1000",
                category="external_consultants",
                continuation_work=True,
                innovasjon_norge="1000",
                reference=f"Bilag 2025-{n:04d}",
            )
        else:
            line = spending("P1", f"{n}00", category="purchases", reference=f"Bilag 2025-{n:04d}")
        app.report_spending(ed, gid, line)
    for number in (2, 3, 4, 5, 7):  # versions 44-48
        app.reverse_spending(ed, gid, number, reason="Feilført bilag")
    for effective in (date(2025, 6, 10), date(2025, 8, 19)):  # 49, 50: the snapshot
        app.reallocate_funds(
            board(),
            gid,
            "P1",
            "P2",
            kr("10000"),
            effective,
            decision=reallocation_decision(effective),
            reason="Omdisponering",
        )
    app.release_allocation(ed, gid, "P2", kr("1000"), reason="Under budsjett")
    app.return_funds(ed, gid, kr("1000"), date(2025, 12, 1), reason="Ubrukte midler")
    app.report_spending(ed, gid, spending("P2", "5000", municipality="2000"))

    use_id = grant_use_id_for(gid)
    assert app.snapshots is not None
    assert [s.originator_version for s in app.snapshots.get(use_id)] == [50]
    before = app.grant_use(reader(), gid)
    assert before is not None and before.version == 53
    assert before.reversed == (2, 3, 4, 5, 7)

    reloaded_app = OmstillingApp(env=env)
    try:
        after = reloaded_app.grant_use(reader(), gid)
        assert after is not None
        assert figures(after) == figures(before)
        assert isinstance(after.spending, tuple) and isinstance(after.reversed, tuple)
        assert all(isinstance(s.category, SpendingCategory) for s in after.spending)
        replayed: Any = None
        for event in reloaded_app.events.get(use_id):  # every event, no snapshot
            replayed = cast(Any, event).mutate(replayed)
        assert figures(replayed) == figures(after)

        # The rules still see the restored lines: eight consultant lines, exactly half by IN.
        before_refusals = log_head(reloaded_app)
        with pytest.raises(ValidationFailed) as over_half:
            reloaded_app.report_spending(
                ed,
                gid,
                spending(
                    "P1",
                    "1000",
                    category="external_consultants",
                    continuation_work=True,
                    innovasjon_norge="1000,01",
                ),
            )
        assert over_half.value.rule.endswith("(kr 9 000,01 of kr 18 000,01 in project P1)")
        with pytest.raises(InvalidTransition):
            reloaded_app.reverse_spending(ed, gid, 7, reason="Igjen")
        assert log_head(reloaded_app) == before_refusals
        assert reloaded_app.reverse_spending(ed, gid, 8, reason="Feilført").version == 54
    finally:
        reloaded_app.close()


def test_a_withdrawal_below_the_allocation_leaves_nothing_to_allocate_or_return_until_released(
    app: OmstillingApp,
) -> None:
    """The county's decision stands (the audit flags allocated_above_grant); the municipality
    can neither allocate more nor return funds until it brings its allocations down."""
    gid = granted(app, vagan_ready_for_funds(app)["programme"])
    ed = editor()
    app.allocate_funds(ed, gid, "P1", kr("500000"))
    app.allocate_funds(ed, gid, "P2", kr("200000"))
    app.withdraw_grant_funds(
        county_officer(),
        gid,
        kr("300000"),
        "unused",
        date(2025, 9, 1),
        decision=county_decision(date(2025, 9, 1)),
        reason="Ramme redusert etter revidert budsjett",
    )
    grant, use = app.grant(ed, gid), app.grant_use(ed, gid)
    assert use is not None
    assert (grant.position.available, use.allocated) == (kr("500000"), kr("700000"))
    assert use.unallocated(grant.position) == kr("-200000")
    before = log_head(app)
    with pytest.raises(ValidationFailed, match=r"left to allocate \(kr -200 000,00\)"):
        app.allocate_funds(ed, gid, "P1", kr("1"))
    with pytest.raises(ValidationFailed, match=r"only unallocated funds can be returned"):
        app.return_funds(ed, gid, kr("1"), date(2025, 12, 1), reason="Ubrukt")
    assert log_head(app) == before

    app.release_allocation(ed, gid, "P2", kr("200000"), reason="Tilpasset redusert tilsagn")
    use = app.grant_use(ed, gid)
    assert use is not None and use.unallocated(grant.position) == kr("0")


# Amendments stay within the application


def test_an_amendment_cannot_raise_a_grant_beyond_the_application(app: OmstillingApp) -> None:
    gid = granted(app, vagan_ready_for_funds(app)["programme"], "600000")
    before = log_head(app)
    with pytest.raises(ValidationFailed) as refused:
        app.amend_grant(
            county_officer(),
            gid,
            amount=kr("800000,01"),
            decision=county_decision(date(2025, 4, 1)),
            reason="Økt ramme",
        )
    assert refused.value.field == "amount"
    assert log_head(app) == before
