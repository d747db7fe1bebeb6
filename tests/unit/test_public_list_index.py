"""The public list's sparse index: who is on it (computed in one place), and what it may hold."""
from __future__ import annotations

import json
import os

from chalicelib import config
from chalicelib.adapters.complaint_repository import PUBLIC_FILTERS, index_attributes
from chalicelib.domain import notification_templates
from chalicelib.domain.case_views import SUMMARY_FIELDS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASE = {"tracking_id": "7KQ2-M9XD", "created_at": "2026-11-02T01:00:00Z", "status": "assigned", "kind": "complaint",
        "agency_id": "pemkab-51.04", "province_code": "51", "matter": {"id": "road_local"},
        "region": {"code": "51.04.05", "level": "district", "parent_code": "51.04"}}


def test_listed_only_when_routed_public_and_not_refused():
    attrs = index_attributes(CASE)
    # newest first by the case's own ``created_at`` (the index's sort key): no copy of it in the head
    assert attrs["GSI4PK"] == "PUB" and not {"GSI4SK", "created_at"} & set(attrs)
    assert attrs["GSI4Region"] == "51.04" and attrs["GSI4Matter"] == "road_local"
    # a flat field is filtered on as itself (projected), never copied into the head
    assert not {"GSI4Province", "GSI4Agency", "GSI4Status", "GSI4Kind"} & set(attrs)
    assert all(attrs.get(a, CASE.get(a)) for a in PUBLIC_FILTERS.values())
    for change in ({"confidential": True}, {"status": "awaiting_verification", "agency_id": None},
                   {"status": "rejected"}, {"status": "closed", "outcome": "rejected"}):
        assert "GSI4PK" not in index_attributes({**CASE, **change}), change
    assert "GSI4PK" in index_attributes({**CASE, "status": "closed", "outcome": "completed"})


def test_the_index_projects_the_summary_and_its_filters_only():
    with open(os.path.join(ROOT, "infra", "template.json"), encoding="utf-8") as fh:
        table = json.load(fh)["Resources"]["ComplaintsTable"]["Properties"]
    index = next(i for i in table["GlobalSecondaryIndexes"] if i["IndexName"] == "PublicList")
    keys = {k["AttributeName"] for k in index["KeySchema"]}
    assert keys == {"GSI4PK", "created_at"}
    projected = set(index["Projection"]["NonKeyAttributes"])
    assert projected | (keys - {"GSI4PK"}) == set(SUMMARY_FIELDS) | set(PUBLIC_FILTERS.values())
    assert not projected & {"body", "reporter", "access_hash", "access_salt", "location", "channel_ref"}


def test_notification_links_use_the_stage_public_url(monkeypatch):
    monkeypatch.setenv("SALUR_PUBLIC_URL", "http://127.0.0.1:8123/")
    out = notification_templates.render("responded", "id", {"tid": "7KQ2-M9XD", "agency": "Pemkab", "message": "x"})
    assert "http://127.0.0.1:8123/lacak/7KQ2-M9XD" in out["text"]
    assert '<a href="http://127.0.0.1:8123/lacak/7KQ2-M9XD">' in out["html"]
    monkeypatch.delenv("SALUR_PUBLIC_URL")
    assert config.public_url() == "https://salur.go.id"
