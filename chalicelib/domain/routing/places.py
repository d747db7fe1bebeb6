"""Place resolution: region/district codes and free-text mentions -> the most specific place.

Gazetteer: all 38 provinces, 514 regencies/cities and 7,285 kecamatan from ``chalicelib.directory``,
plus curated aliases (Jaksel, Jogja, Solo, Sulsel, Jatim, Purwokerto...).  Names are matched on the
space-free join of normalised tokens, so "Pangkalpinang"/"Pangkal Pinang" and "Palangka Raya"/
"Palangkaraya" are the same key.  Rules:

* Explicit codes win over text.  Unknown codes are ignored (with a reason).
* Prefix words choose the kind: ``kabupaten``/``pemkab``/``bupati`` -> regency, ``kota``/``pemkot``/
  ``walikota`` -> city, ``provinsi``/``pemprov``/``gubernur`` -> province, ``kecamatan``/``distrik``
  -> kecamatan.
* Kabupaten-vs-Kota: a bare name that exists as both (Bogor, Bekasi, Malang...) counts for both; any
  other cue decides (a kecamatan of one of them, the reporter's chosen Pemkab/Pemkot).  With no other cue
  the **city** is chosen (it carries the historical name and is what a bare name usually means), with
  certainty halved so that regional matters are sent for verification, and the regency is listed as a
  candidate.
* Kecamatan names are often duplicated: each duplicate receives a share of the evidence and a mentioned
  regency/province decides.  A kecamatan name without ``kecamatan``/``kec.`` must be at least 6 letters
  be written with a capital letter, have 4+ letters and contain a word that is not a common Indonesian
  word (``Baru``, ``Tengah``, ``Kota``, ``Simpang Empat``, ``Selesai``... never match bare).  A bare name
  right after ``Jl.``/``Jalan``/``Gang``/``Perumahan`` is treated as a street name (weak evidence).  Region names that are common words (Malang, Medan, Padang, Batu,
  Puncak, Palu...) or 4 letters or fewer need a prefix, a capital letter, or a preceding locative word
  (di, ke, dari, daerah, wilayah...).
* One-letter typos (edit distance 1, incl. adjacent transposition) are accepted for region, province and
  alias names of 6+ letters, at reduced certainty.
* lat/lon are not used (a coarse centroid fallback was judged not worth the data it needs).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.routing.text import deletes1

REGION_PREFIX = {"kabupaten": "regency", "pemkab": "regency", "bupati": "regency",
                 "kota": "city", "pemkot": "city", "walikota": "city", "pemko": "city",
                 "provinsi": "province", "pemprov": "province", "gubernur": "province",
                 "kecamatan": "district", "distrik": "district", "kapanewon": "district", "kemantren": "district"}
STREET_WORDS = {"jalan", "gang", "gg", "lorong", "jalur", "perumahan", "komplek", "kompleks", "perum", "griya", "blok"}
LOCATIVE = {"di", "ke", "dari", "daerah", "wilayah", "kawasan", "sekitar", "warga", "kampung", "area", "in", "at",
            "near", "dekat", "asal", "seputar", "wil"}

# Region names that are ordinary words: need a prefix, a capital letter or a locative before them.
RISKY_REGION_WORDS = {
    "malang", "medan", "padang", "batu", "palu", "metro", "puncak", "batang", "banjar", "bone", "agam", "buru",
    "lebak", "pati", "karo", "muna", "alor", "ende", "siak", "kaur", "tual", "sigi", "buol", "nias", "seram",
    "deli", "kotabaru", "limapuluhkota", "empatlawang", "tanahdatar", "tanahlaut", "tanahbumbu", "belu",
    "sabu", "rote", "lingga", "tojo", "lanny", "landak", "bangli", "malaka", "kampar", "balangan", "paser",
    "barito", "kapuas", "toraja", "luwu", "sumba", "flores", "lombok", "halmahera", "seluma", "lebong",
    "rokan", "meranti", "bungo", "tebo", "lahat", "asmat", "mappi", "biak", "sarmi", "keerom", "nduga",
    "ketapang", "kudus", "serang", "tegal", "bima", "batubara",
}

COMMON_WORDS = set("""
baru lama tengah utara selatan barat timur pusat kota desa kampung pasar sungai gunung bukit batu air laut
pantai teluk tanjung pulau kuala muara simpang empat tiga dua satu lima raya besar kecil tinggi rendah
panjang jaya makmur indah sari mulya mulia sejahtera damai harapan baru lestari bahagia karya sukses maju
bandar padang rejo mekar sentosa agung mas emas kuning hijau merah putih hitam biru lor kidul wetan kulon
tebing dalam luar atas bawah hulu hilir ilir ulu kanan kiri induk lembah rawa hutan kebun sawah tanah
jalan gang pondok rumah kantor kelurahan kecamatan kabupaten provinsi lintas trans perbatasan pesisir
bangun bunga buah kayu rambutan durian mangga kelapa pinang pisang nangka jambu pulo nusa selat tanjung
seberang sebrang tua muda anak ibu bapak raja ratu dewi putri putra sumber suka senang sehat kuat wangi
harum terang gelap sepi ramai tenang kali sumur telaga danau danu ranu rantau pekan pangkalan lubuk
bakti bhakti abadi tunggal kembang kembar merdeka pahlawan jati kota baru, aceh
selesai saling harian petang arahan terisi pinggir teriak bangsal patrol palang tempel lapang siding bintang
delima gading kemang kemiri kramat lumbung mutiara pandan panggul payung penarik permata rambah sumbang sarang
kedung tawang sawahan parang pancur jangkar kampak lambai rongga sutera piramid benteng bambang arjasa
bantuan pelayanan laporan keluhan masalah warga masyarakat pemerintah petugas bulan minggu tahun hari malam
pagi siang sore kemarin besok sekarang sudah belum tidak bisa harus mohon tolong segera cepat lambat lama
banyak sedikit semua setiap kami kita saya mereka anak orang ibu bapak keluarga tetangga rumah sekolah kantor
toko warung pasar masjid gereja lapangan taman kebun sawah ladang pantai sungai jembatan terminal stasiun
bandara pelabuhan rumah sakit dokter obat uang biaya gratis mahal murah harga bayar gaji kerja usaha dagang
jual beli pinjam hutang utang bunga modal bank kartu surat data nomor nama alamat tanggal waktu jam tempat
lokasi daerah wilayah kawasan lingkungan sekitar dekat jauh depan belakang samping sebelah ujung pojok tepi
atas bawah dalam luar naik turun masuk keluar buka tutup mati hidup rusak bagus baik buruk jelek kotor bersih
bau busuk becek banjir longsor hujan panas dingin angin asap debu api air listrik lampu gas minyak bensin solar
beras gula garam telur daging ayam ikan sayur buah padi jagung kopi teh susu roti nasi makan minum tidur mandi
sakit sehat hamil lahir meninggal nikah cerai sekolah kuliah belajar guru murid siswa mahasiswa dosen kepala
ketua anggota pengurus pegawai karyawan buruh petani nelayan pedagang sopir supir ojek polisi tentara jaksa
hakim camat lurah bupati walikota gubernur menteri presiden dewan partai calon pemilu suara kampanye
jalan gang lorong perumahan komplek blok nomor rt rw dusun desa kelurahan kecamatan kabupaten kota provinsi
negara nasional daerah pusat umum khusus resmi liar ilegal legal palsu asli baru lama tua muda besar kecil
tengah utara selatan barat timur kanan kiri lurus belok simpang perempatan pertigaan bundaran tikungan tanjakan
turunan lubang aspal beton batu pasir tanah kayu besi seng genteng atap dinding lantai pintu jendela pagar
sumur pompa pipa kabel tiang menara tower pos gardu kios los lapak gudang pabrik tambang kolam tambak empang
sawit karet kelapa cengkeh kakao lada pala tebu tembakau singkong ubi kentang cabai bawang tomat
ayah bunda nenek kakek adik kakak suami istri cucu paman bibi om tante mertua saudara teman bos pak bu mas mbak
""".replace(",", " ").split())

# Curated aliases: text -> list of (kind, region name as in regions.csv).
ALIASES = {
    "jaksel": [("city", "Kota Administrasi Jakarta Selatan")],
    "jakpus": [("city", "Kota Administrasi Jakarta Pusat")],
    "jakbar": [("city", "Kota Administrasi Jakarta Barat")],
    "jaktim": [("city", "Kota Administrasi Jakarta Timur")],
    "jakut": [("city", "Kota Administrasi Jakarta Utara")],
    "jakarta": [("province", "DKI Jakarta")], "dki": [("province", "DKI Jakarta")],
    "dki jakarta": [("province", "DKI Jakarta")], "ibukota jakarta": [("province", "DKI Jakarta")],
    "kepulauan seribu": [("regency", "Kabupaten Administrasi Kepulauan Seribu")],
    "pulau seribu": [("regency", "Kabupaten Administrasi Kepulauan Seribu")],
    "jogja": [("province", "Daerah Istimewa Yogyakarta"), ("city", "Kota Yogyakarta")],
    "yogya": [("province", "Daerah Istimewa Yogyakarta"), ("city", "Kota Yogyakarta")],
    "jogjakarta": [("province", "Daerah Istimewa Yogyakarta"), ("city", "Kota Yogyakarta")],
    "djogja": [("province", "Daerah Istimewa Yogyakarta"), ("city", "Kota Yogyakarta")],
    "yogyakarta": [("province", "Daerah Istimewa Yogyakarta")],
    "diy": [("province", "Daerah Istimewa Yogyakarta")],
    "solo": [("city", "Kota Surakarta")], "ujung pandang": [("city", "Kota Makassar")],
    "suroboyo": [("city", "Kota Surabaya")], "sby": [("city", "Kota Surabaya")],
    "tangsel": [("city", "Kota Tangerang Selatan")], "bintaro": [("city", "Kota Tangerang Selatan")],
    "bsd": [("city", "Kota Tangerang Selatan")],
    "purwokerto": [("regency", "Kabupaten Banyumas")], "cikarang": [("regency", "Kabupaten Bekasi")],
    "sentul": [("regency", "Kabupaten Bogor")], "sanur": [("city", "Kota Denpasar")],
    "nusa dua": [("regency", "Kabupaten Badung")], "wamena": [("regency", "Kabupaten Jayawijaya")],
    "timika": [("regency", "Kabupaten Mimika")], "labuan bajo": [("regency", "Kabupaten Manggarai Barat")],
    "sentani": [("regency", "Kabupaten Jayapura")], "kepanjen": [("regency", "Kabupaten Malang")],
    "soreang": [("regency", "Kabupaten Bandung")], "cibinong": [("regency", "Kabupaten Bogor")],
    "ungaran": [("regency", "Kabupaten Semarang")], "limboto": [("regency", "Kabupaten Gorontalo")],
    "tenggarong": [("regency", "Kabupaten Kutai Kartanegara")], "purwodadi": [("regency", "Kabupaten Grobogan")],
    "mungkid": [("regency", "Kabupaten Magelang")], "kraksaan": [("regency", "Kabupaten Probolinggo")],
    "sumber": [], "pelabuhan ratu": [("regency", "Kabupaten Sukabumi")],
    "palabuhanratu": [("regency", "Kabupaten Sukabumi")], "singaparna": [("regency", "Kabupaten Tasikmalaya")],
    "kanigoro": [("regency", "Kabupaten Blitar")], "bangil": [("regency", "Kabupaten Pasuruan")],
    "caruban": [("regency", "Kabupaten Madiun")], "tigaraksa": [("regency", "Kabupaten Tangerang")],
    "ngamprah": [("regency", "Kabupaten Bandung Barat")], "jatinangor": [("regency", "Kabupaten Sumedang")],
    "nad": [("province", "Aceh")], "sumut": [("province", "Sumatera Utara")],
    "sumbar": [("province", "Sumatera Barat")], "sumsel": [("province", "Sumatera Selatan")],
    "babel": [("province", "Kepulauan Bangka Belitung")], "bangka belitung": [("province", "Kepulauan Bangka Belitung")],
    "kepri": [("province", "Kepulauan Riau")], "jabar": [("province", "Jawa Barat")],
    "jateng": [("province", "Jawa Tengah")], "jatim": [("province", "Jawa Timur")],
    "ntb": [("province", "Nusa Tenggara Barat")], "ntt": [("province", "Nusa Tenggara Timur")],
    "kalbar": [("province", "Kalimantan Barat")], "kalteng": [("province", "Kalimantan Tengah")],
    "kalsel": [("province", "Kalimantan Selatan")], "kaltim": [("province", "Kalimantan Timur")],
    "kaltara": [("province", "Kalimantan Utara")], "sulut": [("province", "Sulawesi Utara")],
    "sulteng": [("province", "Sulawesi Tengah")], "sulsel": [("province", "Sulawesi Selatan")],
    "sultra": [("province", "Sulawesi Tenggara")], "sulbar": [("province", "Sulawesi Barat")],
    "malut": [("province", "Maluku Utara")], "pbd": [("province", "Papua Barat Daya")],
    "papua barat daya": [("province", "Papua Barat Daya")], "papbar": [("province", "Papua Barat")],
    "jawa barat": [("province", "Jawa Barat")],
    # services that name their place
    "transjakarta": [("province", "DKI Jakarta")], "jaklingko": [("province", "DKI Jakarta")],
    "kjp": [("province", "DKI Jakarta")], "kartu jakarta pintar": [("province", "DKI Jakarta")],
    "mrt jakarta": [("province", "DKI Jakarta")], "suroboyo bus": [("city", "Kota Surabaya")],
    "trans jogja": [("province", "Daerah Istimewa Yogyakarta")], "yogyakarta istimewa": [("province", "Daerah Istimewa Yogyakarta")],
    # regency seats (ibu kota kabupaten) that are not themselves kecamatan names, mostly outside Java
    "atambua": [("regency", "Kabupaten Belu")], "maumere": [("regency", "Kabupaten Sikka")],
    "waingapu": [("regency", "Kabupaten Sumba Timur")], "waikabubak": [("regency", "Kabupaten Sumba Barat")],
    "tambolaka": [("regency", "Kabupaten Sumba Barat Daya")], "kalabahi": [("regency", "Kabupaten Alor")],
    "sangatta": [("regency", "Kabupaten Kutai Timur")], "sendawar": [("regency", "Kabupaten Kutai Barat")],
    "tana paser": [("regency", "Kabupaten Paser")], "sampit": [("regency", "Kabupaten Kotawaringin Timur")],
    "pangkalan bun": [("regency", "Kabupaten Kotawaringin Barat")], "kuala kapuas": [("regency", "Kabupaten Kapuas")],
    "muara teweh": [("regency", "Kabupaten Barito Utara")], "buntok": [("regency", "Kabupaten Barito Selatan")],
    "amuntai": [("regency", "Kabupaten Hulu Sungai Utara")], "putussibau": [("regency", "Kabupaten Kapuas Hulu")],
    "watampone": [("regency", "Kabupaten Bone")], "sungguminasa": [("regency", "Kabupaten Gowa")],
    "sengkang": [("regency", "Kabupaten Wajo")], "watansoppeng": [("regency", "Kabupaten Soppeng")],
    "wangi wangi": [("regency", "Kabupaten Wakatobi")], "ampana": [("regency", "Kabupaten Tojo Una Una")],
    "kolonodale": [("regency", "Kabupaten Morowali Utara")], "bungku": [("regency", "Kabupaten Morowali")],
    "labuha": [("regency", "Kabupaten Halmahera Selatan")], "daruba": [("regency", "Kabupaten Pulau Morotai")],
    "saumlaki": [("regency", "Kabupaten Kepulauan Tanimbar")], "langgur": [("regency", "Kabupaten Maluku Tenggara")],
    "serui": [("regency", "Kabupaten Kepulauan Yapen")], "enarotali": [("regency", "Kabupaten Paniai")],
    "waisai": [("regency", "Kabupaten Raja Ampat")], "sofifi": [("city", "Kota Tidore Kepulauan")],
    "tanjung selor": [("regency", "Kabupaten Bulungan")], "tanjung redeb": [("regency", "Kabupaten Berau")],
    # landmarks that name their place (a bare kecamatan/region name would point elsewhere)
    "pantai losari": [("city", "Kota Makassar")], "mandalika": [("regency", "Kabupaten Lombok Tengah")],
    "kuta mandalika": [("regency", "Kabupaten Lombok Tengah")], "kuta lombok": [("regency", "Kabupaten Lombok Tengah")],
    "danau toba": [], "bundaran hi": [("province", "DKI Jakarta")], "monas": [("province", "DKI Jakarta")],
    "malioboro": [("city", "Kota Yogyakarta")], "pantai kuta": [("regency", "Kabupaten Badung")],
    "jembatan ampera": [("city", "Kota Palembang")], "jam gadang": [("city", "Kota Bukittinggi")],
}
PROVINCE_SHORT = {"Daerah Istimewa Yogyakarta": ["di yogyakarta"], "Kepulauan Bangka Belitung": [],
                  "DKI Jakarta": []}

BASE_CERT = {"code": 1.0, "prefixed": 0.95, "alias": 0.85, "bare": 0.85, "district_prefixed": 0.9,
             "district_bare": 0.7, "hint": 0.75}


@dataclass
class Entry:
    kind: str  # province | regency | city | district
    code: str
    via: str = "bare"  # bare | alias


@dataclass
class Mention:
    entries: list
    strength: float
    cert: float
    text: str
    typo: bool = False
    source: str = "text"  # text | code | hint


@dataclass
class PlaceResult:
    region: object = None          # directory Region (regency/city or province) or None
    district: object = None        # directory District or None
    certainty: float = 0.0         # certainty of the regency/city (or province if only that is known)
    province_code: str | None = None
    province_certainty: float = 0.0
    alternatives: list = field(default_factory=list)  # other regency/city Regions, best first
    source: str = "none"           # code | text | hint | none
    mentions: list = field(default_factory=list)      # human-readable matched strings
    ambiguous: bool = False
    reasons: list = field(default_factory=list)       # (code, id, en)


def _key(tokens) -> str:
    return "".join(tokens)


class Gazetteer:
    def __init__(self, directory, tokenize, keyword_vocab=frozenset()) -> None:
        self.d = directory
        self.names: dict[str, list[Entry]] = {}
        self.typo_index: dict[str, set] = {}
        self.max_len = 1
        self.district_ok_bare: dict[str, bool] = {}
        common = COMMON_WORDS | set(keyword_vocab)
        by_name = {r.name: r for r in directory.regions.values()}

        def add(key_tokens, entry, typo=True, bare_district=None):
            if not key_tokens:
                return
            k = _key(key_tokens)
            self.names.setdefault(k, []).append(entry)
            self.max_len = max(self.max_len, len(key_tokens))
            if typo and len(k) >= 7:
                for dk in deletes1(k) + [k]:
                    self.typo_index.setdefault(dk, set()).add(k)

        for r in directory.regions.values():
            if r.level == "province":
                add(tokenize(r.name), Entry("province", r.code))
                for extra in PROVINCE_SHORT.get(r.name, []):
                    add(tokenize(extra), Entry("province", r.code, "alias"))
            else:
                bare = r.name
                for p in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
                    if bare.startswith(p):
                        bare = bare[len(p):]
                        break
                add(tokenize(bare), Entry(r.level, r.code))
                # "Kepulauan Sangihe" is usually written "Sangihe" or "Kep. Sangihe"
                btoks = tokenize(bare)
                if len(btoks) >= 2 and btoks[0] == "kepulauan":
                    rk = _key(btoks[1:])
                    if len(rk) >= 5 and all(t not in COMMON_WORDS for t in btoks[1:]):
                        add(btoks[1:], Entry(r.level, r.code, "alias"))
        for alias, targets in ALIASES.items():
            for kind, name in targets:
                r = by_name.get(name)
                if r is not None:
                    add(tokenize(alias), Entry(kind, r.code, "alias"))
        for dist in directory.districts.values():
            toks = tokenize(dist.name)
            k = _key(toks)
            ok = len(k) >= 4 and any(t not in common for t in toks) and k not in RISKY_REGION_WORDS
            # a kecamatan name without "kecamatan"/"kec." must be written with a capital letter
            self.district_ok_bare[dist.code] = "cap" if ok else ""
            add(toks, Entry("district", dist.code), typo=False)
            # "Kota Kefamenanu", "Kota Masohi": the kecamatan of a regency seat is called by the bare town name
            if len(toks) >= 2 and toks[0] == "kota":
                rest = toks[1:]
                rk = _key(rest)
                if len(rk) >= 6 and all(t not in common for t in rest) and rk not in RISKY_REGION_WORDS:
                    self.district_ok_bare.setdefault(dist.code, "cap")
                    add(rest, Entry("district", dist.code), typo=False)
        self.common = common
        self.prefixes = {k[:j] for k in self.names for j in range(1, len(k) + 1)}
        self._typo_cache: dict = {}

    # -------------------------------------------------------------- text scanning
    def _typo(self, k: str):
        """Region/province/alias entries within one edit of ``k`` (cached), or None."""
        cache = self._typo_cache
        if k in cache:
            return cache[k]
        found = None
        cands = set(self.typo_index.get(k, ()))
        for dk in deletes1(k):
            cands |= self.typo_index.get(dk, set())
        best = [c for c in cands if c[0] == k[0] and _edit1(c, k)]
        if len(best) == 1:
            entries = [e for e in self.names[best[0]] if e.kind != "district"]
            if entries:
                found = (entries, best[0])
        if len(cache) > 50000:
            cache.clear()
        cache[k] = found
        return found

    def mentions_in(self, cased) -> list[Mention]:
        toks = [t for t, _ in cased]
        caps = [c for _, c in cased]
        n = len(toks)
        out: list[Mention] = []
        i = 0
        while i < n:
            tok = toks[i]
            prefix_kind = REGION_PREFIX.get(tok)
            if tok == "wali" and i + 1 < n and toks[i + 1] == "kota":
                prefix_kind, i = "city", i + 1
            if prefix_kind and i + 1 < n:
                got = self._match_at(toks, i + 1, allow_typo=True)
                if got:
                    L, entries, typo, k = got
                    m = self._prefixed(prefix_kind, entries, typo, " ".join(toks[i:i + 1 + L]))
                    if m is not None:
                        out.append(m)
                        i += 1 + L
                        continue
            got = self._match_at(toks, i, allow_typo=True)
            if got:
                L, entries, typo, k = got
                prev = toks[i - 1] if i > 0 else ""
                capital = caps[i]
                street = prev in STREET_WORDS
                risky = k in RISKY_REGION_WORDS or len(k) <= 4
                region_entries = [e for e in entries if e.kind != "district"]
                dist_entries = [e for e in entries if e.kind == "district" and (
                    self.district_ok_bare.get(e.code) == "any" or (self.district_ok_bare.get(e.code) == "cap" and capital))]
                if region_entries and risky and not (capital or prev in LOCATIVE):
                    region_entries = []
                if typo and (k in self.common):
                    region_entries = []
                if region_entries or dist_entries:
                    text = " ".join(toks[i:i + L])
                    ents = region_entries + dist_entries
                    base = BASE_CERT["alias"] if any(e.via == "alias" for e in region_entries) else BASE_CERT["bare"]
                    if not region_entries:
                        base = BASE_CERT["district_bare"]
                    strength = 0.8 if region_entries else 0.5
                    if street:  # "Jl. Bandung", "Jalan Semarang": a street name, weak evidence only
                        strength, base = strength * 0.3, base * 0.6
                    out.append(Mention(ents, strength, base * (0.85 if typo else 1.0), text, typo))
                    i += L
                    continue
            i += 1
        return out

    def _match_at(self, toks, i, allow_typo):
        n = len(toks)
        best = None
        k = ""
        for j in range(i, min(n, i + self.max_len)):
            k += toks[j]
            if k not in self.prefixes:
                break
            hit = self.names.get(k)
            if hit:
                best = (j - i + 1, hit, False, k)
        if best is not None or not allow_typo:
            return best
        t0 = toks[i]
        if len(t0) < 3 or t0 in self.common or t0.isdigit():
            return None
        for L in (2, 1):
            if i + L > n:
                continue
            k = "".join(toks[i:i + L])
            if len(k) < 7 or (L == 2 and toks[i + 1] in self.common):
                continue
            r = self._typo(k)
            if r:
                return L, r[0], True, r[1]
        return None

    def _prefixed(self, kind, entries, typo, text):
        f = 0.85 if typo else 1.0
        if kind == "district":
            ds = [e for e in entries if e.kind == "district"]
            if ds:
                return Mention(ds, 1.0, BASE_CERT["district_prefixed"] * f, text, typo)
            return None
        if kind == "province":
            ps = [e for e in entries if e.kind == "province"]
            if ps:
                return Mention(ps, 1.0, BASE_CERT["prefixed"] * f, text, typo)
            return None
        exact = [e for e in entries if e.kind == kind]
        if exact:
            return Mention(exact, 1.2, BASE_CERT["prefixed"] * f, text, typo)
        other = [e for e in entries if e.kind in ("regency", "city")]
        if other:  # "kota Garut" for Kabupaten Garut: accept, less sure
            return Mention(other, 1.0, 0.85 * f, text, typo)
        if kind == "city":
            ps = [e for e in entries if e.kind == "province"]
            if ps:  # "kota Jakarta"
                return Mention(ps, 1.0, 0.9 * f, text, typo)
        return None

    # -------------------------------------------------------------- resolution
    def resolve(self, mentions: list[Mention]) -> PlaceResult:
        d = self.d
        R: dict[str, float] = {}
        P: dict[str, float] = {}
        D: dict[str, float] = {}
        cert: dict[str, float] = {}
        for m in mentions:
            regs = [e for e in m.entries if e.kind in ("regency", "city")]
            provs = [e for e in m.entries if e.kind == "province"]
            dists = [e for e in m.entries if e.kind == "district"]
            share = m.strength / len(regs) if regs else 0.0
            for e in regs:
                R[e.code] = R.get(e.code, 0.0) + (m.strength * 0.6 if len(regs) > 1 else m.strength)
                cert[e.code] = max(cert.get(e.code, 0.0), m.cert)
            for e in provs:
                P[e.code] = P.get(e.code, 0.0) + m.strength
                cert[e.code] = max(cert.get(e.code, 0.0), m.cert)
            if dists:
                w = (m.strength * (0.4 if regs or provs else 1.0)) / len(dists)
                for e in dists:
                    D[e.code] = D.get(e.code, 0.0) + w
                    parent = d.districts[e.code].parent_code
                    R[parent] = R.get(parent, 0.0) + 0.8 * w
                    c = m.cert if len(dists) == 1 else m.cert * 0.8
                    cert[parent] = max(cert.get(parent, 0.0), c)
                    cert[e.code] = max(cert.get(e.code, 0.0), c)
            del share
        res = PlaceResult()
        if not R and not P:
            return res
        T = {}
        for code, s in R.items():
            reg = d.regions.get(code)
            if reg is None:
                continue
            T[code] = s + 0.5 * P.get(reg.province_code, 0.0)
        # province totals
        PT = dict(P)
        for code, s in R.items():
            reg = d.regions.get(code)
            if reg is not None:
                PT[reg.province_code] = PT.get(reg.province_code, 0.0) + s
        if T:
            ranked = sorted(T.items(), key=lambda kv: (-kv[1], 0 if d.regions[kv[0]].level == "city" else 1, kv[0]))
            best, t1 = ranked[0]
            t2 = ranked[1][1] if len(ranked) > 1 else 0.0
            margin = (t1 - t2) / t1 if t1 > 0 else 0.0
            reg = d.regions[best]
            res.region = reg
            res.certainty = round(cert.get(best, 0.8) * (0.5 + 0.5 * margin), 4)
            res.ambiguous = margin < 0.2
            res.alternatives = [d.regions[c] for c, _ in ranked[1:4]]
            dists = [(c, s) for c, s in D.items() if d.districts[c].parent_code == best]
            if dists:
                dists.sort(key=lambda kv: -kv[1])
                res.district = d.districts[dists[0][0]]
            res.province_code = reg.province_code
        pr = sorted(PT.items(), key=lambda kv: -kv[1])
        p1 = pr[0][1]
        p2 = pr[1][1] if len(pr) > 1 else 0.0
        pmargin = (p1 - p2) / p1 if p1 > 0 else 0.0
        if res.region is None:
            pc = pr[0][0]
            res.region = d.regions.get(pc)
            res.province_code = pc
            res.certainty = round(cert.get(pc, 0.8) * (0.5 + 0.5 * pmargin), 4)
            res.province_certainty = res.certainty
        else:
            pc = res.province_code
            pcs = PT.get(pc, 0.0)
            others = max([v for k, v in PT.items() if k != pc] or [0.0])
            pm = (pcs - others) / pcs if pcs > 0 else 0.0
            base = max(cert.get(pc, 0.0), cert.get(res.region.code, 0.8))
            res.province_certainty = round(min(1.0, base * (0.5 + 0.5 * pm) + 0.05), 4)
        res.source = "text"
        return res


def _edit1(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]
