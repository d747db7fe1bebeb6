"""Matter -> authority, with examples for every level."""
import pytest
from routing_helpers import r

from chalicelib.domain.routing import get_matter, list_matters

KAB = " Kabupaten Klaten"


@pytest.mark.parametrize("title,body,expected", [
    # regency / city
    ("Pungutan SD", "SDN 2 minta uang bangunan 500rb untuk murid baru." + KAB, "pemkab-33.10"),
    ("PPDB SMP", "anak sy gk diterima di SMPN krn zonasi." + KAB, "pemkab-33.10"),
    ("KTP", "blangko e-ktp habis di disdukcapil, sudah 3 bulan." + KAB, "pemkab-33.10"),
    ("Akta kelahiran", "urus akta lahir anak lama sekali." + KAB, "pemkab-33.10"),
    ("Puskesmas", "puskesmas tutup jam 10 pagi." + KAB, "pemkab-33.10"),
    ("RSUD", "IGD RSUD menolak pasien." + KAB, "pemkab-33.10"),
    ("Air", "air PDAM mati 3 hari." + KAB, "pemkab-33.10"),
    ("Lampu jalan", "PJU mati sebulan." + KAB, "pemkab-33.10"),
    ("Pasar", "atap pasar tradisional bocor, retribusi tetap ditarik." + KAB, "pemkab-33.10"),
    ("Drainase", "selokan mampet, banjir tiap hujan." + KAB, "pemkab-33.10"),
    ("PBB", "tagihan PBB naik 5x lipat." + KAB, "pemkab-33.10"),
    ("Dana desa", "kades tidak transparan soal dana desa." + KAB, "pemkab-33.10"),
    ("Pungli kelurahan", "diminta uang di kantor kelurahan utk surat pengantar. Kota Surakarta", "pemkot-33.72"),
    ("PBG", "izin PBG tidak diproses 4 bulan." + KAB, "pemkab-33.10"),
    ("Jalan", "jalan kabupaten berlubang." + KAB, "pemkab-33.10"),
    # province
    ("SMA", "SMA negeri menahan ijazah." + KAB, "pemprov-33"),
    ("SMK", "SMKN minta sumbangan komite." + KAB, "pemprov-33"),
    ("SLB", "SLB kekurangan guru." + KAB, "pemprov-33"),
    ("Samsat", "pajak motor di samsat kena denda padahal belum telat." + KAB, "pemprov-33"),
    ("Jalan provinsi", "ruas jalan provinsi rusak berat." + KAB, "pemprov-33"),
    ("RSUD Provinsi", "antrian di RSUD Provinsi lama sekali." + KAB, "pemprov-33"),
    # national
    ("UKT", "UKT kampus naik dua kali lipat", "kemendiktisaintek"),
    ("KIP Kuliah", "KIP Kuliah belum cair", "kemendiktisaintek"),
    ("Madrasah", "atap MTs negeri bocor", "kemenag"),
    ("Nikah", "biaya nikah di KUA diminta 1 juta", "kemenag"),
    ("Jalan nasional", "jalan nasional pantura amblas", "kemen-pu"),
    ("Tol", "jalan tol banyak lubang", "jasa-marga"),
    ("BPJS", "kartu BPJS Kesehatan PBI tiba2 nonaktif", "bpjs-kesehatan"),
    ("JHT", "klaim JHT BPJS Ketenagakerjaan ditolak", "bpjs-ketenagakerjaan"),
    ("Listrik", "listrik padam terus tiap hujan", "pln"),
    ("Gas", "LPG 3 kg langka di pangkalan", "pertamina"),
    ("Paspor", "paspor belum jadi sebulan di kantor imigrasi", "kemenimipas"),
    ("SIM", "ujian SIM dipersulit, ditawari jalur belakang", "polri"),
    ("Tilang", "ditilang polisi diminta uang damai", "polri"),
    ("Sertifikat", "sertifikat tanah PTSL belum keluar", "kemen-atr-bpn"),
    ("Bansos", "PKH dipotong pendamping", "kemensos"),
    ("Pajak", "NPWP dan SPT di Coretax error", "kemenkeu"),
    ("Bea cukai", "paket dari luar negeri ditahan bea cukai", "kemenkeu"),
    ("MBG", "siswa keracunan makan bergizi gratis", "bgn"),
    ("KRL", "KRL telat terus tiap pagi", "kai"),
    ("Ferry", "antre kapal ferry di Merak 8 jam", "asdp"),
    ("Pelni", "kapal Pelni kotor dan penuh", "pelni"),
    ("Bandara", "toilet bandara rusak", "angkasa-pura"),
    ("Pos", "paket pos tidak sampai sebulan", "pos-indonesia"),
    ("IndiHome", "IndiHome gangguan seminggu", "telkom"),
    ("Pinjol", "diteror pinjol ilegal", "ojk"),
    ("Judi online", "iklan judi online dimana-mana", "komdigi"),
    ("Obat", "obat kedaluwarsa dijual di apotek", "bpom"),
    ("Halal", "sertifikasi halal UMKM lama", "bpjph"),
    ("Haji", "antrian haji 30 tahun", "kemenhaj"),
    ("TKI", "TKW disiksa majikan di Malaysia", "kemen-p2mi"),
    ("PHK", "di-PHK tanpa pesangon", "kemnaker"),
    ("PPPK", "seleksi PPPK tidak adil", "bkn"),
    ("DPT", "nama tidak ada di DPT", "kpu"),
    ("Politik uang", "bagi-bagi amplop serangan fajar", "bawaslu"),
    ("Bencana", "pengungsi banjir bandang belum dapat bantuan", "bnpb"),
    ("Hutan", "pembalakan liar di hutan lindung", "kemenhut"),
    ("Limbah", "limbah pabrik mencemari sungai", "kemen-lh"),
    ("Nelayan", "nelayan sulit dapat solar di SPBUN", "pertamina"),  # the station's supply, not KKP (Perpres 191/2014)
    ("TPI", "pungutan di TPI tanpa karcis, Kabupaten Belitung Timur", "pemkab-19.06"),  # TPI: UU 23/2014 Lampiran Y
    ("Pupuk", "pupuk subsidi langka di kios", "pupuk-indonesia"),
    ("Beras", "beras SPHP Bulog tidak ada", "bulog"),
    ("Korupsi", "kepala dinas minta fee proyek 15%, suap", "kpk"),
    ("Lapas", "napi bebas pakai HP di lapas", "kemenimipas"),
    ("Pengadilan", "sidang di pengadilan negeri ditunda terus", "mahkamah-agung"),
    ("Jaksa", "oknum jaksa minta uang", "kejagung"),
    ("Prakerja", "insentif Kartu Prakerja belum masuk", "kemenko-perekonomian"),
    ("KUR", "KUR ditolak bank BRI tanpa alasan", "bri"),
    ("KUR Mandiri", "KUR Bank Mandiri minta agunan", "mandiri"),
    ("Electricity", "There has been no electricity for two days", "pln"),
    ("Passport", "My passport renewal at the immigration office is delayed", "kemenimipas"),
])
def test_matter_examples(title, body, expected):
    assert r(title, body).agency_id == expected


def test_tags():
    assert "agrarian_reform" in r("Sertifikat", "sertifikat tanah PTSL belum dibagikan").tags
    assert "free_nutritious_meals" in r("MBG", "menu MBG basi di sekolah").tags


def test_agency_named_counts():
    d = r("Laporan", "Saya mau lapor ke BPOM soal produk ini")
    assert d.agency_id == "bpom"


def test_list_matters():
    ms = list_matters()
    assert len(ms) >= 50
    ids = [m["id"] for m in ms]
    assert len(ids) == len(set(ids))
    for m in ms:
        assert set(m) == {"id", "label_id", "label_en", "description_en", "group"}
        assert all(isinstance(v, str) and v for v in m.values())
    assert get_matter("school_secondary")["label_en"].startswith("Senior")
    assert get_matter("nope") is None


def test_category_is_a_signal():
    d = r("Tolong", "mohon ditindaklanjuti", category="electricity")
    assert d.agency_id == "pln"
    assert d.matter["id"] == "electricity"


def test_taxonomy_targets_exist():
    from chalicelib.domain.directory import get_directory
    from chalicelib.domain.routing.taxonomy import MATTERS

    agencies = get_directory().agencies
    for m in MATTERS:
        for a in (m["target"],) + m["also"] + ((m["fallback"],) if m["fallback"] else ()):
            assert a.startswith("@") or a in agencies, (m["id"], a)
