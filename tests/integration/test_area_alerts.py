"""Issue 16 #4: alerts by area.  Double opt-in (an unconfirmed address gets one confirmation mail and nothing
else), a daily digest at most of new public reports and answers (never a confidential one), one-click
unsubscribe; the feed and the areas are Query-only."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from agency_support import A, act, make_case, version
from channels_support import deliver_all, email_subject, email_text, mails_to, purge, raw_mail

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
    link = re.search(r"/langganan/konfirmasi\?token=([A-Za-z0-9_.\-]+)", email_text(request)).group(1)
    assert client.http.post(f"/v1/alerts/confirm?token={link}x").status_code == 404  # a forged token
    assert client.http.post(f"/v1/alerts/confirm?token={link}").json_body["confirmed"] is True

    listed = make_case()
    secret = make_case(confidential=True, title="Pungutan liar rahasia di kantor camat")
    deliver_all()
    assert act(client, listed["tracking_id"], {"action": "respond", "version": version(listed["tracking_id"]),
                                               "message": "Sudah ditambal."}, agency_id=A).status_code == 200
    deliver_all()
    tomorrow = utcnow() + timedelta(days=1)
    assert area_alerts.digest(now=tomorrow) >= 1
    assert area_alerts.digest(now=tomorrow) == 0  # a daily digest at most
    digests = [m for m in mails_to("warga.kota@example.com") if email_subject(m).startswith("Laporan publik")]
    assert len(digests) == 1
    body = email_text(digests[0])
    headers = raw_mail(digests[0])  # RFC 8058 one-click: the mail client POSTs to this link
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https?://[^>\s]+/v1/alerts/unsubscribe\?token=[A-Za-z0-9_.\-]+>",
                        headers["List-Unsubscribe"])
    assert headers["To"] == "warga.kota@example.com"
    assert listed["tracking_id"] in body and "ditanggapi" in body and "baru" in body
    assert secret["tracking_id"] not in body and "rahasia" not in body
    assert len(mails_to("belum.konfirmasi@example.com")) == 1  # its confirmation request only
    assert raw_mail(request) is None  # the confirmation request is sent as before (no list to leave yet)

    unsub = re.search(r"/langganan/berhenti\?token=([A-Za-z0-9_.\-]+)", body).group(1)  # the page (GET is safe)
    one_click = "/v1/" + headers["List-Unsubscribe"][1:-1].split("/v1/", 1)[1]  # RFC 8058: the API route
    assert one_click == f"/v1/alerts/unsubscribe?token={unsub}"
    assert client.http.post(one_click).status_code == 200
    assert client.http.post(f"/v1/alerts/unsubscribe?token={link}").status_code == 404  # a confirm token
    from chalicelib.adapters.alert_store import AlertStore

    assert "warga.kota@example.com" not in [s["address"] for s in AlertStore().subscribers("region:51.71")]


def test_unknown_areas_and_bad_addresses_are_refused(client):
    assert subscribe(client, "a@example.com", "region", "99.99").status_code == 422
    assert subscribe(client, "a@example.com", "district", "51.71").status_code == 422
    assert subscribe(client, "a@example.com", "agency", "pemkot-51.71").status_code == 202
    assert subscribe(client, "bukan-email", "region", "51.71").status_code == 422


def _subscribers(area: str) -> list[str]:
    from chalicelib.adapters.alert_store import AlertStore

    return sorted(s["address"] for s in AlertStore().subscribers(area))


def test_opening_a_mails_link_changes_nothing_its_pages_button_does(client):
    """Issue 16: mail scanners and link previews open every link: a GET of a confirmation or unsubscribe link
    (the page it names, or the older /v1/alerts/... link, which now leads to that page) changes nothing; the
    page's one button POSTs the token; RFC 8058's one-click POST still unsubscribes."""
    purge("notifications")
    address = "pemindai.tautan@example.com"
    assert subscribe(client, address, "agency", "pemkot-51.71").status_code == 202
    text = email_text(mails_to(address)[0])
    page = re.search(r"https?://[^\s]+(/langganan/konfirmasi\?token=[A-Za-z0-9_.\-]+)", text).group(1)
    token = page.split("token=", 1)[1]
    for path in (page, f"/v1/alerts/confirm?token={token}"):
        res = client.http.get(path, headers={"Accept-Language": "en"})
        assert res.status_code in (200, 302), res.body
        if res.status_code == 302:  # the older link: to the page, the token kept, nothing done
            assert res.headers["Location"] == page and res.headers["Cache-Control"] == "no-store"
        else:
            assert "text/html" in res.headers["Content-Type"] and res.headers["Cache-Control"] == "no-store"
            html = res.body.decode() if isinstance(res.body, bytes) else res.body
            # the page holds no data (its script reads the token from the address): only the language switch
            # names this same address in the other language
            switch = re.search(r'class="lang-switch" href="([^"]+)"', html).group(1)
            assert html.count(token) == 1 and token in switch and 'id="alert-button"' in html
    assert address not in _subscribers("agency:pemkot-51.71")  # still unconfirmed after every GET
    assert client.http.post(f"/v1/alerts/confirm?token={token}").status_code == 200
    assert address in _subscribers("agency:pemkot-51.71")

    from chalicelib.services import area_alerts

    stop = area_alerts.page_link(area_alerts.UNSUBSCRIBE_PAGE, "agency:pemkot-51.71",
                                 area_alerts.read_token(token, "confirm")[1], "unsubscribe", "en")
    assert "lang=en" in stop
    stop_path = stop[stop.index("/langganan/"):]
    stop_token = stop_path.split("token=", 1)[1].split("&", 1)[0]
    for path in (stop_path, f"/v1/alerts/unsubscribe?token={stop_token}"):
        assert client.http.get(path).status_code in (200, 302)
    assert address in _subscribers("agency:pemkot-51.71")  # a GET never unsubscribes
    res = client.http.post(f"/v1/alerts/unsubscribe?token={stop_token}",  # as a mail provider sends it
                           headers={"Content-Type": "application/x-www-form-urlencoded"},
                           body="List-Unsubscribe=One-Click")
    assert res.status_code == 200 and res.json_body["subscribed"] is False
    assert address not in _subscribers("agency:pemkot-51.71")


def test_an_older_link_without_a_token_still_leads_to_its_page(client):
    res = client.http.get("/v1/alerts/unsubscribe")
    assert res.status_code == 302 and res.headers["Location"] == "/langganan/berhenti"
    res = client.http.get("/v1/alerts/confirm?token=" + "x" * 500)  # longer than any token: not carried on
    assert res.status_code == 302 and res.headers["Location"] == "/langganan/konfirmasi"


def test_a_mail_clients_one_click_form_post_unsubscribes(client):
    from chalicelib.services import area_alerts

    assert subscribe(client, "satu.klik@example.com").status_code == 202
    contact = area_alerts.read_token(re.search(r"token=([A-Za-z0-9_.\-]+)", email_text(
        mails_to("satu.klik@example.com")[0])).group(1), "confirm")[1]
    link = area_alerts.unsubscribe_headers("region:51.71", contact)["List-Unsubscribe"][1:-1]
    res = client.http.post("/v1/" + link.split("/v1/", 1)[1], body="List-Unsubscribe=One-Click",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert res.status_code == 200, res.body


def test_moto_drops_the_headers_of_an_ses_v2_simple_mail_so_the_digest_is_sent_raw(client):
    """SES v1 SendEmail has no headers; SES v2 ``Content.Simple.Headers`` exists in botocore, but moto records the
    mail without them (this test fails the day it keeps them: then the digest could use SES v2).  So the digest is
    SendRawEmail of a MIME message (``message_senders.mime_message``), whose headers moto keeps."""
    import boto3
    from channels_support import sent_emails

    from chalicelib.adapters import message_senders

    model = boto3.client("sesv2").meta.service_model.operation_model("SendEmail").input_shape
    assert "Headers" in model.members["Content"].members["Simple"].members
    before = len(sent_emails())
    boto3.client("sesv2").send_email(
        FromEmailAddress=message_senders.mail_from(), Destination={"ToAddresses": ["v2.headers@example.com"]},
        Content={"Simple": {"Subject": {"Data": "v2"}, "Body": {"Text": {"Data": "x"}},
                            "Headers": [{"Name": "List-Unsubscribe", "Value": "<https://salur.go.id/u>"}]}})
    [sent] = sent_emails()[before:]
    assert "List-Unsubscribe" not in json.dumps(vars(sent), default=str)  # moto lost it
    message_senders.send_email("raw.headers@example.com", "raw", "x",
                               headers={"List-Unsubscribe": "<https://salur.go.id/u>"})
    [raw] = mails_to("raw.headers@example.com")
    assert raw_mail(raw)["List-Unsubscribe"] == "<https://salur.go.id/u>"


def test_a_header_value_cannot_smuggle_another_header_or_recipient():
    from chalicelib.adapters.message_senders import mime_message

    with pytest.raises(ValueError):
        mime_message("a@example.com", "s", "t", None, None, {"List-Unsubscribe": "<https://x/u>\r\nBcc: b@example.com"})
    raw = mime_message("a@example.com", "Laporan publik Kota Denpasar — 1 Des", "isi ✓", "<p>isi</p>", None,
                       {"List-Unsubscribe": "<https://x/u>"}).decode("ascii")  # 7-bit on the wire
    assert "\r\nList-Unsubscribe: <https://x/u>\r\n" in raw and "Bcc" not in raw


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


def test_a_report_of_an_area_nobody_follows_writes_no_feed_item(client):
    """Issue 11: the feed exists for the digest, which reads only followed areas; an event whose areas nobody
    follows writes nothing.  Once an area has a confirmed subscriber, its next reports are in its feed, and only
    under the areas someone follows."""
    import boto3

    from chalicelib import config
    from chalicelib.services import area_alerts

    area_alerts._WATCHED.clear()
    day = area_alerts.day_of(None)

    def feed() -> list[dict]:
        return boto3.client("dynamodb").query(
            TableName=config.complaints_table(), KeyConditionExpression="PK = :p",
            ExpressionAttributeValues={":p": {"S": f"ALERTFEED#{day}"}})["Items"]

    def mine(tids) -> list[dict]:
        return [i for i in feed() if i["summary"]["M"]["tracking_id"]["S"] in tids]

    jakarta = {"agency_id": "pemprov-31", "province": "31"}  # region:31.71, an area no other test here follows
    unfollowed = make_case(**jakarta)
    deliver_all()
    assert mine({unfollowed["tracking_id"]}) == []
    purge("notifications")
    assert subscribe(client, "pengikut.kota@example.com", area="31.71").status_code == 202
    [request] = mails_to("pengikut.kota@example.com")
    link = re.search(r"/langganan/konfirmasi\?token=([A-Za-z0-9_.\-]+)", email_text(request)).group(1)
    assert client.http.post(f"/v1/alerts/confirm?token={link}").status_code == 200
    followed = make_case(**jakarta)
    deliver_all()
    [item] = mine({unfollowed["tracking_id"], followed["tracking_id"]})
    assert item["summary"]["M"]["tracking_id"]["S"] == followed["tracking_id"]
    assert [a["S"] for a in item["areas"]["L"]] == ["region:31.71"]
