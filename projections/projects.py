"""Projects (tiltak) as they stand: mandate, status, milestones with due and completed dates,
scores; and the ranking of candidates as each prioritisation decision recorded it, with its weights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.project.mandate import Completion, Mandate, Milestone
from domain.project.model import Project, ProjectStatus
from domain.project.prioritisation import (
    CRITERIA,
    Candidate,
    Criterion,
    Ranked,
    Score,
    Weights,
    rank,
)
from domain.shared.decisions import DecisionRef
from projections.base import ReadModelView, Statement, from_json, to_json
from projections.documents import decision_doc

PRIORITISATION_NAMESPACE = UUID("c6f1d2a4-3b7e-4f90-8e15-9a2d7c4b1e58")


@dataclass(frozen=True)
class MilestoneRow:
    number: str
    order: int
    name: str
    criterion: str
    due_on: date
    completed_on: date | None
    completed_by: str | None
    evidence: str | None

    def is_late(self, on: date) -> bool:
        """Past due and unfinished on that date: the domain's rule, on the milestone as recorded."""
        completion = None
        if self.completed_on is not None:
            completion = Completion(self.completed_on, self.completed_by or "", self.evidence or "")
        return Milestone(self.number, self.name, self.due_on, self.criterion, completion).is_late(
            on
        )


@dataclass(frozen=True)
class ProjectRow:
    project_id: UUID
    programme_id: UUID
    tenant_id: UUID
    code: str
    name: str
    focus_area_code: str
    plan_id: UUID
    plan_version: int
    status: str
    mandate: dict[str, Any]
    scores: list[dict[str, Any]]
    weights: dict[str, int] | None
    weighted_score: Decimal | None
    prioritised_by: dict[str, Any] | None
    approved_by: dict[str, Any] | None
    started_on: date | None
    ended_on: date | None
    end_reason: str | None
    ended_by: dict[str, Any] | None
    milestones: tuple[MilestoneRow, ...]
    aggregate_version: int
    created_at: str
    updated_at: str

    def late_milestones(self, on: date) -> tuple[MilestoneRow, ...]:
        """An ended project has nothing late after it ended."""
        if self.ended_on is not None and on >= self.ended_on:
            return ()
        return tuple(m for m in self.milestones if m.is_late(on))


@dataclass(frozen=True)
class LateMilestone:
    project_id: UUID
    programme_id: UUID
    tenant_id: UUID
    project_code: str
    project_name: str
    milestone: MilestoneRow
    days_late: int


@dataclass(frozen=True)
class RankedProject:
    position: int
    project_id: UUID
    project_code: str
    points: int
    weighted_score: Decimal
    scores: list[dict[str, Any]]


@dataclass(frozen=True)
class PrioritisationRow:
    """One decision's prioritisation: the weights it chose and its candidates, best first."""

    prioritisation_id: UUID
    programme_id: UUID
    tenant_id: UUID
    decision: dict[str, Any]
    decided_on: date
    weights: dict[str, int]
    ranking: tuple[RankedProject, ...]
    recorded_at: str


class ProjectView(ReadModelView):
    tables = ("projects", "project_milestones", "prioritisations", "prioritisation_ranking")

    def project(self, project_id: UUID) -> ProjectRow | None:
        row = self.row("SELECT * FROM projects WHERE project_id = %s", (str(project_id),))
        return self._project(row) if row else None

    def project_by_code(self, programme_id: UUID, code: str) -> ProjectRow | None:
        row = self.row(
            "SELECT * FROM projects WHERE programme_id = %s AND code = %s",
            (str(programme_id), code),
        )
        return self._project(row) if row else None

    def projects(
        self,
        *,
        programme_id: UUID | None = None,
        tenant_ids: list[UUID] | None = None,
        status: ProjectStatus | str | None = None,
        focus_area_code: str | None = None,
    ) -> list[ProjectRow]:
        """Filtered (None: no filter; tenant_ids [] sees nothing), by programme and code."""
        clauses: list[str] = []
        params: list[Any] = []
        if programme_id is not None:
            clauses.append("programme_id = %s")
            params.append(str(programme_id))
        if tenant_ids is not None:
            clauses.append(_in("tenant_id", len(tenant_ids)))
            params.extend(str(t) for t in tenant_ids)
        if status is not None:
            clauses.append("status = %s")
            params.append(ProjectStatus(status).value)
        if focus_area_code is not None:
            clauses.append("focus_area_code = %s")
            params.append(focus_area_code)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.rows(f"SELECT * FROM projects{where} ORDER BY programme_id, code", params)
        return [self._project(r) for r in rows]

    def milestones(self, project_id: UUID) -> tuple[MilestoneRow, ...]:
        rows = self.rows(
            "SELECT * FROM project_milestones WHERE project_id = %s ORDER BY milestone_order",
            (str(project_id),),
        )
        return tuple(_milestone(r) for r in rows)

    def late_milestones(
        self,
        on: date,
        *,
        programme_id: UUID | None = None,
        tenant_ids: list[UUID] | None = None,
    ) -> list[LateMilestone]:
        """Past due and unfinished on that date, in projects not ended by then (the rule of
        `Project.late_milestones`); by due date, then project code and milestone order."""
        day = on.isoformat()
        clauses = [
            "m.due_on < %s",
            "(m.completed_on IS NULL OR m.completed_on > %s)",
            "(p.ended_on IS NULL OR p.ended_on > %s)",
        ]
        params: list[Any] = [day, day, day]
        if programme_id is not None:
            clauses.append("p.programme_id = %s")
            params.append(str(programme_id))
        if tenant_ids is not None:
            clauses.append(_in("p.tenant_id", len(tenant_ids)))
            params.extend(str(t) for t in tenant_ids)
        rows = self.rows(
            "SELECT m.*, p.code AS project_code, p.name AS project_name FROM project_milestones m "
            "JOIN projects p ON p.project_id = m.project_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY m.due_on, p.code, m.milestone_order",
            params,
        )
        return [
            LateMilestone(
                project_id=UUID(r["project_id"]),
                programme_id=UUID(r["programme_id"]),
                tenant_id=UUID(r["tenant_id"]),
                project_code=r["project_code"],
                project_name=r["project_name"],
                milestone=_milestone(r),
                days_late=(on - date.fromisoformat(r["due_on"])).days,
            )
            for r in rows
        ]

    def prioritisations(self, programme_id: UUID) -> list[PrioritisationRow]:
        """Every prioritisation of the programme, oldest decision first."""
        rows = self.rows(
            "SELECT * FROM prioritisations WHERE programme_id = %s "
            "ORDER BY decided_on, recorded_at, prioritisation_id",
            (str(programme_id),),
        )
        return [self._prioritisation(r) for r in rows]

    def prioritisation(self, prioritisation_id: UUID) -> PrioritisationRow | None:
        row = self.row(
            "SELECT * FROM prioritisations WHERE prioritisation_id = %s", (str(prioritisation_id),)
        )
        return self._prioritisation(row) if row else None

    def latest_prioritisation(self, programme_id: UUID) -> PrioritisationRow | None:
        found = self.prioritisations(programme_id)
        return found[-1] if found else None

    def candidate_ranking(self, programme_id: UUID, weights: Weights) -> tuple[Ranked, ...]:
        """The proposed projects scored on every criterion, ranked under weights the board
        considers (nothing is recorded; the decision records its own ranking)."""
        candidates = [
            Candidate(p.code, tuple(_score(s) for s in p.scores))
            for p in self.projects(programme_id=programme_id, status=ProjectStatus.PROPOSED)
            if {s["criterion"] for s in p.scores} == {c.value for c in Criterion}
        ]
        return rank(candidates, weights)

    def _project(self, row: dict[str, Any]) -> ProjectRow:
        return ProjectRow(
            project_id=UUID(row["project_id"]),
            programme_id=UUID(row["programme_id"]),
            tenant_id=UUID(row["tenant_id"]),
            code=row["code"],
            name=row["name"],
            focus_area_code=row["focus_area_code"],
            plan_id=UUID(row["plan_id"]),
            plan_version=int(row["plan_version"]),
            status=row["status"],
            mandate=from_json(row["mandate"]),
            scores=from_json(row["scores"]),
            weights=from_json(row["weights"]),
            weighted_score=None
            if row["weighted_score"] is None
            else Decimal(row["weighted_score"]),
            prioritised_by=from_json(row["prioritised_by"]),
            approved_by=from_json(row["approved_by"]),
            started_on=_date(row["started_on"]),
            ended_on=_date(row["ended_on"]),
            end_reason=row["end_reason"],
            ended_by=from_json(row["ended_by"]),
            milestones=self.milestones(UUID(row["project_id"])),
            aggregate_version=int(row["aggregate_version"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def ranking_rows(self, prioritisation_id: str) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT * FROM prioritisation_ranking WHERE prioritisation_id = %s "
            "ORDER BY rank_position, project_code",
            (prioritisation_id,),
        )

    def _prioritisation(self, row: dict[str, Any]) -> PrioritisationRow:
        return PrioritisationRow(
            prioritisation_id=UUID(row["prioritisation_id"]),
            programme_id=UUID(row["programme_id"]),
            tenant_id=UUID(row["tenant_id"]),
            decision=from_json(row["decision"]),
            decided_on=date.fromisoformat(row["decided_on"]),
            weights=from_json(row["weights"]),
            ranking=tuple(
                RankedProject(
                    position=int(r["rank_position"]),
                    project_id=UUID(r["project_id"]),
                    project_code=r["project_code"],
                    points=int(r["points"]),
                    weighted_score=Decimal(r["weighted_score"]),
                    scores=from_json(r["scores"]),
                )
                for r in self.ranking_rows(row["prioritisation_id"])
            ),
            recorded_at=row["recorded_at"],
        )


def _in(column: str, count: int) -> str:
    return f"{column} IN ({', '.join(['%s'] * count)})" if count else "1 = 0"


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _milestone(row: dict[str, Any]) -> MilestoneRow:
    return MilestoneRow(
        number=row["milestone_number"],
        order=int(row["milestone_order"]),
        name=row["name"],
        criterion=row["criterion"],
        due_on=date.fromisoformat(row["due_on"]),
        completed_on=_date(row["completed_on"]),
        completed_by=row["completed_by"],
        evidence=row["evidence"],
    )


# Documents stored as JSON text


def mandate_doc(mandate: Mandate) -> dict[str, Any]:
    return {
        "name": mandate.name,
        "owner": mandate.owner,
        "startsOn": mandate.starts_on.isoformat(),
        "endsOn": None if mandate.ends_on is None else mandate.ends_on.isoformat(),
        "projectLeader": mandate.project_leader,
        "background": mandate.background,
        "purpose": mandate.purpose,
        "description": mandate.description,
        "organisation": {
            "steeringGroup": list(mandate.organisation.steering_group),
            "workStreams": [
                {"name": w.name, "scope": w.scope} for w in mandate.organisation.work_streams
            ],
        },
        "resultGoals": list(mandate.result_goals),
        "effectGoals": list(mandate.effect_goals),
        "gains": list(mandate.gains),
        "constraints": list(mandate.constraints),
        "decisionPoints": [
            {"name": p.name, "dueOn": p.due_on.isoformat()} for p in mandate.decision_points
        ],
    }


def score_doc(score: Score) -> dict[str, Any]:
    return {
        "criterion": Criterion(score.criterion).value,
        "value": score.value,
        "scoredBy": score.scored_by,
        "scoredOn": score.scored_on.isoformat(),
        "note": score.note,
    }


def _score(doc: dict[str, Any]) -> Score:
    return Score(
        Criterion(doc["criterion"]),
        int(doc["value"]),
        doc["scoredBy"],
        date.fromisoformat(doc["scoredOn"]),
        doc["note"],
    )


def weights_doc(weights: Weights) -> dict[str, int]:
    return {c.value: weights.of(c) for c in CRITERIA}


def prioritisation_id_for(programme_id: UUID, decision: DecisionRef, weights: Weights) -> UUID:
    """One prioritisation per programme, decision and weights."""
    key = "|".join(
        [
            str(programme_id),
            str(decision.body),
            decision.meeting_date.isoformat(),
            decision.archive_case_number,
            *(str(weights.of(c)) for c in CRITERIA),
        ]
    )
    return uuid5(PRIORITISATION_NAMESPACE, key)


# Statements


def _milestone_insert(event: Any, programme_id: str, milestone: Milestone) -> Statement:
    completion = milestone.completion
    return (
        "INSERT INTO project_milestones (project_id, milestone_number, tenant_id, programme_id, "
        "milestone_order, name, criterion, due_on, completed_on, completed_by, evidence) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            str(event.originator_id),
            milestone.number,
            str(event.tenant_id),
            programme_id,
            milestone.order,
            milestone.name,
            milestone.criterion,
            milestone.due_on.isoformat(),
            None if completion is None else completion.completed_on.isoformat(),
            None if completion is None else completion.completed_by,
            None if completion is None else completion.evidence,
        ),
    )


def _without_milestone(event: Any, number: str) -> Statement:
    return (
        "DELETE FROM project_milestones WHERE project_id = %s AND milestone_number = %s",
        (str(event.originator_id), number),
    )


def _touch(event: Any, assignments: str = "", params: tuple[Any, ...] = ()) -> Statement:
    extra = f"{assignments}, " if assignments else ""
    return (
        f"UPDATE projects SET {extra}aggregate_version = %s, updated_at = %s WHERE project_id = %s",
        (*params, event.originator_version, event.timestamp.isoformat(), str(event.originator_id)),
    )


def _present(found: Any, event: Any) -> Any:
    if found is None:
        raise LookupError(
            f"projects have no row for {event.originator_id} at {type(event).__name__}"
        )
    return found


class ProjectProjection(Projection[ProjectView]):
    name = "projects"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(Project.Proposed)
    def _(self, event: Project.Proposed, tracking: Tracking) -> None:
        at, programme_id = event.timestamp.isoformat(), str(event.programme_id)
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO projects (project_id, programme_id, tenant_id, code, name, "
                    "focus_area_code, plan_id, plan_version, status, mandate, scores, weights, "
                    "weighted_score, prioritised_by, approved_by, started_on, ended_on, end_reason, "
                    "ended_by, aggregate_version, created_at, updated_at) VALUES (%s, %s, %s, %s, "
                    "%s, %s, %s, %s, %s, %s, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    "%s, %s, %s)",
                    (
                        str(event.originator_id),
                        programme_id,
                        str(event.tenant_id),
                        event.code,
                        event.mandate.name,
                        event.focus_area_code,
                        str(event.plan.plan_id),
                        event.plan.version_number,
                        ProjectStatus.PROPOSED.value,
                        to_json(mandate_doc(event.mandate)),
                        event.originator_version,
                        at,
                        at,
                    ),
                ),
                *(_milestone_insert(event, programme_id, m) for m in event.milestones),
            ],
        )

    @process_event.register(Project.FocusAreaChanged)
    def _(self, event: Project.FocusAreaChanged, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                _touch(
                    event,
                    "focus_area_code = %s, plan_id = %s, plan_version = %s",
                    (event.focus_area_code, str(event.plan.plan_id), event.plan.version_number),
                )
            ],
        )

    @process_event.register(Project.MandateRevised)
    def _(self, event: Project.MandateRevised, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                _touch(
                    event,
                    "name = %s, mandate = %s",
                    (event.mandate.name, to_json(mandate_doc(event.mandate))),
                )
            ],
        )

    @process_event.register(Project.MilestonePut)
    def _(self, event: Project.MilestonePut, tracking: Tracking) -> None:
        project = _present(self.view.project(event.originator_id), event)
        self.view.write(
            tracking,
            [
                _without_milestone(event, event.milestone.number),
                _milestone_insert(event, str(project.programme_id), event.milestone),
                _touch(event),
            ],
        )

    @process_event.register(Project.MilestoneRemoved)
    def _(self, event: Project.MilestoneRemoved, tracking: Tracking) -> None:
        self.view.write(tracking, [_without_milestone(event, event.number), _touch(event)])

    @process_event.register(Project.Scored)
    def _(self, event: Project.Scored, tracking: Tracking) -> None:
        """A criterion scored again replaces its earlier score; criteria in the seed's order."""
        project = _present(self.view.project(event.originator_id), event)
        new = {Criterion(s.criterion).value for s in event.scores}
        kept = [s for s in project.scores if s["criterion"] not in new]
        order = [c.value for c in CRITERIA]
        scores = sorted(
            [*kept, *(score_doc(s) for s in event.scores)],
            key=lambda s: order.index(s["criterion"]),
        )
        self.view.write(tracking, [_touch(event, "scores = %s", (to_json(scores),))])

    @process_event.register(Project.Prioritised)
    def _(self, event: Project.Prioritised, tracking: Tracking) -> None:
        """The project joins its decision's ranking; positions follow the domain's `rank`."""
        assert event.decision is not None  # the domain refuses a prioritisation without one
        project = _present(self.view.project(event.originator_id), event)
        weights, programme_id = event.weights, str(project.programme_id)
        group = str(prioritisation_id_for(project.programme_id, event.decision, weights))
        existing = self.view.ranking_rows(group)
        statements: list[Statement] = [
            _touch(
                event,
                "status = %s, weights = %s, weighted_score = %s, prioritised_by = %s",
                (
                    ProjectStatus.PRIORITISED.value,
                    to_json(weights_doc(weights)),
                    str(event.weighted_score),
                    to_json(decision_doc(event.decision)),
                ),
            )
        ]
        if not existing:
            statements.append(
                (
                    "INSERT INTO prioritisations (prioritisation_id, programme_id, tenant_id, "
                    "decision, decided_on, decision_case_number, weights, recorded_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        group,
                        programme_id,
                        str(event.tenant_id),
                        to_json(decision_doc(event.decision)),
                        event.decision.meeting_date.isoformat(),
                        event.decision.archive_case_number,
                        to_json(weights_doc(weights)),
                        event.timestamp.isoformat(),
                    ),
                )
            )
        candidates = [
            Candidate(r["project_code"], tuple(_score(s) for s in from_json(r["scores"])))
            for r in existing
            if r["project_id"] != str(event.originator_id)
        ]
        scores = tuple(_score(s) for s in project.scores)
        candidates.append(Candidate(project.code, scores))
        positions = {r.code: r.position for r in rank(candidates, weights)}
        statements.append(
            (
                "DELETE FROM prioritisation_ranking WHERE prioritisation_id = %s AND project_id = %s",
                (group, str(event.originator_id)),
            )
        )
        statements.append(
            (
                "INSERT INTO prioritisation_ranking (prioritisation_id, project_id, programme_id, "
                "tenant_id, project_code, points, weighted_score, rank_position, scores) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    group,
                    str(event.originator_id),
                    programme_id,
                    str(event.tenant_id),
                    project.code,
                    weights.points(scores),
                    str(event.weighted_score),
                    positions[project.code],
                    to_json(project.scores),
                ),
            )
        )
        for r in existing:
            if r["project_code"] in positions and r["project_id"] != str(event.originator_id):
                statements.append(
                    (
                        "UPDATE prioritisation_ranking SET rank_position = %s "
                        "WHERE prioritisation_id = %s AND project_id = %s",
                        (positions[r["project_code"]], group, r["project_id"]),
                    )
                )
        self.view.write(tracking, statements)

    @process_event.register(Project.Approved)
    def _(self, event: Project.Approved, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                _touch(
                    event,
                    "status = %s, approved_by = %s",
                    (ProjectStatus.APPROVED.value, to_json(decision_doc(event.decision))),
                )
            ],
        )

    @process_event.register(Project.Started)
    def _(self, event: Project.Started, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                _touch(
                    event,
                    "status = %s, started_on = %s",
                    (ProjectStatus.RUNNING.value, event.started_on.isoformat()),
                )
            ],
        )

    @process_event.register(Project.MilestoneCompleted)
    def _(self, event: Project.MilestoneCompleted, tracking: Tracking) -> None:
        completion = event.completion
        self.view.write(
            tracking,
            [
                (
                    "UPDATE project_milestones SET completed_on = %s, completed_by = %s, evidence = %s "
                    "WHERE project_id = %s AND milestone_number = %s",
                    (
                        completion.completed_on.isoformat(),
                        completion.completed_by,
                        completion.evidence,
                        str(event.originator_id),
                        event.number,
                    ),
                ),
                _touch(event),
            ],
        )

    def _end(self, event: Any, tracking: Tracking, status: ProjectStatus, ended_on: date) -> None:
        self.view.write(
            tracking,
            [
                _touch(
                    event,
                    "status = %s, ended_on = %s, end_reason = %s, ended_by = %s",
                    (
                        status.value,
                        ended_on.isoformat(),
                        event.reason,
                        to_json(decision_doc(event.decision)),
                    ),
                )
            ],
        )

    @process_event.register(Project.Completed)
    def _(self, event: Project.Completed, tracking: Tracking) -> None:
        self._end(event, tracking, ProjectStatus.COMPLETED, event.completed_on)

    @process_event.register(Project.Stopped)
    def _(self, event: Project.Stopped, tracking: Tracking) -> None:
        self._end(event, tracking, ProjectStatus.STOPPED, event.stopped_on)
