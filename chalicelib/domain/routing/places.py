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
* Desa/kelurahan (83,762, villages.csv) and islands (islands.csv) count only after their prefix word
  ("desa X", "kelurahan X", "nagari X", "pulau X"); a name shared by many villages spreads its evidence over
  them, so a regency named beside it decides.  Names that are ordinary words ("pulau kecil") never count.
* Home vs problem: a place after "tinggal di", "domisili", "alamat", "asal" is the reporter's home and counts
  a fifth when another place is named; one after "lokasi", "masalahnya di", "terjadi di", "tapi di" counts
  1.5x.  Then the structured location (and a region code) is taken as the home: the engine lets the named
  place of the problem override it.
* The lookups come from the compiled index (``routing/compiled.py``); matching is one pass over the tokens.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.routing.text import deletes1

REGION_PREFIX = {"kabupaten": "regency", "pemkab": "regency", "bupati": "regency",
                 "kota": "city", "pemkot": "city", "walikota": "city", "pemko": "city",
                 "provinsi": "province", "pemprov": "province", "gubernur": "province",
                 "kecamatan": "district", "distrik": "district", "kapanewon": "district", "kemantren": "district",
                 "desa": "village", "kelurahan": "village", "kalurahan": "village", "nagari": "village",
                 "gampong": "village", "pekon": "village", "kampung": "village", "ds": "village", "pulau": "island"}
SMALL_PLACES = {"village", "island"}
SMALL_STOP = set("""lain lainnya kecil besar itu ini tersebut sana sini situ kami kita saya tetangga sebelah setempat
terdekat seberang terpencil terluar sekitar wilayah sendiri induk asal tujuan ujung pojok""".split())   # named only after their prefix word ("desa X", "pulau X")
REGION_KINDS = {"province", "regency", "city"}
HOME_FACTOR = 0.2      # a home place counts a fifth when another place is named
PROBLEM_FACTOR = 1.5   # "lokasi: X", "masalahnya di X", "tapi di X"
MAX_MENTIONS = 200  # a text naming more places than this is repetition: later ones add nothing
# Words that make the place after them the reporter's home, or the place of the problem.
HOME_MARKERS = {"tinggal", "domisili", "berdomisili", "alamat", "asal", "ktp", "menetap", "ngekos", "ngontrak",
                "merantau", "rantau", "perantauan"}  # "saya merantau di X": the reporter lives (away) in X
PROBLEM_MARKERS = {"masalah", "lokasi", "kejadian", "terjadi", "tkp", "tempat", "peristiwa", "keluhan", "kasus"}
# "saya warga X", "kami dari X", "lapor dari X", "pengguna aplikasi dari X", "dikirim dari X" (where the
# report was sent from), "I am from X": the reporter's own place
HOME_AFTER_SELF = {"warga", "dari", "orang", "penduduk", "tinggal", "aplikasi", "from"}
SELF_WORDS = {"saya", "kami", "aku", "sy", "lapor", "melapor", "pengguna", "asli", "dari", "dikirim", "kirim",
              "mengirim", "terkirim", "sent", "am", "writing"}
# A place named right after a regional office is that office's place ("Dukcapil Flotim", "Samsat Bekasi",
# "Dinas Pendidikan Jatim", "Pemkab Nunukan"): the body the complaint is about, so the place of the problem.
OFFICE_WORDS = {"dukcapil", "disdukcapil", "samsat", "disdik", "dinkes", "disnaker", "dishub", "dinsos", "bapenda",
                "bappenda", "kantah", "dpmptsp", "bpbd", "dlh", "rsud", "pemkab", "pemkot", "pemko", "pemprov",
                "bupati", "walikota", "gubernur"}
# "saya pilih Pemkot X (karena bingung)": the body the reporter picked in a list, not the problem's
CHOICE_WORDS = {"pilih", "memilih", "dipilih", "milih", "chose", "choose", "selected"}
# "saya kerja di X", "sekarang bekerja di X": where the reporter is now (so a region code naming X is theirs)
WORK_WORDS = {"kerja", "bekerja"}
NOW_WORDS = {"sekarang", "kini", "lagi", "masih", "sedang"}
# "dirujuk ke X", "referred to X": where a patient or a case was sent on, not where the problem is
REFER_WORDS = {"dirujuk", "rujuk", "dirujukkan", "merujuk", "referred"}
CONTRAST = {"tapi", "tetapi", "namun", "sedangkan", "sementara", "but", "padahal"}
STREET_WORDS = {"jalan", "gang", "gg", "lorong", "jalur", "perumahan", "komplek", "kompleks", "perum", "griya", "blok"}
LOCATIVE = {"di", "ke", "dari", "daerah", "wilayah", "kawasan", "sekitar", "warga", "kampung", "area", "in", "at",
            "near", "dekat", "asal", "seputar", "wil"}

# Region names that are ordinary words: need a prefix, a capital letter or a locative before them.
BARE_VILLAGE_MAX = 2   # a bare desa name counts only when at most this many villages carry it
DIRECTION_WORDS = {"utara", "selatan", "barat", "timur", "tengah", "raya", "kota", "kabupaten", "city", "regency"}
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

def _load_aliases() -> dict[str, list]:
    """Curated aliases, nicknames and landmarks -> [(kind, region name as in regions.csv)]
    (chalicelib/data/place_aliases.csv; a row without a kind keeps a word from matching as a place)."""
    import csv
    import os

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "data",
                        "place_aliases.csv")
    out: dict[str, list] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            targets = out.setdefault(row["alias"], [])
            if row["kind"]:
                targets.append((row["kind"], row["region_name"]))
    return out


_ALIASES: dict | None = None


def aliases() -> dict[str, list]:
    """The aliases (read once; only the index build needs them)."""
    global _ALIASES
    if _ALIASES is None:
        _ALIASES = _load_aliases()
    return _ALIASES
PROVINCE_SHORT = {"Daerah Istimewa Yogyakarta": ["di yogyakarta"], "Kepulauan Bangka Belitung": [],
                  "DKI Jakarta": []}

MAX_KEY = 48  # no place name is longer once spaces are removed

BASE_CERT = {"code": 1.0, "prefixed": 0.95, "alias": 0.85, "bare": 0.85, "district_prefixed": 0.9,
             "district_bare": 0.7, "hint": 0.75}


def Entry(kind: str, code: str, via: str = "bare") -> tuple:
    """A gazetteer entry: (kind, code, via); kind is province | regency | city | district | village | island."""
    return (kind, code, via)


@dataclass
class Mention:
    entries: list
    strength: float
    cert: float
    text: str
    typo: bool = False
    source: str = "text"  # text | code | hint
    role: str = ""        # home (the reporter lives there) | problem (where the problem is) | ""


@dataclass
class PlaceResult:
    region: object = None          # directory Region (regency/city or province) or None
    district: object = None        # directory District or None
    village_code: str | None = None  # desa/kelurahan code when one was named
    village_text: str = ""           # as written ("desa sukamaju")
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


def gazetteer_data(directory, tokenize, keyword_vocab=frozenset(), villages=(), islands=()) -> dict:
    """Everything the place matcher looks up, as plain dicts/tuples (compiled once into the routing index).

    ``villages``: (code, district_code, name) rows; ``islands``: (code, regency_code, name) rows.
    """
    names: dict[str, list] = {}
    typo_index: dict[str, set] = {}
    max_len = 1
    district_ok_bare: dict[str, str] = {}
    common = COMMON_WORDS | set(keyword_vocab)
    by_name = {r.name: r for r in directory.regions.values()}

    def add(key_tokens, entry, typo=True):
        nonlocal max_len
        if not key_tokens:
            return
        k = _key(key_tokens)
        names.setdefault(k, []).append(entry)
        max_len = max(max_len, len(key_tokens))
        if typo and len(k) >= 7:
            for dk in deletes1(k) + [k]:
                typo_index.setdefault(dk, set()).add(k)

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
    for alias, targets in aliases().items():
        for kind, name in targets:
            r = by_name.get(name)
            if r is not None:
                add(tokenize(alias), Entry(kind, r.code, "alias"))
    for dist in directory.districts.values():
        toks = tokenize(dist.name)
        k = _key(toks)
        ok = len(k) >= 4 and any(t not in common for t in toks) and k not in RISKY_REGION_WORDS
        # a kecamatan name without "kecamatan"/"kec." must be written with a capital letter
        district_ok_bare[dist.code] = "cap" if ok else ""
        add(toks, Entry("district", dist.code), typo=False)
        # "Kota Kefamenanu", "Kota Masohi": the kecamatan of a regency seat is called by the bare town name
        if len(toks) >= 2 and toks[0] == "kota":
            rest = toks[1:]
            rk = _key(rest)
            if len(rk) >= 6 and all(t not in common for t in rest) and rk not in RISKY_REGION_WORDS:
                district_ok_bare.setdefault(dist.code, "cap")
                add(rest, Entry("district", dist.code), typo=False)
    # desa/kelurahan and islands: looked up only after "desa"/"kelurahan"/"pulau"... (see mentions_in); kept as
    # one string per name ("11.01.01.2001;i11.01") so that loading 100,000 of them stays cheap
    small: dict[str, list] = {}
    small_len = 1

    def small_ok(toks) -> bool:
        # "pulau kecil", "desa kabupaten", "kelurahan setempat": words, not names
        k = _key(toks)
        return len(k) >= 4 and k not in common and k not in SMALL_STOP and k not in REGION_PREFIX

    for code, _dc, name in villages:
        toks = tokenize(name)
        if toks and small_ok(toks):
            small.setdefault(_key(toks), []).append(code)
            small_len = max(small_len, len(toks))
    for _code, regency_code, name in islands:
        toks = tokenize(name)
        if len(toks) >= 2 and toks[0] == "pulau" and small_ok(toks[1:]):
            small.setdefault(_key(toks[1:]), []).append("i" + regency_code)
            small_len = max(small_len, len(toks) - 1)
    return {"small": {k: ";".join(dict.fromkeys(v)) for k, v in small.items()}, "small_len": small_len,
            "names": {k: tuple(v) for k, v in names.items()},
            "typo_index": {k: tuple(sorted(v)) for k, v in typo_index.items()},
            "max_len": max_len, "district_ok_bare": district_ok_bare, "common": tuple(sorted(common))}


class Gazetteer:
    def __init__(self, directory, data: dict) -> None:
        self.d = directory
        self.names: dict[str, tuple] = data["names"]
        self.typo_index: dict[str, tuple] = data["typo_index"]
        self.max_len = min(int(data["max_len"]), 8)
        self.district_ok_bare: dict[str, str] = data["district_ok_bare"]
        self.common = frozenset(data["common"])
        self._small = data.get("small")  # None: loaded on first "desa X"/"pulau X" (routing/compiled.py)
        self.small_len = min(int(data["small_len"]), 8)
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
            cands.update(self.typo_index.get(dk, ()))
        best = [c for c in cands if c[0] == k[0] and _edit1(c, k)]
        if len(best) == 1:
            entries = [e for e in self.names[best[0]] if e[0] in REGION_KINDS]
            if entries:
                found = (entries, best[0])
        if len(cache) > 50000:
            cache.clear()
        cache[k] = found
        return found

    def mentions_in(self, cased) -> list[Mention]:
        """Place mentions in one text, left to right, in one pass (each position tries at most ``max_len`` keys)."""
        toks = [t for t, _ in cased]
        caps = [c for _, c in cased]
        n = len(toks)
        out: list[Mention] = []
        spans: list[tuple] = []
        i = 0
        while i < n and len(out) < MAX_MENTIONS:
            tok = toks[i]
            prefix_kind = REGION_PREFIX.get(tok)
            if tok == "wali" and i + 1 < n and toks[i + 1] == "kota":
                prefix_kind, i = "city", i + 1
            if prefix_kind and i + 1 < n:
                m = None
                matches = (self._small_at(toks, i + 1) if prefix_kind in SMALL_PLACES
                           else self._matches_at(toks, i + 1, allow_typo=True))
                for L, entries, typo, k in matches:
                    m = self._prefixed(prefix_kind, entries, typo, " ".join(toks[i:i + 1 + L]))
                    if m is not None:
                        m.role = _role(toks, i) or (("work" if i > 0 and toks[i - 1] in CHOICE_WORDS else "problem")
                                                    if tok in OFFICE_WORDS else "")
                        out.append(m)
                        spans.append((i, i + 1 + L))
                        i += 1 + L
                        break
                if m is not None:
                    continue
            found = False
            for L, entries, typo, k in self._matches_at(toks, i, allow_typo=True):
                prev = toks[i - 1] if i > 0 else ""
                capital = caps[i]
                street = prev in STREET_WORDS
                risky = k in RISKY_REGION_WORDS or len(k) <= 4
                region_entries = [e for e in entries if e[0] in REGION_KINDS]
                # a kecamatan named by common words ("Kota Bangun", "Pasar Minggu") only written in capitals in full
                # right after a locative ("di Kota Bangun")
                full_caps = L >= 2 and prev in LOCATIVE and all(caps[i:i + L])
                dist_entries = [e for e in entries if e[0] == "district" and (
                    self.district_ok_bare.get(e[1]) == "any" or (self.district_ok_bare.get(e[1]) == "cap" and capital)
                    or (full_caps and self.district_ok_bare.get(e[1]) == ""))]
                if region_entries and risky and not (capital or prev in LOCATIVE):
                    region_entries = []
                if typo and (k in self.common):
                    region_entries = []
                if region_entries or dist_entries:
                    text = " ".join(toks[i:i + L])
                    ents = region_entries + dist_entries
                    base = BASE_CERT["alias"] if any(e[2] == "alias" for e in region_entries) else BASE_CERT["bare"]
                    if not region_entries:
                        base = BASE_CERT["district_bare"]
                    strength = 0.8 if region_entries else 0.5
                    if street:  # "Jl. Bandung", "Jalan Semarang": a street name, weak evidence only
                        strength, base = strength * 0.3, base * 0.6
                    elif risky and region_entries and self._longer_name_follows(toks, caps, i, L):
                        # "Batu Majang", "Padang Lua": a common-word region name opening a longer proper name
                        # (a village or nagari) is not that region
                        strength, base = strength * 0.25, base * 0.5
                    out.append(Mention(ents, strength, base * (0.85 if typo else 1.0), text, typo, role=_role(toks, i)))
                    spans.append((i, i + L))
                    i += L
                    found = True
                    break
            if not found and caps[i] and i > 0 and toks[i - 1] in LOCATIVE:
                # "di Caturtunggal": a capitalised desa/kelurahan name after a locative, when at most
                # BARE_VILLAGE_MAX villages carry it -- weak evidence for its kecamatan and regency; a name of
                # common words ("di Kelapa Gading Timur") only with 3+ capitalised words that one village carries
                common_first = tok in self.common
                for L, entries, typo, k in self._small_at(toks, i):
                    vs = [e for e in entries if e[0] == "village"]
                    if common_first and (L < 3 or len(vs) != 1 or not all(caps[i:i + L])):
                        continue
                    if vs and len(vs) <= BARE_VILLAGE_MAX and len(k) >= 6 and k not in self.names:
                        out.append(Mention(vs, 0.5, BASE_CERT["district_bare"] * 0.85, " ".join(toks[i:i + L]),
                                           False, role=_role(toks, i)))
                        spans.append((i, i + L))
                        i += L
                        found = True
                        break
            if not found:
                i += 1
        # "saya warga Sawangan, Depok": a place right after a home (or elsewhere) place qualifies it, same role
        for k in range(1, len(out)):
            if not out[k].role and spans[k][0] == spans[k - 1][1] and out[k - 1].role in ("home", "work"):
                out[k].role = out[k - 1].role
        return out

    def _longer_name_follows(self, toks, caps, i, L) -> bool:
        """True when a capitalised word that is no place, direction or common word follows a capitalised name
        written in lower-case context ("di Batu Majang"; not in a Title Case heading)."""
        j = i + L
        if j >= len(toks) or not caps[i] or not caps[j] or (
                i > 0 and caps[i - 1] and toks[i - 1] not in LOCATIVE and toks[i - 1] not in REGION_PREFIX):
            return False
        nxt = toks[j]
        return (len(nxt) >= 3 and nxt not in self.common and nxt not in DIRECTION_WORDS and not nxt.isdigit()
                and not self._matches_at(toks, j, allow_typo=False))

    @property
    def small(self) -> dict:
        if self._small is None:
            from chalicelib.domain.routing.compiled import load_small_places

            self._small = load_small_places()
        return self._small

    def _small_at(self, toks, i):
        """Desa/kelurahan and island names starting at ``i``, longest first."""
        small = self.small
        found = []
        k = ""
        for j in range(i, min(len(toks), i + self.small_len)):
            k += toks[j]
            if len(k) > MAX_KEY:
                break
            hit = small.get(k)
            if hit:
                found.append((j - i + 1, tuple(("island", c[1:], "bare") if c[0] == "i" else ("village", c, "bare")
                                               for c in hit.split(";")), False, k))
        found.reverse()
        return found

    def _matches_at(self, toks, i, allow_typo):
        """Names starting at ``i``, longest first: [(length, entries, typo, key)]."""
        n = len(toks)
        found = []
        k = ""
        for j in range(i, min(n, i + self.max_len)):
            k += toks[j]
            if len(k) > MAX_KEY:
                break
            hit = self.names.get(k)
            if hit:
                found.append((j - i + 1, hit, False, k))
        if found or not allow_typo:
            found.reverse()
            return found
        t0 = toks[i]
        if len(t0) < 3 or t0 in self.common or t0.isdigit():
            return []
        for L in (2, 1):
            if i + L > n:
                continue
            k = "".join(toks[i:i + L])
            if len(k) < 7 or (L == 2 and toks[i + 1] in self.common):
                continue
            r = self._typo(k)
            if r:
                return [(L, r[0], True, r[1])]
        return []

    def _prefixed(self, kind, entries, typo, text):
        f = 0.85 if typo else 1.0
        if kind in SMALL_PLACES:  # "desa X", "kelurahan X", "pulau X"
            vs = [e for e in entries if e[0] == kind]
            if vs:
                return Mention(vs, 0.9, BASE_CERT["district_prefixed"] * f, text, typo)
            return None
        if kind == "district":
            ds = [e for e in entries if e[0] == "district"]
            if ds:
                return Mention(ds, 1.0, BASE_CERT["district_prefixed"] * f, text, typo)
            return None
        if kind == "province":
            ps = [e for e in entries if e[0] == "province"]
            if ps:
                return Mention(ps, 1.0, BASE_CERT["prefixed"] * f, text, typo)
            return None
        exact = [e for e in entries if e[0] == kind]
        if exact:
            return Mention(exact, 1.2, BASE_CERT["prefixed"] * f, text, typo)
        other = [e for e in entries if e[0] in ("regency", "city")]
        if other:  # "kota Garut" for Kabupaten Garut: accept, less sure
            return Mention(other, 1.0, 0.85 * f, text, typo)
        if kind == "city":
            ps = [e for e in entries if e[0] == "province"]
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
        V: dict[str, float] = {}
        vtext: dict[str, str] = {}
        mentions = _qualified(_merged(mentions))
        # the place of the problem wins over the reporter's home
        away = any(m.role != "home" and m.source == "text" for m in mentions)
        # "saya kerja di X" is where the reporter is; it yields to a place named otherwise (not home, not work)
        away_work = any(m.role not in ("home", "work") and m.source == "text" for m in mentions)
        for m in mentions:
            regs = [e for e in m.entries if e[0] in ("regency", "city")]
            provs = [e for e in m.entries if e[0] == "province"]
            dists = [e for e in m.entries if e[0] == "district"]
            smalls = [e for e in m.entries if e[0] in SMALL_PLACES]
            strength = m.strength * (HOME_FACTOR if (m.role == "home" and away) or (m.role == "work" and away_work) else
                                     PROBLEM_FACTOR if m.role == "problem" else 1.0)
            if smalls:
                # "desa X"/"pulau X": evidence for the kecamatan and regency holding it, shared among namesakes
                w = strength / len(smalls)
                c = m.cert if len(smalls) == 1 else m.cert * (0.8 if len(smalls) <= 3 else 0.6)
                for e in smalls:
                    if e[0] == "village":
                        V[e[1]] = V.get(e[1], 0.0) + w
                        vtext.setdefault(e[1], m.text)
                        dist = e[1].rsplit(".", 1)[0]
                        D[dist] = D.get(dist, 0.0) + w
                        parent = dist.rsplit(".", 1)[0]
                        cert[dist] = max(cert.get(dist, 0.0), c)
                    else:
                        parent = e[1]
                    R[parent] = R.get(parent, 0.0) + 0.8 * w
                    cert[parent] = max(cert.get(parent, 0.0), c)
                continue
            m = Mention(m.entries, strength, m.cert, m.text, m.typo, m.source, m.role)
            for e in regs:
                R[e[1]] = R.get(e[1], 0.0) + (m.strength * 0.6 if len(regs) > 1 else m.strength)
                cert[e[1]] = max(cert.get(e[1], 0.0), m.cert)
            for e in provs:
                P[e[1]] = P.get(e[1], 0.0) + m.strength
                cert[e[1]] = max(cert.get(e[1], 0.0), m.cert)
            if dists:
                w = (m.strength * (0.4 if regs or provs else 1.0)) / len(dists)
                for e in dists:
                    D[e[1]] = D.get(e[1], 0.0) + w
                    parent = d.districts[e[1]].parent_code
                    R[parent] = R.get(parent, 0.0) + 0.8 * w
                    c = m.cert if len(dists) == 1 else m.cert * 0.8
                    cert[parent] = max(cert.get(parent, 0.0), c)
                    cert[e[1]] = max(cert.get(e[1], 0.0), c)
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
            dists = [(c, s) for c, s in D.items() if c in d.districts and d.districts[c].parent_code == best]
            if dists:
                dists.sort(key=lambda kv: -kv[1])
                res.district = d.districts[dists[0][0]]
                vs = sorted(((c, s) for c, s in V.items() if c.startswith(res.district.code + ".")), key=lambda kv: -kv[1])
                if vs:
                    res.village_code = vs[0][0]
                    res.village_text = vtext.get(vs[0][0], "")
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


def _qualified(mentions: list) -> list:
    """A name once written with its kind ("Kecamatan Depok", "Kabupaten Malang") keeps that kind when the same
    report repeats it bare ("Condongcatur, Depok"): the bare mentions are narrowed to the qualified entries
    (or take them, when the bare name alone meant only a namesake, e.g. the city of that name)."""
    kinds: dict[str, list] = {}
    for m in mentions:
        head, _, rest = m.text.partition(" ")
        if rest and head in REGION_PREFIX and REGION_PREFIX[head] not in SMALL_PLACES:
            kinds.setdefault(rest, []).extend(m.entries)
    if not kinds:
        return mentions
    out = []
    for m in mentions:
        q = kinds.get(m.text)
        if q is not None:
            keys = {(e[0], e[1]) for e in q}
            keep = [e for e in m.entries if (e[0], e[1]) in keys] or list(q)
            if keep != m.entries:
                m = Mention(keep, m.strength, m.cert, m.text, m.typo, m.source, m.role)
        out.append(m)
    return out


def _merged(mentions: list) -> list:
    """Repeated mentions of the same name in the same role count once with their strengths added (the
    resolver is additive in strength), so that resolving is linear in the distinct names."""
    out: dict = {}
    for m in mentions:
        k = (m.text, m.role, m.source, m.typo, m.cert, tuple(m.entries))
        prev = out.get(k)
        if prev is None:
            out[k] = Mention(m.entries, m.strength, m.cert, m.text, m.typo, m.source, m.role)
        else:
            prev.strength += m.strength
    return list(out.values())


def _role(toks, i: int) -> str:
    """'home' after "tinggal di", "domisili", "alamat saya", "saya warga", "lapor dari"; 'work' (a place that is not
    the problem's) after "saya/sekarang (be)kerja di", "dirujuk ke" or "pilih Pemkot X"; 'problem' after "lokasi",
    "masalahnya di", "tapi di" or right after a regional office ("Dukcapil X")."""
    if i >= 1 and toks[i - 1] in OFFICE_WORDS:
        return "problem"
    for j in range(i - 2, max(-1, i - 4), -1):  # "dinas pendidikan X", "dinas tenaga kerja X"
        if toks[j] == "dinas" and not any(t in LOCATIVE for t in toks[j + 1:i]):
            return "problem"
    if i >= 2 and toks[i - 1] in ("ke", "to") and toks[i - 2] in REFER_WORDS:
        return "work"
    for j in range(i - 1, max(-1, i - 5), -1):
        t = toks[j]
        if t in WORK_WORDS and j == i - 2 and toks[i - 1] == "di" and j > 0 and (
                toks[j - 1] in SELF_WORDS or toks[j - 1] in NOW_WORDS):
            return "work"
        if t in HOME_MARKERS or (t in HOME_AFTER_SELF and j == i - 1 and j > 0 and toks[j - 1] in SELF_WORDS):
            return "home"
        if t in PROBLEM_MARKERS or t in CONTRAST:
            return "problem"
    return ""


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
