"""The schema speaks both languages and offers exactly what the domain knows."""

from __future__ import annotations

from enum import StrEnum

import pytest

from domain.plan.content import Section
from domain.plan.model import PlanStatus
from domain.programme.model import Phase, StatusKind
from domain.shared.actor import Role
from domain.shared.decisions import DecidingBody
from tests.e2e.conftest import People

TYPES = """
{ __schema { types {
    name kind description
    fields { name description args { name description } }
    inputFields { name description }
    enumValues { name description }
} } }
"""
ROOTS = {"Query", "Mutation"}
BUILT_IN = {"String", "Int", "Boolean", "Float", "ID"}


@pytest.fixture
def types(people: People) -> dict[str, dict]:
    schema = people.national_analyst().query(TYPES)["__schema"]["types"]
    return {
        t["name"]: t for t in schema if not t["name"].startswith("__") and t["name"] not in BUILT_IN
    }


@pytest.mark.parametrize(
    ("graphql_name", "domain_enum"),
    [
        ("Phase", Phase),
        ("StatusKind", StatusKind),
        ("PlanStatus", PlanStatus),
        ("PlanSection", Section),
        ("Role", Role),
        ("DecidingBody", DecidingBody),
    ],
)
def test_every_value_the_domain_knows_is_offered(
    types: dict[str, dict], graphql_name: str, domain_enum: type[StrEnum]
) -> None:
    offered = {v["name"] for v in types[graphql_name]["enumValues"]}
    assert offered == {member.name for member in domain_enum}


def test_every_type_and_field_carries_the_norwegian_term_beside_the_english(
    types: dict[str, dict],
) -> None:
    undescribed = []
    for name, kind in types.items():
        if (
            name not in ROOTS
            and kind["kind"] != "SCALAR"
            and "(" not in (kind["description"] or "")
        ):
            undescribed.append(name)
        members = (kind["fields"] or []) + (kind["inputFields"] or []) + (kind["enumValues"] or [])
        undescribed += [
            f"{name}.{m['name']}" for m in members if "(" not in (m["description"] or "")
        ]
        undescribed += [
            f"{name}.{field['name']}({arg['name']})"
            for field in kind["fields"] or []
            for arg in field["args"]
            if "(" not in (arg["description"] or "")
        ]
    assert undescribed == []


def test_a_decimal_travels_as_a_string(types: dict[str, dict]) -> None:
    assert "string" in types["Decimal"]["description"]
