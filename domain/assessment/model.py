"""The programme status assessment (programstatusvurdering, PSV), held each October: the
programme, the county, Innovasjon Norge and an external process leader meet and score the
twelve indicators of the national template (see `domain.assessment.template`), then record
conclusions and follow-up actions. One assessment per programme and year.

Invariants: held on a date within its year and the programme's period, not in the future;
all four parties take part; each of the twelve indicators scored exactly once, a whole number
1–6 with a comment; the weighting of its programme year stored on the event; concluded once;
a score is corrected by a new event with a reason (the history stays); a follow-up action is
completed once, not before the meeting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.assessment.template import (
    EFFECT_CODES,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    PROCESS_CODES,
    TEMPLATE,
    TEMPLATE_BY_CODE,
    TEMPLATE_VERSION,
    Weighting,
    default_weighting,
    mean_score,
    programme_year,
    weighted_score,
)
from domain.shared import clock
from domain.shared.actor import Actor
from domain.shared.dates import YEARS_AFTER, add_years, plausible_date, require_date
from domain.shared.decisions import DecisionRef
from domain.shared.errors import InvalidTransition, ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import LONG_TEXT, TextKind, optional_reason, required_reason, required_text

ASSESSMENT_NAMESPACE = UUID("5b1d7e2a-3c84-4f0e-9a6b-2d4c8e1f7a93")
MAX_FOLLOW_UPS = 40
COMMENT_LENGTH = 4000


def assessment_id_for(programme_id: UUID, year: int) -> UUID:
    """One assessment per programme and year: a second one for the same year conflicts."""
    return uuid5(ASSESSMENT_NAMESPACE, f"{programme_id}:{year}")


class PartyRole(StrEnum):
    """The four parties of the meeting; all must take part."""

    PROGRAMME = "programme"  # programme leader or board (omstillingsprogrammet)
    COUNTY = "county"  # fylkeskommunen
    INNOVASJON_NORGE = "innovasjon_norge"
    PROCESS_LEADER = "process_leader"  # ekstern prosessleder


PARTY_ROLE_NB = {
    PartyRole.PROGRAMME: "Omstillingsprogrammet (programleder/styre)",
    PartyRole.COUNTY: "Fylkeskommunen",
    PartyRole.INNOVASJON_NORGE: "Innovasjon Norge",
    PartyRole.PROCESS_LEADER: "Ekstern prosessleder",
}


@dataclass(frozen=True)
class Participant:
    name: str
    organisation: str
    role: PartyRole


@dataclass(frozen=True)
class IndicatorScore:
    indicator: str
    score: int
    comment: str


@dataclass(frozen=True)
class FollowUpAction:
    """A follow-up action (oppfølgingstiltak): what, who is responsible, by when."""

    number: int
    what: str
    responsible: str
    due_on: date


@dataclass(frozen=True)
class FollowUpInput:
    what: str
    responsible: str
    due_on: date


def _whole(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(field, "must be a whole number")
    return value


def require_score(field: str, value: object) -> int:
    score = _whole(field, value)
    if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise ValidationFailed(
            field, f"must be from {LOWEST_SCORE} (svært svakt) to {HIGHEST_SCORE} (svært godt)"
        )
    return score


def require_indicator(field: str, code: object) -> str:
    text = required_text(field, code, 10, kind=TextKind.CODE).upper()
    if text not in TEMPLATE_BY_CODE:
        allowed = ", ".join(i.code for i in TEMPLATE)
        raise ValidationFailed(field, f"must be an indicator of the national template ({allowed})")
    return text


def _participants(values: Iterable[Participant]) -> tuple[Participant, ...]:
    if isinstance(values, str | bytes):
        raise ValidationFailed("participants", "must list the participants")
    items = tuple(values)
    if len(items) > 40:
        raise ValidationFailed("participants", "at most 40 participants")
    checked = []
    for i, p in enumerate(items):
        try:
            role = PartyRole(p.role)
        except ValueError:
            allowed = ", ".join(r.value for r in PartyRole)
            raise ValidationFailed(f"participants[{i}].role", f"must be one of {allowed}") from None
        checked.append(
            Participant(
                required_text(f"participants[{i}].name", p.name, 200, kind=TextKind.LINE),
                required_text(
                    f"participants[{i}].organisation", p.organisation, 200, kind=TextKind.LINE
                ),
                role,
            )
        )
    present = {p.role for p in checked}
    for role in PartyRole:
        if role not in present:
            raise ValidationFailed(
                "participants",
                f"all four parties must take part; missing {role.value} ({PARTY_ROLE_NB[role]})",
            )
    if len({(p.name.casefold(), p.organisation.casefold()) for p in checked}) != len(checked):
        raise ValidationFailed("participants", "must not list the same person twice")
    return tuple(checked)


def _scores(values: Iterable[IndicatorScore]) -> tuple[IndicatorScore, ...]:
    if isinstance(values, str | bytes):
        raise ValidationFailed("scores", "must list the scores")
    items = tuple(values)
    seen: dict[str, int] = {}
    checked = []
    for i, s in enumerate(items):
        code = require_indicator(f"scores[{i}].indicator", s.indicator)
        if code in seen:
            raise ValidationFailed(
                f"scores[{i}].indicator",
                f"indicator {code} is scored twice (also scores[{seen[code]}]); each exactly once",
            )
        seen[code] = i
        checked.append(
            IndicatorScore(
                code,
                require_score(f"scores[{i}].score", s.score),
                _comment(f"scores[{i}].comment", s.comment),
            )
        )
    missing = [i.code for i in TEMPLATE if i.code not in seen]
    if missing:
        raise ValidationFailed(
            "scores",
            f"all 12 indicators of the national template must be scored; missing {', '.join(missing)}",
        )
    order = {i.code: n for n, i in enumerate(TEMPLATE)}
    return tuple(sorted(checked, key=lambda s: order[s.indicator]))


def _comment(field: str, value: object) -> str:
    return required_text(field, value, COMMENT_LENGTH, kind=TextKind.MULTILINE)


def _follow_ups(values: Sequence[FollowUpInput], held_on: date) -> tuple[FollowUpAction, ...]:
    if isinstance(values, str | bytes):
        raise ValidationFailed("followUps", "must list the follow-up actions")
    items = tuple(values)
    if len(items) > MAX_FOLLOW_UPS:
        raise ValidationFailed("followUps", f"at most {MAX_FOLLOW_UPS} follow-up actions")
    actions = []
    for i, a in enumerate(items):
        due = require_date(f"followUps[{i}].dueOn", a.due_on)
        if due < held_on:
            raise ValidationFailed(
                f"followUps[{i}].dueOn", f"cannot be before the meeting ({held_on})"
            )
        plausible_date(
            f"followUps[{i}].dueOn",
            due,
            held_on,
            add_years(held_on, YEARS_AFTER),
            f"at most {YEARS_AFTER} years after the meeting",
        )
        actions.append(
            FollowUpAction(
                i + 1,
                required_text(f"followUps[{i}].what", a.what, 2000, kind=TextKind.MULTILINE),
                required_text(
                    f"followUps[{i}].responsible", a.responsible, 200, kind=TextKind.LINE
                ),
                due,
            )
        )
    return tuple(actions)


class StatusAssessment(Aggregate):
    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {
        "participants": tuple,
        "scores": tuple,
        "follow_ups": tuple,
        "completed": dict,
    }

    class Held(Event, Aggregate.Created):
        programme_id: UUID
        year: int
        held_on: date
        template_version: str
        weighting: Weighting
        participants: tuple[Participant, ...]
        scores: tuple[IndicatorScore, ...]

    class Concluded(Event):
        conclusions: str
        follow_ups: tuple[FollowUpAction, ...]

    class ScoreCorrected(Event):
        indicator: str
        score: int
        comment: str

    class FollowUpCompleted(Event):
        number: int
        done_on: date
        done_by: str

    @staticmethod
    def create_id(programme_id: UUID, year: int, **_: object) -> UUID:
        return assessment_id_for(programme_id, year)

    @event(Held)
    def __init__(
        self,
        *,
        programme_id: UUID,
        year: int,
        held_on: date,
        template_version: str,
        weighting: Weighting,
        participants: tuple[Participant, ...],
        scores: tuple[IndicatorScore, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.programme_id = programme_id
        self.tenant_id = tenant_id
        self.year = year
        self.held_on = held_on
        self.template_version = template_version
        self.weighting = weighting
        self.participants = tuple(participants)
        self.scores = tuple(scores)
        self.conclusions: str | None = None
        self.follow_ups: tuple[FollowUpAction, ...] = ()
        self.completed: dict[str, str] = {}  # action number (as text) -> done_on ISO

    @classmethod
    def hold(
        cls,
        *,
        programme_id: UUID,
        tenant_id: UUID,
        period_start: date,
        period_end: date,
        year: int,
        held_on: date,
        participants: Iterable[Participant],
        scores: Iterable[IndicatorScore],
        actor: Actor,
        reason: str | None = None,
        decision: DecisionRef | None = None,
    ) -> StatusAssessment:
        year = _whole("year", year)
        first, last = period_start.year, period_end.year
        if not first <= year <= last:
            raise ValidationFailed("year", f"must fall in the programme's period ({first}–{last})")
        require_date("heldOn", held_on)
        if held_on.year != year:
            raise ValidationFailed("heldOn", f"must be a date in the assessment's year {year}")
        if not period_start <= held_on <= period_end:
            raise ValidationFailed(
                "heldOn", f"must fall in the programme's period ({period_start}–{period_end})"
            )
        if held_on > clock.recording_day():
            raise ValidationFailed(
                "heldOn", "cannot be in the future: record the assessment once it is held"
            )
        return cls(
            programme_id=programme_id,
            year=year,
            held_on=held_on,
            template_version=TEMPLATE_VERSION,
            weighting=default_weighting(programme_year(first, year)),
            participants=_participants(participants),
            scores=_scores(scores),
            tenant_id=tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    # Derived figures

    @property
    def score_by_indicator(self) -> dict[str, int]:
        return {s.indicator: s.score for s in self.scores}

    @property
    def process_score(self) -> Decimal:
        return mean_score(self.score_by_indicator, PROCESS_CODES)

    @property
    def effect_score(self) -> Decimal:
        return mean_score(self.score_by_indicator, EFFECT_CODES)

    @property
    def weighted_score(self) -> Decimal:
        return weighted_score(self.score_by_indicator, self.weighting)

    @property
    def is_concluded(self) -> bool:
        return self.conclusions is not None

    # Conclusions and follow-up

    def conclude(
        self,
        conclusions: str,
        follow_ups: Sequence[FollowUpInput] = (),
        *,
        actor: Actor,
        reason: str | None = None,
        decision: DecisionRef | None = None,
    ) -> None:
        if self.is_concluded:
            raise InvalidTransition(
                "concluded", "conclude", "the assessment's conclusions are already recorded"
            )
        self._conclude(
            conclusions=required_text(
                "conclusions", conclusions, LONG_TEXT, kind=TextKind.MULTILINE
            ),
            follow_ups=_follow_ups(follow_ups, self.held_on),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(Concluded)
    def _conclude(
        self,
        conclusions: str,
        follow_ups: tuple[FollowUpAction, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.conclusions = conclusions
        self.follow_ups = tuple(follow_ups)

    def correct_score(
        self,
        indicator: str,
        score: int,
        comment: str,
        *,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None = None,
    ) -> None:
        """A new event; the score as first recorded and every earlier correction stay."""
        code = require_indicator("indicator", indicator)
        new_score = require_score("score", score)
        text = _comment("comment", comment)
        why = required_reason(reason)
        current = next(s for s in self.scores if s.indicator == code)
        if (current.score, current.comment) == (new_score, text):
            raise ValidationFailed("score", "the correction changes nothing")
        self._correct_score(
            indicator=code,
            score=new_score,
            comment=text,
            tenant_id=self.tenant_id,
            actor=actor,
            reason=why,
            decision=decision,
        )

    @event(ScoreCorrected)
    def _correct_score(
        self,
        indicator: str,
        score: int,
        comment: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.scores = tuple(
            IndicatorScore(indicator, score, comment) if s.indicator == indicator else s
            for s in self.scores
        )

    def complete_follow_up(
        self,
        number: int,
        done_on: date,
        done_by: str,
        *,
        actor: Actor,
        reason: str | None = None,
        decision: DecisionRef | None = None,
    ) -> None:
        if not self.is_concluded:
            raise InvalidTransition(
                "held", "complete a follow-up action", "the assessment has no conclusions yet"
            )
        number = _whole("number", number)
        if not any(a.number == number for a in self.follow_ups):
            raise ValidationFailed(
                "number", f"must be the number of a follow-up action (1–{len(self.follow_ups)})"
            )
        if str(number) in self.completed:
            raise InvalidTransition(
                "completed", "complete a follow-up action", f"action {number} is already done"
            )
        require_date("doneOn", done_on)
        if done_on < self.held_on:
            raise ValidationFailed("doneOn", f"cannot be before the meeting ({self.held_on})")
        if done_on > clock.recording_day():
            raise ValidationFailed("doneOn", "cannot be in the future")
        self._complete_follow_up(
            number=number,
            done_on=done_on,
            done_by=required_text("doneBy", done_by, 200, kind=TextKind.LINE),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=optional_reason(reason),
            decision=decision,
        )

    @event(FollowUpCompleted)
    def _complete_follow_up(
        self,
        number: int,
        done_on: date,
        done_by: str,
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.completed = {**self.completed, str(number): done_on.isoformat()}


def scores_doc(scores: Iterable[IndicatorScore]) -> list[dict[str, Any]]:
    return [{"indicator": s.indicator, "score": s.score, "comment": s.comment} for s in scores]
