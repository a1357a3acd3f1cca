"""Current plan state and every version in full, with the changes and decisions behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.plan.content import TEXT_SECTIONS, PlanContent, Section
from domain.plan.model import Omstillingsplan, PlanStatus
from projections.base import ReadModelView, Statement, from_json, to_json
from projections.documents import content_doc, content_from_doc, decision_doc


class PlanStateView(ReadModelView):
    tables = ("plan_versions", "plans")

    def plan(self, plan_id: UUID) -> dict[str, Any] | None:
        row = self.row("SELECT * FROM plans WHERE plan_id = %s", (str(plan_id),))
        return _decoded(row)

    def plan_for_programme(self, programme_id: UUID) -> dict[str, Any] | None:
        row = self.row("SELECT * FROM plans WHERE programme_id = %s", (str(programme_id),))
        return _decoded(row)

    def versions(self, plan_id: UUID) -> list[dict[str, Any]]:
        rows = self.rows(
            "SELECT * FROM plan_versions WHERE plan_id = %s ORDER BY version_number",
            (str(plan_id),),
        )
        return [_decoded(r) for r in rows]  # type: ignore[misc]

    def version(self, plan_id: UUID, number: int) -> dict[str, Any] | None:
        row = self.row(
            "SELECT * FROM plan_versions WHERE plan_id = %s AND version_number = %s",
            (str(plan_id), number),
        )
        return _decoded(row)


JSON_COLUMNS = ("content", "warnings", "approved_by", "adopted_by", "changes", "started_by")


def _decoded(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {k: (from_json(v) if k in JSON_COLUMNS else v) for k, v in row.items()}


def _present(row: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    """A plan event whose plan the model lacks means the model is corrupt: stop, don't guess."""
    if row is None:
        raise LookupError(
            f"plan state has no row for {event.originator_id} at {type(event).__name__}"
        )
    return row


def _change(event: Any, description: str) -> dict[str, Any]:
    return {
        "eventType": type(event).__name__,
        "description": description,
        "reason": event.reason,
        "actor": {
            "userId": event.actor.user_id,
            "name": event.actor.name,
            "role": str(event.actor.role),
        },
        "at": event.timestamp.isoformat(),
        "aggregateVersion": event.originator_version,
    }


class PlanStateProjection(Projection[PlanStateView]):
    name = "plan_state"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(Omstillingsplan.Drafted)
    def _(self, event: Omstillingsplan.Drafted, tracking: Tracking) -> None:
        at = event.timestamp.isoformat()
        content = to_json(content_doc(event.content))
        self.view.write(
            tracking,
            [
                (
                    "INSERT INTO plans (plan_id, programme_id, tenant_id, status, version_number, content, warnings, "
                    "in_force_version, in_force_from, aggregate_version, created_at, updated_at) "
                    "VALUES (%s, %s, %s, %s, 1, %s, %s, NULL, NULL, %s, %s, %s)",
                    (
                        str(event.originator_id),
                        str(event.programme_id),
                        str(event.tenant_id),
                        PlanStatus.DRAFT.value,
                        content,
                        to_json(event.content.warnings),
                        event.originator_version,
                        at,
                        at,
                    ),
                ),
                (
                    "INSERT INTO plan_versions (plan_id, version_number, tenant_id, status, content, changes, "
                    "started_at, started_reason, started_by, approved_by, adopted_by, effective_from, superseded_from) "
                    "VALUES (%s, 1, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, NULL, NULL)",
                    (
                        str(event.originator_id),
                        str(event.tenant_id),
                        PlanStatus.DRAFT.value,
                        content,
                        to_json([_change(event, "Drafted")]),
                        at,
                        event.reason,
                        to_json(decision_doc(event.decision)),
                    ),
                ),
            ],
        )

    def _edit(
        self,
        event: Any,
        tracking: Tracking,
        description: str,
        edit: Callable[[PlanContent], PlanContent],
    ) -> None:
        """Edits change the working version: its content and its list of reasoned changes."""
        plan = _present(self.view.plan(event.originator_id), event)
        number = plan["version_number"]
        version = _present(self.view.version(event.originator_id, number), event)
        content = edit(content_from_doc(plan["content"]))
        changes = [*version["changes"], _change(event, description)]
        self.view.write(
            tracking,
            [
                (
                    "UPDATE plans SET content = %s, warnings = %s, aggregate_version = %s, updated_at = %s "
                    "WHERE plan_id = %s",
                    (
                        to_json(content_doc(content)),
                        to_json(content.warnings),
                        event.originator_version,
                        event.timestamp.isoformat(),
                        str(event.originator_id),
                    ),
                ),
                (
                    "UPDATE plan_versions SET content = %s, changes = %s WHERE plan_id = %s AND version_number = %s",
                    (
                        to_json(content_doc(content)),
                        to_json(changes),
                        str(event.originator_id),
                        number,
                    ),
                ),
            ],
        )

    @process_event.register(Omstillingsplan.SectionRevised)
    def _(self, event: Omstillingsplan.SectionRevised, tracking: Tracking) -> None:
        section = Section(event.section)
        self._edit(
            event,
            tracking,
            f"{TEXT_SECTIONS[section]} revised",
            lambda c: c.with_text(section, event.text),
        )

    @process_event.register(Omstillingsplan.MainGoalSet)
    def _(self, event: Omstillingsplan.MainGoalSet, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            f"main goal {event.goal.code} set",
            lambda c: replace(c, main_goal=event.goal),
        )

    @process_event.register(Omstillingsplan.FocusAreaPut)
    def _(self, event: Omstillingsplan.FocusAreaPut, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            f"focus area {event.focus_area.code} set",
            lambda c: c.with_focus_area(event.focus_area),
        )

    @process_event.register(Omstillingsplan.FocusAreaRemoved)
    def _(self, event: Omstillingsplan.FocusAreaRemoved, tracking: Tracking) -> None:
        self._edit(
            event,
            tracking,
            f"focus area {event.code} removed",
            lambda c: c.without_focus_area(event.code),
        )

    def _status(
        self,
        event: Any,
        tracking: Tracking,
        status: PlanStatus,
        extra: list[Statement] | None = None,
        version_columns: str = "",
        version_params: tuple[Any, ...] = (),
    ) -> None:
        plan_id = str(event.originator_id)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE plans SET status = %s, aggregate_version = %s, updated_at = %s WHERE plan_id = %s",
                    (status.value, event.originator_version, event.timestamp.isoformat(), plan_id),
                ),
                (
                    f"UPDATE plan_versions SET status = %s{version_columns} WHERE plan_id = %s AND version_number = %s",
                    (status.value, *version_params, plan_id, event.version_number),
                ),
                *(extra or []),
            ],
        )

    @process_event.register(Omstillingsplan.Submitted)
    def _(self, event: Omstillingsplan.Submitted, tracking: Tracking) -> None:
        self._status(event, tracking, PlanStatus.SUBMITTED)

    @process_event.register(Omstillingsplan.ReturnedToDraft)
    def _(self, event: Omstillingsplan.ReturnedToDraft, tracking: Tracking) -> None:
        self._status(event, tracking, PlanStatus.DRAFT, version_columns=", approved_by = NULL")

    @process_event.register(Omstillingsplan.Approved)
    def _(self, event: Omstillingsplan.Approved, tracking: Tracking) -> None:
        self._status(
            event,
            tracking,
            PlanStatus.APPROVED,
            version_columns=", approved_by = %s",
            version_params=(to_json(decision_doc(event.decision)),),
        )

    @process_event.register(Omstillingsplan.Adopted)
    def _(self, event: Omstillingsplan.Adopted, tracking: Tracking) -> None:
        self._status(
            event,
            tracking,
            PlanStatus.ADOPTED,
            version_columns=", adopted_by = %s",
            version_params=(to_json(decision_doc(event.decision)),),
        )

    @process_event.register(Omstillingsplan.PutIntoForce)
    def _(self, event: Omstillingsplan.PutIntoForce, tracking: Tracking) -> None:
        plan_id = str(event.originator_id)
        effective = event.effective_from.isoformat()
        self._status(
            event,
            tracking,
            PlanStatus.IN_FORCE,
            extra=[
                (
                    "UPDATE plan_versions SET status = 'superseded', superseded_from = %s "
                    "WHERE plan_id = %s AND status = 'in_force' AND version_number < %s",
                    (effective, plan_id, event.version_number),
                ),
                (
                    "UPDATE plans SET in_force_version = %s, in_force_from = %s WHERE plan_id = %s",
                    (event.version_number, effective, plan_id),
                ),
            ],
            version_columns=", effective_from = %s",
            version_params=(effective,),
        )

    @process_event.register(Omstillingsplan.RevisionStarted)
    def _(self, event: Omstillingsplan.RevisionStarted, tracking: Tracking) -> None:
        plan = _present(self.view.plan(event.originator_id), event)
        at = event.timestamp.isoformat()
        plan_id = str(event.originator_id)
        self.view.write(
            tracking,
            [
                (
                    "UPDATE plans SET status = %s, version_number = %s, aggregate_version = %s, updated_at = %s "
                    "WHERE plan_id = %s",
                    (
                        PlanStatus.DRAFT.value,
                        event.version_number,
                        event.originator_version,
                        at,
                        plan_id,
                    ),
                ),
                (
                    "INSERT INTO plan_versions (plan_id, version_number, tenant_id, status, content, changes, "
                    "started_at, started_reason, started_by, approved_by, adopted_by, effective_from, superseded_from) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, NULL, NULL)",
                    (
                        plan_id,
                        event.version_number,
                        str(event.tenant_id),
                        PlanStatus.DRAFT.value,
                        to_json(plan["content"]),
                        to_json([_change(event, "Revision started")]),
                        at,
                        event.reason,
                        to_json(decision_doc(event.decision)),
                    ),
                ),
            ],
        )
