"""General rules added after the blind evaluation: context words, road/school/hospital families,
named regional facilities, occupational safety, job-seeker cards."""
import pytest
from routing_helpers import r


def test_landmark_word_is_not_the_subject():
    d = r("Lampu jalan mati", "PJU dekat pasar induk mati semua sebulan, rawan begal. Kabupaten Klaten")
    assert d.agency_id == "pemkab-33.10"
    assert d.matter["id"] == "street_lights"
    assert d.confidence >= 0.5


def test_cause_word_is_not_the_subject():
    d = r("Sekolah rusak pasca gempa", "Gedung SD negeri kami rusak berat akibat gempa, belum dibangun. Kabupaten Majene")
    assert d.agency_id == "pemkab-76.05"


def test_explicit_road_status_absorbs_generic_road_words():
    d = r("Jalan rusak parah", "Jalan provinsi ini hancur dan berlubang, mohon diperbaiki. Kabupaten Bogor")
    assert d.agency_id == "pemprov-32"
    d = r("Jalan Trans Flores longsor", "Jalan nasional tertutup longsor 3 hari di Ende")
    assert d.agency_id == "kemen-pu"


def test_school_level_decides_admissions():
    d = r("SPMB curang", "Penerimaan murid baru SMAN jalur domisili banyak titipan. Kota Bekasi")
    assert d.agency_id == "pemprov-32"


@pytest.mark.parametrize("title,body,expected", [
    ("PDAM Tirtanadi mati", "Air PDAM Tirtanadi di Medan Johor mati 4 hari", "pemprov-12"),
    ("RSUD dr Soetomo", "Ayah saya tidak dapat kamar di RSUD Dr. Soetomo Surabaya", "pemprov-35"),
    ("Air mati", "PDAM Tirta Pakuan mati terus di Kota Bogor", "pemkot-32.71"),
    ("RSUP Kariadi", "Perawat membentak pasien di RSUP Dr Kariadi Semarang", "kemenkes"),
])
def test_named_facility_owner(title, body, expected):
    assert r(title, body).agency_id == expected


def test_occupational_safety_and_job_seeker_card():
    assert r("Kecelakaan kerja", "Pekerja smelter tidak pakai APD, pengawas ketenagakerjaan tolong turun. Kabupaten Morowali"
             ).agency_id in {"kemnaker", "pemprov-72"}
    assert r("Kartu kuning", "Bikin kartu AK1 di Disnaker harus bayar. Kabupaten Bekasi").agency_id == "pemkab-32.16"


# ---- rules added after blind3 (provincial transport and fisheries, regency seats, landmarks, "Kepulauan X")
def test_inter_regency_transport_is_provincial():
    d = r("Tarif bus naik", "Bus AKDP jurusan Kendari - Kolaka menaikkan tarif seenaknya, dishub provinsi diam saja")
    assert d.agency_id == "pemprov-74"
    d = r("Speedboat penuh", "Speedboat antar kabupaten kelebihan penumpang, dinas perhubungan provinsi tolong awasi. Maluku")
    assert d.agency_id == "pemprov-81"
    # a city angkot stays with the city
    assert r("Angkot ngetem", "Angkot ngetem sembarangan di Kota Kendari").agency_id == "pemkot-74.71"


@pytest.mark.parametrize("gt,expected", [("12", "pemprov-73"), ("25", "pemprov-73"), ("80", "kkp")])
def test_vessel_size_decides_fishing_licence_level(gt, expected):
    d = r("Izin kapal lama", f"Nelayan di Kabupaten Pinrang urus izin kapal ikan {gt} GT sudah berbulan-bulan belum keluar")
    assert d.agency_id == expected


def test_fishing_grounds_within_12_miles_is_provincial():
    d = r("Nelayan ditangkap", "Nelayan kecil ditangkap petugas di 12 mil laut karena belum punya izin provinsi. Kabupaten Buton")
    assert d.agency_id == "pemprov-74"


@pytest.mark.parametrize("body,expected", [
    ("Sampah menumpuk di pasar Maumere", "pemkab-53.07"),
    ("Puskesmas di Saumlaki kehabisan obat", "pemkab-81.03"),
    ("Air PDAM mati di Kefamenanu", "pemkab-53.03"),
    ("Drainase mampet di Sangihe, banjir tiap hujan", "pemkab-71.03"),
])
def test_regency_seats_and_island_names(body, expected):
    assert r("Keluhan", body).agency_id == expected


def test_landmark_names_its_place():
    assert r("Gelap", "Lampu jalan di Pantai Losari mati semua").agency_id == "pemkot-73.71"
    assert r("Parkir mahal", "Parkir liar di Mandalika minta 30rb").agency_id == "pemkab-52.02"


def test_airport_named_by_its_name():
    assert r("Antri lama", "Antrian check in di Sam Ratulangi kacau, AC mati").agency_id == "angkasa-pura"
