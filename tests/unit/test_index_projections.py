"""The inbox indexes (agency, deadline, owner, unit) and the verification queue are answered from the indexes
alone: each projects the case's summary as one map (``GSIInbox``; INCLUDE, not ALL: a status change rewrites
only that, not the whole case), and the table stays within DynamoDB's 100 projected attributes."""
from __future__ import annotations

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INBOXES = ("AgencyInbox", "OwnerInbox", "UnitInbox", "Queue")


def _indexes() -> dict:
    with open(os.path.join(ROOT, "infra", "template.json"), encoding="utf-8") as fh:
        table = json.load(fh)["Resources"]["ComplaintsTable"]["Properties"]
    return {g["IndexName"]: g["Projection"] for g in table["GlobalSecondaryIndexes"]}


def test_inbox_and_queue_project_the_summary_only():
    idx = _indexes()
    for name in INBOXES:
        assert idx[name] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["GSIInbox"]}, name
    assert all(p["ProjectionType"] != "ALL" for p in idx.values())
    for never in ("body", "reporter", "location", "access_hash"):
        assert all(never not in p.get("NonKeyAttributes", ()) for p in idx.values())


def test_the_table_stays_within_the_projected_attribute_limit():
    # DynamoDB: at most 100 user-specified projected attributes over all of a table's secondary indexes
    assert sum(len(p.get("NonKeyAttributes", ())) for p in _indexes().values()) <= 100


def test_the_inbox_entry_is_what_the_desk_summary_reads_and_never_the_reporter():
    from chalicelib.adapters.complaint_repository import INBOX_FILTERS, index_attributes, inbox_row
    from chalicelib.services.agency_desk import summary

    case = {"tracking_id": "SLR-X", "kind": "complaint", "title": "Jalan RUSAK", "status": "assigned",
            "due_at": "2026-12-20T16:59:00Z", "escalation_level": 1, "version": 3, "created_at": "2026-12-01T00:00Z",
            "updated_at": "2026-12-02T00:00Z", "confidential": False, "anonymous": True, "agency_id": "pemkot-51.71",
            "unit_id": "pemkot-51.71/pupr", "province_code": "51", "channel": "web", "owner_agency_id": "pemprov-51",
            "owner_role": "supervisor", "matter": {"id": "road_local", "label_id": "Jalan"},
            "reporter": {"phone": "+6281234567890"}, "body": "secret", "routing": {"agency_id": "pemkot-51.71"}}
    attrs = index_attributes(case)
    entry = attrs["GSIInbox"]
    assert entry["title_cf"] == "jalan rusak"
    assert not {"reporter", "body", "routing", "location"} & set(entry)
    assert summary(inbox_row({**attrs, "PK": "C#SLR-X"})) == summary(case)
    # every filter reads a field of the entry
    for clause, names in INBOX_FILTERS.values():
        assert names.get("#g") == "GSIInbox", clause
