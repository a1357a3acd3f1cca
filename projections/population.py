"""Population figures per municipality and year as imported, with the source of each: the
current figure is the latest import's, and every earlier one is kept as its history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.population.model import PopulationRegister
from projections.base import ReadModelView, Statement, from_json, to_json


@dataclass(frozen=True)
class PopulationImportRow:
    """One import: where the figures come from."""

    number: int
    source: str
    file_name: str
    sha256: str
    imported_on: date
    imported_by: dict[str, Any]
    recorded_at: str
    figure_count: int


@dataclass(frozen=True)
class PopulationFigureRow:
    """One municipality's population on 1 January of a year, and the import it came from."""

    municipality_id: UUID
    municipality_number: str
    year: int
    population: int
    source: PopulationImportRow


@dataclass(frozen=True)
class PopulationAnswer:
    """The population of a set of municipalities in a year: the sum when every one of them
    has a figure, otherwise None with the municipalities that lack one."""

    year: int
    municipality_ids: tuple[UUID, ...]
    figures: tuple[PopulationFigureRow, ...]
    missing: tuple[UUID, ...]

    @property
    def total(self) -> int | None:
        return None if self.missing else sum(f.population for f in self.figures)

    @property
    def sources(self) -> tuple[PopulationImportRow, ...]:
        found = {f.source.number: f.source for f in self.figures}
        return tuple(found[n] for n in sorted(found))


def _in(column: str, count: int) -> str:
    return f"{column} IN ({', '.join(['%s'] * count)})" if count else "1 = 0"


class PopulationView(ReadModelView):
    tables = ("population_imports", "population_figures")

    def imports(self) -> list[PopulationImportRow]:
        return [
            _import(r) for r in self.rows("SELECT * FROM population_imports ORDER BY import_number")
        ]

    def figures(
        self, *, year: int | None = None, municipality_ids: Iterable[UUID] | None = None
    ) -> list[PopulationFigureRow]:
        """The current figures (each from the latest import that has it), by year and number."""
        clauses, params = self._where(year, municipality_ids)
        rows = self.rows(
            "SELECT f.*, i.* FROM population_figures f JOIN population_imports i "
            "ON i.import_number = f.import_number WHERE f.import_number = ("
            "SELECT MAX(g.import_number) FROM population_figures g "
            "WHERE g.municipality_id = f.municipality_id "
            "AND g.population_year = f.population_year)"
            f"{clauses} ORDER BY f.population_year, f.municipality_number",
            params,
        )
        return [_figure(r) for r in rows]

    def history(self, municipality_id: UUID, year: int) -> list[PopulationFigureRow]:
        """Every figure imported for the municipality and year, the earliest first."""
        rows = self.rows(
            "SELECT f.*, i.* FROM population_figures f JOIN population_imports i "
            "ON i.import_number = f.import_number "
            "WHERE f.municipality_id = %s AND f.population_year = %s ORDER BY f.import_number",
            (str(municipality_id), year),
        )
        return [_figure(r) for r in rows]

    def population(self, municipality_ids: Iterable[UUID], year: int) -> PopulationAnswer:
        """The population of the municipalities together on 1 January of `year`."""
        ids = tuple(dict.fromkeys(municipality_ids))
        found = {f.municipality_id: f for f in self.figures(year=year, municipality_ids=ids)}
        return PopulationAnswer(
            year=year,
            municipality_ids=ids,
            figures=tuple(found[i] for i in ids if i in found),
            missing=tuple(i for i in ids if i not in found),
        )

    def populations(
        self, municipality_ids: Iterable[UUID], years: Iterable[int]
    ) -> dict[int, PopulationAnswer]:
        """`population` for several years, read at once."""
        ids = tuple(dict.fromkeys(municipality_ids))
        wanted = sorted(set(years))
        by_year: dict[int, dict[UUID, PopulationFigureRow]] = {y: {} for y in wanted}
        if wanted and ids:
            for figure in self.figures(municipality_ids=ids):
                if figure.year in by_year:
                    by_year[figure.year][figure.municipality_id] = figure
        return {
            y: PopulationAnswer(
                year=y,
                municipality_ids=ids,
                figures=tuple(by_year[y][i] for i in ids if i in by_year[y]),
                missing=tuple(i for i in ids if i not in by_year[y]),
            )
            for y in wanted
        }

    @staticmethod
    def _where(year: int | None, municipality_ids: Iterable[UUID] | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if year is not None:
            clauses.append("f.population_year = %s")
            params.append(year)
        if municipality_ids is not None:
            ids = [str(i) for i in municipality_ids]
            clauses.append(_in("f.municipality_id", len(ids)))
            params.extend(ids)
        return "".join(f" AND {c}" for c in clauses), params


def _import(r: dict[str, Any]) -> PopulationImportRow:
    return PopulationImportRow(
        number=int(r["import_number"]),
        source=r["source"],
        file_name=r["file_name"],
        sha256=r["sha256"],
        imported_on=date.fromisoformat(r["imported_on"]),
        imported_by=from_json(r["imported_by"]),
        recorded_at=r["recorded_at"],
        figure_count=int(r["figure_count"]),
    )


def _figure(r: dict[str, Any]) -> PopulationFigureRow:
    return PopulationFigureRow(
        municipality_id=UUID(r["municipality_id"]),
        municipality_number=r["municipality_number"],
        year=int(r["population_year"]),
        population=int(r["population"]),
        source=_import(r),
    )


class PopulationProjection(Projection[PopulationView]):
    name = "population"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track_only(tracking)

    @process_event.register(PopulationRegister.FiguresImported)
    def _(self, event: PopulationRegister.FiguresImported, tracking: Tracking) -> None:
        actor = event.actor
        statements: list[Statement] = [
            (
                "INSERT INTO population_imports (import_number, source, file_name, sha256, "
                "imported_on, imported_by, recorded_at, figure_count) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    event.number,
                    event.source,
                    event.file_name,
                    event.sha256,
                    event.imported_on.isoformat(),
                    to_json({"userId": actor.user_id, "name": actor.name, "role": str(actor.role)}),
                    event.timestamp.isoformat(),
                    len(event.figures),
                ),
            )
        ]
        statements.extend(
            (
                "INSERT INTO population_figures (municipality_id, population_year, "
                "import_number, municipality_number, population) VALUES (%s, %s, %s, %s, %s)",
                (
                    str(f.municipality_id),
                    f.year,
                    event.number,
                    f.municipality_number,
                    f.population,
                ),
            )
            for f in event.figures
        )
        self.view.write(tracking, statements)
