"""The Omstillingsplan: measurable goals, the lifecycle to the council's adoption, revisions, diffs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.app import OmstillingApp
from domain.plan.content import (
    TEXT_SECTIONS,
    FieldChange,
    FocusArea,
    Goal,
    Measure,
    PlanContent,
    Section,
    diff,
)
from domain.plan.model import InForceVersion, Omstillingsplan, PlanStatus, plan_id_for
from domain.shared.actor import Role
from domain.shared.decisions import DecidingBody
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import (
    VAGAN,
    actor,
    board_approval,
    complete_content,
    council_adoption,
    decision,
    focus_area,
    goal,
    municipality_id,
    sqlite_env,
    steering_group_approval,
)

TENANT = municipality_id(VAGAN)
PROGRAMME = UUID("4eadb0c1-b469-5c88-8704-4899aca1c431")
EDITOR = actor(Role.MUNICIPALITY_EDITOR, f"kommune:{TENANT}")
BOARD = actor(Role.MUNICIPALITY_BOARD, f"kommune:{TENANT}")
CLERK = actor(Role.MUNICIPALITY_COUNCIL_CLERK, f"kommune:{TENANT}")
MEASURABLE = "every goal must be measurable (målbart)"


def draft(content: PlanContent | None = None) -> Omstillingsplan:
    return Omstillingsplan.draft(
        programme_id=PROGRAMME,
        tenant_id=TENANT,
        content=content if content is not None else complete_content(),
        actor=EDITOR,
        reason="Utkast etter prosessamlingene",
    )


def submitted() -> Omstillingsplan:
    plan = draft()
    plan.submit(actor=EDITOR)
    return plan


def approved() -> Omstillingsplan:
    plan = submitted()
    plan.approve(actor=BOARD, decision=steering_group_approval())
    return plan


def adopted() -> Omstillingsplan:
    plan = approved()
    plan.adopt(actor=CLERK, decision=council_adoption())
    return plan


def in_force() -> Omstillingsplan:
    plan = adopted()
    plan.put_into_force(date(2024, 2, 2), actor=CLERK)
    return plan


def through_council(plan: Omstillingsplan, adopted_on: date) -> None:
    plan.submit(actor=EDITOR)
    plan.approve(actor=BOARD, decision=board_approval(adopted_on.replace(day=1)))
    plan.adopt(actor=CLERK, decision=council_adoption(adopted_on, "PS 71/24"))
    plan.put_into_force(adopted_on, actor=CLERK)


# Goals must be measurable


def test_a_goal_without_a_target_is_refused_as_not_measurable() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Goal(
            "D1",
            "Flere arbeidsplasser",
            "Arbeidsplasser",
            "antall",
            Measure(Decimal(0), 2023),
            None,
        )
    assert refused.value.field == "target"
    assert MEASURABLE in refused.value.rule and "a target" in refused.value.rule


def test_a_goal_without_a_baseline_is_refused_as_not_measurable() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Goal(
            "D1",
            "Flere arbeidsplasser",
            "Arbeidsplasser",
            "antall",
            None,
            Measure(Decimal(100), 2029),
        )
    assert refused.value.field == "baseline"
    assert MEASURABLE in refused.value.rule and "a baseline" in refused.value.rule


def test_a_target_before_its_baseline_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        goal(years=(2029, 2023))
    assert refused.value.field == "target.year"


@pytest.mark.parametrize("field,value", [("indicator", ""), ("unit", " "), ("text", "")])
def test_a_goal_needs_text_indicator_and_unit(field: str, value: str) -> None:
    fields: dict[str, Any] = {
        "code": "D1",
        "text": "t",
        "indicator": "i",
        "unit": "u",
        "baseline": Measure(Decimal(0), 2023),
        "target": Measure(Decimal(1), 2029),
    }
    with pytest.raises(ValidationFailed) as refused:
        Goal(**{**fields, field: value})
    assert refused.value.field == field


def test_a_measure_is_exact_never_a_float() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Measure(0.1, 2023)  # type: ignore[arg-type]
    assert refused.value.field == "value"
    assert Measure(Decimal("0.1"), 2023).value == Decimal("0.1")
    assert Measure(7, 2023).value == Decimal(7)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [1982, 2101])
def test_a_measure_year_outside_the_scheme_is_refused(year: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        Measure(Decimal(1), year)
    assert refused.value.field == "year"


def test_a_focus_area_needs_at_least_one_sub_goal_with_unique_codes() -> None:
    with pytest.raises(ValidationFailed) as refused:
        FocusArea("I1", "Reiseliv", "", ())
    assert refused.value.field == "goals"
    with pytest.raises(ValidationFailed) as refused:
        FocusArea("I1", "Reiseliv", "", (goal("D1"), goal("D1")))
    assert refused.value.rule == "goal codes must be unique within the focus area"


def test_focus_area_codes_are_unique_within_the_plan() -> None:
    with pytest.raises(ValidationFailed) as refused:
        PlanContent(focus_areas=(focus_area("I1"), focus_area("I1", "Havbruk")))
    assert refused.value.field == "focusAreas"


@pytest.mark.parametrize("code", ["", "I 1", "-I1", "I1/2", "X" * 21])
def test_codes_are_short_and_plain(code: str) -> None:
    with pytest.raises(ValidationFailed):
        focus_area(code)


# The lifecycle


def test_a_plan_goes_from_draft_to_in_force_through_steering_group_and_council() -> None:
    plan = draft()
    assert (plan.status, plan.version_number, plan.in_force) == (PlanStatus.DRAFT, 1, None)
    plan.submit(actor=EDITOR)
    assert plan.status is PlanStatus.SUBMITTED
    plan.approve(actor=BOARD, decision=steering_group_approval())
    assert plan.status is PlanStatus.APPROVED
    plan.adopt(actor=CLERK, decision=council_adoption())
    assert plan.status is PlanStatus.ADOPTED
    plan.put_into_force(date(2024, 2, 2), actor=CLERK)
    assert plan.status is PlanStatus.IN_FORCE
    assert plan.in_force == InForceVersion(
        1, complete_content(), council_adoption(), date(2024, 2, 2)
    )
    assert plan.id == plan_id_for(PROGRAMME)


@pytest.mark.parametrize("body", ["prosjektstyringsgruppen", "omstillingsstyret"])
def test_the_steering_group_or_the_board_approves(body: str) -> None:
    plan = submitted()
    plan.approve(
        actor=BOARD, decision=decision(body, date(2024, 1, 10), "2024/12-1", "Godkjenning")
    )
    assert plan.status is PlanStatus.APPROVED


@pytest.mark.parametrize("body", ["kommunestyret", "formannskapet", "fylkesutvalget"])
def test_approval_by_another_body_is_refused(body: str) -> None:
    plan = submitted()
    with pytest.raises(ValidationFailed) as refused:
        plan.approve(
            actor=BOARD, decision=decision(body, date(2024, 1, 10), "2024/12-1", "Godkjenning")
        )
    assert refused.value.field == "decision.body"
    assert plan.status is PlanStatus.SUBMITTED


def test_approval_without_a_decision_is_refused() -> None:
    plan = submitted()
    with pytest.raises(ValidationFailed) as refused:
        plan.approve(actor=BOARD, decision=None)
    assert refused.value.field == "decision"
    assert "decision reference is required" in refused.value.rule
    assert plan.version == 2


@pytest.mark.parametrize("body", ["formannskapet", "omstillingsstyret", "prosjektstyringsgruppen"])
def test_only_the_municipal_council_adopts(body: str) -> None:
    plan = approved()
    with pytest.raises(ValidationFailed) as refused:
        plan.adopt(actor=CLERK, decision=decision(body, date(2024, 2, 1), "2024/12-4", "Vedtak"))
    assert (refused.value.field, refused.value.rule) == (
        "decision.body",
        "must be decided by kommunestyret",
    )
    assert plan.status is PlanStatus.APPROVED


def test_adopting_a_draft_is_an_invalid_transition() -> None:
    plan = draft()
    with pytest.raises(InvalidTransition) as refused:
        plan.adopt(actor=CLERK, decision=council_adoption())
    assert (refused.value.current, refused.value.attempted) == (PlanStatus.DRAFT, "adopt")
    assert refused.value.rule == "the council adopts a plan approved by the steering group"
    assert plan.version == 1


def test_approving_a_draft_is_an_invalid_transition() -> None:
    with pytest.raises(InvalidTransition) as refused:
        draft().approve(actor=BOARD, decision=steering_group_approval())
    assert refused.value.attempted == "approve"


@pytest.mark.parametrize(
    "edit",
    [
        lambda p: p.revise_section("background", "Ny tekst", actor=EDITOR, reason="r"),
        lambda p: p.set_main_goal(goal("H2"), actor=EDITOR, reason="r"),
        lambda p: p.put_focus_area(focus_area("I9"), actor=EDITOR, reason="r"),
        lambda p: p.remove_focus_area("I1", actor=EDITOR, reason="r"),
    ],
)
@pytest.mark.parametrize("stage", [submitted, approved, adopted, in_force])
def test_a_plan_that_left_the_draft_cannot_be_edited(stage: Any, edit: Any) -> None:
    plan = stage()
    before = (plan.version, plan.content)
    with pytest.raises(InvalidTransition) as refused:
        edit(plan)
    assert refused.value.current == plan.status
    assert "start a revision first" in refused.value.rule
    assert (plan.version, plan.content) == before


def test_putting_into_force_needs_adoption_and_a_date_not_before_it() -> None:
    with pytest.raises(InvalidTransition):
        approved().put_into_force(date(2024, 2, 2), actor=CLERK)
    plan = adopted()
    with pytest.raises(ValidationFailed) as refused:
        plan.put_into_force(date(2024, 1, 31), actor=CLERK)
    assert refused.value.field == "effectiveFrom"
    plan.put_into_force(date(2024, 2, 1), actor=CLERK)  # the day of the council meeting
    assert plan.status is PlanStatus.IN_FORCE


def test_submitting_twice_is_refused() -> None:
    with pytest.raises(InvalidTransition) as refused:
        submitted().submit(actor=EDITOR)
    assert refused.value.rule == "only a draft can be submitted"


@pytest.mark.parametrize(
    "missing,field",
    [
        ({"background": ""}, "content.background"),
        ({"vision": ""}, "content.vision"),
        ({"organisation": ""}, "content.organisation"),
        ({"resources_and_financing": ""}, "content.resources_and_financing"),
        ({"communication_strategy": "  "}, "content.communication_strategy"),
        ({"main_goal": None}, "content.mainGoal"),
        ({"focus_areas": ()}, "content.focusAreas"),
    ],
)
def test_submission_requires_every_section(missing: dict[str, Any], field: str) -> None:
    plan = draft(complete_content(**missing))
    with pytest.raises(ValidationFailed) as refused:
        plan.submit(actor=EDITOR)
    assert refused.value.field == field
    assert "before" in refused.value.rule and "submi" in refused.value.rule
    assert plan.status is PlanStatus.DRAFT


def test_an_incomplete_draft_is_accepted_and_completed_section_by_section() -> None:
    plan = draft(PlanContent(background="Bakgrunn"))
    full = complete_content()
    for section, attribute in TEXT_SECTIONS.items():
        if section is not Section.BACKGROUND:
            plan.revise_section(
                section, getattr(full, attribute), actor=EDITOR, reason="Fra prosessamlingen"
            )
    plan.set_main_goal(full.main_goal, actor=EDITOR, reason="Hovedmål vedtatt i verkstedet")
    for area in full.focus_areas:
        plan.put_focus_area(area, actor=EDITOR, reason="Innsatsområde fra verkstedet")
    plan.submit(actor=EDITOR)
    assert plan.content == replace(full, background="Bakgrunn")


@pytest.mark.parametrize("stage", [submitted, approved])
def test_the_plan_can_be_returned_to_draft_with_a_reason(stage: Any) -> None:
    plan = stage()
    with pytest.raises(ValidationFailed) as refused:
        plan.return_to_draft(actor=BOARD, reason=None)
    assert refused.value.field == "reason"
    plan.return_to_draft(actor=BOARD, reason="Målene må konkretiseres")
    assert plan.status is PlanStatus.DRAFT
    plan.revise_section(
        Section.VISION_AND_GOALS, "Skarpere visjon", actor=EDITOR, reason="Etter styrets merknad"
    )
    assert plan.content.vision == "Skarpere visjon"


def test_a_draft_cannot_be_returned_to_draft() -> None:
    with pytest.raises(InvalidTransition):
        draft().return_to_draft(actor=BOARD, reason="x")


def test_every_edit_says_why() -> None:
    plan = draft()
    for reason in (None, "", "   "):
        with pytest.raises(ValidationFailed) as refused:
            plan.revise_section("background", "Ny", actor=EDITOR, reason=reason)
        assert refused.value.field == "reason"
    assert plan.version == 1


def test_focus_areas_are_not_revised_as_text_and_unknown_sections_are_refused() -> None:
    plan = draft()
    with pytest.raises(ValidationFailed) as refused:
        plan.revise_section("focus_areas", "tekst", actor=EDITOR, reason="r")
    assert refused.value.field == "section"
    with pytest.raises(ValidationFailed) as refused:
        plan.revise_section("appendix", "tekst", actor=EDITOR, reason="r")
    assert refused.value.field == "section"


def test_removing_an_unknown_focus_area_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        draft().remove_focus_area("I9", actor=EDITOR, reason="r")
    assert refused.value.field == "code"


def test_putting_a_focus_area_with_a_known_code_replaces_it_in_place() -> None:
    plan = draft()
    plan.put_focus_area(focus_area("I2", "Havbruk og sjømat"), actor=EDITOR, reason="Nytt navn")
    assert [(a.code, a.name) for a in plan.content.focus_areas] == [
        ("I1", "Innsatsområde 1"),
        ("I2", "Havbruk og sjømat"),
        ("I3", "Innsatsområde 3"),
    ]


# Revisions


def test_revisions_open_version_two_and_three_while_the_version_in_force_is_kept() -> None:
    plan = in_force()
    first = plan.content
    plan.start_revision(actor=EDITOR, reason="Oktoberrullering 2024")
    assert (plan.status, plan.version_number) == (PlanStatus.DRAFT, 2)
    plan.put_focus_area(
        focus_area("I4", "Grønn energi", ("D4",)), actor=EDITOR, reason="Ny regional strategi"
    )
    assert plan.in_force is not None
    assert (plan.in_force.number, plan.in_force.content) == (1, first)
    assert len(plan.content.focus_areas) == 4

    through_council(plan, date(2024, 12, 12))
    assert (plan.in_force.number, plan.in_force.effective_from) == (2, date(2024, 12, 12))
    assert plan.in_force.content == plan.content != first
    assert plan.in_force.adopted_by.political_case_number == "PS 71/24"

    plan.start_revision(actor=EDITOR, reason="Oktoberrullering 2025")
    assert (plan.status, plan.version_number, plan.in_force.number) == (PlanStatus.DRAFT, 3, 2)


@pytest.mark.parametrize("reason", [None, "", "  "])
def test_a_revision_needs_a_reason(reason: str | None) -> None:
    plan = in_force()
    with pytest.raises(ValidationFailed) as refused:
        plan.start_revision(actor=EDITOR, reason=reason)
    assert refused.value.field == "reason"
    assert (plan.status, plan.version_number) == (PlanStatus.IN_FORCE, 1)


@pytest.mark.parametrize("stage", [draft, submitted, approved, adopted])
def test_only_the_plan_in_force_can_be_revised(stage: Any) -> None:
    with pytest.raises(InvalidTransition) as refused:
        stage().start_revision(actor=EDITOR, reason="Rullering")
    assert refused.value.rule == "only the plan in force can be revised"


# Focus areas: normally three or four


@pytest.mark.parametrize("count", [1, 2, 5, 6])
def test_a_plan_with_an_unusual_number_of_focus_areas_is_accepted_with_a_warning(
    count: int,
) -> None:
    plan = draft(complete_content(areas=count))
    plan.submit(actor=EDITOR)
    assert plan.status is PlanStatus.SUBMITTED
    assert plan.warnings == [f"the plan has {count} focus areas; normally there are 3 to 4"]


@pytest.mark.parametrize("count", [0, 3, 4])
def test_three_or_four_focus_areas_or_none_yet_give_no_warning(count: int) -> None:
    assert draft(complete_content(areas=count)).warnings == []


# Diff


def test_diff_names_the_changed_goal_field_by_codes() -> None:
    before = complete_content()
    area = before.focus_area("I2")
    assert area is not None
    lowered = replace(area, goals=(goal("D2", target="90"),))
    changes = diff(before, before.with_focus_area(lowered))
    assert changes == [
        FieldChange("focusAreas[I2].goals[D2].target.value", Decimal(120), Decimal(90))
    ]
    assert changes[0].kind == "changed"


def test_reordering_focus_areas_is_not_a_change() -> None:
    content = complete_content()
    assert diff(content, replace(content, focus_areas=tuple(reversed(content.focus_areas)))) == []


def test_diff_reports_added_removed_and_revised_text_in_a_stable_order() -> None:
    before = complete_content()
    after = (
        before.with_text(Section.BACKGROUND, "Ny bakgrunn")
        .without_focus_area("I1")
        .with_focus_area(focus_area("I4", "Grønn energi", ("D4",)))
    )
    changes = diff(before, after)
    by_path = {c.path: c for c in changes}
    assert by_path["background"] == FieldChange("background", before.background, "Ny bakgrunn")
    assert by_path["focusAreas[I1].name"].kind == "removed"
    assert by_path["focusAreas[I1].goals[D1].target.value"] == FieldChange(
        "focusAreas[I1].goals[D1].target.value", Decimal(120), None
    )
    assert by_path["focusAreas[I4].name"] == FieldChange(
        "focusAreas[I4].name", None, "Grønn energi"
    )
    assert by_path["focusAreas[I4].name"].kind == "added"
    assert [c.path for c in changes][0] == "background"
    assert [c.path for c in changes][-1].startswith("focusAreas[I4]")
    assert {
        p for p in by_path if p.startswith(("focusAreas[I2]", "focusAreas[I3]", "mainGoal"))
    } == set()


def test_setting_the_main_goal_shows_as_added_fields() -> None:
    before = complete_content(main_goal=None)
    changes = diff(before, complete_content())
    assert {c.path for c in changes} == {
        f"mainGoal.{f}"
        for f in (
            "text",
            "indicator",
            "unit",
            "baseline.value",
            "baseline.year",
            "target.value",
            "target.year",
        )
    }
    assert {c.kind for c in changes} == {"added"}


# Events carry actor, tenant, reason and decision


def test_every_event_carries_actor_tenant_reason_and_decision() -> None:
    plan = in_force()
    plan.start_revision(actor=EDITOR, reason="Oktoberrullering")
    plan.revise_section("background", "Ny", actor=EDITOR, reason="Nye tall fra SSB")
    events = plan.collect_events()
    assert {e.tenant_id for e in events} == {TENANT}
    assert [(type(e).__name__, e.actor.role, e.reason, e.decision) for e in events] == [
        ("Drafted", Role.MUNICIPALITY_EDITOR, "Utkast etter prosessamlingene", None),
        ("Submitted", Role.MUNICIPALITY_EDITOR, None, None),
        ("Approved", Role.MUNICIPALITY_BOARD, None, steering_group_approval()),
        ("Adopted", Role.MUNICIPALITY_COUNCIL_CLERK, None, council_adoption()),
        ("PutIntoForce", Role.MUNICIPALITY_COUNCIL_CLERK, None, council_adoption()),
        ("RevisionStarted", Role.MUNICIPALITY_EDITOR, "Oktoberrullering", None),
        ("SectionRevised", Role.MUNICIPALITY_EDITOR, "Nye tall fra SSB", None),
    ]
    assert [getattr(e, "version_number", None) for e in events] == [None, 1, 1, 1, 1, 2, None]


# Stored and reloaded


@pytest.fixture
def app(tmp_path: Path) -> Iterator[OmstillingApp]:
    application = OmstillingApp(env=sqlite_env(str(tmp_path / "events.sqlite")))
    yield application
    application.close()


def plan_with_every_event() -> Omstillingsplan:
    plan = draft(complete_content(areas=2, background=""))
    plan.revise_section("background", "Bakgrunn", actor=EDITOR, reason="r")
    plan.set_main_goal(goal("H1", target="150"), actor=EDITOR, reason="r")
    plan.put_focus_area(focus_area("I3", "Kompetanse", ("D3.1", "D3.2")), actor=EDITOR, reason="r")
    plan.put_focus_area(focus_area("I9", "Midlertidig"), actor=EDITOR, reason="r")
    plan.remove_focus_area("I9", actor=EDITOR, reason="r")
    plan.submit(actor=EDITOR)
    plan.return_to_draft(actor=BOARD, reason="Mer presise mål", decision=steering_group_approval())
    plan.submit(actor=EDITOR)
    plan.approve(actor=BOARD, decision=steering_group_approval())
    plan.adopt(actor=CLERK, decision=council_adoption())
    plan.put_into_force(date(2024, 2, 2), actor=CLERK)
    plan.start_revision(actor=EDITOR, reason="Oktoberrullering")
    return plan


def assert_same_typed_state(reloaded: Omstillingsplan, original: Omstillingsplan) -> None:
    def state(plan: Omstillingsplan) -> dict[str, Any]:
        return {k: v for k, v in vars(plan).items() if k != "_pending_events"}

    assert state(reloaded) == state(original)
    assert reloaded.status is PlanStatus.DRAFT
    content = reloaded.content
    assert type(content.focus_areas) is tuple and type(content.focus_areas[0].goals) is tuple
    assert type(content.main_goal.target.value) is Decimal
    assert reloaded.in_force is not None
    assert type(reloaded.in_force.effective_from) is date
    assert reloaded.in_force.adopted_by.body is DecidingBody.KOMMUNESTYRET
    assert type(reloaded.in_force.content.focus_areas) is tuple


def test_every_plan_event_round_trips_through_the_store(app: OmstillingApp) -> None:
    plan = plan_with_every_event()
    declared = {
        name
        for name, value in vars(Omstillingsplan).items()  # less the library's own bases
        if isinstance(value, type) and issubclass(value, Omstillingsplan.Event)
    } - {"Event", "Created"}
    assert {type(e).__name__ for e in plan.pending_events} == declared
    recorded = list(plan.pending_events)
    app.save(plan)
    assert_same_typed_state(app.repository.get(plan.id), plan)
    reloaded = list(app.events.get(plan.id))
    assert reloaded == recorded
    assert all(type(e.actor.role) is Role for e in reloaded)
    assert all(e.decision is None or type(e.decision.body) is DecidingBody for e in reloaded)


def test_a_plan_restored_from_a_snapshot_keeps_its_status_and_stays_editable(
    app: OmstillingApp,
) -> None:
    plan = plan_with_every_event()
    app.save(plan)
    app.take_snapshot(plan.id)
    restored = app.repository.get(plan.id)
    assert_same_typed_state(restored, plan)
    restored.revise_section("background", "Etter øyeblikksbildet", actor=EDITOR, reason="r")
    assert restored.content.background == "Etter øyeblikksbildet"
