"""Projects (tiltak) through the application and their read model, on SQLite and PostgreSQL: on a
focus area of the plan in force, milestones within the project's period, scored and prioritised
by one board decision with its weights, approved, run, late milestones, who may do what."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.app import OmstillingApp
from domain.project.mandate import Milestone
from domain.project.model import ProjectStatus
from domain.project.prioritisation import Criterion, Ranked, Score
from domain.shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from projections.audit import AuditFilter
from tests.factories import (
    FINNMARK,
    MELOY,
    NORDLAND,
    board,
    clerk,
    county_auditor,
    county_officer,
    decision,
    editor,
    fresh_database,
    national_analyst,
    prioritisation_decision,
    project_mandate,
    project_scores,
    propose_project,
    reader,
    refusal_for,
    tell_the_handlingsplan_story,
    vagan_with_plan_in_force,
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


def approval(on: date = date(2024, 12, 10)) -> Any:
    return decision("omstillingsstyret", on, "2024/77-6", "Mandat besluttet")


def proposed(app: OmstillingApp, *codes: str) -> tuple[UUID, dict[str, UUID]]:
    programme_id = vagan_with_plan_in_force(app)
    areas = {"P1": "I1", "P2": "I2", "P3": "I3"}
    return programme_id, {
        c: propose_project(app, programme_id, c, areas.get(c, "I1")) for c in codes
    }


# Proposal on the plan in force


def test_a_project_is_proposed_on_a_focus_area_of_the_plan_in_force(app: OmstillingApp) -> None:
    programme_id, ids = proposed(app, "P1")
    project = app.project(reader(), ids["P1"])
    assert project.id == app.project_id_for(programme_id, "P1")
    assert (project.status, project.focus_area_code, project.plan.version_number) == (
        ProjectStatus.PROPOSED,
        "I1",
        1,
    )
    assert [m.number for m in project.milestones] == ["M1", "M2"]


def test_proposals_and_changes_that_break_a_rule_are_refused_and_nothing_is_written(
    app: OmstillingApp,
) -> None:
    programme_id, ids = proposed(app, "P1", "P2", "P3")
    ed, styre = editor(), board()
    app.score_project(ed, ids["P1"], project_scores(5, 3, 4, 2))
    app.score_project(ed, ids["P2"], project_scores(4, 4, 3, 3))
    app.score_project(ed, ids["P3"], project_scores(2, 2, 2, 1)[:3])
    early = Milestone("M1", "Oppstart", date(2024, 12, 1))

    def propose(**changes: Any) -> Callable[[], Any]:
        arguments: dict[str, Any] = {
            "code": "P9",
            "focus_area_code": "I1",
            "mandate": project_mandate(),
            "milestones": (),
        }
        arguments.update(changes)
        return lambda: app.propose_project(ed, programme_id, **arguments)

    def prioritise(codes: list[str], **changes: Any) -> Callable[[], Any]:
        arguments: dict[str, Any] = {"decision": prioritisation_decision()}
        arguments.update(changes)
        return lambda: app.prioritise_projects(styre, programme_id, codes, weights(), **arguments)

    cases: list[tuple[str, Callable[[], Any], type[DomainError], str | None]] = [
        (
            "a focus area the plan lacks",
            propose(focus_area_code="I9"),
            ValidationFailed,
            "focusAreaCode",
        ),
        (
            "a milestone due before the start",
            propose(milestones=(early,)),
            ValidationFailed,
            "milestones[M1].dueOn",
        ),
        (
            "a milestone replanned before the start",
            lambda: app.put_project_milestone(ed, ids["P1"], early, reason="Fremskyndet"),
            ValidationFailed,
            "milestones[M1].dueOn",
        ),
        ("the same code twice", propose(code="P1"), Conflict, None),
        (
            "a score of six",
            lambda: Score(Criterion.EFFECT, 6, "Styret", date(2024, 10, 1)),
            ValidationFailed,
            "value",
        ),
        (
            "a score as a float",
            lambda: Score(Criterion.EFFECT, 4.5, "Styret", date(2024, 10, 1)),
            ValidationFailed,
            "value",
        ),
        ("an unknown candidate", prioritise(["P1", "P7"]), ValidationFailed, "projectCodes[1]"),
        ("a candidate listed twice", prioritise(["P1", "P1"]), ValidationFailed, "projectCodes"),
        (
            "a candidate not fully scored",
            prioritise(["P1", "P3"]),
            ValidationFailed,
            "projects[P3].scores",
        ),
        ("no decision", prioritise(["P1"], decision=None), ValidationFailed, "decision"),
        (
            "a decision by the council",
            prioritise(["P1"], decision=decision("kommunestyret", date(2024, 10, 15), "2024/77-2")),
            ValidationFailed,
            "decision.body",
        ),
        (
            "a decision without a case number",
            lambda: prioritise(["P1"], decision=decision("omstillingsstyret", case=""))(),
            ValidationFailed,
            "archiveCaseNumber",
        ),
        (
            "approval before prioritisation",
            lambda: app.approve_project(styre, ids["P1"], decision=approval()),
            InvalidTransition,
            None,
        ),
        (
            "a stop without a reason",
            lambda: app.stop_project(styre, ids["P2"], date(2024, 10, 15), reason=None),
            ValidationFailed,
            "reason",
        ),
        (
            "a milestone completed before the project runs",
            lambda: app.complete_milestone(ed, ids["P1"], "M1", date(2025, 3, 1), "Bevis"),
            InvalidTransition,
            None,
        ),
        (
            "a stale version",
            lambda: app.score_project(
                ed, ids["P1"], project_scores(1, 1, 1, 1), expected_version=1
            ),
            Conflict,
            None,
        ),
    ]
    before = log_head(app)
    for label, command, error, field in cases:
        with pytest.raises(error) as refused:
            command()
        if field is not None:
            assert isinstance(refused.value, ValidationFailed), label
            assert refused.value.field == field, label
        assert log_head(app) == before, label
    # The refused prioritisation wrote nothing for P1 either: one decision, all or none.
    assert app.project(reader(), ids["P1"]).status is ProjectStatus.PROPOSED


def test_each_project_step_is_taken_by_its_role_and_refused_to_every_other(
    app: OmstillingApp,
) -> None:
    programme_id, ids = proposed(app, "P1")
    p1 = ids["P1"]
    outsiders = [
        editor(MELOY),
        board(MELOY),
        reader(),
        clerk(),
        county_officer(NORDLAND),
        county_auditor(NORDLAND),
        national_analyst(),
    ]
    steps: list[tuple[str, Any, Callable[[Any], Any]]] = [
        ("score", editor(), lambda p: app.score_project(p, p1, project_scores(5, 3, 4, 2))),
        (
            "prioritise",
            board(),
            lambda p: app.prioritise_projects(
                p, programme_id, ["P1"], weights(), decision=prioritisation_decision()
            ),
        ),
        ("approve", board(), lambda p: app.approve_project(p, p1, decision=approval())),
        ("start", editor(), lambda p: app.start_project(p, p1, date(2025, 1, 6))),
        (
            "complete a milestone",
            editor(),
            lambda p: app.complete_milestone(p, p1, "M1", date(2025, 3, 20), "Avtaler signert"),
        ),
        (
            "stop",
            board(),
            lambda p: app.stop_project(p, p1, date(2025, 6, 1), reason="Ingen interesse"),
        ),
    ]
    for label, allowed, step in steps:
        before = log_head(app)
        other = board() if allowed.role is editor().role else editor()
        for principal in [*outsiders, other]:
            with pytest.raises(refusal_for(app, principal, programme_id)):
                step(principal)
            assert log_head(app) == before, (label, principal.role)
        step(allowed)
    with pytest.raises(NotFound):
        propose_project(app, programme_id, "P2", "I2", number=MELOY)
    with pytest.raises(Forbidden):
        app.propose_project(board(), programme_id, "P2", "I2", project_mandate())
    project = app.project(county_officer(NORDLAND), p1)
    assert (project.status, app.project(national_analyst(), p1).version) == (
        ProjectStatus.STOPPED,
        project.version,
    )
    for stranger in (reader(MELOY), county_officer(FINNMARK)):
        with pytest.raises(NotFound):
            app.project(stranger, p1)


def test_an_approved_mandate_changes_only_by_the_boards_decision(app: OmstillingApp) -> None:
    programme_id, ids = proposed(app, "P1")
    p1, revised = ids["P1"], project_mandate(purpose="Skape helårsarbeidsplasser og bosetting.")
    app.revise_project_mandate(editor(), p1, revised, reason="Presisert formål")
    app.score_project(editor(), p1, project_scores(5, 3, 4, 2))
    app.prioritise_projects(
        board(), programme_id, ["P1"], weights(), decision=prioritisation_decision()
    )
    app.approve_project(board(), p1, decision=approval())
    before = log_head(app)
    with pytest.raises(Forbidden):
        app.revise_project_mandate(editor(), p1, project_mandate(), reason="Ny leder")
    with pytest.raises(ValidationFailed) as refused:
        app.revise_project_mandate(board(), p1, project_mandate(), reason="Ny leder")
    assert (refused.value.field, log_head(app)) == ("decision", before)
    app.revise_project_mandate(
        board(),
        p1,
        project_mandate(project_leader="Per Hansen"),
        reason="Ny leder",
        decision=decision("omstillingsstyret", date(2025, 2, 3), "2025/77-1", "Ny prosjektleder"),
    )
    assert app.project(reader(), p1).mandate.project_leader == "Per Hansen"


# Read models, after Runtime.command


@dataclass(frozen=True)
class World:
    runtime: Runtime
    ids: dict[str, UUID]


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    path = tmp_path_factory.mktemp("projects")

    def build(env: dict[str, str]) -> Iterator[World]:
        runtime = Runtime(env)
        try:
            yield World(runtime, tell_the_handlingsplan_story(runtime))
        finally:
            runtime.close()

    if request.param == "sqlite":
        yield from build(event_store_env(None, sqlite_path=str(path / "events.sqlite")))
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield from build(event_store_env(url, sqlite_path=str(path / "unused.sqlite")))


def test_the_project_row_holds_mandate_status_and_milestones(world: World) -> None:
    row = world.runtime.projects.project(world.ids["P1"])
    assert row is not None
    assert row == world.runtime.projects.project_by_code(world.ids["vagan"], "P1")
    assert (row.code, row.name, row.status, row.focus_area_code, row.plan_version) == (
        "P1",
        "Prosjekt P1",
        "running",
        "I1",
        1,
    )
    assert row.mandate["projectLeader"] == "Kari Nordmann"
    assert row.mandate["organisation"]["workStreams"] == [
        {"name": "Arbeidsstrøm 1", "scope": "Vinterprodukter"}
    ]
    assert row.mandate["decisionPoints"] == [{"name": "Mandat besluttet", "dueOn": "2024-12-10"}]
    assert (row.started_on, row.approved_by and row.approved_by["archiveCaseNumber"]) == (
        date(2025, 1, 6),
        "2024/77-6",
    )
    m1, m2 = row.milestones
    assert (m1.number, m1.due_on, m1.completed_on, m1.completed_by, m1.evidence) == (
        "M1",
        date(2025, 3, 31),
        date(2025, 3, 20),
        "Kari Nordmann",
        "Tre bedrifter har signert avtale",
    )
    assert (m2.number, m2.due_on, m2.completed_on) == ("M2", date(2025, 9, 30), None)
    assert row.aggregate_version == world.runtime.app.project(reader(), world.ids["P1"]).version


def test_scores_say_who_scored_and_when(world: World) -> None:
    row = world.runtime.projects.project(world.ids["P1"])
    assert row is not None
    assert row.scores == [
        {
            "criterion": c,
            "value": v,
            "scoredBy": "Omstillingsstyret",
            "scoredOn": "2024-10-01",
            "note": "",
        }
        for c, v in (("effect", 5), ("money", 3), ("speed", 4), ("personnel", 2))
    ]


def test_the_ranking_is_recorded_with_the_decision_and_the_weights_it_used(world: World) -> None:
    prioritisation, _ = world.runtime.projects.prioritisations(world.ids["vagan"])
    assert prioritisation.decision["archiveCaseNumber"] == "2024/77-2"
    assert prioritisation.decided_on == date(2024, 10, 15)
    assert prioritisation.weights == {"effect": 40, "money": 30, "speed": 20, "personnel": 10}
    assert [
        (r.position, r.project_code, r.points, r.weighted_score) for r in prioritisation.ranking
    ] == [(1, "P1", 390, Decimal("3.90")), (2, "P2", 370, Decimal("3.70"))]
    p2 = world.runtime.projects.project(world.ids["P2"])
    assert p2 is not None
    assert (p2.status, p2.weighted_score, p2.weights) == (
        "prioritised",
        Decimal("3.70"),
        prioritisation.weights,
    )
    assert p2.prioritised_by == prioritisation.decision


def test_the_candidates_still_open_rank_under_weights_the_board_considers(world: World) -> None:
    ranking = world.runtime.projects.candidate_ranking(world.ids["vagan"], weights())
    assert ranking == (Ranked(1, "P4", Decimal("3.00")),)


def test_a_stopped_candidate_keeps_its_reason_and_decision(world: World) -> None:
    p3 = world.runtime.projects.project(world.ids["P3"])
    assert p3 is not None
    assert (p3.status, p3.ended_on, p3.end_reason) == (
        "stopped",
        date(2024, 10, 15),
        "Ikke prioritert i 2025",
    )
    assert p3.ended_by is not None and p3.ended_by["archiveCaseNumber"] == "2024/77-2"
    assert [p.code for p in world.runtime.projects.projects(status="proposed")] == ["P4"]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 3, 25), []),
        (date(2025, 4, 1), [("P2", "M1", 1), ("P4", "M1", 1)]),
        (date(2025, 9, 30), [("P2", "M1", 183), ("P4", "M1", 183)]),
        (
            date(2025, 10, 1),
            [
                ("P2", "M1", 184),
                ("P4", "M1", 184),
                ("P1", "M2", 1),
                ("P2", "M2", 1),
                ("P4", "M2", 1),
            ],
        ),
    ],
)
def test_milestones_past_due_and_unfinished_are_late_on_the_date_asked(
    world: World, on: date, expected: list[tuple[str, str, int]]
) -> None:
    late = world.runtime.projects.late_milestones(on, programme_id=world.ids["vagan"])
    assert [(m.project_code, m.milestone.number, m.days_late) for m in late] == expected
    app = world.runtime.app
    by_domain = sorted(
        (code, m.number)
        for code in ("P1", "P2", "P3", "P4")
        for m in app.project(reader(), world.ids[code]).late_milestones(on)
    )
    assert sorted((code, number) for code, number, _ in expected) == by_domain
    row = world.runtime.projects.project(world.ids["P1"])
    assert row is not None
    assert [m.number for m in row.late_milestones(on)] == [
        number for code, number, _ in expected if code == "P1"
    ]


def test_the_audit_trail_says_what_each_project_event_did(world: World) -> None:
    rows = world.runtime.audit.entries(
        AuditFilter(aggregate_id=world.ids["P1"]), after=None, limit=100
    )
    assert [r["summary"] for r in rows] == [
        "Project (tiltak) P1 'Prosjekt P1' proposed on focus area I1",
        "Project scored: effect 5, money 3, speed 4, personnel 2",
        "Project prioritised (prioritert), weighted score 3.90 (weights effect 40, money 30, "
        "speed 20, personnel 10) by omstillingsstyret 2024-10-15 (2024/77-2)",
        "Project approved (vedtatt) by omstillingsstyret 2024-12-10 (2024/77-6)",
        "Project started on 2025-01-06",
        "Milestone M1 completed on 2025-03-20 by Kari Nordmann",
    ]


def test_each_decision_records_its_own_ranking_and_equal_scores_share_a_position(
    world: World,
) -> None:
    first, second = world.runtime.projects.prioritisations(world.ids["vagan"])
    assert [r.project_code for r in first.ranking] == ["P1", "P2"]
    assert (second.decided_on, second.weights) == (
        date(2025, 2, 4),
        {"effect": 25, "money": 25, "speed": 25, "personnel": 25},
    )
    assert [(r.position, r.project_code, r.points) for r in second.ranking] == [
        (1, "P5", 250),
        (1, "P6", 250),
    ]
    assert world.runtime.projects.latest_prioritisation(world.ids["vagan"]) == second
    assert world.runtime.projects.prioritisation(first.prioritisation_id) == first
