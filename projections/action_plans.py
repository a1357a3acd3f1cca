"""The Handlingsplan per programme and year, and every revision in full: measures with budgets and
financing per source in øre, derived totals and funding gap, strategies, communication activities,
the decisions behind each revision, and the applications for the year's funds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.action_plan.content import (
    SECTION_NB,
    SOURCES,
    CommunicationActivity,
    FundingSource,
    ProjectMeasure,
    Section,
    Strategy,
)
from domain.action_plan.model import ActionPlan, ActionPlanStatus
from domain.shared.actor import Actor
from projections.base import ReadModelView, Statement, from_json, to_json
from projections.documents import decision_doc

SUPERSEDED, ABANDONED = "superseded", "abandoned"  # revision states beyond the plan's own


@dataclass(frozen=True)
class MeasureRow:
    """A project in one revision: budget, financing per source (every source, zero where none)."""

    project_code: str
    focus_area_code: str
    position: int
    budget_ore: int
    financed_ore: int
    funding_gap_ore: int
    financing_ore: dict[str, int]


@dataclass(frozen=True)
class RevisionRow:
    action_plan_id: UUID
    revision: int
    tenant_id: UUID
    status: str
    plan_id: UUID
    plan_version: int
    focus_area_codes: tuple[str, ...]
    earlier_results: str
    resources_and_financing: str
    strategies: list[dict[str, Any]]
    communication_plan: list[dict[str, Any]]
    measures: tuple[MeasureRow, ...]
    total_budget_ore: int
    total_financing_ore: int
    funding_gap_ore: int
    changes: list[dict[str, Any]]
    started_at: str
    started_reason: str | None
    decided_by: dict[str, Any] | None
    approved_by: dict[str, Any] | None
    effective_from: date | None
    superseded_from: date | None

    def financing_by_source_ore(self) -> dict[str, int]:
        """Every funding source in a fixed order, zero where nothing is planned."""
        return {
            s.value: sum(m.financing_ore[s.value] for m in self.measures) for s in FundingSource
        }

    def budget_by_focus_area_ore(self) -> dict[str, int]:
        """Every focus area of the linked plan version, in its order, zero where none."""
        return {
            code: sum(m.budget_ore for m in self.measures if m.focus_area_code == code)
            for code in self.focus_area_codes
        }


@dataclass(frozen=True)
class ActionPlanRow:
    action_plan_id: UUID
    programme_id: UUID
    tenant_id: UUID
    year: int
    status: str
    revision: int
    in_effect_revision: int | None
    in_effect_from: date | None
    board_decided_on: date | None
    put_into_effect_on: date | None
    aggregate_version: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class FundLineRow:
    project_code: str
    amount_ore: int


@dataclass(frozen=True)
class FundApplicationRow:
    action_plan_id: UUID
    number: int
    tenant_id: UUID
    programme_id: UUID
    year: int
    applied_on: date
    revision: int
    total_ore: int
    lines: tuple[FundLineRow, ...]
    reason: str | None
    decision: dict[str, Any] | None
    actor: dict[str, Any]
    recorded_at: str


class ActionPlanView(ReadModelView):
    tables = (
        "action_plans",
        "action_plan_revisions",
        "action_plan_measures",
        "action_plan_financing",
        "fund_applications",
    )

    def action_plan(self, action_plan_id: UUID) -> ActionPlanRow | None:
        row = self.row(
            "SELECT * FROM action_plans WHERE action_plan_id = %s", (str(action_plan_id),)
        )
        return _plan(row) if row else None

    def action_plan_for(self, programme_id: UUID, year: int) -> ActionPlanRow | None:
        row = self.row(
            "SELECT * FROM action_plans WHERE programme_id = %s AND plan_year = %s",
            (str(programme_id), year),
        )
        return _plan(row) if row else None

    def action_plans(
        self,
        *,
        programme_id: UUID | None = None,
        tenant_ids: list[UUID] | None = None,
        year: int | None = None,
    ) -> list[ActionPlanRow]:
        """Filtered by programme, tenants (None: all) and year; by programme, then year."""
        clauses, params = _filters(programme_id, tenant_ids, year)
        rows = self.rows(
            f"SELECT * FROM action_plans{clauses} ORDER BY programme_id, plan_year", params
        )
        return [_plan(r) for r in rows]

    def revisions(self, action_plan_id: UUID) -> list[RevisionRow]:
        rows = self.rows(
            "SELECT * FROM action_plan_revisions WHERE action_plan_id = %s ORDER BY revision",
            (str(action_plan_id),),
        )
        return [self._revision(r) for r in rows]

    def revision(self, action_plan_id: UUID, number: int) -> RevisionRow | None:
        row = self.row(
            "SELECT * FROM action_plan_revisions WHERE action_plan_id = %s AND revision = %s",
            (str(action_plan_id), number),
        )
        return self._revision(row) if row else None

    def current_revision(self, action_plan_id: UUID) -> RevisionRow | None:
        """The revision being worked on (a draft, or the one in effect)."""
        plan = self.action_plan(action_plan_id)
        return self.revision(action_plan_id, plan.revision) if plan else None

    def in_effect_on(self, action_plan_id: UUID, day: date) -> RevisionRow | None:
        """The revision in effect on that day, if any: what the plan said then."""
        row = self.row(
            "SELECT * FROM action_plan_revisions WHERE action_plan_id = %s "
            "AND effective_from IS NOT NULL AND effective_from <= %s "
            "AND (superseded_from IS NULL OR superseded_from > %s) "
            "ORDER BY revision DESC",
            (str(action_plan_id), day.isoformat(), day.isoformat()),
        )
        return self._revision(row) if row else None

    def measures(self, action_plan_id: UUID, revision: int) -> tuple[MeasureRow, ...]:
        key = (str(action_plan_id), revision)
        financing: dict[str, dict[str, int]] = {}
        for f in self.rows(
            "SELECT project_code, source, amount_ore FROM action_plan_financing "
            "WHERE action_plan_id = %s AND revision = %s",
            key,
        ):
            financing.setdefault(f["project_code"], {})[f["source"]] = int(f["amount_ore"])
        rows = self.rows(
            "SELECT * FROM action_plan_measures WHERE action_plan_id = %s AND revision = %s "
            "ORDER BY position",
            key,
        )
        return tuple(
            MeasureRow(
                project_code=r["project_code"],
                focus_area_code=r["focus_area_code"],
                position=int(r["position"]),
                budget_ore=int(r["budget_ore"]),
                financed_ore=int(r["financed_ore"]),
                funding_gap_ore=int(r["funding_gap_ore"]),
                financing_ore={
                    s.value: financing.get(r["project_code"], {}).get(s.value, 0) for s in SOURCES
                },
            )
            for r in rows
        )

    def fund_applications(
        self,
        *,
        action_plan_id: UUID | None = None,
        programme_id: UUID | None = None,
        tenant_ids: list[UUID] | None = None,
        year: int | None = None,
    ) -> list[FundApplicationRow]:
        clauses, params = _filters(programme_id, tenant_ids, year)
        if action_plan_id is not None:
            clauses += (" AND " if clauses else " WHERE ") + "action_plan_id = %s"
            params.append(str(action_plan_id))
        rows = self.rows(
            f"SELECT * FROM fund_applications{clauses} "
            "ORDER BY programme_id, plan_year, application_number",
            params,
        )
        return [_application(r) for r in rows]

    def _revision(self, row: dict[str, Any]) -> RevisionRow:
        plan_id, number = UUID(row["action_plan_id"]), int(row["revision"])
        return RevisionRow(
            action_plan_id=plan_id,
            revision=number,
            tenant_id=UUID(row["tenant_id"]),
            status=row["status"],
            plan_id=UUID(row["plan_id"]),
            plan_version=int(row["plan_version"]),
            focus_area_codes=tuple(from_json(row["focus_area_codes"])),
            earlier_results=row["earlier_results"],
            resources_and_financing=row["resources_and_financing"],
            strategies=from_json(row["strategies"]),
            communication_plan=from_json(row["communication_plan"]),
            measures=self.measures(plan_id, number),
            total_budget_ore=int(row["total_budget_ore"]),
            total_financing_ore=int(row["total_financing_ore"]),
            funding_gap_ore=int(row["funding_gap_ore"]),
            changes=from_json(row["changes"]),
            started_at=row["started_at"],
            started_reason=row["started_reason"],
            decided_by=from_json(row["decided_by"]),
            approved_by=from_json(row["approved_by"]),
            effective_from=_date(row["effective_from"]),
            superseded_from=_date(row["superseded_from"]),
        )


def _filters(
    programme_id: UUID | None, tenant_ids: list[UUID] | None, year: int | None
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if programme_id is not None:
        clauses.append("programme_id = %s")
        params.append(str(programme_id))
    if tenant_ids is not None:
        clauses.append(
            f"tenant_id IN ({', '.join(['%s'] * len(tenant_ids))})" if tenant_ids else "1 = 0"
        )
        params.extend(str(t) for t in tenant_ids)
    if year is not None:
        clauses.append("plan_year = %s")
        params.append(year)
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _plan(row: dict[str, Any]) -> ActionPlanRow:
    return ActionPlanRow(
        action_plan_id=UUID(row["action_plan_id"]),
        programme_id=UUID(row["programme_id"]),
        tenant_id=UUID(row["tenant_id"]),
        year=int(row["plan_year"]),
        status=row["status"],
        revision=int(row["revision"]),
        in_effect_revision=row["in_effect_revision"],
        in_effect_from=_date(row["in_effect_from"]),
        board_decided_on=_date(row["board_decided_on"]),
        put_into_effect_on=_date(row["put_into_effect_on"]),
        aggregate_version=int(row["aggregate_version"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _application(row: dict[str, Any]) -> FundApplicationRow:
    return FundApplicationRow(
        action_plan_id=UUID(row["action_plan_id"]),
        number=int(row["application_number"]),
        tenant_id=UUID(row["tenant_id"]),
        programme_id=UUID(row["programme_id"]),
        year=int(row["plan_year"]),
        applied_on=date.fromisoformat(row["applied_on"]),
        revision=int(row["revision"]),
        total_ore=int(row["total_ore"]),
        lines=tuple(
            FundLineRow(line["projectCode"], line["amountOre"]) for line in from_json(row["lines"])
        ),
        reason=row["reason"],
        decision=from_json(row["decision"]),
        actor=from_json(row["actor"]),
        recorded_at=row["recorded_at"],
    )


# Documents stored as JSON text


def strategy_doc(strategy: Strategy) -> dict[str, Any]:
    return {"focusAreaCode": strategy.focus_area_code, "text": strategy.text}


def activity_doc(activity: CommunicationActivity) -> dict[str, Any]:
    return {
        "what": activity.what,
        "audience": activity.audience,
        "plannedOn": activity.planned_on.isoformat(),
        "channel": activity.channel,
        "responsible": activity.responsible,
    }


def actor_doc(actor: Actor) -> dict[str, Any]:
    return {"userId": actor.user_id, "name": actor.name, "role": str(actor.role)}


def _change(event: Any, description: str) -> dict[str, Any]:
    return {
        "eventType": type(event).__name__,
        "description": description,
        "reason": event.reason,
        "decision": decision_doc(event.decision),
        "actor": actor_doc(event.actor),
        "at": event.timestamp.isoformat(),
        "aggregateVersion": event.originator_version,
    }


def _present(found: Any, event: Any) -> Any:
    """An event whose plan the model lacks means the model is corrupt: stop, don't guess."""
    if found is None:
        raise LookupError(
            f"action plans have no row for {event.originator_id} at {type(event).__name__}"
        )
    return found


# Statements

REVISION_COLUMNS = (
    "action_plan_id, revision, tenant_id, status, plan_id, plan_version, focus_area_codes, "
    "earlier_results, resources_and_financing, strategies, communication_plan, total_budget_ore, "
    "total_financing_ore, funding_gap_ore, changes, started_at, started_reason, decided_by, "
    "approved_by, effective_from, superseded_from"
)


def _measure_statements(
    plan_id: str, revision: int, tenant_id: str, measure: ProjectMeasure, position: int
) -> list[Statement]:
    statements: list[Statement] = [
        (
            "INSERT INTO action_plan_measures (action_plan_id, revision, project_code, tenant_id, "
            "focus_area_code, position, budget_ore, financed_ore, funding_gap_ore) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                plan_id,
                revision,
                measure.project_code,
                tenant_id,
                measure.focus_area_code,
                position,
                measure.budget.ore,
                measure.financed.ore,
                measure.funding_gap.ore,
            ),
        )
    ]
    for financing in measure.financing:
        statements.append(
            (
                "INSERT INTO action_plan_financing (action_plan_id, revision, project_code, source, "
                "tenant_id, amount_ore) VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    plan_id,
                    revision,
                    measure.project_code,
                    FundingSource(financing.source).value,
                    tenant_id,
                    financing.amount.ore,
                ),
            )
        )
    return statements


def _without_measure(plan_id: str, revision: int, project_code: str) -> list[Statement]:
    key = (plan_id, revision, project_code)
    return [
        (
            "DELETE FROM action_plan_measures "
            "WHERE action_plan_id = %s AND revision = %s AND project_code = %s",
            key,
        ),
        (
            "DELETE FROM action_plan_financing "
            "WHERE action_plan_id = %s AND revision = %s AND project_code = %s",
            key,
        ),
    ]


def _totals(plan_id: str, revision: int) -> Statement:
    """The revision's totals, derived from its measures in the same transaction."""
    of_measures = "FROM action_plan_measures m WHERE m.action_plan_id = %s AND m.revision = %s"
    return (
        "UPDATE action_plan_revisions SET "
        f"total_budget_ore = (SELECT COALESCE(SUM(m.budget_ore), 0) {of_measures}), "
        f"total_financing_ore = (SELECT COALESCE(SUM(m.financed_ore), 0) {of_measures}), "
        f"funding_gap_ore = (SELECT COALESCE(SUM(m.funding_gap_ore), 0) {of_measures}) "
        "WHERE action_plan_id = %s AND revision = %s",
        (plan_id, revision) * 4,
    )


def _touch(event: Any, assignments: str = "", params: tuple[Any, ...] = ()) -> Statement:
    """Update the plan row's version and time, with more columns when given."""
    extra = f"{assignments}, " if assignments else ""
    return (
        f"UPDATE action_plans SET {extra}aggregate_version = %s, updated_at = %s "
        "WHERE action_plan_id = %s",
        (*params, event.originator_version, event.timestamp.isoformat(), str(event.originator_id)),
    )


class ActionPlanProjection(Projection[ActionPlanView]):
    name = "action_plans"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(ActionPlan.Drafted)
    def _(self, event: ActionPlan.Drafted, tracking: Tracking) -> None:
        plan_id, tenant_id = str(event.originator_id), str(event.tenant_id)
        at = event.timestamp.isoformat()
        content = event.content
        statements: list[Statement] = [
            (
                "INSERT INTO action_plans (action_plan_id, programme_id, tenant_id, plan_year, status, "
                "revision, in_effect_revision, in_effect_from, board_decided_on, put_into_effect_on, "
                "aggregate_version, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, 1, NULL, NULL, NULL, NULL, %s, %s, %s)",
                (
                    plan_id,
                    str(event.programme_id),
                    tenant_id,
                    event.year,
                    ActionPlanStatus.DRAFT.value,
                    event.originator_version,
                    at,
                    at,
                ),
            ),
            (
                f"INSERT INTO action_plan_revisions ({REVISION_COLUMNS}) VALUES "
                "(%s, 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, 0, 0, %s, %s, %s, NULL, NULL, NULL, NULL)",
                (
                    plan_id,
                    tenant_id,
                    ActionPlanStatus.DRAFT.value,
                    str(content.plan.plan_id),
                    content.plan.version_number,
                    to_json(list(content.plan.focus_area_codes)),
                    content.earlier_results,
                    content.resources_and_financing,
                    to_json([strategy_doc(s) for s in content.strategies]),
                    to_json([activity_doc(a) for a in content.communication_plan]),
                    to_json(
                        [
                            _change(
                                event, f"Drafted on Omstillingsplan v{content.plan.version_number}"
                            )
                        ]
                    ),
                    at,
                    event.reason,
                ),
            ),
        ]
        for position, measure in enumerate(content.measures):
            statements.extend(_measure_statements(plan_id, 1, tenant_id, measure, position))
        statements.append(_totals(plan_id, 1))
        self.view.write(tracking, statements)

    def _edit(
        self,
        event: Any,
        tracking: Tracking,
        description: str,
        edit: list[Statement] | None = None,
        *,
        columns: str = "",
        params: tuple[Any, ...] = (),
        plan_columns: str = "",
        plan_params: tuple[Any, ...] = (),
        revision: int | None = None,
        totals: bool = False,
    ) -> None:
        """A change to one revision (the working one unless named): its rows, its columns, its
        list of reasoned changes; then the plan row's version and time."""
        plan_id = str(event.originator_id)
        if revision is None:
            revision = _present(self.view.action_plan(event.originator_id), event).revision
        found = _present(
            self.view.row(
                "SELECT changes FROM action_plan_revisions WHERE action_plan_id = %s AND revision = %s",
                (plan_id, revision),
            ),
            event,
        )
        changes = [*from_json(found["changes"]), _change(event, description)]
        self.view.write(
            tracking,
            [
                *(edit or []),
                (
                    f"UPDATE action_plan_revisions SET {columns}{', ' if columns else ''}changes = %s "
                    "WHERE action_plan_id = %s AND revision = %s",
                    (*params, to_json(changes), plan_id, revision),
                ),
                *([_totals(plan_id, revision)] if totals else []),
                _touch(event, plan_columns, plan_params),
            ],
        )

    @process_event.register(ActionPlan.PlanLinked)
    def _(self, event: ActionPlan.PlanLinked, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            f"Linked to Omstillingsplan v{event.plan.version_number}",
            columns="plan_id = %s, plan_version = %s, focus_area_codes = %s",
            params=(
                str(event.plan.plan_id),
                event.plan.version_number,
                to_json(list(event.plan.focus_area_codes)),
            ),
        )

    @process_event.register(ActionPlan.SectionRevised)
    def _(self, event: ActionPlan.SectionRevised, tracking: Tracking) -> None:
        section = Section(event.section)
        self._edit(
            event,
            tracking,
            f"{SECTION_NB[section]} revised",
            columns=f"{section.value} = %s",
            params=(event.text,),
        )

    @process_event.register(ActionPlan.StrategyPut)
    def _(self, event: ActionPlan.StrategyPut, tracking: Tracking) -> None:
        plan = _present(self.view.action_plan(event.originator_id), event)
        current = _present(self.view.revision(event.originator_id, plan.revision), event)
        code = event.strategy.focus_area_code
        order = {c: i for i, c in enumerate(current.focus_area_codes)}
        strategies = sorted(
            [
                *(s for s in current.strategies if s["focusAreaCode"] != code),
                strategy_doc(event.strategy),
            ],
            key=lambda s: order.get(s["focusAreaCode"], len(order)),
        )
        self._edit(
            event,
            tracking,
            f"Strategy for focus area {code} set",
            columns="strategies = %s",
            params=(to_json(strategies),),
            revision=plan.revision,
        )

    @process_event.register(ActionPlan.MeasurePut)
    def _(self, event: ActionPlan.MeasurePut, tracking: Tracking) -> None:
        """A project's measure replaces the one for the same project in its place, else is last."""
        plan = _present(self.view.action_plan(event.originator_id), event)
        plan_id, measure = str(event.originator_id), event.measure
        measures = self.view.measures(event.originator_id, plan.revision)
        same = next((m for m in measures if m.project_code == measure.project_code), None)
        if same is not None:
            position = same.position
        else:
            position = max((m.position for m in measures), default=-1) + 1
        self._edit(
            event,
            tracking,
            f"Measure {measure.project_code} set on focus area {measure.focus_area_code}: "
            f"budget {measure.budget}, financed {measure.financed}",
            [
                *_without_measure(plan_id, plan.revision, measure.project_code),
                *_measure_statements(
                    plan_id, plan.revision, str(event.tenant_id), measure, position
                ),
            ],
            revision=plan.revision,
            totals=True,
        )

    @process_event.register(ActionPlan.MeasureRemoved)
    def _(self, event: ActionPlan.MeasureRemoved, tracking: Tracking) -> None:
        plan = _present(self.view.action_plan(event.originator_id), event)
        self._edit(
            event,
            tracking,
            f"Measure {event.project_code} removed",
            _without_measure(str(event.originator_id), plan.revision, event.project_code),
            revision=plan.revision,
            totals=True,
        )

    @process_event.register(ActionPlan.CommunicationPlanSet)
    def _(self, event: ActionPlan.CommunicationPlanSet, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            f"Communication plan set: {len(event.activities)} activities",
            columns="communication_plan = %s",
            params=(to_json([activity_doc(a) for a in event.activities]),),
        )

    # The lifecycle

    @process_event.register(ActionPlan.BoardDecided)
    def _(self, event: ActionPlan.BoardDecided, tracking: Tracking) -> None:
        assert event.decision is not None  # the domain refuses a decision without one
        self._edit(
            event,
            tracking,
            "Decided by the board",
            columns="status = %s, decided_by = %s",
            params=(ActionPlanStatus.BOARD_DECIDED.value, to_json(decision_doc(event.decision))),
            plan_columns="status = %s, board_decided_on = %s",
            plan_params=(
                ActionPlanStatus.BOARD_DECIDED.value,
                event.decision.meeting_date.isoformat(),
            ),
            revision=event.revision,
        )

    @process_event.register(ActionPlan.ReturnedToDraft)
    def _(self, event: ActionPlan.ReturnedToDraft, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            "Returned to draft by the council",
            columns="status = %s, decided_by = NULL",
            params=(ActionPlanStatus.DRAFT.value,),
            plan_columns="status = %s, board_decided_on = NULL",
            plan_params=(ActionPlanStatus.DRAFT.value,),
            revision=event.revision,
        )

    @process_event.register(ActionPlan.CouncilApproved)
    def _(self, event: ActionPlan.CouncilApproved, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            "Approved by the council",
            columns="status = %s, approved_by = %s",
            params=(
                ActionPlanStatus.COUNCIL_APPROVED.value,
                to_json(decision_doc(event.decision)),
            ),
            plan_columns="status = %s",
            plan_params=(ActionPlanStatus.COUNCIL_APPROVED.value,),
            revision=event.revision,
        )

    @process_event.register(ActionPlan.PutIntoEffect)
    def _(self, event: ActionPlan.PutIntoEffect, tracking: Tracking) -> None:
        effective = event.effective_from.isoformat()
        self._edit(
            event,
            tracking,
            f"Put into effect from {effective}",
            columns="status = %s, effective_from = %s",
            params=(ActionPlanStatus.IN_EFFECT.value, effective),
            plan_columns="status = %s, in_effect_revision = %s, in_effect_from = %s, "
            "put_into_effect_on = %s",
            plan_params=(ActionPlanStatus.IN_EFFECT.value, event.revision, effective, effective),
            revision=event.revision,
        )

    # Revisions during the year

    @process_event.register(ActionPlan.RevisionStarted)
    def _(self, event: ActionPlan.RevisionStarted, tracking: Tracking) -> None:
        """Revision N+1 starts as a copy of the revision in effect. An abandoned attempt with the
        same number gives way, its changes kept at the head of the new one's list."""
        plan = _present(self.view.action_plan(event.originator_id), event)
        plan_id, number, base = str(event.originator_id), event.revision, plan.in_effect_revision
        earlier = self.view.row(
            "SELECT changes FROM action_plan_revisions WHERE action_plan_id = %s AND revision = %s",
            (plan_id, number),
        )
        changes = [
            *(from_json(earlier["changes"]) if earlier else []),
            _change(event, f"Revision {number} started from revision {base}"),
        ]
        copied = "FROM {table} WHERE action_plan_id = %s AND revision = %s"
        self.view.write(
            tracking,
            [
                *[
                    (
                        f"DELETE FROM {table} WHERE action_plan_id = %s AND revision = %s",
                        (plan_id, number),
                    )
                    for table in (
                        "action_plan_revisions",
                        "action_plan_measures",
                        "action_plan_financing",
                    )
                ],
                (
                    f"INSERT INTO action_plan_revisions ({REVISION_COLUMNS}) "
                    "SELECT action_plan_id, %s, tenant_id, %s, plan_id, plan_version, "
                    "focus_area_codes, earlier_results, resources_and_financing, strategies, "
                    "communication_plan, total_budget_ore, total_financing_ore, funding_gap_ore, "
                    "%s, %s, %s, NULL, NULL, NULL, NULL "
                    + copied.format(table="action_plan_revisions"),
                    (
                        number,
                        ActionPlanStatus.DRAFT.value,
                        to_json(changes),
                        event.timestamp.isoformat(),
                        event.reason,
                        plan_id,
                        base,
                    ),
                ),
                (
                    "INSERT INTO action_plan_measures (action_plan_id, revision, project_code, "
                    "tenant_id, focus_area_code, position, budget_ore, financed_ore, funding_gap_ore) "
                    "SELECT action_plan_id, %s, project_code, tenant_id, focus_area_code, position, "
                    "budget_ore, financed_ore, funding_gap_ore "
                    + copied.format(table="action_plan_measures"),
                    (number, plan_id, base),
                ),
                (
                    "INSERT INTO action_plan_financing (action_plan_id, revision, project_code, "
                    "source, tenant_id, amount_ore) "
                    "SELECT action_plan_id, %s, project_code, source, tenant_id, amount_ore "
                    + copied.format(table="action_plan_financing"),
                    (number, plan_id, base),
                ),
                _touch(event, "status = %s, revision = %s", (ActionPlanStatus.DRAFT.value, number)),
            ],
        )

    @process_event.register(ActionPlan.RevisionDecided)
    def _(self, event: ActionPlan.RevisionDecided, tracking: Tracking) -> None:
        plan = _present(self.view.action_plan(event.originator_id), event)
        effective = event.effective_from.isoformat()
        self._edit(
            event,
            tracking,
            f"Decided by the board; in effect from {effective}",
            [
                (
                    "UPDATE action_plan_revisions SET status = %s, superseded_from = %s "
                    "WHERE action_plan_id = %s AND revision = %s",
                    (SUPERSEDED, effective, str(event.originator_id), plan.in_effect_revision),
                )
            ],
            columns="status = %s, decided_by = %s, effective_from = %s",
            params=(
                ActionPlanStatus.IN_EFFECT.value,
                to_json(decision_doc(event.decision)),
                effective,
            ),
            plan_columns="status = %s, in_effect_revision = %s, in_effect_from = %s",
            plan_params=(ActionPlanStatus.IN_EFFECT.value, event.revision, effective),
            revision=event.revision,
        )

    @process_event.register(ActionPlan.RevisionAbandoned)
    def _(self, event: ActionPlan.RevisionAbandoned, tracking: Tracking) -> None:
        plan = _present(self.view.action_plan(event.originator_id), event)
        self._edit(
            event,
            tracking,
            f"Revision {event.revision} abandoned; revision {plan.in_effect_revision} stays in effect",
            columns="status = %s",
            params=(ABANDONED,),
            plan_columns="status = %s, revision = %s",
            plan_params=(ActionPlanStatus.IN_EFFECT.value, plan.in_effect_revision),
            revision=event.revision,
        )

    # The application for the year's funds

    @process_event.register(ActionPlan.FundsAppliedFor)
    def _(self, event: ActionPlan.FundsAppliedFor, tracking: Tracking) -> None:
        plan = _present(self.view.action_plan(event.originator_id), event)
        application = event.application
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO fund_applications (action_plan_id, application_number, tenant_id, "
                    "programme_id, plan_year, applied_on, revision, total_ore, lines, reason, "
                    "decision, actor, recorded_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        application.number,
                        str(event.tenant_id),
                        str(plan.programme_id),
                        plan.year,
                        application.applied_on.isoformat(),
                        application.revision,
                        application.total.ore,
                        to_json(
                            [
                                {"projectCode": line.project_code, "amountOre": line.amount.ore}
                                for line in application.lines
                            ]
                        ),
                        event.reason,
                        to_json(decision_doc(event.decision)),
                        to_json(actor_doc(event.actor)),
                        event.timestamp.isoformat(),
                    ),
                ),
                _touch(event),
            ],
        )
