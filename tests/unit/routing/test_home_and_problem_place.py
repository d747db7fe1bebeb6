"""General rules for the reporter's home vs the place of the problem, qualified names, and facilities named
inside matter phrases (issue #15, second pass on blind sets)."""
import random

import pytest
from routing_helpers import codes, r

from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import taxonomy

D = get_directory()
REGENCIES = [x for x in D.regions.values() if x.level == "regency" and x.province_code != "31"]


def _bare(x):
    return x.name.split(" ", 1)[1].lower() if x.level != "province" else x.name.lower()


_NAMES = {}
for _x in D.regions.values():
    _NAMES.setdefault(_bare(_x), []).append(_x)
_DISTRICT_NAMES = {x.name.lower() for x in D.districts.values()}
# regencies whose bare name is no other regency, city, province or kecamatan
UNIQUE = [x for x in REGENCIES if len(_NAMES[_bare(x)]) == 1 and _bare(x) not in _DISTRICT_NAMES]
PAIRS = [tuple(random.Random(i).sample(UNIQUE, 2)) for i in range(40)]


@pytest.mark.parametrize("home,there", PAIRS, ids=lambda x: x.code)
def test_title_naming_a_regency_outside_the_coded_one_wins_over_the_code(home, there):
    """The region code is the app user's place; a title about a road in another regency is about that regency."""
    d = r(f"Jalan kabupaten rusak di {there.name}", "Jalan berlubang besar, sudah banyak yang jatuh.",
          region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)
    assert "place_problem_over_code" in codes(d)


@pytest.mark.parametrize("home,there", PAIRS[:20], ids=lambda x: x.code)
def test_location_field_outside_the_coded_region_wins(home, there):
    d = r("Sampah menumpuk", "Sampah tidak diangkut dua minggu, bau sekali.", region_code=home.code,
          location_text=there.name)
    assert d.agency_id == D.local_government_for(there.code)


@pytest.mark.parametrize("home,there", PAIRS[:20], ids=lambda x: x.code)
def test_text_calling_the_coded_region_home_moves_to_the_other_place(home, there):
    hn, tn = home.name.split(" ", 1)[1], there.name.split(" ", 1)[1]
    d = r("Pasar becek", f"Saya warga {hn}, belanja di pasar di {there.name}. Los pasar tergenang.",
          region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code), (hn, tn)


@pytest.mark.parametrize("home,there", PAIRS[:20], ids=lambda x: x.code)
def test_saya_warga_marks_home_without_a_code(home, there):
    hn = home.name.split(" ", 1)[1]
    d = r("Jalan desa rusak", f"Jalan desa rusak parah di {there.name}, saya warga {hn}.")
    assert d.agency_id == D.local_government_for(there.code)


def test_the_code_stands_when_the_text_names_nothing_else():
    there = UNIQUE[7]
    d = r("Jalan rusak", "Jalan kabupaten berlubang, mohon diperbaiki.", region_code=there.code)
    assert d.agency_id == D.local_government_for(there.code) and "place_from_code" in codes(d)


def _kecamatan_city_namesakes():
    cities = {x.name.split(" ", 1)[1].lower(): x for x in D.regions.values() if x.level == "city"}
    out = []
    for dist in D.districts.values():
        c = cities.get(dist.name.lower())
        if c is not None and D.regions[dist.parent_code].province_code != c.province_code:
            same = [x for x in D.districts.values() if x.name.lower() == dist.name.lower()]
            if len(same) == 1:
                out.append((dist, c))
    return out


@pytest.mark.parametrize("dist,city", _kecamatan_city_namesakes()[:30], ids=lambda x: x.code)
def test_a_name_written_as_kecamatan_keeps_that_kind_when_repeated_bare(dist, city):
    """'Kecamatan Depok' then 'Depok' in the same report: the kecamatan, not the city of that name."""
    d = r("Sampah menumpuk", f"Depo sampah di Kecamatan {dist.name} penuh, sudah 10 hari tidak diangkut.",
          location_text=dist.name)
    assert d.agency_id == D.local_government_for(dist.parent_code)


KEMENHUB_AIRPORTS = [f for f in taxonomy.FACILITIES if f["kind"] == "airport" and f["owner"] == "kemenhub"
                     and not f["phrase"].startswith(("bandara", "upbu", "unit"))
                     and "haji" not in f["phrase"]]  # a name holding a matter word ("Raja Haji") is a known limit


@pytest.mark.parametrize("f", KEMENHUB_AIRPORTS, ids=lambda f: f["phrase"])
def test_a_facility_inside_a_longer_matter_phrase_still_fixes_its_owner(f):
    """'Bandara Mopah' is also an airport phrase; the UPBU facility inside it still gives the airport to Kemenhub."""
    d = r(f"Bandara {f['phrase']}", f"Antrean check-in di Bandara {f['phrase']} kacau, AC ruang tunggu mati.")
    assert d.agency_id == "kemenhub"


PARKS = [f for f in taxonomy.FACILITIES if f["kind"] == "national_park" and len(f["phrase"]) > 4]


@pytest.mark.parametrize("f", PARKS, ids=lambda f: f["phrase"])
def test_levies_by_staff_at_a_conservation_area_go_to_its_manager(f):
    d = r(f"Pungutan liar di {f['phrase']}", f"Di pos {f['phrase']} petugas minta uang lagi tanpa karcis padahal "
                                             "tiket resmi sudah dibeli.")
    assert d.agency_id == "kemenhut"


@pytest.mark.parametrize("there", UNIQUE[:15], ids=lambda x: x.code)
def test_small_irrigation_is_the_regencys(there):
    """UU 23/2014: irrigation areas under 1,000 ha are the regency/city's; BBWS only for the large ones."""
    d = r("Irigasi desa jebol", f"Saluran irigasi desa kami jebol, sawah kering. {there.name}")
    assert d.agency_id == D.local_government_for(there.code)
    d = r("Tanggul BBWS jebol", f"Tanggul sungai BBWS jebol dan banjir. {there.name}")
    assert d.agency_id == "kemen-pu"


@pytest.mark.parametrize("title,body", [
    ("Uang saya hilang", "Uang saya hilang dan tidak ada yang mau bertanggung jawab."),
    ("Harga naik", "Harga-harga naik terus, rakyat makin susah."),
    ("Website error", "Websitenya error terus dari minggu lalu, tidak bisa daftar."),
])
def test_ordinary_words_without_place_or_office_wait_for_a_person(title, body):
    d = r(title, body)
    assert d.needs_verification and "matter_cue_only" in codes(d)


def test_a_strong_phrase_without_a_place_still_routes_a_national_matter():
    d = r("Judi online", "Tolong blokir situs judi online yang iklan di medsos")
    assert d.agency_id == "komdigi" and not d.needs_verification


def test_a_denied_phrase_is_not_named():
    """'jalan nasional, bukan jalan kota': the denied status does not compete with the named one."""
    d = r("Jalan berlubang", "Jalan besar ke Atambua ini jalan nasional, bukan jalan kota, berlubang dan tergenang. Kota Kupang")
    assert d.agency_id == "kemen-pu"


_PLACE_WORDS = {w for n in _NAMES for w in n.split()}


@pytest.mark.parametrize("f", [f for f in taxonomy.FACILITIES if f["kind"] in ("airport", "heritage")
                               and not f["phrase"].startswith(("bandara", "upbu", "unit", "tol", "balai"))
                               and not set(f["phrase"].split()) & _PLACE_WORDS],
                         ids=lambda f: f["phrase"])
def test_a_street_named_after_a_facility_is_a_street(f):
    d = r("Jalan berlubang", f"Jl. {f['phrase'].title()} banyak lubang dan aspal mengelupas. Kabupaten Banyumas")
    assert d.agency_id == "pemkab-33.02"


@pytest.mark.parametrize("f", [f for f in taxonomy.FACILITIES if f["kind"] == "seaport" and f["owner"] == "pelindo"],
                         ids=lambda f: f["phrase"])
def test_the_reporters_choice_does_not_move_a_named_facility_from_its_owner(f):
    d = r("Antrean truk", f"Antrean truk peti kemas di pelabuhan {f['phrase']} 8 jam, gate macet.",
          agency_id="pemprov-31")
    assert d.agency_id == "pelindo" and "hint_overridden" in codes(d)


@pytest.mark.parametrize("body", ["Permintaan data curah hujan untuk klaim asuransi dipersulit",
                                  "Info tinggi gelombang untuk nelayan tidak diupdate"])
def test_weather_and_climate_data_are_bmkgs(body):
    assert r("Data BMKG", body).agency_id == "bmkg"


RISKY = sorted((x for x in D.regions.values() if x.level in ("regency", "city")
               and _bare(x) in {"batu", "padang", "medan", "malang"}), key=lambda x: x.code)


@pytest.mark.parametrize("reg", RISKY, ids=lambda x: x.code)
def test_a_common_word_region_name_opening_a_longer_proper_name_is_not_that_region(reg):
    """'di Batu Majang', 'ke Padang Lua': the longer name is a village, not Kota Batu / Kota Padang."""
    word = _bare(reg).title()
    d = r("Jalan rusak", f"Jalan di {word} Sikorandong berlubang besar, mohon diperbaiki.")
    assert d.agency_id != D.local_government_for(reg.code) or d.needs_verification


@pytest.mark.parametrize("title,body,matter", [
    ("Flooded street", "Our street floods knee-deep after every rain, the drain is blocked. Kota Bekasi", "drainage"),
    ("Broken sidewalk", "The sidewalk on our street has open holes for a month. Kota Bekasi", "road_local"),
    ("Frequent blackouts", "Frequent blackouts every night in our area. Kota Bekasi", "electricity"),
    ("Village funds", "The village head is misusing the village funds, no report to residents. Kabupaten Cianjur",
     "village_governance"),
])
def test_english_everyday_complaints(title, body, matter):
    d = r(title, body)
    assert d.matter["id"] == matter and not d.needs_verification


@pytest.mark.parametrize("there", UNIQUE[:10], ids=lambda x: x.code)
def test_a_levy_without_the_office_waits_for_a_person(there):
    """'Ada pungli' names how, not which office: even with a known place it is not dispatched blind."""
    d = r("Pungli", "Ada pungli, minta 100 ribu baru berkas diproses.", region_code=there.code)
    assert d.needs_verification
    d = r("Pungli di kelurahan", "Ada pungli di kantor kelurahan, minta 100 ribu.", region_code=there.code)
    assert d.agency_id == D.local_government_for(there.code) and not d.needs_verification


@pytest.mark.parametrize("there", UNIQUE[:10], ids=lambda x: x.code)
def test_title_registration_is_atr_bpn_whatever_the_reporter_chose(there):
    d = r("Balik nama sertifikat", "Balik nama sertifikat di Kantor Pertanahan 8 bulan belum selesai.",
          region_code=there.code, agency_id=D.local_government_for(there.code))
    assert d.agency_id == "kemen-atr-bpn"


def _rare_villages(n):
    from chalicelib.domain.routing.engine import get_index

    ix = get_index()
    small, names, common = ix.gaz.small, ix.gaz.names, ix.gaz.common
    out = []
    for k, hit in sorted(small.items()):
        codes_ = [c for c in hit.split(";") if c[0] != "i"]
        if (len(codes_) == 1 and len(k) >= 8 and k.isalpha() and k not in names and k not in common
                and k not in _PLACE_WORDS and k not in _DISTRICT_NAMES):
            out.append((k, codes_[0]))
    return random.Random(8).sample(out, n)


@pytest.mark.parametrize("name,code", _rare_villages(40), ids=lambda x: x)
def test_a_bare_rare_desa_name_after_a_locative_places_the_complaint(name, code):
    """'Posyandu di Caturtunggal': a desa name that only one village carries names its regency."""
    regency = ".".join(code.split(".")[:2])
    d = r("Sampah menumpuk", f"Sampah di {name.title()} tidak diangkut dua minggu, bau sekali.")
    assert d.agency_id == D.local_government_for(regency)


@pytest.mark.parametrize("body", ["Lampu Jembatan Suramadu mati sejak seminggu", "Jembatan Ampera berlubang dan retak"])
def test_national_bridges_are_kemen_pu(body):
    assert r("Jembatan", body).agency_id == "kemen-pu"


def _points():
    import csv
    import os

    path = os.path.join(os.path.dirname(taxonomy.__file__), "..", "..", "data", "conservation_points.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _points(), ids=lambda x: x["phrase"])
def test_every_conservation_point_is_a_facility_inside_indonesia_with_a_small_radius(row):
    f = next(f for f in taxonomy.FACILITIES if f["phrase"] == row["phrase"])
    assert f["owner"] == "kemenhut"
    assert -11.5 < float(row["lat"]) < 6.5 and 94.5 < float(row["lon"]) < 141.5
    assert 0 < float(row["radius_km"]) <= 30


@pytest.mark.parametrize("row", _points(), ids=lambda x: x["phrase"])
def test_a_phone_position_inside_a_conservation_area_names_its_manager(row):
    d = r("Tiket masuk", "tiket masuk naik tapi jalur trekking rusak dan sampah di mana-mana",
          lat=float(row["lat"]), lon=float(row["lon"]))
    assert d.agency_id == "kemenhut" and "facility_by_coordinates" in codes(d)


def test_a_position_outside_every_area_keeps_the_regency():
    d = r("Sampah", "sampah menumpuk di pinggir jalan, bau", lat=-6.2088, lon=106.8456)  # central Jakarta
    assert d.agency_id == "pemprov-31" and "facility_by_coordinates" not in codes(d)


PROVINCES = sorted((x for x in D.regions.values() if x.level == "province"), key=lambda x: x.code)


@pytest.mark.parametrize("prov", [p for p in PROVINCES if len(_NAMES[_bare(p)]) == 1], ids=lambda x: x.code)
def test_any_rsud_named_after_a_province_is_the_pemprovs(prov):
    for body in (f"Pelayanan buruk di RSUD Provinsi {prov.name}, pasien ditelantarkan di IGD",
                 f"Antrean IGD RSUD {prov.name} lama sekali, pasien ditelantarkan"):
        assert r("Rumah sakit", body).agency_id == f"pemprov-{prov.code}", body


@pytest.mark.parametrize("f", [f for f in taxonomy.FACILITIES if f["kind"] == "border_post"], ids=lambda f: f["phrase"])
def test_a_border_post_complaint_about_customs_goes_to_kemenkeu(f):
    d = r("Bea cukai", f"Petugas bea cukai di {f['phrase']} memungut bea barang bawaan tanpa kuitansi")
    assert d.agency_id == "kemenkeu"


@pytest.mark.parametrize("reg", UNIQUE[:40] + sorted((y for y in D.regions.values() if y.level == "city"
                                                      and y.province_code == "31"), key=lambda y: y.code),
                         ids=lambda x: x.code)
def test_sma_smk_are_the_provinces_sd_smp_the_regencys_and_dki_holds_its_cities(reg):
    for body in (f"Pungutan uang komite di SMA Negeri 1 {reg.name}, rapor ditahan kalau tidak bayar",
                 f"Pungutan di SMK Negeri 3 {reg.name} untuk praktik"):
        assert r("Pungutan sekolah", body).agency_id == f"pemprov-{reg.province_code}"
    d = r("Pungutan sekolah", f"Pungutan seragam di SMP Negeri 2 {reg.name}, wajib bayar 1 juta")
    assert d.agency_id == D.local_government_for(reg.code)
    if reg.province_code == "31":
        assert d.agency_id == "pemprov-31" and "dki_rule" in codes(d)


@pytest.mark.parametrize("f", [f for f in taxonomy.FACILITIES if f["kind"] == "border_post"], ids=lambda f: f["phrase"])
def test_goods_carried_across_a_border_post_are_customs(f):
    d = r("Barang bawaan", f"Barang bawaan dari negara tetangga dipungut petugas di {f['phrase']}, tanpa kuitansi")
    assert d.agency_id == "kemenkeu"


@pytest.mark.parametrize("there", UNIQUE[:10], ids=lambda x: x.code)
def test_a_village_jetty_is_local(there):
    d = r("Dermaga rusak", f"Dermaga kayu untuk warga naik kapal ojek rusak, papan bolong. {there.name}")
    assert d.agency_id == D.local_government_for(there.code)


@pytest.mark.parametrize("name,code", _rare_villages(15), ids=lambda x: x)
def test_kelurahan_before_a_place_name_is_part_of_the_place_not_the_matter(name, code):
    d = r("Banjir", f"Banjir setinggi lutut di Kelurahan {name.title()} tiap hujan, saluran mampet")
    assert d.matter["id"] != "local_civil_servants"


@pytest.mark.parametrize("home,there", PAIRS[20:35], ids=lambda x: x.code)
def test_a_body_naming_another_regency_without_saying_which_is_the_problems_waits(home, there):
    """Home-vs-problem conflict the text does not settle: the code is kept, the decision waits for a person."""
    d = r("Jalan rusak", f"Jalan rusak parah berlubang di depan rumah mertua di {there.name}.", region_code=home.code)
    assert "place_conflict" in codes(d) and d.needs_verification
    d = r("Listrik padam", f"Listrik PLN padam 3 hari di rumah mertua di {there.name}.", region_code=home.code)
    assert d.agency_id == "pln" and not d.needs_verification  # a national matter does not depend on the place


@pytest.mark.parametrize("there", UNIQUE[:10], ids=lambda x: x.code)
def test_a_named_rsud_of_unknown_owner_waits_but_a_known_one_routes(there):
    """RSUDs belong to regencies, cities or provinces: a named one facilities.csv does not know leaves the owner
    open; an unnamed RSUD of the place, or a known one, is routed."""
    d = r("RSUD", f"Pasien ditelantarkan di IGD RSUD dr. Sukarjito {there.name}")
    assert d.needs_verification and "facility_owner_unknown" in codes(d)
    d = r("RSUD", f"Pasien ditelantarkan di IGD RSUD {there.name}")
    assert d.agency_id == D.local_government_for(there.code) and not d.needs_verification
    d = r("RSUD", "Pasien ditelantarkan di IGD RSUD Dr. Soetomo")
    assert d.agency_id == "pemprov-35" and not d.needs_verification


@pytest.mark.parametrize("home,there", PAIRS[:15], ids=lambda x: x.code)
def test_working_in_the_coded_region_makes_it_the_reporters_place(home, there):
    """'Saya kerja di X' with X the coded region: the code is where the reporter is now, so the regency the text
    names for the problem wins (round 5)."""
    d = r("Jalan rusak", f"Saya kerja di {home.name}. Jalan kabupaten di kampung saya di {there.name} rusak parah.",
          region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)


@pytest.mark.parametrize("home,there", PAIRS[15:30], ids=lambda x: x.code)
def test_a_place_named_after_a_regional_office_is_the_problems(home, there):
    """'Dukcapil X', 'Pemkab X': the office's place is the place of the problem, over the reporter's code."""
    d = r("Urus KK", f"Mau ubah KK karena menikah, tapi Dukcapil {_bare(there).title()} minta datang langsung.",
          region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)
    d = r("Jalan", f"Jalan kabupaten berlubang, mohon Pemkab {_bare(there).title()} perbaiki.", region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)


def test_working_somewhere_without_a_region_code_is_still_the_problem_place():
    """A labour complaint's workplace is the problem's place: 'kerja di X' marks home only against a code."""
    d = r("Upah", "Saya kerja di Kabupaten Karawang, gaji di bawah UMK dan lembur tidak dibayar.")
    assert d.agency_id == "pemprov-32"


@pytest.mark.parametrize("home,there", PAIRS[30:40], ids=lambda x: x.code)
def test_where_a_patient_was_referred_to_is_not_the_problems_place(home, there):
    """'RSUD di X ... dirujuk ke Y': the hospital that failed is X's, not the one the patient was sent on to."""
    d = r("RSUD", f"RSUD di {there.name} tidak ada dokter kandungan, ibu hamil dirujuk ke {home.name}.")
    assert d.agency_id == D.local_government_for(there.code)


def test_ordinary_words_for_a_national_body_addressed_to_a_pemkab_wait():
    """A lone ordinary cue for a national road ('jalan poros') while the text asks the Pemkab: a person checks."""
    d = r("Jalan", "Jalan poros di Kecamatan Sebatik rusak, banyak yang amblas. Mohon Pemkab Nunukan.")
    assert d.needs_verification and "regional_body_named" in codes(d)
    d = r("Jalan", "Jalan nasional di Kecamatan Sebatik rusak, banyak yang amblas. Mohon Pemkab Nunukan.")
    assert d.agency_id == "kemen-pu"


_DCOUNT = {}
for _d in D.districts.values():
    _DCOUNT[_d.name.lower()] = _DCOUNT.get(_d.name.lower(), 0) + 1


def _unique_district(region):
    return next((x for x in D.districts.values() if x.parent_code == region.code and _DCOUNT[x.name.lower()] == 1
                 and x.name.lower() not in _NAMES), None)


@pytest.mark.parametrize("home,there", PAIRS[:10], ids=lambda x: x.code)
def test_a_place_qualifying_the_reporters_home_is_home_too(home, there):
    """'Saya warga Kecamatan A, <regency>': the regency right after the home kecamatan is the same home, so a
    kecamatan named elsewhere for the problem wins (without the rule the bare regency name outweighs it)."""
    a, b = _unique_district(home), _unique_district(there)
    if a is None or b is None:
        pytest.skip("no unique kecamatan name")
    d = r("Jalan rusak", f"Saya warga Kecamatan {a.name}, {_bare(home).title()}, tiap hari lewat jalan kabupaten "
          f"rusak di Kecamatan {b.name}.", region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)


@pytest.mark.parametrize("body,want", [
    ("Puskesmas di Kota Bangun kehabisan obat, saya tinggal di Samarinda", "pemkab-64.02"),
    ("Sampah menumpuk di Pasar Minggu sudah seminggu", "pemprov-31"),
])
def test_a_kecamatan_named_by_common_words_counts_when_capitalised_after_a_locative(body, want):
    assert r("", body).agency_id == want


def test_common_words_in_lower_case_name_no_kecamatan():
    d = r("", "puskesmas di kota bangun pagi-pagi tapi obat habis")
    assert d.agency_id != "pemkab-64.02"


@pytest.mark.parametrize("home,there", PAIRS[20:30], ids=lambda x: x.code)
def test_the_government_the_reporter_picked_in_a_list_is_not_the_problems_place(home, there):
    """'Saya pilih Pemkab A karena bingung' names the choice, not the problem: the kecamatan named wins."""
    b = _unique_district(there)
    if b is None:
        pytest.skip("no unique kecamatan name")
    d = r("Jalan rusak", f"Jalan kabupaten di Kecamatan {b.name} berlubang. Saya pilih Pemkab {_bare(home).title()} "
          f"karena bingung.", region_code=home.code)
    assert d.agency_id == D.local_government_for(there.code)
