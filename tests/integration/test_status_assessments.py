"""Programme status assessments through the application and their read model, on SQLite and
PostgreSQL: held by the programme leader with four parties and twelve scores, one per year,
concluded with follow-up, scores corrected with their history kept; the weights of the
programme year; refusals name their rule and write nothing; an Omstillingsplan revision cites
a held assessment of its own programme; events recorded before citations existed still
decode."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from application.app import CommandResult
from domain.assessment.model import FollowUpInput, PartyRole, StatusAssessment
from domain.plan.model import Omstillingsplan
from domain.shared.clock import recorded_at
from domain.shared.errors import Conflict, DomainError, NotFound, ValidationFailed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from tests.factories import (
    MELOY,
    at,
    county_officer,
    editor,
    national_analyst,
    plan_in_force,
    psv_participants,
    psv_scores,
    reader,
    refusal_for,
    register_meloy,
    register_vagan,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
    url = request.getfixturevalue("fresh_postgres_url")
    return event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))


@pytest.fixture
def runtime(env: dict[str, str]) -> Iterator[Runtime]:
    running = Runtime(env)
    yield running
    running.close()


def log_head(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


def refused(runtime: Runtime, error: type[DomainError], run: Any) -> DomainError:
    """The command is refused and the log does not move."""
    head = log_head(runtime)
    with pytest.raises(error) as caught:
        run(runtime.app)
    assert log_head(runtime) == head
    return caught.value


def hold(
    runtime: Runtime, programme: Any, year: int = 2024, who: Any = None, **kw: Any
) -> CommandResult:
    kw.setdefault("participants", psv_participants())
    kw.setdefault("scores", psv_scores())
    return runtime.command(
        lambda a: a.hold_status_assessment(
            who or editor(), programme, year, kw.pop("held_on", date(year, 10, 15)), **kw
        )
    )


def test_an_assessment_is_held_concluded_corrected_and_followed_up(runtime: Runtime) -> None:
    programme = register_vagan(runtime.app)  # period from 1 July 2023: 2024 is year 2
    result = hold(runtime, programme, reason="Årlig PSV")
    assessment_id = result.aggregate_id
    row = runtime.assessments.assessment(assessment_id)
    assert row is not None
    assert (row.year, row.programme_year, row.held_on) == (2024, 2, date(2024, 10, 15))
    assert (row.process_weight, row.effect_weight) == (Decimal("0.60"), Decimal("0.40"))
    # 0.6 × 25/6 + 0.4 × 15/6 = 2.5 + 1.0 = 3.50
    assert (row.process_score, row.effect_score, row.weighted_score) == (
        Decimal("4.17"),
        Decimal("2.50"),
        Decimal("3.50"),
    )
    assert {p.role for p in row.participants} == {r.value for r in PartyRole}
    assert [s.indicator for s in row.scores][:2] == ["P1", "P2"] and len(row.scores) == 12

    runtime.command(
        lambda a: a.conclude_status_assessment(
            editor(),
            assessment_id,
            "Effektene uteblir; mobiliseringen må styrkes.",
            [FollowUpInput("Næringsforum", "Programleder", date(2025, 1, 31))],
            expected_version=1,
        )
    )
    runtime.command(
        lambda a: a.correct_assessment_score(
            editor(), assessment_id, "E1", 5, "Rettet: 12 nye arbeidsplasser", reason="Feiltast"
        )
    )
    runtime.command(
        lambda a: a.complete_follow_up(
            editor(), assessment_id, 1, date(2025, 1, 20), "Kari Nordmann", expected_version=3
        )
    )
    row = runtime.assessments.assessment(assessment_id)
    assert row is not None and row.version == 4
    assert row.conclusions and row.follow_ups[0].done_on == date(2025, 1, 20)
    e1 = next(s for s in row.scores if s.indicator == "E1")
    assert (e1.score, e1.corrections) == (5, 1)
    assert [(h.kind, h.score) for h in e1.history] == [("held", 2), ("correction", 5)]
    assert e1.history[1].reason == "Feiltast"
    # Effects now 5,3,2,3,3,2 = 18: 0.6 × 25/6 + 0.4 × 3 = 2.5 + 1.2 = 3.70
    assert (row.effect_score, row.weighted_score) == (Decimal("3.00"), Decimal("3.70"))
    names = [type(e).__name__ for e in runtime.app.events.get(assessment_id)]
    assert names == ["Held", "Concluded", "ScoreCorrected", "FollowUpCompleted"]
    # The aggregate reloads with the same figures.
    loaded = runtime.app.status_assessment(editor(), assessment_id)
    assert loaded.weighted_score == Decimal("3.70")


def test_one_assessment_per_year_a_second_conflicts(runtime: Runtime) -> None:
    programme = register_vagan(runtime.app)
    hold(runtime, programme)
    error = refused(
        runtime,
        Conflict,
        lambda a: a.hold_status_assessment(
            editor(), programme, 2024, date(2024, 10, 30), psv_participants(), psv_scores()
        ),
    )
    assert "already recorded" in str(error)
    hold(runtime, programme, 2025)  # the next year is fine


def test_refused_input_names_the_field_and_writes_nothing(runtime: Runtime) -> None:
    programme = register_vagan(runtime.app)
    scores = psv_scores()
    scores[3] = type(scores[3])(scores[3].indicator, 7, "For høyt")
    error = refused(
        runtime,
        ValidationFailed,
        lambda a: a.hold_status_assessment(
            editor(), programme, 2024, date(2024, 10, 15), psv_participants(), scores
        ),
    )
    assert isinstance(error, ValidationFailed)
    assert (error.field, error.rule) == (
        "scores[3].score",
        "must be from 1 (svært svakt) to 6 (svært godt)",
    )
    without_leader = [p for p in psv_participants() if p.role is not PartyRole.PROCESS_LEADER]
    error = refused(
        runtime,
        ValidationFailed,
        lambda a: a.hold_status_assessment(
            editor(), programme, 2024, date(2024, 10, 15), without_leader, psv_scores()
        ),
    )
    assert isinstance(error, ValidationFailed) and error.field == "participants"
    error = refused(
        runtime,
        ValidationFailed,
        lambda a: a.hold_status_assessment(
            editor(), programme, 2023, date(2023, 3, 1), psv_participants(), psv_scores()
        ),
    )
    assert isinstance(error, ValidationFailed) and error.field == "heldOn"
    assert runtime.assessments.assessments([programme]) == []


@pytest.mark.parametrize(
    "who",
    [national_analyst(), county_officer(), editor(MELOY), reader()],
    ids=["analyst", "county", "other-municipality", "reader"],
)
def test_only_the_programmes_own_editor_writes(runtime: Runtime, who: Any) -> None:
    programme = register_vagan(runtime.app)
    assessment = hold(runtime, programme).aggregate_id
    refusal = refusal_for(runtime.app, who, programme)
    refused(
        runtime,
        refusal,
        lambda a: a.hold_status_assessment(
            who, programme, 2025, date(2025, 10, 15), psv_participants(), psv_scores()
        ),
    )
    refused(
        runtime,
        refusal,
        lambda a: a.correct_assessment_score(who, assessment, "P1", 1, "Nei", reason="Forsøk"),
    )
    refused(runtime, refusal, lambda a: a.conclude_status_assessment(who, assessment, "Nei"))


def test_reads_are_scoped(runtime: Runtime) -> None:
    programme = register_vagan(runtime.app)
    assessment = hold(runtime, programme).aggregate_id
    assert runtime.app.status_assessment(national_analyst(), assessment).year == 2024
    assert runtime.app.status_assessment(county_officer(), assessment).year == 2024
    with pytest.raises(NotFound):
        runtime.app.status_assessment(editor(MELOY), assessment)


def test_the_series_compares_programmes(runtime: Runtime) -> None:
    vagan, meloy = register_vagan(runtime.app), register_meloy(runtime.app)
    hold(runtime, vagan, 2024)
    hold(runtime, vagan, 2025, scores=psv_scores((5, 5, 5, 4, 5, 5), (4, 4, 3, 4, 4, 3)))
    hold(runtime, meloy, 2025, who=editor(MELOY), scores=psv_scores((3,) * 6, (2,) * 6))
    series = runtime.assessments.score_series([vagan, meloy])
    by = {(r.programme_id, r.year): r for r in series}
    assert set(by) == {(vagan, 2024), (vagan, 2025), (meloy, 2025)}
    # Vågan 2025 is programme year 3 (50/50); Meløy's period starts 2024: 2025 is year 2 (60/40)
    assert by[(vagan, 2025)].programme_year == 3
    assert by[(vagan, 2025)].weighted_score == Decimal("4.25")  # (29/6 + 22/6) / 2 = 4.25
    assert by[(meloy, 2025)].programme_year == 2
    assert by[(meloy, 2025)].weighted_score == Decimal("2.60")  # 0.6 × 3 + 0.4 × 2
    assert runtime.assessments.score_series([meloy]) == [by[(meloy, 2025)]]
    assert len(runtime.assessments.score_series(None)) == 3


def test_a_plan_revision_cites_a_held_assessment_of_its_own_programme(runtime: Runtime) -> None:
    vagan, meloy = register_vagan(runtime.app), register_meloy(runtime.app)
    plan = plan_in_force(runtime.app, vagan)
    own = hold(runtime, vagan).aggregate_id
    other = hold(runtime, meloy, who=editor(MELOY)).aggregate_id

    for cited, rule in ((other, "own programme"), (uuid4(), "recorded status assessment")):
        error = refused(
            runtime,
            ValidationFailed,
            lambda a, c=cited: a.start_plan_revision(
                editor(), plan, reason="Oktoberrullering", assessment_id=c
            ),
        )
        assert isinstance(error, ValidationFailed)
        assert error.field == "assessmentId" and rule in error.rule

    # Not yet held on the day the revision starts (an import recorded out of order).
    with recorded_at(at(date(2025, 10, 20))):
        later = hold(runtime, vagan, 2025, held_on=date(2025, 10, 16)).aggregate_id
    with recorded_at(at(date(2025, 10, 10))):
        error = refused(
            runtime,
            ValidationFailed,
            lambda a: a.start_plan_revision(
                editor(), plan, reason="Oktoberrullering", assessment_id=later
            ),
        )
    assert isinstance(error, ValidationFailed) and "held" in error.rule

    runtime.command(
        lambda a: a.start_plan_revision(
            editor(), plan, reason="Oktoberrullering 2024", assessment_id=own
        )
    )
    assert runtime.assessments.citation(plan, 2) == own
    row = runtime.assessments.assessment(own)
    assert row is not None and row.cited_by == ((plan, 2),)
    (event,) = [
        e for e in runtime.app.events.get(plan) if isinstance(e, Omstillingsplan.RevisionStarted)
    ]
    assert event.assessment_id == own


def test_a_revision_recorded_before_citations_existed_decodes_without_one(
    runtime: Runtime,
) -> None:
    programme = register_vagan(runtime.app)
    plan = plan_in_force(runtime.app, programme)
    runtime.command(lambda a: a.start_plan_revision(editor(), plan, reason="Rullering"))
    mapper = runtime.app.mapper
    (event,) = [
        e for e in runtime.app.events.get(plan) if isinstance(e, Omstillingsplan.RevisionStarted)
    ]
    stored = mapper.to_stored_event(event)
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["assessment_id"]
    old = type(stored)(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )
    decoded = mapper.to_domain_event(old)
    assert isinstance(decoded, Omstillingsplan.RevisionStarted)
    assert decoded.assessment_id is None and decoded.version_number == 2


def test_a_long_history_reloads_from_its_snapshot(runtime: Runtime) -> None:
    programme = register_vagan(runtime.app)
    assessment = hold(runtime, programme).aggregate_id
    for n in range(60):
        runtime.app.correct_assessment_score(
            editor(), assessment, "P4", 1 + n % 6, f"Runde {n}", reason="Ny vurdering"
        )
    loaded = runtime.app.status_assessment(editor(), assessment)
    assert isinstance(loaded, StatusAssessment)
    assert loaded.score_by_indicator["P4"] == 1 + 59 % 6
    assert {p.role for p in loaded.participants} == set(PartyRole)
    assert loaded.weighting.process_percent == 60
