"""Salur routing engine: which agency should handle a complaint.

Pure domain code (no AWS).  Public interface::

    from chalicelib.domain.routing import route, RoutingInput, RoutingDecision, AUTO_ROUTE_THRESHOLD
    from chalicelib.domain.routing import list_matters, get_matter

How a decision is made
----------------------
``engine.decide`` runs named stages over one ``Draft`` (each a function, each tested alone):
**parse** (texts, the reporter's chosen agency) -> **places** (codes, text, coordinates) -> **matters**
(keyword scores) -> **facilities** (a named facility fixes its owner, ``data/facilities.csv``) ->
**authority** (matter -> agency at the place, ``data/matters.json`` with a citation per rule) -> **memory**
(bounded signal from past landings, ``case_memory.py``) -> **confidence** (winner, confidence, the reporter's
choice, fallbacks, candidates, the acting unit).  All lookups come from one compiled index
(``compiled.py``, rebuilt by ``python -m scripts.build_routing_index``); matching is a single pass over at
most 6,000 characters per field with words cut at 40 letters, so every input of the allowed size is bounded.

1. **Place** (``places.py``): valid ``district_code``/``region_code`` win unless the text names the place
   of the problem elsewhere ("lokasinya di", "tapi di": the code is the reporter's home); otherwise province,
   regency, city, kecamatan, desa/kelurahan ("desa X") and island ("pulau X") names (plus aliases such as Jaksel, Jogja, Solo, Sulsel) are found in
   ``location_text``, title and body; the reporter's chosen regional government (``agency_id``) is a
   weak extra cue.  The result carries a certainty in [0, 1] (code 1.0, "Kabupaten X" 0.95, bare name
   0.85, bare kecamatan 0.7, one-letter typo x0.85, scaled by the margin over competing places;
   an unresolved Kab/Kota pair such as a bare "Bogor" gets about half).
2. **Matter** (``taxonomy.py``): ~140 curated matters with Indonesian/informal/regional/English phrases
   (strong 3.0, normal 1.5, weak 0.6 points; +50 % in the title; longer phrases shadow shorter
   ones inside them; one-letter typos of 7+ letter keywords count 80 %; weak-only matters are capped
   at 0.6).  National agency names ("BPOM", "Kemnaker", "Kementerian Agama") add 1.5 points to that
   agency; an operator named in the text that shares authority over the matter takes it.
   Context: a phrase right after a landmark/cause/risk word ("depan pasar", "pasca gempa", "rawan begal")
   counts 35 %.  Families: when a specific road/school/hospital matter is named ("jalan provinsi", "SMA",
   "RSUP") and the generic one has no status phrase of its own, the generic words ("jalan rusak",
   "sekolah", "rumah sakit") add to the specific matter instead of competing with it.  Named regional
   facilities (PDAM brands such as Tirtanadi/Tirta Pakuan, provincial hospitals such as RSUD Dr. Soetomo;
   ``chalicelib/data/facilities.csv``) fix the owning agency for their matters.
3. **Authority**: each matter's target is a national body, ``@local`` (regency/city government of
   the place; DKI Jakarta -> Pemprov DKI) or ``@province``.  Matter scores are summed per resulting
   agency (several local matters reinforce the same Pemkab).

Confidence
----------
With ``s1``/``s2`` the best and second-best agency scores::

    strength = 1 - exp(-s1 / 1.8)            # one strong phrase -> 0.81, two -> 0.96
    margin   = (s1 - s2) / s1                 # s2 ignores agencies sharing authority with the winner
    conf     = strength * (0.45 + 0.55 * margin)
    conf    *= 0.1 + 0.9 * place_certainty    # only when the winner is a regional government;
                                              #   capped at 0.45 if the place is an unresolved tie
    conf    *= 0.35                           # regional matter but no place at all (sent to the
                                              #   national line ministry pending verification)
    conf    += (1 - conf) * 0.3               # the reporter's chosen agency agrees

    conf  = min(conf, 0.45)                   # ordinary words only (no strong phrase, office or facility)
                                              #   and no place; or conduct words alone ("pungli") anywhere
    conf  = min(conf, 0.45)                   # a named RSUD whose owner facilities.csv does not know, or a
                                              #   bare "bandara"/"pelabuhan" (the operator varies)
    conf  = min(conf, 0.45)                   # ordinary words for a national body in a text addressed to the
                                              #   Pemkab/Pemkot (two bodies compete, nothing strong decides)
    place_certainty = min(., 0.45)            # a region code whose text also names another regency/city
                                              #   without saying which is the problem's (place_conflict)

The region code is the app user's place: the text's place replaces it when the title or the location field
names a regency/city outside it, when the text says where the problem is, or when it calls the coded region
home ("saya warga X") or the reporter's workplace ("saya kerja di X"); "dirujuk ke X" and "saya pilih Pemkot X" name
no problem place, a place right after a regional office ("Dukcapil X") names it.  A phone position inside a conservation area (``data/conservation_points.csv``) names
the area's manager for its matters when nothing else names a place.

No matter but a place -> local government at 0.35 x place factor; nothing at all (or only a weak cue and
no place) -> ``kemenpanrb`` at 0.1.  lat/lon only when nothing else names a place (``nearest_place.py``).  The value is rounded to 3 places.

Threshold
---------
``AUTO_ROUTE_THRESHOLD = 0.5``: decisions at or above it are dispatched automatically; below it
they go to a verification queue (``needs_verification``).  Structurally 0.5 means "at least one
strong phrase (or two normal ones) that no other agency contests, and -- for regional matters -- a
reasonably sure place": a lone normal/weak cue (<= 0.57 before margin), a strong cue contested by an
equally strong one (~0.37), an unresolved Kab/Kota pair (capped 0.45), a regency matter where only
the province is known (x0.45) or a regional matter with no place (x0.35) all fall below it.
Empirically, on complaints written *after* the engine was tuned (not used for tuning), precision among
auto-routed reports was 0.90-0.98 with 83-94 % auto-routed; raising the threshold to 0.6 trades
~5 points of auto-routing for little precision on the development data (``bench/routing_eval.py
--sweep``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

AUTO_ROUTE_THRESHOLD = 0.5

__all__ = ["route", "RoutingInput", "RoutingDecision", "AUTO_ROUTE_THRESHOLD", "list_matters", "get_matter"]


@dataclass(frozen=True)
class RoutingInput:
    kind: str = "complaint"  # complaint | aspiration | information_request
    title: str = ""
    body: str = ""
    category: str | None = None
    region_code: str | None = None
    district_code: str | None = None
    location_text: str | None = None
    lat: float | None = None
    lon: float | None = None
    agency_id: str | None = None


@dataclass
class RoutingDecision:
    agency_id: str
    agency_name: str
    confidence: float
    level: str
    region: dict | None = None
    matter: dict | None = None
    unit: dict | None = None          # the unit inside the agency that acts: {"id", "key", "name", "reason"}
    tags: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    candidates: list = field(default_factory=list)
    needs_verification: bool = True

    def to_dict(self, lang: str = "id") -> dict:
        key = "en" if lang == "en" else "id"
        out = asdict(self)
        out["reasons"] = [r.get(key, "") for r in self.reasons]
        out["reason_codes"] = [r.get("code", "") for r in self.reasons]
        if self.unit is not None:
            out["unit"] = dict(self.unit, reason=self.unit["reason"].get(key, ""))
        return out


def list_matters() -> list[dict]:
    """Matter vocabulary (Open311 services / ``category`` values)."""
    from chalicelib.domain.routing.taxonomy import MATTERS

    return [{"id": m["id"], "label_id": m["label_id"], "label_en": m["label_en"],
             "description_en": m["description_en"], "group": m["group"]} for m in MATTERS]


def get_matter(matter_id: str) -> dict | None:
    from chalicelib.domain.routing.taxonomy import MATTERS

    for m in MATTERS:
        if m["id"] == matter_id:
            return {"id": m["id"], "label_id": m["label_id"], "label_en": m["label_en"],
                    "description_en": m["description_en"], "group": m["group"]}
    return None


def _safe_str(v, limit=20000):
    if v is None:
        return None
    if not isinstance(v, str):
        try:
            v = str(v)
        except Exception:  # pragma: no cover
            return None
    return v[:limit]


def _safe_float(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) != float("inf") else None


def route(inp: RoutingInput, memory=None) -> RoutingDecision:
    """Route one report.  Never raises: on any internal error it returns the national-admin fallback.

    ``memory``: optional ``(matter_id, place_key) -> {agency_id: count} | None`` (case memory from past
    corrections, ``case_memory.py``); read at most once per decision."""
    try:
        from chalicelib.domain.routing.engine import decide

        clean = RoutingInput(
            kind=_safe_str(getattr(inp, "kind", None)) or "complaint",
            title=_safe_str(getattr(inp, "title", "")) or "",
            body=_safe_str(getattr(inp, "body", "")) or "",
            category=_safe_str(getattr(inp, "category", None), 100),
            region_code=_safe_str(getattr(inp, "region_code", None), 50),
            district_code=_safe_str(getattr(inp, "district_code", None), 50),
            location_text=_safe_str(getattr(inp, "location_text", None), 1000),
            agency_id=_safe_str(getattr(inp, "agency_id", None), 100),
            lat=_safe_float(getattr(inp, "lat", None)),
            lon=_safe_float(getattr(inp, "lon", None)),
        )
        return decide(clean, memory)
    except Exception:  # never let routing break intake
        return RoutingDecision(
            agency_id="kemenpanrb",
            agency_name="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            confidence=0.0,
            level="national",
            reasons=[{"code": "internal_error",
                      "id": "Terjadi kesalahan saat perutean; laporan diteruskan ke KemenPANRB untuk diverifikasi.",
                      "en": "Routing failed; the report was sent to KemenPANRB for verification."}],
            candidates=[{"agency_id": "kemenpanrb",
                         "agency_name": "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
                         "confidence": 0.0}],
            needs_verification=True,
        )
