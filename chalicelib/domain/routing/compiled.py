"""The compiled routing index: every phrase and place lookup, built once and shipped as one marshal file.

Building the index from the data files (141 matters, 294 facilities, 552 regions, 7,285 kecamatan, 83,762
desa/kelurahan, 17,373 islands) tokenises ~110,000 names and takes about a second; loading the compiled file
is a single ``marshal.loads`` (plain dicts, tuples and strings).  The file records the format, the Python
marshal version and the size of every source it was built from; if any differs at load time the index is
rebuilt in memory (slow but correct), and ``tests/unit/routing/test_compiled_index.py`` fails until
``python -m scripts.build_routing_index`` is run again (it also compares a content hash).

Pure domain code: reads files under ``chalicelib/data`` only.
"""
from __future__ import annotations

import csv
import hashlib
import marshal
import os
import re

from chalicelib.domain.directory import DATA_DIR

FORMAT = 2
INDEX_FILE = os.path.join(DATA_DIR, "routing_index.marshal")
# desa/kelurahan and island names (~80,000 keys): a second file (one flat dict of strings)
PLACES_FILE = os.path.join(DATA_DIR, "routing_places.marshal")
_HERE = os.path.dirname(os.path.abspath(__file__))
# everything the index is built from: data files and the code that tokenises and weighs them
SOURCES = (
    os.path.join(DATA_DIR, "matters.json"), os.path.join(DATA_DIR, "facilities.csv"),
    os.path.join(DATA_DIR, "regions.csv"), os.path.join(DATA_DIR, "districts.csv"),
    os.path.join(DATA_DIR, "national_agencies.csv"), os.path.join(DATA_DIR, "villages.csv"),
    os.path.join(DATA_DIR, "islands.csv"), os.path.join(DATA_DIR, "place_points.csv"),
    os.path.join(DATA_DIR, "synonyms.json"), os.path.join(DATA_DIR, "place_aliases.csv"),
    os.path.join(_HERE, "nearest_place.py"), os.path.join(_HERE, "text.py"), os.path.join(_HERE, "places.py"), os.path.join(_HERE, "lexicon.py"),
    os.path.join(_HERE, "compiled.py"),
)


def read_villages() -> list[tuple[str, str, str]]:
    """(code, district_code, name) of every desa/kelurahan (villages.csv, ODbL: see SOURCE.md)."""
    with open(os.path.join(DATA_DIR, "villages.csv"), newline="", encoding="utf-8") as fh:
        return [(r["code"], r["district_code"], r["name"]) for r in csv.DictReader(fh)]


_DMS = re.compile(r"""(\d+)\D+(\d+)\D+([\d.]+)\D*([NS])\s+(\d+)\D+(\d+)\D+([\d.]+)\D*([EW])""")


def parse_dms(text: str) -> tuple[float, float] | None:
    """``02°48'34.67" N 097°35'36.51" E`` -> (2.8096, 97.5935); None if it does not parse."""
    m = _DMS.search(text or "")
    if not m:
        return None
    lat = int(m.group(1)) + int(m.group(2)) / 60 + float(m.group(3)) / 3600
    lon = int(m.group(5)) + int(m.group(6)) / 60 + float(m.group(7)) / 3600
    return (-lat if m.group(4) == "S" else lat, -lon if m.group(8) == "W" else lon)


def read_islands() -> list[tuple[str, str, str, float, float, bool]]:
    """(code, regency_code, name, lat, lon, populated) of every named island with a parseable coordinate."""
    out = []
    with open(os.path.join(DATA_DIR, "islands.csv"), newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ll = parse_dms(r["coordinate"])
            if ll is not None:
                out.append((r["code"], r["regency_code"], r["name"], ll[0], ll[1], r["is_populated"] == "1"))
    return out


def read_place_points() -> list[tuple[float, float, str]]:
    """(lat, lon, region_code) of the regency/city seats in place_points.csv."""
    with open(os.path.join(DATA_DIR, "place_points.csv"), newline="", encoding="utf-8") as fh:
        return [(float(r["lat"]), float(r["lon"]), r["region_code"]) for r in csv.DictReader(fh)]


def _sizes() -> dict[str, int]:
    return {os.path.basename(p): os.path.getsize(p) for p in SOURCES}


def source_hash() -> str:
    h = hashlib.sha256()
    for p in SOURCES:
        with open(p, "rb") as fh:
            h.update(os.path.basename(p).encode() + b"\0" + fh.read())
    return h.hexdigest()


def compile_index(build) -> tuple[bytes, bytes]:
    """The bytes of the two index files for ``build()``'s data (used by scripts/build_routing_index.py)."""
    data = build()
    small = data["gaz"].pop("small")
    head = {"format": FORMAT, "marshal": marshal.version, "sizes": _sizes(), "hash": source_hash()}
    return marshal.dumps(dict(head, data=data)), marshal.dumps(dict(head, data=small))


def read_blob(path: str) -> dict | None:
    try:
        with open(path, "rb") as fh:
            blob = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return blob if isinstance(blob, dict) else None


def _fresh(blob) -> bool:
    if blob is None or blob.get("format") != FORMAT or blob.get("marshal") != marshal.version:
        return False
    try:
        return blob.get("sizes") == _sizes()
    except OSError:
        return False


_BUILT: dict = {}


def load(build) -> dict:
    """The index data: from the compiled file when it matches its sources, else ``build()`` in memory."""
    blob = read_blob(INDEX_FILE)
    if _fresh(blob):
        return blob["data"]
    data = build()
    _BUILT["small"] = data["gaz"]["small"]
    return data


def load_small_places() -> dict:
    """Desa/kelurahan and island names -> "code;code;i<regency>" (see places.gazetteer_data)."""
    if "small" in _BUILT:
        return _BUILT["small"]
    blob = read_blob(PLACES_FILE)
    if _fresh(blob):
        return blob["data"]
    from chalicelib.domain.directory import get_directory
    from chalicelib.domain.routing.lexicon import build_index_data

    _BUILT["small"] = build_index_data(get_directory())["gaz"]["small"]
    return _BUILT["small"]
