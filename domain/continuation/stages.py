"""The three stages of Videreføring (seed 001), their owners, time frames, deliverables and
outcomes, and the cost lines recorded against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.money import Money
from domain.shared.errors import ValidationFailed
from domain.shared.text import TextKind, required_text


class Stage(StrEnum):
    FORSTUDIE = "forstudie"
    FORPROSJEKT = "forprosjekt"
    HOVEDPROSJEKT = "hovedprosjekt"

    @property
    def previous(self) -> Stage | None:
        """The stage that must be completed first (the order is forstudie, forprosjekt, hoved)."""
        order = list(Stage)
        index = order.index(self)
        return order[index - 1] if index else None


STAGE_NB = {
    Stage.FORSTUDIE: "Forstudie",
    Stage.FORPROSJEKT: "Forprosjekt",
    Stage.HOVEDPROSJEKT: "Hovedprosjekt",
}
STAGE_EN = {
    Stage.FORSTUDIE: "Pre-study",
    Stage.FORPROSJEKT: "Pre-project",
    Stage.HOVEDPROSJEKT: "Main project",
}


@dataclass(frozen=True)
class TimeFrame:
    """A stage's time frame (tidsramme): at least `minimum`, at most `maximum`, in weeks or
    months from its start."""

    minimum: int
    maximum: int
    unit: str  # "weeks" or "months"

    def after(self, started_on: date, count: int) -> date:
        if self.unit == "weeks":
            return date.fromordinal(started_on.toordinal() + 7 * count)
        return add_months(started_on, count)

    def earliest_end(self, started_on: date) -> date:
        return self.after(started_on, self.minimum)

    def latest_end(self, started_on: date) -> date:
        return self.after(started_on, self.maximum)

    @property
    def label_nb(self) -> str:
        unit = "uker" if self.unit == "weeks" else "måneder"
        return f"{self.minimum}–{self.maximum} {unit}"


TIME_FRAMES = {
    Stage.FORSTUDIE: TimeFrame(4, 6, "weeks"),
    Stage.FORPROSJEKT: TimeFrame(4, 6, "months"),
    Stage.HOVEDPROSJEKT: TimeFrame(3, 6, "months"),
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Aug + 6 = 28/29
    Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def years_before(day: date, years: int) -> date:
    """`day` less whole years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class OwnerKind(StrEnum):
    MUNICIPALITY = "municipality"
    LOCAL_PARTNER = "local_partner"


OWNER_KIND_NB = {
    OwnerKind.MUNICIPALITY: "Omstillingskommunen",
    OwnerKind.LOCAL_PARTNER: "Lokal partner",
}
# Seed 001: the municipality owns the forstudie and the hovedprosjekt; the forprosjekt may be
# owned by the municipality or local partners, or shared.
ALLOWED_OWNERS = {
    Stage.FORSTUDIE: frozenset({OwnerKind.MUNICIPALITY}),
    Stage.FORPROSJEKT: frozenset({OwnerKind.MUNICIPALITY, OwnerKind.LOCAL_PARTNER}),
    Stage.HOVEDPROSJEKT: frozenset({OwnerKind.MUNICIPALITY}),
}


@dataclass(frozen=True)
class Owner:
    """A project owner (prosjekteier)."""

    name: str
    kind: OwnerKind


@dataclass(frozen=True)
class Alternative:
    """One of the forstudie's alternatives for the development unit."""

    name: str
    financing: str
    organisation: str
    geographic_scope: str


@dataclass(frozen=True)
class ForstudieReport:
    """Forstudierapport: the main alternatives for financing, organisation and geographic scope."""

    title: str
    delivered_on: date
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class ForprosjektReport:
    """Forprosjektrapport: one concrete solution."""

    title: str
    delivered_on: date
    organisation: str
    ownership: str
    staffing: str
    financing: str
    realisation: str


Deliverable = ForstudieReport | ForprosjektReport


class OutcomeKind(StrEnum):
    COMPANY_FOUNDED = "company_founded"
    BOARD_ELECTED = "board_elected"
    MANAGING_DIRECTOR_HIRING_STARTED = "managing_director_hiring_started"


OUTCOME_NB = {
    OutcomeKind.COMPANY_FOUNDED: "Selskapet er stiftet",
    OutcomeKind.BOARD_ELECTED: "Styret er valgt",
    OutcomeKind.MANAGING_DIRECTOR_HIRING_STARTED: "Rekruttering av daglig leder er startet",
}


@dataclass(frozen=True)
class Outcome:
    """A result of the hovedprosjekt; a founded company has its name and organisation number."""

    kind: OutcomeKind
    occurred_on: date
    company_name: str | None = None
    organisation_number: str | None = None


_ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def require_organisation_number(field: str, value: object) -> str:
    """A Norwegian organisation number: nine digits, the last a modulus-11 check digit
    (Brønnøysundregistrene), spaces allowed as people write it ('923 609 016')."""
    if not isinstance(value, str):
        raise ValidationFailed(field, "must be an organisation number (organisasjonsnummer)")
    digits = required_text(field, value, 20, kind=TextKind.LINE).replace(" ", "")
    digits = digits.replace("\u00a0", "")
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationFailed(field, "must be nine digits (organisasjonsnummer)")
    remainder = sum(int(d) * w for d, w in zip(digits, _ORG_WEIGHTS, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(digits[8]):
        raise ValidationFailed(field, "has a wrong check digit (modulus 11)")
    return digits


class CostCategory(StrEnum):
    PROJECT_LEADER = "project_leader"
    OTHER_INTERNAL = "other_internal"
    EXTERNAL_CONSULTANT = "external_consultant"
    OTHER = "other"


COST_CATEGORY_NB = {
    CostCategory.PROJECT_LEADER: "Prosjektleder",
    CostCategory.OTHER_INTERNAL: "Andre interne ressurser",
    CostCategory.EXTERNAL_CONSULTANT: "Ekstern konsulent (honorar)",
    CostCategory.OTHER: "Andre kostnader",
}


class CostSource(StrEnum):
    RESTRUCTURING_FUNDS = "restructuring_funds"
    INNOVASJON_NORGE = "innovasjon_norge"
    MUNICIPALITY = "municipality"
    OTHER = "other"


COST_SOURCE_NB = {
    CostSource.RESTRUCTURING_FUNDS: "Omstillingsmidler",
    CostSource.INNOVASJON_NORGE: "Innovasjon Norge",
    CostSource.MUNICIPALITY: "Kommunen",
    CostSource.OTHER: "Andre",
}


@dataclass(frozen=True)
class CostShare:
    source: CostSource
    amount: Money


@dataclass(frozen=True)
class CostLine:
    """A cost of one stage, with how it is financed (the shares add up to the amount)."""

    number: int
    stage: Stage
    category: CostCategory
    amount: Money
    incurred_on: date
    financing: tuple[CostShare, ...]
    description: str
    person_days: Decimal | None = None

    def from_source(self, source: CostSource) -> Money:
        return Money.total(s.amount for s in self.financing if s.source is source)


@dataclass(frozen=True)
class CostEntry:
    """What the municipality records; numbered and checked by `Continuation.record_cost`."""

    stage: Stage | str
    category: CostCategory | str
    amount: Money
    incurred_on: date
    financing: tuple[CostShare, ...]
    description: str
    person_days: Decimal | None = None
