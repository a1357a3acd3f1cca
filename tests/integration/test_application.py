"""OmstillingApp against a real event store, SQLite and PostgreSQL: scope, versions, refusals, history."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate

from application.app import CommandResult, OmstillingApp
from domain.plan.model import PlanStatus
from domain.programme.model import Phase
from domain.shared.clock import recorded_at
from domain.shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from omstilling.eventstore import event_store_env
from tests.factories import (
    BATSFJORD,
    FINNMARK,
    MELOY,
    NORDLAND,
    TROMS,
    TROMS_OG_FINNMARK,
    VAGAN,
    at,
    board,
    clerk,
    complete_content,
    council_adoption,
    county_auditor,
    county_officer,
    decision,
    editor,
    focus_area,
    municipality_id,
    national_analyst,
    plan_in_force,
    reader,
    register_vagan,
    status_grant,
    steering_group_approval,
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


def register_batsfjord_2021(app: OmstillingApp, officer_county: str) -> CommandResult:
    """The 2021 grant by Troms og Finnmark (54), recorded after the 2024 reform."""
    return app.register_programme(
        county_officer(officer_county),
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
    )


# Commands and results


def test_a_county_registers_a_programme_and_reads_it_back(app: OmstillingApp) -> None:
    before = log_head(app)
    result = app.register_programme(
        county_officer(NORDLAND),
        name="Omstilling Vågan",
        kind="long_term_decline",
        lead_municipality_number=VAGAN,
        other_municipality_numbers=(MELOY,),
        period_start=date(2023, 7, 1),
        period_end=date(2030, 6, 30),
        decision=status_grant(),
    )
    assert result.version == 1 and len(result.notification_ids) == 1
    assert result.last_notification_id is not None and result.last_notification_id > before
    assert result.warnings == ("the period is longer than the normal 6 years",)
    programme = app.programme(county_officer(NORDLAND), result.aggregate_id)
    assert programme.phase is Phase.DEVELOPMENT_ANALYSIS
    assert programme.municipality_ids == (municipality_id(VAGAN), municipality_id(MELOY))
    assert programme.granting_county_number == NORDLAND
    assert programme.status_decision == status_grant()


def test_the_plan_goes_through_its_lifecycle_by_the_roles_that_decide(app: OmstillingApp) -> None:
    plan_id = plan_in_force(app, register_vagan(app))
    plan = app.plan(reader(VAGAN), plan_id)
    assert (plan.status, plan.version, plan.in_force.number) == (PlanStatus.IN_FORCE, 5, 1)
    assert plan.in_force.adopted_by == council_adoption()


def test_a_stale_expected_version_is_a_conflict_and_nothing_is_written(app: OmstillingApp) -> None:
    plan_id = app.draft_plan(
        editor(), register_vagan(app), complete_content(), reason="Utkast"
    ).aggregate_id
    app.revise_plan_section(
        editor(), plan_id, "background", "Andre utkast", reason="Nye tall", expected_version=1
    )
    before = log_head(app)
    with pytest.raises(Conflict) as conflict:
        app.revise_plan_section(
            editor(), plan_id, "background", "Tredje utkast", reason="Nye tall", expected_version=1
        )
    assert (conflict.value.expected, conflict.value.actual) == (1, 2)
    assert log_head(app) == before
    plan = app.plan(editor(), plan_id)
    assert (plan.version, plan.content.background) == (2, "Andre utkast")


def test_registering_the_same_grant_twice_is_a_conflict(app: OmstillingApp) -> None:
    register_vagan(app)
    before = log_head(app)
    with pytest.raises(Conflict, match="already exists"):
        register_vagan(app)
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


def test_two_concurrent_revisions_of_the_same_version_exactly_one_wins(
    app: OmstillingApp,
    env: dict[str, str],
) -> None:
    plan_id = plan_in_force(app, register_vagan(app))
    version = app.plan(editor(), plan_id).version
    before = log_head(app)
    start, save = threading.Barrier(2), threading.Barrier(2)
    racers = [RacingApp(env=env, barrier=save) for _ in range(2)]
    outcomes: list[CommandResult | Exception] = []
    lock = threading.Lock()

    def revise(racer: RacingApp, n: int) -> None:
        start.wait(timeout=15)
        try:
            outcome: CommandResult | Exception = racer.start_plan_revision(
                editor(),
                plan_id,
                reason=f"Rullering fra saksbehandler {n}",
                expected_version=version,
            )
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcome = error
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=revise, args=(racer, n)) for n, racer in enumerate(racers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        for racer in racers:
            racer.close()

    wins = [o for o in outcomes if isinstance(o, CommandResult)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(wins), len(conflicts)) == (1, 1), outcomes
    # Both passed the version check; the store, not the check, refused the second writer.
    assert "changed by someone else" in str(conflicts[0])
    new = app.recorder.select_notifications(start=before, limit=10, inclusive_of_start=False)
    assert len(new) == 1
    assert new[0].id == wins[0].last_notification_id
    plan = app.plan(editor(), plan_id)
    assert (plan.version, plan.version_number, plan.status) == (version + 1, 2, PlanStatus.DRAFT)
    winner = next(app.events.get(plan_id, gt=version))
    assert winner.reason.startswith("Rullering fra saksbehandler")


# Scope: tenants and roles


def test_writes_into_another_tenant_are_not_found_and_write_nothing(app: OmstillingApp) -> None:
    programme_id = register_vagan(app)
    plan_id = app.draft_plan(
        editor(), programme_id, complete_content(), reason="Utkast"
    ).aggregate_id
    before = log_head(app)
    attempts: list[Callable[[], Any]] = [
        lambda: app.revise_plan_section(editor(MELOY), plan_id, "background", "Kapret", reason="x"),
        lambda: app.submit_plan(editor(BATSFJORD), plan_id),
        lambda: app.advance_programme_phase(
            county_officer(FINNMARK), programme_id, "strategy_and_anchoring", reason="x"
        ),
        lambda: app.advance_programme_phase(
            board(MELOY), programme_id, "strategy_and_anchoring", reason="x"
        ),
        lambda: app.extend_programme_period(
            county_officer(TROMS),
            programme_id,
            date(2030, 6, 30),
            decision=decision("fylkesutvalget", date(2029, 1, 5), "2029/1-1", "x"),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):  # another tenant's records are answered as absent
            attempt()
    assert log_head(app) == before
    assert app.plan(editor(), plan_id).content.background == complete_content().background


def test_a_municipality_cannot_draft_the_plan_of_another_municipalitys_programme(
    app: OmstillingApp,
) -> None:
    programme_id = register_vagan(app)
    before = log_head(app)
    with pytest.raises(NotFound):
        app.draft_plan(editor(MELOY), programme_id, complete_content(), reason="x")
    assert log_head(app) == before


def test_reads_outside_the_scope_are_not_found(app: OmstillingApp) -> None:
    programme_id = register_vagan(app)
    plan_id = app.draft_plan(
        editor(), programme_id, complete_content(), reason="Utkast"
    ).aggregate_id
    for outsider in (
        reader(MELOY),
        editor(BATSFJORD),
        county_officer(FINNMARK),
        county_auditor(TROMS),
    ):
        with pytest.raises(NotFound):
            app.programme(outsider, programme_id)
        with pytest.raises(NotFound):
            app.plan(outsider, plan_id)
        with pytest.raises(NotFound):
            app.plan_as_of(outsider, plan_id, datetime.now(UTC))
    for insider in (reader(VAGAN), county_auditor(NORDLAND), national_analyst()):
        assert app.plan(insider, plan_id).id == plan_id
        assert app.programme(insider, programme_id).id == programme_id


def test_unknown_ids_are_not_found(app: OmstillingApp) -> None:
    programme_id = register_vagan(app)
    with pytest.raises(NotFound):
        app.plan(editor(), uuid4())
    with pytest.raises(NotFound):  # a programme's id is not a plan's
        app.plan(editor(), programme_id)
    with pytest.raises(NotFound):
        app.programme(editor(), app.plan_id_for(programme_id))


def test_finnmark_records_the_2021_grant_by_troms_og_finnmark_and_only_finnmark_sees_it(
    app: OmstillingApp,
) -> None:
    before = log_head(app)
    with pytest.raises(Forbidden):  # Båtsfjord lies outside Troms's area: nothing to hide
        register_batsfjord_2021(app, TROMS)
    assert log_head(app) == before

    programme_id = register_batsfjord_2021(app, FINNMARK).aggregate_id
    programme = app.programme(county_officer(FINNMARK), programme_id)
    assert (programme.granting_county_number, programme.tenant_id) == (
        TROMS_OG_FINNMARK,
        municipality_id(BATSFJORD),
    )
    assert app.programme(reader(BATSFJORD), programme_id).id == programme_id
    for outsider in (county_officer(TROMS), county_auditor(TROMS), county_officer(NORDLAND)):
        with pytest.raises(NotFound):
            app.programme(outsider, programme_id)


def test_a_grant_by_troms_og_finnmark_dated_after_the_reform_is_refused(app: OmstillingApp) -> None:
    with pytest.raises(ValidationFailed) as refused:
        app.register_programme(
            county_officer(FINNMARK),
            granting_county_number=TROMS_OG_FINNMARK,
            name="Omstilling Båtsfjord",
            kind="sudden_employment_loss",
            lead_municipality_number=BATSFJORD,
            period_start=date(2024, 7, 1),
            period_end=date(2030, 6, 30),
            decision=decision("fylkesutvalget", date(2024, 3, 1), "2024/77-1", "Omstillingsstatus"),
        )
    assert refused.value.field == "grantingCountyNumber"
    assert log_head(app) == 0


def test_the_national_analyst_reads_everything_and_writes_nothing(app: OmstillingApp) -> None:
    programme_id = register_vagan(app)
    plan_id = app.draft_plan(
        editor(), programme_id, complete_content(), reason="Utkast"
    ).aggregate_id
    analyst = national_analyst()
    before = log_head(app)
    attempts: list[Callable[[], Any]] = [
        lambda: app.register_programme(
            analyst,
            name="Omstilling Meløy",
            kind="sudden_employment_loss",
            lead_municipality_number=MELOY,
            period_start=date(2023, 7, 1),
            period_end=date(2029, 6, 30),
            decision=status_grant(),
        ),
        lambda: app.advance_programme_phase(
            analyst, programme_id, "strategy_and_anchoring", reason="x"
        ),
        lambda: app.add_programme_municipality(
            analyst, programme_id, MELOY, decision=status_grant()
        ),
        lambda: app.revise_plan_section(analyst, plan_id, "background", "x", reason="x"),
        lambda: app.submit_plan(analyst, plan_id),
        lambda: app.approve_plan(analyst, plan_id, decision=steering_group_approval()),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    assert log_head(app) == before
    assert app.plan(analyst, plan_id).status is PlanStatus.DRAFT


def test_the_wrong_role_within_the_municipality_is_forbidden(app: OmstillingApp) -> None:
    plan_id = app.draft_plan(
        editor(), register_vagan(app), complete_content(), reason="Utkast"
    ).aggregate_id
    app.submit_plan(editor(), plan_id)
    before = log_head(app)
    with pytest.raises(Forbidden):
        app.approve_plan(editor(), plan_id, decision=steering_group_approval())
    with pytest.raises(Forbidden):
        app.approve_plan(reader(), plan_id, decision=steering_group_approval())
    app.approve_plan(board(), plan_id, decision=steering_group_approval())
    with pytest.raises(Forbidden):
        app.adopt_plan(board(), plan_id, decision=council_adoption())
    app.adopt_plan(clerk(), plan_id, decision=council_adoption())
    assert log_head(app) > before
    assert app.plan(reader(), plan_id).status is PlanStatus.ADOPTED


# Bad input


def test_a_county_cannot_grant_status_to_a_municipality_in_another_county(
    app: OmstillingApp,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        app.register_programme(
            county_officer(NORDLAND),
            name="Omstilling Tinn",
            kind="sudden_employment_loss",
            lead_municipality_number="4026",  # Tinn, in Telemark
            period_start=date(2023, 7, 1),
            period_end=date(2029, 6, 30),
            decision=status_grant(),
        )
    assert refused.value.field == "leadMunicipalityNumber"
    assert f"granting county {NORDLAND}" in refused.value.rule
    assert log_head(app) == 0


@pytest.mark.parametrize(
    "field,numbers",
    [
        ("leadMunicipalityNumber", {"lead_municipality_number": "9999"}),
        ("otherMunicipalityNumbers[1]", {"other_municipality_numbers": (MELOY, "1234")}),
    ],
)
def test_an_unknown_municipality_number_is_refused_naming_the_field(
    app: OmstillingApp,
    field: str,
    numbers: dict[str, Any],
) -> None:
    arguments: dict[str, Any] = {
        "name": "Omstilling",
        "kind": "sudden_employment_loss",
        "lead_municipality_number": VAGAN,
        "period_start": date(2023, 7, 1),
        "period_end": date(2029, 6, 30),
        "decision": status_grant(),
    }
    with pytest.raises(ValidationFailed) as refused:
        app.register_programme(county_officer(NORDLAND), **{**arguments, **numbers})
    assert refused.value.field == field
    assert "municipality number in the register" in refused.value.rule
    assert log_head(app) == 0


def test_bad_input_of_every_kind_leaves_the_log_unchanged(app: OmstillingApp) -> None:
    programme_id = register_vagan(app)
    plan_id = app.draft_plan(
        editor(), programme_id, complete_content(communication_strategy=""), reason="Utkast"
    ).aggregate_id
    officer = county_officer(NORDLAND)
    grant = {
        "name": "Omstilling Vågan",
        "kind": "sudden_employment_loss",
        "lead_municipality_number": VAGAN,
        "period_start": date(2023, 8, 1),
        "period_end": date(2029, 6, 30),
    }
    cases: list[tuple[str, Callable[[], Any], type[DomainError], str | None]] = [
        (
            "grant by the council",
            lambda: app.register_programme(
                officer,
                **grant,
                decision=decision("kommunestyret", date(2023, 5, 2), "2023/1-1", "x"),
            ),
            ValidationFailed,
            "decision.body",
        ),
        (
            "grant without decision",
            lambda: app.register_programme(officer, **grant, decision=None),
            ValidationFailed,
            "decision",
        ),
        (
            "period ends before it starts",
            lambda: app.register_programme(
                officer, **{**grant, "period_end": date(2023, 1, 1)}, decision=status_grant()
            ),
            ValidationFailed,
            "periodEnd",
        ),
        (
            "unknown kind",
            lambda: app.register_programme(
                officer, **{**grant, "kind": "evig"}, decision=status_grant()
            ),
            ValidationFailed,
            "kind",
        ),
        (
            "unknown county",
            lambda: app.register_programme(
                officer, **grant, decision=status_grant(), granting_county_number="99"
            ),
            ValidationFailed,
            "grantingCountyNumber",
        ),
        (
            "unknown phase",
            lambda: app.advance_programme_phase(officer, programme_id, "avvikling", reason="x"),
            ValidationFailed,
            "phase",
        ),
        (
            "skipped phase",
            lambda: app.advance_programme_phase(
                officer, programme_id, "implementation", reason="x"
            ),
            InvalidTransition,
            None,
        ),
        (
            "phase without reason",
            lambda: app.advance_programme_phase(officer, programme_id, "strategy_and_anchoring"),
            ValidationFailed,
            "reason",
        ),
        (
            "extension without decision",
            lambda: app.extend_programme_period(
                officer, programme_id, date(2030, 6, 30), decision=None
            ),
            ValidationFailed,
            "decision",
        ),
        (
            "extension shortening",
            lambda: app.extend_programme_period(
                officer, programme_id, date(2028, 6, 30), decision=status_grant()
            ),
            ValidationFailed,
            "periodEnd",
        ),
        (
            "member twice",
            lambda: app.add_programme_municipality(
                officer, programme_id, VAGAN, decision=status_grant()
            ),
            ValidationFailed,
            "municipality",
        ),
        (
            "unknown member",
            lambda: app.add_programme_municipality(
                officer, programme_id, "0000", decision=status_grant()
            ),
            ValidationFailed,
            "municipalityNumber",
        ),
        (
            "second plan",
            lambda: app.draft_plan(editor(), programme_id, complete_content()),
            Conflict,
            None,
        ),
        (
            "edit without reason",
            lambda: app.revise_plan_section(editor(), plan_id, "background", "x", reason=None),
            ValidationFailed,
            "reason",
        ),
        (
            "unknown section",
            lambda: app.revise_plan_section(editor(), plan_id, "vedlegg", "x", reason="x"),
            ValidationFailed,
            "section",
        ),
        (
            "remove unknown area",
            lambda: app.remove_plan_focus_area(editor(), plan_id, "I9", reason="x"),
            ValidationFailed,
            "code",
        ),
        (
            "incomplete submission",
            lambda: app.submit_plan(editor(), plan_id),
            ValidationFailed,
            "content.communication_strategy",
        ),
        (
            "approve a draft",
            lambda: app.approve_plan(board(), plan_id, decision=steering_group_approval()),
            InvalidTransition,
            None,
        ),
        (
            "approve without decision",
            lambda: app.approve_plan(board(), plan_id, decision=None),
            ValidationFailed,
            "decision",
        ),
        (
            "adopt a draft",
            lambda: app.adopt_plan(clerk(), plan_id, decision=council_adoption()),
            InvalidTransition,
            None,
        ),
        (
            "in force before adoption",
            lambda: app.put_plan_into_force(clerk(), plan_id, date(2024, 2, 2)),
            InvalidTransition,
            None,
        ),
        (
            "revise a draft",
            lambda: app.start_plan_revision(editor(), plan_id, reason="x"),
            InvalidTransition,
            None,
        ),
        (
            "stale version",
            lambda: app.put_plan_focus_area(
                editor(), plan_id, focus_area("I4"), reason="x", expected_version=7
            ),
            Conflict,
            None,
        ),
        ("unknown plan", lambda: app.submit_plan(editor(), uuid4()), NotFound, None),
        (
            "another tenant",
            lambda: app.put_plan_focus_area(editor(MELOY), plan_id, focus_area("I4"), reason="x"),
            NotFound,
            None,
        ),
    ]
    before = log_head(app)
    for label, command, error, field in cases:
        with pytest.raises(error) as refused:
            command()
        if field is not None:
            assert getattr(refused.value, "field", None) == field, label
        assert log_head(app) == before, f"{label} wrote to the log"
    assert app.plan(editor(), plan_id).version == 1
    assert app.programme(officer, programme_id).version == 1


# History


def test_plan_as_of_returns_the_plan_as_it_stood(app: OmstillingApp) -> None:
    with recorded_at(at(date(2023, 5, 3))):
        programme_id = register_vagan(app)
    with recorded_at(at(date(2023, 11, 1))):
        plan_id = app.draft_plan(
            editor(), programme_id, complete_content(), reason="Utkast"
        ).aggregate_id
    with recorded_at(at(date(2023, 12, 1))):
        app.submit_plan(editor(), plan_id)
    with recorded_at(at(date(2024, 1, 10))):
        app.approve_plan(board(), plan_id, decision=steering_group_approval())
    with recorded_at(at(date(2024, 2, 1), 18)):
        app.adopt_plan(clerk(), plan_id, decision=council_adoption())
        app.put_plan_into_force(clerk(), plan_id, date(2024, 2, 2))
    with recorded_at(at(date(2024, 10, 18))):
        app.start_plan_revision(editor(), plan_id, reason="Oktoberrullering 2024")
        app.revise_plan_section(
            editor(), plan_id, "background", "Ny bakgrunn etter PSV", reason="PSV 2024"
        )

    def as_of(day: date, hour: int = 23) -> Any:
        return app.plan_as_of(reader(), plan_id, at(day, hour))

    assert as_of(date(2023, 10, 31)) is None
    assert (as_of(date(2023, 11, 15)).status, as_of(date(2023, 11, 15)).version) == (
        PlanStatus.DRAFT,
        1,
    )
    assert as_of(date(2024, 1, 9)).status is PlanStatus.SUBMITTED
    assert as_of(date(2024, 1, 10)).status is PlanStatus.APPROVED
    assert as_of(date(2024, 2, 1), 17).status is PlanStatus.APPROVED
    summer = as_of(date(2024, 6, 1))
    assert (summer.status, summer.version_number, summer.in_force.number) == (
        PlanStatus.IN_FORCE,
        1,
        1,
    )
    assert summer.content == complete_content()
    october = as_of(date(2024, 10, 19))
    assert (october.status, october.version_number) == (PlanStatus.DRAFT, 2)
    assert october.content.background == "Ny bakgrunn etter PSV"
    assert october.in_force.content == complete_content()
    now = app.plan_as_of(reader(), plan_id, datetime.now(UTC))
    assert now is not None and now.version == app.plan(reader(), plan_id).version == 7


def test_events_recorded_at_a_past_moment_carry_that_moment(app: OmstillingApp) -> None:
    moment = at(date(2021, 3, 18))
    with recorded_at(moment):
        result = register_batsfjord_2021(app, FINNMARK)
    (registered,) = app.events.get(result.aggregate_id)
    assert registered.timestamp == moment
    assert isinstance(registered.originator_id, UUID)
