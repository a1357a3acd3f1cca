"""Population figures (folkemengde), mixed into `OmstillingApp`: the national steward imports
a file with its source; nobody else writes them. Figures are national reference data with no
tenant, so anyone signed in may read them (through the read model)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from application.access import Action, Principal, require_national_write
from domain.population.file_format import parse_population_file
from domain.population.model import POPULATION_REGISTER_ID, PopulationRegister, sha256_of
from domain.shared.clock import OSLO, now
from domain.shared.errors import ValidationFailed
from tenants import NUMBERS_KNOWN_FROM, load_registry
from tenants.registry import ReferenceDataError

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from application.app import CommandResult

    _AppBase = Application[UUID]
else:
    _AppBase = object

MAX_FILE_BYTES = 20_000_000


def municipality_for_year(number: str, year: int) -> UUID | None:
    """The municipality with `number` on 1 January of `year`. Numbers before 2024 are not in
    the packaged registry (tenants/data/SOURCES.md): for those years a number valid on
    1 January 2024 is accepted where the registry knows nothing of that municipality's
    earlier numbers, as SSB's tables on today's municipal structure present them."""
    registry = load_registry()
    on = date(year, 1, 1)
    try:
        return registry.municipality_by_number(number, on).id
    except ReferenceDataError:
        pass
    if on >= NUMBERS_KNOWN_FROM:
        return None
    try:
        municipality = registry.municipality_by_number(number, NUMBERS_KNOWN_FROM)
    except ReferenceDataError:
        return None
    return municipality.id if municipality.number_on(on) is None else None


class PopulationCommands(_AppBase):
    """Import av folketall (the national steward)."""

    if TYPE_CHECKING:  # provided by OmstillingApp

        def _save(self, aggregate: Aggregate, *, expected_new: bool = False) -> CommandResult: ...

    def import_population(
        self,
        principal: Principal,
        content: bytes | str,
        *,
        source: str,
        file_name: str,
        reason: str | None = None,
    ) -> CommandResult:
        """Check the whole file first: one bad row refuses it all and nothing is written."""
        require_national_write(principal, Action.IMPORT_REFERENCE_DATA)
        raw = content.encode("utf-8") if isinstance(content, str) else content
        if len(raw) > MAX_FILE_BYTES:
            raise ValidationFailed("csv", f"the file must be at most {MAX_FILE_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationFailed(
                "csv", f"must be UTF-8 text (byte {error.start} is not)"
            ) from None
        imported_on = now().astimezone(OSLO).date()
        figures = parse_population_file(text, municipality_for_year, imported_on.year)
        register: Any
        try:
            register = self.repository.get(POPULATION_REGISTER_ID)
            is_new = False
        except AggregateNotFoundError:
            register = PopulationRegister.open(actor=principal.actor())
            is_new = True
        if not isinstance(register, PopulationRegister):
            raise TypeError(f"{POPULATION_REGISTER_ID} is not the population register")
        register.import_figures(
            figures,
            source=source,
            file_name=file_name,
            sha256=sha256_of(raw),
            imported_on=imported_on,
            actor=principal.actor(),
            reason=reason,
        )
        return self._save(register, expected_new=is_new)

    def population_register(self) -> PopulationRegister | None:
        register: Any
        try:
            register = self.repository.get(POPULATION_REGISTER_ID)
        except AggregateNotFoundError:
            return None
        return register if isinstance(register, PopulationRegister) else None
