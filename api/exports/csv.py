"""One table as CSV the way a Norwegian Excel opens it: UTF-8 with BOM, semicolons, decimal
comma, amounts in kroner with two decimals and no thousands separator, ISO dates."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from api.exports.tables import Cell, Kind, Table

MEDIA_TYPE = "text/csv; charset=utf-8"
# A text cell starting with one of these would be read by a spreadsheet as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def kroner(ore: int) -> str:
    """Øre as kroner with a decimal comma: 123456750 → '1234567,50', -5 → '-0,05'."""
    sign = "-" if ore < 0 else ""
    whole, rest = divmod(abs(ore), 100)
    return f"{sign}{whole},{rest:02d}"


def percent(share: Decimal) -> str:
    """A fraction as a percentage with two decimals: Decimal('0.5') → '50,00'."""
    return f"{share * 100:.2f}".replace(".", ",")


def cell_text(value: Cell, kind: Kind) -> str:
    if value is None:
        return ""
    if kind is Kind.AMOUNT:
        assert isinstance(value, int)
        return kroner(value)
    if kind is Kind.SHARE:
        assert isinstance(value, Decimal)
        return percent(value)
    if kind is Kind.DATE:
        assert isinstance(value, date)
        return value.isoformat()
    text = str(value)
    if kind is Kind.TEXT and text.startswith(FORMULA_STARTS):
        return "'" + text  # kept as text, never run as a formula
    return text


def render_csv(table: Table) -> bytes:
    """The header and one line per row; the spreadsheet's sum row is left out of the CSV."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.heading for c in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return out.getvalue().encode("utf-8-sig")
