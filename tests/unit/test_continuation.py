"""Videreføring (continuation, seed 001): three stages in order, owned, delivered and costed as
the seed says; the forstudie's cost frame and Innovasjon Norge's share checked against the
recorded costs; lateness against the deadline and the time frames."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from domain.continuation.deadlines import (
    continuation_deadline,
    deadline_standing,
    stage_standing,
)
from domain.continuation.model import Continuation, Period, continuation_id_for
from domain.continuation.rules import (
    FORSTUDIE_COST_FRAME,
    IN_CONSULTANT_SHARE_LIMIT,
    consultant_share_exceeded,
)
from domain.continuation.stages import (
    Alternative,
    CostCategory,
    CostEntry,
    CostShare,
    CostSource,
    ForprosjektReport,
    ForstudieReport,
    Outcome,
    OutcomeKind,
    Owner,
    OwnerKind,
    Stage,
    add_months,
    require_organisation_number,
)
from domain.money import Money
from domain.shared.actor import Role
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import actor

PROGRAMME = UUID("4eadb0c1-b469-5c88-8704-4899aca1c431")
TENANT = UUID("00000000-0000-0000-0000-000000001865")
EDITOR = actor(Role.MUNICIPALITY_EDITOR, f"kommune:{TENANT}")
PERIOD = Period(date(2021, 7, 1), date(2027, 6, 30))
KOMMUNEN = (Owner("Båtsfjord kommune", OwnerKind.MUNICIPALITY),)


def kr(amount: str) -> Money:
    return Money.from_kroner(amount)


def new() -> Continuation:
    return Continuation.open(programme_id=PROGRAMME, tenant_id=TENANT, actor=EDITOR)


def forstudie_report(on: date = date(2025, 4, 4), alternatives: int = 2) -> ForstudieReport:
    return ForstudieReport(
        "Forstudierapport videreføring",
        on,
        tuple(
            Alternative(f"Alternativ {n}", "Kommunen og næringslivet", "AS", "Båtsfjord")
            for n in range(1, alternatives + 1)
        ),
    )


def forprosjekt_report(on: date = date(2026, 2, 2)) -> ForprosjektReport:
    return ForprosjektReport(
        "Forprosjektrapport",
        on,
        "Næringsselskap AS",
        "Kommunen 60 %",
        "2 årsverk",
        "Kommunen",
        "Stiftes våren 2026",
    )


def in_forstudie() -> Continuation:
    c = new()
    c.start_stage(
        Stage.FORSTUDIE, date(2025, 3, 3), date(2025, 4, 11), KOMMUNEN, PERIOD, actor=EDITOR
    )
    return c


def in_forprosjekt() -> Continuation:
    c = in_forstudie()
    c.record_deliverable(forstudie_report(), PERIOD, actor=EDITOR)
    c.complete_stage(Stage.FORSTUDIE, date(2025, 4, 10), PERIOD, actor=EDITOR)
    c.start_stage(
        Stage.FORPROSJEKT, date(2025, 9, 1), date(2026, 2, 27), KOMMUNEN, PERIOD, actor=EDITOR
    )
    return c


def in_hovedprosjekt() -> Continuation:
    c = in_forprosjekt()
    c.record_deliverable(forprosjekt_report(), PERIOD, actor=EDITOR)
    c.complete_stage(Stage.FORPROSJEKT, date(2026, 2, 20), PERIOD, actor=EDITOR)
    c.start_stage(
        Stage.HOVEDPROSJEKT, date(2026, 3, 2), date(2026, 8, 31), KOMMUNEN, PERIOD, actor=EDITOR
    )
    return c


def cost(
    amount: str,
    category: CostCategory = CostCategory.EXTERNAL_CONSULTANT,
    stage: Stage = Stage.FORSTUDIE,
    on: date = date(2025, 3, 20),
    **sources: str,
) -> CostEntry:
    shares = tuple(CostShare(CostSource(s), kr(a)) for s, a in sources.items()) or (
        CostShare(CostSource.RESTRUCTURING_FUNDS, kr(amount)),
    )
    return CostEntry(stage, category, kr(amount), on, shares, "Faktura", None)


def refused(run: object, *args: object, **kwargs: object) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        run(*args, **kwargs)  # type: ignore[operator]
    return caught.value


# Stages, in order


def test_one_continuation_per_programme() -> None:
    assert new().id == continuation_id_for(PROGRAMME)


def test_the_forstudie_starts_with_the_municipality_as_owner() -> None:
    c = in_forstudie()
    record = c.stage(Stage.FORSTUDIE)
    assert record is not None and record.owners == KOMMUNEN
    assert [type(e).__name__ for e in c.collect_events()] == ["Opened", "StageStarted"]


def test_the_forprosjekt_waits_for_the_forstudie_to_be_completed() -> None:
    c = in_forstudie()
    with pytest.raises(InvalidTransition) as caught:
        c.start_stage(
            Stage.FORPROSJEKT, date(2025, 9, 1), date(2026, 2, 1), KOMMUNEN, PERIOD, actor=EDITOR
        )
    assert "forstudie must be completed first" in caught.value.rule


def test_the_hovedprosjekt_waits_for_the_forprosjekt() -> None:
    c = in_forprosjekt()
    with pytest.raises(InvalidTransition):
        c.start_stage(
            Stage.HOVEDPROSJEKT,
            date(2025, 10, 1),
            date(2026, 2, 1),
            KOMMUNEN,
            PERIOD,
            actor=EDITOR,
        )


def test_a_stage_starts_once() -> None:
    with pytest.raises(InvalidTransition):
        in_forstudie().start_stage(
            Stage.FORSTUDIE, date(2025, 3, 3), date(2025, 4, 11), KOMMUNEN, PERIOD, actor=EDITOR
        )


def test_the_next_stage_starts_no_earlier_than_the_last_was_completed() -> None:
    c = in_forstudie()
    c.record_deliverable(forstudie_report(), PERIOD, actor=EDITOR)
    c.complete_stage(Stage.FORSTUDIE, date(2025, 4, 10), PERIOD, actor=EDITOR)
    error = refused(
        c.start_stage,
        Stage.FORPROSJEKT,
        date(2025, 4, 9),
        date(2025, 9, 1),
        KOMMUNEN,
        PERIOD,
        actor=EDITOR,
    )
    assert error.field == "startedOn"


def test_local_partners_may_share_the_forprosjekt_but_not_own_the_forstudie() -> None:
    partner = Owner("Båtsfjord Næringsforening", OwnerKind.LOCAL_PARTNER)
    error = refused(
        new().start_stage,
        Stage.FORSTUDIE,
        date(2025, 3, 3),
        date(2025, 4, 11),
        (partner,),
        PERIOD,
        actor=EDITOR,
    )
    assert error.field == "owners[0].kind" and "seed 001" in error.rule
    c = in_forstudie()
    c.record_deliverable(forstudie_report(), PERIOD, actor=EDITOR)
    c.complete_stage(Stage.FORSTUDIE, date(2025, 4, 10), PERIOD, actor=EDITOR)
    c.start_stage(
        Stage.FORPROSJEKT,
        date(2025, 9, 1),
        date(2026, 2, 1),
        (*KOMMUNEN, partner),
        PERIOD,
        actor=EDITOR,
    )
    forprosjekt = c.stage(Stage.FORPROSJEKT)
    assert forprosjekt is not None and len(forprosjekt.owners) == 2


def test_a_stage_needs_an_owner() -> None:
    error = refused(
        new().start_stage,
        Stage.FORSTUDIE,
        date(2025, 3, 3),
        date(2025, 4, 11),
        (),
        PERIOD,
        actor=EDITOR,
    )
    assert error.field == "owners"


@pytest.mark.parametrize(
    ("stage_end", "ok"),
    [
        (date(2025, 3, 31), True),
        (date(2025, 3, 30), False),
        (date(2025, 4, 14), True),
        (date(2025, 4, 15), False),
    ],
)
def test_the_planned_end_lies_within_four_to_six_weeks_for_the_forstudie(
    stage_end: date, ok: bool
) -> None:
    c = new()
    run = (c.start_stage, Stage.FORSTUDIE, date(2025, 3, 3), stage_end, KOMMUNEN, PERIOD)
    if ok:
        run[0](*run[1:], actor=EDITOR)  # type: ignore[operator]
    else:
        assert refused(*run, actor=EDITOR).field == "plannedEnd"


def test_dates_lie_within_the_programme_period() -> None:
    error = refused(
        new().start_stage,
        Stage.FORSTUDIE,
        date(2021, 6, 1),
        date(2021, 7, 10),
        KOMMUNEN,
        PERIOD,
        actor=EDITOR,
    )
    assert error.field == "startedOn" and "period" in error.rule


def test_a_start_in_the_future_is_refused() -> None:
    error = refused(
        new().start_stage,
        Stage.FORSTUDIE,
        date(2027, 5, 3),
        date(2027, 6, 11),
        KOMMUNEN,
        PERIOD,
        actor=EDITOR,
    )
    assert error.field == "startedOn" and "future" in error.rule


# Deliverables and outcomes


def test_the_forstudie_report_sketches_at_least_two_alternatives() -> None:
    c = in_forstudie()
    error = refused(c.record_deliverable, forstudie_report(alternatives=1), PERIOD, actor=EDITOR)
    assert error.field == "alternatives"
    c.record_deliverable(forstudie_report(alternatives=3), PERIOD, actor=EDITOR)


def test_a_stage_completes_only_with_its_report() -> None:
    c = in_forstudie()
    error = refused(c.complete_stage, Stage.FORSTUDIE, date(2025, 4, 10), PERIOD, actor=EDITOR)
    assert error.field == "deliverable"


def test_completion_is_not_before_the_start() -> None:
    c = in_forstudie()
    c.record_deliverable(forstudie_report(), PERIOD, actor=EDITOR)
    error = refused(c.complete_stage, Stage.FORSTUDIE, date(2025, 3, 2), PERIOD, actor=EDITOR)
    assert error.field == "completedOn"


def test_the_forprosjekt_report_gives_one_concrete_solution() -> None:
    c = in_forprosjekt()
    blank = ForprosjektReport("Rapport", date(2026, 2, 2), "AS", "", "2", "Kommunen", "Våren")
    assert refused(c.record_deliverable, blank, PERIOD, actor=EDITOR).field == "ownership"
    c.record_deliverable(forprosjekt_report(), PERIOD, actor=EDITOR)


def test_the_hovedprosjekt_completes_when_company_board_and_hiring_are_recorded() -> None:
    c = in_hovedprosjekt()
    error = refused(c.complete_stage, Stage.HOVEDPROSJEKT, date(2026, 8, 1), PERIOD, actor=EDITOR)
    assert error.field == "outcomes"
    c.record_outcome(
        Outcome(
            OutcomeKind.COMPANY_FOUNDED, date(2026, 5, 4), "Båtsfjord Utvikling AS", "923 609 016"
        ),
        PERIOD,
        actor=EDITOR,
    )
    c.record_outcome(Outcome(OutcomeKind.BOARD_ELECTED, date(2026, 5, 4)), PERIOD, actor=EDITOR)
    c.record_outcome(
        Outcome(OutcomeKind.MANAGING_DIRECTOR_HIRING_STARTED, date(2026, 6, 1)),
        PERIOD,
        actor=EDITOR,
    )
    c.complete_stage(Stage.HOVEDPROSJEKT, date(2026, 8, 1), PERIOD, actor=EDITOR)
    record = c.stage(Stage.HOVEDPROSJEKT)
    assert record is not None and record.completed_on == date(2026, 8, 1)
    company = record.outcome(OutcomeKind.COMPANY_FOUNDED)
    assert company is not None and company.organisation_number == "923609016"


def test_a_founded_company_has_a_valid_organisation_number() -> None:
    c = in_hovedprosjekt()
    bad = Outcome(
        OutcomeKind.COMPANY_FOUNDED, date(2026, 5, 4), "Båtsfjord Utvikling AS", "923609017"
    )
    error = refused(c.record_outcome, bad, PERIOD, actor=EDITOR)
    assert error.field == "organisationNumber" and "check digit" in error.rule


@pytest.mark.parametrize("number", ["923609016", "974760673", "971 526 920"])
def test_real_organisation_numbers_pass_the_modulus_11_check(number: str) -> None:
    assert require_organisation_number("n", number) == number.replace(" ", "")


@pytest.mark.parametrize("number", ["12345678", "9236090161", "92360901x", "923609010"])
def test_malformed_organisation_numbers_are_refused(number: str) -> None:
    with pytest.raises(ValidationFailed):
        require_organisation_number("organisationNumber", number)


def test_outcomes_belong_to_the_hovedprosjekt_only() -> None:
    with pytest.raises(InvalidTransition):
        in_forprosjekt().record_outcome(
            Outcome(OutcomeKind.BOARD_ELECTED, date(2025, 10, 1)), PERIOD, actor=EDITOR
        )


# Costs


def test_a_cost_is_financed_by_shares_that_add_up_to_its_amount() -> None:
    c = in_forstudie()
    entry = cost("40000", restructuring_funds="20000", innovasjon_norge="15000")
    error = refused(c.record_cost, entry, PERIOD, actor=EDITOR)
    assert error.field == "financing" and "add up" in error.rule
    c.record_cost(
        cost("40000", restructuring_funds="20000", innovasjon_norge="20000"), PERIOD, actor=EDITOR
    )
    assert c.costs[0].from_source(CostSource.INNOVASJON_NORGE) == kr("20000")


def test_the_forstudie_stays_within_its_cost_frame_of_100_000() -> None:
    c = in_forstudie()
    c.record_cost(cost("60000"), PERIOD, actor=EDITOR)
    c.record_cost(cost("40000", CostCategory.PROJECT_LEADER), PERIOD, actor=EDITOR)
    assert FORSTUDIE_COST_FRAME == kr("100000")
    error = refused(c.record_cost, cost("0.01", CostCategory.OTHER), PERIOD, actor=EDITOR)
    assert error.field == "amount" and "kostnadsramme" in error.rule


def test_a_reversed_line_frees_room_in_the_cost_frame() -> None:
    c = in_forstudie()
    c.record_cost(cost("100000"), PERIOD, actor=EDITOR)
    c.reverse_cost(1, actor=EDITOR, reason="Feilført, gjaldt forprosjektet")
    c.record_cost(cost("30000"), PERIOD, actor=EDITOR)
    assert [x.number for x in c.counted_costs] == [2]


def test_innovasjon_norge_pays_at_most_half_of_the_consultant_fees_cumulatively() -> None:
    c = in_forstudie()
    c.record_cost(
        cost("40000", restructuring_funds="20000", innovasjon_norge="20000"), PERIOD, actor=EDITOR
    )
    # A second invoice all from IN would take the share to 30 000 of 50 000.
    error = refused(c.record_cost, cost("10000", innovasjon_norge="10000"), PERIOD, actor=EDITOR)
    assert error.field == "financing" and "at most 50 %" in error.rule
    assert IN_CONSULTANT_SHARE_LIMIT == Decimal("0.5")


def test_innovasjon_norge_covers_consultant_fees_only() -> None:
    c = in_forstudie()
    entry = cost(
        "10000", CostCategory.PROJECT_LEADER, restructuring_funds="5000", innovasjon_norge="5000"
    )
    error = refused(c.record_cost, entry, PERIOD, actor=EDITOR)
    assert error.field == "financing" and "consultants' fees only" in error.rule


def test_innovasjon_norge_does_not_pay_in_the_hovedprosjekt() -> None:
    c = in_hovedprosjekt()
    entry = cost(
        "10000",
        stage=Stage.HOVEDPROSJEKT,
        on=date(2026, 4, 1),
        restructuring_funds="5000",
        innovasjon_norge="5000",
    )
    error = refused(c.record_cost, entry, PERIOD, actor=EDITOR)
    assert error.field == "financing" and "hovedprosjekt" in error.rule


def test_the_forprosjekt_has_no_cost_frame_but_the_same_share_rule() -> None:
    c = in_forprosjekt()
    c.record_cost(
        cost(
            "300000",
            stage=Stage.FORPROSJEKT,
            on=date(2025, 10, 1),
            restructuring_funds="150000",
            innovasjon_norge="150000",
        ),
        PERIOD,
        actor=EDITOR,
    )
    assert len(c.costs_of(Stage.FORPROSJEKT)) == 1


def test_costs_only_for_a_started_stage_and_not_before_it_started() -> None:
    c = in_forstudie()
    with pytest.raises(InvalidTransition):
        c.record_cost(cost("1000", stage=Stage.FORPROSJEKT), PERIOD, actor=EDITOR)
    error = refused(c.record_cost, cost("1000", on=date(2025, 3, 1)), PERIOD, actor=EDITOR)
    assert error.field == "incurredOn"


def test_reversing_needs_a_reason_and_keeps_the_share_rule() -> None:
    c = in_forstudie()
    c.record_cost(
        cost("40000", restructuring_funds="20000", innovasjon_norge="20000"), PERIOD, actor=EDITOR
    )
    c.record_cost(cost("40000"), PERIOD, actor=EDITOR)
    assert refused(c.reverse_cost, 2, actor=EDITOR, reason=" ").field == "reason"
    c.reverse_cost(1, actor=EDITOR, reason="Feil faktura")
    with pytest.raises(InvalidTransition):
        c.reverse_cost(1, actor=EDITOR, reason="Igjen")
    d = in_forstudie()
    d.record_cost(
        cost("40000", restructuring_funds="20000", innovasjon_norge="20000"), PERIOD, actor=EDITOR
    )
    d.record_cost(
        cost("40000", restructuring_funds="20000", innovasjon_norge="20000"), PERIOD, actor=EDITOR
    )
    assert not consultant_share_exceeded(kr("40000"), kr("80000"))
    d.reverse_cost(2, actor=EDITOR, reason="Dobbeltført")


def test_reversing_a_consultant_line_that_would_leave_innovasjon_norge_over_half_is_refused() -> (
    None
):
    c = in_forstudie()
    c.record_cost(
        cost("40000", restructuring_funds="20000", innovasjon_norge="20000"), PERIOD, actor=EDITOR
    )
    c.record_cost(cost("40000", restructuring_funds="40000"), PERIOD, actor=EDITOR)
    c.record_cost(cost("10000", innovasjon_norge="10000"), PERIOD, actor=EDITOR)
    # IN pays 30 000 of 90 000; without line 2 it would pay 30 000 of 50 000.
    error = refused(c.reverse_cost, 2, actor=EDITOR, reason="Feil")
    assert error.field == "number" and "at most 50 %" in error.rule
    c.reverse_cost(3, actor=EDITOR, reason="Feil")
    c.reverse_cost(2, actor=EDITOR, reason="Feil")


# Lateness


def test_the_deadline_is_two_years_before_the_period_ends() -> None:
    assert continuation_deadline(date(2027, 6, 30)) == date(2025, 6, 30)
    assert continuation_deadline(date(2028, 2, 29)) == date(2026, 2, 28)


def test_continuation_not_started_by_the_deadline_is_late_by_the_days_since() -> None:
    standing = deadline_standing(date(2027, 6, 30), None, date(2025, 7, 10))
    assert (standing.late, standing.days_late) == (True, 10)
    on_time = deadline_standing(date(2027, 6, 30), date(2025, 3, 3), date(2025, 7, 10))
    assert (on_time.late, on_time.days_late, on_time.started_on) == (False, 0, date(2025, 3, 3))
    started_late = deadline_standing(date(2027, 6, 30), date(2025, 8, 1), date(2025, 9, 1))
    assert (started_late.late, started_late.days_late) == (True, 32)
    before = deadline_standing(date(2027, 6, 30), None, date(2025, 6, 30))
    assert not before.late


def test_a_longer_period_moves_the_deadline() -> None:
    on = date(2025, 7, 10)
    assert deadline_standing(date(2027, 6, 30), None, on).late
    assert not deadline_standing(date(2028, 6, 30), None, on).late


def test_a_stage_running_past_its_time_frame_is_late() -> None:
    running = stage_standing(Stage.FORSTUDIE, date(2025, 3, 3), None, date(2025, 4, 20))
    assert running.frame_ends_on == date(2025, 4, 14)
    assert (running.late, running.days_late) == (True, 6)
    in_time = stage_standing(Stage.FORSTUDIE, date(2025, 3, 3), date(2025, 4, 10), date(2025, 5, 1))
    assert not in_time.late and not in_time.completed_late
    completed_late = stage_standing(
        Stage.FORPROSJEKT, date(2025, 9, 1), date(2026, 3, 15), date(2026, 4, 1)
    )
    assert completed_late.completed_late and not completed_late.late
    assert not stage_standing(Stage.HOVEDPROSJEKT, date(2026, 3, 2), None, date(2026, 9, 2)).late
    assert stage_standing(Stage.HOVEDPROSJEKT, date(2026, 3, 2), None, date(2026, 9, 3)).late


def test_months_are_added_as_the_calendar_has_them() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 9, 1), 6) == date(2026, 3, 1)


def test_the_funds_use_applies_the_one_innovasjon_norge_rule_of_continuation() -> None:
    from domain.continuation import rules
    from domain.funds import use

    assert use.require_consultant_share is rules.require_consultant_share
    assert not hasattr(use, "IN_CONSULTANT_SHARE_LIMIT")
    with pytest.raises(ValidationFailed) as caught:
        rules.require_consultant_share("coFinancing", kr("30000"), kr("50000"), "project P4")
    assert caught.value.rule == (
        "Innovasjon Norge may cover at most 50 % of the external consultant's fees in "
        "continuation work (kr 30 000,00 of kr 50 000,00 in project P4)"
    )
