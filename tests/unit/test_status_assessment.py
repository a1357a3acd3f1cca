"""The programme status assessment in the domain: the national template, scores 1–6, all
twelve indicators exactly once, all four parties, the meeting within its year and the
programme's period, the weighting by programme year stored on the event, the weighted score
by hand, conclusions once, corrections as new events, follow-up completed once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from domain.assessment.model import (
    FollowUpInput,
    IndicatorScore,
    Participant,
    PartyRole,
    StatusAssessment,
    assessment_id_for,
)
from domain.assessment.template import (
    DEFAULT_WEIGHTS,
    EFFECT_CODES,
    PROCESS_CODES,
    TEMPLATE,
    Dimension,
    Weighting,
    default_weighting,
    programme_year,
    weighted_score,
)
from domain.shared.errors import InvalidTransition, ValidationFailed
from tests.factories import actor, psv_participants, psv_scores

PERIOD = (date(2021, 7, 1), date(2027, 6, 30))


def held(**overrides: Any) -> StatusAssessment:
    kwargs: dict[str, Any] = {
        "programme_id": uuid4(),
        "tenant_id": uuid4(),
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "year": 2023,
        "held_on": date(2023, 10, 12),
        "participants": psv_participants(),
        "scores": psv_scores(),
        "actor": actor(),
    }
    kwargs.update(overrides)
    return StatusAssessment.hold(**kwargs)


def refused(field: str, rule_part: str, **overrides: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        held(**overrides)
    assert error.value.field == field
    assert rule_part in error.value.rule


# The template


def test_the_template_has_six_process_and_six_effect_indicators_with_names_and_descriptions() -> (
    None
):
    assert len(TEMPLATE) == 12
    assert len(PROCESS_CODES) == 6 and len(EFFECT_CODES) == 6
    assert len({i.code for i in TEMPLATE}) == 12
    for indicator in TEMPLATE:
        assert indicator.name_nb and indicator.name_en and indicator.description
    names = {i.name_nb for i in TEMPLATE if i.dimension is Dimension.EFFECT}
    assert {"Nye arbeidsplasser", "Sikrede arbeidsplasser", "Nye bedrifter"} <= names


# Scores


@pytest.mark.parametrize("bad", [0, 7, -1, 100])
def test_a_score_outside_one_to_six_is_refused(bad: int) -> None:
    scores = psv_scores()
    scores[3] = replace(scores[3], score=bad)
    refused("scores[3].score", "from 1", scores=scores)


@pytest.mark.parametrize("bad", [4.5, "4", True, None])
def test_a_score_must_be_a_whole_number(bad: Any) -> None:
    scores = psv_scores()
    scores[7] = replace(scores[7], score=bad)
    refused("scores[7].score", "whole number", scores=scores)


def test_every_indicator_must_be_scored_and_none_twice() -> None:
    refused("scores", "missing E6", scores=psv_scores()[:11])
    twice = psv_scores()
    twice[11] = replace(twice[11], indicator="P1")
    refused("scores[11].indicator", "scored twice", scores=twice)
    unknown = psv_scores()
    unknown[0] = replace(unknown[0], indicator="X9")
    refused("scores[0].indicator", "national template", scores=unknown)


def test_each_score_needs_a_comment() -> None:
    scores = psv_scores()
    scores[2] = replace(scores[2], comment="  ")
    refused("scores[2].comment", "required", scores=scores)


def test_scores_are_stored_in_template_order_whatever_order_they_came_in() -> None:
    assessment = held(scores=list(reversed(psv_scores())))
    assert [s.indicator for s in assessment.scores] == [i.code for i in TEMPLATE]


# Participants


@pytest.mark.parametrize("missing", list(PartyRole))
def test_all_four_parties_must_take_part(missing: PartyRole) -> None:
    people = [p for p in psv_participants() if p.role is not missing]
    refused("participants", missing.value, participants=people)


def test_a_participant_needs_a_name_and_organisation_and_a_known_role() -> None:
    people = psv_participants()
    people[1] = Participant("", "Nordland fylkeskommune", PartyRole.COUNTY)
    refused("participants[1].name", "required", participants=people)
    people = psv_participants()
    people[2] = Participant("Jon", "Innovasjon Norge", "investor")  # type: ignore[arg-type]
    refused("participants[2].role", "must be one of", participants=people)


# The meeting date


def test_the_meeting_is_held_within_its_year_and_the_period_and_not_in_the_future() -> None:
    refused("heldOn", "year 2023", held_on=date(2024, 1, 10))
    refused("year", "period", year=2028, held_on=date(2028, 10, 1))
    refused("heldOn", "period", year=2021, held_on=date(2021, 3, 1))
    refused("heldOn", "future", year=2027, held_on=date(2027, 6, 1), period_end=date(2099, 1, 1))


# Weighting and the weighted score


def test_year_one_is_the_first_calendar_year_of_the_period() -> None:
    assert programme_year(2021, 2021) == 1
    assert programme_year(2021, 2023) == 3


@pytest.mark.parametrize(
    ("year", "process", "effect"),
    [(1, 70, 30), (2, 60, 40), (3, 50, 50), (4, 40, 60), (5, 30, 70), (6, 20, 80), (9, 20, 80)],
)
def test_process_weighs_most_early_and_effects_later(year: int, process: int, effect: int) -> None:
    weighting = default_weighting(year)
    assert (weighting.process_percent, weighting.effect_percent) == (process, effect)
    assert weighting.process_weight + weighting.effect_weight == Decimal("1.00")


def test_the_weighted_score_by_hand() -> None:
    # Process 5,4,4,3,5,4 = 25 (mean 4.1666…), effect 2,3,2,3,3,2 = 15 (mean 2.5).
    # Year 3 (2023 of a 2021 period): 0.5 × 25/6 + 0.5 × 2.5 = 2.0833… + 1.25 = 3.3333… → 3.33
    assessment = held()
    assert assessment.weighting == Weighting(3, 50, 50)
    assert assessment.process_score == Decimal("4.17")
    assert assessment.effect_score == Decimal("2.50")
    assert assessment.weighted_score == Decimal("3.33")
    # Year 1 (70/30): 0.7 × 25/6 + 0.3 × 2.5 = 2.91666… + 0.75 = 3.66666… → 3.67
    scores = {s.indicator: s.score for s in psv_scores()}
    assert weighted_score(scores, Weighting(1, 70, 30)) == Decimal("3.67")
    # Computed from the exact means, not the rounded ones: 0.3 × 4.17 + 0.7 × 2.5 = 3.001
    assert weighted_score(scores, Weighting(5, 30, 70)) == Decimal("3.00")


def test_the_weighting_used_is_stored_on_the_event() -> None:
    assessment = held()
    (event,) = assessment.collect_events()
    assert isinstance(event, StatusAssessment.Held)
    assert event.weighting == Weighting(3, 50, 50)
    assert event.programme_id == assessment.programme_id
    assert event.year == 2023 and event.held_on == date(2023, 10, 12)
    assert len(DEFAULT_WEIGHTS) == 6


def test_one_assessment_per_programme_and_year_by_its_id() -> None:
    programme = uuid4()
    assessment = held(programme_id=programme)
    assert assessment.id == assessment_id_for(programme, 2023)
    assert assessment_id_for(programme, 2024) != assessment.id


# Conclusions, corrections, follow-up


def follow_ups() -> list[FollowUpInput]:
    return [
        FollowUpInput("Styrke mobiliseringen", "Programleder", date(2024, 2, 1)),
        FollowUpInput("Møte Innovasjon Norge", "Styreleder", date(2023, 12, 1)),
    ]


def test_conclusions_are_recorded_once_with_numbered_follow_ups() -> None:
    assessment = held()
    assessment.conclude("Prosessen er god, effektene svake.", follow_ups(), actor=actor())
    assert [a.number for a in assessment.follow_ups] == [1, 2]
    with pytest.raises(InvalidTransition):
        assessment.conclude("Igjen", (), actor=actor())


def test_a_follow_up_is_due_after_the_meeting() -> None:
    assessment = held()
    with pytest.raises(ValidationFailed) as error:
        assessment.conclude(
            "Konklusjon", [FollowUpInput("Tiltak", "Leder", date(2023, 1, 1))], actor=actor()
        )
    assert error.value.field == "followUps[0].dueOn"


def test_a_correction_is_a_new_event_with_a_reason() -> None:
    assessment = held()
    assessment.collect_events()
    with pytest.raises(ValidationFailed) as error:
        assessment.correct_score("E1", 3, "Rettet", actor=actor(), reason=None)
    assert error.value.field == "reason"
    with pytest.raises(ValidationFailed) as error:
        assessment.correct_score("E1", 7, "Rettet", actor=actor(), reason="Feil")
    assert error.value.field == "score"
    assessment.correct_score("E1", 4, "Rettet etter møtet", actor=actor(), reason="Tastefeil")
    (event,) = assessment.collect_events()
    assert isinstance(event, StatusAssessment.ScoreCorrected)
    assert (event.indicator, event.score, event.reason) == ("E1", 4, "Tastefeil")
    assert assessment.score_by_indicator["E1"] == 4
    assert assessment.effect_score == Decimal("2.83")  # (4+3+2+3+3+2)/6


def test_a_follow_up_is_completed_once_and_not_before_the_meeting() -> None:
    assessment = held()
    with pytest.raises(InvalidTransition):
        assessment.complete_follow_up(1, date(2023, 11, 1), "Kari", actor=actor())
    assessment.conclude("Konklusjon", follow_ups(), actor=actor())
    with pytest.raises(ValidationFailed) as error:
        assessment.complete_follow_up(3, date(2023, 11, 1), "Kari", actor=actor())
    assert error.value.field == "number"
    with pytest.raises(ValidationFailed) as error:
        assessment.complete_follow_up(1, date(2023, 10, 1), "Kari", actor=actor())
    assert error.value.field == "doneOn"
    assessment.complete_follow_up(1, date(2023, 11, 1), "Kari", actor=actor())
    with pytest.raises(InvalidTransition):
        assessment.complete_follow_up(1, date(2023, 11, 2), "Kari", actor=actor())


def test_indicator_scores_are_plain_values() -> None:
    assert IndicatorScore("P1", 3, "x") == IndicatorScore("P1", 3, "x")
