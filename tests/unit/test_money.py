"""Money in NOK as whole øre: exact input, arithmetic in one place, written as Norwegians write it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.money import Money, require_amount
from domain.shared.errors import ValidationFailed

# Input


@pytest.mark.parametrize(
    "kroner,ore",
    [
        ("1234.50", 123_450),
        ("1 234,50", 123_450),
        ("1\u00a0234\u00a0567,8", 123_456_780),
        (" 0,01 ", 1),
        (Decimal("4000000"), 400_000_000),
        (Decimal("99.9"), 9_990),
        (250, 25_000),
        ("-75", -7_500),
    ],
)
def test_kroner_as_exact_decimal_or_text_become_whole_ore(kroner: Any, ore: int) -> None:
    assert Money.from_kroner(kroner) == Money(ore)


@pytest.mark.parametrize("kroner", [1234.5, 0.1, True])
def test_kroner_as_float_or_boolean_are_refused_naming_the_field(kroner: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        Money.from_kroner(kroner, field="budget")
    assert refused.value.field == "budget"
    assert "not a float" in refused.value.rule or "not a boolean" in refused.value.rule


def test_fractions_of_an_ore_are_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Money.from_kroner("10.005")
    assert (refused.value.field, refused.value.rule) == (
        "amount",
        "must be whole øre (at most two decimals)",
    )


@pytest.mark.parametrize("kroner", ["1.0000000000000000000000000001", "0.001", "-0.015"])
def test_a_long_fraction_is_not_rounded_into_whole_ore(kroner: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        Money.from_kroner(kroner)
    assert refused.value.rule == "must be whole øre (at most two decimals)"


def test_trailing_zeros_are_still_whole_ore() -> None:
    assert Money.from_kroner("1.500000") == Money(150)
    assert Money.from_kroner(Decimal("12E+3")) == Money(1_200_000)


def test_an_absurdly_large_amount_is_refused_before_it_is_computed() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Money.from_kroner("1e999999")
    assert refused.value.field == "amount" and "less than" in refused.value.rule


@pytest.mark.parametrize("kroner", ["", "ti kroner", "1.234,50", "NaN", "Infinity", None])
def test_text_that_is_not_an_amount_is_refused(kroner: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        Money.from_kroner(kroner)
    assert refused.value.field == "amount"


@pytest.mark.parametrize("ore,kind", [(12.5, "a float"), (True, "bool"), ("100", "str")])
def test_ore_must_be_an_integer(ore: Any, kind: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        Money(ore)
    assert refused.value.field == "ore"
    assert refused.value.rule == f"must be whole øre as an integer, not {kind}"


# Rules that forbid negative amounts


def test_a_negative_amount_is_refused_where_the_rule_says_so() -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_amount("budget", Money(-1))
    assert (refused.value.field, refused.value.rule) == ("budget", "must not be negative")
    assert require_amount("gap", Money(-1), allow_negative=True) == Money(-1)


@pytest.mark.parametrize(
    "value,rule",
    [
        (1500.0, "must be an amount of money in øre, not a float"),
        (1500, "must be an amount of money (Money)"),
        (Decimal("1500"), "must be an amount of money (Money)"),
    ],
)
def test_a_bare_number_is_not_money(value: Any, rule: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        require_amount("budget", value)
    assert (refused.value.field, refused.value.rule) == ("budget", rule)


# Arithmetic


def test_amounts_add_subtract_and_total_exactly() -> None:
    a, b = Money.from_kroner("0.10"), Money.from_kroner("0.20")
    assert a + b == Money.from_kroner("0.30")
    assert b - a == Money(10)
    assert a - b == Money(-10) == -Money(10)
    assert Money.total([a, b, a]) == Money(40)
    assert Money.total([]) == Money.ZERO


def test_amounts_compare_by_value() -> None:
    assert Money(1) < Money(2) and Money(2) >= Money(2)
    assert max(Money(5), Money(50), Money(-5)) == Money(50)


def test_money_does_not_mix_with_bare_numbers() -> None:
    with pytest.raises(TypeError):
        Money(100) + 1  # type: ignore[operator]


def test_kroner_give_back_the_exact_decimal() -> None:
    assert Money(123_450).kroner == Decimal("1234.5")


# Written as Norwegians write it


@pytest.mark.parametrize(
    "ore,text",
    [
        (123_450, "kr 1 234,50"),
        (0, "kr 0,00"),
        (5, "kr 0,05"),
        (-7_500, "kr -75,00"),
        (123_456_789, "kr 1 234 567,89"),
        (400_000_000, "kr 4 000 000,00"),
    ],
)
def test_amounts_are_written_with_space_groups_and_decimal_comma(ore: int, text: str) -> None:
    assert str(Money(ore)) == text


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_what_is_written_reads_back_as_the_same_amount(ore: int) -> None:
    written = str(Money(ore)).removeprefix("kr ")
    assert Money.from_kroner(written) == Money(ore)
    assert Money.from_kroner(Money(ore).kroner) == Money(ore)
