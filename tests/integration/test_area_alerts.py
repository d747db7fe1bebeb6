"""Issue 16 #4: alerts by area.  Double opt-in (an unconfirmed address gets one confirmation mail and nothing
else), a daily digest at most of new public reports and answers (never a confidential one), one-click
unsubscribe; the feed and the areas are Query-only."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from agency_support import A, act, make_case, version
from channels_support import deliver_all, email_text, mails_to, purge

from chalicelib.domain.clock import utcnow

JSON = {"Content-Type": "application/json"}



def subscribe(client, email, kind="region", area="51.71"):
    return client.http.post("/v1/alerts", headers=JSON,
                            body=json.dumps({"email": email, "area_kind": kind, "area": area}))


def test_double_opt_in_digest_once_and_one_click_unsubscribe(client):
    from chalicelib.services import area_alerts

    purge("notifications")
    assert subscribe(client, "warga.kota@example.com").status_code == 202
    assert subscribe(client, "warga.kota@example.com").status_code == 202  # again: no second mail today
    assert subscribe(client, "belum.konfirmasi@example.com").status_code == 202
    [request] = mails_to("warga.kota@example.com")
    link = re.search(r"/v1/alerts/confirm\?token=([A-Za-z0-9_.\-]+)", email_text(request)).group(1)
    assert client.http.get(f"/v1/alerts/confirm?token={link}x").status_code == 404  # a forged token
    assert client.http.get(f"/v1/alerts/confirm?token={link}").json_body["confirmed"] is True

    listed = make_case()
    secret = make_case(confidential=True, title="Pungutan liar rahasia di kantor camat")
    deliver_all()
    assert act(client, listed["tracking_id"], {"action": "respond", "version": version(listed["tracking_id"]),
                                               "message": "Sudah ditambal."}, agency_id=A).status_code == 200
    deliver_all()
    tomorrow = utcnow() + timedelta(days=1)
    assert area_alerts.digest(now=tomorrow) >= 1
    assert area_alerts.digest(now=tomorrow) == 0  # a daily digest at most
    digests = [m for m in mails_to("warga.kota@example.com") if m.subject.startswith("Laporan publik")]
    assert len(digests) == 1
    body = email_text(digests[0])
    assert listed["tracking_id"] in body and "ditanggapi" in body and "baru" in body
    assert secret["tracking_id"] not in body and "rahasia" not in body
    assert len(mails_to("belum.konfirmasi@example.com")) == 1  # its confirmation request only

    unsub = re.search(r"/v1/alerts/unsubscribe\?token=([A-Za-z0-9_.\-]+)", body).group(1)
    assert client.http.post(f"/v1/alerts/unsubscribe?token={unsub}").status_code == 200
    assert client.http.get(f"/v1/alerts/unsubscribe?token={link}").status_code == 404  # a confirm token
    from chalicelib.adapters.alert_store import AlertStore

    assert "warga.kota@example.com" not in [s["address"] for s in AlertStore().subscribers("region:51.71")]


def test_unknown_areas_and_bad_addresses_are_refused(client):
    assert subscribe(client, "a@example.com", "region", "99.99").status_code == 422
    assert subscribe(client, "a@example.com", "district", "51.71").status_code == 422
    assert subscribe(client, "a@example.com", "agency", "pemkot-51.71").status_code == 202
    assert subscribe(client, "bukan-email", "region", "51.71").status_code == 422


def test_one_feed_item_an_event_gives_each_area_its_news_in_order_and_bounded(client):
    """An event is one item naming its areas (one write, not one per area); each area reads back its own news of
    the day in time order, at most ``limit`` entries, and nothing of another area or another day."""
    import boto3

    from chalicelib import config
    from chalicelib.adapters.alert_store import AlertStore

    store = AlertStore()
    day, other = "2031-03-04", "2031-03-05"
    for i in range(7):
        store.record(["region:51.71", "agency:pemkot-51.71"] if i % 2 else ["region:51.03"], day,
                     f"2031-03-04T0{i}:00:00Z", f"T{i}", "new", {"tracking_id": f"T{i}", "title": f"t{i}"})
    store.record(["region:51.71"], other, "2031-03-05T01:00:00Z", "X", "new", {"tracking_id": "X", "title": "x"})
    items = boto3.client("dynamodb").query(TableName=config.complaints_table(), KeyConditionExpression="PK = :p",
                                           ExpressionAttributeValues={":p": {"S": f"ALERTFEED#{day}"}})["Items"]
    assert len(items) == 7
    feeds = store.day_feeds(day, ["region:51.71", "region:51.03", "district:51.71.01"], limit=2)
    assert [e["summary"]["tracking_id"] for e in feeds["region:51.71"]] == ["T1", "T3"]
    assert [e["summary"]["tracking_id"] for e in feeds["region:51.03"]] == ["T0", "T2"]
    assert feeds["district:51.71.01"] == [] and "agency:pemkot-51.71" not in feeds
    assert len(store.day_feeds(day, ["agency:pemkot-51.71"], limit=50)["agency:pemkot-51.71"]) == 3
