"""Similar reports at filing: open public reports that look like the same problem (``domain.similarity``).

One Query of the Similar index (the newest ``READ_LIMIT`` open public reports of the same matter in the same
regency/city), then words and place compared in memory: the cost does not grow with the table.
"""
from __future__ import annotations

from chalicelib.adapters.complaint_repository import ComplaintRepository, public_filter_values
from chalicelib.domain import similarity
from chalicelib.domain.case_views import public_summary


def place_of(data: dict, region: dict | None) -> dict:
    """{district, lat, lon} of a filing: the kecamatan the router found, the reporter's coordinates."""
    loc = data.get("location") or {}
    return {"district": (region or {}).get("code") if (region or {}).get("level") == "district" else None,
            "lat": loc.get("lat"), "lon": loc.get("lon")}


def _entry_place(entry: dict) -> dict:
    return {"district": entry.get("GSI9District"), "lat": entry.get("GSI9Lat"), "lon": entry.get("GSI9Lon")}


def matches(data: dict, decision, repo: ComplaintRepository | None = None) -> tuple[list[dict], int]:
    """([{summary, similarity, same}], items read) for a validated filing and its routing decision,
    best first: nearby, estimated Jaccard ≥ ``SIMILAR_FROM``; ``same`` from ``SAME_FROM``."""
    keys = public_filter_values({"region": decision.region, "matter": decision.matter})
    entries, read = (repo or ComplaintRepository()).similar_candidates(keys["GSI4Matter"], keys["GSI4Region"])
    if not entries:
        return [], read
    sig = similarity.signature(similarity.case_text(data))
    here = place_of(data, decision.region)
    found = []
    for entry in entries:
        score = similarity.similarity(sig, similarity.decode(entry.get("GSI9Sig")))
        if score >= similarity.SIMILAR_FROM and similarity.nearby(here, _entry_place(entry)):
            found.append({**public_summary(entry), "similarity": round(score, 2),
                          "same": score >= similarity.SAME_FROM,
                          "cluster": entry.get("cluster_id") or entry["tracking_id"]})
    found.sort(key=lambda f: (-f["similarity"], f["created_at"] or ""))
    return found[:similarity.SHOWN], read
