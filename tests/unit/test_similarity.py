"""MinHash similarity (domain/similarity.py) and the Similar index entry of a case."""
from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.adapters.complaint_repository import index_attributes
from chalicelib.domain import similarity

CASE = {"tracking_id": "7KQ2-M9XD", "created_at": "2026-11-02T01:00:00Z", "status": "assigned", "kind": "complaint",
        "agency_id": "pemkab-51.04", "province_code": "51", "matter": {"id": "road_local"},
        "title": "Jalan berlubang", "body": "Lubang besar di jalan desa", "location": {"lat": -8.51234, "lon": 115.3},
        "region": {"code": "51.04.05", "level": "district", "parent_code": "51.04"}}
TEXT = st.text(alphabet=st.sampled_from("abcdeijklmnoprstu "), max_size=200)


@settings(max_examples=60, deadline=None)
@given(TEXT, TEXT)
def test_similarity_is_symmetric_bounded_and_one_for_the_same_words(a, b):
    sa, sb = similarity.signature(a), similarity.signature(b)
    s = similarity.similarity(sa, sb)
    assert 0.0 <= s <= 1.0 and s == similarity.similarity(sb, sa)
    assert similarity.decode(similarity.encode(sa)) == sa
    assert similarity.similarity(sa, similarity.signature(a)) == (1.0 if similarity.shingles(a) else 0.0)


def test_the_estimate_follows_jaccard_on_average():
    import random
    import statistics

    rng, vocab = random.Random(7), [f"kata{i}" for i in range(60)]
    errors = []
    for _ in range(200):
        a, b = " ".join(rng.sample(vocab, 12)), " ".join(rng.sample(vocab, 12))
        sa, sb = similarity.shingles(a), similarity.shingles(b)
        errors.append(similarity.similarity(similarity.signature(a), similarity.signature(b))
                      - len(sa & sb) / len(sa | sb))
    assert abs(statistics.mean(errors)) < 0.02 and statistics.pstdev(errors) < 0.1


def test_only_open_public_reports_have_an_entry_keyed_by_matter_and_regency():
    attrs = index_attributes(CASE)
    assert attrs["GSI9PK"] == "SIM#road_local#51.04" and attrs["GSI9District"] == "51.04.05"
    assert attrs["GSI9Lat"] == "-8.512" and len(attrs["GSI9Sig"]) == 4 * similarity.PERMUTATIONS == 128  # binary
    assert base64.b64encode(attrs["GSI9Sig"]).decode().rstrip("=") == similarity.encode(
        similarity.signature(similarity.case_text(CASE)))
    for change in ({"confidential": True}, {"status": "closed"}, {"status": "completed"}, {"matter": None},
                   {"status": "awaiting_verification"}, {"region": {"code": "51", "level": "province"}}):
        assert "GSI9PK" not in index_attributes({**CASE, **change}), change


def test_nearby_prefers_coordinates_then_the_kecamatan():
    a = {"district": "51.71.01", "lat": -8.67, "lon": 115.21}
    assert similarity.nearby(a, {"district": "51.71.02", "lat": -8.671, "lon": 115.211})
    assert not similarity.nearby(a, {"district": "51.71.01", "lat": -8.75, "lon": 115.30})
    assert not similarity.nearby({"district": "51.71.01"}, {"district": "51.71.02"})
    assert similarity.nearby({"district": None}, {"district": "51.71.02"})


def test_a_report_that_joined_a_cluster_counts_as_clustered_in_the_figures():
    from chalicelib.domain import stats_rules

    msg = {"type": "complaint.assigned", "agency_id": "pemkot-51.71", "occurred_at": "2026-11-02T01:00:00Z",
           "data": {"action": "route_auto", "case": {"province_code": "51", "matter": {"id": "road_local"}}}}
    joined = stats_rules.contributions(msg, case={"cluster_id": "7KQ2-M9XD"})
    alone = stats_rules.contributions(msg, case={})
    assert ("NATIONAL", "clustered", 1) in joined and ("AGENCY#pemkot-51.71", "clustered", 1) in joined
    assert not [c for c in alone if c[1] == "clustered"]
    assert stats_rules.agency_view("x", {"clustered": 3})["clustered"] == 3


def test_a_confirmed_supporter_is_one_counted_event_with_a_stable_id():
    from chalicelib.domain import stats_rules

    image = {"PK": "C#7KQ2-M9XD", "SK": "SUP#abc", "contact": "abc", "confirmed": True, "agency_id": "pemkot-51.71",
             "created_at": "2026-11-02T01:00:00Z", "confirmed_at": "2026-11-03T01:00:00Z"}
    event = stats_rules.supporter_event(image)
    assert event == stats_rules.supporter_event(dict(image)) and event["tracking_id"] == "7KQ2-M9XD"
    assert set(stats_rules.contributions(event)) == {("NATIONAL", "supporters", 1),
                                                      ("AGENCY#pemkot-51.71", "supporters", 1)}
    assert stats_rules.supporter_event({**image, "confirmed": False}) is None
    assert stats_rules.supporter_event({**image, "SK": "MEDIA#x"}) is None
    assert stats_rules.national_view("2026", {"supporters": 2}, [])["supporters"] == 2


def test_an_entry_stored_in_the_earlier_hex_form_still_compares():
    full = similarity.signature("lubang besar di jalan desa dekat pasar")
    legacy = "".join(f"{(v | (5 << 40)):016x}" for v in full)  # 64-bit minima whose low 32 bits are these
    assert similarity.similarity(full, similarity.decode(legacy)) == 1.0
    assert similarity.decode("!" * similarity.ENCODED_LENGTH) is None and similarity.decode("!" * 512) is None
