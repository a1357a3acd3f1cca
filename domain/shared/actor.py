"""Who did it: recorded on every event, so the log answers 'by whose hand'."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.shared.text import TextKind, required_text


class Role(StrEnum):
    MUNICIPALITY_EDITOR = "municipality_editor"
    MUNICIPALITY_BOARD = "municipality_board"
    MUNICIPALITY_COUNCIL_CLERK = "municipality_council_clerk"
    MUNICIPALITY_READER = "municipality_reader"
    COUNTY_OFFICER = "county_officer"
    COUNTY_AUDITOR = "county_auditor"
    NATIONAL_ANALYST = "national_analyst"
    NATIONAL_STEWARD = "national_steward"


ROLE_TITLES_NB: dict[Role, str] = {
    Role.MUNICIPALITY_EDITOR: "Redaktør i kommunen (leder for omstillingsarbeidet)",
    Role.MUNICIPALITY_BOARD: "Styret / prosjektstyringsgruppen",
    Role.MUNICIPALITY_COUNCIL_CLERK: "Politisk sekretariat (kommunestyret)",
    Role.MUNICIPALITY_READER: "Leser i kommunen",
    Role.COUNTY_OFFICER: "Saksbehandler i fylkeskommunen",
    Role.COUNTY_AUDITOR: "Revisor / kontroll i fylkeskommunen",
    Role.NATIONAL_ANALYST: "Analytiker i Innovasjon Norge",
    Role.NATIONAL_STEWARD: "Forvalter av nasjonale referansedata (Innovasjon Norge)",
}


@dataclass(frozen=True)
class Actor:
    """The principal behind an event; `tenant` is 'kommune:<uuid>', 'fylke:<nr>' or 'nasjonal'."""

    user_id: str
    name: str
    role: Role
    tenant: str

    def __post_init__(self) -> None:
        # From a signed token, yet still text that ends up in every event and audit line.
        object.__setattr__(
            self, "user_id", required_text("actor.userId", self.user_id, kind=TextKind.CODE)
        )
        object.__setattr__(self, "name", required_text("actor.name", self.name, kind=TextKind.LINE))
        object.__setattr__(self, "role", Role(self.role))
        object.__setattr__(
            self, "tenant", required_text("actor.tenant", self.tenant, 80, kind=TextKind.CODE)
        )
