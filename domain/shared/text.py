"""The domain's one home for text: every string that enters is normalised and checked here.

A NUL stops PostgreSQL, terminal escapes reach whoever reads an export, and a bidi override
makes a name display as something else ('Prosjekt \\u202efdp.exe'). So all text is NFC, and
the characters allowed depend on its kind:

- `TextKind.LINE`: names, titles, people, labels, sources, file names. One line: no control
  characters at all (no line break, no tab) and no bidirectional controls (U+061C, U+200E,
  U+200F, U+202A–U+202E, U+2066–U+2069): these values head lists and audit lines.
- `TextKind.CODE`: codes and case numbers. A LINE that is also free of every other invisible
  character (format characters such as U+200B, and spaces other than U+0020).
- `TextKind.MULTILINE`: plan sections, descriptions, comments, conclusions and reasons (a
  reason is a justification, often a paragraph or a list). Line breaks are kept (CRLF, CR,
  U+2028 and U+2029 become LF) and tabs too; every other control character and the bidi
  embeddings, overrides and isolates are refused. The marks U+200E/U+200F/U+061C stay allowed:
  they order one character and cannot disguise a text.

Everywhere: no unpaired surrogates (they cannot be stored as UTF-8). `require_storable` applies
the rules every kind shares to what an event carries, as a backstop behind the aggregates."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from uuid import UUID

from domain.shared.errors import ValidationFailed

SHORT_TEXT = 300
LONG_TEXT = 20_000
REASON_TEXT = 2000


_AS_RECORDED: ContextVar[bool] = ContextVar("as_recorded", default=False)


@contextmanager
def as_recorded() -> Iterator[None]:
    """While an event is applied (just made, or replayed from the log) its values are taken as
    recorded: text and date rules tightened later must not make a stored event unreadable.
    The command checked them before the event was made."""
    token = _AS_RECORDED.set(True)
    try:
        yield
    finally:
        _AS_RECORDED.reset(token)


def is_as_recorded() -> bool:
    return _AS_RECORDED.get()


class TextKind(StrEnum):
    LINE = "line"
    CODE = "code"
    MULTILINE = "multiline"


_LINE_BREAKS = frozenset("\n\r\u0085\u2028\u2029")
_BIDI_MARKS = frozenset("\u061c\u200e\u200f")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029]")
# What a LINE or MULTILINE text might be refused for; most text never matches and skips the
# loop below. Codes are short and always looked at character by character.
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _at(char: str, index: int) -> str:
    return f"found U+{ord(char):04X} at character {index + 1}"


def _refusal(value: str, kind: TextKind) -> str | None:
    """The rule the first offending character breaks, or None for acceptable text."""
    if kind is not TextKind.CODE and not _SUSPECT.search(value):
        return None
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if char in _LINE_BREAKS and kind is not TextKind.MULTILINE:
            return f"must be a single line ({_at(char, index)})"
        if category == "Cc" and not (kind is TextKind.MULTILINE and char in "\n\t"):
            return f"must not contain control characters ({_at(char, index)})"
        if category == "Cs":
            return f"must be valid Unicode text (unpaired surrogate, {_at(char, index)})"
        if char in _BIDI_CONTROLS or (char in _BIDI_MARKS and kind is not TextKind.MULTILINE):
            return f"must not contain bidirectional control characters ({_at(char, index)})"
        if kind is TextKind.CODE and (category == "Cf" or (category == "Zs" and char != " ")):
            return f"must not contain invisible or special spaces ({_at(char, index)})"
    return None


def clean_text(field: str, value: object, kind: TextKind) -> str:
    """NFC, line breaks as LF (multi-line text), and the kind's characters only; not stripped."""
    if not isinstance(value, str):
        raise ValidationFailed(field, "must be text")
    if value.isascii() and value.isprintable():
        return value  # nothing to normalise, nothing a kind refuses
    text = unicodedata.normalize("NFC", value)
    if kind is TextKind.MULTILINE:
        text = _NEWLINES.sub("\n", text)
    rule = _refusal(text, kind)
    if rule is not None:
        raise ValidationFailed(field, rule)
    return text


def _kind_for(max_length: int, kind: TextKind | None) -> TextKind:
    """Callers outside the domain may leave the kind out: short texts are single lines."""
    if kind is not None:
        return TextKind(kind)
    return TextKind.LINE if max_length <= SHORT_TEXT else TextKind.MULTILINE


def required_text(
    field: str, value: object, max_length: int = SHORT_TEXT, *, kind: TextKind | None = None
) -> str:
    """Checked and stripped; refuses empty and far too long values."""
    text = optional_text(field, value, max_length, kind=kind)
    if text is None:
        raise ValidationFailed(field, "is required and cannot be empty")
    return text


def optional_text(
    field: str, value: object, max_length: int = SHORT_TEXT, *, kind: TextKind | None = None
) -> str | None:
    """Checked and stripped; None for a missing or blank value."""
    if value is None:
        return None
    if _AS_RECORDED.get() and isinstance(value, str):
        return value.strip() or None
    text = clean_text(field, value, _kind_for(max_length, kind)).strip()
    if len(text) > max_length:
        raise ValidationFailed(field, f"must be at most {max_length} characters (got {len(text)})")
    return text or None


def code(field: str, value: object, max_length: int, pattern: re.Pattern[str], shape: str) -> str:
    """A required code: checked as `TextKind.CODE`, then matched against its `shape`."""
    text = required_text(field, value, max_length, kind=TextKind.CODE)
    if not pattern.match(text):
        raise ValidationFailed(field, shape)
    return text


def required_reason(reason: object, field: str = "reason") -> str:
    """A reason the step cannot do without (multi-line, at most 2000 characters)."""
    return required_text(field, reason or "", REASON_TEXT, kind=TextKind.MULTILINE)


def optional_reason(reason: object, field: str = "reason") -> str | None:
    return optional_text(field, reason, REASON_TEXT, kind=TextKind.MULTILINE)


def text_list(
    field: str,
    values: Iterable[object],
    max_length: int,
    kind: TextKind = TextKind.LINE,
    item: str = "item",
) -> tuple[str, ...]:
    """A list of required texts, each checked at `field[i]`; the same `item` twice is refused."""
    if isinstance(values, str | bytes):
        raise ValidationFailed(field, f"must list each {item} separately")
    texts = tuple(
        required_text(f"{field}[{i}]", v, max_length, kind=kind) for i, v in enumerate(values)
    )
    if len(set(texts)) != len(texts):
        raise ValidationFailed(field, f"must not list the same {item} twice")
    return texts


# The backstop: what every kind shares, applied to all an event carries.

_EVENT_HEADER = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
# Values that hold no text: skipped without a look (an import carries 100 000 figures).
_NO_TEXT = frozenset({int, bool, float, Decimal, UUID, date, datetime, type(None)})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@cache
def _fields(kind: type) -> tuple[tuple[str, str], ...] | None:
    """A dataclass's (attribute, camelCase label) pairs, or None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(
        (f.name, _camel(f.name)) for f in dataclasses.fields(kind) if f.name not in _EVENT_HEADER
    )


def _storable_rule(text: str) -> str | None:
    if text.isascii() and text.isprintable():
        return None
    rule = _refusal(text, TextKind.MULTILINE)
    if rule is None and not unicodedata.is_normalized("NFC", text):
        rule = "must be normalised text (Unicode NFC)"
    return rule


def _offence(value: object) -> tuple[str, str] | None:
    """(path below `value`, rule) of the first string no kind allows, or None."""
    if isinstance(value, str):
        rule = _storable_rule(value)
        return None if rule is None else ("", rule)
    if type(value) in _NO_TEXT:
        return None
    fields = _fields(type(value))  # type: ignore[arg-type]  # types are hashable
    if fields is not None:
        for name, label in fields:
            found = _offence(getattr(value, name, None))
            if found is not None:
                return f".{label}{found[0]}", found[1]
    elif isinstance(value, tuple | list | frozenset | set):
        for index, item in enumerate(value):
            found = _offence(item)
            if found is not None:
                return f"[{index}]{found[0]}", found[1]
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _offence(key) or _offence(item)
            if found is not None:
                return f"[{key}]{found[0]}", found[1]
    return None


def require_storable(field: str, value: object) -> None:
    """Every string in `value`, however deep (dataclasses, tuples, lists, dicts), is NFC and
    free of what no kind allows; refused with its path, e.g. `content.focusAreas[0].name`."""
    found = _offence(value)
    if found is not None:
        path = f"{field}{found[0]}".lstrip(".")
        raise ValidationFailed(path or "text", found[1])
