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
