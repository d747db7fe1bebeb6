"""The routing knowledge is data (chalicelib/data/matters.json, facilities.csv): every rule is checkable."""
import pytest
from routing_helpers import codes, r

from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import taxonomy
from chalicelib.domain.units import standard_units

AGENCIES = get_directory().agencies
MATTER_IDS = {m["id"] for m in taxonomy.MATTERS}
TARGETS = {taxonomy.LOCAL, taxonomy.PROVINCE}
SAMPLE = {taxonomy.LOCAL: "pemkab-33.10", taxonomy.PROVINCE: "pemprov-33"}


def _agency_for(target):
    return SAMPLE.get(target, target)


@pytest.mark.parametrize("matter", taxonomy.MATTERS, ids=lambda m: m["id"])
def test_every_matter_rule_names_an_agency_a_citation_and_a_reason(matter):
    assert matter["target"] in AGENCIES or matter["target"] in TARGETS
    for other in matter["also"]:
        assert other in AGENCIES or other in TARGETS, other
    assert matter["fallback"] is None or matter["fallback"] in AGENCIES
    basis = matter["authority"]
    assert len(basis["citation"]) >= 8 and any(w in basis["citation"] for w in ("UU", "PP", "Perpres", "Permen", "PMK",
                                                                                 "POJK", "PMA", "Kepmen", "Permendag"))
    assert len(basis["reason_en"]) >= 20
    assert matter["strong"] or matter["normal"], "a matter needs at least one non-weak phrase"
    if "unit" in matter:
        keys = {u.key for u in standard_units(_agency_for(matter["target"]))}
        assert matter["unit"] in keys, (matter["unit"], keys)


def test_matter_ids_are_unique():
    assert len(MATTER_IDS) == len(taxonomy.MATTERS)


@pytest.mark.parametrize("facility", taxonomy.FACILITIES, ids=lambda f: f["phrase"])
def test_every_facility_has_an_owner_in_the_directory_matters_and_a_basis(facility):
    assert facility["owner"] in AGENCIES
    assert facility["matters"] and set(facility["matters"]) <= MATTER_IDS
    assert len(facility["basis"]) >= 10
    assert facility["cue"] in ("", "weak", "normal")
    assert facility["phrase"] == facility["phrase"].strip().lower()


KINDS = sorted({f["kind"] for f in taxonomy.FACILITIES})


def _first_phrase(matter_id):
    m = next(m for m in taxonomy.MATTERS if m["id"] == matter_id)
    return (m["strong"] or m["normal"])[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_named_facility_gives_its_matter_to_its_owner(kind):
    """General rule: a complaint about a facility's matter that names the facility goes to the facility's owner."""
    rows = [f for f in taxonomy.FACILITIES if f["kind"] == kind]
    wrong = []
    for f in rows:
        d = r(f"Keluhan {_first_phrase(f['matters'][0])}", f"{_first_phrase(f['matters'][0])} di {f['phrase']} "
              "bermasalah sudah seminggu, mohon ditindaklanjuti.")
        if d.agency_id != f["owner"]:
            wrong.append((f["phrase"], d.agency_id))
    assert not wrong, wrong


def test_the_owner_of_a_named_facility_is_explained():
    d = r("Toilet bandara", "toilet bandara Rembele rusak dan kotor")
    assert d.agency_id == "kemenhub" and "facility_owner" in codes(d)


def test_immigration_at_a_border_post_stays_with_immigration():
    d = r("Imigrasi di PLBN", "petugas imigrasi di PLBN minta uang untuk cap paspor")
    assert d.agency_id == "kemenimipas"


@pytest.mark.parametrize("facility", [f for f in taxonomy.FACILITIES if f["unit"]], ids=lambda f: f["phrase"])
def test_a_facility_unit_exists_in_its_owner(facility):
    assert facility["unit"] in {u.key for u in standard_units(facility["owner"])}


@pytest.mark.parametrize("title,body,unit", [
    ("KTP", "e-ktp belum jadi sudah tiga bulan di Kabupaten Klaten", "pemkab-33.10/disdukcapil"),
    ("Pencurian", "motor dicuri, lapor ke polsek tidak ditanggapi", "polri/polsek"),
    ("Sertifikat", "sertifikat tanah PTSL belum jadi", "kemen-atr-bpn/kantor-pertanahan"),
    ("Bandara", "toilet bandara Rembele rusak", "kemenhub/upbu"),
    ("Pajak motor", "pajak motor di samsat kena denda, Kabupaten Klaten", "pemprov-33/samsat"),
])
def test_the_decision_names_the_unit_that_acts(title, body, unit):
    d = r(title, body)
    assert d.unit is not None and d.unit["id"] == unit and d.unit["reason"]["en"]
    assert d.to_dict("en")["unit"]["reason"] == d.unit["reason"]["en"]


def test_no_unit_without_a_matter_that_has_one():
    assert r("Tolong", "Mohon dibantu, sudah lama tidak ada kejelasan.").unit is None


def test_vehicle_tax_is_the_provinces_even_when_the_reporter_picks_polri():
    d = r("Pajak motor", "pajak tahunan motor di samsat kena denda padahal sudah bayar, Kabupaten Klaten", agency_id="polri")
    assert d.agency_id == "pemprov-33" and "hint_overridden" in codes(d)
    d = r("BPKB", "BPKB motor baru belum jadi enam bulan di Samsat, Kabupaten Klaten")
    assert d.agency_id == "polri"


def test_every_place_alias_names_a_region_of_its_kind():
    from chalicelib.domain.routing.places import aliases

    regions = {x.name: x for x in get_directory().regions.values()}
    for alias, targets in aliases().items():
        assert alias == alias.strip().lower() and alias
        for kind, name in targets:
            assert name in regions, (alias, name)
            assert regions[name].level == kind, (alias, name, kind)


def test_synonyms_map_words_to_words():
    from chalicelib.domain.routing.text import _ABBREV

    assert _ABBREV["yg"] == "yang" and all(k and v and k == k.strip() for k, v in _ABBREV.items())
