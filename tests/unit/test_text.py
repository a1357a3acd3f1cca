"""The one home of text (domain.shared.text): NFC, no NUL or other control characters, line
breaks only where a text has lines, no bidi overrides; and the backstop on every event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.plan.content import Section
from domain.plan.model import Omstillingsplan
from domain.programme.model import Programme
from domain.shared.actor import Actor, Role
from domain.shared.errors import ValidationFailed
from domain.shared.text import (
    LONG_TEXT,
    TextKind,
    optional_reason,
    optional_text,
    require_storable,
    required_reason,
    required_text,
    text_list,
)
from tests.factories import actor, municipality_id, status_grant
from tests.unit.test_plan import EDITOR, draft

LINE, CODE, MULTILINE = TextKind.LINE, TextKind.CODE, TextKind.MULTILINE
KINDS = [LINE, CODE, MULTILINE]


def refused(value: object, kind: TextKind, field: str = "name") -> ValidationFailed:
    with pytest.raises(ValidationFailed) as error:
        required_text(field, value, 200, kind=kind)
    assert error.value.field == field
    return error.value


# What no kind allows


@pytest.mark.parametrize("kind", KINDS)
def test_a_nul_is_refused_in_every_kind_naming_the_field_and_the_character(
    kind: TextKind,
) -> None:
    error = refused("Prosjekt\x00navn", kind)
    assert error.rule == "must not contain control characters (found U+0000 at character 9)"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x85", "\x0b", "\x0c"])
def test_bell_escape_and_other_control_characters_are_refused_in_every_kind(
    kind: TextKind, char: str
) -> None:
    error = refused(f"A{char}[2J", kind)
    assert error.rule.startswith("must not contain control characters") or error.rule.startswith(
        "must be a single line"
    )
    assert f"U+{ord(char):04X} at character 2" in error.rule


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_bidi_embeddings_overrides_and_isolates_are_refused_in_every_kind(
    kind: TextKind, char: str
) -> None:
    error = refused(f"Prosjekt {char}fdp.exe", kind)
    assert error.rule == (
        "must not contain bidirectional control characters "
        f"(found U+{ord(char):04X} at character 10)"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_an_unpaired_surrogate_is_refused(kind: TextKind) -> None:
    assert refused("a\ud800b", kind).rule.startswith("must be valid Unicode text")


@pytest.mark.parametrize("kind", KINDS)
def test_text_is_normalised_to_nfc(kind: TextKind) -> None:
    assert required_text("name", "A\u030asen", 20, kind=kind) == "Åsen"
    assert required_text("name", "  Vågan  ", 20, kind=kind) == "Vågan"


def test_length_is_counted_after_normalisation() -> None:
    assert required_text("name", "A\u030a" * 3, 3, kind=LINE) == "ÅÅÅ"


def test_non_text_and_blank_text_are_refused_as_before() -> None:
    assert refused(42, LINE).rule == "must be text"
    assert refused(" \n ", MULTILINE).rule == "is required and cannot be empty"
    assert optional_text("name", "   ", kind=LINE) is None
    assert optional_text("name", None, kind=LINE) is None


# Single-line and multi-line texts


@pytest.mark.parametrize("kind", [LINE, CODE])
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_a_line_break_is_refused_in_a_name_or_a_code(kind: TextKind, brk: str) -> None:
    error = refused(f"Omstilling{brk}Vågan", kind)
    assert error.rule.startswith("must be a single line (found U+")


@pytest.mark.parametrize("kind", [LINE, CODE])
def test_a_tab_is_refused_in_a_name_or_a_code(kind: TextKind) -> None:
    assert refused("Omstilling\tVågan", kind).rule == (
        "must not contain control characters (found U+0009 at character 11)"
    )


def test_line_breaks_and_tabs_are_kept_in_multiline_text_as_lf() -> None:
    text = "Bakgrunn:\r\n\t- fiskebruket\r- 80 arbeidsplasser\u2028slutt"
    assert required_text("background", text, LONG_TEXT, kind=MULTILINE) == (
        "Bakgrunn:\n\t- fiskebruket\n- 80 arbeidsplasser\nslutt"
    )


def test_bidi_marks_are_kept_in_multiline_text_but_refused_in_a_name() -> None:
    text = "Sitat: \u200fشكرا\u200f"
    assert required_text("comment", text, 200, kind=MULTILINE) == text
    assert refused(text, LINE).rule.startswith("must not contain bidirectional control characters")


def test_a_code_refuses_invisible_characters_and_special_spaces_a_name_keeps() -> None:
    assert refused("I\u200b1", CODE).rule == (
        "must not contain invisible or special spaces (found U+200B at character 2)"
    )
    assert refused("PS\u00a056/24", CODE).rule.startswith("must not contain invisible")
    assert required_text("name", "Mo\u00a0i Rana", 20, kind=LINE) == "Mo\u00a0i Rana"
    assert required_text("politicalCaseNumber", "PS 56/24", 20, kind=CODE) == "PS 56/24"


def test_without_a_kind_short_texts_are_single_lines_and_long_texts_multiline() -> None:
    """For callers outside the domain that do not name a kind (the API's section text)."""
    with pytest.raises(ValidationFailed, match="single line"):
        required_text("title", "a\nb")
    assert optional_text("text", "a\r\nb", LONG_TEXT) == "a\nb"


def test_reasons_are_multiline_and_at_most_2000_characters() -> None:
    assert required_reason("Første grunn\nAndre grunn") == "Første grunn\nAndre grunn"
    assert optional_reason(None) is None
    with pytest.raises(ValidationFailed) as error:
        required_reason(None)
    assert (error.value.field, error.value.rule) == ("reason", "is required and cannot be empty")
    with pytest.raises(ValidationFailed) as nul:
        optional_reason("Grunn\x00")
    assert nul.value.field == "reason"
    with pytest.raises(ValidationFailed, match="at most 2000"):
        optional_reason("x" * 2001)


def test_a_list_of_texts_names_the_item_and_refuses_repeats() -> None:
    assert text_list("gains", ["A\u030a", "B"], 20) == ("Å", "B")
    with pytest.raises(ValidationFailed) as error:
        text_list("gains", ["A", "B\x1b"], 20)
    assert error.value.field == "gains[1]"
    with pytest.raises(ValidationFailed, match="same gain twice"):
        text_list("gains", ["A", "A"], 20, item="gain")
    with pytest.raises(ValidationFailed, match="separately"):
        text_list("gains", "A", 20)


# The actor, from a signed token


def test_an_actors_name_with_a_nul_or_an_override_is_refused() -> None:
    for name in ("Kari\x00", "Kari \u202eNordmann"):
        with pytest.raises(ValidationFailed) as error:
            Actor("kari", name, Role.MUNICIPALITY_EDITOR, "kommune:x")
        assert error.value.field == "actor.name"
    with pytest.raises(ValidationFailed) as user:
        Actor("kari\u200b", "Kari", Role.MUNICIPALITY_EDITOR, "kommune:x")
    assert user.value.field == "actor.userId"


# The backstop on every event


def test_the_backstop_names_the_path_of_the_offending_string() -> None:
    with pytest.raises(ValidationFailed) as error:
        require_storable("content", {"focus_areas": ({"name": "ok"}, {"name": "x\x00"})})
    assert error.value.field == "content[focus_areas][1][name]"
    with pytest.raises(ValidationFailed, match="NFC"):
        require_storable("name", "A\u030a")
    require_storable("text", "Linje 1\n\tLinje 2 \u200f")  # what every kind shares


def test_an_event_carrying_a_nul_is_refused_before_it_is_applied() -> None:
    """Even an event triggered without the aggregate's checks writes nothing."""
    officer = actor(Role.COUNTY_OFFICER, "fylke:18")
    programme = Programme.register(
        name="Omstilling Vågan",
        kind="sudden_employment_loss",
        lead_municipality_id=municipality_id("1865"),
        granting_county_number="18",
        period_start=date(2023, 7, 1),
        period_end=date(2029, 6, 30),
        actor=officer,
        decision=status_grant(),
        id_key=b"unit-test-deployment-key",
    )
    before = (programme.version, len(programme.pending_events), programme.period_end)
    with pytest.raises(ValidationFailed) as error:
        programme._extend_period(
            period_end=date(2030, 6, 30),
            tenant_id=programme.tenant_id,
            actor=officer,
            reason="Forsinket\x00",
            decision=status_grant(),
        )
    assert (error.value.field, error.value.rule) == (
        "reason",
        "must not contain control characters (found U+0000 at character 10)",
    )
    assert (programme.version, len(programme.pending_events), programme.period_end) == before


def test_a_recorded_event_is_applied_as_recorded_even_if_the_rules_have_tightened() -> None:
    """The log holds facts: an event recorded before a rule existed still replays."""
    plan = draft()
    old = object.__new__(Omstillingsplan.SectionRevised)
    state = {
        "originator_id": plan.id,
        "originator_version": plan.version + 1,
        "timestamp": datetime.now(UTC),
        "section": Section.BACKGROUND,
        "text": "Skrevet før regelen \u202eom styretegn",
        "tenant_id": plan.tenant_id,
        "actor": EDITOR,
        "reason": "Gammel hendelse",
        "decision": None,
    }
    object.__setattr__(old, "__dict__", state)  # as the mapper reads it back from the log
    old.mutate(plan)
    assert plan.content.background == "Skrevet før regelen \u202eom styretegn"
    with pytest.raises(ValidationFailed):  # but a new command is judged by today's rules
        plan.revise_section("background", "Ny \u202etekst", actor=EDITOR, reason="Ny")
