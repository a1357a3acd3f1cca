"""Reference data for tenants: Norway's counties and municipalities, with their history.

Numbers come from Statistics Norway (see `data/SOURCES.md`) and change with reforms, while a
restructuring programme outlives them; so each municipality has a stable identity and its
numbers are time-bound attributes, and counties keep their validity and successors.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from uuid import UUID, uuid5

__all__ = [
    "MUNICIPALITY_NAMESPACE",
    "NUMBERS_KNOWN_FROM",
    "County",
    "Municipality",
    "MunicipalityNumber",
    "ReferenceDataError",
    "Registry",
    "UnknownCounty",
    "UnknownMunicipality",
    "load_registry",
    "municipality_id",
]

#: Fixed namespace for municipality identities; changing it would change every tenant's id.
MUNICIPALITY_NAMESPACE = UUID("bd2f25d6-ee44-4369-84af-7428944406b3")

#: The packaged municipality numbers are those valid from this date; earlier ones are not loaded.
NUMBERS_KNOWN_FROM = date(2024, 1, 1)

_COUNTIES_CSV = "fylker.csv"
_MUNICIPALITIES_CSV = "kommuner-2024.csv"


class ReferenceDataError(LookupError):
    """Base of the errors raised when reference data cannot answer a question."""


class UnknownCounty(ReferenceDataError, KeyError):
    """No county with this number (valid on the date asked about)."""

    def __init__(self, number: str, detail: str | None = None) -> None:
        self.number = number
        self.message = detail or f"unknown county number {number!r}"
        super().__init__(self.message)

    def __str__(self) -> str:
        # KeyError would quote the message; show it as written.
        return self.message


class UnknownMunicipality(ReferenceDataError, KeyError):
    """No municipality with this number or id (valid on the date asked about)."""

    def __init__(self, key: str | UUID, detail: str | None = None) -> None:
        self.key = key
        self.message = detail or f"unknown municipality {key!s}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _valid_on(valid_from: date | None, valid_to: date | None, d: date) -> bool:
    """Inclusive on both ends; an open end (None) is unbounded."""
    return (valid_from is None or valid_from <= d) and (valid_to is None or d <= valid_to)


def municipality_id(number_valid_from_2024: str) -> UUID:
    """Stable identity of a municipality, derived from its number valid from 2024-01-01."""
    return uuid5(MUNICIPALITY_NAMESPACE, f"kommune:{number_valid_from_2024}")


@dataclass(frozen=True)
class County:
    """A county (fylke) number in a validity period, and the numbers that succeeded it."""

    number: str
    name: str
    valid_from: date | None
    valid_to: date | None
    successors: tuple[str, ...] = ()

    def is_valid_on(self, d: date) -> bool:
        return _valid_on(self.valid_from, self.valid_to, d)


@dataclass(frozen=True)
class MunicipalityNumber:
    """A municipality number and its county, valid for a period (numbers change in reforms)."""

    number: str
    county_number: str
    valid_from: date | None
    valid_to: date | None

    def is_valid_on(self, d: date) -> bool:
        return _valid_on(self.valid_from, self.valid_to, d)


@dataclass(frozen=True)
class Municipality:
    """A municipality (kommune), the tenant: stable `id`, numbers as time-bound attributes.

    Only the numbers valid from 2024-01-01 are packaged, so for earlier dates the number and
    county are unknown (None). SSB's change tables (KLASS 131 "changes") can later be imported
    as further `MunicipalityNumber`s in `numbers` (ordered by `valid_from`) without changing
    `id`. `name` is as SSB's public list gives it: for municipalities with an official Sami or
    Kven name it may hold only one form (see `data/SOURCES.md`).
    """

    id: UUID
    name: str
    numbers: tuple[MunicipalityNumber, ...]

    def __post_init__(self) -> None:
        if not self.numbers:
            raise ValueError(f"municipality {self.name!r} has no number")
        for earlier, later in zip(self.numbers, self.numbers[1:], strict=False):
            if (
                earlier.valid_to is None
                or later.valid_from is None
                or later.valid_from <= earlier.valid_to
            ):
                raise ValueError(
                    f"municipality {self.name!r}: numbers {earlier.number} and {later.number} "
                    "must be in order of validity without overlap"
                )

    def _numbering_on(self, d: date) -> MunicipalityNumber | None:
        return next((n for n in self.numbers if n.is_valid_on(d)), None)

    def number_on(self, d: date) -> str | None:
        """The number valid on `d`, or None when unknown (before the loaded history)."""
        numbering = self._numbering_on(d)
        return numbering.number if numbering else None

    def county_number_on(self, d: date) -> str | None:
        """The county the municipality belonged to on `d`, or None when unknown."""
        numbering = self._numbering_on(d)
        return numbering.county_number if numbering else None

    @property
    def current_number(self) -> str:
        """The number valid today, or else the latest one (for a municipality since merged)."""
        return self.number_on(date.today()) or self.numbers[-1].number


class Registry:
    """Counties and municipalities, answering questions about them on a given date."""

    def __init__(self, counties: Iterable[County], municipalities: Iterable[Municipality]) -> None:
        self._counties = {county.number: county for county in counties}
        self._municipalities = {m.id: m for m in municipalities}
        # Every municipality that ever carried a number, so a look-up checks few candidates.
        self._by_number: dict[str, list[Municipality]] = {}
        for municipality in self._municipalities.values():
            for numbering in municipality.numbers:
                self._by_number.setdefault(numbering.number, []).append(municipality)
        self._check_references()

    @classmethod
    def from_package_data(cls) -> Registry:
        """Load the CSV files shipped in `tenants/data` (see `data/SOURCES.md`)."""
        counties = [_county_from_row(row) for row in _read_csv(_COUNTIES_CSV)]
        municipalities = [_municipality_from_row(row) for row in _read_csv(_MUNICIPALITIES_CSV)]
        return cls(counties, municipalities)

    def _check_references(self) -> None:
        # Fail at load rather than on some later lookup if the files disagree with each other.
        # Successors must start after their predecessor ends, which also rules out cycles.
        for county in self._counties.values():
            for number in county.successors:
                successor = self._counties.get(number)
                if successor is None:
                    raise ReferenceDataError(
                        f"county {county.number} names unknown successor {number!r}"
                    )
                if (
                    county.valid_to is None
                    or successor.valid_from is None
                    or successor.valid_from <= county.valid_to
                ):
                    raise ReferenceDataError(
                        f"county {number} cannot succeed county {county.number}: "
                        "it must begin after its predecessor ends"
                    )
        for municipality in self._municipalities.values():
            for numbering in municipality.numbers:
                if numbering.county_number not in self._counties:
                    raise ReferenceDataError(
                        f"municipality {numbering.number} {municipality.name} "
                        f"names unknown county {numbering.county_number!r}"
                    )

    # Counties

    def counties(self) -> tuple[County, ...]:
        """All counties, including those no longer valid."""
        return tuple(self._counties.values())

    def counties_valid_on(self, d: date) -> tuple[County, ...]:
        return tuple(c for c in self._counties.values() if c.is_valid_on(d))

    def county(self, number: str) -> County:
        try:
            return self._counties[number]
        except KeyError:
            raise UnknownCounty(number) from None

    def successor_counties(self, number: str, on: date | None = None) -> tuple[County, ...]:
        """The counties valid on `on` (default today) that took over from county `number`.

        Followed transitively through counties that had ended by then (20 Finnmark → 54 Troms
        og Finnmark → 55 Troms, 56 Finnmark); empty when `number` has no successor yet on `on`.
        """
        on = date.today() if on is None else on
        found: dict[str, County] = {}
        for successor in self._successors_of(self.county(number)):
            if successor.is_valid_on(on):
                found.setdefault(successor.number, successor)
            elif successor.valid_to is not None and successor.valid_to < on:
                for later in self.successor_counties(successor.number, on):
                    found.setdefault(later.number, later)
        return tuple(found.values())

    def _successors_of(self, county: County) -> Iterator[County]:
        return (self._counties[number] for number in county.successors)

    def _is_or_precedes(self, county: County, number: str) -> bool:
        """Whether `county` is county `number` or one of its transitive predecessors."""
        return county.number == number or any(
            self._is_or_precedes(successor, number) for successor in self._successors_of(county)
        )

    # Municipalities

    def municipalities(self) -> tuple[Municipality, ...]:
        return tuple(self._municipalities.values())

    def municipality(self, id: UUID) -> Municipality:
        try:
            return self._municipalities[id]
        except KeyError:
            raise UnknownMunicipality(id, f"unknown municipality id {id}") from None

    def municipality_by_number(self, number: str, on: date | None = None) -> Municipality:
        """The municipality that had `number` on `on` (default today).

        Numbers are reused across reforms, so the date decides; numbers valid before 2024 are
        not loaded yet and are refused rather than guessed.
        """
        on = date.today() if on is None else on
        for municipality in self._by_number.get(number, ()):
            if municipality.number_on(on) == number:
                return municipality
        raise UnknownMunicipality(
            number, f"no municipality has number {number!r} on {on.isoformat()}"
        )

    def municipalities_in_county(
        self, county_number: str, on: date | None = None
    ) -> tuple[Municipality, ...]:
        """Municipalities in the county on `on` (default today); before 2024 they are unknown."""
        self.county(county_number)
        on = date.today() if on is None else on
        return tuple(
            m for m in self._municipalities.values() if m.county_number_on(on) == county_number
        )

    # Supervision

    def supervising_county(self, granted_by: str, lead_municipality_id: UUID, on: date) -> County:
        """The county supervising on `on` a programme whose status county `granted_by` granted.

        The granting county while it is valid; after a reform, the successor valid on `on` that
        holds the lead municipality (judged by its 2024 county where its county on `on` is not
        known), else the first successor.
        """
        granting = self.county(granted_by)
        if granting.is_valid_on(on):
            return granting
        lead = self.municipality(lead_municipality_id)
        successors = self.successor_counties(granted_by, on)
        if not successors:
            raise UnknownCounty(
                granted_by,
                f"county {granted_by} {granting.name} is not valid on {on.isoformat()} "
                "and has no successor valid then",
            )
        lead_county = lead.county_number_on(on) or lead.county_number_on(NUMBERS_KNOWN_FROM)
        if lead_county is not None:
            for successor in successors:
                if self._is_or_precedes(successor, lead_county):
                    return successor
        return successors[0]


@functools.cache
def load_registry() -> Registry:
    """The registry of the packaged reference data, loaded once per process (it never changes)."""
    return Registry.from_package_data()


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("tenants").joinpath("data", name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def _county_from_row(row: dict[str, str]) -> County:
    return County(
        number=row["fylkesnummer"],
        name=row["fylkesnavn"],
        valid_from=_date_or_none(row["gyldig_fra"]),
        valid_to=_date_or_none(row["gyldig_til"]),
        successors=tuple(row["etterfolgere"].split()),
    )


def _municipality_from_row(row: dict[str, str]) -> Municipality:
    number = row["kommunenummer"]
    return Municipality(
        id=municipality_id(number),
        name=row["kommunenavn"],
        numbers=(
            MunicipalityNumber(
                number=number,
                county_number=row["fylkesnummer"],
                valid_from=NUMBERS_KNOWN_FROM,
                valid_to=None,
            ),
        ),
    )
