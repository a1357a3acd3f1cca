"""The county audit report for download, over HTTP with real tokens: the Excel workbook and the
CSV files hold exactly the report object's figures (øre / 100), with Norwegian headings and
formats; the same bearer tokens and scope as /graphql."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.action_plan.content import FUNDING_SOURCE_NB
from omstilling.runtime import Runtime
from projections.fund_audit import DEVIATION_NB, CountyAuditReport, county_audit_report
from projections.funds import CO_FINANCING_SOURCES
from tests.e2e.conftest import NORDLAND, TELEMARK, Caller, People
from tests.factories import (
    MELOY,
    board,
    county_auditor,
    county_officer,
    editor,
    grant_decision,
    kr,
    reallocation_decision,
    register_meloy,
    spending,
    vagan_ready_for_funds,
)

YEAR = 2025
AS_OF = date(2026, 1, 15)  # after the year's end: unspent funds are a finding too
XLSX = f"/exports/county-audit/{NORDLAND}/{YEAR}.xlsx"
CSV = f"/exports/county-audit/{NORDLAND}/{YEAR}.csv"

# The Tilsagn sheet's amount columns and the report figure each one shows.
GRANT_AMOUNTS: dict[str, Any] = {
    "Tilsagn": lambda f: f.granted,
    "Trukket tilbake": lambda f: f.withdrawn,
    "Tilbakekrevd": lambda f: f.clawed_back,
    "Tilgjengelig": lambda f: f.available,
    "Utbetalt": lambda f: f.disbursed,
    "Fordelt": lambda f: f.allocated,
    "Omdisponert inn": lambda f: f.reallocated_in,
    "Omdisponert ut": lambda f: f.reallocated_out,
    "Forbruk": lambda f: f.spent,
    "Tilbakeført": lambda f: f.returned,
    "Gjenstående": lambda f: f.remaining,
}
PROJECT_AMOUNTS: dict[str, Any] = {
    k: GRANT_AMOUNTS[k]
    for k in ("Fordelt", "Omdisponert inn", "Omdisponert ut", "Forbruk", "Gjenstående")
}
COUNTY_FUNDS = "Omstillingsmidler fra fylkeskommunen"
SOURCE_HEADINGS = {s.value: FUNDING_SOURCE_NB[s] for s in CO_FINANCING_SOURCES}


@dataclass(frozen=True)
class Story:
    programme: UUID
    grant: UUID


@pytest.fixture
def story(runtime: Runtime) -> Story:
    """Vågan 2025 through the app: kr 600 000 granted, kr 200 000 paid out; P1 kr 300 000,25 and
    P2 kr 100 000 allocated; P1 spent kr 120 000,75 with kr 60 000,40 from the municipality and
    kr 30 000 from Innovasjon Norge, P2 kr 40 000 with kr 10 000 private; kr 50 000 moved from
    P1 to P2 from 1 June by the board's decision of 10 June (a finding). Meløy, also in
    Nordland, is registered without funds."""
    app = runtime.app
    ids = vagan_ready_for_funds(app)
    register_meloy(app)
    officer, ed = county_officer(NORDLAND), editor()
    grant = app.grant_funds(
        officer,
        ids["programme"],
        YEAR,
        kr("600000"),
        use_by=date(2026, 12, 31),
        decision=grant_decision(),
    ).aggregate_id
    app.disburse_grant(officer, grant, kr("200000"), date(2025, 2, 1))
    app.allocate_funds(ed, grant, "P1", kr("300000,25"))
    app.allocate_funds(ed, grant, "P2", kr("100000"))
    app.report_spending(
        ed, grant, spending("P1", "120000,75", municipality="60000,40", innovasjon_norge="30000")
    )
    app.report_spending(ed, grant, spending("P2", "40000", category="purchases", private="10000"))
    app.reallocate_funds(
        board(),
        grant,
        "P1",
        "P2",
        kr("50000"),
        date(2025, 6, 1),
        decision=reallocation_decision(date(2025, 6, 10)),
        reason="P2 trengte midlene før styremøtet",
    )
    assert runtime.wait_for(app.recorder.max_notification_id(), timeout=30)
    return Story(ids["programme"], grant)


def the_report(runtime: Runtime, as_of: date = AS_OF) -> CountyAuditReport:
    """The report object the download must agree with, as Nordland's auditor sees it."""
    programmes = runtime.supervised_programmes(county_auditor(NORDLAND), NORDLAND)
    return county_audit_report(
        runtime.funds, NORDLAND, YEAR, [p.programme_id for p in programmes], as_of
    )


def download(caller: Caller, path: str, **params: str) -> bytes:
    response = fetch(caller.http, path, caller.token, **params)
    assert response.status_code == 200, response.text
    return response.content


def fetch(http: TestClient, path: str, token: str | None, **params: str) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return http.get(path, params=params, headers=headers)


def workbook(content: bytes) -> Workbook:
    return load_workbook(BytesIO(content))


def headings(sheet: Worksheet) -> list[str]:
    return [str(c.value) for c in sheet[1]]


def records(sheet: Worksheet) -> list[dict[str, Any]]:
    """Every row under the header as {heading: value}, the sum row included."""
    names = headings(sheet)
    return [
        dict(zip(names, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def cells(sheet: Worksheet) -> list[dict[str, Any]]:
    names = headings(sheet)
    return [dict(zip(names, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def kroner(ore: int) -> Decimal:
    return Decimal(ore) / 100


def xlsx_amount(value: Any) -> Decimal:
    """A numeric cell read back exactly (a float of at most 15 digits round-trips by repr)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def csv_table(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    return list(reader)


def csv_amount(text: str) -> Decimal:
    """'1234567,50' as a Norwegian Excel reads it: decimal comma, no grouping."""
    whole, decimals = text.lstrip("-").split(",")
    assert whole.isdigit() and len(decimals) == 2 and decimals.isdigit(), text
    return Decimal(text.replace(",", "."))


# The workbook


def test_the_workbook_holds_the_reports_figures_with_norwegian_headings_and_formats(
    people: People, runtime: Runtime, story: Story
) -> None:
    response = fetch(
        people.http, XLSX, people.county_officer(NORDLAND).token, asOf=AS_OF.isoformat()
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["content-disposition"] == (
        'attachment; filename="kontroll-omstillingsmidler-18-2025.xlsx"'
    )
    book = workbook(response.content)
    assert book.sheetnames == ["Om rapporten", "Tilsagn", "Prosjekter", "Avvik"]
    report = the_report(runtime)
    assert [a.programme.name for a in report.programmes] == ["Omstilling Meløy", "Omstilling Vågan"]
    audit = report.programmes[1]
    (grant,) = audit.grants
    assert not report.programmes[0].grants  # Meløy has no funds

    # By hand, so the report and the export cannot be wrong together.
    f = grant.figures
    assert (f.granted, f.disbursed, f.allocated, f.spent) == (
        60_000_000,
        20_000_000,
        40_000_025,
        16_000_075,
    )
    assert (f.reallocated_in, f.reallocated_out, f.remaining) == (5_000_000, 5_000_000, 43_999_925)

    tilsagn = book["Tilsagn"]
    assert headings(tilsagn) == [
        "Program",
        "Kommunenr.",
        "Kommune",
        "Fylkesnr.",
        "Fylke",
        "År",
        "Tilsagnsnr.",
        "Vedtaksorgan",
        "Vedtaksdato",
        "Politisk saksnr.",
        "Arkivsaksnr.",
        "Frist for bruk",
        *GRANT_AMOUNTS,
    ]
    assert all(c.font.bold for c in tilsagn[1])
    assert tilsagn.freeze_panes == "A2"
    assert all(tilsagn.column_dimensions[c].width >= 6 for c in "ABCDEFGHIJKLMNOPQRSTUVW")
    row, total = cells(tilsagn)
    values = {k: c.value for k, c in row.items()}
    assert {k: values[k] for k in ("Program", "Kommunenr.", "Kommune", "Fylkesnr.", "Fylke")} == {
        "Program": "Omstilling Vågan",
        "Kommunenr.": "1865",
        "Kommune": "Vågan",
        "Fylkesnr.": "18",
        "Fylke": "Nordland",
    }
    assert (values["År"], values["Tilsagnsnr."], values["Vedtaksorgan"]) == (
        2025,
        grant.number,
        "fylkesutvalget",
    )
    assert (values["Politisk saksnr."], values["Arkivsaksnr."]) == ("PS 12/25", "2025/310-2")
    for heading, on in (("Vedtaksdato", date(2025, 1, 20)), ("Frist for bruk", date(2026, 12, 31))):
        assert values[heading] == datetime.combine(on, datetime.min.time())
        assert row[heading].number_format == "DD.MM.YYYY"
    for heading, figure in GRANT_AMOUNTS.items():
        assert row[heading].number_format == "#,##0.00", heading
        assert xlsx_amount(values[heading]) == kroner(figure(grant.figures)), heading
        assert xlsx_amount(total[heading].value) == kroner(figure(report.totals)), heading
        assert total[heading].font.bold
    assert total["Program"].value == "Sum"

    prosjekter = book["Prosjekter"]
    assert headings(prosjekter)[:13] == [
        "Program",
        "Kommunenr.",
        "Kommune",
        "År",
        "Prosjekt",
        "Prosjektnavn",
        "Innsatsområde",
        "Innsatsområdets navn",
        *PROJECT_AMOUNTS,
    ]
    assert headings(prosjekter)[13:] == [
        COUNTY_FUNDS,
        *SOURCE_HEADINGS.values(),
        "Sum medfinansiering",
        "Totale kostnader",
        "Andel medfinansiering (%)",
    ]
    assert prosjekter.freeze_panes == "A2"
    projects = {r["Prosjekt"].value: r for r in cells(prosjekter) if r["Program"].value != "Sum"}
    assert sorted(projects) == ["P1", "P2"] == sorted(str(p.project_code) for p in audit.projects)
    co_financing = {c.project_code: c for c in audit.co_financing}
    for flow in audit.projects:
        assert flow.project_code is not None
        line = projects[flow.project_code]
        assert (line["Innsatsområde"].value, line["Prosjektnavn"].value) == (
            flow.focus_area_code,
            f"Prosjekt {flow.project_code}",
        )
        assert line["Innsatsområdets navn"].value
        for heading, figure in PROJECT_AMOUNTS.items():
            assert line[heading].number_format == "#,##0.00"
            assert xlsx_amount(line[heading].value) == kroner(figure(flow.figures)), heading
        co = co_financing[flow.project_code]
        assert xlsx_amount(line[COUNTY_FUNDS].value) == kroner(co.county_ore)
        for source, heading in SOURCE_HEADINGS.items():
            assert xlsx_amount(line[heading].value) == kroner(co.by_source_ore[source])
        co_financed = sum(co.by_source_ore.values())
        assert xlsx_amount(line["Sum medfinansiering"].value) == kroner(co_financed)
        assert xlsx_amount(line["Totale kostnader"].value) == kroner(co.total_ore)
        share = line["Andel medfinansiering (%)"]
        assert share.number_format == "0.00%"
        assert xlsx_amount(share.value) == (Decimal(co_financed) / co.total_ore).quantize(
            Decimal("0.0001")
        )
    p1 = projects["P1"]
    assert xlsx_amount(p1["Fordelt"].value) == Decimal("250000.25")  # 300 000,25 − 50 000
    assert xlsx_amount(p1["Kommunens egne midler"].value) == Decimal("60000.40")
    assert xlsx_amount(p1["Andel medfinansiering (%)"].value) == Decimal("0.4286")

    avvik = book["Avvik"]
    assert headings(avvik) == [
        "Avvikstype",
        "Program",
        "Kommunenr.",
        "Kommune",
        "År",
        "Tilsagnsnr.",
        "Prosjekt",
        "Beløp",
        "Dato",
        "Beskrivelse",
        "Dokumentasjon",
        "Avvikskode",
    ]
    findings = cells(avvik)
    assert [r["Avvikstype"].value for r in findings] == [d.kind_nb for d in report.deviations]
    assert {r["Avvikstype"].value for r in findings} >= {
        "Omdisponering uten forutgående styrevedtak",
        "Ubrukte midler ved årets slutt",
    }
    for line, finding in zip(findings, report.deviations, strict=True):
        assert DEVIATION_NB[finding.kind] == line["Avvikstype"].value
        assert line["Beløp"].number_format == "#,##0.00"
        assert xlsx_amount(line["Beløp"].value) == kroner(finding.amount_ore)
        assert line["Tilsagnsnr."].value == grant.number
        assert line["Prosjekt"].value == finding.project_code
        assert line["Beskrivelse"].value == finding.description_nb
        assert line["Avvikskode"].value == finding.kind.value
        assert finding.on is not None
        assert line["Dato"].value == datetime.combine(finding.on, datetime.min.time())
        assert line["Dato"].number_format == "DD.MM.YYYY"
    moved = next(r for r in findings if r["Avvikskode"].value.startswith("reallocation"))
    assert xlsx_amount(moved["Beløp"].value) == Decimal("50000")
    assert "omstillingsstyret 2025-06-10" in moved["Dokumentasjon"].value
    assert "2025/77-9" in moved["Dokumentasjon"].value

    about = {r[0].value: r[1] for r in book["Om rapporten"].iter_rows(min_row=2) if r[0].value}
    text = {label: str(cell.value) for label, cell in about.items()}
    assert about["Fylke"].value == "18 Nordland"
    assert about["År"].value == 2025
    assert about["Per dato"].value == datetime(2026, 1, 15)
    assert about["Per dato"].number_format == "DD.MM.YYYY"
    assert "(Europe/Oslo)" in text["Generert"]
    assert "Saksbehandler 18" in text["Hentet av"]
    assert "Tilsagn − Trukket tilbake − Tilbakekrevd" in text["Tilgjengelig"]
    assert "Tilgjengelig − Tilbakeført − Forbruk" in text["Gjenstående (tilsagn)"]


def test_each_csv_holds_the_same_numbers_as_the_workbook_in_norwegian_excels_format(
    people: People, runtime: Runtime, story: Story
) -> None:
    officer = people.county_officer(NORDLAND)
    book = workbook(download(officer, XLSX, asOf=AS_OF.isoformat()))
    report = the_report(runtime)
    (grant,) = report.programmes[1].grants

    response = fetch(people.http, CSV, officer.token, asOf=AS_OF.isoformat())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="kontroll-omstillingsmidler-18-2025-tilsagn.csv"'
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Program;Kommunenr.;Kommune;Fylkesnr.;Fylke;År;")
    (row,) = csv_table(response.content)  # no sum row in the CSV
    assert row["Vedtaksdato"] == "2025-01-20"
    assert row["Frist for bruk"] == "2026-12-31"
    assert (row["År"], row["Kommune"]) == ("2025", "Vågan")
    assert row["Fordelt"] == "400000,25"
    assert row["Tilsagn"] == "600000,00"
    for heading, figure in GRANT_AMOUNTS.items():
        assert csv_amount(row[heading]) == kroner(figure(grant.figures)), heading
    (sheet_row, _) = records(book["Tilsagn"])
    for heading in GRANT_AMOUNTS:
        assert csv_amount(row[heading]) == xlsx_amount(sheet_row[heading])

    projects = csv_table(download(officer, CSV, table="prosjekter", asOf=AS_OF.isoformat()))
    sheet = {r["Prosjekt"]: r for r in records(book["Prosjekter"]) if r["Program"] != "Sum"}
    assert sorted(r["Prosjekt"] for r in projects) == sorted(sheet) == ["P1", "P2"]
    for line in projects:
        in_sheet = sheet[line["Prosjekt"]]
        for heading in [*PROJECT_AMOUNTS, COUNTY_FUNDS, *SOURCE_HEADINGS.values()]:
            assert csv_amount(line[heading]) == xlsx_amount(in_sheet[heading]), heading
        share = Decimal(line["Andel medfinansiering (%)"].replace(",", ".")) / 100
        assert share == xlsx_amount(in_sheet["Andel medfinansiering (%)"])
    assert next(r for r in projects if r["Prosjekt"] == "P1")["Andel medfinansiering (%)"] == (
        "42,86"
    )

    findings = csv_table(download(officer, CSV, table="avvik", asOf=AS_OF.isoformat()))
    assert [(r["Avvikstype"], csv_amount(r["Beløp"])) for r in findings] == [
        (d.kind_nb, kroner(d.amount_ore)) for d in report.deviations
    ]
    assert [r["Dato"] for r in findings] == [
        "" if d.on is None else d.on.isoformat() for d in report.deviations
    ]


def test_as_of_defaults_to_today_in_norway(people: People, story: Story) -> None:
    """Before the year's end nothing is unspent yet: only the early reallocation is a finding."""
    book = workbook(download(people.county_officer(NORDLAND), XLSX))
    about = {r[0].value: r[1].value for r in book["Om rapporten"].iter_rows() if r[0].value}
    assert isinstance(about["Per dato"], datetime)
    early = workbook(download(people.national_analyst(), XLSX, asOf="2025-07-01"))
    assert [r["Avvikskode"] for r in records(early["Avvik"])] == [
        "reallocation_before_board_decision"
    ]


# Who may download what


def test_without_a_valid_token_the_answer_is_401(people: People, story: Story) -> None:
    for path in (XLSX, CSV):
        missing = fetch(people.http, path, None)
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "Bearer"
        assert fetch(people.http, path, "not-a-token").status_code == 401
    # even before the parameters are looked at
    assert fetch(people.http, "/exports/county-audit/99/1900.csv", None).status_code == 401


def test_a_county_officer_of_another_county_is_forbidden(people: People, story: Story) -> None:
    telemark = people.county_officer(TELEMARK)
    for path in (XLSX, CSV):
        response = fetch(people.http, path, telemark.token)
        assert response.status_code == 403, response.text
        assert "Vågan" not in response.text
    own = fetch(people.http, f"/exports/county-audit/{TELEMARK}/{YEAR}.xlsx", telemark.token)
    assert own.status_code == 200
    assert records(workbook(own.content)["Tilsagn"]) == []


def test_the_national_analyst_and_vagans_own_users_see_vagan(people: People, story: Story) -> None:
    for caller in (people.national_analyst(), people.reader()):
        book = workbook(download(caller, XLSX, asOf=AS_OF.isoformat()))
        assert [r["Kommune"] for r in records(book["Tilsagn"])] == ["Vågan", None]  # and "Sum"
        assert len(csv_table(download(caller, CSV))) == 1


def test_a_municipality_of_another_programme_sees_no_rows_of_vagan(
    people: People, story: Story
) -> None:
    meloy = people.editor(MELOY)
    book = workbook(download(meloy, XLSX, asOf=AS_OF.isoformat()))
    for name in ("Tilsagn", "Prosjekter", "Avvik"):
        assert records(book[name]) == [], name
    for table in ("tilsagn", "prosjekter", "avvik"):
        content = download(meloy, CSV, table=table)
        assert csv_table(content) == []
        assert "Vågan" not in content.decode("utf-8-sig")
    about = {r[0].value: r[1].value for r in book["Om rapporten"].iter_rows() if r[0].value}
    assert (about["Antall program"], about["Program"]) == (1, "Omstilling Meløy")  # its own
    everything = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [v for v in everything if isinstance(v, str) and "Vågan" in v]


@pytest.mark.parametrize(
    ("path", "params", "names"),
    [
        ("/exports/county-audit/99/2025.xlsx", {}, "county_number"),
        ("/exports/county-audit/nordland/2025.csv", {}, "county_number"),
        ("/exports/county-audit/18/1900.xlsx", {}, "year"),
        ("/exports/county-audit/18/tjuetjuefem.csv", {}, "year"),
        ("/exports/county-audit/18/2025.xlsx", {"asOf": "2025-02-30"}, "asOf"),
        ("/exports/county-audit/18/2025.csv", {"asOf": "15.01.2026"}, "asOf"),
        ("/exports/county-audit/18/2025.csv", {"table": "bilag"}, "table"),
    ],
)
def test_a_bad_parameter_is_422_naming_it(
    people: People, path: str, params: dict[str, str], names: str
) -> None:
    response = fetch(people.http, path, people.national_analyst().token, **params)
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == names, error


def test_text_that_looks_like_a_formula_stays_text_in_both_formats() -> None:
    """A programme name or reason is typed by people; a spreadsheet must never run it."""
    from api.exports.csv import render_csv
    from api.exports.tables import Column, Kind, Table
    from api.exports.xlsx import _table_sheet

    table = Table(
        "t",
        "T",
        (Column("Program", Kind.TEXT, 10), Column("Beløp", Kind.AMOUNT, 10)),
        [('=HYPERLINK("http://x")', -5), ("-1+1", 123456750)],
    )
    assert csv_table(render_csv(table)) == [
        {"Program": '\'=HYPERLINK("http://x")', "Beløp": "-0,05"},
        {"Program": "'-1+1", "Beløp": "1234567,50"},
    ]
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    _table_sheet(sheet, table)
    out = BytesIO()
    book.save(out)
    again = load_workbook(BytesIO(out.getvalue())).active
    assert isinstance(again, Worksheet)
    assert [(c.value, c.data_type) for c in again["A"][1:]] == [
        ('=HYPERLINK("http://x")', "s"),
        ("-1+1", "s"),
    ]
    assert [xlsx_amount(c.value) for c in again["B"][1:]] == [
        Decimal("-0.05"),
        Decimal("1234567.5"),
    ]
