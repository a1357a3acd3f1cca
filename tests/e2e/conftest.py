"""End-to-end fixtures: the real app over HTTP on a throwaway SQLite runtime, with real tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import mint_token
from api.main import create_app
from domain.shared.actor import Role
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from omstilling.settings import Settings
from tenants import load_registry
from tests.e2e.documents import (
    ADOPTION,
    ADOPTION_V2,
    APPROVAL,
    focus_area,
    goal,
    mutation,
    plan_content,
    registration,
)

# Vågan and Meløy lie in Nordland (18); Tinn in Telemark (40).
VAGAN, MELOY, TINN = "1865", "1837", "4026"
NORDLAND, TELEMARK = "18", "40"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="development",
        data_dir=tmp_path,
        dev_signing_key="e2e-signing-key-only-for-these-tests-0123456789",
    )


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    running = Runtime(event_store_env(None, sqlite_path=str(tmp_path / "omstilling.sqlite")))
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def http(runtime: Runtime, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(runtime, settings)) as client:
        yield client


class GraphQLFailed(AssertionError):
    pass


@dataclass
class Caller:
    """One signed-in user talking GraphQL over HTTP."""

    http: TestClient
    token: str
    label: str
    last_response: dict[str, Any] = field(default_factory=dict)

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The raw GraphQL response body (data and errors)."""
        response = self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        assert response.status_code == 200, response.text
        self.last_response = response.json()
        return self.last_response

    def query(self, query: str, **variables: Any) -> dict[str, Any]:
        """The data of a query that must succeed."""
        body = self.post(query, variables)
        if body.get("errors"):
            raise GraphQLFailed(f"{self.label}: {body['errors']}")
        return body["data"]  # type: ignore[no-any-return]

    def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        """The errors of a query that must fail."""
        body = self.post(query, variables)
        assert body.get("errors"), f"{self.label}: expected errors, got {body}"
        return body["errors"]  # type: ignore[no-any-return]

    def mutate(self, operation: str, /, **input: Any) -> dict[str, Any]:
        """Run mutation `operation` with `input`; the member of its result union returned."""
        return self.query(mutation(operation), input=input)[operation]


@dataclass
class People:
    """Users of the system, each with a token minted as production's provider would issue it."""

    http: TestClient
    settings: Settings

    def _caller(self, label: str, **claims: Any) -> Caller:
        return Caller(self.http, mint_token(self.settings, **claims), label)

    def _municipal(self, role: Role, number: str, user: str, name: str) -> Caller:
        municipality = load_registry().municipality_by_number(number)
        return self._caller(
            f"{role.value}@{number}",
            user_id=f"{user}.{number}",
            name=name,
            role=role,
            municipality_id=municipality.id,
        )

    def editor(self, number: str = VAGAN) -> Caller:
        return self._municipal(Role.MUNICIPALITY_EDITOR, number, "kari", "Kari Nordmann")

    def board(self, number: str = VAGAN) -> Caller:
        return self._municipal(Role.MUNICIPALITY_BOARD, number, "per", "Per Hansen")

    def clerk(self, number: str = VAGAN) -> Caller:
        return self._municipal(Role.MUNICIPALITY_COUNCIL_CLERK, number, "anne", "Anne Olsen")

    def reader(self, number: str = VAGAN) -> Caller:
        return self._municipal(Role.MUNICIPALITY_READER, number, "ola", "Ola Leser")

    def county_officer(self, county: str = NORDLAND) -> Caller:
        return self._caller(
            f"county_officer@{county}",
            user_id=f"saksbehandler.{county}",
            name=f"Saksbehandler {county}",
            role=Role.COUNTY_OFFICER,
            county_number=county,
        )

    def national_analyst(self) -> Caller:
        return self._caller(
            "national_analyst",
            user_id="analytiker.in",
            name="Analytiker Innovasjon Norge",
            role=Role.NATIONAL_ANALYST,
        )


@pytest.fixture
def people(http: TestClient, settings: Settings) -> People:
    return People(http, settings)


def log_length(runtime: Runtime) -> int:
    """How many events the log holds: a refused command must leave it unchanged."""
    return runtime.app.recorder.max_notification_id() or 0


@dataclass(frozen=True)
class RevisedPlan:
    """A programme whose plan went through version 1 into force and was revised to version 2."""

    programme_id: str
    before_draft: datetime
    while_first_version_in_force: datetime


def register_vagan(people: People) -> str:
    payload = people.county_officer(NORDLAND).mutate("registerProgramme", **registration(VAGAN))
    assert payload["__typename"] == "ProgrammePayload", payload
    return payload["programme"]["id"]  # type: ignore[no-any-return]


def bring_into_force(people: People, programme_id: str) -> None:
    """Submit, approve, adopt and put in force the working version of the Vågan plan."""
    steps = [
        (people.editor(), "submitPlan", {}),
        (people.board(), "approvePlan", {"decision": APPROVAL}),
        (people.clerk(), "adoptPlan", {"decision": ADOPTION}),
        (people.clerk(), "putPlanIntoForce", {"effectiveFrom": "2024-02-02"}),
    ]
    for caller, operation, extra in steps:
        payload = caller.mutate(operation, programmeId=programme_id, **extra)
        assert payload["__typename"] == "PlanPayload", payload


@pytest.fixture
def vagan(people: People) -> str:
    """Vågan's programme, registered by Nordland's county officer; its id."""
    return register_vagan(people)


@pytest.fixture
def revised_plan(people: People, vagan: str) -> RevisedPlan:
    before_draft = datetime.now(UTC)
    editor = people.editor()
    assert (
        editor.mutate("draftPlan", programmeId=vagan, content=plan_content())["__typename"]
        == "PlanPayload"
    )
    bring_into_force(people, vagan)
    in_force = datetime.now(UTC)
    editor.mutate("startPlanRevision", programmeId=vagan, reason="Oktoberrullering 2024")
    editor.mutate(
        "revisePlanSection",
        programmeId=vagan,
        section="BACKGROUND",
        text="Ny kunnskap om sysselsettingen etter 2023.",
        reason="Nye tall fra SSB",
    )
    editor.mutate(
        "putPlanFocusArea",
        programmeId=vagan,
        focusArea=focus_area("I2", "Havbruk", goal("DI2", "200")),
        reason="Landbasert havbruk gir grunnlag for høyere mål",
    )
    editor.mutate("submitPlan", programmeId=vagan)
    people.board().mutate("approvePlan", programmeId=vagan, decision=APPROVAL)
    people.clerk().mutate("adoptPlan", programmeId=vagan, decision=ADOPTION_V2)
    final = people.clerk().mutate("putPlanIntoForce", programmeId=vagan, effectiveFrom="2024-12-01")
    assert final["plan"]["inForceVersion"] == 2, final
    return RevisedPlan(vagan, before_draft, in_force)
