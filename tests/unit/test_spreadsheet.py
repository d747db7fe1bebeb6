"""CSV for spreadsheets: a BOM, and no cell a spreadsheet would evaluate (property test)."""
from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.spreadsheet import BOM, cell, csv_text


@given(st.text(max_size=40))
def test_no_cell_starts_like_a_formula_and_text_survives(text):
    out = cell(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out in (text, "'" + text)


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_rows_read_back(values):
    text = csv_text(("a",), [{"a": v} for v in values])
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == ["a"] and [r[0] if r else "" for r in rows[1:]] == [cell(v) for v in values]
