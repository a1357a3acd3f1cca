"""Read models kept current by the runtime, on SQLite and PostgreSQL: plans and every version in
full, the audit trail, the programme directory, and what each role may see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.access import Principal
from domain.plan.content import PlanContent
from domain.shared.clock import recorded_at
from omstilling.demo import seed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.audit import AuditFilter
from projections.documents import content_doc, decision_doc
from tests.factories import (
    BATSFJORD,
    FINNMARK,
    MELOY,
    NORDLAND,
    RODOY,
    TELEMARK,
    TINN,
    TROMS,
    VAGAN,
    at,
    board,
    board_approval,
    clerk,
    complete_content,
    council_adoption,
    county_auditor,
    county_officer,
    decision,
    editor,
    focus_area,
    fresh_database,
    goal,
    municipality_id,
    national_analyst,
    reader,
    status_grant,
    steering_group_approval,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
REVISED_BACKGROUND = "Turismen vokser raskere enn ventet; nye tall fra SSB."


def extension() -> Any:
    return decision(
        "fylkesutvalget",
        date(2024, 3, 5),
        "2023/4411-12",
        "Forlenget omstillingsperiode",
        "PS 19/24",
    )


def member_decision() -> Any:
    return decision(
        "fylkesutvalget", date(2023, 9, 12), "2023/4411-7", "Rødøy med i omstillingsområdet"
    )


def phase_decision() -> Any:
    return decision(
        "omstillingsstyret", date(2023, 9, 1), "2023/4411-9", "Oppstart strategifasen", "PS 4/23"
    )


def second_version(first: PlanContent) -> PlanContent:
    lowered = replace(first.focus_areas[1], goals=(goal("D2", target="90"),))
    return first.with_focus_area(lowered).with_focus_area(focus_area("I4", "Grønn energi", ("D4",)))


@dataclass(frozen=True)
class World:
    runtime: Runtime
    programme_id: UUID
    plan_id: UUID
    demo: dict[str, UUID]
    v1: PlanContent
    v2: PlanContent
    v3: PlanContent


def tell_the_story(runtime: Runtime) -> tuple[UUID, UUID]:
    """Vågan: granted, joined by Rødøy, extended; plan v1 in force, v2 in force, v3 being drafted."""
    officer, first = county_officer(NORDLAND), complete_content()

    def run(moment: Any, command: Any) -> UUID:
        with recorded_at(moment):
            return runtime.command(command).aggregate_id

    programme = run(
        at(date(2023, 5, 3)),
        lambda a: a.register_programme(
            officer,
            name="Omstilling Vågan",
            kind="sudden_employment_loss",
            lead_municipality_number=VAGAN,
            period_start=date(2023, 7, 1),
            period_end=date(2029, 6, 30),
            decision=status_grant(),
            reason="Bortfall av arbeidsplasser i fiskeindustrien",
        ),
    )
    run(
        at(date(2023, 9, 14)),
        lambda a: a.add_programme_municipality(
            officer, programme, RODOY, decision=member_decision(), reason="Felles arbeidsmarked"
        ),
    )
    run(
        at(date(2023, 9, 2)),
        lambda a: a.advance_programme_phase(
            board(), programme, "strategy_and_anchoring", decision=phase_decision()
        ),
    )
    plan = run(
        at(date(2023, 11, 1)),
        lambda a: a.draft_plan(editor(), programme, first, reason="Første utkast"),
    )
    run(at(date(2023, 12, 1)), lambda a: a.submit_plan(editor(), plan))
    run(
        at(date(2024, 1, 10)),
        lambda a: a.approve_plan(board(), plan, decision=steering_group_approval()),
    )
    run(
        at(date(2024, 2, 1), 18), lambda a: a.adopt_plan(clerk(), plan, decision=council_adoption())
    )
    run(at(date(2024, 2, 2)), lambda a: a.put_plan_into_force(clerk(), plan, date(2024, 2, 2)))
    run(
        at(date(2024, 3, 6)),
        lambda a: a.extend_programme_period(
            officer, programme, date(2030, 6, 30), decision=extension(), reason="Sen oppstart"
        ),
    )

    second = second_version(first)
    with recorded_at(at(date(2024, 10, 18))):
        runtime.command(
            lambda a: a.start_plan_revision(editor(), plan, reason="Oktoberrullering 2024")
        )
        runtime.command(
            lambda a: a.put_plan_focus_area(
                editor(), plan, second.focus_areas[1], reason="Reiselivsmålet nedjusteres"
            )
        )
        runtime.command(
            lambda a: a.put_plan_focus_area(
                editor(),
                plan,
                second.focus_areas[3],
                reason="Ny regional strategi for grønn energi",
            )
        )
        runtime.command(lambda a: a.submit_plan(editor(), plan))
    run(
        at(date(2024, 11, 12)),
        lambda a: a.approve_plan(board(), plan, decision=board_approval(date(2024, 11, 12))),
    )
    run(
        at(date(2024, 12, 12), 18),
        lambda a: a.adopt_plan(
            clerk(), plan, decision=council_adoption(date(2024, 12, 12), "PS 71/24")
        ),
    )
    run(
        at(date(2024, 12, 12), 19),
        lambda a: a.put_plan_into_force(clerk(), plan, date(2024, 12, 12)),
    )
    with recorded_at(at(date(2025, 10, 20))):
        runtime.command(
            lambda a: a.start_plan_revision(editor(), plan, reason="Oktoberrullering 2025")
        )
        runtime.command(
            lambda a: a.revise_plan_section(
                editor(),
                plan,
                "background",
                REVISED_BACKGROUND,
                reason="Programstatusvurderingen 2025",
            )
        )
    return programme, plan


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The demo history plus the Vågan story, told once per backend and only read by the tests."""
    path = tmp_path_factory.mktemp("read-models")

    def build(env: dict[str, str]) -> Iterator[World]:
        runtime = Runtime(env)
        try:
            demo = seed(runtime, national=False)
            programme, plan = tell_the_story(runtime)
            v2 = second_version(complete_content())
            yield World(
                runtime,
                programme,
                plan,
                demo,
                complete_content(),
                v2,
                replace(v2, background=REVISED_BACKGROUND),
            )
        finally:
            runtime.close()

    if request.param == "sqlite":
        yield from build(event_store_env(None, sqlite_path=str(Path(path) / "events.sqlite")))
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield from build(event_store_env(url, sqlite_path=str(Path(path) / "unused.sqlite")))


# The plan and its versions


def test_the_plan_row_is_the_current_draft_with_the_version_in_force_named(world: World) -> None:
    row = world.runtime.plans.plan(world.plan_id)
    aggregate = world.runtime.app.plan(reader(), world.plan_id)
    assert row is not None
    assert (
        row["status"],
        row["version_number"],
        row["in_force_version"],
        row["in_force_from"],
    ) == ("draft", 3, 2, "2024-12-12")
    assert row["content"] == content_doc(world.v3) == content_doc(aggregate.content)
    assert row["aggregate_version"] == aggregate.version == 14
    assert (row["programme_id"], row["tenant_id"]) == (
        str(world.programme_id),
        str(municipality_id(VAGAN)),
    )
    assert row["warnings"] == []
    assert world.runtime.plans.plan_for_programme(world.programme_id) == row


def test_every_version_is_kept_in_full_with_its_decisions(world: World) -> None:
    versions = world.runtime.plans.versions(world.plan_id)
    assert [
        (v["version_number"], v["status"], v["effective_from"], v["superseded_from"])
        for v in versions
    ] == [
        (1, "superseded", "2024-02-02", "2024-12-12"),
        (2, "in_force", "2024-12-12", None),
        (3, "draft", None, None),
    ]
    first, second, third = versions
    assert first["content"] == content_doc(world.v1)
    assert second["content"] == content_doc(world.v2)
    assert third["content"] == content_doc(world.v3)
    assert (first["approved_by"], first["adopted_by"]) == (
        decision_doc(steering_group_approval()),
        decision_doc(council_adoption()),
    )
    assert (second["approved_by"], second["adopted_by"]) == (
        decision_doc(board_approval(date(2024, 11, 12))),
        decision_doc(council_adoption(date(2024, 12, 12), "PS 71/24")),
    )
    assert (third["approved_by"], third["adopted_by"]) == (None, None)
    assert [v["started_reason"] for v in versions] == [
        "Første utkast",
        "Oktoberrullering 2024",
        "Oktoberrullering 2025",
    ]


def test_each_version_lists_its_changes_with_reason_actor_and_time(world: World) -> None:
    second = world.runtime.plans.version(world.plan_id, 2)
    assert second is not None
    assert [(c["eventType"], c["description"], c["reason"]) for c in second["changes"]] == [
        ("RevisionStarted", "Revision started", "Oktoberrullering 2024"),
        ("FocusAreaPut", "focus area I2 set", "Reiselivsmålet nedjusteres"),
        ("FocusAreaPut", "focus area I4 set", "Ny regional strategi for grønn energi"),
    ]
    assert {c["actor"]["userId"] for c in second["changes"]} == {"kari"}
    assert {c["at"][:10] for c in second["changes"]} == {"2024-10-18"}
    third = world.runtime.plans.version(world.plan_id, 3)
    assert third is not None
    assert [c["description"] for c in third["changes"]] == [
        "Revision started",
        "background revised",
    ]


def test_the_demo_plan_in_draft_warns_of_too_few_focus_areas(world: World) -> None:
    tinn = world.runtime.plans.plan_for_programme(world.demo["tinn"])
    assert tinn is not None
    assert (tinn["status"], tinn["in_force_version"]) == ("draft", None)
    assert tinn["warnings"] == ["the plan has 2 focus areas; normally there are 3 to 4"]


# The audit trail


def audit(world: World, **where: Any) -> list[dict[str, Any]]:
    return world.runtime.audit.entries(AuditFilter(**where), after=None, limit=1000)


def test_the_audit_trail_has_one_row_per_event_in_log_order(world: World) -> None:
    app = world.runtime.app
    log = app.recorder.select_notifications(start=None, limit=1000)
    rows = audit(world)
    assert [r["position"] for r in rows] == [n.id for n in log]
    for row, notification in zip(rows, log, strict=True):
        event = app.mapper.to_domain_event(notification)
        assert (row["aggregate_id"], row["aggregate_version"], row["event_type"]) == (
            str(event.originator_id),
            event.originator_version,
            type(event).__name__,
        )
        assert (row["actor_user_id"], row["actor_role"], row["actor_tenant"]) == (
            event.actor.user_id,
            event.actor.role.value,
            event.actor.tenant,
        )
        assert row["tenant_id"] == str(event.tenant_id)
        assert row["reason"] == event.reason
        assert row["decision"] == decision_doc(event.decision)
        assert row["occurred_at"] == event.timestamp.isoformat()


def test_audit_rows_of_the_story_say_who_did_what_by_which_decision(world: World) -> None:
    rows = audit(world, tenant_ids=[municipality_id(VAGAN)])
    assert len(rows) == 4 + 14
    registered, adopted_v2 = (
        rows[0],
        next(
            r
            for r in rows
            if r["event_type"] == "Adopted" and r["summary"].startswith("Plan version 2")
        ),
    )
    assert registered["summary"] == (
        "Programme 'Omstilling Vågan' registered (omstillingsstatus innvilget) for 2023-07-01–2029-06-30 "
        "by fylkesutvalget 2023-05-02 PS 44/23 (2023/4411-3)"
    )
    assert (
        registered["aggregate_type"],
        registered["actor_name"],
        registered["decision_body"],
        registered["decision_case_number"],
    ) == ("Programme", "Saksbehandler 18", "fylkesutvalget", "2023/4411-3")
    assert adopted_v2["summary"] == (
        "Plan version 2 adopted (vedtatt) by kommunestyret 2024-12-12 PS 71/24 (2024/12-4)"
    )
    assert (adopted_v2["aggregate_type"], adopted_v2["actor_user_id"]) == (
        "Omstillingsplan",
        "sekretariat",
    )
    revised = rows[-1]
    assert (revised["event_type"], revised["reason"], revised["decision"]) == (
        "SectionRevised",
        "Programstatusvurderingen 2025",
        None,
    )
    assert revised["summary"] == "Section background (Bakgrunn for omstillingsarbeidet) revised"


def test_the_audit_trail_filters_by_aggregate_actor_type_time_and_tenant(world: World) -> None:
    assert [r["event_type"] for r in audit(world, aggregate_id=world.programme_id)] == [
        "Registered",
        "MunicipalityAdded",
        "PhaseAdvanced",
        "PeriodExtended",
    ]
    vagan = [municipality_id(VAGAN)]
    assert len(audit(world, tenant_ids=vagan, actor_user_id="sekretariat")) == 4
    assert len(audit(world, tenant_ids=vagan, event_types=["Adopted", "PutIntoForce"])) == 4
    in_2024 = audit(world, tenant_ids=vagan, occurred_from="2024-01-01", occurred_to="2025-01-01")
    assert len(in_2024) == 11
    assert audit(world, tenant_ids=[]) == []
    assert audit(world, tenant_ids=[municipality_id(RODOY)]) == []


def test_the_audit_trail_pages_by_position(world: World) -> None:
    vagan = AuditFilter(tenant_ids=[municipality_id(VAGAN)])
    first = world.runtime.audit.entries(vagan, after=None, limit=7)
    rest = world.runtime.audit.entries(vagan, after=first[-1]["position"], limit=100)
    assert len(first) == 7 and len(rest) == 11
    assert first + rest == audit(world, tenant_ids=[municipality_id(VAGAN)])


# The programme directory


def test_the_directory_holds_the_programme_as_it_is_now(world: World) -> None:
    row = world.runtime.programmes.programme(world.programme_id)
    assert row is not None
    assert (row.name, row.kind, row.phase, row.period_start, row.period_end, row.version) == (
        "Omstilling Vågan",
        "sudden_employment_loss",
        "strategy_and_anchoring",
        date(2023, 7, 1),
        date(2030, 6, 30),
        4,
    )
    assert row.municipality_ids == (municipality_id(VAGAN), municipality_id(RODOY))
    assert (row.lead_municipality_id, row.tenant_id) == (
        municipality_id(VAGAN),
        municipality_id(VAGAN),
    )
    assert row.status_decision == decision_doc(status_grant())
    assert row.registered_at.startswith("2023-05-03") and row.updated_at.startswith("2024-03-06")


def test_the_directory_filters_by_tenant_and_granting_county(world: World) -> None:
    directory = world.runtime.programmes
    names = [r.name for r in directory.programmes()]
    story = ["Omstilling Båtsfjord 2021–2027", "Omstilling Meløy", "Omstilling Vågan"]
    assert [n for n in names if n in story + ["Omstilling Tinn"]] == [*story, "Omstilling Tinn"]

    assert [r.programme_id for r in directory.programmes(tenant_ids=[municipality_id(VAGAN)])] == [
        world.programme_id
    ]
    assert [r.name for r in directory.programmes(granting_counties=["54"])] == [
        "Omstilling Båtsfjord 2021–2027"
    ]
    assert directory.programmes(granting_counties=["56"]) == []
    assert directory.programmes(tenant_ids=[]) == []
    meloy = directory.programme(world.demo["meloy"])
    assert meloy is not None and meloy.municipality_ids == (
        municipality_id(MELOY),
        municipality_id(RODOY),
    )


# Who sees what


def ids(world: World, *keys: str) -> list[UUID]:
    found = {"vagan": world.programme_id, **world.demo}
    directory = world.runtime.programmes
    return sorted((directory.programme(found[k]).tenant_id for k in keys), key=str)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "principal,expected",
    [
        (editor(BATSFJORD), ("batsfjord",)),
        (reader(MELOY), ("meloy",)),
        (county_officer(FINNMARK), ("batsfjord",)),
        (county_auditor(FINNMARK), ("batsfjord",)),
        (county_officer(NORDLAND), ("meloy", "vagan")),
        (county_officer(TELEMARK), ("tinn",)),
        (county_officer(TROMS), ()),
    ],
)
def test_read_scope_lists_the_tenants_each_role_may_see(
    world: World,
    principal: Principal,
    expected: tuple[str, ...],
) -> None:
    assert world.runtime.read_scope(principal).tenant_ids == ids(world, *expected)


def test_the_national_analyst_reads_every_tenant(world: World) -> None:
    assert world.runtime.read_scope(national_analyst()).tenant_ids is None
    assert len(world.runtime.visible_programmes(national_analyst())) == 4


def test_a_partner_municipality_sees_only_its_own_tenant(world: World) -> None:
    assert world.runtime.read_scope(reader(RODOY)).tenant_ids == [municipality_id(RODOY)]
    assert world.runtime.visible_programmes(reader(RODOY)) == []


def test_visible_programmes_follow_supervision_after_the_county_reform(world: World) -> None:
    assert [r.name for r in world.runtime.visible_programmes(county_officer(FINNMARK))] == [
        "Omstilling Båtsfjord 2021–2027"
    ]
    assert world.runtime.visible_programmes(county_officer(TROMS)) == []
    assert [r.name for r in world.runtime.visible_programmes(editor(TINN))] == ["Omstilling Tinn"]


# A plan sent back


@pytest.fixture(params=BACKENDS)
def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runtime]:
    if request.param == "sqlite":
        env = event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
    else:
        env = event_store_env(
            request.getfixturevalue("fresh_postgres_url"), sqlite_path=str(tmp_path / "x")
        )
    started = Runtime(env)
    yield started
    started.close()


def test_a_plan_returned_to_draft_loses_its_approval_in_the_read_model(runtime: Runtime) -> None:
    programme = runtime.command(
        lambda a: a.register_programme(
            county_officer(NORDLAND),
            name="Omstilling Vågan",
            kind="sudden_employment_loss",
            lead_municipality_number=VAGAN,
            period_start=date(2023, 7, 1),
            period_end=date(2029, 6, 30),
            decision=status_grant(),
        )
    ).aggregate_id
    plan = runtime.command(
        lambda a: a.draft_plan(editor(), programme, complete_content())
    ).aggregate_id
    runtime.command(lambda a: a.submit_plan(editor(), plan))
    runtime.command(lambda a: a.approve_plan(board(), plan, decision=steering_group_approval()))
    assert runtime.plans.version(plan, 1)["approved_by"] == decision_doc(steering_group_approval())  # type: ignore[index]
    sent_back = decision("kommunestyret", date(2024, 2, 1), "2024/12-4", "Sendt tilbake", "PS 5/24")
    runtime.command(
        lambda a: a.return_plan_to_draft(
            board(), plan, reason="Kommunestyret ba om tydeligere mål", decision=sent_back
        )
    )

    version = runtime.plans.version(plan, 1)
    row = runtime.plans.plan(plan)
    assert version is not None and row is not None
    assert (version["status"], version["approved_by"], row["status"]) == ("draft", None, "draft")
    last = runtime.audit.entries(AuditFilter(aggregate_id=plan), after=None, limit=10)[-1]
    assert (last["event_type"], last["reason"], last["decision"]) == (
        "ReturnedToDraft",
        "Kommunestyret ba om tydeligere mål",
        decision_doc(sent_back),
    )
    assert last["summary"] == (
        "Plan version 1 returned to draft by kommunestyret 2024-02-01 PS 5/24 (2024/12-4)"
    )
