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
