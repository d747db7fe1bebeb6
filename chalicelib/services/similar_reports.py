"""Similar reports at filing: open public reports that look like the same problem (``domain.similarity``).

One Query of the Similar index (the newest ``READ_LIMIT`` open public reports of the same matter in the same
regency/city), then words and place compared in memory, then the at most ``SHOWN`` matches' heads in one
BatchGetItem (their summary: the index holds only what never changes while a report is open, so no transition
rewrites it): the cost does not grow with the table.
"""
from __future__ import annotations

from chalicelib.adapters.complaint_repository import ComplaintRepository, public_filter_values
from chalicelib.domain import similarity
from chalicelib.domain.case_views import SUMMARY_FIELDS, public_summary


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
    repo = repo or ComplaintRepository()
    entries, read = repo.similar_candidates(keys["GSI4Matter"], keys["GSI4Region"])
    if not entries:
        return [], read
    sig = similarity.signature(similarity.case_text(data))
    here = place_of(data, decision.region)
    scored = []
    for i, entry in enumerate(entries):
        score = similarity.similarity(sig, similarity.decode(entry.get("GSI9Sig")))
        if score >= similarity.SIMILAR_FROM and similarity.nearby(here, _entry_place(entry)):
            scored.append((-round(score, 2), entry.get("created_at") or "", i, entry["tracking_id"], score))
    best = sorted(scored)[:similarity.SHOWN]
    # the index holds what never changes while a report is open; its summary (status, agency, cluster) is the head's
    heads = repo.heads([tid for *_, tid, _score in best]) if best else {}
    found = []
    for *_, tid, score in best:
        head = heads.get(tid)
        if head is not None:
            shown = {k: head[k] for k in (*SUMMARY_FIELDS, "cluster_id") if k in head}
            found.append({**public_summary(shown), "similarity": round(score, 2),
                          "same": score >= similarity.SAME_FROM, "cluster": head.get("cluster_id") or tid})
    return found, read
