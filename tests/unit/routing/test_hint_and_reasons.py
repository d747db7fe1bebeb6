"""The reporter's agency hint and bilingual reasons."""
from routing_helpers import codes, r

from chalicelib.domain.routing import AUTO_ROUTE_THRESHOLD, RoutingDecision


def test_hint_honoured_when_it_has_authority():
    d = r("Jalan rusak", "Jalan di depan rumah rusak dan berlubang", region_code="32.01", agency_id="pemkab-32.01")
    assert d.agency_id == "pemkab-32.01"
    assert "hint_agrees" in codes(d)
    assert not d.needs_verification


def test_hint_supplies_place():
    d = r("Jalan rusak", "Jalan di depan rumah rusak dan berlubang", agency_id="pemkab-32.01")
    assert d.agency_id == "pemkab-32.01"
    assert "place_from_hint" in codes(d)


def test_hint_overridden_for_province_matter():
    d = r("SMA minta uang", "SMA negeri anak saya minta uang pembangunan 3 juta", region_code="32.01",
          agency_id="pemkab-32.01")
    assert d.agency_id == "pemprov-32"
    assert "hint_overridden" in codes(d)
    why = next(x for x in d.reasons if x["code"] == "hint_overridden")
    assert "provinsi" in why["id"] and "provincial" in why["en"]
    assert "pemkab-32.01" in [c["agency_id"] for c in d.candidates]


def test_hint_overridden_national():
    d = r("Listrik", "tiap malam listrik byar pet, kulkas rusak", region_code="12.71", agency_id="pemkot-12.71")
    assert d.agency_id == "pln"
    assert "hint_overridden" in codes(d)


def test_shared_authority_hint_is_honoured():
    d = r("Dana desa", "Kepala desa tidak transparan soal dana desa", region_code="36.02", agency_id="kemendes-pdt")
    assert d.agency_id == "kemendes-pdt"
    assert "hint_shared_authority" in codes(d)


def test_unknown_hint_ignored():
    d = r("Listrik", "listrik padam terus", agency_id="dinas-ngawur")
    assert d.agency_id == "pln"
    assert "hint_unknown" in codes(d)


def test_hint_only():
    d = r("Tolong", "mohon segera ditindaklanjuti", agency_id="bpom")
    assert d.agency_id == "bpom"
    assert d.needs_verification


def test_fallback_national_admin():
    d = r("", "")
    assert d.agency_id == "kemenpanrb"
    assert d.needs_verification and d.confidence < 0.2


def test_place_without_matter_goes_local():
    d = r("Tolong", "mohon ditindaklanjuti segera", region_code="35.78")
    assert d.agency_id == "pemkot-35.78"
    assert d.needs_verification


def test_regional_matter_without_place():
    d = r("Puskesmas", "puskesmas tutup jam 10, dokter tidak ada")
    assert d.needs_verification
    assert "no_place_for_regional" in codes(d)


def test_reasons_bilingual_and_to_dict():
    d = r("Sampah", "Sampah menumpuk di TPS tidak diangkut", region_code="35.78")
    assert isinstance(d, RoutingDecision)
    for x in d.reasons:
        assert set(x) == {"code", "id", "en"}
        assert x["id"] and x["en"] and x["id"] != x["en"]
    di, de = d.to_dict("id"), d.to_dict("en")
    assert all(isinstance(s, str) for s in di["reasons"]) and di["reasons"] != de["reasons"]
    assert di["reasons"] == [x["id"] for x in d.reasons]
    assert de["agency_id"] == "pemkot-35.78" and de["matter"]["id"] == "waste"
    assert d.needs_verification == (d.confidence < AUTO_ROUTE_THRESHOLD)
    assert d.candidates[0]["agency_id"] == d.agency_id


def test_confidence_reflects_margin():
    clear = r("Listrik padam", "listrik PLN padam, token tidak masuk ke meteran")
    mixed = r("Keluhan", "listrik padam dan air PDAM juga mati", region_code="33.10")
    assert clear.confidence > mixed.confidence
