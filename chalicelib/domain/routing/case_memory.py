"""Case memory: where past complaints of the same matter and place finally landed (verifier dispositions,
agency transfers), as a bounded extra signal for the router.

A memory is a small mapping ``{agency_id: count}`` for one (matter, place) key — stored as one DynamoDB item
(``adapters/case_memory_store.py``: PK ``MEMORY#<matter>``, SK ``<regency/city code | province code | NAT>``),
read with one GetItem per decision, never a Scan.  Each case counts once (the correction store's per-case
condition guards the write).  The signal is bounded so that one bad correction cannot redirect a matter:

* nothing below ``MIN_CASES`` corrections for the key, or when the leading agency holds under ``MIN_SHARE``;
* its weight is ``min(MAX_WEIGHT, PER_CASE * lead) * share`` — at most one strong phrase (3.0), so a named
  matter that disagrees ends in a contested decision (verification), not a silent redirect;
* it only ever adds to an agency that the directory knows.
"""
from __future__ import annotations

MIN_CASES = 3
MIN_SHARE = 0.6
PER_CASE = 0.6
MAX_WEIGHT = 3.0
COUNT_CAP = 50   # counts beyond this add nothing (old majorities cannot become unbeatable)


def place_key(matter_id: str, region_code: str | None) -> str:
    """The memory's place key: the regency/city (or province) code for a regional matter; ``NAT`` for a matter
    whose authority does not depend on the place (where PLN or airport complaints land is the same everywhere),
    so that their landings pool across the country."""
    from chalicelib.domain.routing.taxonomy import LOCAL, MATTERS, PROVINCE

    target = next((m["target"] for m in MATTERS if m["id"] == matter_id), None)
    if target not in (LOCAL, PROVINCE) or not region_code:
        return "NAT"
    return region_code


def signal(counts: dict | None, known: set | frozenset | dict) -> tuple[str, float, int] | None:
    """(agency_id, weight, cases) the memory supports, or None when it is too thin or split."""
    if not counts:
        return None
    clean = {a: min(COUNT_CAP, int(n)) for a, n in counts.items()
             if isinstance(a, str) and a in known and isinstance(n, (int, float)) and n > 0}
    total = sum(clean.values())
    if total < MIN_CASES:
        return None
    lead = max(sorted(clean), key=lambda a: clean[a])
    share = clean[lead] / total
    if share < MIN_SHARE:
        return None
    return lead, round(min(MAX_WEIGHT, PER_CASE * clean[lead]) * share, 4), total


def remember(counts: dict | None, agency_id: str) -> dict:
    """The counts after one more case landed at ``agency_id`` (the in-memory twin of the store's ADD)."""
    out = dict(counts or {})
    out[agency_id] = min(COUNT_CAP, out.get(agency_id, 0) + 1)
    return out
