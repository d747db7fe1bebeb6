"""Pure helpers at the edge: identifiers people type, languages, cursors, phone numbers."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.adapters.dynamo import decode_cursor, encode_cursor
from chalicelib.api.i18n import language
from chalicelib.domain import identifiers as ids
from chalicelib.domain.contacts import normalize_phone


def test_tracking_ids_are_random_and_typable():
    made = {ids.new_tracking_id() for _ in range(2000)}
    assert len(made) == 2000
    for tid in list(made)[:50]:
        assert ids.normalize_tracking_id(tid) == tid
        assert ids.normalize_tracking_id(tid.lower().replace("-", " ")) == tid
    assert not any(c in "ILOU" for t in made for c in t.replace("-", ""))


def test_confusable_letters_are_read_as_digits():
    assert ids.normalize_tracking_id("o1l2-i3u4") == "0112-13V4"


@given(st.text(max_size=60))
def test_normalize_never_raises(text):
    out = ids.normalize_tracking_id(text)
    assert out is None or (len(out) == 9 and out[4] == "-")
    ids.normalize_code(text)


def test_secret_hash_checks():
    h = ids.hash_secret("ABC", "salt")
    assert ids.check_secret("ABC", "salt", h)
    assert not ids.check_secret("ABD", "salt", h)
    assert not ids.check_secret("ABC", "salt", None)


@pytest.mark.parametrize("header,lang", [
    (None, "id"), ("", "id"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("id-ID,id;q=0.9,en;q=0.8", "id"),
    ("fr-FR", "id"), ("fr, en;q=0.5", "en"), ("en;q=0.1, id;q=0.9", "id"), ("en;q=abc", "en"), (";;;,,", "id"),
])
def test_accept_language(header, lang):
    assert language(header) == lang


@given(st.text(max_size=200))
def test_accept_language_never_raises(text):
    assert language(text) in ("id", "en")


def test_cursor_round_trip_and_garbage():
    key = {"PK": {"S": "a"}, "SK": {"S": "b"}}
    assert decode_cursor(encode_cursor(key), {"PK", "SK"}) == key
    for bad in ("!!", "e30", encode_cursor({"PK": {"N": "1"}}), encode_cursor({"X": {"S": "1"}})):
        with pytest.raises(ValueError):
            decode_cursor(bad, {"PK", "SK"})


@given(st.text(max_size=80))
def test_cursor_decode_raises_only_valueerror(text):
    try:
        decode_cursor(text, {"PK", "SK"})
    except ValueError:
        pass


@pytest.mark.parametrize("raw,out", [
    ("0812-3456-7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"), ("81234567890", "+6281234567890"), ("(021) 555-1234", "+62215551234"),
])
def test_phone_normalisation(raw, out):
    assert normalize_phone(raw) == out


@pytest.mark.parametrize("raw", ["12", "abc", "+62", "0812345678901234567"])
def test_bad_phones(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


@given(st.text())
def test_any_typed_secret_hashes_and_compares_without_error(typed):
    """JSON strings may hold any code point, lone surrogates included: a hostile secret is only a wrong one."""
    assert ids.same_secret(typed, typed)
    assert not ids.same_secret(typed + "x", typed)
    assert len(ids.hash_secret(typed, typed)) == 64
    assert not ids.check_secret(typed + "\ud800", "salt", ids.hash_secret("ABCD-EFGH-JKMN", "salt"))
