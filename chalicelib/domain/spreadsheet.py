"""CSV for spreadsheets (the desk's export): UTF-8 with a BOM so Excel reads Indonesian text right, and no cell
a spreadsheet would run as a formula (CSV injection, OWASP): a cell starting with ``= + - @``, a tab or a
carriage return is prefixed with ``'``."""
from __future__ import annotations

import csv
import io

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(columns: tuple[str, ...], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return BOM + out.getvalue()
