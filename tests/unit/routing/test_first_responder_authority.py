"""General rules of the third pass on issue #15: matters whose first responder is the regency/city (disaster
response, local pollution, livestock health, RTLH aid), the national ones they are told apart from, and the
reporter's home in "dikirim dari X" -- over random regencies, not eval rows."""
import random

import pytest
from routing_helpers import codes, r

from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import AUTO_ROUTE_THRESHOLD

D = get_directory()
REGENCIES = [x for x in D.regions.values() if x.level == "regency" and x.province_code != "31"]
PICK = random.Random(15).sample(REGENCIES, 30)
LOCAL_FIRST = [
    ("Longsor menutup jalan", "Tanah longsor menutup jalan desa sejak tiga hari, alat berat belum datang."),
    ("Pengungsi banjir", "Pengungsi banjir di posko belum dapat bantuan logistik dan tenda."),
    ("Kekeringan", "Desa kami kekeringan, air tangki bantuan hanya datang sekali sebulan."),
    ("Debu pabrik", "Debu pabrik masuk rumah warga setiap hari, jemuran hitam."),
    ("Sapi kena PMK", "Sapi warga kena penyakit mulut dan kuku, mantri hewan tidak datang."),
    ("Bantuan RTLH", "Rumah saya sudah didata untuk RTLH dua kali tapi tidak pernah dapat bedah rumah."),
]


@pytest.mark.parametrize("region", PICK, ids=lambda x: x.code)
@pytest.mark.parametrize("title,body", LOCAL_FIRST, ids=lambda x: x[:12])
def test_a_first_responder_matter_at_a_known_place_goes_to_its_local_government(region, title, body):
    d = r(title, body, region_code=region.code)
    assert d.agency_id == D.local_government_for(region.code)


@pytest.mark.parametrize("title,body", LOCAL_FIRST, ids=lambda x: x[:12])
def test_without_a_place_it_waits_at_the_national_agency(title, body):
    d = r(title, body)
    assert d.level == "national" and d.needs_verification


@pytest.mark.parametrize("region", PICK[:10], ids=lambda x: x.code)
def test_power_plant_pollution_stays_with_the_ministry(region):
    d = r("Debu PLTU", "Debu batubara dari PLTU masuk rumah warga, anak-anak batuk.", region_code=region.code)
    assert d.agency_id == "kemen-lh"


@pytest.mark.parametrize("region", PICK[:10], ids=lambda x: x.code)
def test_hajj_goes_to_kemenhaj_even_when_the_kemenag_office_is_named(region):
    d = r("Porsi haji", "Nomor porsi haji tidak muncul, kantor Kemenag kabupaten bilang sekarang urusan Kementerian Haji.",
          region_code=region.code)
    assert d.agency_id == "kemenhaj"


@pytest.mark.parametrize("body", ["Pak presiden tolong lihat rakyat kecil ini.", "Bapak presiden, kami susah."])
def test_the_president_addressed_is_no_matter(body):
    assert r("Pak presiden tolong", body).confidence < AUTO_ROUTE_THRESHOLD


def test_an_airport_facilities_csv_does_not_know_waits_for_a_person():
    d = r("Bandara Wakatobu rusak", "Pagar Bandara Wakatobu bolong, hewan masuk landasan.")
    assert d.confidence < AUTO_ROUTE_THRESHOLD and "facility_owner_unknown" in codes(d)


def test_boat_safety_is_the_harbour_masters():
    d = r("Speedboat tanpa pelampung", "Speedboat penyeberangan tidak ada pelampung untuk separuh penumpang, "
          "kelebihan muatan.", region_code=PICK[0].code)
    assert d.agency_id == "kemenhub"


PAIRS = [tuple(random.Random(100 + i).sample(REGENCIES, 2)) for i in range(20)]


@pytest.mark.parametrize("home,there", PAIRS, ids=lambda x: x.code)
@pytest.mark.parametrize("lead", ["Dikirim dari", "Saya kirim dari"])
def test_the_place_a_report_was_sent_from_is_home(home, there, lead):
    hn = home.name.split(" ", 1)[1]
    d = r("Jalan rusak", f"{lead} {hn}: jalan kabupaten di {there.name} berlubang besar.",
          region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)


PLAIN_LOCAL = [
    ("Trotoar rusak", "trotoar pecah dan berbahaya untuk pejalan kaki"),
    ("Boardwalk broken", "The wooden boardwalks are broken in many places."),
    ("Pedagang acung", "pedagang acung memaksa wisatawan beli, sangat mengganggu"),
    ("bnjr", "jln tiap ujan bnjr, siring gk berfungsi"),
    ("Entrance fee", "We paid an entrance fee and a parking fee at the tourist site with no receipt."),
]


@pytest.mark.parametrize("region", PICK[:15], ids=lambda x: x.code)
@pytest.mark.parametrize("title,body", PLAIN_LOCAL, ids=lambda x: x[:12])
def test_plain_local_complaints_at_a_coded_place_are_routed_to_it(region, title, body):
    d = r(title, body, region_code=region.code)
    assert d.agency_id == D.local_government_for(region.code)
    assert d.confidence >= AUTO_ROUTE_THRESHOLD


def _common_word_villages():
    from chalicelib.domain.routing.engine import get_index
    from chalicelib.domain.routing.text import tokens

    ix = get_index()
    rows = [(v.split(",")) for v in open("chalicelib/data/villages.csv", encoding="utf-8").read().splitlines()[1:]]
    seen = {}
    for code, dc, name in (x[:3] for x in rows if len(x) >= 3):
        seen.setdefault(" ".join(tokens(name)), []).append((dc, name))
    out = [v[0] for k, v in seen.items() if len(v) == 1 and len(k.split()) >= 3 and k.split()[0] in ix.gaz.common
           and k not in ix.gaz.names and v[0][0] in D.districts and all(t.isalpha() for t in k.split())
           # a name opening with a region or kecamatan name ("Batu ...", "Sumber Sari ...") is that place's
           and not any("".join(k.split()[:j]) in ix.gaz.names for j in range(1, len(k.split())))]
    return random.Random(9).sample(sorted(out), 20)


@pytest.mark.parametrize("dc,name", _common_word_villages())
def test_a_village_of_common_words_after_a_locative_places_its_regency(dc, name):
    d = r("Saluran mampet", f"Jalan di {name.title()} tergenang setiap sore, selokan mampet.")
    assert d.agency_id == D.local_government_for(D.districts[dc].parent_code), name


@pytest.mark.parametrize("region", PICK[:10], ids=lambda x: x.code)
def test_a_village_water_tank_is_local_water_not_electricity(region):
    d = r("Listrik dan air", "air tawar susah, tandon desa bocor", region_code=region.code)
    assert d.agency_id != "pln"


def test_the_airport_bus_is_damris_not_the_airports():
    d = r("Bus Damri bandara telat", "Bus Damri bandara dari Bandara Kualanamu sering molor satu jam.")
    assert d.agency_id == "damri"


BORDER_POSTS = sorted({row.split(",")[0] for row in open("chalicelib/data/facilities.csv", encoding="utf-8")
                       if ",border_post," in row and row.startswith("plbn ")})


@pytest.mark.parametrize("post", BORDER_POSTS)
def test_goods_checks_at_a_border_post_are_customs_not_the_post_manager(post):
    d = r(post.upper(), f"Warga yang lewat {post.upper()} mengeluh pemeriksaan barang lama sekali.")
    assert d.agency_id == "kemenkeu", post


@pytest.mark.parametrize("title,body", [
    ("Pelabuhan Wakatobu kotor", "Dermaga Pelabuhan Wakatobu kotor dan pelabuhan tidak terurus."),
    ("Terminal Wakatobu rusak", "Terminal Wakatobu atapnya bocor, terminal bus kumuh."),
])
def test_a_port_or_terminal_facilities_csv_does_not_know_waits(title, body):
    d = r(title, body, region_code=PICK[3].code)
    assert d.confidence < AUTO_ROUTE_THRESHOLD and "facility_owner_unknown" in codes(d)


@pytest.mark.parametrize("region", PICK[:10], ids=lambda x: x.code)
def test_a_regional_sports_hall_is_the_local_governments_not_kemenpora(region):
    d = r("GOR rusak", "Atap GOR bocor dan lantai lapangan olahraga rusak, tidak pernah diperbaiki.",
          region_code=region.code)
    assert d.agency_id == D.local_government_for(region.code)


def test_a_named_stadium_whose_owner_is_unknown_waits():
    d = r("Stadion Wakatobu kotor", "Toilet Stadion Wakatobu rusak dan stadion kotor.", region_code=PICK[2].code)
    assert d.confidence < AUTO_ROUTE_THRESHOLD and "facility_owner_unknown" in codes(d)


ENGLISH_LOCAL = [
    ("Family card not issued", "My family card has not been issued after two months."),
    ("Stray dogs", "Stray dogs chase children on the way to school every morning."),
    ("Traditional market dirty", "The traditional market floor is flooded and the stalls are dirty."),
    ("Broken bridge", "The village bridge collapsed and children cross the river on foot."),
    ("Parking attendant", "A parking attendant forced me to pay three times the official rate."),
]


@pytest.mark.parametrize("region", PICK[:10], ids=lambda x: x.code)
@pytest.mark.parametrize("title,body", ENGLISH_LOCAL, ids=lambda x: x[:12])
def test_english_local_complaints_go_to_the_local_government(region, title, body):
    d = r(title, body, region_code=region.code)
    assert d.agency_id == D.local_government_for(region.code)
