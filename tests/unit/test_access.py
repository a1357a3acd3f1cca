"""Who may read and write what: roles meet tenants in one place."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.access import (
    NATIONAL_ACTIONS,
    WRITERS,
    Action,
    Principal,
    Target,
    can_read,
    require_national_write,
    require_read,
    require_write,
)
from domain.shared.actor import Role
from domain.shared.errors import Forbidden, NotFound
from tests.factories import (
    BATSFJORD,
    FINNMARK,
    MELOY,
    NORDLAND,
    VAGAN,
    board,
    clerk,
    county_auditor,
    county_officer,
    editor,
    municipality_id,
    national_analyst,
    national_steward,
    reader,
)

VAGAN_IN_NORDLAND = Target(municipality_id(VAGAN), NORDLAND)

EXPECTED_WRITERS = {
    Action.REGISTER_PROGRAMME: {Role.COUNTY_OFFICER},
    Action.CHANGE_PROGRAMME_STATUS: {Role.COUNTY_OFFICER},
    Action.ADVANCE_PHASE: {Role.COUNTY_OFFICER, Role.MUNICIPALITY_BOARD},
    Action.EDIT_PLAN: {Role.MUNICIPALITY_EDITOR},
    Action.DECIDE_PLAN: {Role.MUNICIPALITY_BOARD},
    Action.RECORD_COUNCIL_DECISION: {Role.MUNICIPALITY_COUNCIL_CLERK},
    Action.GRANT_FUNDS: {Role.COUNTY_OFFICER},
    Action.USE_FUNDS: {Role.MUNICIPALITY_EDITOR},
    Action.REALLOCATE_FUNDS: {Role.MUNICIPALITY_BOARD},
    Action.MANAGE_INDICATOR_CATALOGUE: {Role.NATIONAL_STEWARD},
    Action.IMPORT_REFERENCE_DATA: {Role.NATIONAL_STEWARD},
    Action.DEFINE_LOCAL_INDICATOR: {Role.MUNICIPALITY_EDITOR},
    Action.REPORT_RESULTS: {Role.MUNICIPALITY_EDITOR},
    Action.RECORD_STATUS_ASSESSMENT: {Role.MUNICIPALITY_EDITOR},
    Action.MANAGE_CONTINUATION: {Role.MUNICIPALITY_EDITOR},
}


def principal_with(role: Role, *, at_home: bool = True) -> Principal:
    """A principal of `role` whose scope is Vågan in Nordland, or elsewhere."""
    if role in (Role.COUNTY_OFFICER, Role.COUNTY_AUDITOR):
        return Principal("u", "U", role, county_number=NORDLAND if at_home else FINNMARK)
    if role is Role.NATIONAL_ANALYST:
        return national_analyst()
    if role is Role.NATIONAL_STEWARD:
        return national_steward()
    return Principal("u", "U", role, municipality_id(VAGAN if at_home else MELOY))


@pytest.mark.parametrize(
    "role",
    [
        Role.MUNICIPALITY_EDITOR,
        Role.MUNICIPALITY_BOARD,
        Role.MUNICIPALITY_COUNCIL_CLERK,
        Role.MUNICIPALITY_READER,
    ],
)
def test_a_municipality_role_without_a_municipality_is_refused(role: Role) -> None:
    with pytest.raises(ValueError, match="needs a municipality"):
        Principal("u", "U", role)


@pytest.mark.parametrize("role", [Role.COUNTY_OFFICER, Role.COUNTY_AUDITOR])
def test_a_county_role_without_a_county_is_refused(role: Role) -> None:
    with pytest.raises(ValueError, match="needs a county number"):
        Principal("u", "U", role, county_number="")


def test_tenant_names_the_municipality_the_county_or_the_nation() -> None:
    assert editor(VAGAN).tenant == f"kommune:{municipality_id(VAGAN)}"
    assert county_officer(FINNMARK).tenant == "fylke:56"
    assert national_analyst().tenant == "nasjonal"


def test_the_actor_recorded_on_events_carries_the_principals_role_and_tenant() -> None:
    recorded = clerk(VAGAN).actor()
    assert (recorded.user_id, recorded.role, recorded.tenant) == (
        "sekretariat",
        Role.MUNICIPALITY_COUNCIL_CLERK,
        f"kommune:{municipality_id(VAGAN)}",
    )


def test_role_given_as_text_becomes_the_role() -> None:
    assert Principal("u", "U", "national_analyst").role is Role.NATIONAL_ANALYST  # type: ignore[arg-type]


def test_municipality_users_read_only_their_own_municipality() -> None:
    for principal in (editor(VAGAN), board(VAGAN), clerk(VAGAN), reader(VAGAN)):
        assert can_read(principal, VAGAN_IN_NORDLAND)
    assert not can_read(reader(MELOY), VAGAN_IN_NORDLAND)
    assert not can_read(reader(BATSFJORD), VAGAN_IN_NORDLAND)


def test_county_users_read_the_programmes_their_county_supervises() -> None:
    assert can_read(county_officer(NORDLAND), VAGAN_IN_NORDLAND)
    assert can_read(county_auditor(NORDLAND), VAGAN_IN_NORDLAND)
    assert not can_read(county_officer(FINNMARK), VAGAN_IN_NORDLAND)
    assert not can_read(county_auditor(FINNMARK), VAGAN_IN_NORDLAND)


def test_the_national_analyst_reads_every_tenant() -> None:
    assert can_read(national_analyst(), VAGAN_IN_NORDLAND)
    assert can_read(national_analyst(), Target(uuid4(), "99"))


def test_require_read_answers_outside_the_scope_as_if_the_target_did_not_exist() -> None:
    with pytest.raises(NotFound) as refused:
        require_read(reader(MELOY), VAGAN_IN_NORDLAND)
    assert str(VAGAN_IN_NORDLAND.tenant_id) not in str(refused.value)
    require_read(reader(VAGAN), VAGAN_IN_NORDLAND)  # in scope: no error


def test_the_writers_of_each_action_are_exactly_the_roles_the_domain_names() -> None:
    assert {action: set(roles) for action, roles in WRITERS.items()} == EXPECTED_WRITERS


@pytest.mark.parametrize("action", sorted(set(Action) - NATIONAL_ACTIONS))
@pytest.mark.parametrize("role", list(Role))
def test_only_the_named_roles_write_and_only_within_their_scope(action: Action, role: Role) -> None:
    home, away = principal_with(role), principal_with(role, at_home=False)
    if role in EXPECTED_WRITERS[action]:
        require_write(home, action, VAGAN_IN_NORDLAND)
        with pytest.raises(NotFound):  # another tenant's record: as if it were not there
            require_write(away, action, VAGAN_IN_NORDLAND)
    elif can_read(home, VAGAN_IN_NORDLAND):  # seen, but not this role's to change
        with pytest.raises(Forbidden) as refused:
            require_write(home, action, VAGAN_IN_NORDLAND)
        assert role.value in str(refused.value)
        assert str(VAGAN_IN_NORDLAND.tenant_id) not in str(refused.value)
    else:
        with pytest.raises(NotFound):
            require_write(home, action, VAGAN_IN_NORDLAND)


@pytest.mark.parametrize("action", sorted(NATIONAL_ACTIONS))
@pytest.mark.parametrize("role", list(Role))
def test_only_the_steward_writes_national_reference_data_and_never_in_a_tenant(
    action: Action, role: Role
) -> None:
    principal = principal_with(role)
    with pytest.raises(Forbidden if can_read(principal, VAGAN_IN_NORDLAND) else NotFound):
        require_write(principal, action, VAGAN_IN_NORDLAND)
    if role is Role.NATIONAL_STEWARD:
        require_national_write(principal, action)
    else:
        with pytest.raises(Forbidden, match=role.value):
            require_national_write(principal, action)


def test_the_steward_reads_no_tenant_and_writes_nothing_in_one() -> None:
    assert not can_read(national_steward(), VAGAN_IN_NORDLAND)
    for action in set(Action) - NATIONAL_ACTIONS:
        with pytest.raises(NotFound):
            require_write(national_steward(), action, VAGAN_IN_NORDLAND)
        with pytest.raises(Forbidden):
            require_national_write(national_steward(), action)


@pytest.mark.parametrize(
    "role", [Role.NATIONAL_ANALYST, Role.COUNTY_AUDITOR, Role.MUNICIPALITY_READER]
)
def test_reading_roles_never_write(role: Role) -> None:
    principal = principal_with(role)
    for action in Action:
        with pytest.raises(Forbidden):
            require_write(principal, action, VAGAN_IN_NORDLAND)
