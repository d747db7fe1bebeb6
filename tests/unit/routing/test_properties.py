"""Property tests: route() never raises and always returns a valid, well-formed decision."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import AUTO_ROUTE_THRESHOLD, RoutingInput, route

AGENCIES = get_directory().agencies
WORDS = ["jalan", "rusak", "kab", "kota", "bogor", "sma", "sampah", "pln", "kec.", "jaksel", "bpjs", "😀", "",
         "Kabupaten", "Bekasi", "sertifikat", "mbg", "🙏🙏", "\x00", "null", "None", "%s", "<script>"]
text = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
                 st.just("😀" * 5000))
maybe_code = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(list(get_directory().regions)[:50]),
                       st.sampled_from(["32.01.01", "31.74", "99.99", "", "..", "32..01"]))
maybe_agency = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(list(AGENCIES)[:200]))
coord = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["complaint", "aspiration", "information_request", "", "x"]), title=text, body=text,
       category=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["electricity", "waste"])),
       region_code=maybe_code, district_code=maybe_code, location_text=st.one_of(st.none(), text),
       lat=coord, lon=coord, agency_id=maybe_agency)
def test_route_total(kind, title, body, category, region_code, district_code, location_text, lat, lon, agency_id):
    d = route(RoutingInput(kind=kind, title=title, body=body, category=category, region_code=region_code,
                           district_code=district_code, location_text=location_text, lat=lat, lon=lon,
                           agency_id=agency_id))
    assert d.agency_id in AGENCIES
    assert d.agency_name == AGENCIES[d.agency_id].name
    assert d.level == AGENCIES[d.agency_id].level
    assert 0.0 <= d.confidence <= 1.0 and round(d.confidence, 3) == d.confidence
    assert 1 <= len(d.candidates) <= 5 and d.candidates[0]["agency_id"] == d.agency_id
    assert all(c["agency_id"] in AGENCIES and 0.0 <= c["confidence"] <= 1.0 for c in d.candidates)
    assert d.needs_verification == (d.confidence < AUTO_ROUTE_THRESHOLD)
    assert all(set(x) == {"code", "id", "en"} for x in d.reasons)
    assert isinstance(d.to_dict("en")["reasons"], list)


def test_non_string_inputs_do_not_raise():
    d = route(RoutingInput(title=None, body=12345, region_code=3201, agency_id=["x"]))  # type: ignore[arg-type]
    assert d.agency_id in AGENCIES
    d = route(None)  # type: ignore[arg-type]
    assert d.agency_id in AGENCIES


# Inputs of the allowed size (title 150, body 5,000, location 300 characters), built to stress the matcher:
# one unit repeated (a keyword, a prefix, a place name, an abbreviation), long single words, any unicode.
UNITS = ["jl,", "di ", "Jln. ", "kec. ", "kabupaten ", "kabupatn ", "Keude Bakongan ", "Bogor ", "jalan rusak ",
         "jalan x ", "depan ", "a", "a b ", "😀", "saya tinggal di Solo tapi ", "tol ", "bandara ", "-", "2 "]
repeated = st.tuples(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3).map("".join),
                     st.integers(1, 5000)).map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[:t[1]])
big_text = st.one_of(repeated, st.text(min_size=0, max_size=5000),
                     st.lists(st.sampled_from(WORDS), max_size=900).map(" ".join).map(lambda s: s[:5000]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(title=big_text, body=big_text, location_text=st.one_of(st.none(), big_text))
def test_route_terminates_on_any_text_of_the_allowed_size(title, body, location_text):
    d = route(RoutingInput(title=title[:150], body=body[:5000],
                           location_text=None if location_text is None else location_text[:300]))
    assert d.agency_id in AGENCIES
    assert 0.0 <= d.confidence <= 1.0
    assert d.needs_verification == (d.confidence < AUTO_ROUTE_THRESHOLD)
    assert d.reasons and all(set(x) == {"code", "id", "en"} for x in d.reasons)


def test_long_words_are_cut_before_typo_lookups():
    from chalicelib.domain.routing.text import MAX_WORD, cased_tokens, tokens

    assert tokens("a" * 5000) == ["a" * MAX_WORD]
    assert cased_tokens("B" * 5000)[0][0] == "b" * MAX_WORD
