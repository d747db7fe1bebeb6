"""Type-ahead over the directory's places and agencies: what people type finds what they mean."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.directory import get_directory
from chalicelib.domain.directory_search import suggest_agencies, suggest_places, words


def labels(q, n=3):
    return [p["label"] for p in suggest_places(q, n)]


def test_names_as_people_type_them():
    assert labels("ubud", 1) == ["Kecamatan Ubud, Kabupaten Gianyar, Bali"]
    assert labels("gianyar", 1) == ["Kabupaten Gianyar, Bali"]  # the regency before its namesake kecamatan
    assert labels("kota band", 1) == ["Kota Bandung, Jawa Barat"]
    assert labels("DENPASAR sel", 1) == ["Kecamatan Denpasar Selatan, Kota Denpasar, Bali"]
    assert labels("ubud gianyar", 1) == labels("ubud", 1)  # a parent's name narrows
    assert labels("bali", 1) == ["Provinsi Bali"]
    assert suggest_places("zzzzqq") == [] and suggest_places("  ") == [] and suggest_places("!!") == []


def test_each_place_says_the_location_fields_that_name_it():
    district = suggest_places("ubud", 1)[0]
    assert district["location"] == {"district_code": "51.04.05", "region_code": "51.04"}
    assert suggest_places("provinsi bali", 1)[0]["location"] == {"region_code": "51"}


def test_every_place_the_directory_offers_is_found_by_its_name():
    d = get_directory()
    sample = list(d.places())[::97]
    for place in sample:
        codes = [p["code"] for p in suggest_places(place.name + " " + (d.regions.get(place.parent_code or "") or
                                                                       d.regions[place.code]).name, 20)]
        assert place.code in codes, place


def test_agencies_by_name_short_name_or_place():
    assert suggest_agencies("kesehatan", 1)[0]["id"] == "kemenkes"
    assert suggest_agencies("pemkot denpasar", 1)[0]["id"] == "pemkot-51.71"
    assert suggest_agencies("gianyar", 1)[0]["id"] == "pemkab-51.04"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.integers(min_value=1, max_value=20))
def test_any_text_answers_at_most_limit_matches_of_every_word(q, limit):
    out = suggest_places(q, limit)
    assert len(out) <= limit
    tokens = words(q)[:6]
    for p in out:
        haystack = words(p["label"])
        assert all(any(w.startswith(t) for w in haystack) for t in tokens), (q, p)
