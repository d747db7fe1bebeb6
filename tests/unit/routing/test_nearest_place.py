"""lat/lon -> place: the nearest known points vote, certainty falls with distance, text and codes win."""
from hypothesis import given, settings
from hypothesis import strategies as st
from routing_helpers import codes, r

from chalicelib.domain.routing import nearest_place as npl
from chalicelib.domain.routing.compiled import read_place_points

SEATS = read_place_points()


def test_a_point_at_a_regency_seat_places_a_local_matter_there():
    lat, lon, code = next(p for p in SEATS if p[2] == "32.05")  # Garut
    d = r("Jalan rusak", "Jalan berlubang parah, mohon diperbaiki.", lat=lat + 0.01, lon=lon)
    assert d.agency_id == "pemkab-32.05" and "place_from_coordinates" in codes(d)


def test_a_point_outside_indonesia_is_not_used():
    d = r("Jalan rusak", "Jalan berlubang parah, mohon diperbaiki.", lat=48.85, lon=2.35)
    assert "coordinates_outside" in codes(d) and d.needs_verification


def test_a_named_place_wins_over_the_coordinates():
    lat, lon, _ = next(p for p in SEATS if p[2] == "32.05")
    d = r("Jalan rusak", "Jalan desa berlubang di Kabupaten Klaten.", lat=lat, lon=lon)
    assert d.agency_id == "pemkab-33.10" and "place_from_coordinates" not in codes(d)


def test_certainty_falls_with_distance():
    cells = npl.grid([(0.0, 110.0, "61.01", True)])
    certs = [npl.locate(cells, 0.0, 110.0 + k * 0.1)[1] for k in range(0, 12)]
    assert all(a >= b for a, b in zip(certs, certs[1:])) and certs[0] > 0.8 > 0.2 > certs[-1]


def test_nearer_points_outvote_a_farther_one():
    cells = npl.grid([(0.0, 110.0, "61.01", False), (0.0, 110.05, "61.01", False), (0.0, 109.8, "61.02", True)])
    assert npl.locate(cells, 0.0, 110.02)[0] == "61.01"


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-90, 90), lon=st.floats(-180, 180))
def test_any_coordinate_gives_a_valid_decision(lat, lon):
    d = r("Jalan rusak", "Jalan berlubang parah.", lat=lat, lon=lon)
    assert 0.0 <= d.confidence <= 1.0 and d.reasons
    got = npl.locate(__import__("chalicelib.domain.routing.engine", fromlist=["get_index"]).get_index().points, lat, lon)
    if got is not None:
        assert 0.0 <= got[1] <= npl.CAP and 0.0 <= got[3] <= npl.CAP and got[4] <= npl.MAX_KM
