"""Round 6 of issue #15: the national/regional split -- village head elections, state religious universities,
industrial-dispute mediation, police and soldier pensions, vertical offices at airports and land in IKN.
Texts are written here, each paired with a contrast that must keep the other body."""
import pytest
from routing_helpers import r


@pytest.mark.parametrize("title,body,expected", [
    # village head elections: the regency (UU 6/2014 ps. 31-37), not Bawaslu/KPU
    ("Pilkades curang", "Calon kades membagi amplop ke warga sebelum pilkades. Kabupaten Garut", "pemkab-32.05"),
    ("Panitia tidak netral", "Panitia pemilihan kepala desa memihak satu calon. Kabupaten Garut", "pemkab-32.05"),
    # ... while vote buying in a general election stays Bawaslu's
    ("Politik uang", "Ada serangan fajar menjelang pemilu, tim sukses bagi-bagi amplop. Kabupaten Garut", "bawaslu"),
])
def test_village_head_election_is_the_regencys(title, body, expected):
    assert r(title, body).agency_id == expected


@pytest.mark.parametrize("title,body,expected", [
    ("UKT mahal", "UKT di UIN kami naik tanpa melihat penghasilan orang tua. Kota Yogyakarta", "kemenag"),
    ("Biaya kuliah", "Mahasiswa IAIN keberatan biaya kuliah naik. Kota Palopo", "kemenag"),
    ("UKT mahal", "UKT di universitas negeri kami naik tanpa melihat penghasilan orang tua. Kota Yogyakarta",
     "kemendiktisaintek"),
])
def test_state_religious_universities_are_kemenags(title, body, expected):
    assert r(title, body).agency_id == expected


def test_madrasah_teachers_allowance_is_kemenags():
    assert r("Tunjangan profesi belum cair", "Tunjangan profesi guru madrasah tsanawiyah negeri belum cair. "
             "Kabupaten Sampang").agency_id == "kemenag"


def test_mediation_of_a_layoff_is_the_city_labour_office():
    d = r("Minta mediasi", "Saya di-PHK tanpa pesangon, perundingan bipartit gagal, mohon mediasi Disnaker. Kota Bekasi")
    assert d.agency_id == "pemkot-32.75" and not d.needs_verification


def test_a_layoff_without_mediation_keeps_its_old_route():
    d = r("PHK sepihak", "Saya di-PHK tanpa pesangon. Kota Bekasi")
    assert d.agency_id == "kemnaker"


@pytest.mark.parametrize("title,body,expected", [
    ("Pensiun belum cair", "Ayah saya purnawirawan Polri, uang pensiunnya belum cair tiga bulan.", "asabri"),
    ("Pencurian", "Motor saya dicuri, sudah buat laporan polisi di polsek tapi belum ada kabar. Kota Malang", "polri"),
])
def test_a_police_pensioner_is_asabris(title, body, expected):
    assert r(title, body).agency_id == expected


@pytest.mark.parametrize("title,body,expected", [
    ("Antre visa", "Antrean visa on arrival di Bandara Ngurah Rai tiga jam.", "kemenimipas"),
    ("Barang bawaan ditahan", "Barang bawaan saya ditahan di Bandara Soekarno-Hatta, disuruh bayar bea masuk.",
     "kemenkeu"),
    ("Toilet kotor", "Toilet di terminal Bandara Ngurah Rai kotor dan bau.", "angkasa-pura"),
])
def test_vertical_offices_at_an_airport(title, body, expected):
    assert r(title, body).agency_id == expected


def test_compensation_for_land_in_ikn_is_the_otoritas():
    d = r("Ganti rugi lahan", "Ganti rugi lahan kebun kami yang masuk kawasan IKN belum jelas. Kabupaten Penajam "
          "Paser Utara")
    assert d.agency_id == "oikn"


@pytest.mark.parametrize("title,body,expected", [
    ("JHT pensiunan PNS", "Saya pensiunan PNS, mau klaim JHT di BPJS Ketenagakerjaan katanya bukan peserta. Kota Kendari",
     "taspen"),
    ("Klaim JHT", "Saya karyawan swasta di perusahaan, klaim JHT di BPJS Ketenagakerjaan ditolak. Kota Kendari",
     "bpjs-ketenagakerjaan"),
])
def test_a_civil_servants_old_age_savings_are_taspens(title, body, expected):
    assert r(title, body).agency_id == expected



def test_offices_already_reported_to_in_a_list_are_context():
    # only the bodies gone to are named ("lapor ke RT dan polsek"), no subject: a person must check
    d = r("Belum ada hasil", "Saya sudah melapor ke RT dan polsek, sampai sekarang belum ada hasil.")
    assert d.needs_verification


def test_the_subject_after_a_list_of_offices_reported_to_wins():
    d = r("Tanah kami", "Kami sudah lapor ke sekdes dan kepala desa, namun BPN menerbitkan sertifikat ganda atas "
          "kebun kami. Kabupaten Maros")
    assert d.agency_id == "kemen-atr-bpn" and not d.needs_verification


def test_the_office_that_is_the_subject_still_counts():
    d = r("Dana desa", "Kepala desa tidak transparan soal dana desa. Kabupaten Gowa")
    assert d.agency_id == "pemkab-73.06"


def test_a_body_denied_in_the_text_is_not_named_in_the_title():
    d = r("Keluhan PLN", "Salah tulis, bukan PLN: air PDAM di rumah kami mati tiga hari. Kota Bogor")
    assert d.agency_id == "pemkot-32.71"


def test_a_rhetorical_bukannya_does_not_deny_the_subject_of_the_title():
    d = r("Pungutan di SMA Negeri", "Anak saya diminta uang komite tiap bulan. Bukannya SMA negeri sudah dapat dana "
          "BOS? Kota Bogor")
    assert d.agency_id == "pemprov-32"


def test_deaths_from_adulterated_liquor_are_a_police_case_after_going_to_satpol_pp():
    d = r("Miras oplosan", "Kami sudah ke Satpol PP, tapi warung itu tetap menjual miras oplosan dan dua pemuda "
          "meninggal. Kota Kediri")
    assert d.agency_id == "polri"


def test_selling_liquor_without_a_permit_stays_with_satpol_pp():
    d = r("Warung miras", "Warung di dekat masjid menjual miras tanpa izin, mohon penertiban Satpol PP. Kota Kediri")
    assert d.agency_id == "pemkot-35.71"


def test_a_building_approval_stays_with_the_city_when_the_land_office_is_named():
    d = r("PBG rumah ditolak", "Pengajuan PBG dan SLF rumah saya ditolak di SIMBG, katanya harus ke BPN dulu. "
          "Kota Cimahi")
    assert d.agency_id == "pemkot-32.77"


def test_zoning_is_still_shared_with_the_land_ministry():
    d = r("Alih fungsi sawah", "Kementerian ATR/BPN membiarkan alih fungsi sawah jadi perumahan. Kota Cimahi")
    assert d.agency_id == "kemen-atr-bpn"


@pytest.mark.parametrize("title,body,expected", [
    ("Data pemilih", "Sudah pindah domisili dan KTP baru, tetapi daftar pemilih masih mencatat saya di kota lama. "
     "Kota Bogor", "kpu"),
    ("KTP belum jadi", "Sudah pindah domisili, tetapi Dukcapil belum mencetak KTP baru. Kota Bogor", "pemkot-32.71"),
])
def test_the_voter_list_is_kpus_even_after_moving(title, body, expected):
    assert r(title, body).agency_id == expected


def test_packaged_school_snacks_without_a_distribution_permit_are_bpoms():
    d = r("Jajanan anak", "Di kantin SD dijual jajanan kemasan tanpa izin edar. Kota Bogor")
    assert d.agency_id == "bpom"
