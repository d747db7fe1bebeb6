"""Phone numbers (#11): libphonenumber with Indonesia as home — every way people write one Indonesian mobile
number gives the same E.164 key; international numbers stay themselves; anything else is refused."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.contacts import is_indonesian, normalize_phone

# Telkomsel/Indosat/XL/Smartfren mobile ranges: 08 + operator digit + 7–9 subscriber digits
operators = st.sampled_from(["811", "812", "813", "821", "822", "852", "853", "814", "815", "816", "855", "856",
                             "857", "858", "817", "818", "819", "859", "877", "878", "881", "882", "883", "888"])
subscribers = st.text(alphabet="0123456789", min_size=8, max_size=8)
separators = st.sampled_from(["", " ", "-", "."])


@given(operators, subscribers, separators)
def test_every_spelling_of_an_indonesian_mobile_is_one_key(op, sub, sep):
    national = op + sub
    spellings = ["0" + national, "62" + national, "+62" + national, national,
                 f"0{op}{sep}{sub[:4]}{sep}{sub[4:]}", f"+62 {op}{sep}{sub[:4]}{sep}{sub[4:]}"]
    keys = {normalize_phone(s) for s in spellings}
    assert keys == {"+62" + national}
    assert is_indonesian("+62" + national)


@pytest.mark.parametrize("raw, out", [
    ("+49 151 12345678", "+4915112345678"), ("+1 202-555-0143", "+12025550143"), ("+966 50 123 4567", "+966501234567"),
    ("(0361) 222333", "+62361222333"), ("021 5551234", "+62215551234"),
])
def test_landlines_and_international_numbers(raw, out):
    assert normalize_phone(raw) == out
    assert is_indonesian(out) == out.startswith("+62")


@pytest.mark.parametrize("raw", ["0812", "0812-CALL-ME", "08123456789012345678", "+62 000 0000 0000", "", "++62812345678",
                                 "+999 1234 5678", "12"])
def test_non_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


@given(st.text(max_size=60))
def test_any_text_is_a_number_in_e164_or_refused(text):
    try:
        out = normalize_phone(text)
    except ValueError:
        return
    assert out.startswith("+") and out[1:].isdigit() and 8 <= len(out) <= 16
    assert normalize_phone(out) == out  # a key normalises to itself
