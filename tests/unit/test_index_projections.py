"""The agency inbox and the verification queue are answered from their indexes alone: each index projects the
summary fields the desk shows (INCLUDE, not ALL: a status change rewrites only those, not the whole case)."""
from __future__ import annotations

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _indexes() -> dict:
    with open(os.path.join(ROOT, "infra", "template.json"), encoding="utf-8") as fh:
        table = json.load(fh)["Resources"]["ComplaintsTable"]["Properties"]
    return {g["IndexName"]: g["Projection"] for g in table["GlobalSecondaryIndexes"]}


def test_inbox_and_queue_project_the_summary_only():
    from chalicelib.services.agency_desk import _SUMMARY

    idx = _indexes()
    for name, extra in (("AgencyInbox", set()), ("AgencyDeadline", set()), ("OwnerInbox", set()), ("Queue", {"routing"})):
        assert idx[name]["ProjectionType"] == "INCLUDE", name
        assert set(idx[name]["NonKeyAttributes"]) == set(_SUMMARY) | extra, name
    assert all(p["ProjectionType"] != "ALL" for p in idx.values())
    for never in ("body", "reporter", "location", "access_hash"):
        assert all(never not in p.get("NonKeyAttributes", ()) for p in idx.values())
