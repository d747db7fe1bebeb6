"""Places below the kecamatan (desa/kelurahan, islands), home vs the place of the problem, the compiled index."""
import collections
import random

import pytest
from routing_helpers import codes, r

from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import compiled
from chalicelib.domain.routing.text import tokens

D = get_directory()


def _bare(region):
    for p in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if region.name.startswith(p):
            return region.name[len(p):]
    return region.name


def _unique_villages(n=120):
    rows = compiled.read_villages()
    count = collections.Counter("".join(tokens(name)) for _, _, name in rows)
    place_names = {"".join(tokens(x.name)) for x in D.districts.values()} | {
        "".join(tokens(_bare(x))) for x in D.regions.values()}
    ok = [(c, dc, name) for c, dc, name in rows
          if count["".join(tokens(name))] == 1 and "".join(tokens(name)) not in place_names
          and len("".join(tokens(name))) >= 6 and dc in D.districts]
    return random.Random(15).sample(ok, n)


@pytest.mark.parametrize("code,district_code,name", _unique_villages())
def test_a_local_matter_in_a_named_desa_goes_to_its_regency(code, district_code, name):
    regency = D.districts[district_code].parent_code
    d = r("Jalan desa rusak", f"Jalan desa di Desa {name} berlubang dan becek sejak tahun lalu.")
    assert d.agency_id == D.local_government_for(regency)
    assert d.region["code"] == district_code and d.region["village"]["code"] == code


def test_a_village_name_shared_by_many_places_is_not_a_sure_place():
    d = r("Jalan desa rusak", "Jalan desa di Desa Sukamaju berlubang dan becek sejak tahun lalu.")
    assert d.needs_verification


def test_a_regency_named_with_the_village_settles_a_shared_village_name():
    d = r("Jalan desa rusak", "Jalan desa di Desa Sukamaju, Kabupaten Garut berlubang sejak tahun lalu.")
    assert d.agency_id == "pemkab-32.05" and not d.needs_verification


@pytest.mark.parametrize("words", ["pulau kecil", "desa kabupaten", "kelurahan setempat", "pulau lain"])
def test_ordinary_words_after_desa_or_pulau_are_not_places(words):
    d = r("Sekolah jauh", f"Anak-anak di {words} harus menyeberang untuk sekolah SMP.")
    assert d.region is None


def test_the_place_of_the_problem_wins_over_the_home():
    d = r("Jalan rusak", "Saya tinggal di Kota Bandung tapi jalan rusaknya di Kabupaten Garut, sudah setahun.")
    assert d.agency_id == "pemkab-32.05"
    d = r("Jalan rusak", "Saya berdomisili di Kabupaten Garut. Lokasi jalan berlubang: Kota Bandung, dekat pasar.")
    assert d.agency_id == "pemkot-32.73"


def test_a_structured_location_that_is_the_home_yields_to_the_named_place_of_the_problem():
    d = r("Jalan rusak", "Jalan desa berlubang parah, lokasinya di Kabupaten Garut.", location_text="Kota Bandung")
    assert d.agency_id == "pemkab-32.05"
    d = r("Jalan rusak", "Jalan desa berlubang parah, lokasinya di Kabupaten Garut.", region_code="32.73")
    assert d.agency_id == "pemkab-32.05" and "place_problem_over_code" in codes(d)


def test_a_structured_location_alone_still_sends_a_local_matter_to_the_local_government():
    d = r("Lampu jalan mati", "PJU mati sebulan", region_code="33.10")
    assert d.agency_id == "pemkab-33.10" and not d.needs_verification
    d = r("Jalan rusak", "Jalan desa berlubang.", region_code="32.05", location_text="Desa Sukamaju")
    assert d.agency_id == "pemkab-32.05"


def test_a_kecamatan_named_like_a_regency_elsewhere():
    """Bare, the name means the regency/city; with "Kecamatan" and its regency, the kecamatan."""
    twins = []
    bare = collections.defaultdict(list)
    for reg in D.regions.values():
        if reg.level != "province":
            bare[_bare(reg)].append(reg.code)
    for dist in D.districts.values():
        if dist.name in bare and dist.parent_code not in bare[dist.name]:
            twins.append(dist)
    assert twins
    for dist in twins:
        d = r("Sampah menumpuk", f"Sampah menumpuk di pasar {dist.name} sudah seminggu.")
        assert d.agency_id in {D.local_government_for(c) for c in bare[dist.name]}, dist.name
        d = r("Sampah menumpuk", f"Sampah menumpuk di Kecamatan {dist.name}, {D.regions[dist.parent_code].name}.")
        assert d.agency_id == D.local_government_for(dist.parent_code), dist.name


def test_a_complaint_naming_nothing_goes_to_the_national_admins_verification():
    d = r("Tolong", "Mohon dibantu, sudah lama tidak ada kejelasan.")
    assert d.agency_id == "kemenpanrb" and d.needs_verification


def test_the_compiled_index_matches_its_sources():
    """Fails until `python -m scripts.build_routing_index` is run after a data or routing-code change."""
    for path in (compiled.INDEX_FILE, compiled.PLACES_FILE):
        blob = compiled.read_blob(path)
        assert blob is not None and blob["format"] == compiled.FORMAT
        assert blob["hash"] == compiled.source_hash(), f"{path} is stale: run python -m scripts.build_routing_index"


def test_the_index_built_in_memory_equals_the_compiled_one():
    from chalicelib.domain.routing.lexicon import build_index_data

    built = build_index_data(D)
    blob = compiled.read_blob(compiled.INDEX_FILE)["data"]
    assert built["gaz"].pop("small") == compiled.read_blob(compiled.PLACES_FILE)["data"]
    assert built == blob


def test_dms_coordinates_parse():
    assert compiled.parse_dms("02°48'34.67\" N 097°35'36.51\" E") == pytest.approx((2.80963, 97.59347), abs=1e-4)
    assert compiled.parse_dms("06°10'00\" S 106°49'00\" E")[0] < 0
    assert compiled.parse_dms("nonsense") is None


def test_a_weak_word_without_a_place_is_still_naming_nothing():
    d = r("Mohon bantuan", "Tolong bantu saya, masalah ini sudah lama tidak selesai dan saya bingung harus ke mana.")
    assert d.agency_id == "kemenpanrb" and d.needs_verification and "matter_too_weak" in codes(d)


@pytest.mark.parametrize("nick,agency", [("Kota Kembang", "pemkot-32.73"), ("kota hujan", "pemkot-32.71"),
                                         ("Kota Pahlawan", "pemkot-35.78"), ("Kota Daeng", "pemkot-73.71")])
def test_city_nicknames_name_their_city(nick, agency):
    assert r("Sampah menumpuk", f"Sampah menumpuk di {nick}, TPS penuh seminggu.").agency_id == agency
