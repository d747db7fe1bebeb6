"""Sector rules of issue #15 round 4: who holds a fisher's, a migrant worker's, a consignment's and a swamp
farmer's complaint, UPBU airports, landmarks and SMS shorthand."""
import pytest
from routing_helpers import r


@pytest.mark.parametrize("title,body,expected", [
    # TPI and small fishers: the regency/city (UU 23/2014 Lampiran Y)
    ("Pungutan di TPI", "Nelayan dipungut retribusi di tempat pelelangan ikan tanpa karcis. Kabupaten Cilacap",
     "pemkab-33.01"),
    # a fisher's fuel station and its quota: Pertamina (Perpres 191/2014)
    ("BBM nelayan", "SPBN di kampung nelayan kosong, kami tidak bisa melaut. Kabupaten Cilacap", "pertamina"),
    # a fisher missing at sea: Basarnas (UU 29/2014)
    ("Nelayan hilang", "Suami saya nelayan, tidak pulang melaut sejak kemarin, mohon pencarian. Kabupaten Cilacap",
     "basarnas"),
    # the KKP card named: the fisher's words stay with KKP even when fuel is mentioned
    ("Kartu Kusuka", "Kartu Kusuka tidak terbit, jadi tidak bisa beli solar subsidi untuk melaut", "kkp"),
])
def test_fisher_words_follow_the_service(title, body, expected):
    assert r(title, body).agency_id == expected


def test_wages_withheld_abroad_are_a_migrant_worker_case():
    d = r("Gaji tidak dibayar", "Adik saya kerja di perkebunan di Sabah, gaji tidak dibayar 5 bulan dan majikan "
          "menahan paspornya. Kami di Kabupaten Sambas.")
    assert d.agency_id == "kemen-p2mi"


def test_domestic_wage_rule_keeps_the_labour_office():
    d = r("Gaji di bawah UMK", "Majikan di pabrik membayar gaji di bawah UMK dan gaji tidak dibayar 2 bulan. "
          "Kabupaten Sambas")
    assert d.agency_id != "kemen-p2mi"


def test_imported_consignment_is_customs():
    d = r("Barang kiriman ditahan", "Barang kiriman dari Hongkong ditahan, disuruh bayar bea. Kota Batam")
    assert d.agency_id == "kemenkeu"


def test_swamp_water_management_is_the_regency():
    d = r("Tanggul parit jebol", "Tanggul parit di kebun kami jebol, air asin masuk, tata air rusak. "
          "Kabupaten Indragiri Hilir")
    assert d.agency_id == "pemkab-14.04"


@pytest.mark.parametrize("airport", ["Tampa Padang", "Tjilik Riwut", "Betoambari"])
def test_upbu_airport_is_kemenhub(airport):
    d = r("Bandara", f"Toilet ruang tunggu Bandara {airport} kotor dan AC mati")
    assert d.agency_id == "kemenhub"
    assert d.confidence >= 0.5


def test_landmark_places_a_city_matter():
    d = r("Lampu jalan", "Lampu jalan di sekitar Tugu Khatulistiwa mati semua")
    assert d.agency_id == "pemkot-61.71"


def test_sms_shorthand_names_the_matter():
    d = r("", "lmpu jln dkt psr mati smua udh sebulan, Kab Klaten")
    assert d.matter["id"] == "street_lights"
    assert d.agency_id == "pemkab-33.10"
    d = r("", "jmbtn desa rsk, motor jatuh. Kab Nabire")
    assert d.matter["id"] == "road_local"
    assert d.agency_id == "pemkab-94.01"


def test_quarantine_check_absorbs_the_animal_words():
    d = r("Sapi tertahan", "Sapi kami tertahan di pos karantina pelabuhan, surat kesehatan hewan katanya kurang. "
          "Kota Kupang")
    assert d.agency_id == "barantin"
    assert d.confidence >= 0.5


def test_container_trucks_at_a_terminal_are_the_port_operator():
    d = r("Truk kontainer antre", "Truk kontainer antre 10 jam masuk terminal peti kemas Tanjung Priok")
    assert d.agency_id == "pelindo"


def test_hard_drugs_sold_without_prescription_are_bpom():
    assert r("", "warung di kampung jual obat keras tanpa resep ke anak muda, Kota Malang").agency_id == "bpom"


def test_disability_card_is_the_regency_social_office():
    d = r("Kartu penyandang disabilitas", "Pendataan kartu penyandang disabilitas anak saya belum selesai. "
          "Kabupaten Garut")
    assert d.agency_id == "pemkab-32.05"


@pytest.mark.parametrize("body,matter", [
    ("anak sy ga dpt sklh negri krn zonasi kota depok", "school_basic"),   # "dpt" = dapat after a negation
    ("nama sy tdk ada di dpt pemilu kota depok", "elections"),              # "di dpt" = the voters' list
])
def test_dpt_is_a_verb_only_after_its_context_words(body, matter):
    assert r("", body).matter["id"] == matter


def test_expansion_depends_on_the_previous_word():
    from chalicelib.domain.routing.text import cased_tokens, tokens

    assert tokens("gk dpt bantuan") == ["tidak", "dapat", "bantuan"]
    assert tokens("cek DPT") == ["cek", "dpt"]
    assert [w for w, _ in cased_tokens("Blm dpt KTP")] == ["belum", "dapat", "ktp"]


def test_passport_held_by_a_placement_agent_is_a_migrant_worker_case():
    assert r("", "paspor sy ditahan agen di kab indramayu, blm berangkat ke taiwan").agency_id == "kemen-p2mi"
    # the immigration office's own service named: the passport stays with immigration
    assert r("", "paspor TKI ditahan petugas kantor imigrasi nunukan").agency_id == "kemenimipas"


def test_street_crime_words_name_the_police():
    assert r("", "tas sy dijambret di depan pasar kota medan").agency_id == "polri"


def test_vessel_size_decides_licences_not_regency_aid():
    d = r("", "kapal 5 gt nelayan kami tdk dpt bantuan mesin dr dinas perikanan kab rembang")
    assert d.agency_id == "pemkab-33.17"
    assert r("", "izin kapal 10 gt lama di dkp provinsi jawa tengah").agency_id == "pemprov-33"


def test_signal_outage_word_order():
    assert r("", "sinyal tdk ada di desa kami, kab alor").agency_id == "komdigi"
    assert r("", "Sinyal jelek terus").needs_verification  # no place, no operator, an ordinary word


def test_where_the_reporter_lives_away_is_home_not_the_problem():
    d = r("Puskesmas kosong", "Saya merantau di Medan. Puskesmas di kampung saya di Kabupaten Samosir tidak ada "
          "dokter sejak bulan lalu.", region_code="12.71")
    assert d.agency_id == "pemkab-12.17"


@pytest.mark.parametrize("body", [
    "My father is a fisherman and has not come back from sea since yesterday, Kabupaten Sikka",
    "bapak sy hilang saat mencari rotan di hutan, kab kapuas hulu",
])
def test_people_missing_at_sea_or_in_the_forest_are_a_search(body):
    assert r("", body).agency_id == "basarnas"


@pytest.mark.parametrize("body,want", [
    ("Pabrik di Kabupaten Karawang bayar gaji di bawah UMK, lembur tidak dibayar", "pemprov-32"),
    ("Pekerja proyek di Kota Makassar tidak diberi APD, sudah ada kecelakaan kerja", "pemprov-73"),
])
def test_labour_inspection_is_the_provinces(body, want):
    """Minimum wage, overtime and work safety enforcement: provincial labour inspectorate (UU 23/2014 Lampiran G)."""
    d = r("", body)
    assert d.agency_id == want and d.matter["id"] == "labour_inspection"


def test_a_layoff_dispute_stays_labour():
    d = r("", "Saya di PHK sepihak tanpa pesangon oleh pabrik di Kabupaten Karawang")
    assert d.matter["id"] == "labour"


@pytest.mark.parametrize("body", ["Pensiun TNI ayah saya belum masuk dua bulan di Kota Kupang",
                                  "Gaji pensiun polri bapak saya dipotong tanpa penjelasan",
                                  "My father's military pension has not been paid"])
def test_soldiers_and_police_pensions_are_asabris(body):
    assert r("", body).agency_id == "asabri"


def test_soldiers_conduct_stays_tni():
    assert r("", "Oknum TNI memukul warga di pasar Kota Kupang").agency_id == "tni"


@pytest.mark.parametrize("body", ["Bandara perintis di Kabupaten Yahukimo landasan rusak",
                                  "Lapangan terbang perintis di Kabupaten Puncak tidak ada petugas"])
def test_pioneer_airports_are_kemenhubs_upbu(body):
    d = r("", body)
    assert d.agency_id == "kemenhub" and d.unit and d.unit["key"] == "upbu"


def test_a_named_regional_government_takes_a_matter_it_shares():
    """Business permits are shared between OSS (Kemen Investasi) and the regency/city (PP 5/2021): naming the
    Pemkot/DPMPTSP sends it there; OSS alone stays national; naming the Pemkab in a national matter adds nothing."""
    assert r("Izin usaha", "Sudah punya NIB dari OSS tapi Pemkot Kota Medan minta izin tambahan",
             region_code="12.71").agency_id == "pemkot-12.71"
    assert r("Izin usaha", "NIB dari OSS tidak bisa terbit, sistem error terus", region_code="12.71").agency_id \
        == "kemen-investasi"
    assert r("", "Jalan nasional lintas Sumatera berlubang, sudah lapor ke Pemkab Kabupaten Deli Serdang").agency_id \
        == "kemen-pu"


@pytest.mark.parametrize("body", ["Toilet bandara di Kabupaten Nabire kotor sekali",
                                  "Dermaga pelabuhan di Kabupaten Alor rusak"])
def test_a_bare_airport_or_port_at_a_place_waits(body):
    """'bandara'/'pelabuhan' alone: InJourney or a UPBU, Pelindo, a UPP or the regency -- a person checks."""
    d = r("", body)
    assert d.needs_verification and "facility_owner_varies" in [x["code"] for x in d.reasons]


@pytest.mark.parametrize("body,want", [("Toilet Bandara Soekarno Hatta kotor sekali", "angkasa-pura"),
                                       ("Antrean truk kontainer di pelabuhan Tanjung Priok", "pelindo")])
def test_a_named_airport_or_port_routes(body, want):
    d = r("", body)
    assert d.agency_id == want and not d.needs_verification


def test_a_central_hospitals_name_after_rsud_is_a_regional_namesake():
    """'RSUD dr. Ben Mboi Ruteng' is the regency's; 'RSUP dr. Ben Mboi Kupang' is Kemenkes' (UU 23/2014 Lampiran B)."""
    assert r("", "Pasien di RSUD dr. Ben Mboi Ruteng, Kabupaten Manggarai disuruh beli obat sendiri").agency_id \
        == "pemkab-53.10"
    assert r("", "Pasien di RSUP dr. Ben Mboi Kupang disuruh beli obat sendiri").agency_id == "kemenkes"


def test_a_body_already_reported_to_is_weaker_than_the_matter():
    """'Sudah lapor PLN tapi disuruh ke pemda' about a street light: PLN's name no longer makes it a confident PLN
    route; a power cut reported to PLN stays PLN's."""
    d = r("Lampu jalan padam", "Lampu jalan padam di depan rumah di Kabupaten Sigi, sudah lapor PLN tapi disuruh ke pemda")
    assert not (d.agency_id == "pln" and not d.needs_verification)
    assert r("", "Listrik padam 3 hari di Kota Palu, sudah lapor ke PLN belum ada tindak lanjut").agency_id == "pln"


@pytest.mark.parametrize("body,want", [
    ("Dermaga pelabuhan pengumpan lokal di Kabupaten Kepulauan Selayar rusak", "pemkab-73.01"),
    ("Dermaga pelabuhan pengumpan regional di Kabupaten Alor ambruk", "pemprov-53"),
    ("Pelabuhan sungai di Kabupaten Kapuas Hulu tidak terawat", "pemkab-61.06"),
])
def test_feeder_ports_by_class(body, want):
    """UU 23/2014 Lampiran O: pengumpan regional -> province, pengumpan lokal and river ports -> regency/city."""
    d = r("", body)
    assert d.agency_id == want and not d.needs_verification


def test_a_named_forest_management_unit_is_the_provinces():
    """KPH in protection/production forests: province (UU 23/2014 Lampiran BB); conservation stays Kemenhut's."""
    assert r("", "Penebangan liar di hutan produksi KPH Kabupaten Sintang tidak ditindak").agency_id == "pemprov-61"
    assert r("", "Orangutan masuk kebun warga, BKSDA dan KPH tidak datang, Kabupaten Ketapang").agency_id == "kemenhut"
