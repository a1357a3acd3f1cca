"""Who may read and write what: the one place where roles meet tenants."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, NotFound

MUNICIPALITY_ROLES = frozenset(
    {
        Role.MUNICIPALITY_EDITOR,
        Role.MUNICIPALITY_BOARD,
        Role.MUNICIPALITY_COUNCIL_CLERK,
        Role.MUNICIPALITY_READER,
    }
)
COUNTY_ROLES = frozenset({Role.COUNTY_OFFICER, Role.COUNTY_AUDITOR})


class Action(StrEnum):
    REGISTER_PROGRAMME = "register_programme"
    CHANGE_PROGRAMME_STATUS = "change_programme_status"  # extension, municipalities
    ADVANCE_PHASE = "advance_phase"
    EDIT_PLAN = "edit_plan"  # draft, revise, submit, start a revision
    DECIDE_PLAN = "decide_plan"  # steering group approval, return to draft
    RECORD_COUNCIL_DECISION = "record_council_decision"  # adoption, coming into force
    GRANT_FUNDS = "grant_funds"  # the county's grant, its amendments, payments and claw-backs
    USE_FUNDS = "use_funds"  # allocation, spending, return of unused funds
    REALLOCATE_FUNDS = "reallocate_funds"  # moving funds between projects, by board decision
    MANAGE_INDICATOR_CATALOGUE = "manage_indicator_catalogue"  # the national catalogue
    IMPORT_REFERENCE_DATA = "import_reference_data"  # population figures and their source
    DEFINE_LOCAL_INDICATOR = "define_local_indicator"  # a municipality's own indicator
    REPORT_RESULTS = "report_results"  # baselines, targets, actuals and their corrections
    RECORD_STATUS_ASSESSMENT = "record_status_assessment"  # programstatusvurdering
    MANAGE_CONTINUATION = "manage_continuation"  # Videreføring: stages, deliverables, costs


WRITERS: dict[Action, frozenset[Role]] = {
    Action.REGISTER_PROGRAMME: frozenset({Role.COUNTY_OFFICER}),
    Action.CHANGE_PROGRAMME_STATUS: frozenset({Role.COUNTY_OFFICER}),
    Action.ADVANCE_PHASE: frozenset({Role.COUNTY_OFFICER, Role.MUNICIPALITY_BOARD}),
    Action.EDIT_PLAN: frozenset({Role.MUNICIPALITY_EDITOR}),
    Action.DECIDE_PLAN: frozenset({Role.MUNICIPALITY_BOARD}),
    Action.RECORD_COUNCIL_DECISION: frozenset({Role.MUNICIPALITY_COUNCIL_CLERK}),
    Action.GRANT_FUNDS: frozenset({Role.COUNTY_OFFICER}),
    Action.USE_FUNDS: frozenset({Role.MUNICIPALITY_EDITOR}),
    Action.REALLOCATE_FUNDS: frozenset({Role.MUNICIPALITY_BOARD}),
    Action.MANAGE_INDICATOR_CATALOGUE: frozenset({Role.NATIONAL_STEWARD}),
    Action.IMPORT_REFERENCE_DATA: frozenset({Role.NATIONAL_STEWARD}),
    Action.DEFINE_LOCAL_INDICATOR: frozenset({Role.MUNICIPALITY_EDITOR}),
    Action.REPORT_RESULTS: frozenset({Role.MUNICIPALITY_EDITOR}),
    Action.RECORD_STATUS_ASSESSMENT: frozenset({Role.MUNICIPALITY_EDITOR}),
    Action.MANAGE_CONTINUATION: frozenset({Role.MUNICIPALITY_EDITOR}),
}
NATIONAL_ROLES = frozenset({Role.NATIONAL_ANALYST, Role.NATIONAL_STEWARD})
# Actions on national reference data, which belongs to no tenant.
NATIONAL_ACTIONS = frozenset({Action.MANAGE_INDICATOR_CATALOGUE, Action.IMPORT_REFERENCE_DATA})


def require_national_write(principal: Principal, action: Action) -> None:
    """National reference data has no tenant: only its steward writes it."""
    if action not in NATIONAL_ACTIONS or principal.role not in WRITERS[action]:
        raise Forbidden(f"the role {principal.role.value} may not {action.value.replace('_', ' ')}")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a municipality's user, a county's user or a national analyst."""

    user_id: str
    name: str
    role: Role
    municipality_id: UUID | None = None
    county_number: str | None = None

    def __post_init__(self) -> None:
        role = Role(self.role)
        object.__setattr__(self, "role", role)
        if role in MUNICIPALITY_ROLES and self.municipality_id is None:
            raise ValueError("a municipality role needs a municipality")
        if role in COUNTY_ROLES and not self.county_number:
            raise ValueError("a county role needs a county number")

    @property
    def tenant(self) -> str:
        if self.role in MUNICIPALITY_ROLES:
            return f"kommune:{self.municipality_id}"
        if self.role in COUNTY_ROLES:
            return f"fylke:{self.county_number}"
        return "nasjonal"

    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, name=self.name, role=self.role, tenant=self.tenant)

    @property
    def reads_everything(self) -> bool:
        return self.role is Role.NATIONAL_ANALYST


@dataclass(frozen=True)
class Target:
    """What a command or a read touches: its tenant and the county that supervises it."""

    tenant_id: UUID
    supervising_county: str


def can_read(principal: Principal, target: Target) -> bool:
    if principal.reads_everything:
        return True
    if principal.role in MUNICIPALITY_ROLES:
        return principal.municipality_id == target.tenant_id
    return principal.county_number == target.supervising_county


def require_read(principal: Principal, target: Target) -> None:
    """Another tenant's record is answered as if it did not exist: "not yours" and "not
    there" are one answer, so no one learns what other tenants hold."""
    if not can_read(principal, target):
        raise NotFound()


def require_write(principal: Principal, action: Action, target: Target) -> None:
    """Scope first (outside it the target is not found), then the role, which may refuse
    what the principal can see."""
    require_read(principal, target)
    if action in NATIONAL_ACTIONS or principal.role not in WRITERS[action]:
        raise Forbidden(
            f"the role {principal.role.value} may not {action.value.replace('_', ' ')} here"
        )
