"""Curated taxonomy of public-service matters and who has authority over them (loaded from data).

The matters live in ``chalicelib/data/matters.json`` (one rule each: target, the law that gives the authority
(``authority.citation``), a reason, the unit that acts, keyword tiers) and the named facilities in
``chalicelib/data/facilities.csv`` (phrase, owner agency, matters it fixes, legal basis); sources in
``chalicelib/data/SOURCE.md``.  ``tests/unit/routing/test_knowledge_data.py`` validates both.

Each matter maps what citizens complain about to the body responsible under
UU 23/2014 (Pemerintahan Daerah, annex on the division of government affairs)
and sector law.  ``target`` is one of:

* a national agency id from ``national_agencies.csv`` (e.g. ``"pln"``);
* ``"@local"``    -- the regency/city government of the place (DKI Jakarta: Pemprov DKI);
* ``"@province"`` -- the provincial government of the place.

Keyword lists are phrases, already in the normalised form used by
``text.normalize`` (lowercase, abbreviations expanded: ``jln`` -> ``jalan``, ``yg`` -> ``yang``,
``rs`` -> ``rumah sakit``...).  Weights: ``strong`` 3.0 (a phrase that on its
own identifies the matter), ``normal`` 1.5, ``weak`` 0.6 (only meaningful together with
other cues: a matter with only weak hits scores at most 0.6).  Multi-word phrases get up to
+60 % (specificity), two-word phrases also match with up to two words in between (x0.8).
When a longer phrase matches, shorter phrases inside the same words are ignored, so
``jalan nasional`` beats ``jalan`` and ``bpjs ketenagakerjaan`` beats ``bpjs``.

``also`` lists bodies that share authority and can act on an individual case (a reporter who
chose one of them is honoured; a named operator among them, e.g. "Bank Mandiri" for KUR or
"Garuda" for a flight, takes the case).  ``fallback`` is the national line ministry used when a
regional matter has no place (always low confidence, needs verification).

Documented authority choices (one consistent rule each):

* Social assistance (PKH, BPNT/sembako, PBI, DTKS/DTSEN data): routed to **Kemensos**, the
  programme owner; the regency Dinas Sosial that verifies the data is an accepted
  alternative (``also``) so a reporter who picks their Pemkab is honoured.
* Village governance (kepala desa, perangkat desa, Dana Desa use, BLT-DD, BUMDes): routed to the
  **regency** government, which supervises villages (UU 6/2014 art. 112-115; misuse is
  examined by the regency Inspektorat).  Kemendes PDT is an accepted alternative.
* Labour disputes (PHK, wages, THR): routed to **Kemnaker**; labour inspection is a
  provincial affair (UU 23/2014), so the province is an accepted alternative, as is the
  regency Disnaker (industrial-relations mediation).
* Local waste and neighbourhood pollution (TPS, sampah): regency/city (DLH).  Industrial
  pollution, mining damage and cross-border pollution: **KLH/BPLH** (``kemen-lh``).
* Subsidised fertiliser: **Pupuk Indonesia** (distribution, kiosks); Kementan (allocation)
  is an accepted alternative.
* Roads: local roads and unspecified ``jalan rusak`` -> regency/city; ``jalan provinsi``
  -> province; ``jalan nasional``/lintas routes -> Kementerian PU; toll roads -> Jasa Marga
  (Trans-Sumatra toll -> Hutama Karya).
* Schools: PAUD/SD/SMP -> regency/city; SMA/SMK/SLB -> province; madrasah and pesantren ->
  Kemenag; universities -> Kemdiktisaintek.
* Vehicle tax at Samsat (PKB/BBNKB) -> province only (Polri, which sits in the same Samsat office, registers
  vehicles — STNK/BPKB — but has no say over the tax); SIM, tilang and police matters -> Polri.
"""
from __future__ import annotations

import csv
import json
import os

from chalicelib.domain.directory import DATA_DIR

LOCAL = "@local"
PROVINCE = "@province"


def _load_matters() -> dict:
    with open(os.path.join(DATA_DIR, "matters.json"), encoding="utf-8") as fh:
        return json.load(fh)


def _load_facilities() -> list[dict]:
    with open(os.path.join(DATA_DIR, "facilities.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["matters"] = tuple(m for m in r["matters"].split(";") if m)
    return rows


_DATA = _load_matters()
MATTERS: list[dict] = []
for _m in _DATA["matters"]:
    _m["also"] = tuple(_m.get("also", ()))
    _m["tags"] = tuple(_m.get("tags", ()))
    _m.setdefault("fallback", None)
    for _tier in ("strong", "normal", "weak"):
        _m.setdefault(_tier, [])
    MATTERS.append(_m)
LOCAL_BODY_WORDS: list[str] = _DATA["local_body_words"]
PROVINCE_BODY_WORDS: list[str] = _DATA["province_body_words"]
LOCAL_GOVERNMENT_WORDS: list[str] = _DATA["local_government_words"]

# Named facilities whose owner is not the obvious level (national roads and toll concessions, airports,
# seaports, border posts, national parks, heritage sites, hospitals and water utilities by owner).  When one is
# named, its owner takes the matters listed, whatever the place resolver says (a provincial hospital in
# Surabaya belongs to Pemprov Jatim, not Pemkot Surabaya; Bandara Rembele is Kemenhub's UPBU, not InJourney's).
FACILITIES: list[dict] = _load_facilities()


def _load_points() -> list[tuple]:
    """(lat, lon, radius_km, facility index) for conservation_points.csv rows whose phrase is a facility."""
    by_phrase = {f["phrase"]: i for i, f in enumerate(FACILITIES)}
    with open(os.path.join(DATA_DIR, "conservation_points.csv"), newline="", encoding="utf-8") as fh:
        return [(float(r["lat"]), float(r["lon"]), float(r["radius_km"]), by_phrase[r["phrase"]])
                for r in csv.DictReader(fh) if r["phrase"] in by_phrase]


# Points inside national parks and conservation areas: a phone position there names the facility's owner
# for its matters when nothing else names a place.
FACILITY_POINTS: list[tuple] = _load_points()
