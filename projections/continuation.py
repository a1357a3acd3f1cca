"""Videreføring (continuation) per programme: its stages with owners, deliverable and outcomes,
its cost lines, and for any date how it stands against its deadline (two years before the
period ends) and each stage against its time frame; the statuses of many programmes, the latest
first, for the county's and Innovasjon Norge's overviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.continuation.deadlines import (
    DeadlineStanding,
    StageStanding,
    deadline_standing,
    stage_standing,
)
from domain.continuation.model import Continuation
from domain.continuation.rules import FORSTUDIE_COST_FRAME, innovasjon_norge_share
from domain.continuation.stages import (
    CostCategory,
    CostSource,
    ForprosjektReport,
    ForstudieReport,
    Outcome,
    Stage,
)
from domain.money import Money
from domain.programme.model import Programme
from projections.base import ReadModelView, from_json, to_json
from projections.documents import decision_doc
from projections.funds import actor_doc


@dataclass(frozen=True)
class StageCosts:
    """A stage's recorded costs (reversed lines left out), in øre."""

    total: int
    consultant_fees: int
    innovasjon_norge: int
    by_source: dict[str, int]
    person_days: Decimal

    @property
    def innovasjon_norge_share(self) -> Decimal | None:
        """Innovasjon Norge's share of the consultant's fees (at most 0.5)."""
        return innovasjon_norge_share(Money(self.innovasjon_norge), Money(self.consultant_fees))


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    started_on: date
    planned_end: date
    owners: list[dict[str, str]]
    deliverable: dict[str, Any] | None
    outcomes: list[dict[str, Any]]
    completed_on: date | None
    started_by: dict[str, Any]
    decision: dict[str, Any] | None
    reason: str | None
    standing: StageStanding
    costs: StageCosts

    @property
    def cost_frame(self) -> int | None:
        """The forstudie's cost frame in øre (kostnadsramme); other stages have none."""
        return FORSTUDIE_COST_FRAME.ore if self.stage is Stage.FORSTUDIE else None

    @property
    def cost_frame_used(self) -> Decimal | None:
        frame = self.cost_frame
        return None if frame is None else Decimal(self.costs.total) / Decimal(frame)


@dataclass(frozen=True)
class CostRow:
    number: int
    stage: Stage
    category: CostCategory
    amount: int
    innovasjon_norge: int
    incurred_on: date
    person_days: Decimal | None
    financing: list[dict[str, Any]]
    description: str
    recorded_by: dict[str, Any]
    reason: str | None
    reversed: bool
    reversal_reason: str | None


@dataclass(frozen=True)
class ContinuationStatus:
    """One programme's Videreføring on a date, for comparisons: the deadline to start it,
    whether it was late, its current stage and stages running past their time frame."""

    programme_id: UUID
    tenant_id: UUID
    name: str
    granting_county_number: str
    lead_municipality_id: UUID
    period_end: date
    deadline: date
    started_on: date | None
    late: bool
    days_late: int
    current_stage: Stage | None
    stages_late: tuple[StageStanding, ...]
    version: int | None

    @property
    def most_days_late(self) -> int:
        return max((self.days_late, *(s.days_late for s in self.stages_late)))

    @property
    def is_late(self) -> bool:
        return self.late or bool(self.stages_late)


@dataclass(frozen=True)
class ContinuationRecord:
    """The programme's Videreføring as it stood on `on`."""

    status: ContinuationStatus
    period_start: date
    on: date
    stages: tuple[StageRow, ...]
    costs: tuple[CostRow, ...]

    @property
    def deadline(self) -> DeadlineStanding:
        s = self.status
        return DeadlineStanding(s.deadline, s.started_on, s.late, s.days_late)


def _lateness(status: ContinuationStatus) -> tuple[int, int, str, str]:
    return (
        0 if status.is_late else 1,
        -status.most_days_late,
        status.name,
        str(status.programme_id),
    )


def _costs_of(lines: list[CostRow]) -> StageCosts:
    counted = [c for c in lines if not c.reversed]
    by_source: dict[str, int] = {}
    for line in counted:
        for share in line.financing:
            by_source[share["source"]] = by_source.get(share["source"], 0) + int(share["ore"])
    return StageCosts(
        total=sum(c.amount for c in counted),
        consultant_fees=sum(
            c.amount for c in counted if c.category is CostCategory.EXTERNAL_CONSULTANT
        ),
        innovasjon_norge=sum(c.innovasjon_norge for c in counted),
        by_source=by_source,
        person_days=sum((c.person_days or Decimal(0) for c in counted), Decimal(0)),
    )


class ContinuationView(ReadModelView):
    tables = ("continuation_programmes", "continuation_stages", "continuation_costs")

    def continuation(self, programme_id: UUID, on: date) -> ContinuationRecord | None:
        """The programme's Videreføring on `on` (None if no such programme); stages started
        after `on` are left out, as are costs incurred after it."""
        row = self.row(
            "SELECT * FROM continuation_programmes WHERE programme_id = %s", (str(programme_id),)
        )
        if row is None:
            return None
        costs = [
            _cost_row(r)
            for r in self.rows(
                "SELECT * FROM continuation_costs WHERE programme_id = %s ORDER BY line_number",
                (str(programme_id),),
            )
        ]
        stages = tuple(
            _stage_row(r, on, [c for c in costs if c.stage.value == r["stage"]])
            for r in self._stage_rows([str(programme_id)])
            if date.fromisoformat(r["started_on"]) <= on
        )
        return ContinuationRecord(
            status=_status(row, stages, on),
            period_start=date.fromisoformat(row["period_start"]),
            on=on,
            stages=stages,
            costs=tuple(c for c in costs if c.incurred_on <= on),
        )

    def statuses(self, programme_ids: list[UUID] | None, on: date) -> list[ContinuationStatus]:
        """Every programme asked for (all when None), the latest first: late ones by days late,
        then by name."""
        clauses, params = "", [str(i) for i in programme_ids or ()]
        if programme_ids is not None:
            clauses = (
                f" WHERE programme_id IN ({', '.join(['%s'] * len(params))})"
                if params
                else " WHERE 1 = 0"
            )
        rows = self.rows(f"SELECT * FROM continuation_programmes{clauses}", params)
        stage_rows: dict[str, list[dict[str, Any]]] = {}
        for r in self._stage_rows([row["programme_id"] for row in rows]):
            stage_rows.setdefault(r["programme_id"], []).append(r)
        statuses = []
        for row in rows:
            stages = tuple(
                _stage_row(r, on, [])
                for r in stage_rows.get(row["programme_id"], [])
                if date.fromisoformat(r["started_on"]) <= on
            )
            statuses.append(_status(row, stages, on))
        return sorted(statuses, key=_lateness)

    def _stage_rows(self, programme_ids: list[str]) -> list[dict[str, Any]]:
        if not programme_ids:
            return []
        found = self.rows(
            "SELECT * FROM continuation_stages WHERE programme_id IN "
            f"({', '.join(['%s'] * len(programme_ids))})",
            programme_ids,
        )
        order = list(Stage)
        return sorted(found, key=lambda r: (r["programme_id"], order.index(Stage(r["stage"]))))


def _stage_row(row: dict[str, Any], on: date, costs: list[CostRow]) -> StageRow:
    stage = Stage(row["stage"])
    started_on = date.fromisoformat(row["started_on"])
    completed_on = date.fromisoformat(row["completed_on"]) if row["completed_on"] else None
    return StageRow(
        stage=stage,
        started_on=started_on,
        planned_end=date.fromisoformat(row["planned_end"]),
        owners=from_json(row["owners"]),
        deliverable=from_json(row["deliverable"]),
        outcomes=[
            o for o in from_json(row["outcomes"]) if date.fromisoformat(o["occurredOn"]) <= on
        ],
        completed_on=completed_on if completed_on and completed_on <= on else None,
        started_by=from_json(row["started_by"]),
        decision=from_json(row["start_decision"]),
        reason=row["start_reason"],
        standing=stage_standing(stage, started_on, completed_on, on),
        costs=_costs_of([c for c in costs if c.incurred_on <= on]),
    )


def _cost_row(row: dict[str, Any]) -> CostRow:
    return CostRow(
        number=int(row["line_number"]),
        stage=Stage(row["stage"]),
        category=CostCategory(row["category"]),
        amount=int(row["amount_ore"]),
        innovasjon_norge=int(row["innovasjon_norge_ore"]),
        incurred_on=date.fromisoformat(row["incurred_on"]),
        person_days=Decimal(row["person_days"]) if row["person_days"] is not None else None,
        financing=from_json(row["financing"]),
        description=row["description"],
        recorded_by=from_json(row["recorded_by"]),
        reason=row["reason"],
        reversed=bool(row["reversed"]),
        reversal_reason=row["reversal_reason"],
    )


def _status(row: dict[str, Any], stages: tuple[StageRow, ...], on: date) -> ContinuationStatus:
    forstudie = next((s for s in stages if s.stage is Stage.FORSTUDIE), None)
    standing = deadline_standing(
        date.fromisoformat(row["period_end"]), forstudie.started_on if forstudie else None, on
    )
    current = next((s for s in reversed(stages) if s.completed_on is None), None)
    return ContinuationStatus(
        programme_id=UUID(row["programme_id"]),
        tenant_id=UUID(row["tenant_id"]),
        name=row["name"],
        granting_county_number=row["granting_county_number"],
        lead_municipality_id=UUID(row["lead_municipality_id"]),
        period_end=date.fromisoformat(row["period_end"]),
        deadline=standing.deadline,
        started_on=standing.started_on,
        late=standing.late,
        days_late=standing.days_late,
        current_stage=current.stage if current else None,
        stages_late=tuple(s.standing for s in stages if s.standing.late),
        version=int(row["aggregate_version"]) if row["aggregate_version"] is not None else None,
    )


def _deliverable_doc(deliverable: ForstudieReport | ForprosjektReport) -> dict[str, Any]:
    if isinstance(deliverable, ForstudieReport):
        return {
            "kind": "forstudie_report",
            "title": deliverable.title,
            "deliveredOn": deliverable.delivered_on.isoformat(),
            "alternatives": [
                {
                    "name": a.name,
                    "financing": a.financing,
                    "organisation": a.organisation,
                    "geographicScope": a.geographic_scope,
                }
                for a in deliverable.alternatives
            ],
        }
    return {
        "kind": "forprosjekt_report",
        "title": deliverable.title,
        "deliveredOn": deliverable.delivered_on.isoformat(),
        "organisation": deliverable.organisation,
        "ownership": deliverable.ownership,
        "staffing": deliverable.staffing,
        "financing": deliverable.financing,
        "realisation": deliverable.realisation,
    }


def _outcome_doc(outcome: Outcome, event: Any) -> dict[str, Any]:
    return {
        "kind": outcome.kind.value,
        "occurredOn": outcome.occurred_on.isoformat(),
        "companyName": outcome.company_name,
        "organisationNumber": outcome.organisation_number,
        "recordedBy": actor_doc(event.actor),
        "decision": decision_doc(event.decision),
        "reason": event.reason,
    }


class ContinuationProjection(Projection[ContinuationView]):
    name = "continuation"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(Programme.Registered)
    def _(self, event: Programme.Registered, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO continuation_programmes (programme_id, tenant_id, name, "
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
                    "UPDATE continuation_programmes SET period_end = %s WHERE programme_id = %s",
                    (event.period_end.isoformat(), str(event.originator_id)),
                )
            ],
        )

    def _programme_of(self, event: Any) -> str:
        row = self.view.row(
            "SELECT programme_id FROM continuation_programmes WHERE continuation_id = %s",
            (str(event.originator_id),),
        )
        if row is None:
            raise LookupError(f"no programme has Videreføring {event.originator_id}")
        return str(row["programme_id"])

    def _version(self, event: Any, programme_id: str) -> tuple[str, tuple[Any, ...]]:
        return (
            "UPDATE continuation_programmes SET aggregate_version = %s WHERE programme_id = %s",
            (event.originator_version, programme_id),
        )

    @process_event.register(Continuation.Opened)
    def _(self, event: Continuation.Opened, tracking: Tracking) -> None:
        self.view.write(
            tracking,
            [
                (
                    "UPDATE continuation_programmes SET continuation_id = %s, "
                    "aggregate_version = %s WHERE programme_id = %s",
                    (str(event.originator_id), event.originator_version, str(event.programme_id)),
                )
            ],
        )

    @process_event.register(Continuation.StageStarted)
    def _(self, event: Continuation.StageStarted, tracking: Tracking) -> None:
        programme_id = str(event.programme_id)
        owners = [{"name": o.name, "kind": o.kind.value} for o in event.owners]
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO continuation_stages (programme_id, stage, started_on, "
                    "planned_end, owners, deliverable, outcomes, completed_on, started_by, "
                    "start_decision, start_reason) "
                    "VALUES (%s, %s, %s, %s, %s, NULL, %s, NULL, %s, %s, %s)",
                    (
                        programme_id,
                        event.stage.value,
                        event.started_on.isoformat(),
                        event.planned_end.isoformat(),
                        to_json(owners),
                        "[]",
                        to_json(actor_doc(event.actor)),
                        to_json(decision_doc(event.decision)),
                        event.reason,
                    ),
                ),
                self._version(event, programme_id),
            ],
        )

    @process_event.register(Continuation.DeliverableRecorded)
    def _(self, event: Continuation.DeliverableRecorded, tracking: Tracking) -> None:
        programme_id = self._programme_of(event)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE continuation_stages SET deliverable = %s "
                    "WHERE programme_id = %s AND stage = %s",
                    (to_json(_deliverable_doc(event.deliverable)), programme_id, event.stage.value),
                ),
                self._version(event, programme_id),
            ],
        )

    @process_event.register(Continuation.OutcomeRecorded)
    def _(self, event: Continuation.OutcomeRecorded, tracking: Tracking) -> None:
        programme_id = self._programme_of(event)
        row = self.view.row(
            "SELECT outcomes FROM continuation_stages WHERE programme_id = %s AND stage = %s",
            (programme_id, Stage.HOVEDPROSJEKT.value),
        )
        outcomes = [
            *(from_json(row["outcomes"]) if row else []),
            _outcome_doc(event.outcome, event),
        ]
        self.view.write(
            tracking,
            [
                (
                    "UPDATE continuation_stages SET outcomes = %s "
                    "WHERE programme_id = %s AND stage = %s",
                    (to_json(outcomes), programme_id, Stage.HOVEDPROSJEKT.value),
                ),
                self._version(event, programme_id),
            ],
        )

    @process_event.register(Continuation.StageCompleted)
    def _(self, event: Continuation.StageCompleted, tracking: Tracking) -> None:
        programme_id = self._programme_of(event)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE continuation_stages SET completed_on = %s "
                    "WHERE programme_id = %s AND stage = %s",
                    (event.completed_on.isoformat(), programme_id, event.stage.value),
                ),
                self._version(event, programme_id),
            ],
        )

    @process_event.register(Continuation.CostRecorded)
    def _(self, event: Continuation.CostRecorded, tracking: Tracking) -> None:
        programme_id, cost = self._programme_of(event), event.cost
        financing = [{"source": s.source.value, "ore": s.amount.ore} for s in cost.financing]
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO continuation_costs (programme_id, line_number, stage, category, "
                    "amount_ore, innovasjon_norge_ore, incurred_on, person_days, financing, "
                    "description, recorded_by, reason, reversed, reversal_reason) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, NULL)",
                    (
                        programme_id,
                        cost.number,
                        cost.stage.value,
                        cost.category.value,
                        cost.amount.ore,
                        cost.from_source(CostSource.INNOVASJON_NORGE).ore,
                        cost.incurred_on.isoformat(),
                        str(cost.person_days) if cost.person_days is not None else None,
                        to_json(financing),
                        cost.description,
                        to_json(actor_doc(event.actor)),
                        event.reason,
                    ),
                ),
                self._version(event, programme_id),
            ],
        )

    @process_event.register(Continuation.CostReversed)
    def _(self, event: Continuation.CostReversed, tracking: Tracking) -> None:
        programme_id = self._programme_of(event)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE continuation_costs SET reversed = 1, reversal_reason = %s "
                    "WHERE programme_id = %s AND line_number = %s",
                    (event.reason, programme_id, event.number),
                ),
                self._version(event, programme_id),
            ],
        )
