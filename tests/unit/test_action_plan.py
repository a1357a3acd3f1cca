"""The Handlingsplan: one per programme year, linked to the Omstillingsplan in force, projects with
budgets and financing in øre, derived totals, board then council, in effect, revised by the board,
and the basis of the application for the year's restructuring funds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.app import OmstillingApp
from domain.action_plan.content import (
    ActionPlanContent,
    CommunicationActivity,
    Financing,
    FundingSource,
    ProjectMeasure,
    Section,
    Strategy,
)
from domain.action_plan.model import (
    ActionPlan,
    ActionPlanStatus,
    FundLine,
    action_plan_id_for,
)
from domain.action_plan.plan_link import PlanLink
from domain.money import Money
from domain.plan.model import Omstillingsplan, plan_id_for
from domain.shared.actor import Role
from domain.shared.decisions import DecidingBody, DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import (
    VAGAN,
    actor,
    complete_content,
    council_adoption,
    decision,
    municipality_id,
    sqlite_env,
    steering_group_approval,
)

TENANT = municipality_id(VAGAN)
PROGRAMME = UUID("4eadb0c1-b469-5c88-8704-4899aca1c431")
PLAN = PlanLink(plan_id_for(PROGRAMME), 1, ("I1", "I2", "I3"))
YEAR = 2025
EDITOR = actor(Role.MUNICIPALITY_EDITOR, f"kommune:{TENANT}")
BOARD = actor(Role.MUNICIPALITY_BOARD, f"kommune:{TENANT}")
CLERK = actor(Role.MUNICIPALITY_COUNCIL_CLERK, f"kommune:{TENANT}")
COUNTY = FundingSource.COUNTY_RESTRUCTURING_FUNDS
MUNICIPALITY = FundingSource.MUNICIPALITY


def kr(amount: str) -> Money:
    return Money.from_kroner(amount)


def board_decision(on: date = date(2024, 11, 20), case: str = "2024/77-4") -> DecisionRef:
    return decision("omstillingsstyret", on, case, "Handlingsplan 2025")


def council_approval(on: date = date(2024, 12, 12), case: str = "2024/77-9") -> DecisionRef:
    return decision("kommunestyret", on, case, "Godkjenning av handlingsplan 2025", "PS 88/24")


def measure(
    code: str = "P1",
    area: str = "I1",
    budget: str = "1000000",
    **sources: str,
) -> ProjectMeasure:
    financing = tuple(Financing(FundingSource(s), kr(a)) for s, a in sources.items())
    return ProjectMeasure(code, area, kr(budget), financing)


def activity(on: date = date(2025, 3, 12), what: str = "Folkemøte om handlingsplanen") -> Any:
    return CommunicationActivity(what, "Innbyggere og næringsliv", on, "Folkemøte", "Daglig leder")


def drafted(plan: PlanLink = PLAN) -> ActionPlan:
    return ActionPlan.draft(
        programme_id=PROGRAMME,
        tenant_id=TENANT,
        year=YEAR,
        plan=plan,
        actor=EDITOR,
        reason="Arbeidet starter etter programstatusvurderingen",
    )


def complete() -> ActionPlan:
    """Two projects on two focus areas, a strategy, financing and a communication plan."""
    plan = drafted()
    plan.put_measure(
        measure("P1", "I1", "1000000", county_restructuring_funds="600000", municipality="250000"),
        actor=EDITOR,
        reason="Videreføres fra 2024",
    )
    plan.put_measure(
        measure("P2", "I2", "400000,50", county_restructuring_funds="200000", private="100000"),
        actor=EDITOR,
        reason="Nytt prosjekt",
    )
    plan.put_strategy(Strategy("I1", "Styrke reiselivsnæringen"), actor=EDITOR, reason="r")
    plan.revise_section(
        Section.RESOURCES_AND_FINANCING, "4 mill. kr fra fylkeskommunen", actor=EDITOR, reason="r"
    )
    plan.set_communication_plan((activity(),), actor=EDITOR, reason="Kommunikasjonsplan 2025")
    return plan


def board_decided() -> ActionPlan:
    plan = complete()
    plan.decide(actor=BOARD, decision=board_decision())
    return plan


def council_approved() -> ActionPlan:
    plan = board_decided()
    plan.approve(actor=CLERK, decision=council_approval())
    return plan


def in_effect() -> ActionPlan:
    plan = council_approved()
    plan.put_into_effect(date(2025, 1, 1), actor=CLERK)
    return plan


def refusal(call: Any, *args: Any, **kwargs: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        call(*args, **kwargs)
    return refused.value


# One per programme and year, linked to the plan in force


def test_the_action_plan_id_follows_from_programme_and_year() -> None:
    plan = drafted()
    assert plan.id == action_plan_id_for(PROGRAMME, YEAR)
    assert action_plan_id_for(PROGRAMME, YEAR + 1) != plan.id
    assert (plan.year, plan.status, plan.revision) == (YEAR, ActionPlanStatus.DRAFT, 1)


def test_the_link_to_the_plan_in_force_is_taken_from_its_version_not_copied() -> None:
    omstillingsplan = Omstillingsplan.draft(
        programme_id=PROGRAMME, tenant_id=TENANT, content=complete_content(areas=4), actor=EDITOR
    )
    omstillingsplan.submit(actor=EDITOR)
    omstillingsplan.approve(actor=BOARD, decision=steering_group_approval())
    omstillingsplan.adopt(actor=CLERK, decision=council_adoption())
    omstillingsplan.put_into_force(date(2024, 2, 2), actor=CLERK)
    assert omstillingsplan.in_force is not None
    link = PlanLink.to_version(omstillingsplan.id, omstillingsplan.in_force)
    assert link == PlanLink(omstillingsplan.id, 1, ("I1", "I2", "I3", "I4"))
    assert drafted(link).content.plan == link


def test_the_link_must_be_to_this_programmes_omstillingsplan() -> None:
    refused = refusal(drafted, replace(PLAN, plan_id=uuid4()))
    assert (refused.field, refused.rule) == (
        "plan.planId",
        "must be this programme's Omstillingsplan",
    )


@pytest.mark.parametrize(
    "fields,field",
    [
        ((PLAN.plan_id, 0, ("I1",)), "plan.versionNumber"),
        ((PLAN.plan_id, 1, ()), "plan.focusAreaCodes"),
        ((PLAN.plan_id, 1, ("I1", "I1")), "plan.focusAreaCodes"),
        ((PLAN.plan_id, 1, ("I 1",)), "plan.focusAreaCodes[0]"),
        (("not-a-uuid", 1, ("I1",)), "plan.planId"),
    ],
)
def test_a_malformed_plan_link_is_refused(fields: tuple[Any, ...], field: str) -> None:
    assert refusal(PlanLink, *fields).field == field


@pytest.mark.parametrize("year", [1982, 2101, "2025", 2025.0, True])
def test_the_year_must_be_a_whole_programme_year(year: Any) -> None:
    refused = refusal(
        ActionPlan.draft,
        programme_id=PROGRAMME,
        tenant_id=TENANT,
        year=year,
        plan=PLAN,
        actor=EDITOR,
    )
    assert refused.field == "year"


# Measures are projects on focus areas of the plan in force


def test_a_project_on_a_focus_area_the_plan_lacks_is_refused_and_nothing_is_written() -> None:
    plan = drafted()
    refused = refusal(plan.put_measure, measure("P9", "I7"), actor=EDITOR, reason="r")
    assert (refused.field, refused.rule) == (
        "measures[P9].focusAreaCode",
        "the Omstillingsplan in force (version 1) has no focus area 'I7'; it has I1, I2, I3",
    )
    assert (plan.version, plan.content.measures) == (1, ())


def test_a_strategy_on_a_focus_area_the_plan_lacks_is_refused() -> None:
    plan = drafted()
    refused = refusal(plan.put_strategy, Strategy("I7", "Noe"), actor=EDITOR, reason="r")
    assert refused.field == "strategies[I7]"
    assert plan.version == 1


def test_strategies_are_one_per_focus_area_in_the_plans_order() -> None:
    plan = drafted()
    plan.put_strategy(Strategy("I3", "Kompetanse"), actor=EDITOR, reason="r")
    plan.put_strategy(Strategy("I1", "Reiseliv"), actor=EDITOR, reason="r")
    plan.put_strategy(Strategy("I3", "Kompetanse og rekruttering"), actor=EDITOR, reason="r")
    assert [(s.focus_area_code, s.text) for s in plan.content.strategies] == [
        ("I1", "Reiseliv"),
        ("I3", "Kompetanse og rekruttering"),
    ]


def test_putting_a_measure_for_a_known_project_replaces_it_in_place() -> None:
    plan = complete()
    plan.put_measure(measure("P1", "I3", "800000"), actor=EDITOR, reason="Nedskalert")
    assert [(m.project_code, m.focus_area_code, m.budget) for m in plan.content.measures] == [
        ("P1", "I3", kr("800000")),
        ("P2", "I2", kr("400000.50")),
    ]
    plan.remove_measure("P1", actor=EDITOR, reason="Utsatt til 2026")
    assert [m.project_code for m in plan.content.measures] == ["P2"]
    assert refusal(plan.remove_measure, "P1", actor=EDITOR, reason="r").field == "projectCode"


# Money: budgets and financing in øre, totals derived


@pytest.mark.parametrize(
    "budget,rule",
    [
        (Money(-1), "must not be negative"),
        (1000.0, "must be an amount of money in øre, not a float"),
        (100000, "must be an amount of money (Money)"),
    ],
)
def test_a_negative_or_float_budget_is_refused(budget: Any, rule: str) -> None:
    refused = refusal(ProjectMeasure, "P1", "I1", budget)
    assert (refused.field, refused.rule) == ("budget", rule)


def test_negative_or_float_financing_is_refused() -> None:
    assert refusal(Financing, COUNTY, Money(-100)).field == "amount"
    refused = refusal(Financing, COUNTY, 2.5)
    assert (refused.field, refused.rule) == (
        "amount",
        "must be an amount of money in øre, not a float",
    )


def test_an_unknown_funding_source_is_refused() -> None:
    refused = refusal(Financing, "lottery", kr("1"))
    assert refused.field == "source"
    assert "innovasjon_norge" in refused.rule


def test_a_source_appears_once_per_project_and_financing_does_not_exceed_the_budget() -> None:
    twice = (Financing(COUNTY, kr("10")), Financing(COUNTY, kr("20")))
    refused = refusal(ProjectMeasure, "P1", "I1", kr("100"), twice)
    assert refused.rule == "each funding source appears once per project"
    over = (Financing(COUNTY, kr("80")), Financing(MUNICIPALITY, kr("20,01")))
    refused = refusal(ProjectMeasure, "P1", "I1", kr("100"), over)
    assert (refused.field, refused.rule) == (
        "financing",
        "cannot exceed the project's budget (kr 100,01 > kr 100,00)",
    )


def test_totals_per_source_per_focus_area_and_the_funding_gap_are_derived() -> None:
    plan = complete()
    content = plan.content
    assert plan.total_budget == kr("1400000.50")
    assert plan.total_financing == kr("1150000")
    assert plan.funding_gap == kr("250000.50")
    assert str(plan.funding_gap) == "kr 250 000,50"
    assert content.financing_by_source() == {
        COUNTY: kr("800000"),
        MUNICIPALITY: kr("250000"),
        FundingSource.INNOVASJON_NORGE: Money.ZERO,
        FundingSource.PRIVATE: kr("100000"),
        FundingSource.OTHER_PUBLIC: Money.ZERO,
    }
    assert content.budget_by_focus_area() == {
        "I1": kr("1000000"),
        "I2": kr("400000.50"),
        "I3": Money.ZERO,
    }
    p1 = content.measure("P1")
    assert p1 is not None and p1.funding_gap == kr("150000")


def test_totals_follow_every_change_and_cannot_be_typed_in() -> None:
    plan = complete()
    plan.put_measure(
        measure("P2", "I2", "400000.50", county_restructuring_funds="400000.50"),
        actor=EDITOR,
        reason="Fylket dekker alt",
    )
    assert plan.funding_gap == kr("150000")
    stored = {f.name for value in (ActionPlanContent, ProjectMeasure) for f in fields(value)}
    assert not stored & {"total_budget", "total_financing", "funding_gap", "financed"}


# Texts and the communication plan


def test_every_edit_says_why() -> None:
    plan = drafted()
    for reason in (None, "", "   "):
        assert refusal(plan.put_measure, measure(), actor=EDITOR, reason=reason).field == "reason"
    assert plan.version == 1


def test_results_from_earlier_years_are_written_as_a_section() -> None:
    plan = drafted()
    plan.revise_section(
        "earlier_results", "2024: 14 nye arbeidsplasser", actor=EDITOR, reason="Årsrapport"
    )
    assert plan.content.earlier_results == "2024: 14 nye arbeidsplasser"
    assert refusal(plan.revise_section, "vision", "x", actor=EDITOR, reason="r").field == "section"


@pytest.mark.parametrize(
    "field,value",
    [("what", " "), ("audience", ""), ("channel", ""), ("responsible", "")],
)
def test_a_communication_activity_says_what_for_whom_when_channel_and_who(
    field: str, value: str
) -> None:
    fields: dict[str, Any] = {
        "what": "Nyhetsbrev",
        "audience": "Næringslivet",
        "planned_on": date(2025, 4, 1),
        "channel": "E-post",
        "responsible": "Daglig leder",
        field: value,
    }
    assert refusal(CommunicationActivity, **fields).field == field
    fields[field] = "x"
    fields["planned_on"] = "april"
    assert refusal(CommunicationActivity, **fields).field == "plannedOn"


def test_communication_activities_fall_in_the_programme_year() -> None:
    plan = drafted()
    refused = refusal(
        plan.set_communication_plan,
        (activity(), activity(date(2026, 1, 10))),
        actor=EDITOR,
        reason="r",
    )
    assert (refused.field, refused.rule) == (
        "communicationPlan[1].plannedOn",
        "must fall in the programme year 2025",
    )
    plan.set_communication_plan((activity(), activity(date(2025, 9, 1))), actor=EDITOR, reason="r")
    assert len(plan.content.communication_plan) == 2


# Following a newer Omstillingsplan version


def test_a_draft_follows_a_newer_plan_version() -> None:
    plan = complete()
    newer = PlanLink(PLAN.plan_id, 2, ("I1", "I2", "I4"))
    plan.link_plan(newer, actor=EDITOR, reason="Oktoberrullering av omstillingsplanen")
    assert plan.content.plan == newer
    plan.put_measure(measure("P3", "I4", "50000"), actor=EDITOR, reason="Nytt innsatsområde")


def test_a_newer_version_without_a_focus_area_in_use_is_refused() -> None:
    plan = complete()
    refused = refusal(
        plan.link_plan, PlanLink(PLAN.plan_id, 2, ("I1", "I3")), actor=EDITOR, reason="r"
    )
    assert refused.field == "measures[P2].focusAreaCode"
    assert plan.content.plan == PLAN


def test_the_link_does_not_go_back_to_an_older_version() -> None:
    plan = drafted(replace(PLAN, version_number=3))
    refused = refusal(plan.link_plan, PLAN, actor=EDITOR, reason="r")
    assert (refused.field, refused.rule) == ("plan.versionNumber", "cannot go back from version 3")


# The lifecycle: board, council, in effect


def test_the_plan_goes_from_draft_to_board_to_council_to_effect() -> None:
    plan = in_effect()
    assert plan.status is ActionPlanStatus.IN_EFFECT
    assert plan.in_effect is not None
    assert (plan.in_effect.number, plan.in_effect.effective_from) == (1, date(2025, 1, 1))
    assert plan.in_effect.decided_by == board_decision()
    assert plan.in_effect.approved_by == council_approval()
    assert plan.in_effect.content == plan.content
    assert (plan.board_decided_on, plan.put_into_effect_on) == (
        date(2024, 11, 20),
        date(2025, 1, 1),
    )


def without_measures(plan: ActionPlan) -> None:
    for code in ("P1", "P2"):
        plan.remove_measure(code, actor=EDITOR, reason="r")


@pytest.mark.parametrize(
    "change,field",
    [
        (without_measures, "measures"),
        (
            lambda p: p.revise_section("resources_and_financing", "", actor=EDITOR, reason="r"),
            "resources_and_financing",
        ),
        (lambda p: p.set_communication_plan((), actor=EDITOR, reason="r"), "communicationPlan"),
    ],
)
def test_the_board_decides_only_a_complete_plan(change: Any, field: str) -> None:
    plan = complete()
    change(plan)
    refused = refusal(plan.decide, actor=BOARD, decision=board_decision())
    assert refused.field == f"content.{field}"
    assert plan.status is ActionPlanStatus.DRAFT


def test_the_board_decision_needs_a_decision_of_omstillingsstyret() -> None:
    plan = complete()
    assert refusal(plan.decide, actor=BOARD, decision=None).field == "decision"
    refused = refusal(plan.decide, actor=BOARD, decision=council_approval())
    assert (refused.field, refused.rule) == (
        "decision.body",
        "must be decided by omstillingsstyret",
    )


def test_a_decision_without_a_case_number_or_date_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        decision("omstillingsstyret", date(2024, 11, 20), " ")
    assert refused.value.field == "archiveCaseNumber"
    with pytest.raises(ValidationFailed) as refused:
        decision("omstillingsstyret", None, "2024/77-4")  # type: ignore[arg-type]
    assert refused.value.field == "meetingDate"


def test_the_board_decides_the_years_plan_before_the_year_ends() -> None:
    refused = refusal(complete().decide, actor=BOARD, decision=board_decision(date(2026, 1, 5)))
    assert (refused.field, refused.rule) == (
        "decision.meetingDate",
        "the board decides the 2025 plan before it ends",
    )


def test_the_council_approves_what_the_board_decided_not_before_it() -> None:
    with pytest.raises(InvalidTransition):
        complete().approve(actor=CLERK, decision=council_approval())
    plan = board_decided()
    assert refusal(plan.approve, actor=CLERK, decision=board_decision()).field == "decision.body"
    assert refusal(plan.approve, actor=CLERK, decision=None).field == "decision"
    refused = refusal(plan.approve, actor=CLERK, decision=council_approval(date(2024, 11, 19)))
    assert (refused.field, refused.rule) == (
        "decision.meetingDate",
        "cannot be before the board's decision",
    )
    plan.approve(actor=CLERK, decision=council_approval())
    assert plan.status is ActionPlanStatus.COUNCIL_APPROVED


def test_the_council_can_send_the_plan_back_with_a_reason() -> None:
    plan = board_decided()
    assert refusal(plan.return_to_draft, actor=CLERK, reason=None).field == "reason"
    plan.return_to_draft(actor=CLERK, reason="Mer til kompetanse", decision=council_approval())
    assert (plan.status, plan.decided_by, plan.board_decided_on) == (
        ActionPlanStatus.DRAFT,
        None,
        None,
    )
    plan.put_measure(measure("P3", "I3", "10000"), actor=EDITOR, reason="Etter kommunestyret")


@pytest.mark.parametrize("stage", [board_decided, council_approved, in_effect])
def test_a_decided_plan_is_not_edited_outside_a_revision(stage: Any) -> None:
    with pytest.raises(InvalidTransition) as refused:
        stage().put_measure(measure("P3", "I3"), actor=EDITOR, reason="r")
    assert "start a revision first" in refused.value.rule


def test_the_plan_comes_into_effect_in_its_year_not_before_the_councils_approval() -> None:
    with pytest.raises(InvalidTransition):
        board_decided().put_into_effect(date(2025, 1, 1), actor=CLERK)
    plan = council_approved()
    refused = refusal(plan.put_into_effect, date(2024, 12, 11), actor=CLERK)
    assert refused.rule == "cannot be before the council's approval"
    refused = refusal(plan.put_into_effect, date(2024, 12, 13), actor=CLERK)
    assert refused.rule == "must fall in the programme year 2025"
    assert refusal(plan.put_into_effect, None, actor=CLERK).field == "effectiveFrom"
    plan.put_into_effect(date(2025, 2, 3), actor=CLERK)
    assert plan.status is ActionPlanStatus.IN_EFFECT


# Revisions during the year: a new board decision with a reason


def revision_decision(on: date = date(2025, 6, 12)) -> DecisionRef:
    return board_decision(on, "2025/31-2")


def test_a_revision_during_the_year_gets_a_new_number_by_a_board_decision() -> None:
    plan = in_effect()
    first = plan.content
    plan.start_revision(actor=EDITOR, reason="Oppfølging mai/juni")
    assert (plan.status, plan.revision) == (ActionPlanStatus.DRAFT, 2)
    plan.put_measure(measure("P3", "I3", "300000"), actor=EDITOR, reason="Nytt prosjekt")
    assert plan.in_effect is not None and plan.in_effect.content == first  # still in effect

    plan.decide_revision(
        actor=BOARD, decision=revision_decision(), reason="Ledige midler omdisponert"
    )
    assert plan.status is ActionPlanStatus.IN_EFFECT
    assert plan.in_effect is not None
    assert (plan.in_effect.number, plan.in_effect.effective_from) == (2, date(2025, 6, 12))
    assert (plan.in_effect.decided_by, plan.in_effect.approved_by) == (revision_decision(), None)
    assert plan.in_effect.content.measure("P3") is not None
    assert plan.put_into_effect_on == date(2025, 1, 1)  # the year wheel keeps January


def test_a_revision_needs_a_reason_and_a_board_decision_within_the_year() -> None:
    plan = in_effect()
    assert refusal(plan.start_revision, actor=EDITOR, reason=" ").field == "reason"
    plan.start_revision(actor=EDITOR, reason="Oppfølging")
    refused = refusal(plan.decide_revision, actor=BOARD, decision=None, reason="r")
    assert refused.field == "decision"
    refused = refusal(plan.decide_revision, actor=BOARD, decision=revision_decision(), reason=None)
    assert refused.field == "reason"
    refused = refusal(
        plan.decide_revision,
        actor=BOARD,
        decision=revision_decision(date(2026, 1, 8)),
        reason="r",
    )
    assert (refused.field, refused.rule) == (
        "decision.meetingDate",
        "must fall in the programme year 2025",
    )
    council = council_approval(date(2025, 6, 12))
    refused = refusal(plan.decide_revision, actor=BOARD, decision=council, reason="r")
    assert refused.field == "decision.body"
    refused = refusal(
        plan.decide_revision,
        actor=BOARD,
        decision=revision_decision(),
        reason="r",
        effective_from=date(2025, 6, 1),
    )
    assert refused.rule == "cannot be before the board's decision"
    assert plan.status is ActionPlanStatus.DRAFT


def test_a_revision_is_decided_with_decide_revision_not_decide() -> None:
    plan = in_effect()
    plan.start_revision(actor=EDITOR, reason="Oppfølging")
    with pytest.raises(InvalidTransition) as refused:
        plan.decide(actor=BOARD, decision=revision_decision())
    assert refused.value.rule == "a revision during the year is decided with decide_revision"
    with pytest.raises(InvalidTransition):
        complete().decide_revision(actor=BOARD, decision=revision_decision(), reason="r")


@pytest.mark.parametrize("stage", [drafted, board_decided, council_approved])
def test_only_the_plan_in_effect_is_revised(stage: Any) -> None:
    with pytest.raises(InvalidTransition) as refused:
        stage().start_revision(actor=EDITOR, reason="r")
    assert refused.value.rule == "only the plan in effect can be revised"


def test_an_abandoned_revision_leaves_the_plan_in_effect_as_it_was() -> None:
    plan = in_effect()
    before = plan.content
    plan.start_revision(actor=EDITOR, reason="Oppfølging")
    plan.remove_measure("P2", actor=EDITOR, reason="Kanskje stoppes")
    plan.abandon_revision(actor=EDITOR, reason="Styret vil fortsette P2")
    assert (plan.status, plan.revision, plan.content) == (ActionPlanStatus.IN_EFFECT, 1, before)
    with pytest.raises(InvalidTransition):
        plan.abandon_revision(actor=EDITOR, reason="r")


# The application for the year's funds


def test_the_approved_plan_is_the_basis_of_the_application_per_project() -> None:
    plan = council_approved()
    assert plan.planned_county_funds() == (
        FundLine("P1", kr("600000")),
        FundLine("P2", kr("200000")),
    )
    plan.apply_for_funds(
        plan.planned_county_funds(),
        date(2024, 12, 15),
        actor=EDITOR,
        decision=board_decision(),
        reason="Søknad om omstillingsmidler 2025",
    )
    (application,) = plan.applications
    assert (application.number, application.revision, application.total) == (
        1,
        1,
        kr("800000"),
    )
    recorded = plan.collect_events()[-1]
    assert isinstance(recorded, ActionPlan.FundsAppliedFor)
    assert recorded.application == application


@pytest.mark.parametrize("stage", [drafted, complete, board_decided])
def test_there_is_no_application_before_the_council_approves(stage: Any) -> None:
    with pytest.raises(InvalidTransition) as refused:
        stage().apply_for_funds([FundLine("P1", kr("1"))], date(2024, 12, 15), actor=EDITOR)
    assert refused.value.rule == "the application is based on the plan the council approved"


@pytest.mark.parametrize(
    "lines,field,rule",
    [
        ([], "lines", "apply for at least one project"),
        (
            [FundLine("P9", kr("1"))],
            "lines[P9].projectCode",
            "is not a project of the approved plan",
        ),
        (
            [FundLine("P1", kr("600000.01"))],
            "lines[P1].amount",
            "cannot exceed the county's restructuring funds the plan names (kr 600 000,00)",
        ),
        (
            [FundLine("P1", kr("1")), FundLine("P1", kr("2"))],
            "lines",
            "a project appears once in an application",
        ),
    ],
)
def test_an_application_beyond_the_approved_plan_is_refused(
    lines: list[FundLine], field: str, rule: str
) -> None:
    plan = council_approved()
    refused = refusal(plan.apply_for_funds, lines, date(2024, 12, 15), actor=EDITOR)
    assert (refused.field, refused.rule) == (field, rule)
    assert plan.applications == ()


def test_an_application_line_is_a_positive_amount_of_money() -> None:
    assert refusal(FundLine, "P1", Money.ZERO).rule == "must be more than kr 0,00"
    assert refusal(FundLine, "P1", Money(-5)).rule == "must not be negative"
    assert refusal(FundLine, "P1", 600000.0).field == "amount"


def test_the_application_is_not_dated_before_the_councils_approval() -> None:
    plan = council_approved()
    refused = refusal(
        plan.apply_for_funds, [FundLine("P1", kr("1"))], date(2024, 12, 1), actor=EDITOR
    )
    assert refused.field == "appliedOn"


def test_during_a_revision_the_application_rests_on_the_revision_in_effect() -> None:
    plan = in_effect()
    plan.apply_for_funds([FundLine("P1", kr("600000"))], date(2025, 1, 10), actor=EDITOR)
    plan.start_revision(actor=EDITOR, reason="Oppfølging")
    plan.remove_measure("P2", actor=EDITOR, reason="Stoppet")
    plan.apply_for_funds(
        [FundLine("P2", kr("200000"))], date(2025, 6, 1), actor=EDITOR, reason="Tilleggssøknad"
    )
    assert [(a.number, a.revision, a.lines[0].project_code) for a in plan.applications] == [
        (1, 1, "P1"),
        (2, 1, "P2"),
    ]


# Events carry actor, tenant, reason and decision


def test_every_event_carries_actor_tenant_reason_and_decision() -> None:
    plan = in_effect()
    events = plan.collect_events()
    assert {e.tenant_id for e in events} == {TENANT}
    assert [(type(e).__name__, e.actor.role, e.decision) for e in events][-3:] == [
        ("BoardDecided", Role.MUNICIPALITY_BOARD, board_decision()),
        ("CouncilApproved", Role.MUNICIPALITY_COUNCIL_CLERK, council_approval()),
        ("PutIntoEffect", Role.MUNICIPALITY_COUNCIL_CLERK, council_approval()),
    ]
    assert events[0].reason == "Arbeidet starter etter programstatusvurderingen"


# Stored and reloaded


@pytest.fixture
def app(tmp_path: Path) -> Iterator[OmstillingApp]:
    application = OmstillingApp(env=sqlite_env(str(tmp_path / "events.sqlite")))
    yield application
    application.close()


def plan_with_every_event() -> ActionPlan:
    plan = complete()
    plan.link_plan(replace(PLAN, version_number=2), actor=EDITOR, reason="r")
    plan.put_measure(measure("P3", "I3", "1"), actor=EDITOR, reason="r")
    plan.remove_measure("P3", actor=EDITOR, reason="r")
    plan.decide(actor=BOARD, decision=board_decision())
    plan.return_to_draft(actor=CLERK, reason="r")
    plan.decide(actor=BOARD, decision=board_decision())
    plan.approve(actor=CLERK, decision=council_approval())
    plan.apply_for_funds(plan.planned_county_funds(), date(2024, 12, 15), actor=EDITOR)
    plan.put_into_effect(date(2025, 1, 1), actor=CLERK)
    plan.start_revision(actor=EDITOR, reason="r")
    plan.abandon_revision(actor=EDITOR, reason="r")
    plan.start_revision(actor=EDITOR, reason="r")
    plan.decide_revision(actor=BOARD, decision=revision_decision(), reason="r")
    return plan


def assert_same_typed_state(reloaded: ActionPlan, original: ActionPlan) -> None:
    def state(plan: ActionPlan) -> dict[str, Any]:
        return {k: v for k, v in vars(plan).items() if k != "_pending_events"}

    assert state(reloaded) == state(original)
    assert reloaded.status is ActionPlanStatus.IN_EFFECT
    content = reloaded.content
    assert type(content.measures) is tuple and type(content.measures[0].financing) is tuple
    assert content.measures[0].financing[0].source is COUNTY
    assert type(content.measures[0].budget) is Money
    assert type(content.communication_plan[0].planned_on) is date
    assert type(content.plan.focus_area_codes) is tuple
    assert type(reloaded.applications) is tuple and type(reloaded.applications[0].lines) is tuple
    assert reloaded.in_effect is not None
    assert reloaded.in_effect.decided_by.body is DecidingBody.OMSTILLINGSSTYRET
    assert reloaded.funding_gap == original.funding_gap


def test_every_action_plan_event_round_trips_through_the_store(app: OmstillingApp) -> None:
    plan = plan_with_every_event()
    declared = {
        name
        for name, value in vars(ActionPlan).items()
        if isinstance(value, type) and issubclass(value, ActionPlan.Event)
    } - {"Event", "Created"}
    assert {type(e).__name__ for e in plan.pending_events} == declared
    recorded = list(plan.pending_events)
    app.save(plan)
    assert_same_typed_state(app.repository.get(plan.id), plan)
    reloaded = list(app.events.get(plan.id))
    assert reloaded == recorded
    sections = [e.section for e in reloaded if isinstance(e, ActionPlan.SectionRevised)]
    assert sections and all(type(s) is Section for s in sections)


def test_an_action_plan_restored_from_a_snapshot_keeps_its_types_and_stays_revisable(
    app: OmstillingApp,
) -> None:
    plan = plan_with_every_event()
    app.save(plan)
    app.take_snapshot(plan.id)
    restored = app.repository.get(plan.id)
    assert_same_typed_state(restored, plan)
    restored.start_revision(actor=EDITOR, reason="Etter øyeblikksbildet")
    assert restored.revision == 3
