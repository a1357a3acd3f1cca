"""The population file: CSV with the columns `kommunenummer;år;folkemengde`.

- UTF-8, with or without a byte-order mark; separated by semicolons (as SSB's StatBank
  exports) or by commas, judged from the header line.
- The header names the columns, in any order and any letter case; other columns (such as
  `kommunenavn`) are allowed and ignored.
- `kommunenummer`: the four-digit municipality number valid on 1 January of the row's year.
- `år`: the year whose 1 January the figure counts (SSB table 07459: population 1 January).
- `folkemengde`: the population, a whole number of people, written without separators.
- Rows are numbered from 1 for the first line after the header (`rows[1]` is the file's
  second line); blank lines are skipped but counted.

A refusal names the row and the column, e.g. `rows[12].folkemengde`, and the rule.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.shared.dates import POPULATION_FIRST_YEAR
from domain.shared.errors import ValidationFailed

COLUMNS = ("kommunenummer", "år", "folkemengde")
FIRST_YEAR = POPULATION_FIRST_YEAR  # the first year of SSB table 07459
MAX_ROWS = 100_000
MAX_POPULATION = 10_000_000
NUMBER = re.compile(r"^[0-9]{4}$")
WHOLE = re.compile(r"^[+-]?\d+$")

# The municipality with `number` on 1 January of `year`, or None: the registry's answer.
Resolve = Callable[[str, int], UUID | None]


@dataclass(frozen=True)
class PopulationFigure:
    """The population of one municipality on 1 January of a year, with the number as the
    file wrote it (numbers change in reforms; the id does not)."""

    municipality_id: UUID
    municipality_number: str
    year: int
    population: int


def parse_population_file(text: str, resolve: Resolve, latest_year: int) -> list[PopulationFigure]:
    """Every figure of the file, or a ValidationFailed naming the first row and column that
    breaks a rule; `latest_year` is the last year whose 1 January has come."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationFailed("header", "the file is empty; the first line names the columns")
    delimiter = ";" if ";" in lines[0] else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    positions: dict[str, int] = {}
    for column in COLUMNS:
        if column not in header:
            raise ValidationFailed(
                f"header.{column}",
                f"the column is missing; the header must name {';'.join(COLUMNS)}",
            )
        if header.count(column) > 1:
            raise ValidationFailed(f"header.{column}", "the column is named twice")
        positions[column] = header.index(column)
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationFailed("rows", f"at most {MAX_ROWS} rows in one file")
    figures: list[PopulationFigure] = []
    seen: dict[tuple[UUID, int], int] = {}
    for index, cells in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in cells):
            continue
        row = f"rows[{index}]"
        if len(cells) != len(header):
            raise ValidationFailed(
                row, f"has {len(cells)} columns; the header has {len(header)} (line {index + 1})"
            )
        number = cells[positions["kommunenummer"]].strip()
        if not NUMBER.match(number):
            raise ValidationFailed(
                f"{row}.kommunenummer", f"must be a four-digit municipality number (got {number!r})"
            )
        year = _year(f"{row}.år", cells[positions["år"]].strip(), latest_year)
        population = _population(f"{row}.folkemengde", cells[positions["folkemengde"]].strip())
        municipality_id = resolve(number, year)
        if municipality_id is None:
            raise ValidationFailed(
                f"{row}.kommunenummer",
                f"no municipality has number {number} on 1 January {year}",
            )
        earlier = seen.get((municipality_id, year))
        if earlier is not None:
            raise ValidationFailed(
                f"{row}.kommunenummer",
                f"duplicates rows[{earlier}]: one figure per municipality and year",
            )
        seen[(municipality_id, year)] = index
        figures.append(PopulationFigure(municipality_id, number, year, population))
    if not figures:
        raise ValidationFailed("rows", "the file holds no figures")
    return figures


def _year(field: str, text: str, latest_year: int) -> int:
    if not WHOLE.match(text):
        raise ValidationFailed(field, f"must be a year such as 2025 (got {text!r})")
    year = int(text)
    if not FIRST_YEAR <= year <= latest_year:
        raise ValidationFailed(
            field,
            f"must be between {FIRST_YEAR} and {latest_year}: a 1 January that has come "
            f"(got {year})",
        )
    return year


def _population(field: str, text: str) -> int:
    if not WHOLE.match(text):
        raise ValidationFailed(field, f"must be a whole number of people (got {text!r})")
    population = int(text)
    if population < 0:
        raise ValidationFailed(field, f"cannot be negative (got {population})")
    if population > MAX_POPULATION:
        raise ValidationFailed(field, f"cannot exceed {MAX_POPULATION} (got {population})")
    return population
