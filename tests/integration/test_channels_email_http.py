"""POST /v1/channels/email: the inbound-email door over HTTP (raw MIME for curl, SNS HTTPS deliveries), on moto."""
from __future__ import annotations

import base64
import json
import os

import pytest
from channels_support import deliver_notifications, purge, receive, sent_emails
from test_channels_chat_email import TEXT, mime, ses_notification

TOKEN = {"X-Salur-Mail-Token": "local-mail-token"}


@pytest.fixture
def inbox(aws):
    purge("notifications")
    yield
    purge("notifications")


def post_raw(client, raw: bytes, headers=None):
    return client.http.post("/v1/channels/email", body=raw,
                            headers={"Content-Type": "message/rfc822", **TOKEN, **(headers or {})})


def sns_envelope(kind="Notification", **fields) -> dict:
    return {"Type": kind, "MessageId": "7f1c6a0e-0000-4000-8000-000000000001",
            "TopicArn": os.environ["INBOUND_MAIL_TOPIC_ARN"], "Timestamp": "2025-11-27T01:00:00.000Z", **fields}


def post_sns(client, envelope: dict, headers=None):
    # what SNS itself sends: text/plain JSON and its message-type header
    return client.http.post("/v1/channels/email", body=json.dumps(envelope).encode(),
                            headers={"Content-Type": "text/plain; charset=UTF-8",
                                     "x-amz-sns-message-type": envelope.get("Type", ""), **TOKEN, **(headers or {})})


def case(tracking_id):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    return ComplaintRepository().get(tracking_id)


def mails_to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def test_topic_is_in_the_stack(aws):
    from chalicelib.adapters.aws_clients import client

    arn = aws["INBOUND_MAIL_TOPIC_ARN"]
    assert arn.endswith(":salur-inbound-mail")
    assert arn in [t["TopicArn"] for t in client("sns").list_topics()["Topics"]]


def test_raw_mime_is_filed_and_the_receipt_is_mailed(client, inbox):
    res = post_raw(client, mime(sender="Sari <sari.mail@example.com>"))
    assert res.status_code == 200, res.body
    out = res.json_body
    assert out["status"] == "filed" and out["reply_sent"] is True and out["tracking_id"]
    got = case(out["tracking_id"])
    assert got["channel"] == "email" and got["reporter"] == {"email": "sari.mail@example.com", "name": "Sari"}
    assert got["title"] == "Lampu jalan mati di Teuku Umar"
    deliver_notifications(None, receive("notifications"))
    assert any(out["tracking_id"] in m.subject for m in mails_to("sari.mail@example.com"))


def test_duplicate_message_id_answers_the_first_tracking_id(client, inbox):
    raw = mime(sender="dua.mail@example.com", message_id="<dup-1@example.com>")
    first = post_raw(client, raw).json_body
    again = post_raw(client, raw)
    assert again.status_code == 200
    assert again.json_body == {"tracking_id": first["tracking_id"], "status": "replayed", "reply_sent": False}
    # the same mail through SNS (HTTPS subscription) is the same message: not filed twice
    note = post_sns(client, sns_envelope(Message=ses_notification(raw)))
    assert note.status_code == 200 and note.json_body["tracking_id"] == first["tracking_id"]
    assert note.json_body["status"] == "replayed"


def test_sns_notification_is_handled_like_the_topic_subscription(client, inbox):
    raw = mime(sender="Tono <tono.mail@example.com>")
    first = post_sns(client, sns_envelope(Message=ses_notification(raw)))  # content base64
    assert first.status_code == 200, first.body
    assert first.json_body["status"] == "filed" and first.json_body["reply_sent"] is True
    tid = first.json_body["tracking_id"]
    assert case(tid)["reporter"]["email"] == "tono.mail@example.com"
    again = post_sns(client, sns_envelope(Message=ses_notification(raw, encoding="UTF8")))  # SNS redelivers
    assert again.status_code == 200 and again.json_body == {"tracking_id": tid, "status": "replayed",
                                                            "reply_sent": False}
    # application/json works as well (curl), and a non-'Received' notification is ignored
    bounce = client.http.post("/v1/channels/email", headers={"Content-Type": "application/json", **TOKEN},
                              body=json.dumps(sns_envelope(Message=json.dumps({"notificationType": "Bounce"}))))
    assert bounce.status_code == 200 and bounce.json_body == {"tracking_id": None, "status": "ignored",
                                                              "reply_sent": False}


def test_subscription_confirmation_returns_the_url_without_fetching_it(client, inbox, monkeypatch):
    import urllib.request

    def no_fetch(*a, **k):  # pragma: no cover - must not be called outside prod
        raise AssertionError("SubscribeURL fetched")

    monkeypatch.setattr(urllib.request, "urlopen", no_fetch)
    url = "https://sns.ap-southeast-3.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=abc"
    res = post_sns(client, sns_envelope("SubscriptionConfirmation", SubscribeURL=url, Token="abc",
                                        Message="You have chosen to subscribe..."))
    assert res.status_code == 200
    assert res.json_body["status"] == "subscription_pending" and res.json_body["subscribe_url"] == url
    assert res.json_body["reply_sent"] is False and "subscribe_url" in res.json_body["note"]
    assert post_sns(client, sns_envelope("SubscriptionConfirmation")).status_code == 400  # no URL


def test_subscription_confirmed_in_prod_only_on_sns_hosts(client, inbox, monkeypatch):
    import urllib.request

    from chalicelib.api import channels as web

    fetched = []

    class Ok:
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: fetched.append(url) or Ok())
    from chalicelib import config

    monkeypatch.setattr(config, "stage", lambda: "prod")  # the test client sets SALUR_STAGE from its stage
    monkeypatch.setenv("SALUR_PEPPER", "local-development-pepper")
    monkeypatch.setenv("MAIL_INBOUND_TOKEN", "prod-secret")
    good = "https://sns.ap-southeast-3.amazonaws.com/?Action=ConfirmSubscription&Token=abc"
    for bad in ("http://sns.ap-southeast-3.amazonaws.com/?x", "https://sns.ap-southeast-3.amazonaws.com.evil.io/",
                "https://evil.io/?https://sns.ap-southeast-3.amazonaws.com/", "https://169.254.169.254/"):
        assert web._confirm_subscription(bad) is False
    res = post_sns(client, sns_envelope("SubscriptionConfirmation", SubscribeURL=good),
                   headers={"X-Salur-Mail-Token": "prod-secret"})
    assert res.status_code == 200 and res.json_body["status"] == "subscription_confirmed"
    assert fetched == [good]
    # no default token in prod
    monkeypatch.delenv("MAIL_INBOUND_TOKEN")
    assert post_raw(client, mime()).status_code == 401


def test_bad_or_missing_token_is_401_and_nothing_happens(client, inbox):
    before = len(sent_emails())
    raw = mime(sender="nobody.mail@example.com", message_id="<tok-1@example.com>")
    for headers in ({"X-Salur-Mail-Token": "wrong"}, {"X-Salur-Mail-Token": ""},
                    {"X-Salur-Mail-Token": "", "Authorization": "Basic " + base64.b64encode(b"salur:wrong").decode()},
                    {"X-Salur-Mail-Token": "", "Authorization": "Basic !!!"}):
        res = post_raw(client, raw, headers=headers)
        assert res.status_code == 401 and res.json_body["error"]["code"] == "invalid_mail_token", headers
    res = client.http.post("/v1/channels/email", body=raw, headers={"Content-Type": "message/rfc822"})
    assert res.status_code == 401
    assert len(sent_emails()) == before and receive("notifications") == []
    # the token as the Basic-auth password (what an SNS HTTPS subscription URL can carry)
    basic = {"X-Salur-Mail-Token": "", "Authorization": "Basic " + base64.b64encode(b"salur:local-mail-token").decode()}
    assert post_raw(client, raw, headers=basic).json_body["status"] == "filed"


def test_oversize_mail_is_413_answered_once_and_nothing_written(client, inbox):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    before = len(sent_emails())
    big = mime(text=TEXT + " x" * (5 * 1024 * 1024 + 10), sender="besar.mail@example.com",
               message_id="<big-1@example.com>")
    assert len(big) > 10 * 1024 * 1024
    res = post_raw(client, big)
    assert res.status_code == 413, res.body
    body = res.json_body
    assert body["error"]["code"] == "mail_too_large"
    assert body["status"] == "too_large" and body["reply_sent"] is True and body["tracking_id"] is None
    again = post_raw(client, big)  # a retry is not answered twice
    assert again.status_code == 413 and again.json_body["reply_sent"] is False
    answers = sent_emails()[before:]
    assert [m.destinations["ToAddresses"] for m in answers] == [["besar.mail@example.com"]]
    assert "10 MB" in json.dumps(answers[0].body)
    assert receive("notifications") == []
    from chalicelib.domain.contacts import source_key
    from chalicelib.services.email_door import _ref
    from chalicelib.services.intake import idempotency_scope

    record_key, _ = idempotency_scope(_ref("<big-1@example.com>"), "email", source_key("email", "besar.mail@example.com"))
    assert ComplaintRepository().get_idempotency(record_key) is None
    # the same mail base64'd in an SNS notification (~14 MB JSON): the same answer, same dedupe
    note = post_sns(client, sns_envelope(Message=ses_notification(big)))
    assert note.status_code == 413 and note.json_body["status"] == "too_large"
    assert len(sent_emails()) == before + 1
    # a body over the door's own limit (15 MB) is refused before parsing
    huge = client.http.post("/v1/channels/email", headers={"Content-Type": "application/json", **TOKEN},
                            body=b" " * (15 * 1024 * 1024 + 1))
    assert huge.status_code == 413 and huge.json_body["error"]["code"] == "payload_too_large"


def test_malformed_bodies_are_400(client, inbox):
    def post(body, ctype="application/json"):
        return client.http.post("/v1/channels/email", body=body, headers={"Content-Type": ctype, **TOKEN})

    assert post(b"{nope").status_code == 400
    assert post(b"[1]").status_code == 400
    assert post(json.dumps({"Type": "Weird"}).encode()).json_body["error"]["code"] == "bad_request"
    assert post(json.dumps({"Type": "Notification"}).encode()).status_code == 400  # no Message
    res = post(json.dumps(sns_envelope(Message="not json")).encode())
    assert res.status_code == 400 and res.json_body["status"] == "malformed"
    no_sender = json.dumps({"notificationType": "Received", "mail": {}, "content": "x"})
    assert post(json.dumps(sns_envelope(Message=no_sender)).encode()).status_code == 400
    assert post(b"", "message/rfc822").status_code == 400
    assert post(b"Subject: no sender\r\n\r\n" + TEXT.encode(), "message/rfc822").status_code == 400
    # a Received notification without the mail (no content, no S3): the sender is told by email
    unreadable = ses_notification(mime(sender="kosong.mail@example.com"), action={"type": "SNS"})
    res = post(json.dumps(sns_envelope(Message=unreadable)).encode())
    assert res.status_code == 400 and res.json_body["status"] == "unreadable" and res.json_body["reply_sent"] is True
    assert post(b"hello", "image/png").status_code == 415


def test_too_short_is_422_and_answered(client, inbox):
    res = post_raw(client, mime(text="tolong", sender="pendek.mail@example.com"))
    assert res.status_code == 422 and res.json_body["status"] == "too_short" and res.json_body["reply_sent"] is True
    assert res.json_body["error"]["code"] == "mail_too_short"
    assert mails_to("pendek.mail@example.com")


def test_html_only_mail_is_reduced_to_text(client, inbox):
    html = f"<html><style>p{{color:red}}</style><body><p>{TEXT}</p><script>track()</script></body></html>"
    res = post_raw(client, mime(text=None, html=html, sender="html.mail@example.com", subject="Fwd: Lampu mati"))
    assert res.status_code == 200 and res.json_body["status"] == "filed"
    got = case(res.json_body["tracking_id"])
    assert got["body"].startswith("Lampu penerangan") and "track()" not in got["body"] and "<p>" not in got["body"]
    assert got["title"] == "Lampu mati"


def test_auto_replies_are_ignored(client, inbox):
    res = post_raw(client, mime(sender="robot.mail@example.com", Auto_Submitted="auto-replied"))
    assert res.status_code == 200 and res.json_body == {"tracking_id": None, "status": "ignored", "reply_sent": False}


def test_openapi_documents_the_door(client):
    op = client.http.get("/openapi.json").json_body["paths"]["/v1/channels/email"]["post"]
    assert {"200", "400", "401", "413", "415", "422"} <= set(op["responses"])
    assert any(p["name"] == "X-Salur-Mail-Token" for p in op["parameters"])
