"""Each stage of a decision on its own: parse, places, matters, facilities, authority, memory, confidence."""
from chalicelib.domain.routing import RoutingInput, engine, route

IX = engine.get_index()


def _draft(**kw):
    return engine.parse(IX, RoutingInput(**kw))


def test_the_stages_are_named_in_order():
    assert engine.STAGES == ("parse", "places", "matters", "facilities", "authority", "memory", "confidence")


def test_parse_keeps_a_known_hint_and_explains_an_unknown_one():
    assert _draft(agency_id="PLN").hint.id == "pln"
    st = _draft(agency_id="no-such-body")
    assert st.hint is None and st.reasons[0]["code"] == "hint_unknown"


def test_places_reads_codes_then_text_then_coordinates():
    assert engine.places(IX, _draft(region_code="33.10")).place.region.code == "33.10"
    assert engine.places(IX, _draft(body="di Kabupaten Klaten")).place.region.code == "33.10"
    st = engine.places(IX, _draft(body="jalan rusak", lat=-7.2279, lon=107.9087))
    assert st.place.source == "coordinates" and st.place.region.code == "32.05"


def test_matters_scores_phrases_and_the_category():
    st = engine.matters(IX, _draft(title="Jalan rusak", body="jalan berlubang"))
    road = ("m", IX.matter_idx["road_local"])
    assert st.scores[road] > 0
    with_cat = engine.matters(IX, _draft(title="Jalan rusak", body="jalan berlubang", category="road_local"))
    assert with_cat.scores[road] == st.scores[road] + engine.W_STRONG


def test_facilities_fix_the_owner_of_their_matters():
    st = engine.facilities(IX, engine.matters(IX, _draft(body="toilet bandara Rembele rusak")))
    assert st.owned["airport"][0] == "kemenhub"


def test_authority_sends_a_local_matter_to_the_place_or_to_the_ministry_without_one():
    def run(**kw):
        st = _draft(**kw)
        for stage in (engine.places, engine.matters, engine.facilities, engine.authority):
            st = stage(IX, st)
        return st

    st = run(body="jalan desa berlubang", region_code="33.10")
    assert max(st.agency_scores, key=st.agency_scores.get) == "pemkab-33.10"
    st = run(body="jalan desa berlubang")
    top = max(st.agency_scores, key=st.agency_scores.get)
    assert top == "kemen-pu" and st.agency_matter[top][4] is True   # no place: fallback, flagged


def test_memory_adds_only_a_bounded_weight():
    st = _draft(body="guru honorer belum digaji", region_code="33.10")
    for stage in (engine.places, engine.matters, engine.facilities, engine.authority):
        st = stage(IX, st)
    before = dict(st.agency_scores)
    st = engine.memory_stage(IX, st, lambda m, p: {"kemendikdasmen": 1000})
    assert 0 < st.agency_scores["kemendikdasmen"] - before.get("kemendikdasmen", 0.0) <= 3.0


def test_confidence_with_nothing_known_goes_to_the_national_admins_verification():
    d = engine.confidence(IX, _draft(title="", body=""))
    assert d.agency_id == "kemenpanrb" and d.needs_verification


def test_decide_is_the_composition_of_the_stages():
    inp = RoutingInput(title="Jalan rusak", body="jalan desa berlubang di Kabupaten Klaten")
    st = engine.parse(IX, inp)
    for stage in (engine.places, engine.matters, engine.facilities, engine.authority):
        st = stage(IX, st)
    d = engine.confidence(IX, engine.memory_stage(IX, st, None))
    assert d.to_dict() == route(inp).to_dict()
