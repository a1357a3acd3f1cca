"""Programmes per county and nationally: the directory counties and Innovasjon Norge browse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.programme.model import Programme
from projections.base import ReadModelView, Statement, from_json, to_json
from projections.documents import decision_doc


class ProgrammeDirectoryView(ReadModelView):
    tables = ("programme_municipalities", "programmes")

    def programme(self, programme_id: UUID) -> ProgrammeRow | None:
        row = self.row("SELECT * FROM programmes WHERE programme_id = %s", (str(programme_id),))
        return _programme(row, self) if row else None

    def programmes(
        self, *, tenant_ids: list[UUID] | None = None, granting_counties: list[str] | None = None
    ) -> list[ProgrammeRow]:
        """Filtered by tenant or by granting county; None means no filter on that field."""
        clauses: list[str] = []
        params: list[Any] = []
        if tenant_ids is not None:
            clauses.append(_in("tenant_id", len(tenant_ids)) if tenant_ids else "1 = 0")
            params.extend(str(t) for t in tenant_ids)
        if granting_counties is not None:
            clauses.append(
                _in("granting_county_number", len(granting_counties))
                if granting_counties
                else "1 = 0"
            )
            params.extend(granting_counties)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.rows(f"SELECT * FROM programmes{where} ORDER BY period_start, name", params)
        return [_programme(r, self) for r in rows]

    def municipality_ids(self, programme_id: UUID) -> list[UUID]:
        rows = self.rows(
            "SELECT municipality_id FROM programme_municipalities WHERE programme_id = %s "
            "ORDER BY is_lead DESC, position",
            (str(programme_id),),
        )
        return [UUID(r["municipality_id"]) for r in rows]


def _in(column: str, count: int) -> str:
    return f"{column} IN ({', '.join(['%s'] * count)})"


@dataclass(frozen=True)
class ProgrammeRow:
    """Typed view of one row of the directory, as the API reads it."""

    programme_id: UUID
    tenant_id: UUID
    name: str
    kind: str
    phase: str
    period_start: date
    period_end: date
    granting_county_number: str
    lead_municipality_id: UUID
    municipality_ids: tuple[UUID, ...]
    status_decision: dict[str, Any] | None
    version: int
    registered_at: str
    updated_at: str


def _programme(row: dict[str, Any], view: ProgrammeDirectoryView) -> ProgrammeRow:
    return ProgrammeRow(
        programme_id=UUID(row["programme_id"]),
        tenant_id=UUID(row["tenant_id"]),
        name=row["name"],
        kind=row["kind"],
        phase=row["phase"],
        period_start=date.fromisoformat(row["period_start"]),
        period_end=date.fromisoformat(row["period_end"]),
        granting_county_number=row["granting_county_number"],
        lead_municipality_id=UUID(row["lead_municipality_id"]),
        municipality_ids=tuple(view.municipality_ids(UUID(row["programme_id"]))),
        status_decision=from_json(row["status_decision"]),
        version=int(row["version"]),
        registered_at=row["registered_at"],
        updated_at=row["updated_at"],
    )


class ProgrammeDirectoryProjection(Projection[ProgrammeDirectoryView]):
    name = "programme_directory"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(Programme.Registered)
    def _(self, event: Programme.Registered, tracking: Tracking) -> None:
        pid = str(event.originator_id)
        at = event.timestamp.isoformat()
        statements: list[Statement] = [
            (
                "INSERT INTO programmes (programme_id, tenant_id, name, kind, phase, period_start, period_end, "
                "granting_county_number, lead_municipality_id, status_decision, version, registered_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    pid,
                    str(event.tenant_id),
                    event.name,
                    str(event.kind),
                    "development_analysis",
                    event.period_start.isoformat(),
                    event.period_end.isoformat(),
                    event.granting_county_number,
                    str(event.lead_municipality_id),
                    to_json(decision_doc(event.decision)),
                    event.originator_version,
                    at,
                    at,
                ),
            )
        ]
        for position, municipality_id in enumerate(event.municipality_ids):
            statements.append(
                (
                    "INSERT INTO programme_municipalities (programme_id, municipality_id, is_lead, position) "
                    "VALUES (%s, %s, %s, %s)",
                    (
                        pid,
                        str(municipality_id),
                        1 if municipality_id == event.lead_municipality_id else 0,
                        position,
                    ),
                )
            )
        self.view.write(tracking, statements)

    @process_event.register(Programme.PhaseAdvanced)
    def _(self, event: Programme.PhaseAdvanced, tracking: Tracking) -> None:
        self.view.write(tracking, [_touch(event, "phase = %s", str(event.phase))])

    @process_event.register(Programme.PeriodExtended)
    def _(self, event: Programme.PeriodExtended, tracking: Tracking) -> None:
        self.view.write(tracking, [_touch(event, "period_end = %s", event.period_end.isoformat())])

    @process_event.register(Programme.MunicipalityAdded)
    def _(self, event: Programme.MunicipalityAdded, tracking: Tracking) -> None:
        pid = str(event.originator_id)
        self.view.write(
            tracking,
            [
                _touch(event),
                (
                    "INSERT INTO programme_municipalities (programme_id, municipality_id, is_lead, position) "
                    "SELECT %s, %s, 0, COUNT(*) FROM programme_municipalities WHERE programme_id = %s",
                    (pid, str(event.municipality_id), pid),
                ),
            ],
        )


def _touch(
    event: Any, assignment: str | None = None, value: Any = None
) -> tuple[str, tuple[Any, ...]]:
    """Update the row's version and time, with one more column when given."""
    extra = f"{assignment}, " if assignment else ""
    params = ((value,) if assignment else ()) + (
        event.originator_version,
        event.timestamp.isoformat(),
        str(event.originator_id),
    )
    return (
        f"UPDATE programmes SET {extra}version = %s, updated_at = %s WHERE programme_id = %s",
        params,
    )
