"""`omstilling token` answers a command line it cannot carry out with one line naming the
option and the rule (exit 2), never a traceback; what it mints names a tenant valid today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.auth import TokenVerifier
from domain.shared.actor import Role
from omstilling.cli import main
from omstilling.settings import Settings
from tenants import load_registry

SIGNING_KEY = "cli-signing-key-only-for-these-tests-0123456789"


@pytest.fixture(autouse=True)
def development(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    monkeypatch.setenv("OMSTILLING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OMSTILLING_DEV_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.delenv("OMSTILLING_ENVIRONMENT", raising=False)
    return Settings()


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one line on standard error; nothing on standard output."""
    assert main(["token", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith("omstilling token: ")
    return err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["--role", "county_auditor"],
            "--county is required for the role county_auditor: a county role acts for one county",
        ),
        (
            ["--role", "municipality_editor"],
            "--municipality is required for the role municipality_editor",
        ),
        (
            ["--role", "municipality_reader", "--municipality", "9999"],
            "--municipality 9999: a municipality role needs the number of a municipality "
            "that exists today",
        ),
        (
            ["--role", "county_officer", "--county", "99"],
            "--county 99: a county role needs a county that exists today; no county has that number",
        ),
        (
            ["--role", "municipality_editor", "--municipality", "5632", "--county", "56"],
            "--county does not apply to the role municipality_editor",
        ),
        (
            ["--role", "national_analyst", "--municipality", "5632"],
            "--municipality does not apply to the role national_analyst",
        ),
    ],
)
def test_a_token_that_cannot_be_minted_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    assert says in refused(capsys, *argv)


def test_a_county_that_no_longer_exists_is_refused_with_its_successors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refused(capsys, "--role", "county_auditor", "--county", "08")
    assert "--county 08: a county role needs a county that exists today" in err
    assert "08 Telemark ended 2019-12-31, succeeded by 39 Vestfold, 40 Telemark" in err


def test_which_counties_exist_is_judged_on_todays_date_in_norway(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, development: Settings
) -> None:
    monkeypatch.setattr("domain.shared.clock.today_in_norway", lambda: date(2022, 6, 1))
    assert main(["token", "--role", "county_officer", "--county", "54"]) == 0
    principal = TokenVerifier(development).verify(capsys.readouterr().out.strip())
    assert principal.county_number == "54"

    monkeypatch.setattr("domain.shared.clock.today_in_norway", lambda: date(2024, 1, 1))
    assert "54 Troms og Finnmark ended 2023-12-31, succeeded by 55 Troms, 56 Finnmark" in refused(
        capsys, "--role", "county_officer", "--county", "54"
    )


def test_a_valid_command_line_mints_a_token_for_that_tenant(
    capsys: pytest.CaptureFixture[str], development: Settings
) -> None:
    verifier = TokenVerifier(development)
    assert main(["token", "--role", "municipality_editor", "--municipality", "5632"]) == 0
    editor = verifier.verify(capsys.readouterr().out.strip())
    assert editor.role is Role.MUNICIPALITY_EDITOR
    assert editor.municipality_id == load_registry().municipality_by_number("5632").id

    assert main(["token", "--role", "county_auditor", "--county", "56", "--user", "revisor"]) == 0
    auditor = verifier.verify(capsys.readouterr().out.strip())
    assert (auditor.role, auditor.county_number, auditor.user_id) == (
        Role.COUNTY_AUDITOR,
        "56",
        "revisor",
    )

    assert main(["token", "--role", "national_analyst"]) == 0
    assert verifier.verify(capsys.readouterr().out.strip()).role is Role.NATIONAL_ANALYST


def test_production_mints_no_tokens(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OMSTILLING_ENVIRONMENT", "production")
    monkeypatch.delenv("OMSTILLING_DEV_SIGNING_KEY")
    monkeypatch.setenv("OMSTILLING_JWKS_URL", "https://idp.example/jwks.json")
    monkeypatch.setenv(
        "OMSTILLING_DEPLOYMENT_SECRET", "production-test-deployment-secret-0123456789"
    )
    assert "tokens are minted only in development" in refused(capsys, "--role", "national_analyst")
