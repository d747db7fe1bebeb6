"""Type-ahead search over the directory's names: places (provinces down to whatever the directory holds) and
agencies, for the place and agency fields of the file page.

Pure and in memory: an index of words built once per process from what the directory offers
(``Directory.places()``, ``Directory.agencies``), so a suggestion costs no table read.  A query matches an
entry when every word of the query begins a word of the entry's name or of its parents' names
("ubud gianyar" finds Kecamatan Ubud in Kabupaten Gianyar).  Each word is looked up by bisection in the
sorted word list, so the cost grows with the matches, not with the size of the directory.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from chalicelib.domain.directory import Directory, Place, get_directory

MAX_QUERY_WORDS = 6
#: the complaint's location field each level of place fills (ancestors fill theirs too)
LOCATION_FIELD = {"province": "region_code", "regency": "region_code", "city": "region_code",
                  "district": "district_code", "village": "village_code"}
#: broader places first when matches are equally good
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "regency": 2, "district": 3, "village": 4}
LEVEL_WORDS = {"province": ("Provinsi", "province"), "regency": ("", "regency"), "city": ("", "city"),
               "district": ("Kecamatan", "district"), "village": ("Desa/Kelurahan", "village")}
_NON_WORD = re.compile(r"[^0-9a-z]+")
#: words that say a place's kind, not its name: "gianyar" is as good a match for "Kabupaten Gianyar"
KIND_WORDS = frozenset({"kabupaten", "kab", "kota", "provinsi", "kecamatan", "desa", "kelurahan"})


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation: 'Kab. Banggai (Kepulauan)' → ['kab', 'banggai', 'kepulauan']."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return [w for w in _NON_WORD.split(plain) if w]


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    own: tuple[str, ...]  # words of the name itself
    rank: int


class NameIndex:
    """Entries found by word prefixes of their own and their parents' names."""

    def __init__(self, entries: list[Entry], context: list[tuple[str, ...]]) -> None:
        self.entries = entries
        pairs = sorted({(w, i) for i, e in enumerate(entries) for w in e.own + context[i]})
        self._words = [w for w, _ in pairs]
        self._ids = [i for _, i in pairs]

    def _matching(self, prefix: str) -> set[int]:
        lo = bisect.bisect_left(self._words, prefix)
        hi = bisect.bisect_left(self._words, prefix + "\x7f")
        return set(self._ids[lo:hi])

    def search(self, query: str, limit: int) -> list[Entry]:
        tokens = words(query)[:MAX_QUERY_WORDS]
        if not tokens:
            return []
        found: set[int] | None = None
        for token in sorted(tokens, key=len, reverse=True):  # longest (most selective) first
            ids = self._matching(token)
            found = ids if found is None else found & ids
            if not found:
                return []
        phrase = " ".join(tokens)

        def quality(own: tuple[str, ...]) -> int:
            text = " ".join(own)
            return 0 if text == phrase else 1 if text.startswith(phrase) else \
                2 if all(any(w.startswith(t) for w in own) for t in tokens) else 3

        def score(i: int) -> tuple:
            e = self.entries[i]
            core = tuple(w for w in e.own if w not in KIND_WORDS) or e.own
            return min(quality(e.own), quality(core)), e.rank, len(e.name), e.name, e.key
        return [self.entries[i] for i in sorted(found, key=score)[:limit]]


def _place_chain(place: Place, by_code: dict[str, Place]) -> list[Place]:
    """The place's parents, nearest first."""
    chain, seen = [], {place.code}
    parent = by_code.get(place.parent_code or "")
    while parent is not None and parent.code not in seen:
        chain.append(parent)
        seen.add(parent.code)
        parent = by_code.get(parent.parent_code or "")
    return chain


@functools.lru_cache(maxsize=1)
def _place_index() -> tuple[NameIndex, dict[str, Place]]:
    by_code = {p.code: p for p in get_directory().places()}
    entries, context = [], []
    for p in by_code.values():
        entries.append(Entry(p.code, p.name, tuple(words(p.name)), LEVEL_RANK.get(p.level, 9)))
        kind = tuple(words(LEVEL_WORDS.get(p.level, ("", ""))[0]))  # "provinsi bali", "kecamatan ubud"
        context.append(kind + tuple(w for parent in _place_chain(p, by_code) for w in words(parent.name)))
    return NameIndex(entries, context), by_code


def place_label(place: Place, chain: list[Place], lang: str) -> str:
    """'Kecamatan Ubud, Kabupaten Gianyar, Bali' / 'Ubud (district), Kabupaten Gianyar, Bali'."""
    word_id, word_en = LEVEL_WORDS.get(place.level, ("", place.level))
    if lang == "en":
        own = f"{place.name} ({word_en})" if place.level in ("province", "district", "village") else place.name
    else:
        own = f"{word_id} {place.name}".strip()
    return ", ".join([own] + [p.name for p in chain])


def place_location(place: Place, chain: list[Place]) -> dict[str, str]:
    """The complaint ``location`` fields that name this place (its own code and its parents')."""
    out: dict[str, str] = {}
    for p in [place] + chain:
        out.setdefault(LOCATION_FIELD.get(p.level, f"{p.level}_code"), p.code)
    return out


def suggest_places(query: str, limit: int = 8, lang: str = "id") -> list[dict]:
    index, by_code = _place_index()
    out = []
    for e in index.search(query, limit):
        place = by_code[e.key]
        chain = _place_chain(place, by_code)
        out.append({"code": place.code, "name": place.name, "level": place.level,
                    "label": place_label(place, chain, lang), "location": place_location(place, chain)})
    return out


@functools.lru_cache(maxsize=1)
def _agency_index() -> NameIndex:
    d: Directory = get_directory()
    entries, context = [], []
    for a in d.agencies.values():
        region = d.region(a.region_code or "")
        entries.append(Entry(a.id, a.name, tuple(words(a.name)), LEVEL_RANK.get(a.level, 9)))
        context.append(tuple(words(a.short_name)) + tuple(words(a.id)) + (tuple(words(region.name)) if region else ()))
    return NameIndex(entries, context)


def suggest_agencies(query: str, limit: int = 8) -> list[dict]:
    d = get_directory()
    return [{"id": a.id, "name": a.name, "short_name": a.short_name, "level": a.level}
            for a in (d.agencies[e.key] for e in _agency_index().search(query, limit))]
