"""The report as an Excel workbook: "Om rapporten" first, then one sheet per table with a
bold, frozen header, set column widths, amounts as numbers in kroner ('#,##0.00', which a
Norwegian Excel shows as 1 234 567,50), dates as date cells ('DD.MM.YYYY') and a sum row
where the table has one."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from api.exports.tables import AuditExport, Cell, Kind, Table

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
SHARE_FORMAT = "0.00%"
INTEGER_FORMAT = "0"
ABOUT_SHEET = "Om rapporten"

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOP_RULE = Border(top=Side(style="thin"))
MAX_WIDTH = 60


def kroner(ore: int) -> Decimal:
    """Øre as exact kroner: 123456750 → Decimal('1234567.50')."""
    return Decimal(ore).scaleb(-2)


def _cell(sheet: Worksheet, row: int, column: int) -> SheetCell:
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, SheetCell)  # nothing here is merged
    return cell


def _write(cell: SheetCell, value: Cell, kind: Kind) -> None:
    if value is None:
        return
    if kind is Kind.AMOUNT:
        assert isinstance(value, int)
        cell.value = kroner(value)
        cell.number_format = AMOUNT_FORMAT
    elif kind is Kind.SHARE:
        cell.value = value
        cell.number_format = SHARE_FORMAT
    elif kind is Kind.DATE:
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif kind is Kind.INTEGER:
        cell.value = value
        cell.number_format = INTEGER_FORMAT
    else:
        cell.value = str(value)
        cell.data_type = "s"  # text stays text: '=…' is never taken for a formula


def _widths(table: Table) -> list[int]:
    """The declared width, widened to fit text up to MAX_WIDTH characters."""
    widths = []
    for i, column in enumerate(table.columns):
        width = max(column.width, len(column.heading) + 2)
        if column.kind is Kind.TEXT:
            longest = max((len(str(r[i])) for r in table.rows if r[i] is not None), default=0)
            width = max(width, min(longest + 2, MAX_WIDTH))
        widths.append(width)
    return widths


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=col, value=column.heading)
        cell.data_type = "s"
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, start=2):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            _write(_cell(sheet, r, col), value, column.kind)
    last_column = get_column_letter(len(table.columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{len(table.rows) + 1}"
    if table.totals is not None:
        r = len(table.rows) + 2
        for col, (value, column) in enumerate(zip(table.totals, table.columns, strict=True), 1):
            cell = _cell(sheet, r, col)
            _write(cell, value, column.kind)
            cell.font = BOLD
            cell.border = TOP_RULE
    for col, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def _about_sheet(sheet: Worksheet, export: AuditExport) -> None:
    title = sheet.cell(
        row=1, column=1, value=f"Kontroll av bruk av omstillingsmidler {export.report.year}"
    )
    title.font = Font(bold=True, size=14)
    row = 3
    for label, value in export.about:
        sheet.cell(row=row, column=1, value=label).font = BOLD
        cell = _cell(sheet, row, 2)
        if isinstance(value, date):
            _write(cell, value, Kind.DATE)
            cell.alignment = Alignment(horizontal="left")
        elif isinstance(value, int):
            _write(cell, value, Kind.INTEGER)
            cell.alignment = Alignment(horizontal="left")
        else:
            _write(cell, value, Kind.TEXT)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value="Definisjoner").font = Font(bold=True, size=12)
    row += 1
    for term, definition in export.definitions:
        sheet.cell(row=row, column=1, value=term).font = BOLD
        cell = _cell(sheet, row, 2)
        _write(cell, definition, Kind.TEXT)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100


def render_xlsx(export: AuditExport) -> bytes:
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = ABOUT_SHEET
    _about_sheet(about, export)
    for table in export.tables:
        _table_sheet(workbook.create_sheet(table.sheet), table)
    workbook.properties.title = (
        f"Kontroll av bruk av omstillingsmidler – fylke {export.report.county_number}, "
        f"{export.report.year}"
    )
    workbook.properties.creator = "omstilling"
    workbook.properties.language = "nb-NO"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
