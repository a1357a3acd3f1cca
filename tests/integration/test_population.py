"""Population figures through the application and read model, on SQLite and PostgreSQL: the
steward imports a file with its source; a later import supersedes a figure and the history
keeps both; a bad file or another role is refused and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.shared.errors import Forbidden, ValidationFailed
from omstilling.eventstore import event_store_env
from omstilling.runtime import Runtime
from tests.factories import (
    BATSFJORD,
    MELOY,
    county_officer,
    editor,
    municipality_id,
    national_analyst,
    national_steward,
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
FILE = "kommunenummer;år;folkemengde\n5632;2024;2190\n5632;2025;2180\n1837;2025;6230\n"
SOURCE = "Statistics Norway (SSB), table 07459, population 1 January"


@pytest.fixture(params=BACKENDS)
def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runtime]:
    if request.param == "sqlite":
        env = event_store_env(None, sqlite_path=str(tmp_path / "events.sqlite"))
    else:
        url = request.getfixturevalue("fresh_postgres_url")
        env = event_store_env(url, sqlite_path=str(tmp_path / "unused.sqlite"))
    running = Runtime(env)
    yield running
    running.close()


def head(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


def test_the_steward_imports_figures_with_their_source(runtime: Runtime) -> None:
    result = runtime.command(
        lambda a: a.import_population(national_steward(), FILE, source=SOURCE, file_name="a.csv")
    )
    assert runtime.wait_for(result.last_notification_id)
    answer = runtime.population.population(
        [municipality_id(BATSFJORD), municipality_id(MELOY)], 2025
    )
    assert answer.total == 2180 + 6230
    assert {f.source.source for f in answer.figures} == {SOURCE}
    (imported,) = runtime.population.imports()
    assert (imported.number, imported.file_name, imported.figure_count) == (1, "a.csv", 3)
    assert len(imported.sha256) == 64
    missing = runtime.population.population([municipality_id(MELOY)], 2024)
    assert missing.total is None and missing.missing == (municipality_id(MELOY),)


def test_a_later_import_supersedes_a_figure_and_the_history_keeps_both(runtime: Runtime) -> None:
    runtime.command(
        lambda a: a.import_population(
            national_steward(), FILE, source="Foreløpige tall", file_name="a.csv"
        )
    )
    later = "kommunenummer,år,folkemengde\n5632,2025,2177\n"
    result = runtime.command(
        lambda a: a.import_population(national_steward(), later, source=SOURCE, file_name="b.csv")
    )
    assert runtime.wait_for(result.last_notification_id)
    batsfjord = municipality_id(BATSFJORD)
    (current,) = runtime.population.figures(year=2025, municipality_ids=[batsfjord])
    assert (current.population, current.source.number, current.source.source) == (2177, 2, SOURCE)
    history = runtime.population.history(batsfjord, 2025)
    assert [(f.population, f.source.number) for f in history] == [(2180, 1), (2177, 2)]
    # Figures the later file does not mention still come from the first import.
    (untouched,) = runtime.population.figures(year=2024, municipality_ids=[batsfjord])
    assert untouched.source.number == 1


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("kommunenummer;år;folkemengde\n5632;2025;2180\n9999;2025;100\n", "rows[2].kommunenummer"),
        ("kommunenummer;år;folkemengde\n5632;2025;-1\n", "rows[1].folkemengde"),
        ("kommunenummer;folkemengde\n5632;2180\n", "header.år"),
    ],
)
def test_a_bad_file_is_refused_whole_and_nothing_is_written(
    runtime: Runtime, text: str, field: str
) -> None:
    before = head(runtime)
    with pytest.raises(ValidationFailed) as caught:
        runtime.app.import_population(national_steward(), text, source=SOURCE, file_name="x.csv")
    assert caught.value.field == field
    assert head(runtime) == before
    assert runtime.population.imports() == []


def test_the_same_file_twice_is_refused(runtime: Runtime) -> None:
    runtime.command(
        lambda a: a.import_population(national_steward(), FILE, source=SOURCE, file_name="a.csv")
    )
    before = head(runtime)
    with pytest.raises(ValidationFailed, match="already imported"):
        runtime.app.import_population(national_steward(), FILE, source=SOURCE, file_name="a.csv")
    assert head(runtime) == before


@pytest.mark.parametrize(
    "principal", [national_analyst(), county_officer(), editor()], ids=lambda p: p.role.value
)
def test_only_the_steward_imports(runtime: Runtime, principal: object) -> None:
    before = head(runtime)
    with pytest.raises(Forbidden):
        runtime.app.import_population(principal, FILE, source=SOURCE, file_name="a.csv")  # type: ignore[arg-type]
    assert head(runtime) == before
