"""GraphQL types every context shares: decisions, roles and who acted."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry

from domain.shared.actor import ROLE_TITLES_NB
from domain.shared.actor import Role as DomainRole
from domain.shared.decisions import DecidingBody as DomainBody
from domain.shared.decisions import DecisionRef
from domain.shared.errors import ValidationFailed

COMMAND = strawberry.argument(description="What to change, and why (endring og begrunnelse)")

BODY_NB: dict[DomainBody, str] = {
    DomainBody.KOMMUNESTYRET: "kommunestyret",
    DomainBody.FORMANNSKAPET: "formannskapet",
    DomainBody.OMSTILLINGSSTYRET: "omstillingsstyret",
    DomainBody.PROSJEKTSTYRINGSGRUPPEN: "prosjektstyringsgruppen",
    DomainBody.FYLKESUTVALGET: "fylkesutvalget",
    DomainBody.FYLKESTINGET: "fylkestinget",
    DomainBody.FYLKESRADET: "fylkesrådet",
    DomainBody.FYLKESKOMMUNEN_ADMINISTRATIVT: "administrativt vedtak i fylkeskommunen",
}


@strawberry.enum(description="Deciding body (vedtaksorgan)")
class DecidingBody(Enum):
    KOMMUNESTYRET = strawberry.enum_value(
        "kommunestyret", description="Municipal council (kommunestyret)"
    )
    FORMANNSKAPET = strawberry.enum_value(
        "formannskapet", description="Executive committee of the municipality (formannskapet)"
    )
    OMSTILLINGSSTYRET = strawberry.enum_value(
        "omstillingsstyret", description="Programme board (omstillingsstyret)"
    )
    PROSJEKTSTYRINGSGRUPPEN = strawberry.enum_value(
        "prosjektstyringsgruppen", description="Project steering group (prosjektstyringsgruppen)"
    )
    FYLKESUTVALGET = strawberry.enum_value(
        "fylkesutvalget", description="County executive committee (fylkesutvalget)"
    )
    FYLKESTINGET = strawberry.enum_value(
        "fylkestinget", description="County council (fylkestinget)"
    )
    FYLKESRADET = strawberry.enum_value("fylkesradet", description="County cabinet (fylkesrådet)")
    FYLKESKOMMUNEN_ADMINISTRATIVT = strawberry.enum_value(
        "fylkeskommunen_administrativt",
        description="Administrative decision of the county authority (administrativt vedtak)",
    )


@strawberry.enum(description="Role of a user (rolle)")
class Role(Enum):
    MUNICIPALITY_EDITOR = strawberry.enum_value(
        "municipality_editor",
        description="Editor in the municipality (leder for omstillingsarbeidet)",
    )
    MUNICIPALITY_BOARD = strawberry.enum_value(
        "municipality_board",
        description="Board or steering group (styret / prosjektstyringsgruppen)",
    )
    MUNICIPALITY_COUNCIL_CLERK = strawberry.enum_value(
        "municipality_council_clerk", description="Council clerk (politisk sekretariat)"
    )
    MUNICIPALITY_READER = strawberry.enum_value(
        "municipality_reader", description="Reader in the municipality (leser i kommunen)"
    )
    COUNTY_OFFICER = strawberry.enum_value(
        "county_officer", description="County case officer (saksbehandler i fylkeskommunen)"
    )
    COUNTY_AUDITOR = strawberry.enum_value(
        "county_auditor", description="County auditor (revisor / kontroll i fylkeskommunen)"
    )
    NATIONAL_ANALYST = strawberry.enum_value(
        "national_analyst", description="National analyst (analytiker i Innovasjon Norge)"
    )
    NATIONAL_STEWARD = strawberry.enum_value(
        "national_steward",
        description=(
            "Steward of the national reference data: indicator catalogue, population figures "
            "(forvalter av nasjonale referansedata, Innovasjon Norge)"
        ),
    )


@strawberry.type(
    description=(
        "Decision reference (vedtaksreferanse): deciding body, meeting date, political case "
        "number (PS), archive case number (arkivsak)"
    )
)
class Decision:
    body: DecidingBody = strawberry.field(description="Deciding body (vedtaksorgan)")
    body_nb: str = strawberry.field(description="The body's Norwegian name (organ)")
    meeting_date: date = strawberry.field(description="Meeting date (møtedato)")
    political_case_number: str | None = strawberry.field(
        description="Political case number (politisk saksnummer), e.g. PS 56/24"
    )
    archive_case_number: str = strawberry.field(
        description="Archive case number (arkivsaksnummer), e.g. 2024/1234 or 2024/1234-8"
    )
    title: str = strawberry.field(description="Title of the case (sakstittel)")

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> Decision | None:
        """From the JSON document read models store (see projections.documents)."""
        if doc is None:
            return None
        body = DomainBody(doc["body"])
        return cls(
            body=DecidingBody[body.name],
            body_nb=BODY_NB[body],
            meeting_date=date.fromisoformat(doc["meetingDate"]),
            political_case_number=doc.get("politicalCaseNumber"),
            archive_case_number=doc["archiveCaseNumber"],
            title=doc["title"],
        )


@strawberry.input(
    description=(
        "Decision reference (vedtaksreferanse): deciding body, meeting date, political case "
        "number (PS), archive case number (arkivsak)"
    )
)
class DecisionInput:
    body: DecidingBody = strawberry.field(description="Deciding body (vedtaksorgan)")
    meeting_date: date = strawberry.field(description="Meeting date (møtedato)")
    archive_case_number: str = strawberry.field(
        description="Archive case number (arkivsaksnummer), e.g. 2024/1234 or 2024/1234-8"
    )
    title: str = strawberry.field(description="Title of the case (sakstittel)")
    political_case_number: str | None = strawberry.field(
        default=None, description="Political case number (politisk saksnummer), e.g. PS 56/24"
    )

    def to_domain(self, at: str = "decision") -> DecisionRef:
        try:
            return DecisionRef(
                body=DomainBody[self.body.name],
                meeting_date=self.meeting_date,
                archive_case_number=self.archive_case_number,
                title=self.title,
                political_case_number=self.political_case_number,
            )
        except ValidationFailed as error:
            raise error.at(at) from None


def decision_from(decision: DecisionInput | None, at: str = "decision") -> DecisionRef | None:
    """None stays None: whether a step needs a decision is the domain's rule, not the schema's."""
    return decision.to_domain(at) if decision is not None else None


@strawberry.type(description="Who acted (aktør): the user behind a change")
class Actor:
    user_id: str = strawberry.field(description="User id (brukerident)")
    name: str = strawberry.field(description="Name (navn)")
    role: Role = strawberry.field(description="Role when acting (rolle)")
    role_nb: str = strawberry.field(description="The role's Norwegian title (rolletittel)")

    @classmethod
    def of(cls, user_id: str, name: str, role: str) -> Actor:
        domain_role = DomainRole(role)
        return cls(
            user_id=user_id,
            name=name,
            role=Role[domain_role.name],
            role_nb=ROLE_TITLES_NB[domain_role],
        )
