"""SMS 1708 on the real local run: the gateway posts a signed SMS over HTTP, gets the reply SMS with the
tracking id, the case is routed, and the worker texts the reporter the routing notice through SNS."""
from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid


def post_sms(base, text, sender):
    from chalicelib.api.channel_signatures import sign_sms_gateway

    body = json.dumps({"from": sender, "text": text, "message_id": uuid.uuid4().hex}).encode()
    req = urllib.request.Request(base + "/v1/channels/sms", data=body, method="POST",
                                 headers={"Content-Type": "application/json", **sign_sms_gateway(body)})
    with urllib.request.urlopen(req, timeout=15) as res:
        return res.status, json.loads(res.read())


def test_sms_report_on_local_run(local_run):
    base = local_run["url"]
    status, out = post_sms(base, "LAPOR jalan berlubang besar dan membahayakan pengendara di Jl. Gatot Subroto "
                                 "Barat Kota Denpasar", "0812-4444-0001")
    assert status == 200 and out["status"] == "answered"
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", out["reply"]).group(1)
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", out["reply"]).group(1)
    assert "Pemerintah Kota Denpasar" in out["reply"]
    req = urllib.request.Request(f"{base}/v1/complaints/{tid}", headers={"X-Access-Code": code})
    with urllib.request.urlopen(req, timeout=15) as res:
        view = json.loads(res.read())
    assert view["channel"] == "sms" and view["agency"]["id"] == "pemkot-51.71" and view["status"] == "assigned"

    from chalicelib.adapters.dynamo import ddb, from_item, key
    from chalicelib.adapters.notification_store import contact_hash

    from chalicelib.adapters.complaint_repository import case_pk
    from chalicelib.adapters.dynamo import query_partition
    from chalicelib.adapters.event_stream import messages_of

    # the filing is one timeline item; its domain events are numbered <item event id>.<i> across its steps
    [filing] = [i for i in query_partition(local_run["env"]["COMPLAINTS_TABLE"], case_pk(tid), "EV#")]
    assigned = next(m for m in messages_of(filing) if m["type"] == "complaint.assigned")
    claim_key = key(f"NOTIF#{assigned['event_id']}", f"sms#{contact_hash('+6281244440001')}")
    deadline = time.monotonic() + 30
    item = None
    while time.monotonic() < deadline:  # the worker relays notifications → SNS in the background
        item = from_item(ddb().get_item(TableName=local_run["env"]["COMPLAINTS_TABLE"], Key=claim_key).get("Item"))
        if item and item.get("state") == "sent":
            break
        time.sleep(0.3)
    assert item and item["state"] == "sent", item
