"""Videreføring through the application and its read models, on SQLite and PostgreSQL: Meløy
starts its forstudie in time, with costs the cost frame and Innovasjon Norge's share allow, and
goes on to the forprosjekt; Vågan does not start by its deadline and ranks first in the year
wheel and in the continuation statuses until its period is extended; the October status
assessment marks its year-wheel step done; refusals write nothing; only the programme's
editor writes, and reads are scoped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from application.access import Principal
from domain.action_plan.year_wheel import State, Step
from domain.continuation.model import Continuation
from domain.continuation.stages import (
    Alternative,
    CostCategory,
    CostEntry,
    CostShare,
    CostSource,
    ForstudieReport,
    Owner,
    OwnerKind,
    Stage,
)
from domain.money import Money
from domain.shared.clock import recorded_at
from domain.shared.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from tests.factories import (
    MELOY,
    NORDLAND,
    TELEMARK,
    VAGAN,
    at,
    county_auditor,
    county_officer,
    decision,
    editor,
    national_analyst,
    psv_participants,
    psv_scores,
    reader,
    refusal_for,
    register_programme,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
MELOY_OWNER = (Owner("Meløy kommune", OwnerKind.MUNICIPALITY),)


@pytest.fixture(params=BACKENDS)
def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runtime]:
    if request.param == "sqlite":
        env = event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
    else:
        url = request.getfixturevalue("fresh_postgres_url")
        env = event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))
    running = Runtime(env)
    yield running
    running.close()


def kr(amount: str) -> Money:
    return Money.from_kroner(amount)


def log_head(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


def cost(amount: str, on: date, category: CostCategory, **sources: str) -> CostEntry:
    shares = tuple(CostShare(CostSource(s), kr(a)) for s, a in sources.items())
    return CostEntry(Stage.FORSTUDIE, category, kr(amount), on, shares, "Faktura", None)


def programmes(runtime: Runtime) -> dict[str, UUID]:
    """Two Nordland programmes whose periods end 30 June 2027: deadline 30 June 2025."""
    app = runtime.app
    ids = {
        "meloy": register_programme(
            app,
            MELOY,
            NORDLAND,
            name="Omstilling Meløy",
            period=(date(2021, 7, 1), date(2027, 6, 30)),
            granted_on=date(2021, 5, 4),
            case="2021/880-3",
        ),
        "vagan": register_programme(
            app,
            VAGAN,
            NORDLAND,
            name="Omstilling Vågan",
            period=(date(2021, 7, 1), date(2027, 6, 30)),
            granted_on=date(2021, 5, 4),
            case="2021/881-3",
        ),
    }
    runtime.wait_for_everything_written()
    return ids


def meloy_forstudie(runtime: Runtime, programme: UUID) -> None:
    """Started 3 March 2025, report 4 April, completed 10 April; kr 90 000 of costs, half the
    consultant's kr 50 000 from Innovasjon Norge; forprosjekt from 1 September."""
    app, ed = runtime.app, editor(MELOY)
    with recorded_at(at(date(2025, 3, 3))):
        app.start_continuation_stage(
            ed,
            programme,
            Stage.FORSTUDIE,
            date(2025, 3, 3),
            date(2025, 4, 11),
            MELOY_OWNER,
            decision=decision(
                "omstillingsstyret", date(2025, 2, 20), "2025/77-1", "Oppstart av videreføring"
            ),
            reason="Senest to år før periodens slutt",
        )
    with recorded_at(at(date(2025, 4, 10))):
        app.record_continuation_cost(
            ed,
            programme,
            cost(
                "50000",
                date(2025, 4, 1),
                CostCategory.EXTERNAL_CONSULTANT,
                restructuring_funds="25000",
                innovasjon_norge="25000",
            ),
        )
        app.record_continuation_cost(
            ed,
            programme,
            cost(
                "40000",
                date(2025, 4, 1),
                CostCategory.PROJECT_LEADER,
                restructuring_funds="30000",
                municipality="10000",
            ),
        )
        app.record_continuation_deliverable(
            ed,
            programme,
            ForstudieReport(
                "Forstudierapport",
                date(2025, 4, 4),
                (
                    Alternative("Næringsselskap AS", "Kommunen og næringslivet", "AS", "Meløy"),
                    Alternative("Regionalt selskap", "Tre kommuner", "IKS", "Salten"),
                ),
            ),
        )
        app.complete_continuation_stage(ed, programme, Stage.FORSTUDIE, date(2025, 4, 10))
    with recorded_at(at(date(2025, 9, 1))):
        app.start_continuation_stage(
            ed,
            programme,
            Stage.FORPROSJEKT,
            date(2025, 9, 1),
            date(2026, 2, 27),
            (*MELOY_OWNER, Owner("Meløy Næringsforum", OwnerKind.LOCAL_PARTNER)),
        )
    runtime.wait_for_everything_written()


def test_a_forstudie_in_time_with_its_costs_then_the_forprosjekt(runtime: Runtime) -> None:
    ids = programmes(runtime)
    meloy_forstudie(runtime, ids["meloy"])
    record = runtime.continuation.continuation(ids["meloy"], date(2025, 10, 1))
    assert record is not None
    assert (record.status.deadline, record.status.started_on) == (
        date(2025, 6, 30),
        date(2025, 3, 3),
    )
    assert not record.status.late and record.status.current_stage is Stage.FORPROSJEKT
    forstudie, forprosjekt = record.stages
    assert forstudie.completed_on == date(2025, 4, 10) and not forstudie.standing.completed_late
    assert forstudie.costs.total == kr("90000").ore
    assert forstudie.costs.innovasjon_norge_share == Decimal("0.5")
    assert forstudie.cost_frame == kr("100000").ore and forstudie.cost_frame_used == Decimal("0.9")
    assert forstudie.costs.by_source == {
        "restructuring_funds": kr("55000").ore,
        "innovasjon_norge": kr("25000").ore,
        "municipality": kr("10000").ore,
    }
    assert forstudie.deliverable is not None and len(forstudie.deliverable["alternatives"]) == 2
    assert [o["kind"] for o in forprosjekt.owners] == ["municipality", "local_partner"]
    assert forstudie.decision is not None and forstudie.decision["archiveCaseNumber"] == "2025/77-1"
    # A forprosjekt started 1 September 2025 runs past its six months after 1 March 2026.
    later = runtime.continuation.continuation(ids["meloy"], date(2026, 3, 11))
    assert later is not None and later.status.stages_late[0].days_late == 10
    # As it stood before the forstudie started, there was nothing.
    before = runtime.continuation.continuation(ids["meloy"], date(2025, 3, 2))
    assert before is not None and before.stages == () and before.status.started_on is None


def test_a_programme_not_started_by_its_deadline_is_late_and_listed_first(runtime: Runtime) -> None:
    ids = programmes(runtime)
    meloy_forstudie(runtime, ids["meloy"])
    on = date(2025, 7, 10)
    statuses = runtime.continuation.statuses(None, on)
    assert [(s.name, s.late, s.days_late) for s in statuses] == [
        ("Omstilling Vågan", True, 10),
        ("Omstilling Meløy", False, 0),
    ]
    assert runtime.continuation.statuses([ids["meloy"]], on)[0].name == "Omstilling Meløy"
    assert runtime.continuation.statuses([], on) == []
    # The year wheel of 2025 has the step; Vågan's is late, Meløy's done by the forstudie.
    nordland = runtime.year_wheel.for_county(NORDLAND, on, year=2025)
    assert [w.name for w in nordland] == ["Omstilling Vågan", "Omstilling Meløy"]
    vagan, meloy = ({s.step: s for s in w.steps} for w in nordland)
    late = vagan[Step.CONTINUATION_STARTED]
    assert (late.state, late.days_late, late.tracked) == (State.LATE, 10, True)
    done = meloy[Step.CONTINUATION_STARTED]
    assert (done.state, done.done_on, done.event_type) == (
        State.DONE,
        date(2025, 3, 3),
        "Continuation.StageStarted",
    )
    assert done.aggregate_id == runtime.app.continuation_id_for(ids["meloy"])
    # Other years' wheels have no such step.
    wheel_2024 = runtime.year_wheel.wheel(ids["vagan"], date(2024, 12, 31), year=2024)
    assert wheel_2024 is not None
    assert Step.CONTINUATION_STARTED not in {s.step for s in wheel_2024.steps}


def test_extending_the_period_moves_the_deadline(runtime: Runtime) -> None:
    ids = programmes(runtime)
    on = date(2025, 7, 10)
    runtime.command(
        lambda a: a.extend_programme_period(
            county_officer(NORDLAND),
            ids["vagan"],
            date(2028, 6, 30),
            decision=decision("fylkesutvalget", date(2025, 5, 6), "2025/500-2", "Forlengelse"),
            reason="Forlenget ett år",
        )
    )
    (status,) = runtime.continuation.statuses([ids["vagan"]], on)
    assert (status.deadline, status.late) == (date(2026, 6, 30), False)
    wheel_2025 = runtime.year_wheel.wheel(ids["vagan"], on, year=2025)
    assert wheel_2025 is not None
    assert Step.CONTINUATION_STARTED not in {s.step for s in wheel_2025.steps}
    wheel_2026 = runtime.year_wheel.wheel(ids["vagan"], date(2026, 7, 1), year=2026)
    assert wheel_2026 is not None
    late = {s.step: s for s in wheel_2026.late}
    assert late[Step.CONTINUATION_STARTED].closes_on == date(2026, 6, 30)
    assert late[Step.CONTINUATION_STARTED].days_late == 1


def test_the_status_assessment_held_in_october_marks_its_step_done(runtime: Runtime) -> None:
    ids = programmes(runtime)
    before = runtime.year_wheel.wheel(ids["meloy"], date(2024, 11, 1), year=2024)
    assert before is not None and Step.STATUS_ASSESSMENT in {s.step for s in before.late}
    runtime.command(
        lambda a: a.hold_status_assessment(
            editor(MELOY),
            ids["meloy"],
            2024,
            date(2024, 10, 22),
            psv_participants(),
            psv_scores(),
        )
    )
    wheel = runtime.year_wheel.wheel(ids["meloy"], date(2024, 11, 1), year=2024)
    assert wheel is not None
    step = {s.step: s for s in wheel.steps}[Step.STATUS_ASSESSMENT]
    assert (step.state, step.done_on, step.event_type, step.tracked) == (
        State.DONE,
        date(2024, 10, 22),
        "StatusAssessment.Held",
        True,
    )


def test_refusals_name_the_rule_and_write_nothing(runtime: Runtime) -> None:
    ids = programmes(runtime)
    meloy_forstudie(runtime, ids["meloy"])
    app, ed, programme = runtime.app, editor(MELOY), ids["meloy"]
    head = log_head(runtime)
    attempts = [
        # The forstudie's cost frame: kr 90 000 recorded, kr 10 000.01 more is too much.
        (
            lambda: app.record_continuation_cost(
                ed,
                programme,
                cost(
                    "10000.01", date(2025, 4, 8), CostCategory.OTHER, restructuring_funds="10000.01"
                ),
            ),
            "amount",
            "kostnadsramme",
        ),
        # Innovasjon Norge's share: another kr 10 000 of fees all from IN.
        (
            lambda: app.record_continuation_cost(
                ed,
                programme,
                cost(
                    "10000",
                    date(2025, 4, 8),
                    CostCategory.EXTERNAL_CONSULTANT,
                    innovasjon_norge="10000",
                ),
            ),
            "financing",
            "at most 50 %",
        ),
        (
            lambda: app.record_continuation_cost(
                ed,
                programme,
                cost("5000", date(2025, 4, 8), CostCategory.OTHER, restructuring_funds="4000"),
            ),
            "financing",
            "add up",
        ),
        (
            lambda: app.start_continuation_stage(
                ed,
                programme,
                Stage.HOVEDPROSJEKT,
                date(2025, 10, 1),
                date(2026, 1, 1),
                MELOY_OWNER,
            ),
            None,
            None,
        ),
    ]
    for attempt, field, rule in attempts:
        with pytest.raises((ValidationFailed, InvalidTransition)) as caught:
            attempt()
        if field is not None:
            assert isinstance(caught.value, ValidationFailed)
            assert caught.value.field == field and rule in caught.value.rule
        assert log_head(runtime) == head
    with pytest.raises(Conflict):
        app.reverse_continuation_cost(ed, programme, 1, reason="Feil", expected_version=1)
    with pytest.raises(InvalidTransition):
        app.record_continuation_cost(
            editor(VAGAN),
            ids["vagan"],
            cost("1000", date(2025, 4, 8), CostCategory.OTHER, restructuring_funds="1000"),
        )
    assert log_head(runtime) == head


@pytest.mark.parametrize(
    "outsider",
    [
        national_analyst(),
        county_officer(NORDLAND),
        county_auditor(NORDLAND),
        reader(MELOY),
        editor(VAGAN),
    ],
    ids=["analyst", "county", "auditor", "reader", "other_municipality"],
)
def test_only_the_programmes_editor_writes(runtime: Runtime, outsider: Principal) -> None:
    ids = programmes(runtime)
    head = log_head(runtime)
    with pytest.raises(refusal_for(runtime.app, outsider, ids["meloy"])):
        runtime.app.start_continuation_stage(
            outsider,
            ids["meloy"],
            Stage.FORSTUDIE,
            date(2025, 3, 3),
            date(2025, 4, 11),
            MELOY_OWNER,
        )
    assert log_head(runtime) == head


def test_reads_are_scoped(runtime: Runtime) -> None:
    ids = programmes(runtime)
    meloy_forstudie(runtime, ids["meloy"])
    app = runtime.app
    found = app.continuation(national_analyst(), ids["meloy"])
    assert isinstance(found, Continuation) and found.stage(Stage.FORSTUDIE) is not None
    assert app.continuation(county_officer(NORDLAND), ids["meloy"]) is not None
    assert app.continuation(reader(MELOY), ids["meloy"]) is not None
    assert app.continuation(editor(VAGAN), ids["vagan"]) is None  # not started
    for outsider in (county_officer(TELEMARK), editor(VAGAN)):
        with pytest.raises(NotFound):
            app.continuation(outsider, ids["meloy"])


def test_a_long_account_reloads_from_its_snapshot_unchanged(runtime: Runtime) -> None:
    ids = programmes(runtime)
    meloy_forstudie(runtime, ids["meloy"])
    app, ed, programme = runtime.app, editor(MELOY), ids["meloy"]
    with recorded_at(at(date(2025, 10, 1))):
        for n in range(25):
            app.record_continuation_cost(
                ed,
                programme,
                CostEntry(
                    Stage.FORPROSJEKT,
                    CostCategory.OTHER_INTERNAL,
                    kr("1000"),
                    date(2025, 9, 15),
                    (CostShare(CostSource.RESTRUCTURING_FUNDS, kr("1000")),),
                    f"Timer {n}",
                    None,
                ),
            )
            app.reverse_continuation_cost(ed, programme, 3 + n, reason="Feilført")
    reloaded = app.continuation(ed, programme)
    assert reloaded is not None and reloaded.version > 50
    assert app.snapshots is not None and list(app.snapshots.get(reloaded.id))
    assert reloaded.stage(Stage.FORPROSJEKT) is not None
    assert isinstance(reloaded.stages, tuple) and isinstance(reloaded.reversed, tuple)
    assert reloaded.stages[0].stage is Stage.FORSTUDIE
    assert reloaded.costs[0].category is CostCategory.EXTERNAL_CONSULTANT
    assert len(reloaded.counted_costs) == 2


def test_the_demo_shows_batsfjord_under_way_and_meloy_not_yet_started(tmp_path: Path) -> None:
    from omstilling.demo import seed

    runtime = Runtime(event_store_env(None, sqlite_path=str(tmp_path / "demo.sqlite")))
    try:
        ids = seed(runtime)
        on = date(2026, 11, 23)
        batsfjord = runtime.continuation.continuation(ids["batsfjord"], on)
        assert batsfjord is not None
        assert (batsfjord.status.deadline, batsfjord.status.started_on) == (
            date(2025, 6, 30),
            date(2025, 3, 3),
        )
        forstudie, forprosjekt = batsfjord.stages
        assert forstudie.completed_on == date(2025, 4, 10) and not forstudie.standing.completed_late
        assert forstudie.costs.total <= kr("100000").ore
        assert forstudie.costs.innovasjon_norge_share == Decimal("0.5")
        assert forprosjekt.completed_on is None and forprosjekt.standing.late
        (meloy,) = runtime.continuation.statuses([ids["meloy"]], on)
        assert meloy.started_on is None and meloy.deadline == date(2027, 6, 30)
        wheel = runtime.year_wheel.wheel(ids["batsfjord"], date(2025, 12, 31), year=2025)
        assert wheel is not None
        step = {s.step: s for s in wheel.steps}[Step.CONTINUATION_STARTED]
        assert (step.state, step.done_on) == (State.DONE, date(2025, 3, 3))
    finally:
        runtime.close()
