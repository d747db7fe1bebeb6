"""Location resolver: aliases, typos, Kab/Kota ambiguity, codes, DKI rule, kecamatan context."""
import pytest
from routing_helpers import codes, r

from chalicelib.domain.routing import AUTO_ROUTE_THRESHOLD

ROAD = "Jalan rusak parah dan berlubang, mohon diperbaiki"
WASTE = "Sampah menumpuk di TPS sudah seminggu tidak diangkut"


@pytest.mark.parametrize("text,region_code", [
    ("di Jaksel", "31.74"), ("daerah Jakpus", "31.71"), ("di Jakarta Timur", "31.75"),
    ("Kota Jogja", "34.71"), ("di Solo", "33.72"), ("Surabaya", "35.78"), ("Makassar", "73.71"),
    ("Ujung Pandang", "73.71"), ("Kab. Sleman", "34.04"), ("Kabupaten Banyuwangi", "35.10"),
    ("Kota Pangkalpinang", "19.71"), ("Kota Palangka Raya", "62.71"), ("Purwokerto", "33.02"),
    ("kodya Malang", "35.73"), ("Pemkab Garut", "32.05"), ("Tangsel", "36.74"),
])
def test_aliases_and_forms(text, region_code):
    d = r("Sampah", f"{WASTE} {text}")
    assert d.region is not None
    assert d.region["code"] == region_code or d.region.get("parent_code") == region_code


@pytest.mark.parametrize("text,prov", [("Sulsel", "73"), ("Jatim", "35"), ("NTT", "53"), ("Kalbar", "61"),
                                       ("Provinsi Jawa Barat", "32"), ("Prov. Sumatera Utara", "12")])
def test_province_aliases(text, prov):
    d = r("SMA negeri minta pungutan", f"SMA negeri di {text} memungut uang gedung")
    assert d.agency_id == f"pemprov-{prov}"


def test_typo_in_region_name():
    d = r("Jalan rusak", f"{ROAD}, Kabupaten Bojonegroo")
    assert d.agency_id == "pemkab-35.22"
    d = r("Jalan rusak", f"{ROAD} di Banyuwangy")
    assert d.agency_id == "pemkab-35.10"


def test_bare_ambiguous_name_prefers_city_but_needs_verification():
    d = r("Sampah", f"{WASTE} di Bogor")
    assert d.agency_id == "pemkot-32.71"
    assert "place_ambiguous" in codes(d)
    assert d.confidence < AUTO_ROUTE_THRESHOLD and d.needs_verification
    assert "pemkab-32.01" in [c["agency_id"] for c in d.candidates]


def test_explicit_kota_or_kab_decides():
    assert r("Sampah", f"{WASTE} di Kabupaten Bogor").agency_id == "pemkab-32.01"
    assert r("Sampah", f"{WASTE} di kota bogor").agency_id == "pemkot-32.71"
    assert r("Sampah", f"{WASTE} di Kab Malang").agency_id == "pemkab-35.07"


def test_kecamatan_decides_between_kab_and_kota():
    d = r("Jalan rusak di Bogor", f"{ROAD}. Lokasi Kec. Cileungsi, Bogor")
    assert d.agency_id == "pemkab-32.01"
    assert d.region["level"] == "district" and d.region["code"] == "32.01.07"
    assert not d.needs_verification


def test_duplicate_kecamatan_resolved_by_regency_mention():
    # Wates exists in Kulon Progo, Blitar and Kediri
    d = r("Jalan rusak", f"{ROAD} di Kecamatan Wates, Kulon Progo")
    assert d.agency_id == "pemkab-34.01"
    d = r("Jalan rusak", f"{ROAD} di Kecamatan Wates, Kabupaten Kediri")
    assert d.agency_id == "pemkab-35.06"


def test_common_word_kecamatan_needs_context():
    d = r("Jalan rusak", f"{ROAD} di tengah kota baru dekat simpang empat")
    assert d.region is None
    d = r("Jalan rusak", f"{ROAD} di Kecamatan Simpang Empat, Kabupaten Banjar")
    assert d.agency_id == "pemkab-63.03"


def test_common_words_are_not_places():
    d = r("Nasib malang", "Sungguh malang nasib kami, jalan rusak berlubang tidak diperbaiki")
    assert d.region is None
    assert d.needs_verification


def test_codes_preferred_over_text():
    d = r("Sampah", f"{WASTE} di Kota Bandung", region_code="32.01")
    assert d.agency_id == "pemkab-32.01"
    assert "place_from_code" in codes(d)


def test_district_code():
    d = r("Sampah", WASTE, district_code="32.01.01")
    assert d.agency_id == "pemkab-32.01"
    assert d.region == {"code": "32.01.01", "name": "Cibinong", "level": "district", "province_code": "32",
                        "parent_code": "32.01", "parent_name": "Kabupaten Bogor"}


def test_unknown_codes_ignored_with_reason():
    d = r("Sampah", f"{WASTE} di Kota Medan", region_code="99.99", district_code="xx")
    assert d.agency_id == "pemkot-12.71"
    assert "region_code_unknown" in codes(d) and "district_code_unknown" in codes(d)


def test_dki_rule():
    for code in ("31.74", "31.01", "31"):
        d = r("Sampah", WASTE, region_code=code)
        assert d.agency_id == "pemprov-31", code
    d = r("Sampah", f"{WASTE} di Kec. Cakung")
    assert d.agency_id == "pemprov-31"
    assert "dki_rule" in codes(d)


def test_location_text_field():
    d = r("Sampah", WASTE, location_text="Kota Denpasar, Bali")
    assert d.agency_id == "pemkot-51.71"
    assert d.region["province_code"] == "51"


def test_province_only_for_local_matter_goes_to_province_with_low_confidence():
    d = r("Sampah", f"{WASTE}, Provinsi Jawa Tengah")
    assert d.agency_id == "pemprov-33"
    assert d.needs_verification


def test_province_code_refined_by_text():
    d = r("Sampah", f"{WASTE} di Kota Surakarta", region_code="33")
    assert d.agency_id == "pemkot-33.72"


def test_street_names_are_weak_evidence():
    d = r("Sampah", "Sampah di sepanjang Jl. Bandung, Kota Malang tidak diangkut 4 hari")
    assert d.agency_id == "pemkot-35.73"


def test_sentence_initial_capital_is_not_a_place():
    # "Ayah" is also a kecamatan in Kebumen
    d = r("Sakit", "Ayah saya sakit. Dokter di puskesmas tidak ada.")
    assert d.region is None


def test_service_names_imply_place():
    d = r("Bus", "Bus TransJakarta koridor 1 jarang datang, penumpang menumpuk di halte")
    assert d.agency_id == "pemprov-31"
