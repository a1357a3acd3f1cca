"""What one GraphQL document may ask, measured before anything runs: tokens, operations, and
with fragments expanded the fields, aliases and depth. A refusal is BAD_USER_INPUT naming its
rule, answered at once, and nothing is written."""

from __future__ import annotations

from typing import Any

from graphql import get_introspection_query

from omstilling.runtime import Runtime
from tests.e2e.conftest import People, log_length
from tests.e2e.documents import mutation, registration


def refused_document(
    people: People, runtime: Runtime, query: str, **extra: Any
) -> list[dict[str, Any]]:
    """The errors of a document refused before it ran: nothing answered, nothing written."""
    before = log_length(runtime)
    body = people.county_officer().post(query, extra or None)
    assert body.get("data") is None, body
    assert all(e["extensions"]["code"] == "BAD_USER_INPUT" for e in body["errors"]), body
    assert log_length(runtime) == before
    return body["errors"]  # type: ignore[no-any-return]


def rules_named(errors: list[dict[str, Any]]) -> set[str]:
    return {e["extensions"].get("rule") for e in errors}


def test_a_document_with_15000_operations_is_refused(people: People, runtime: Runtime) -> None:
    document = "".join(f"query Q{i} {{ programmes {{ id }} }}\n" for i in range(15_000))
    errors = refused_document(people, runtime, document)
    assert rules_named(errors) == {"maxTokens"}
    assert "10000 tokens" in errors[0]["message"]


def test_a_document_with_30000_repeated_directives_is_refused(
    people: People, runtime: Runtime
) -> None:
    document = "{ programmes " + "@include(if: true) " * 30_000 + "{ id } }"
    assert rules_named(refused_document(people, runtime, document)) == {"maxTokens"}


def test_more_than_ten_operations_are_refused_even_in_few_tokens(
    people: People, runtime: Runtime
) -> None:
    queries = "".join(f"query Q{i} {{ programmes {{ id }} }}\n" for i in range(10))
    register = mutation("registerProgramme").replace("mutation Run", "mutation Register")
    errors = refused_document(people, runtime, queries + register, input=registration())
    (error,) = [e for e in errors if e["extensions"].get("rule") == "maxOperations"]
    assert "11 operations" in error["message"] and "rule: maxOperations" in error["message"]


def fragment_bomb(levels: int) -> str:
    """A few hundred bytes that select 2**levels times three fields when expanded."""
    fragments = ["fragment F0 on Query { programmes { id name } }"] + [
        f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return f"query {{ ...F{levels} }}\n" + "\n".join(fragments)


def test_a_document_whose_fragments_expand_past_the_budget_is_refused(
    people: People, runtime: Runtime
) -> None:
    errors = refused_document(people, runtime, fragment_bomb(40))
    assert rules_named(errors) == {"selectionBudget"}
    assert "with its fragments expanded" in errors[0]["message"]
    assert errors[0]["extensions"]["limit"] == 5000
    assert "felt" in errors[0]["extensions"]["messageNb"]


def test_fragments_within_the_budget_are_answered(people: People) -> None:
    assert people.county_officer().query(fragment_bomb(8)) == {"programmes": []}


def test_depth_and_aliases_are_measured_through_fragments(people: People, runtime: Runtime) -> None:
    level = "supervisingCounty { programmes { "
    too_deep = "{ programmes { " + level * 6 + "id" + " } }" * 6 + " } }"
    assert rules_named(refused_document(people, runtime, too_deep)) == {"maxDepth"}
    aliases = " ".join(f"a{i}: id" for i in range(4))
    many_aliases = (
        f"fragment A on Programme {{ {aliases} }} fragment B on Programme {{ ...A ...A ...A }}"
        " query { programmes { ...B ...B ...B } }"
    )
    assert rules_named(refused_document(people, runtime, many_aliases)) == {"maxAliases"}


def test_graphiqls_introspection_query_fits_the_budget_in_development(people: People) -> None:
    data = people.national_analyst().query(get_introspection_query(descriptions=True))
    assert data["__schema"]["queryType"]["name"] == "Query"


def test_a_fragment_cycle_is_refused_by_graphqls_own_rule(people: People, runtime: Runtime) -> None:
    cycle = "fragment A on Query { programmes { id } ...B } fragment B on Query { ...A } { ...A }"
    (error,) = refused_document(people, runtime, cycle)
    assert error["message"] == "Cannot spread fragment 'A' within itself via 'B'."
