"""Programme status assessments (programstatusvurdering) as read: per programme and year the
meeting, its participants, the twelve scores as they stand and their history of corrections,
conclusions and follow-up; the score series comparable across programmes; and which
Omstillingsplan revision cites which assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.assessment.model import StatusAssessment
from domain.assessment.template import (
    EFFECT_CODES,
    PROCESS_CODES,
    TEMPLATE,
    TEMPLATE_BY_CODE,
    Weighting,
    mean_score,
    weighted_score,
)
from domain.plan.model import Omstillingsplan
from domain.programme.model import Programme
from domain.shared.actor import Actor
from projections.base import ReadModelView, Statement, from_json, to_json


@dataclass(frozen=True)
class AssessmentScoreRow:
    """One programme's assessment of one year, as the national comparison reads it. The
    weights are those recorded when it was held; the weighted score is
    process_weight × process_score + effect_weight × effect_score, exact, rounded to 2 decimals
    (computed from the unrounded means)."""

    programme_id: UUID
    programme_name: str
    tenant_id: UUID
    assessment_id: UUID
    year: int
    programme_year: int
    process_score: Decimal
    effect_score: Decimal
    process_weight: Decimal
    effect_weight: Decimal
    weighted_score: Decimal
    held_on: date


@dataclass(frozen=True)
class ParticipantRow:
    name: str
    organisation: str
    role: str


@dataclass(frozen=True)
class ScoreChange:
    """The score as held ('held') or as corrected ('correction'), by whom and why."""

    version: int
    kind: str
    score: int
    comment: str
    reason: str | None
    actor: dict[str, Any]
    recorded_at: str


@dataclass(frozen=True)
class ScoreRow:
    indicator: str
    dimension: str
    score: int
    comment: str
    corrections: int
    history: tuple[ScoreChange, ...]


@dataclass(frozen=True)
class FollowUpRow:
    number: int
    what: str
    responsible: str
    due_on: date
    done_on: date | None
    done_by: str | None


@dataclass(frozen=True)
class AssessmentRow:
    assessment_id: UUID
    programme_id: UUID
    programme_name: str
    tenant_id: UUID
    year: int
    programme_year: int
    held_on: date
    template_version: str
    process_percent: int
    effect_percent: int
    process_score: Decimal
    effect_score: Decimal
    weighted_score: Decimal
    conclusions: str | None
    concluded_at: str | None
    recorded_by: dict[str, Any]
    reason: str | None
    version: int
    created_at: str
    updated_at: str
    participants: tuple[ParticipantRow, ...]
    scores: tuple[ScoreRow, ...]
    follow_ups: tuple[FollowUpRow, ...]
    cited_by: tuple[tuple[UUID, int], ...]  # (plan id, version number)

    @property
    def process_weight(self) -> Decimal:
        return Weighting(self.programme_year, self.process_percent, 0).process_weight

    @property
    def effect_weight(self) -> Decimal:
        return Weighting(self.programme_year, 0, self.effect_percent).effect_weight


def _in(column: str, count: int) -> str:
    return f"{column} IN ({', '.join(['%s'] * count)})" if count else "1 = 0"


def actor_doc(actor: Actor) -> dict[str, Any]:
    return {"userId": actor.user_id, "name": actor.name, "role": actor.role.value}


class AssessmentView(ReadModelView):
    tables = (
        "assessment_programmes",
        "assessments",
        "assessment_participants",
        "assessment_scores",
        "assessment_score_history",
        "assessment_follow_ups",
        "assessment_citations",
    )

    def assessment(self, assessment_id: UUID) -> AssessmentRow | None:
        found = self._assessments("a.assessment_id = %s", [str(assessment_id)])
        return found[0] if found else None

    def assessment_of_year(self, programme_id: UUID, year: int) -> AssessmentRow | None:
        found = self._assessments(
            "a.programme_id = %s AND a.assessment_year = %s", [str(programme_id), year]
        )
        return found[0] if found else None

    def assessments(self, programme_ids: list[UUID] | None) -> list[AssessmentRow]:
        """Assessments of the programmes (all if None), by programme name and year."""
        if programme_ids is None:
            return self._assessments("1 = 1", [])
        return self._assessments(
            _in("a.programme_id", len(programme_ids)), [str(p) for p in programme_ids]
        )

    def score_series(self, programme_ids: list[UUID] | None) -> list[AssessmentScoreRow]:
        """Per programme and year: the scores, the weights used and the weighted score;
        ordered by programme name, programme id and year."""
        clause, params = (
            ("1 = 1", [])
            if programme_ids is None
            else (
                _in("a.programme_id", len(programme_ids)),
                [str(p) for p in programme_ids],
            )
        )
        rows = self.rows(
            "SELECT a.*, p.name AS programme_name FROM assessments a "
            "JOIN assessment_programmes p ON p.programme_id = a.programme_id "
            f"WHERE {clause} ORDER BY p.name, a.programme_id, a.assessment_year",
            params,
        )
        series = []
        for r in rows:
            weighting = Weighting(
                int(r["programme_year"]), int(r["process_percent"]), int(r["effect_percent"])
            )
            series.append(
                AssessmentScoreRow(
                    programme_id=UUID(r["programme_id"]),
                    programme_name=r["programme_name"],
                    tenant_id=UUID(r["tenant_id"]),
                    assessment_id=UUID(r["assessment_id"]),
                    year=int(r["assessment_year"]),
                    programme_year=weighting.programme_year,
                    process_score=Decimal(r["process_score"]),
                    effect_score=Decimal(r["effect_score"]),
                    process_weight=weighting.process_weight,
                    effect_weight=weighting.effect_weight,
                    weighted_score=Decimal(r["weighted_score"]),
                    held_on=date.fromisoformat(r["held_on"]),
                )
            )
        return series

    def citation(self, plan_id: UUID, version_number: int) -> UUID | None:
        """The assessment a plan version's revision cites, if any."""
        row = self.row(
            "SELECT assessment_id FROM assessment_citations "
            "WHERE plan_id = %s AND version_number = %s",
            (str(plan_id), version_number),
        )
        return None if row is None else UUID(row["assessment_id"])

    def programme_row(self, programme_id: UUID) -> dict[str, Any] | None:
        return self.row(
            "SELECT * FROM assessment_programmes WHERE programme_id = %s", (str(programme_id),)
        )

    def _assessments(self, clause: str, params: list[Any]) -> list[AssessmentRow]:
        rows = self.rows(
            "SELECT a.*, p.name AS programme_name FROM assessments a "
            "JOIN assessment_programmes p ON p.programme_id = a.programme_id "
            f"WHERE {clause} ORDER BY p.name, a.programme_id, a.assessment_year",
            params,
        )
        if not rows:
            return []
        ids = [r["assessment_id"] for r in rows]
        where = _in("assessment_id", len(ids))
        participants: dict[str, list[ParticipantRow]] = {}
        for p in self.rows(
            f"SELECT * FROM assessment_participants WHERE {where} ORDER BY assessment_id, position",
            ids,
        ):
            participants.setdefault(p["assessment_id"], []).append(
                ParticipantRow(p["name"], p["organisation"], p["party_role"])
            )
        history: dict[tuple[str, str], list[ScoreChange]] = {}
        for h in self.rows(
            f"SELECT * FROM assessment_score_history WHERE {where} "
            "ORDER BY assessment_id, indicator, aggregate_version",
            ids,
        ):
            history.setdefault((h["assessment_id"], h["indicator"]), []).append(
                ScoreChange(
                    int(h["aggregate_version"]),
                    h["kind"],
                    int(h["score"]),
                    h["comment"],
                    h["reason"],
                    from_json(h["actor"]),
                    h["recorded_at"],
                )
            )
        scores: dict[str, list[ScoreRow]] = {}
        for s in self.rows(
            f"SELECT * FROM assessment_scores WHERE {where} ORDER BY assessment_id, position", ids
        ):
            scores.setdefault(s["assessment_id"], []).append(
                ScoreRow(
                    s["indicator"],
                    s["dimension"],
                    int(s["score"]),
                    s["comment"],
                    int(s["corrections"]),
                    tuple(history.get((s["assessment_id"], s["indicator"]), ())),
                )
            )
        follow_ups: dict[str, list[FollowUpRow]] = {}
        for f in self.rows(
            f"SELECT * FROM assessment_follow_ups WHERE {where} "
            "ORDER BY assessment_id, action_number",
            ids,
        ):
            follow_ups.setdefault(f["assessment_id"], []).append(
                FollowUpRow(
                    int(f["action_number"]),
                    f["what"],
                    f["responsible"],
                    date.fromisoformat(f["due_on"]),
                    date.fromisoformat(f["done_on"]) if f["done_on"] else None,
                    f["done_by"],
                )
            )
        cited: dict[str, list[tuple[UUID, int]]] = {}
        for c in self.rows(
            f"SELECT * FROM assessment_citations WHERE {where} ORDER BY plan_id, version_number",
            ids,
        ):
            cited.setdefault(c["assessment_id"], []).append(
                (UUID(c["plan_id"]), int(c["version_number"]))
            )
        return [
            AssessmentRow(
                assessment_id=UUID(r["assessment_id"]),
                programme_id=UUID(r["programme_id"]),
                programme_name=r["programme_name"],
                tenant_id=UUID(r["tenant_id"]),
                year=int(r["assessment_year"]),
                programme_year=int(r["programme_year"]),
                held_on=date.fromisoformat(r["held_on"]),
                template_version=r["template_version"],
                process_percent=int(r["process_percent"]),
                effect_percent=int(r["effect_percent"]),
                process_score=Decimal(r["process_score"]),
                effect_score=Decimal(r["effect_score"]),
                weighted_score=Decimal(r["weighted_score"]),
                conclusions=r["conclusions"],
                concluded_at=r["concluded_at"],
                recorded_by=from_json(r["recorded_by"]),
                reason=r["reason"],
                version=int(r["aggregate_version"]),
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                participants=tuple(participants.get(r["assessment_id"], ())),
                scores=tuple(scores.get(r["assessment_id"], ())),
                follow_ups=tuple(follow_ups.get(r["assessment_id"], ())),
                cited_by=tuple(cited.get(r["assessment_id"], ())),
            )
            for r in rows
        ]


def _figures(scores: dict[str, int], weighting: Weighting) -> tuple[str, str, str]:
    return (
        str(mean_score(scores, PROCESS_CODES)),
        str(mean_score(scores, EFFECT_CODES)),
        str(weighted_score(scores, weighting)),
    )


class AssessmentProjection(Projection[AssessmentView]):
    name = "assessments"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    # The programmes

    @process_event.register(Programme.Registered)
    def _(self, event: Programme.Registered, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO assessment_programmes (programme_id, tenant_id, name, "
                    "granting_county_number, lead_municipality_id, period_start, period_end) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        str(event.tenant_id),
                        event.name,
                        event.granting_county_number,
                        str(event.lead_municipality_id),
                        event.period_start.isoformat(),
                        event.period_end.isoformat(),
                    ),
                )
            ],
        )

    @process_event.register(Programme.PeriodExtended)
    def _(self, event: Programme.PeriodExtended, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "UPDATE assessment_programmes SET period_end = %s WHERE programme_id = %s",
                    (event.period_end.isoformat(), str(event.originator_id)),
                )
            ],
        )

    # The assessment

    @process_event.register(StatusAssessment.Held)
    def _(self, event: StatusAssessment.Held, tracking: Tracking) -> None:
        at = event.timestamp.isoformat()
        aid = str(event.originator_id)
        scores = {s.indicator: s.score for s in event.scores}
        process, effect, weighted = _figures(scores, event.weighting)
        actor = to_json(actor_doc(event.actor))
        statements: list[Statement] = [
            (
                "INSERT INTO assessments (assessment_id, programme_id, tenant_id, "
                "assessment_year, programme_year, held_on, template_version, process_percent, "
                "effect_percent, process_score, effect_score, weighted_score, conclusions, "
                "concluded_at, recorded_by, reason, aggregate_version, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, %s, %s, "
                "%s, %s, %s)",
                (
                    aid,
                    str(event.programme_id),
                    str(event.tenant_id),
                    event.year,
                    event.weighting.programme_year,
                    event.held_on.isoformat(),
                    event.template_version,
                    event.weighting.process_percent,
                    event.weighting.effect_percent,
                    process,
                    effect,
                    weighted,
                    actor,
                    event.reason,
                    event.originator_version,
                    at,
                    at,
                ),
            )
        ]
        for position, p in enumerate(event.participants, start=1):
            statements.append(
                (
                    "INSERT INTO assessment_participants (assessment_id, position, name, "
                    "organisation, party_role) VALUES (%s, %s, %s, %s, %s)",
                    (aid, position, p.name, p.organisation, p.role.value),
                )
            )
        order = {i.code: n for n, i in enumerate(TEMPLATE, start=1)}
        for s in event.scores:
            statements.append(
                (
                    "INSERT INTO assessment_scores (assessment_id, indicator, dimension, "
                    "position, score, comment, corrections) VALUES (%s, %s, %s, %s, %s, %s, 0)",
                    (
                        aid,
                        s.indicator,
                        TEMPLATE_BY_CODE[s.indicator].dimension.value,
                        order[s.indicator],
                        s.score,
                        s.comment,
                    ),
                )
            )
            statements.append(_history(event, s.indicator, "held", s.score, s.comment, actor))
        self.view.write(tracking, statements)

    @process_event.register(StatusAssessment.Concluded)
    def _(self, event: StatusAssessment.Concluded, tracking: Tracking) -> None:
        at = event.timestamp.isoformat()
        aid = str(event.originator_id)
        statements: list[Statement] = [
            (
                "UPDATE assessments SET conclusions = %s, concluded_at = %s, "
                "aggregate_version = %s, updated_at = %s WHERE assessment_id = %s",
                (event.conclusions, at, event.originator_version, at, aid),
            )
        ]
        for a in event.follow_ups:
            statements.append(
                (
                    "INSERT INTO assessment_follow_ups (assessment_id, action_number, what, "
                    "responsible, due_on, done_on, done_by, completed_at) "
                    "VALUES (%s, %s, %s, %s, %s, NULL, NULL, NULL)",
                    (aid, a.number, a.what, a.responsible, a.due_on.isoformat()),
                )
            )
        self.view.write(tracking, statements)

    @process_event.register(StatusAssessment.ScoreCorrected)
    def _(self, event: StatusAssessment.ScoreCorrected, tracking: Tracking) -> None:
        at = event.timestamp.isoformat()
        aid = str(event.originator_id)
        head = self.view.row("SELECT * FROM assessments WHERE assessment_id = %s", (aid,))
        assert head is not None
        scores = {
            r["indicator"]: int(r["score"])
            for r in self.view.rows(
                "SELECT indicator, score FROM assessment_scores WHERE assessment_id = %s", (aid,)
            )
        }
        scores[event.indicator] = event.score
        weighting = Weighting(
            int(head["programme_year"]), int(head["process_percent"]), int(head["effect_percent"])
        )
        process, effect, weighted = _figures(scores, weighting)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE assessment_scores SET score = %s, comment = %s, "
                    "corrections = corrections + 1 WHERE assessment_id = %s AND indicator = %s",
                    (event.score, event.comment, aid, event.indicator),
                ),
                _history(
                    event,
                    event.indicator,
                    "correction",
                    event.score,
                    event.comment,
                    to_json(actor_doc(event.actor)),
                ),
                (
                    "UPDATE assessments SET process_score = %s, effect_score = %s, "
                    "weighted_score = %s, aggregate_version = %s, updated_at = %s "
                    "WHERE assessment_id = %s",
                    (process, effect, weighted, event.originator_version, at, aid),
                ),
            ],
        )

    @process_event.register(StatusAssessment.FollowUpCompleted)
    def _(self, event: StatusAssessment.FollowUpCompleted, tracking: Tracking) -> None:
        at = event.timestamp.isoformat()
        aid = str(event.originator_id)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE assessment_follow_ups SET done_on = %s, done_by = %s, "
                    "completed_at = %s WHERE assessment_id = %s AND action_number = %s",
                    (event.done_on.isoformat(), event.done_by, at, aid, event.number),
                ),
                (
                    "UPDATE assessments SET aggregate_version = %s, updated_at = %s "
                    "WHERE assessment_id = %s",
                    (event.originator_version, at, aid),
                ),
            ],
        )

    # Citations by Omstillingsplan revisions

    @process_event.register(Omstillingsplan.RevisionStarted)
    def _(self, event: Omstillingsplan.RevisionStarted, tracking: Tracking) -> None:
        assessment_id = getattr(event, "assessment_id", None)
        if assessment_id is None:
            self.view.track_only(tracking)
            return
        head = self.view.row(
            "SELECT programme_id FROM assessments WHERE assessment_id = %s",
            (str(assessment_id),),
        )
        assert head is not None  # the application checked the assessment exists
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO assessment_citations (plan_id, version_number, assessment_id, "
                    "programme_id, cited_at) VALUES (%s, %s, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        event.version_number,
                        str(assessment_id),
                        head["programme_id"],
                        event.timestamp.isoformat(),
                    ),
                )
            ],
        )


def _history(
    event: Any, indicator: str, kind: str, score: int, comment: str, actor: str
) -> Statement:
    return (
        "INSERT INTO assessment_score_history (assessment_id, aggregate_version, indicator, "
        "kind, score, comment, reason, actor, recorded_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            str(event.originator_id),
            event.originator_version,
            indicator,
            kind,
            score,
            comment,
            event.reason,
            actor,
            event.timestamp.isoformat(),
        ),
    )
