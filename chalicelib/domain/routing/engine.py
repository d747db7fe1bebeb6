"""Routing engine: matter detection + place resolution + authority rules -> RoutingDecision.

See ``chalicelib/routing/__init__.py`` for how confidence is computed and the threshold.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
import threading

from chalicelib.domain.routing import taxonomy
from chalicelib.domain.routing.lexicon import W_NORMAL, W_STRONG, W_WEAK, build_index_data  # noqa: F401
from chalicelib.domain.routing.places import BASE_CERT, REGION_PREFIX, Entry, Gazetteer, Mention, PlaceResult, _edit1
from chalicelib.domain.routing.text import cased_tokens, deletes1, tokens

TITLE_BONUS = 0.5           # a phrase found in the title counts 50 % more (the title names the subject)
TYPO_MIN_LEN = 7            # keyword typos only for words of 7+ letters
GAP = 3                     # two-word phrases may have up to GAP-1 words between them
GAP_FACTOR = 0.8
WEAK_ONLY_CAP = 0.6         # a matter supported only by weak cues scores at most one weak cue
TYPO_FACTOR = 0.8           # keyword matched with one typo
STRENGTH_SCALE = 1.8        # strength = 1 - exp(-score / STRENGTH_SCALE)
NO_PLACE_FACTOR = 0.35      # regional matter but no place: confidence multiplier
PROVINCE_ONLY_FACTOR = 0.45 # regency/city matter but only the province is known
NO_MATTER_LOCAL_CONF = 0.35 # place known, no matter: send to the local government
HINT_ONLY_CONF = 0.45       # nothing recognised but the reporter chose a valid agency
FALLBACK_CONF = 0.1         # nothing known at all: national admin
HINT_AGREE_BOOST = 0.3      # conf += (1 - conf) * boost when the hint agrees
HINT_PLAUSIBLE_RATIO = 0.6  # hint honoured if its own score >= ratio * winner score
NATIONAL_ADMIN = "kemenpanrb"
AMBIGUOUS_PLACE_CAP = 0.45
# Catch-all conduct matters: their ordinary words ("pungli", "petugas", "pelayanan lambat") say how, not which
# office; without an office, facility or strong phrase they wait for a person even when the place is known.
GENERIC_CONDUCT = {"local_civil_servants", "maladministration", "public_service_admin"}
# Matters whose facilities may belong to either level: a named one that facilities.csv does not know leaves
# the owner open (a person checks): matter -> words that open the facility's name.
OWNER_VARIES = {"hospital_regional": ("rsud", "rsu"), "airport": ("bandara", "bandar"), "port": ("pelabuhan",),
                "local_transport": ("terminal",), "public_facilities": ("stadion", "gor")}
# a matter whose only words are the kind of facility, whose operator varies by facility
GENERIC_FACILITY_WORDS = {"airport": {"bandara", "bandar udara", "airport", "terminal bandara"},
                          "port": {"pelabuhan", "port", "seaport", "dermaga"}}
ORDINARY_ONLY_CAP = 0.45    # no strong phrase, no place, no office or facility named: below the threshold
CONFLICT_CERT = 0.45        # certainty of a coded place when the body names another regency/city without saying which
LOCATION_AS_HOME = 0.5      # weight of the structured location when the text names the place of the problem  # regional matter whose place is an unresolved tie (bare "Bogor")

NEGATIONS = {"bukan", "bkn", "not", "non"}   # the phrase right after is denied ("bukan jalan kota")
STREET_PREFIX = {"jl", "jln", "jalan", "street", "st"}  # a facility name right after is a street's name
ROAD_FACILITY_WORDS = {"tol", "nasional", "provinsi", "lintas", "trans"}  # "jalan tol Cipularang" is the road itself
CONTEXT_FACTOR = 0.35       # a phrase used as a landmark or a cause ("depan pasar", "pasca gempa", "rawan begal")
# Words after which a phrase names a landmark, a cause or a risk rather than the subject of the report.
CONTEXT_MARKERS = {"depan", "dpn", "dekat", "dkt", "samping", "sebelah", "seberang", "belakang", "sekitar",
                   "pasca", "paska", "akibat", "imbas", "dampak", "rawan", "near", "beside", "behind",
                   "menuju", "akses"}
# Filler words allowed between a marker and the phrase ("dekat kantor pos", "depan gedung sekolah").
_CONTEXT_FILLER = {"di", "ke", "the", "a", "kantor", "gedung", "area", "kawasan", "pintu", "gerbang", "jalan", "terjadi", "objek", "tempat", "lokasi"}

# Generic matter -> more specific matters of the same family.  When a specific one is named ("jalan
# provinsi", "SMA", "RSUP") and the generic one has none of its own status phrases, the generic words
# ("jalan rusak", "sekolah", "rumah sakit") describe the same object: they add to the specific matter
# instead of competing with it.
FAMILIES = {
    "road_local": (("road_provincial", "road_national", "toll_road", "toll_trans_sumatra"),
                   {"jalan desa", "jalan kampung", "jalan kabupaten", "jalan kota", "jalan lingkungan", "jalan gang",
                    "jalan poros desa"}),
    "school_basic": (("school_secondary", "madrasah", "higher_education"),
                     {"sdn", "smpn", "sd negeri", "smp negeri", "sekolah dasar", "paud", "sekolah menengah pertama",
                      "primary school", "junior high", "sd", "smp", "tk", "mi sd", "kelas 1", "kelas 6"}),
    "hospital_regional": (("hospital_provincial", "hospital_central"), set()),
    # "nelayan", "melaut" describe the same licence/fishing-ground complaint once its provincial status is named
    "fisheries": (("fisheries_provincial",), {"kkp", "kementerian kelautan", "illegal fishing", "pencurian ikan",
                                              "kapal asing"}),
    # unpaid wages, a held passport or an employer abroad are the migrant worker's protection case (UU 18/2017:
    # P2MI and the missions), not the domestic labour inspectorate's, unless a domestic wage rule is named
    "labour": (("migrant_workers",), {"umk", "ump", "umr", "upah minimum", "disnaker", "dinas tenaga kerja",
                                      "pengawas ketenagakerjaan"}),
    # a passport is the migrant worker's document once the placement case is named (UU 18/2017), unless the
    # immigration office's own service is named
    "immigration": (("migrant_workers",), {"imigrasi", "kantor imigrasi", "m paspor", "visa", "kitas", "kitap",
                                           "passport", "immigration", "visa on arrival", "e visa", "wawancara paspor",
                                           "calo paspor", "deportasi", "orang asing", "wna"}),
    # "sapi", "ternak", "petani" describe the animal or the goods once a quarantine check is named (Barantin,
    # UU 21/2019), unless an agricultural service itself (aid, seed, extension, the ministry) is named
    "agriculture": (("quarantine",), {"alsintan", "traktor", "benih", "bibit", "penyuluh pertanian", "ppl",
                                      "kelompok tani", "poktan", "gapoktan", "kementan", "kementerian pertanian",
                                      "dinas pertanian", "dinas peternakan", "asuransi pertanian", "gagal panen",
                                      "hama"}),
    # "speedboat", "terminal", "ngetem" describe the inter-regency service once that status is named
    "local_transport": (("transport_provincial",), {"angkot", "angkutan kota", "bus kota", "transjakarta",
                                                     "parkir liar", "juru parkir", "tukang parkir", "jukir",
                                                     "lampu merah", "traffic light", "apill"}),
}
# ... and they describe the person once the complaint is about a fuel station's quota (SPBUN: Pertamina/BPH
# Migas, Perpres 191/2014), a search at sea (Basarnas, UU 29/2014) or a fish auction site (TPI: regency/city,
# UU 23/2014 Lampiran Y) -- unless a KKP service itself (the Kusuka card, fishing gear, aquaculture, reefs) is named
FISHER_FAMILY = ("fisheries", ("fisheries_local", "fuel_lpg", "search_rescue"),
                 FAMILIES["fisheries"][1] | {"kusuka", "kartu kusuka", "alat tangkap", "cantrang", "rumpon",
                                             "budidaya ikan", "tambak", "terumbu karang", "karang rusak",
                                             "buang jangkar", "coral reef", "coral reefs", "perikanan"})
# pay below the minimum wage, unpaid overtime and work safety are the labour inspectorate's (UU 23/2014 Lampiran G,
# Pengawasan Ketenagakerjaan: province), so "gaji", "pabrik", "buruh" describe that case -- unless a dispute the
# regency/city or Kemnaker mediates (layoff, severance, THR, contract) is named
LABOUR_INSPECTION_FAMILY = ("labour", ("labour_inspection",),
                            {"phk", "di phk", "pesangon", "thr", "tunjangan hari raya", "hubungan industrial",
                             "perselisihan hubungan industrial", "mediasi disnaker", "dipecat", "resign", "layoff",
                             "pkwt", "karyawan kontrak", "outsourcing", "serikat pekerja"})
# a soldier's or police officer's pension is Asabri's (PP 102/2015): "TNI", "tentara", "pensiun" then describe the
# pensioner, unless a soldier's conduct or a Taspen (civil servant) pension is named
PENSION_FAMILIES = (
    ("military", ("military_pension",), {"oknum tni", "oknum tentara", "kodim", "koramil", "babinsa", "kodam",
                                         "denpom", "polisi militer", "lanud", "lanal", "marinir"}),
    ("civil_service_pension", ("military_pension",), {"taspen", "pensiun pns", "pensiunan pns", "pensiunan asn",
                                                      "tht taspen", "tabungan hari tua pns"}),
)
# "RSUD dr. Ben Mboi Ruteng": a central hospital's proper name after "RSUD" is a namesake regional hospital (an
# RSUD is the regency's, city's or province's, UU 23/2014 Lampiran B; RSUP/vertical ones say so) -- checked first
RSUD_NAMESAKE_FAMILY = ("hospital_central", ("hospital_regional",),
                        {"rsup", "rumah sakit umum pusat", "rumah sakit vertikal", "rumah sakit vertikal kemenkes",
                         "kemenkes", "kementerian kesehatan"})
# "pelabuhan", "dermaga" describe the feeder port once its class is named (UU 23/2014 Lampiran O: pengumpan
# regional -> province, pengumpan lokal -> regency/city), unless Pelindo's own cargo services are named
PORT_CLASS_FAMILY = ("port", ("port_regional", "port_local"),
                     {"pelindo", "peti kemas", "kontainer", "container", "truk kontainer", "terminal peti kemas",
                      "terminal kontainer", "dwelling time", "bongkar muat", "tanjung perak", "tanjung priok port"})
# "hutan", "penebangan liar" describe the KPH's forest once the provincial unit is named (UU 23/2014 Lampiran BB),
# unless a conservation area or protected wildlife (Kemenhut's own) is named
FOREST_UNIT_FAMILY = ("forestry", ("forestry_provincial",),
                      {"bksda", "taman nasional", "kemenhut", "satwa dilindungi", "satwa liar", "orangutan", "harimau",
                       "gajah liar", "konflik satwa", "petugas konservasi", "perhutanan sosial"})
# Round 6 families: each names the national or regional body whose own service the specific matter is, so the
# generic words describe that case instead of competing with it.
_GENERAL_ELECTION_WORDS = {"kpu", "bawaslu", "pemilu", "pilkada", "pilpres", "pileg", "dpt", "tps pemilu",
                           "pelanggaran pemilu", "netralitas asn"}
ROUND6_FAMILIES = (
    # vote buying, candidates and committees of a village head election are the regency's (UU 6/2014 ps. 31-37),
    # not Bawaslu's or KPU's, unless a general or regional election is named
    ("election_violations", ("village_head_election",), _GENERAL_ELECTION_WORDS),
    ("elections", ("village_head_election",), _GENERAL_ELECTION_WORDS),
    # "UKT", "mahasiswa", "kampus" describe a state religious university once one is named (PP 46/2019: Kemenag)
    ("higher_education", ("religious_higher_education",), {"kemendiktisaintek", "kemdiktisaintek", "lldikti",
                                                           "kemendikbud", "kemendikbudristek"}),
    # a madrasah teacher's allowance is paid by Kemenag (UU 14/2005 ps. 16-18, madrasah under UU 20/2003 ps. 17-18),
    # unless a school of the education office is named
    ("teacher_welfare", ("madrasah",), {"kemendikdasmen", "dinas pendidikan", "disdik", "sdn", "smpn", "sman",
                                         "smkn", "sd negeri", "smp negeri", "sma negeri", "smk negeri"}),
    # "phk", "pesangon", "disnaker" describe the dispute once mediation is asked for (UU 2/2004 ps. 4, 8: the
    # regency/city labour office's mediator), unless Kemnaker itself is named
    ("labour", ("labour_mediation",), {"kemnaker", "kementerian ketenagakerjaan"}),
    # a police officer's or soldier's pension is Asabri's (PP 102/2015): "polisi", "polri" then describe the
    # pensioner, unless a crime or police conduct is named
    ("police_crime", ("military_pension",), {"laporan polisi", "penyidik", "reskrim", "pencurian", "dicuri",
                                             "oknum polisi", "polsek", "polres", "polda"}),
    # passport control, visas and customs at an airport are the vertical offices' (UU 6/2011 ps. 9; UU 17/2006
    # ps. 1, 82), not the airport operator's -- unless the operator's own service is named
    ("airport", ("immigration", "customs", "quarantine"), {"angkasa pura", "injourney", "bagasi", "toilet",
                                                            "troli", "parkir bandara", "garbarata", "terminal bandara"}),
    # land, clearing and compensation inside the new capital's area are the Otorita's (UU 3/2022 jo. UU 21/2023
    # ps. 15A-16A; Perpres 65/2022), unless the land office's own register is named
    # a civil servant's old-age savings (THT) are Taspen's (PP 25/1981; PP 70/2015), so "JHT", "BPJS
    # Ketenagakerjaan" describe what the PNS asked for, unless a private or contract job is named
    ("bpjs_employment", ("civil_service_pension",), {"pppk", "perusahaan", "karyawan swasta", "pekerja swasta",
                                                     "bukan penerima upah", "bpu", "pabrik"}),
    # moving house and the KTP describe the voter once the voter list is named: updating it is KPU's
    # (UU 7/2017 ps. 201-208), unless the Dukcapil's own service is named
    ("civil_registration", ("elections",), {"dukcapil", "disdukcapil", "capil", "blangko ktp", "rekam ktp",
                                            "perekaman", "cetak ktp", "ktp el", "e ktp", "akta kelahiran",
                                            "kartu keluarga", "kk", "surat pindah"}),
    ("land_dispute", ("ikn",), {"bpn", "kantor pertanahan", "atr bpn", "sertifikat ganda", "sertifikat"}),
)
FAMILY_RULES = ((RSUD_NAMESAKE_FAMILY,) + tuple((g, sp, st) for g, (sp, st) in FAMILIES.items())
                + (FISHER_FAMILY, LABOUR_INSPECTION_FAMILY, PORT_CLASS_FAMILY, FOREST_UNIT_FAMILY) + PENSION_FAMILIES
                + ROUND6_FAMILIES)

# Vessel size decides the licensing level (UU 23/2014 annex: fishing vessels up to 30 GT -> province,
# above 30 GT -> KKP).  "kapal 10 GT" adds a strong cue to the matching fisheries matter when the text is
# already about fishing.
GT_PROVINCE_MAX = 30


class _Index:
    """All lookup structures, loaded once per process from the compiled index (or built if it is stale)."""

    def __init__(self) -> None:
        from chalicelib.domain.directory import get_directory
        from chalicelib.domain.routing.compiled import load

        self.d = get_directory()
        self.matters = taxonomy.MATTERS
        self.matter_by_id = {m["id"]: m for m in self.matters}
        self.matter_idx = {m["id"]: i for i, m in enumerate(self.matters)}
        self.facilities = taxonomy.FACILITIES
        data = load(lambda: build_index_data(self.d))
        self.kw = data["kw"]
        # compiled lookups for the single pass: first word -> length -> phrase -> entries, and
        # first word -> second word -> two-word entries that may have words in between
        self.by_len: dict[str, dict[int, dict[tuple, list]]] = {}
        self.gapped: dict[str, dict[str, list]] = {}
        for first, entries in self.kw.items():
            for e in entries:
                L = len(e[0])
                self.by_len.setdefault(first, {}).setdefault(L, {}).setdefault(e[0], []).append(e)
                if L == 2 and e[2] >= W_NORMAL:
                    self.gapped.setdefault(first, {}).setdefault(e[0][1], []).append(e)
        self.single_typo = data["single_typo"]
        self.vocab = frozenset(data["vocab"])
        self.max_phrase = data["max_phrase"]
        self.gaz = Gazetteer(self.d, data["gaz"])
        self.points = data["points"]
        self.gaz.small  # the desa/kelurahan index is loaded now, not inside the first request that names one
        self.typo_cache: dict = {}
        self.local_ids = {a.id for a in self.d.agencies.values() if a.level != "national"}


_INDEX: _Index | None = None
_LOCK = threading.Lock()


def get_index() -> _Index:
    global _INDEX
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = _Index()
    return _INDEX


# ------------------------------------------------------------------ matching
def _find_hits(ix: _Index, toks: list[str], in_title: bool, denied: set | None = None) -> list[tuple]:
    """Keyword hits: (start, end, key, weight, phrase, in_title, tier, gap).

    Linear in the number of tokens: each position looks up the phrases starting there by length
    (``ix.by_len``) and the gapped two-word phrases by their second word (``ix.gapped``), and the
    longest-phrase filter checks a bounded window (phrases are at most ``ix.max_phrase`` words).
    """
    hits = []
    n = len(toks)
    for i, tok in enumerate(toks):
        groups = ix.by_len.get(tok)
        typo = False
        if groups is None and len(tok) >= TYPO_MIN_LEN and tok not in ix.vocab and tok not in ix.gaz.names:
            fixed = _keyword_typo(ix, tok)
            if fixed:
                groups = {1: {(fixed,): [e for e in ix.kw.get(fixed, ()) if len(e[0]) == 1]}}
                typo = True
        if not groups:
            continue
        if i >= 1 and toks[i - 1] in NEGATIONS:
            if denied is not None:  # "maaf bukan PLN": a body's name denied is denied wherever else it is written
                denied.update(label for L, t in groups.items() if i + L <= n
                              for _, key, _, label in t.get(tuple(toks[i:i + L]), ()) if key[0] == "a")
            continue  # "bukan jalan kota", "not a school": the phrase is denied, not named
        if tok in REGION_PREFIX and i + 1 < n and (ix.gaz._small_at(toks, i + 1) or ix.gaz._matches_at(toks, i + 1, False)):
            # "Kelurahan Kampung Melayu" names a place, not the kelurahan office as a matter
            one = {ph: [e for e in es if e[1][0] != "m"] for ph, es in groups.get(1, {}).items()}
            groups = {L: (t if L > 1 else {ph: es for ph, es in one.items() if es}) for L, t in groups.items()}
        ctx = CONTEXT_FACTOR if _context(toks, i) else 1.0
        tf = TYPO_FACTOR if typo else 1.0
        for L, table in groups.items():
            if i + L > n:
                continue
            for phrase, key, w, label in table.get(tuple(toks[i:i + L]) if L > 1 else (toks[i],), ()):
                if key[0] == "o" and i >= 1 and toks[i - 1] in STREET_PREFIX and tok not in ROAD_FACILITY_WORDS:
                    continue  # "Jl. Soekarno-Hatta", "Jalan Juanda": a street named after the facility's namesake
                af = CONTEXT_FACTOR if key[0] in REPORTED_KEYS and _reported_to(toks, i) else 1.0
                hits.append((i, i + L, key, _phrase_weight(w, L) * ctx * tf * af, label, in_title, w, False))
        gapped = ix.gapped.get(tok) if not typo else None
        if gapped:
            # "jalan di depan rumah rusak": up to GAP words between the two words of a two-word phrase
            done = {toks[i + 1]} if i + 1 < n else set()
            for j in range(i + 2, min(n, i + 2 + GAP)):
                second = toks[j]
                if second in done:
                    continue
                done.add(second)
                for phrase, key, w, label in gapped.get(second, ()):
                    hits.append((i, j + 1, key, _phrase_weight(w, 2) * ctx * GAP_FACTOR, label, in_title, w, True))
    # longest phrase wins: drop hits strictly inside a longer accepted (contiguous) span
    hits.sort(key=lambda h: (h[7], -(h[1] - h[0])))
    longest_from: dict[int, int] = {}   # start -> furthest end of an accepted contiguous span
    multi: set[int] = set()             # positions inside an accepted contiguous multi-word span
    reach = ix.max_phrase
    widest = 0                          # longest accepted contiguous span so far
    accepted = []
    for h in hits:
        s0, s1 = h[0], h[1]
        size = s1 - s0
        if widest > size and h[2][0] != "o" and _inside_longer(longest_from, s0, s1, reach):
            continue  # (a named facility inside a matter phrase, "Bandara Mopah", still fixes its owner)
        if h[7]:
            # a gapped phrase may not straddle a contiguous multi-word phrase ("jalan provinsi ... kabupaten")
            if multi and not multi.isdisjoint(range(s0, s1)):
                continue
        elif h[2][0] != "o":  # a named facility fixes an owner; it never hides the matter words inside it
            if longest_from.get(s0, -1) < s1:
                longest_from[s0] = s1
            if size > 1:
                multi.update(range(s0, s1))
            widest = max(widest, size)
        accepted.append(h)
    return accepted


def _inside_longer(longest_from: dict, s0: int, s1: int, reach: int) -> bool:
    """True when an accepted contiguous span longer than [s0, s1) contains it (spans are <= reach words)."""
    size = s1 - s0
    for s in range(max(0, s1 - reach), s0 + 1):
        end = longest_from.get(s, -1)
        if end >= s1 and end - s > size:
            return True
    return False


def _phrase_weight(tier: float, length: int) -> float:
    return tier * min(1.6, 1.0 + 0.2 * (length - 1))


def _keyword_typo(ix: _Index, tok: str):
    """The one single-word keyword within one edit of ``tok`` (cached), or None."""
    fixed = ix.typo_cache.get(tok, 0)
    if fixed == 0:
        cands = set(ix.single_typo.get(tok, ()))
        for dk in deletes1(tok):
            cands.update(ix.single_typo.get(dk, ()))
        cands = [c for c in cands if c[0] == tok[0] and _edit1(c, tok)]
        fixed = cands[0] if len(cands) == 1 else None
        if len(ix.typo_cache) > 50000:
            ix.typo_cache.clear()
        ix.typo_cache[tok] = fixed
    return fixed


def _vessel_size(ix: _Index, toks: list[str], scores: dict, labels: dict) -> None:
    fi, pi = ix.matter_idx.get("fisheries"), ix.matter_idx.get("fisheries_provincial")
    if fi is None or pi is None or not (scores.get(("m", fi), 0) > 0 or scores.get(("m", pi), 0) > 0):
        return
    li = ix.matter_idx.get("fisheries_local")
    if li is not None and scores.get(("m", li), 0.0) >= W_STRONG:
        return  # the size decides a licence's level, not who runs a TPI or a regency's aid to small fishers
    for i in range(1, len(toks)):
        if toks[i] == "gt" and toks[i - 1].isdigit() and len(toks[i - 1]) <= 4:
            key = ("m", pi if int(toks[i - 1]) <= GT_PROVINCE_MAX else fi)
            scores[key] = scores.get(key, 0.0) + W_STRONG
            labels.setdefault(key, []).append((W_STRONG, f"{toks[i - 1]} gt"))
            return


def _unknown_named_facility(ix, text: str, heads: tuple) -> str:
    """The first "<head> <Proper name>" ("rsud iskak", "rsud dr soedono") whose name is no place, common word
    or known facility, or ''."""
    cased = cased_tokens(text)
    toks = [t for t, _ in cased]
    for i, t in enumerate(toks[:-1]):
        if t not in heads:
            continue
        j = i + 1
        while j < len(toks) and toks[j] in _TITLE_WORDS:
            j += 1
        if j >= len(toks):
            continue
        nm = toks[j]
        if (cased[j][1] and len(nm) >= 3 and nm.isalpha() and nm not in ix.gaz.names and nm not in ix.gaz.common
                and nm not in REGION_PREFIX and nm not in ix.by_len):
            return " ".join(toks[i:j + 1])
    return ""


REPORTED_KEYS = ("a", "m")  # a named body, or the office a matter phrase names ("kepala desa", "polsek")
REPORTED_TO = {"lapor", "melapor", "dilaporkan", "mengadu", "diadukan", "reported", "complained"}


def _reported_to(toks: list[str], i: int) -> bool:
    """'sudah lapor (ke) PLN', 'reported to X': the body the reporter already went to -- which may have sent them
    on ('disuruh ke pemda') -- is weaker evidence of authority than a body the complaint is about."""
    if _gone_to(toks, i):
        return True
    # "sudah lapor ke camat dan kepala desa": the later items of the list were reported to as well
    return i >= 3 and toks[i - 1] in LIST_JOINS and any(_gone_to(toks, j) for j in range(max(2, i - 4), i - 1))


def _gone_to(toks: list[str], i: int) -> bool:
    """'lapor PLN', 'lapor ke PLN', 'sudah ke Satpol PP' (already went there) right before position ``i``."""
    return (i >= 1 and toks[i - 1] in REPORTED_TO) or (
        i >= 2 and toks[i - 1] in ("ke", "kepada", "to") and (toks[i - 2] in REPORTED_TO or toks[i - 2] in WENT))


WENT = {"sudah", "pernah", "udah", "sdh"}  # "sudah ke kelurahan": only with "ke" (not "sudah rusak")


LIST_JOINS = {"dan", "serta", "and", "maupun"}


_TITLE_WORDS = {"dr", "dari", "dokter", "drs", "h", "hj", "ir", "prof", "r", "kh", "raden"}  # "dr" reads as "dari"


def _context(toks: list[str], i: int) -> bool:
    """True when the word at ``i`` follows a landmark/cause/risk marker ("depan pasar", "pasca gempa")."""
    if i >= 1 and toks[i - 1] in CONTEXT_MARKERS:
        return True
    return i >= 2 and toks[i - 2] in CONTEXT_MARKERS and toks[i - 1] in _CONTEXT_FILLER


def _merge_families(ix: _Index, scores: dict, labels: dict) -> None:
    for generic, specifics, status in FAMILY_RULES:
        gi = ix.matter_idx.get(generic)
        gk = ("m", gi)
        if gi is None or gk not in scores:
            continue
        if any(l in status for _, l in labels.get(gk, ())):
            continue
        best = None
        for sp in specifics:
            sk = ("m", ix.matter_idx.get(sp))
            sv = scores.get(sk, 0.0)
            if sv >= W_STRONG and (best is None or sv > scores[best]):
                best = sk
        if best is not None:
            scores[best] += scores.pop(gk)
            labels[best] = labels.get(best, []) + labels.pop(gk, [])


def _score(ix: _Index, title: str, body: str):
    t_toks = tokens(title)
    b_toks = tokens(body)
    denied: set = set()
    hits = _find_hits(ix, t_toks, True, denied) + _find_hits(ix, b_toks, False, denied)
    if denied:
        hits = [h for h in hits if h[4] not in denied]
    best: dict[tuple, tuple] = {}
    for s, e, key, w, label, in_title, tier, gap in hits:
        k = (key, label)
        val = w * (1 + TITLE_BONUS) if in_title else w
        if k not in best or best[k][0] < val:
            best[k] = (val, tier)
    scores: dict[tuple, float] = {}
    weak_only: dict[tuple, bool] = {}
    labels: dict[tuple, list] = {}
    for (key, label), (val, tier) in best.items():
        scores[key] = scores.get(key, 0.0) + val
        weak_only[key] = weak_only.get(key, True) and tier <= W_WEAK
        labels.setdefault(key, []).append((val, label))
    for key, wo in weak_only.items():
        if wo:  # weak cues alone are not evidence of a matter
            scores[key] = min(scores[key], WEAK_ONLY_CAP)
    _vessel_size(ix, t_toks + b_toks, scores, labels)
    _merge_families(ix, scores, labels)
    return scores, labels


# ------------------------------------------------------------------ helpers
def _R(code, id_, en):
    return {"code": code, "id": id_, "en": en}


_LEVEL_ID = {"national": "nasional", "province": "provinsi", "regency": "kabupaten", "city": "kota"}


def _authority_text(ix, matter, agency_id):
    t = matter["target"]
    if t == taxonomy.LOCAL:
        return ("kewenangan pemerintah kabupaten/kota (UU 23/2014)", "a regency/city government affair (Law 23/2014)")
    if t == taxonomy.PROVINCE:
        return ("kewenangan pemerintah provinsi (UU 23/2014)", "a provincial government affair (Law 23/2014)")
    a = ix.d.agencies.get(t)
    nm = a.name if a else t
    return (f"ditangani oleh {nm}", f"handled by {nm}")


def _local_gov(ix, place: PlaceResult):
    """Regency/city government for the place (DKI -> pemprov-31); (agency_id, factor) or (None, 0)."""
    if place.region is None:
        return None, 0.0
    r = place.region
    if r.level == "province":
        if r.code == "31":
            return "pemprov-31", 1.0
        return f"pemprov-{r.code}", PROVINCE_ONLY_FACTOR
    return ix.d.local_government_for(r.code), 1.0


def _resolve_target(ix, target: str, place: PlaceResult):
    """-> (agency_id or None, place_factor, needs_place)."""
    if target == taxonomy.LOCAL:
        aid, f = _local_gov(ix, place)
        return aid, f * _place_factor(place.certainty), True
    if target == taxonomy.PROVINCE:
        if place.province_code:
            pc = place.province_certainty or place.certainty
            return f"pemprov-{place.province_code}", _place_factor(pc), True
        return None, 0.0, True
    return target, 1.0, False


def _shared(ix, matter, place) -> set:
    """Agencies that share authority over ``matter`` at ``place`` (its ``also`` list, resolved)."""
    out = set()
    for a in matter["also"]:
        aid, _, _ = _resolve_target(ix, a, place)
        if aid:
            out.add(aid)
    return out


def _place_factor(cert: float) -> float:
    return 0.1 + 0.9 * max(0.0, min(1.0, cert))


def _region_dict(ix, place: PlaceResult):
    if place.region is None:
        return None
    if place.district is not None:
        out = {"code": place.district.code, "name": place.district.name, "level": "district",
               "province_code": place.region.province_code, "parent_code": place.district.parent_code,
               "parent_name": ix.d.regions[place.district.parent_code].name}
        if place.village_code:
            out["village"] = {"code": place.village_code, "as_written": place.village_text}
        return out
    r = place.region
    return {"code": r.code, "name": r.name, "level": r.level, "province_code": r.province_code}


# ------------------------------------------------------------------ place
def _known_code(table: dict, raw, kind: str, words: tuple[str, str], reasons):
    """The directory entry a given code names, or None with a reason (an unknown code is ignored)."""
    code = str(raw).strip()
    found = table.get(code)
    if found is None:
        reasons.append(_R(f"{kind}_code_unknown", f"Kode {words[0]} '{code[:20]}' tidak dikenal dan diabaikan.",
                          f"{words[1]} code '{code[:20]}' is unknown and was ignored."))
    return found


def _resolve_place(ix, inp, hint_agency, reasons) -> PlaceResult:
    d = ix.d
    place = PlaceResult()
    code_region = None
    code_district = None
    if inp.district_code:
        code_district = _known_code(d.districts, inp.district_code, "district", ("kecamatan", "District"), reasons)
    if inp.region_code:
        code_region = _known_code(d.regions, inp.region_code, "region", ("wilayah", "Region"), reasons)
    if code_district is not None and code_region is not None:
        parent = d.regions[code_district.parent_code]
        if code_region.code not in (parent.code, parent.province_code):
            reasons.append(_R("codes_conflict",
                              f"Kode kecamatan tidak berada di {code_region.name}; kode wilayah yang dipakai.",
                              f"The district code is not inside {code_region.name}; the region code was used."))
            code_district = None
    if code_district is not None:
        parent = d.regions[code_district.parent_code]
        place.region, place.district = parent, code_district
        place.certainty = place.province_certainty = 1.0
        place.province_code = parent.province_code
        place.source = "code"
    elif code_region is not None:
        place.region = code_region
        place.certainty = place.province_certainty = 1.0
        place.province_code = code_region.province_code
        place.source = "code"
        if code_region.level != "province":
            # a kecamatan named in the text may refine the region
            pass
    if place.source == "code":
        moved = _problem_place_elsewhere(ix, inp, hint_agency, place)
        if isinstance(moved, tuple):
            other = moved[1]
            moved = None
            place.certainty = min(place.certainty, CONFLICT_CERT)
            reasons.append(_R("place_conflict",
                              f"Kode wilayah menunjuk {place.region.name}, tetapi laporan juga menyebut {other.name}; "
                              f"lokasi masalah perlu dicek.",
                              f"The region code points to {place.region.name}, but the report also names {other.name}; "
                              f"the place of the problem needs checking."))
        if moved is not None:
            reasons.append(_R("place_problem_over_code",
                              f"Kode wilayah menunjuk {place.region.name}, tetapi laporan menyebut lokasi masalah di "
                              f"{moved.region.name}; lokasi masalah yang dipakai.",
                              f"The region code points to {place.region.name}, but the report places the problem in "
                              f"{moved.region.name}; the place of the problem was used."))
            return moved
        nm = place.district.name + ", " + place.region.name if place.district else place.region.name
        reasons.append(_R("place_from_code", f"Lokasi dari kode wilayah: {nm}.", f"Location from the region code: {nm}."))
        if place.region.level == "province" and place.region.code != "31":
            # try to refine a province code with text inside that province
            tplace = _text_place(ix, inp, hint_agency)
            if tplace.region is not None and tplace.region.level != "province" \
                    and tplace.province_code == place.region.code:
                tplace.province_certainty = 1.0
                tplace.certainty = max(tplace.certainty, 0.85)
                return tplace
        return place
    tplace = _text_place(ix, inp, hint_agency)
    if tplace.region is not None:
        nm = tplace.region.name if tplace.district is None else f"Kecamatan {tplace.district.name}, {tplace.region.name}"
        if tplace.source == "hint":
            reasons.append(_R("place_from_hint", f"Lokasi disimpulkan dari instansi yang dipilih pelapor: {nm}.",
                              f"Location inferred from the agency the reporter chose: {nm}."))
        else:
            said = ", ".join(f"'{m}'" for m in tplace.mentions[:3])
            reasons.append(_R("place_from_text", f"Lokasi dikenali dari teks ({said}): {nm}.",
                              f"Location recognised in the text ({said}): {nm}."))
        if tplace.ambiguous and tplace.alternatives:
            alt = tplace.alternatives[0].name
            reasons.append(_R("place_ambiguous",
                              f"Nama tempat ambigu: bisa {tplace.region.name} atau {alt}; dipilih {tplace.region.name}, perlu dicek.",
                              f"Ambiguous place name: {tplace.region.name} or {alt}; chose {tplace.region.name}, please verify."))
    else:
        reasons.append(_R("place_not_found", "Lokasi tidak dapat ditentukan dari laporan.",
                          "The location could not be determined from the report."))
    return tplace


def _coordinate_place(ix, inp, reasons, place):
    """The place nearest to lat/lon (``nearest_place``), used only when codes and text name none."""
    from chalicelib.domain.routing.nearest_place import locate

    got = locate(ix.points, inp.lat, inp.lon)
    if got is None:
        reasons.append(_R("coordinates_outside", "Koordinat berada di luar wilayah yang dikenal; tidak dipakai.",
                          "The coordinates are outside any known region and were not used."))
        return place
    code, cert, pcode, pcert, dist = got
    region = ix.d.regions.get(code)
    if region is None:
        return place
    out = PlaceResult(region=region, certainty=cert, province_code=region.province_code,
                      province_certainty=pcert if pcode == region.province_code else cert, source="coordinates")
    reasons.append(_R("place_from_coordinates",
                      f"Lokasi dari koordinat: {region.name} (titik acuan terdekat {dist:.0f} km, keyakinan {cert:.2f}).",
                      f"Location from the coordinates: {region.name} (nearest reference point {dist:.0f} km away, "
                      f"certainty {cert:.2f})."))
    return out


def _within(region, coded) -> bool:
    """True when ``region`` is the coded region or lies inside a coded province."""
    return region.code == coded.code or (coded.level == "province" and region.province_code == coded.code)


def _problem_place_elsewhere(ix, inp, hint_agency, place):
    """The text's place when it names the place of the problem outside the coded region; ("conflict", region)
    when the body names another regency/city without saying which is the problem's; else None.

    The code is the reporter's (app/profile) place; the text overrides it when it says where the problem
    is ("lokasinya di", "tapi di"), when the title or the location field names a regency/city outside the
    coded region, or when the text calls the coded region the reporter's home ("saya warga X")."""
    coded = place.region
    cased = {k: cased_tokens(t) for k, t in (("location", inp.location_text), ("title", inp.title),
                                             ("body", inp.body)) if t}
    found = {k: ix.gaz.mentions_in(c) for k, c in cased.items()}

    def outside(m):
        for e in m.entries:
            code = e[1] if e[0] in ("regency", "city") else (
                ix.d.districts[e[1]].parent_code if e[0] == "district" and e[1] in ix.d.districts else None)
            r = ix.d.regions.get(code) if code is not None else None
            if r is not None and _within(r, coded):
                return False
        return any(e[0] in ("regency", "city", "district") for e in m.entries)

    problem = any(m.role == "problem" for k in ("title", "body") for m in found.get(k, ()))
    loc_away = any(outside(m) for m in found.get("location", ()))
    named_away = loc_away or any(outside(m) for m in found.get("title", ()))
    # "saya warga X" / "saya kerja di X" with X the coded region: the code is where the reporter is
    home_is_code = any(m.role in ("home", "work") and not outside(m) for k in ("title", "body") for m in found.get(k, ()))
    # a location field inside the coded region is the same home: it does not compete with the problem place
    tplace = _text_place(ix, inp if loc_away else type(inp)(title=inp.title, body=inp.body), None)
    settled = problem or named_away or home_is_code
    if (tplace.region is None or tplace.region.level == "province" or tplace.certainty < (0.5 if settled else 0.6)
            or _within(tplace.region, coded)):
        return None
    # unsettled: the body alone names another regency/city; the code is kept, its certainty lowered by the caller
    return tplace if settled else ("conflict", tplace.region)


def _text_place(ix, inp, hint_agency) -> PlaceResult:
    found = [(ix.gaz.mentions_in(cased_tokens(text)) if text else [], w)
             for text, w in ((inp.location_text, 1.3), (inp.title, 1.0), (inp.body, 1.0))]
    if any(m.role == "problem" for ms, _ in found[1:] for m in ms):
        # the text says where the problem is ("lokasinya di", "tapi di"): the structured location is the
        # reporter's address and must not outweigh it
        found[0] = (found[0][0], LOCATION_AS_HOME)
    mentions = []
    for ms, w in found:
        for m in ms:
            m.strength *= w
            mentions.append(m)
    hint_m = None
    if hint_agency is not None and hint_agency.region_code:
        r = ix.d.regions.get(hint_agency.region_code)
        if r is not None:
            kind = r.level
            hint_m = Mention([Entry(kind, r.code)], 0.7, BASE_CERT["hint"], "hint", source="hint")
    if not mentions and hint_m is None:
        return PlaceResult()
    place = ix.gaz.resolve(mentions + ([hint_m] if hint_m else []))
    place.mentions = [m.text for m in mentions]
    if not mentions:
        place.source = "hint"
    # a regency/city hint that agrees with the text raises certainty
    if hint_m is not None and mentions and place.region is not None and place.region.code == hint_agency.region_code:
        place.certainty = max(place.certainty, 0.85)
    return place


# ------------------------------------------------------------------ memory
def _memory_stage(ix, memory, place, agency_scores: dict, agency_matter: dict, reasons: list) -> None:
    """Add the bounded case-memory signal (``case_memory``) for the leading matter at this place."""
    if memory is None or not agency_scores:
        return
    from chalicelib.domain.routing import case_memory

    top = min(agency_scores, key=lambda a: (-agency_scores[a], a))
    info = agency_matter.get(top)
    if info is None:
        return
    matter = ix.matters[info[1]]
    try:
        region = place.region
        counts = memory(matter["id"], case_memory.place_key(matter["id"], region.code if region else None))
    except Exception:  # a memory that cannot be read is no memory
        counts = None
    got = case_memory.signal(counts, ix.d.agencies)
    if got is None:
        return
    aid, weight, cases = got
    agency_scores[aid] = agency_scores.get(aid, 0.0) + weight
    if aid not in agency_matter:
        agency_matter[aid] = (weight, info[1], info[2], info[3], info[4])
    name = ix.d.agencies[aid].short_name
    reasons.append(_R("case_memory", f"{cases} laporan serupa ({matter['label_id']}) di wilayah ini akhirnya ditangani "
                                     f"{name}.",
                      f"{cases} similar reports ({matter['label_en']}) here were finally handled by {name}."))


# ------------------------------------------------------------------ unit
def _acting_unit(ix, winner: str, matter, owned: dict, text: str):
    """The unit of ``winner`` that acts (units.csv): one the text names ("Polsek", "Disdukcapil"), else the
    unit of the named facility, else the matter's unit; None when the agency has no such unit."""
    from chalicelib.domain.units import standard_units

    units = {u.key: u for u in standard_units(winner)}
    if not units:
        return None
    toks = tokens(text)
    grams = {"".join(toks[i:i + n]) for n in (1, 2, 3) for i in range(len(toks) - n + 1)}
    named = [k for k in units if k.replace("-", "") in grams]
    fac = owned.get(matter["id"]) if matter is not None else None
    fac_unit = ix.facilities[fac[2]].get("unit") if fac is not None and fac[0] == winner else ""
    if named:
        key, why_id, why_en = named[0], "disebut dalam laporan", "named in the report"
    elif fac_unit and fac_unit in units:
        key, why_id, why_en = fac_unit, "mengelola fasilitas yang disebut", "runs the facility named"
    elif matter is not None and matter.get("unit") in units:
        key, why_id, why_en = matter["unit"], f"menangani {matter['label_id']}", f"handles {matter['label_en']}"
    else:
        return None
    u = units[key]
    return {"id": u.id, "key": u.key, "name": u.name, "reason": {"id": f"{u.name}: {why_id}.", "en": f"{u.name}: {why_en}."}}


# ------------------------------------------------------------------ main
@dataclass
class Draft:
    """What the stages of one decision know so far (each stage reads the earlier fields and fills its own)."""
    inp: object
    reasons: list = field(default_factory=list)
    hint: object = None                                # parse: the reporter's chosen agency, if known
    title: str = ""
    body: str = ""
    place: PlaceResult = field(default_factory=PlaceResult)          # places
    scores: dict = field(default_factory=dict)         # matters: key -> score
    labels: dict = field(default_factory=dict)         # matters: key -> [(score, phrase)]
    owned: dict = field(default_factory=dict)          # facilities: matter id -> (owner, score, facility row)
    agency_scores: dict = field(default_factory=dict)  # authority: agency -> score
    agency_matter: dict = field(default_factory=dict)  # authority: agency -> (score, matter idx, pf, needs_place, no_place)


def parse(ix, inp) -> Draft:
    """Stage 1: the clean texts and the reporter's chosen agency (ignored, with a reason, if unknown)."""
    st = Draft(inp=inp, title=inp.title or "", body=inp.body or "")
    hint_id = inp.agency_id
    if hint_id is not None and hint_id != "":
        hid = str(hint_id).strip().lower()[:80]
        st.hint = ix.d.agencies.get(hid)
        if st.hint is None:
            st.reasons.append(_R("hint_unknown", f"Instansi pilihan pelapor '{hid[:40]}' tidak dikenal dan diabaikan.",
                                 f"The agency chosen by the reporter ('{hid[:40]}') is unknown and was ignored."))
    return st


def places(ix, st: Draft) -> Draft:
    """Stage 2: where — codes, then the text (home vs problem), then coordinates."""
    inp = st.inp
    st.place = _resolve_place(ix, inp, st.hint, st.reasons)
    if st.place.region is None and inp.lat is not None and inp.lon is not None:
        st.place = _coordinate_place(ix, inp, st.reasons, st.place)
    return st


def matters(ix, st: Draft) -> Draft:
    """Stage 3: what — keyword scores per matter (title + body + category)."""
    st.scores, st.labels = _score(ix, st.title, st.body)
    cat = st.inp.category
    if cat and isinstance(cat, str) and cat in ix.matter_by_id:
        key = ("m", ix.matter_idx[cat])
        st.scores[key] = st.scores.get(key, 0.0) + W_STRONG
        st.labels.setdefault(key, []).append((W_STRONG, "category:" + cat))
    return st


def facilities(ix, st: Draft) -> Draft:
    """Stage 4: named facilities fix the owner of their matters (facilities.csv), strongest mention last;
    with none named, a phone position inside a conservation area (conservation_points.csv) names its manager."""
    for key, s in sorted(st.scores.items(), key=lambda kv: kv[1]):
        if key[0] == "o":
            for mid in key[2]:
                st.owned[mid] = (key[1], s, key[3])
    if not st.owned and st.place.source == "coordinates":
        from chalicelib.domain.routing.nearest_place import km

        inp = st.inp
        inside = [(km(inp.lat, inp.lon, la, lo), fi) for la, lo, rad, fi in taxonomy.FACILITY_POINTS
                  if abs(inp.lat - la) < 0.5 and abs(inp.lon - lo) < 0.5 and km(inp.lat, inp.lon, la, lo) <= rad]
        if inside:
            _, fi = min(inside)
            f = ix.facilities[fi]
            if f["owner"] in ix.d.agencies:
                for mid in f["matters"]:
                    st.owned[mid] = (f["owner"], W_NORMAL, fi)
                st.reasons.append(_R("facility_by_coordinates",
                                     f"Koordinat berada di kawasan '{f['phrase']}' ({ix.d.agencies[f['owner']].short_name}).",
                                     f"The coordinates lie in the area '{f['phrase']}' ({ix.d.agencies[f['owner']].short_name})."))
    return st


def authority(ix, st: Draft) -> Draft:
    """Stage 5: who — each matter's score goes to the agency with authority at the place (matters.json)."""
    place, owned = st.place, st.owned
    agency_scores, agency_matter = st.agency_scores, st.agency_matter
    for key, s in st.scores.items():
        if key[0] == "m":
            m = ix.matters[key[1]]
            if m["id"] in owned:
                aid, pf, needs_place = owned[m["id"]][0], 1.0, False
            else:
                aid, pf, needs_place = _resolve_target(ix, m["target"], place)
            no_place = False
            if aid is None:
                aid, pf, no_place = (m["fallback"] or "kemendagri"), NO_PLACE_FACTOR, True
            agency_scores[aid] = agency_scores.get(aid, 0.0) + s
            prev = agency_matter.get(aid)
            if prev is None or prev[0] < s:
                agency_matter[aid] = (s, key[1], pf, needs_place, no_place)
        elif key[0] == "a":
            agency_scores[key[1]] = agency_scores.get(key[1], 0.0) + s
        elif key[0] == "province_body" and place.province_code:
            aid = f"pemprov-{place.province_code}"
            agency_scores[aid] = agency_scores.get(aid, 0.0) + s
    return st


def memory_stage(ix, st: Draft, memory) -> Draft:
    """Stage 6: the bounded case-memory signal (``case_memory``)."""
    _memory_stage(ix, memory, st.place, st.agency_scores, st.agency_matter, st.reasons)
    return st


STAGES = ("parse", "places", "matters", "facilities", "authority", "memory", "confidence")


def decide(inp, memory=None):
    """parse -> places -> matters -> facilities -> authority -> memory -> confidence (one function each)."""
    ix = get_index()
    st = parse(ix, inp)
    for stage in (places, matters, facilities, authority):
        st = stage(ix, st)
    st = memory_stage(ix, st, memory)
    return confidence(ix, st)


def confidence(ix, st: Draft):
    """Stage 7: the winner, its confidence, the reporter's choice, fallbacks, candidates and the unit."""
    from chalicelib.domain.routing import AUTO_ROUTE_THRESHOLD, RoutingDecision

    d = ix.d
    reasons, hint, place = st.reasons, st.hint, st.place
    title, body, scores, labels, owned = st.title, st.body, st.scores, st.labels, st.owned
    agency_scores, agency_matter = st.agency_scores, st.agency_matter

    winner = None
    conf = 0.0
    matter = None
    ranked = sorted(agency_scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked:
        winner, s1 = ranked[0]
        info = agency_matter.get(winner)
        shared = _shared(ix, ix.matters[info[1]], place) if info is not None else set()
        # an operator named in the text that shares authority over the matter takes it (e.g. "Bank Mandiri"
        # for a KUR complaint, "Garuda" for a flight complaint)
        if info is not None:
            named = [(scores.get(("a", a), 0.0), a) for a in shared if scores.get(("a", a), 0.0) > 0]
            if not named and scores.get(("local_body",), 0.0) > 0:
                # "Pemkot X minta izin tambahan": the regency/city government named shares this matter
                local, _, _ = _resolve_target(ix, "@local", place)
                if local in shared:
                    named = [(scores[("local_body",)], local)]
            if named:
                _, op = max(named)
                agency_scores[op] = agency_scores.get(op, 0.0) + s1
                agency_matter[op] = info
                reasons.append(_R("operator_named", f"Laporan menyebut {d.agencies[op].short_name}, penyelenggara layanan ini.",
                                  f"The report names {d.agencies[op].short_name}, which provides this service."))
                orig = winner
                winner, s1 = op, agency_scores[op]
                ranked = sorted(agency_scores.items(), key=lambda kv: (-kv[1], kv[0]))
                shared = (shared | {orig}) - {op}
        others = [s for a, s in ranked if a != winner and a not in shared]
        s2 = max(others) if others else 0.0
        strength = 1.0 - math.exp(-s1 / STRENGTH_SCALE)
        margin = (s1 - s2) / s1 if s1 > 0 else 0.0
        mconf = strength * (0.45 + 0.55 * margin)
        info = agency_matter.get(winner)
        pf = 1.0
        if info is not None:
            matter = ix.matters[info[1]]
            pf = info[2]
            used = sorted(labels.get(("m", info[1]), []), reverse=True)[:4]
            kws = ", ".join(f"'{l}'" for _, l in used)
            reasons.append(_R("matter_detected",
                              f"Pokok laporan: {matter['label_id']} (kata kunci: {kws}).",
                              f"Matter: {matter['label_en']} (keywords: {kws})."))
            if info[4]:
                reasons.append(_R("no_place_for_regional",
                                  f"{matter['label_id']} adalah urusan daerah, tetapi lokasinya tidak diketahui; "
                                  f"sementara diarahkan ke {d.agencies[winner].short_name} dan perlu verifikasi.",
                                  f"{matter['label_en']} is a regional affair but the location is unknown; "
                                  f"provisionally sent to {d.agencies[winner].short_name} pending verification."))
            else:
                a_id, a_en = _authority_text(ix, matter, winner)
                cite = matter.get("authority", {}).get("citation", "")
                reasons.append(_R("authority", f"Urusan ini {a_id}. Dasar: {cite}.", f"This is {a_en}. Basis: {cite}."))
                fac = owned.get(matter["id"])
                if fac is not None and fac[0] == winner:
                    f = ix.facilities[fac[2]]
                    reasons.append(_R("facility_owner",
                                      f"Fasilitas '{f['phrase']}' dikelola {d.agencies[winner].short_name}: {f['basis']}.",
                                      f"The facility '{f['phrase']}' is run by {d.agencies[winner].short_name}: {f['basis']}."))
                if winner == "pemprov-31" and matter["target"] == taxonomy.LOCAL:
                    reasons.append(_R("dki_rule",
                                      "Kota/kabupaten administrasi di DKI Jakarta tidak otonom; kewenangannya ada pada Pemprov DKI Jakarta.",
                                      "DKI Jakarta's administrative cities are not autonomous; Pemprov DKI Jakarta holds their authority."))
                elif winner.startswith("pemprov-") and matter["target"] == taxonomy.LOCAL:
                    reasons.append(_R("province_only",
                                      "Hanya provinsi yang diketahui; diarahkan ke pemerintah provinsi untuk diteruskan ke kabupaten/kota.",
                                      "Only the province is known; sent to the provincial government to forward to the regency/city."))
        else:
            a = d.agencies.get(winner)
            reasons.append(_R("agency_named", f"Laporan menyebut {a.short_name if a else winner}.",
                              f"The report names {a.short_name if a else winner}."))
        conf = mconf * pf
        tgt = ix.matters[info[1]]["target"] if info is not None else None
        if info is not None and info[3] and place.ambiguous and place.source != "code" and (
                tgt == taxonomy.LOCAL
                or any(a.province_code != place.province_code for a in place.alternatives[:1])):
            conf = min(conf, AMBIGUOUS_PLACE_CAP)  # unresolved Kab/Kota pair: a person must check
        if margin < 0.34 and others:
            other = d.agencies.get(next(a for a, sc in ranked if a != winner and a not in shared))
            if other is not None:
                reasons.append(_R("close_second",
                                  f"Ada kemungkinan lain yang hampir sama kuat: {other.short_name}.",
                                  f"Another possibility is almost as strong: {other.short_name}."))
    else:
        reasons.append(_R("matter_none", "Pokok laporan tidak dikenali dari teks.",
                          "The subject of the report was not recognised from the text."))

    # hint rule
    if hint is not None:
        if winner is None:
            winner, conf = hint.id, HINT_ONLY_CONF
            reasons.append(_R("hint_only", f"Diarahkan ke instansi pilihan pelapor ({hint.short_name}).",
                              f"Sent to the agency chosen by the reporter ({hint.short_name})."))
        elif hint.id == winner:
            conf = conf + (1 - conf) * HINT_AGREE_BOOST
            reasons.append(_R("hint_agrees", f"Sesuai dengan instansi pilihan pelapor ({hint.short_name}).",
                              f"Matches the agency chosen by the reporter ({hint.short_name})."))
        else:
            shared = _shared(ix, matter, place) if matter is not None else set()
            hs = agency_scores.get(hint.id, 0.0)
            fac = owned.get(matter["id"]) if matter is not None else None
            if fac is not None and fac[0] == winner:
                # a named facility's owner is known: the reporter's choice does not move it
                reasons.append(_R("hint_overridden",
                                  f"Instansi pilihan pelapor ({hint.short_name}) tidak dipakai: fasilitas yang disebut "
                                  f"dikelola {d.agencies[winner].short_name}.",
                                  f"The agency chosen by the reporter ({hint.short_name}) was not used: the facility "
                                  f"named is run by {d.agencies[winner].short_name}."))
            elif hint.id in shared:
                old = winner
                winner = hint.id
                reasons.append(_R("hint_shared_authority",
                                  f"Instansi pilihan pelapor ({hint.short_name}) juga berwenang atas urusan ini; pilihan pelapor dihormati.",
                                  f"The agency chosen by the reporter ({hint.short_name}) also has authority over this matter; the choice was kept."))
                ranked.insert(0, (hint.id, agency_scores.get(old, 0.0)))
            elif ranked and hs >= HINT_PLAUSIBLE_RATIO * ranked[0][1]:
                conf = conf * (0.5 + 0.5 * hs / ranked[0][1])
                winner = hint.id
                reasons.append(_R("hint_plausible",
                                  f"Instansi pilihan pelapor ({hint.short_name}) relevan dengan isi laporan; pilihan pelapor dihormati.",
                                  f"The agency chosen by the reporter ({hint.short_name}) fits the report; the choice was kept."))
            else:
                wa = d.agencies[winner]
                if (matter is not None and hint.level != "national" and wa.level == hint.level
                        and place.region is not None):
                    why_id = f"lokasi laporan ({place.region.name}) berada di wilayah {wa.short_name}"
                    why_en = f"the reported location ({place.region.name}) is under {wa.short_name}"
                elif matter is not None:
                    a_id, a_en = _authority_text(ix, matter, winner)
                    why_id = f"{matter['label_id']} {a_id}"
                    why_en = f"{matter['label_en']} is {a_en}"
                else:
                    wa = d.agencies[winner]
                    why_id = f"isi laporan mengarah ke {wa.short_name}"
                    why_en = f"the report points to {wa.short_name}"
                reasons.append(_R("hint_overridden",
                                  f"Instansi pilihan pelapor ({hint.short_name}) tidak dipakai: {why_id}.",
                                  f"The agency chosen by the reporter ({hint.short_name}) was not used: {why_en}."))

    if matter is not None and matter["id"] in OWNER_VARIES and matter["id"] not in owned:
        name = _unknown_named_facility(ix, title + " " + body, OWNER_VARIES[matter["id"]])
        if name:
            # "RSUD dr. Iskak" (regency, city or province), "Bandara X" (InJourney or a Kemenhub UPBU),
            # "Pelabuhan X" (Pelindo, Kemenhub UPP or the regency), "Terminal X" (type A/B/C): a named facility
            # whose owner varies and is not in facilities.csv
            conf = min(conf, AMBIGUOUS_PLACE_CAP)
            reasons.append(_R("facility_owner_unknown",
                              f"Fasilitas '{name}' disebut, tetapi pengelolanya belum diketahui; perlu dicek.",
                              f"The facility '{name}' is named but who runs it is not known; needs checking."))
    if (matter is not None and matter["id"] in GENERIC_FACILITY_WORDS and matter["id"] not in owned
            and scores.get(("a", winner), 0.0) == 0.0
            and all(lb in GENERIC_FACILITY_WORDS[matter["id"]] for _, lb in labels.get(("m", ix.matter_idx[matter["id"]]), ()))):
        # only "bandara"/"pelabuhan" and a place: InJourney or a Kemenhub UPBU runs an airport, Pelindo, a
        # Kemenhub UPP or the regency a port (UU 1/2009 ps. 233; UU 17/2008 ps. 81-82): who runs this one is open
        conf = min(conf, AMBIGUOUS_PLACE_CAP)
        reasons.append(_R("facility_owner_varies",
                          "Jenis fasilitas disebut tanpa nama; pengelolanya berbeda-beda, perlu dicek.",
                          "The kind of facility is named without its name; who runs it varies, needs checking."))
    ordinary = (winner is not None and matter is not None and hint is None
                and scores.get(("a", winner), 0.0) == 0.0 and matter["id"] not in owned
                and max((v for v, _ in labels.get(("m", ix.matter_idx[matter["id"]]), ())), default=0.0) < W_STRONG)
    if ordinary and (place.region is None or matter["id"] in GENERIC_CONDUCT):
        # only ordinary words ("hilang", "harga naik", "website", "pungli") and no place, office or facility:
        # the subject -- or, for conduct words, the office -- is a guess
        conf = min(conf, ORDINARY_ONLY_CAP)
        reasons.append(_R("matter_cue_only",
                          "Pokok laporan hanya disimpulkan dari kata umum, tanpa lokasi atau instansi yang disebut.",
                          "The matter rests on ordinary words only, with no place or office named."))
    elif (ordinary and scores.get(("local_body",), 0.0) > 0 and winner in d.agencies
          and d.agencies[winner].level == "national"):
        # ordinary words point to a national body while the text addresses the regency/city government
        # ("mohon Pemkab X"): two bodies compete and nothing strong decides -- a person checks
        conf = min(conf, ORDINARY_ONLY_CAP)
        reasons.append(_R("regional_body_named",
                          "Laporan ditujukan ke pemerintah daerah, tetapi pokoknya hanya disimpulkan dari kata umum; perlu dicek.",
                          "The report addresses the regional government but its matter rests on ordinary words; needs checking."))
    if (winner is not None and hint is None and place.region is None and ranked
            and ranked[0][1] <= WEAK_ONLY_CAP + 1e-9):
        # only a weak word ("bantuan", "sekolah") and no place: it names no service, office or place
        reasons.append(_R("matter_too_weak",
                          f"Hanya ada petunjuk lemah ({d.agencies[winner].short_name}) tanpa lokasi.",
                          f"Only a weak cue ({d.agencies[winner].short_name}) and no place."))
        winner, matter = None, None
    if winner is None:
        aid, f = _local_gov(ix, place)
        if aid is not None:
            winner = aid
            conf = NO_MATTER_LOCAL_CONF * _place_factor(place.certainty) * (f if f < 1 else 1.0)
            reasons.append(_R("local_by_place",
                              "Diarahkan ke pemerintah daerah lokasi laporan karena pokok laporan belum dikenali.",
                              "Sent to the local government of the location because the matter was not recognised."))
        else:
            winner, conf = NATIONAL_ADMIN, FALLBACK_CONF
            reasons.append(_R("fallback_admin",
                              "Tidak ada informasi yang cukup; diarahkan ke KemenPANRB (pengelola SP4N-LAPOR!) untuk diverifikasi.",
                              "Not enough information; sent to KemenPANRB (the SP4N-LAPOR! administrator) for verification."))

    if winner not in d.agencies:  # defensive: should never happen
        winner, conf = NATIONAL_ADMIN, FALLBACK_CONF
    conf = max(0.0, min(1.0, conf))
    conf = round(conf, 3)

    # candidates
    cands = [(winner, conf)]
    top = ranked[0][1] if ranked else 0.0
    for aid, s in ranked:
        if aid != winner and top > 0:
            cands.append((aid, round(min(conf, conf * s / top) * 0.95, 3)))
    if matter is not None and matter["target"] in (taxonomy.LOCAL, taxonomy.PROVINCE) and place.alternatives:
        for alt in place.alternatives[:2]:
            aid = (ix.d.local_government_for(alt.code) if matter["target"] == taxonomy.LOCAL
                   else f"pemprov-{alt.province_code}")
            cands.append((aid, round(conf * 0.8, 3)))
    if hint is not None:
        cands.append((hint.id, round(conf * 0.5, 3)))
    seen, out = set(), []
    for aid, c in cands:
        if aid in seen or aid not in d.agencies:
            continue
        seen.add(aid)
        out.append({"agency_id": aid, "agency_name": d.agencies[aid].name, "confidence": c})
        if len(out) == 5:
            break
    if len(out) > 1:
        out = [out[0]] + sorted(out[1:], key=lambda c: -c["confidence"])

    needs = conf < AUTO_ROUTE_THRESHOLD
    if needs:
        reasons.append(_R("needs_verification",
                          f"Keyakinan {conf:.2f} di bawah ambang {AUTO_ROUTE_THRESHOLD:.2f}; perlu diverifikasi petugas.",
                          f"Confidence {conf:.2f} is below the {AUTO_ROUTE_THRESHOLD:.2f} threshold; needs verification by staff."))
    agency = d.agencies[winner]
    unit = _acting_unit(ix, winner, matter, owned, title + " " + body)
    return RoutingDecision(
        agency_id=winner,
        agency_name=agency.name,
        confidence=conf,
        level=agency.level,
        region=_region_dict(ix, place),
        matter=({"id": matter["id"], "label_id": matter["label_id"], "label_en": matter["label_en"]}
                if matter is not None else None),
        unit=unit,
        tags=list(matter["tags"]) if matter is not None else [],
        reasons=reasons,
        candidates=out,
        needs_verification=needs,
    )
