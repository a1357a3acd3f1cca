"""The whole GraphQL schema fuzzed as each kind of principal: generated queries and mutations
(hypothesis-graphql) against a store holding two tenants' programmes. Whatever is sent: no
server error, no answer that names the other tenant, no event written outside the caller's
scope, and every refusal a typed error with a code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from api.auth import mint_token
from api.graphql.schema import schema
from api.main import create_app
from domain.shared.actor import Role
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from omstilling.settings import Settings
from tenants import load_registry
from tests.e2e.conftest import NORDLAND, TELEMARK, TINN, VAGAN, Caller, People
from tests.e2e.documents import decision, mutation, plan_content, registration

EXAMPLES_PER_ROLE = 40
KNOWN_CODES = {
    "VALIDATION",
    "NOT_FOUND",
    "FORBIDDEN",
    "CONFLICT",
    "INVALID_TRANSITION",
    "BAD_USER_INPUT",
    "READ_MODELS_BEHIND",
}
VAGAN_NAME = "Omstilling Vågan"


class Store:
    def __init__(self, tmp: Path) -> None:
        self.settings = Settings(
            environment="development",
            data_dir=tmp,
            dev_signing_key="fuzz-signing-key-only-for-these-tests-0123456789",
            rate_limit_per_principal="100000/minute",
            rate_limit_per_address="100000/minute",
        )
        self.runtime = Runtime(event_store_env(None, sqlite_path=str(tmp / "fuzz.sqlite")))
        self.http = TestClient(create_app(self.runtime, self.settings))
        people = People(self.http, self.settings)
        self.vagan = self._programme(people, NORDLAND, VAGAN, VAGAN_NAME)
        self.tinn = self._programme(people, TELEMARK, TINN, "Omstilling Tinn")

    def _programme(self, people: People, county: str, number: str, name: str) -> str:
        status = decision("fylkesutvalget", "2024-06-11", f"2024/{number}-3", f"Status {name}")
        payload = people.county_officer(county).mutate(
            "registerProgramme",
            **registration(
                number,
                name=name,
                periodStart="2024-09-01",
                periodEnd="2030-08-31",
                decision=status,
            ),
        )
        assert payload["__typename"] == "ProgrammePayload", payload
        programme_id: str = payload["programme"]["id"]
        people.editor(number).query(
            mutation("draftPlan"), input={"programmeId": programme_id, "content": plan_content()}
        )
        return programme_id

    def caller(self, role: Role) -> Caller:
        claims: dict[str, Any] = {"user_id": f"fuzz.{role.value}", "name": "Fuzz", "role": role}
        if role.value.startswith("municipality"):
            claims["municipality_id"] = load_registry().municipality_by_number(TINN).id
        elif role.value.startswith("county"):
            claims["county_number"] = TELEMARK
        return Caller(self.http, mint_token(self.settings, **claims), role.value)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    made = Store(tmp_path_factory.mktemp("fuzz"))
    try:
        yield made
    finally:
        made.http.close()
        made.runtime.close()


def _string(value: str) -> Any:
    return nodes.String(value)


def scalars(store: Store) -> dict[str, st.SearchStrategy[Any]]:
    ids = st.sampled_from([store.vagan, store.tinn]) | st.uuids().map(str)
    moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31))
    return {
        "UUID": ids.map(_string),
        "Date": st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
        .map(date.isoformat)
        .map(_string),
        "DateTime": moments.map(lambda m: m.replace(tzinfo=UTC).isoformat()).map(_string),
        "Decimal": st.decimals(
            min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
        )
        .map(str)
        .map(_string),
        "BigInt": st.integers(min_value=0, max_value=2**62).map(str).map(_string),
        "JSON": st.just(nodes.String("{}")),
    }


ROLES = [
    Role.MUNICIPALITY_EDITOR,
    Role.MUNICIPALITY_READER,
    Role.MUNICIPALITY_BOARD,
    Role.COUNTY_OFFICER,
    Role.COUNTY_AUDITOR,
]


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_any_document_from_the_schema_is_answered_within_scope(store: Store, role: Role) -> None:
    caller = store.caller(role)
    tinn_tenant = load_registry().municipality_by_number(TINN).id
    recorder = store.runtime.app.recorder
    start = recorder.max_notification_id() or 0

    @settings(
        max_examples=EXAMPLES_PER_ROLE,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(document=from_schema(schema.as_str(), custom_scalars=scalars(store)))
    def answer(document: str) -> None:
        response = store.http.post(
            "/graphql",
            json={"query": document},
            headers={"Authorization": f"Bearer {caller.token}"},
        )
        assert response.status_code < 500, (document, response.text)
        body = response.json()
        for error in body.get("errors") or []:
            assert (error.get("extensions") or {}).get("code") in KNOWN_CODES, (document, error)
        text = json.dumps(body, ensure_ascii=False)
        assert VAGAN_NAME not in text, (document, text[:2000])
        assert store.vagan not in text or store.vagan in document, (document, text[:2000])

    answer()
    written = recorder.select_notifications(start=start, limit=10_000, inclusive_of_start=False)
    tenants = {store.runtime.app.mapper.to_domain_event(n).tenant_id for n in written}
    assert tenants <= {tinn_tenant}, f"{role.value} wrote outside its scope: {tenants}"
