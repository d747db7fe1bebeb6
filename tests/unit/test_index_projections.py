"""The inbox indexes (agency, deadline, owner, unit) and the verification queue are answered from the indexes
alone: each projects the head's own summary fields (``INBOX_PROJECTION``; INCLUDE, not ALL: never the reporter),
with no copy of them in the head, and the table stays within DynamoDB's 100 projected attributes."""
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
    from chalicelib.adapters.complaint_repository import INBOX_PROJECTION

    idx = _indexes()
    for name in INBOXES:
        assert idx[name] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(INBOX_PROJECTION)}, name
    assert all(p["ProjectionType"] != "ALL" for p in idx.values())
    for never in ("body", "reporter", "location", "access_hash"):
        assert all(never not in p.get("NonKeyAttributes", ()) for p in idx.values())


def test_the_table_stays_within_the_projected_attribute_limit():
    # DynamoDB: at most 100 user-specified projected attributes over all of a table's secondary indexes
    assert sum(len(p.get("NonKeyAttributes", ())) for p in _indexes().values()) <= 100


def test_the_inbox_entry_is_what_the_desk_summary_reads_and_never_the_reporter():
    from chalicelib.adapters.complaint_repository import (INBOX_FILTERS, INBOX_PROJECTION, case_item,
                                                          index_attributes, inbox_row)
    from chalicelib.adapters.dynamo import from_item
    from chalicelib.services.agency_desk import summary

    case = {"tracking_id": "SLR-X", "kind": "complaint", "title": "Jalan RUSAK", "status": "assigned",
            "due_at": "2026-12-20T16:59:00Z", "escalation_level": 1, "version": 3, "created_at": "2026-12-01T00:00Z",
            "updated_at": "2026-12-02T00:00Z", "confidential": False, "anonymous": True, "agency_id": "pemkot-51.71",
            "unit_id": "pemkot-51.71/pupr", "province_code": "51", "channel": "web", "owner_agency_id": "pemprov-51",
            "owner_role": "supervisor", "matter": {"id": "road_local", "label_id": "Jalan"},
            "reporter": {"phone": "+6281234567890"}, "body": "secret", "routing": {"agency_id": "pemkot-51.71"}}
    attrs = index_attributes(case)
    assert attrs["GSITitle"] == "jalan rusak"
    head = case_item(case)
    # what an inbox index item holds of the head: the table keys, its own keys and the projection
    item = from_item({k: v for k, v in head.items() if k in ("PK", "SK", "GSI1PK", "GSI1SK", *INBOX_PROJECTION)})
    assert not {"reporter", "body", "routing", "location"} & set(item)
    assert summary(inbox_row(item)) == summary(case)
    assert inbox_row(item)["matter"] == {"id": "road_local"}
    # the summary is the head's own fields, not a copy of them
    assert "GSIInbox" not in head and set(INBOX_PROJECTION) - {"GSITitle"} <= set(from_item(head))
    # every filter reads an attribute every inbox index projects
    for clause, names in INBOX_FILTERS.values():
        assert names and set(names.values()) <= set(INBOX_PROJECTION) | {"id"}, clause


def test_the_head_leaves_out_starting_values_and_every_read_gets_them_back():
    """``HEAD_DEFAULTS`` at their starting value are not stored (the head stays under 1 KB); ``merge_case`` puts
    back exactly those, so a field that was absent stays absent and any other value is kept."""
    from chalicelib.adapters.complaint_repository import HEAD_DEFAULTS, case_item, merge_case
    from chalicelib.adapters.dynamo import from_item

    base = {"tracking_id": "SLR-Y", "status": "assigned", "agency_id": "pemkot-51.71", "created_at": "2026-12-01T00:00Z",
            "title": "Lampu mati", "version": 2}
    for values in ({**HEAD_DEFAULTS}, {}, {"reopen_count": 2, "appealed": True, "contact_verified": ["email"],
                                          "sweepable": False, "info_extension_used": True},
                   {"reopen_count": 0, "appealed": 0, "sweepable": True}):
        case = {**base, **values}
        head = case_item(case)
        stored = {k for k, v in values.items() if not (type(v) is type(HEAD_DEFAULTS[k]) and v == HEAD_DEFAULTS[k])}
        assert {k for k in HEAD_DEFAULTS if k in head} == stored, values
        back = merge_case([from_item(head)])
        assert {k: back[k] for k in HEAD_DEFAULTS if k in back} == values, values
        assert not any(k == "GSIDefaults" for k in back)
