"""The restructuring programme: granted by a county decision, phases forward, extended by decision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.app import OmstillingApp
from domain.programme.model import Phase, Programme, StatusKind
from domain.shared.actor import Role
from domain.shared.decisions import DecidingBody, DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import (
    MELOY,
    RODOY,
    VAGAN,
    actor,
    decision,
    municipality_id,
    sqlite_env,
    status_grant,
)

LEAD = municipality_id(VAGAN)
COUNTY_OFFICER = actor(Role.COUNTY_OFFICER, "fylke:18")
BOARD = actor(Role.MUNICIPALITY_BOARD, f"kommune:{LEAD}")


ID_KEY = b"unit-test-deployment-key"


def register(**overrides: Any) -> Programme:
    fields: dict[str, Any] = {
        "name": "Omstilling Vågan",
        "kind": "sudden_employment_loss",
        "lead_municipality_id": LEAD,
        "granting_county_number": "18",
        "period_start": date(2023, 7, 1),
        "period_end": date(2029, 6, 30),
        "actor": COUNTY_OFFICER,
        "decision": status_grant(),
        "reason": "Bortfall av 80 arbeidsplasser",
        "id_key": ID_KEY,
    }
    fields.update(overrides)
    return Programme.register(**fields)


def county_decision(on: date = date(2025, 11, 20)) -> DecisionRef:
    return decision(
        "fylkesutvalget", on, "2025/901-2", "Forlengelse av omstillingsperioden", "PS 88/25"
    )


def advance(
    programme: Programme, phase: Phase | str, reason: str | None = "Styret har vedtatt"
) -> None:
    programme.advance_phase(phase, actor=BOARD, decision=None, reason=reason)


# Registration


@pytest.mark.parametrize(
    "body",
    ["fylkesutvalget", "fylkestinget", "fylkesradet", "fylkeskommunen_administrativt"],
)
def test_a_county_decision_grants_status_and_registers_the_programme(body: str) -> None:
    programme = register(decision=status_grant(body=body))
    assert programme.phase is Phase.DEVELOPMENT_ANALYSIS
    assert programme.kind is StatusKind.SUDDEN_EMPLOYMENT_LOSS
    assert programme.tenant_id == LEAD
    assert programme.municipality_ids == (LEAD,)
    assert programme.status_decision.body is DecidingBody(body)
    assert (programme.period_start, programme.period_end) == (date(2023, 7, 1), date(2029, 6, 30))


@pytest.mark.parametrize("body", ["kommunestyret", "formannskapet", "omstillingsstyret"])
def test_a_municipal_body_cannot_grant_restructuring_status(body: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(decision=status_grant(body=body))
    assert refused.value.field == "decision.body"
    assert "fylkesutvalget" in refused.value.rule


def test_registration_without_a_decision_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(decision=None)
    assert refused.value.field == "decision"


@pytest.mark.parametrize("period_end", [date(2023, 7, 1), date(2023, 6, 30)])
def test_the_period_must_end_after_it_starts(period_end: date) -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(period_end=period_end)
    assert (refused.value.field, refused.value.rule) == ("periodEnd", "must be after periodStart")


def test_the_period_cannot_start_before_the_status_was_granted() -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(period_start=date(2023, 5, 1))
    assert refused.value.field == "periodStart"


def test_an_unknown_kind_of_status_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(kind="permanent")
    assert refused.value.field == "kind"
    assert "long_term_decline" in refused.value.rule


def test_a_blank_name_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(name="  ")
    assert refused.value.field == "name"


def test_a_region_lists_the_lead_first_then_the_others() -> None:
    programme = register(
        other_municipality_ids=(municipality_id(MELOY), LEAD, municipality_id(RODOY))
    )
    assert programme.municipality_ids == (LEAD, municipality_id(MELOY), municipality_id(RODOY))


def test_a_region_listing_a_municipality_twice_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(other_municipality_ids=(municipality_id(MELOY), municipality_id(MELOY)))
    assert refused.value.field == "otherMunicipalities"


def test_a_period_of_six_years_has_no_warning() -> None:
    assert register(period_end=date(2029, 7, 1)).warnings == []


def test_a_period_longer_than_six_years_is_accepted_with_a_warning() -> None:
    programme = register(period_end=date(2030, 6, 30))
    assert programme.period_end == date(2030, 6, 30)
    assert programme.warnings == ["the period is longer than the normal 6 years"]


def test_the_same_grant_registered_twice_gets_the_same_id() -> None:
    assert register().id == register(name="Annet navn").id
    assert register().id != register(period_start=date(2023, 8, 1)).id


# Phases


def test_phases_move_forward_one_step_at_a_time_to_the_end() -> None:
    programme = register()
    for phase in list(Phase)[1:]:
        advance(programme, phase)
        assert programme.phase is phase
    assert programme.version == len(Phase)


@pytest.mark.parametrize("start", [p for p in Phase if p is not Phase.ENDED])
def test_a_programme_can_end_from_any_phase(start: Phase) -> None:
    programme = register()
    for phase in list(Phase)[1 : list(Phase).index(start) + 1]:
        advance(programme, phase)
    advance(programme, Phase.ENDED, reason="Kommunen trakk søknaden")
    assert programme.phase is Phase.ENDED


def test_skipping_a_phase_is_refused_naming_the_next_one() -> None:
    programme = register()
    with pytest.raises(InvalidTransition) as refused:
        advance(programme, Phase.IMPLEMENTATION)
    assert refused.value.current == Phase.DEVELOPMENT_ANALYSIS
    assert "next is strategy_and_anchoring" in refused.value.rule
    assert programme.phase is Phase.DEVELOPMENT_ANALYSIS and programme.version == 1


def test_moving_back_or_staying_is_refused() -> None:
    programme = register()
    advance(programme, Phase.STRATEGY_AND_ANCHORING)
    advance(programme, Phase.IMPLEMENTATION)
    for phase in (Phase.STRATEGY_AND_ANCHORING, Phase.IMPLEMENTATION):
        with pytest.raises(InvalidTransition):
            advance(programme, phase)
    assert programme.phase is Phase.IMPLEMENTATION


def test_an_ended_programme_is_closed() -> None:
    programme = register()
    advance(programme, Phase.ENDED)
    with pytest.raises(InvalidTransition) as refused:
        advance(programme, Phase.ENDED)
    assert refused.value.rule == "an ended programme is closed"
    with pytest.raises(InvalidTransition):
        programme.extend_period(
            date(2030, 6, 30), actor=COUNTY_OFFICER, decision=county_decision(), reason=None
        )


def test_a_phase_change_needs_a_decision_or_a_reason() -> None:
    programme = register()
    with pytest.raises(ValidationFailed) as refused:
        advance(programme, Phase.STRATEGY_AND_ANCHORING, reason="  ")
    assert refused.value.field == "reason"
    programme.advance_phase(
        Phase.STRATEGY_AND_ANCHORING,
        actor=BOARD,
        reason=None,
        decision=decision("omstillingsstyret", date(2023, 9, 1), "2023/4411-9", "Oppstart"),
    )
    assert programme.phase is Phase.STRATEGY_AND_ANCHORING


def test_an_unknown_phase_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        advance(register(), "closing")
    assert refused.value.field == "phase"


# Extension and members


def test_the_county_extends_the_period_by_decision() -> None:
    programme = register()
    programme.extend_period(
        date(2030, 6, 30),
        actor=COUNTY_OFFICER,
        decision=county_decision(),
        reason="Forsinket oppstart",
    )
    assert programme.period_end == date(2030, 6, 30)
    assert programme.warnings  # now over six years, still accepted


@pytest.mark.parametrize("period_end", [date(2029, 6, 30), date(2028, 12, 31)])
def test_an_extension_must_end_later_than_the_current_end(period_end: date) -> None:
    programme = register()
    with pytest.raises(ValidationFailed) as refused:
        programme.extend_period(
            period_end, actor=COUNTY_OFFICER, decision=county_decision(), reason=None
        )
    assert refused.value.field == "periodEnd"
    assert programme.period_end == date(2029, 6, 30)


def test_an_extension_without_a_county_decision_is_refused() -> None:
    programme = register()
    with pytest.raises(ValidationFailed) as refused:
        programme.extend_period(
            date(2030, 6, 30), actor=COUNTY_OFFICER, decision=None, reason="Ønsket"
        )
    assert refused.value.field == "decision"
    with pytest.raises(ValidationFailed) as refused:
        programme.extend_period(
            date(2030, 6, 30),
            actor=COUNTY_OFFICER,
            reason=None,
            decision=decision("kommunestyret", date(2028, 11, 1), "2028/5-1", "Søknad"),
        )
    assert refused.value.field == "decision.body"
    assert programme.version == 1


def test_a_municipality_joins_the_region_by_decision() -> None:
    programme = register()
    programme.add_municipality(
        municipality_id(RODOY),
        actor=COUNTY_OFFICER,
        decision=county_decision(),
        reason="Felles arbeidsmarked",
    )
    assert programme.municipality_ids == (LEAD, municipality_id(RODOY))


@pytest.mark.parametrize("number", [RODOY, VAGAN])
def test_adding_a_municipality_already_in_the_programme_is_refused(number: str) -> None:
    programme = register()
    if number == RODOY:
        programme.add_municipality(
            municipality_id(RODOY), actor=COUNTY_OFFICER, decision=county_decision(), reason=None
        )
    with pytest.raises(ValidationFailed) as refused:
        programme.add_municipality(
            municipality_id(number), actor=COUNTY_OFFICER, decision=county_decision(), reason=None
        )
    assert (refused.value.field, refused.value.rule) == (
        "municipality",
        "is already part of the programme",
    )


def test_adding_a_municipality_without_a_decision_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        register().add_municipality(
            municipality_id(RODOY), actor=COUNTY_OFFICER, decision=None, reason="x"
        )
    assert refused.value.field == "decision"


def test_every_event_carries_actor_tenant_reason_and_decision() -> None:
    programme = register()
    advance(programme, Phase.STRATEGY_AND_ANCHORING, reason="Utviklingsanalysen er ferdig")
    programme.extend_period(
        date(2030, 6, 30), actor=COUNTY_OFFICER, decision=county_decision(), reason="Forsinket"
    )
    events = programme.collect_events()
    assert [type(e).__name__ for e in events] == ["Registered", "PhaseAdvanced", "PeriodExtended"]
    assert {e.tenant_id for e in events} == {LEAD}
    assert [(e.actor, e.reason, e.decision) for e in events] == [
        (COUNTY_OFFICER, "Bortfall av 80 arbeidsplasser", status_grant()),
        (BOARD, "Utviklingsanalysen er ferdig", None),
        (COUNTY_OFFICER, "Forsinket", county_decision()),
    ]


# Stored and reloaded


@pytest.fixture
def app(tmp_path: Path) -> Iterator[OmstillingApp]:
    application = OmstillingApp(env=sqlite_env(str(tmp_path / "events.sqlite")))
    yield application
    application.close()


def programme_with_every_event() -> Programme:
    programme = register(other_municipality_ids=(municipality_id(MELOY),))
    advance(programme, Phase.STRATEGY_AND_ANCHORING)
    programme.extend_period(
        date(2030, 6, 30), actor=COUNTY_OFFICER, decision=county_decision(), reason="x"
    )
    programme.add_municipality(
        municipality_id(RODOY), actor=COUNTY_OFFICER, decision=county_decision(), reason=None
    )
    return programme


def assert_same_typed_state(reloaded: Programme, original: Programme) -> None:
    state = {k: v for k, v in vars(original).items() if k != "_pending_events"}
    assert {k: v for k, v in vars(reloaded).items() if k != "_pending_events"} == state
    assert reloaded.phase is Phase.STRATEGY_AND_ANCHORING
    assert reloaded.kind is StatusKind.SUDDEN_EMPLOYMENT_LOSS
    assert type(reloaded.municipality_ids) is tuple
    assert all(type(m) is UUID for m in reloaded.municipality_ids)
    assert reloaded.status_decision.body is DecidingBody.FYLKESUTVALGET
    assert type(reloaded.period_end) is date


def test_every_programme_event_round_trips_through_the_store(app: OmstillingApp) -> None:
    programme = programme_with_every_event()
    declared = {
        name
        for name, value in vars(Programme).items()  # less the library's own bases
        if isinstance(value, type) and issubclass(value, Programme.Event)
    } - {"Event", "Created"}
    assert {type(e).__name__ for e in programme.pending_events} == declared
    app.save(programme)
    assert_same_typed_state(app.repository.get(programme.id), programme)
    first = next(iter(app.events.get(programme.id)))
    assert (first.actor, first.decision, first.reason, first.tenant_id) == (
        COUNTY_OFFICER,
        status_grant(),
        "Bortfall av 80 arbeidsplasser",
        LEAD,
    )
    assert first.actor.role is Role.COUNTY_OFFICER


def test_reloaded_programme_events_are_the_recorded_ones(app: OmstillingApp) -> None:
    programme = programme_with_every_event()
    recorded = list(programme.pending_events)
    app.save(programme)
    reloaded = list(app.events.get(programme.id))
    assert reloaded == recorded
    assert [type(getattr(e, "phase", None)) for e in reloaded] == [
        type(getattr(e, "phase", None)) for e in recorded
    ]


def test_a_programme_restored_from_a_snapshot_keeps_its_enums_and_tuples(
    app: OmstillingApp,
) -> None:
    programme = programme_with_every_event()
    app.save(programme)
    app.take_snapshot(programme.id)
    restored = app.repository.get(programme.id)
    assert_same_typed_state(restored, programme)
    # The rules that compare by identity still hold after a snapshot.
    advance(restored, Phase.ENDED)
    with pytest.raises(InvalidTransition):
        advance(restored, Phase.ENDED)


def test_a_programme_id_cannot_be_computed_without_the_deployments_key() -> None:
    """The same facts give the same id in one deployment (a repeated registration conflicts),
    but another key gives another id: the public facts alone do not reveal it."""
    first, again = register(), register()
    elsewhere = register(id_key=b"another-deployment-key")
    assert first.id == again.id
    assert elsewhere.id != first.id
