"""The open-data table model and its schema agree, and values are written exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from api.exports.open_data import (
    DATASETS,
    Field,
    FieldKind,
    csv_cell,
    decimal_text,
    json_value,
    kroner,
    load_schema,
)

# The schema's definition each kind of field refers to (a text may also be an enum).
KIND_DEFS = {
    FieldKind.ID: {"uuid"},
    FieldKind.TEXT: {"text", "municipality_number", "county_number", "period"},
    FieldKind.INTEGER: {"year", "positive_integer"},
    FieldKind.DATE: {"date"},
    FieldKind.NOK: {"nok"},
    FieldKind.DECIMAL: {"decimal"},
    FieldKind.BOOLEAN: {"boolean"},
    FieldKind.TEXT_LIST: {"text_list"},
}


def referred(prop: dict[str, Any]) -> tuple[set[str], bool]:
    """The definitions a property refers to, and whether it may be null."""
    options = prop.get("anyOf", [prop])
    refs = {o["$ref"].removeprefix("#/$defs/") for o in options if "$ref" in o}
    nullable = any(o.get("type") == "null" for o in options) or None in prop.get("enum", [])
    return refs, nullable


def test_the_schema_is_valid_json_schema_2020_12() -> None:
    Draft202012Validator.check_schema(load_schema())


@pytest.mark.parametrize("key", list(DATASETS))
def test_every_dataset_has_the_schemas_fields_in_its_order_kind_and_nullability(key: str) -> None:
    row = load_schema()["$defs"][f"{key}_row"]
    dataset = DATASETS[key]
    assert list(row["properties"]) == list(dataset.names) == row["required"]
    assert row["additionalProperties"] is False
    for field in dataset.fields:
        prop = row["properties"][field.name]
        refs, nullable = referred(prop)
        if "enum" in prop:
            assert field.kind is FieldKind.TEXT, field
        else:
            assert refs and refs <= KIND_DEFS[field.kind], (field, refs)
        assert nullable == field.nullable, field
        assert prop["description"] and prop["x-nb"] and prop["x-nb-description"], field.name


def test_every_field_name_is_stable_english_snake_case() -> None:
    for dataset in DATASETS.values():
        for name in dataset.names:
            assert name == name.lower() and " " not in name and name.isascii(), name


@pytest.mark.parametrize(
    ("ore", "text"),
    [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123456750, "1234567.50"), (100, "1.00")],
)
def test_money_is_kroner_with_a_point_and_two_decimals(ore: int, text: str) -> None:
    assert kroner(ore) == text
    assert json_value(ore, Field("x_nok", FieldKind.NOK)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("40"), "40"),
        (Decimal("40.50"), "40.5"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("-2.25"), "-2.25"),
    ],
)
def test_decimals_are_exact_plain_strings(value: Decimal, text: str) -> None:
    assert decimal_text(value) == text


def test_csv_cells_write_null_booleans_and_lists_as_documented() -> None:
    assert [csv_cell(None), csv_cell(True), csv_cell(False), csv_cell(["4005", "4024"])] == [
        "",
        "true",
        "false",
        "4005|4024",
    ]
    assert csv_cell([]) == ""
    assert csv_cell(0) == "0"


def test_the_documentation_names_every_field_of_every_dataset() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "open-data.md").read_text(encoding="utf-8")
    for dataset in DATASETS.values():
        assert f"`{dataset.key}`" in docs
        for name in dataset.names:
            assert f"| `{name}` |" in docs, name
    assert "NLOD" in docs and "skjermet" in docs
