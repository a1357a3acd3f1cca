"""The population file's rules: every bad row is refused naming its row, column and rule;
the register numbers its imports and refuses the same file twice."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

import pytest

from domain.plan.content import FocusArea, FocusAreaKind
from domain.population.file_format import PopulationFigure, parse_population_file
from domain.population.model import PopulationRegister, sha256_of
from domain.shared.errors import ValidationFailed
from tests.factories import actor, goal

NS = UUID("00000000-0000-0000-0000-000000000001")
KNOWN = {("5632", y) for y in range(2020, 2027)} | {("1837", y) for y in range(2020, 2027)}


def resolve(number: str, year: int) -> UUID | None:
    return uuid5(NS, number) if (number, year) in KNOWN else None


def parse(text: str) -> list[PopulationFigure]:
    return parse_population_file(text, resolve, 2026)


def refusal(text: str) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        parse(text)
    return caught.value


def test_a_semicolon_file_with_a_byte_order_mark_is_read() -> None:
    figures = parse("\ufeffkommunenummer;år;folkemengde\n5632;2024;2190\n1837;2025;6230\n")
    assert [(f.municipality_number, f.year, f.population) for f in figures] == [
        ("5632", 2024, 2190),
        ("1837", 2025, 6230),
    ]
    assert figures[0].municipality_id == uuid5(NS, "5632")


def test_commas_extra_columns_any_order_and_blank_lines_are_accepted() -> None:
    figures = parse("Folkemengde,kommunenavn,År,Kommunenummer\n2190,Båtsfjord,2024,5632\n\n")
    assert figures == [PopulationFigure(uuid5(NS, "5632"), "5632", 2024, 2190)]


@pytest.mark.parametrize(
    ("text", "field", "rule"),
    [
        ("kommunenummer;år\n5632;2024\n", "header.folkemengde", "the column is missing"),
        (
            "kommunenummer;år;folkemengde\n9999;2024;100\n",
            "rows[1].kommunenummer",
            "no municipality has number 9999",
        ),
        (
            "kommunenummer;år;folkemengde\n5632;2024;1\n563;2024;100\n",
            "rows[2].kommunenummer",
            "four-digit",
        ),
        ("kommunenummer;år;folkemengde\n5632;2024;12.5\n", "rows[1].folkemengde", "whole number"),
        ("kommunenummer;år;folkemengde\n5632;2024;abc\n", "rows[1].folkemengde", "whole number"),
        (
            "kommunenummer;år;folkemengde\n5632;2024;-5\n",
            "rows[1].folkemengde",
            "cannot be negative",
        ),
        ("kommunenummer;år;folkemengde\n5632;1850;100\n", "rows[1].år", "must be between"),
        ("kommunenummer;år;folkemengde\n5632;2027;100\n", "rows[1].år", "must be between"),
        ("kommunenummer;år;folkemengde\n5632;tjue;100\n", "rows[1].år", "must be a year"),
        (
            "kommunenummer;år;folkemengde\n5632;2024;1\n1837;2024;2\n5632;2024;3\n",
            "rows[3].kommunenummer",
            "duplicates rows[1]",
        ),
        ("kommunenummer;år;folkemengde\n5632;2024\n", "rows[1]", "has 2 columns"),
        ("kommunenummer;år;folkemengde\n", "rows", "no figures"),
        ("", "header", "empty"),
    ],
)
def test_a_bad_row_is_refused_naming_row_column_and_rule(text: str, field: str, rule: str) -> None:
    error = refusal(text)
    assert error.field == field
    assert rule in error.rule


def test_rows_are_counted_from_the_first_line_after_the_header_blank_lines_included() -> None:
    error = refusal("kommunenummer;år;folkemengde\n5632;2024;1\n\n1837;2024;x\n")
    assert error.field == "rows[3].folkemengde"


def register() -> PopulationRegister:
    return PopulationRegister.open(actor=actor())


def test_imports_are_numbered_and_record_source_file_and_digest() -> None:
    reg = register()
    figures = [PopulationFigure(uuid5(NS, "5632"), "5632", 2024, 2190)]
    first = reg.import_figures(
        figures,
        source="SSB 07459",
        file_name="a.csv",
        sha256=sha256_of(b"a"),
        imported_on=date(2025, 3, 1),
        actor=actor(),
    )
    second = reg.import_figures(
        figures,
        source="SSB 07459",
        file_name="b.csv",
        sha256=sha256_of(b"b"),
        imported_on=date(2025, 3, 2),
        actor=actor(),
    )
    assert (first, second) == (1, 2)
    events = reg.collect_events()
    assert [type(e).__name__ for e in events] == ["Opened", "FiguresImported", "FiguresImported"]
    imported = events[1]
    assert isinstance(imported, PopulationRegister.FiguresImported)
    assert (imported.source, imported.file_name, imported.sha256) == (
        "SSB 07459",
        "a.csv",
        sha256_of(b"a"),
    )


@pytest.mark.parametrize(
    ("source", "file_name", "digest", "field"),
    [
        ("", "a.csv", sha256_of(b"a"), "source"),
        ("SSB", " ", sha256_of(b"a"), "fileName"),
        ("SSB", "a.csv", "not-a-digest", "sha256"),
    ],
)
def test_an_import_without_source_file_or_digest_is_refused(
    source: str, file_name: str, digest: str, field: str
) -> None:
    reg = register()
    reg.collect_events()
    with pytest.raises(ValidationFailed) as caught:
        reg.import_figures(
            [PopulationFigure(uuid5(NS, "5632"), "5632", 2024, 1)],
            source=source,
            file_name=file_name,
            sha256=digest,
            imported_on=date(2025, 1, 1),
            actor=actor(),
        )
    assert caught.value.field == field
    assert reg.collect_events() == []


def test_the_same_file_is_not_imported_twice() -> None:
    reg = register()
    figures = [PopulationFigure(uuid5(NS, "5632"), "5632", 2024, 1)]
    kwargs = {"source": "SSB", "file_name": "a.csv", "sha256": sha256_of(b"a")}
    reg.import_figures(figures, imported_on=date(2025, 1, 1), actor=actor(), **kwargs)
    with pytest.raises(ValidationFailed, match="already imported as import 1"):
        reg.import_figures(figures, imported_on=date(2025, 1, 2), actor=actor(), **kwargs)


def test_a_focus_area_may_carry_a_type_and_an_old_one_is_unclassified() -> None:
    typed = FocusArea("I1", "Reiseliv", "", (goal("D1"),), FocusAreaKind.BUSINESS_DEVELOPMENT)
    assert typed.kind is FocusAreaKind.BUSINESS_DEVELOPMENT
    assert FocusArea("I1", "Reiseliv", "", (goal("D1"),)).kind is None
    assert (
        FocusArea("I1", "Reiseliv", "", (goal("D1"),), "competence").kind
        is FocusAreaKind.COMPETENCE
    )  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed) as caught:
        FocusArea("I1", "Reiseliv", "", (goal("D1"),), "tourism")  # type: ignore[arg-type]
    assert caught.value.field == "kind"
