"""Does a new report look like an open public one: the same matter, near in place, similar words.

Pure.  Words are compared by MinHash, a small hand-written one: ``datasketch`` depends on numpy (and scipy),
neither of which Salur ships today, so it would add tens of MB to the Lambda package and their import to a
filing's cold start for ~20 lines of arithmetic (not measured here; this module imports in ~12 ms with its
package, ``python -X importtime -c "import chalicelib.domain.similarity"``):

* ``shingles``: the text's words (lower case, letters and digits, Indonesian/English stop words and very short
  words dropped, a few common suffixes cut) and each pair of neighbouring words;
* ``signature``: ``PERMUTATIONS`` minima of universal hashes ``(a·h + b) mod p`` over the shingles' 61-bit
  BLAKE2 hashes; the share of equal positions estimates the Jaccard similarity of two shingle sets
  (standard error ≈ sqrt(J(1−J)/PERMUTATIONS) ≈ 0.09 at J = 0.5 with 32);
* stored compact in the case's ``Similar`` index entry (the low 32 bits of each minimum — "b-bit MinHash"
  with b = 32: two different minima agree there by chance with probability 2⁻³², nothing next to the
  estimate's own error — as unpadded base64: 171 characters, not the 512 of 64-bit hex, which made the case
  head ~1.7 KB), (``adapters/complaint_repository.similar_key``), keyed
  by matter and regency/city, so a lookup is one Query of at most ``READ_LIMIT`` entries (never a Scan);
* ``nearby``: same kecamatan, or within ``RADIUS_KM`` when both have coordinates, or (neither says more) the
  same regency/city.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import math
import random
import re

PERMUTATIONS = 32
_PRIME = (1 << 61) - 1
_RNG = random.Random(16)  # fixed: signatures must stay comparable across processes and deploys
_MASK = (1 << 32) - 1
#: the signature's value at every position for a text without words (similar to nothing)
EMPTY = _PRIME & _MASK
#: characters of an encoded signature (4 bytes a position, base64 without padding)
ENCODED_LENGTH = (4 * PERMUTATIONS * 4 + 2) // 3
_COEFFS = [(_RNG.randrange(1, _PRIME), _RNG.randrange(0, _PRIME)) for _ in range(PERMUTATIONS)]

#: at most this many open reports of one matter and regency/city are read per lookup (newest first)
READ_LIMIT = 100
#: reports shown at filing
SHOWN = 5
#: estimated Jaccard from which a report is shown as "maybe the same problem"
SIMILAR_FROM = 0.25
#: ... and from which a filed report joins the cluster without anybody's confirmation (with ``nearby``)
SAME_FROM = 0.6
RADIUS_KM = 1.0

_WORD = re.compile(r"[0-9a-zà-ÿ]+")
_STOP = frozenset("""
yang dan di ke dari ini itu ada sudah belum tidak bisa untuk dengan pada juga saya kami kita mereka dia
sangat sekali karena agar supaya akan oleh atau tapi tetapi namun jadi sejak sampai hingga lagi masih
mohon tolong segera bapak ibu pak bu terima kasih apa kapan mana bagaimana kenapa mengapa ya nya lah
the a an and of to in on at for is are was were be been it this that with from by as or not no please
""".split())
_SUFFIXES = ("nya", "kan", "lah", "an", "i")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall((text or "").lower()[:5000]) if len(w) >= 3 and w not in _STOP]


def shingles(text: str) -> set[str]:
    ws = words(text)
    return set(ws) | {f"{a} {b}" for a, b in zip(ws, ws[1:])}


def _h(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big") & _PRIME


def signature(text: str) -> tuple[int, ...]:
    """MinHash of the text's shingles, each minimum's low 32 bits (all ``EMPTY`` for a text without words)."""
    hashes = [_h(s) for s in shingles(text)]
    if not hashes:
        return (EMPTY,) * PERMUTATIONS
    return tuple(min((a * h + b) % _PRIME for h in hashes) & _MASK for a, b in _COEFFS)


def encode(sig: tuple[int, ...]) -> str:
    return base64.b64encode(b"".join((v & _MASK).to_bytes(4, "big") for v in sig)).decode().rstrip("=")


def decode(text: str | None) -> tuple[int, ...] | None:
    """The signature ``encode`` wrote; an entry of the earlier 64-bit hex form reads as its low 32 bits (still
    comparable); anything else None (similar to nothing)."""
    if not isinstance(text, str):
        return None
    try:
        if len(text) == ENCODED_LENGTH:
            raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
            return tuple(int.from_bytes(raw[i:i + 4], "big") for i in range(0, len(raw), 4))
        if len(text) == 16 * PERMUTATIONS:
            return tuple(int(text[i:i + 16], 16) & _MASK for i in range(0, len(text), 16))
    except (ValueError, binascii.Error):
        return None
    return None


def similarity(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 for an empty text)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y and x != EMPTY) / len(a)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def nearby(new: dict, other: dict) -> bool:
    """``new``/``other``: {district, lat, lon} (any may be None); both are already in one regency/city."""
    if None not in (new.get("lat"), new.get("lon"), other.get("lat"), other.get("lon")):
        return distance_km(float(new["lat"]), float(new["lon"]), float(other["lat"]), float(other["lon"])) \
            <= RADIUS_KM
    if new.get("district") and other.get("district"):
        return new["district"] == other["district"]
    return True


def case_text(case: dict) -> str:
    return f"{case.get('title') or ''} {case.get('body') or ''}"
