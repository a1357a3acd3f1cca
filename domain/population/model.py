"""The population register (folketallsregister): one national stream of imports, each with its
source, file and figures. A later import's figure for a municipality and year supersedes an
earlier one; the earlier stays in the log and in the read model's history."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.population.file_format import NUMBER, PopulationFigure
from domain.shared import clock
from domain.shared.actor import Actor
from domain.shared.dates import POPULATION_FIRST_YEAR, plausible_date, require_year
from domain.shared.decisions import DecisionRef
from domain.shared.errors import ValidationFailed
from domain.shared.events import AttributedEvent, TypedSnapshot
from domain.shared.text import TextKind, code, optional_reason, required_text

POPULATION_NAMESPACE = UUID("5c0d7c1e-2a43-4f0e-9d61-0b8f3e7a9c25")
# National reference data belongs to no municipality or county: its events carry this tenant.
NATIONAL_TENANT_ID = uuid5(POPULATION_NAMESPACE, "nasjonal")
POPULATION_REGISTER_ID = uuid5(POPULATION_NAMESPACE, "folketallsregister")
SHA256_HEX = 64


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class PopulationRegister(Aggregate):
    """Invariants: every import names its source and file and holds at least one figure; the
    same file (by SHA-256) is not imported twice; imports are numbered 1, 2, 3 …"""

    class Event(AttributedEvent):
        pass

    class Snapshot(TypedSnapshot):
        pass

    snapshot_types: ClassVar[dict[str, type]] = {"digests": tuple}

    class Opened(Event, Aggregate.Created):
        pass

    class FiguresImported(Event):
        number: int
        source: str
        file_name: str
        sha256: str
        imported_on: date
        figures: tuple[PopulationFigure, ...]

    @staticmethod
    def create_id(**_: object) -> UUID:
        return POPULATION_REGISTER_ID

    @event(Opened)
    def __init__(
        self, *, tenant_id: UUID, actor: Actor, reason: str | None, decision: DecisionRef | None
    ) -> None:
        self.tenant_id = tenant_id
        self.imports = 0
        self.digests: tuple[str, ...] = ()

    @classmethod
    def open(cls, *, actor: Actor) -> PopulationRegister:
        return cls(
            tenant_id=NATIONAL_TENANT_ID,
            actor=actor,
            reason="Register of population figures opened",
            decision=None,
        )

    def import_figures(
        self,
        figures: Sequence[PopulationFigure],
        *,
        source: str,
        file_name: str,
        sha256: str,
        imported_on: date,
        actor: Actor,
        reason: str | None = None,
    ) -> int:
        """Record a file's figures with their source; returns the import's number."""
        source = required_text("source", source, 500, kind=TextKind.LINE)
        file_name = required_text("fileName", file_name, 255, kind=TextKind.LINE)
        why = optional_reason(reason)
        if (
            not isinstance(sha256, str)
            or len(sha256) != SHA256_HEX
            or any(c not in "0123456789abcdef" for c in sha256)
        ):
            raise ValidationFailed("sha256", "must be the file's SHA-256 as 64 hex digits")
        plausible_date(
            "importedOn", imported_on, latest=clock.recording_day(), why="the day of the import"
        )
        if sha256 in self.digests:
            number = self.digests.index(sha256) + 1
            raise ValidationFailed(
                "fileName",
                f"this file (SHA-256 {sha256[:12]}…) was already imported as import {number}",
            )
        if not figures:
            raise ValidationFailed("rows", "the file holds no figures")
        for index, figure in enumerate(figures):
            # The file's rules (domain.population.file_format), kept for any caller.
            at = f"figures[{index}]"
            code(
                f"{at}.municipalityNumber",
                figure.municipality_number,
                4,
                NUMBER,
                "must be a four-digit municipality number",
            )
            require_year(f"{at}.year", figure.year, POPULATION_FIRST_YEAR, imported_on.year)
        self._imported(
            number=self.imports + 1,
            source=source,
            file_name=file_name,
            sha256=sha256,
            imported_on=imported_on,
            figures=tuple(figures),
            tenant_id=self.tenant_id,
            actor=actor,
            reason=why,
            decision=None,
        )
        return self.imports

    @event(FiguresImported)
    def _imported(
        self,
        number: int,
        source: str,
        file_name: str,
        sha256: str,
        imported_on: date,
        figures: tuple[PopulationFigure, ...],
        tenant_id: UUID,
        actor: Actor,
        reason: str | None,
        decision: DecisionRef | None,
    ) -> None:
        self.imports = number
        self.digests = (*self.digests, sha256)
