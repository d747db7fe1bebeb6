"""Issue 17 #5, #9, #11 and the malformed-sender item: the email door under hostile mail, on moto.

* header sizes and counts are bounded before anything parses them, and parsing is linear (the worst case
  at the maximum mail is measured by ``python -m bench.mail_bench``, not timed here);
* SES's SPF/DKIM/DMARC verdicts decide who sent it: a spoofed sender is never named on the case nor answered,
  spam and viruses are dropped;
* only the configured inbound bucket/prefix is read;
* a malformed sender address never answers 500.
"""
from __future__ import annotations

import json
import uuid

import pytest
from channels_support import purge, sent_emails
from test_channels_chat_email import TEXT, inbound, mime, ses_notification

TOKEN = {"X-Salur-Mail-Token": "local-mail-token"}
FAIL = {"spamVerdict": "PASS", "virusVerdict": "PASS", "spfVerdict": "FAIL", "dkimVerdict": "FAIL",
        "dmarcVerdict": "FAIL"}


@pytest.fixture
def inbox(aws):
    purge("notifications")
    yield
    purge("notifications")


def case(tid):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    return ComplaintRepository().get(tid)


def to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def test_a_spoofed_sender_is_filed_nameless_and_never_answered(client, inbox):
    victim = f"pejabat.{uuid.uuid4().hex[:6]}@example.go.id"
    out = inbound(client, ses_notification(mime(sender=f"Pak Pejabat <{victim}>"), verdicts=FAIL))
    assert out["result"] == "filed" and out["reply_sent"] is False
    stored = case(out["tracking_id"])
    assert stored.get("reporter") is None and "Pejabat" not in json.dumps(stored)
    short = inbound(client, ses_notification(mime(text="tolong", sender=victim), verdicts=FAIL))
    assert short == {"result": "too_short", "reply_sent": False}
    assert to(victim) == []  # no backscatter at all
    # SPF and DKIM passing without a DMARC policy (GRAY) is an authenticated sender
    gray = {**FAIL, "spfVerdict": "PASS", "dkimVerdict": "PASS", "dmarcVerdict": "GRAY"}
    ok = inbound(client, ses_notification(mime(sender=f"Warga <warga.{uuid.uuid4().hex[:6]}@example.com>"),
                                          verdicts=gray))
    assert ok["reply_sent"] is True and case(ok["tracking_id"])["reporter"]["name"] == "Warga"
    # no verdicts at all (a forged or truncated notification): not authenticated
    bare = inbound(client, ses_notification(mime(sender=f"x.{uuid.uuid4().hex[:6]}@example.com"), verdicts={}))
    assert bare["reply_sent"] is False and case(bare["tracking_id"]).get("reporter") is None


@pytest.mark.parametrize("verdict", ["spamVerdict", "virusVerdict"])
def test_spam_and_viruses_are_dropped(client, inbox, verdict):
    from test_channels_chat_email import PASS

    out = inbound(client, ses_notification(mime(), verdicts={**PASS, verdict: "FAIL"}))
    assert out == {"result": "ignored", "reply_sent": False}


def test_only_the_configured_inbound_bucket_and_prefix_are_read(client, inbox, monkeypatch):
    from chalicelib.adapters.aws_clients import client as aws

    s3 = aws("s3")
    loc = {"LocationConstraint": "ap-southeast-3"}
    for bucket in ("salur-inbound-mail", "someone-elses-bucket"):
        try:
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration=loc)
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
    raw = mime()
    s3.put_object(Bucket="someone-elses-bucket", Key="inbound/secret.eml", Body=raw)
    s3.put_object(Bucket="salur-inbound-mail", Key="other/x.eml", Body=raw)
    s3.put_object(Bucket="salur-inbound-mail", Key="inbound/ok.eml", Body=mime())
    monkeypatch.setenv("MAIL_INBOUND_PREFIX", "inbound/")
    for bucket, key in (("someone-elses-bucket", "inbound/secret.eml"), ("salur-inbound-mail", "other/x.eml"),
                        ("salur-inbound-mail", "inbound/../other/x.eml")):
        note = ses_notification(raw, action={"type": "S3", "bucketName": bucket, "objectKey": key})
        assert inbound(client, note) == {"result": "ignored", "reply_sent": False}, (bucket, key)
    ok = ses_notification(mime(), action={"type": "S3", "bucketName": "salur-inbound-mail", "objectKey": "inbound/ok.eml"})
    assert inbound(client, ok)["result"] == "filed"


@pytest.mark.parametrize("sender", ["Budi <budi@@example.com>", "x@-", "<@>", "tést@例え.jp", "a@b", '"\\" <>',
                                    "budi@example.com\r\nBcc: victim@example.com", "(" * 3000 + "a@b.c"])
def test_malformed_senders_never_answer_500(client, inbox, sender):
    raw = (f"From: {sender}\r\nSubject: x\r\nMessage-ID: <{uuid.uuid4().hex}@x>\r\n\r\ntolong").encode("utf-8")
    res = client.http.post("/v1/channels/email", body=raw, headers={"Content-Type": "message/rfc822", **TOKEN})
    assert res.status_code < 500 and res.json_body["status"], res.body
    note = inbound(client, ses_notification(mime(text="tolong", sender="a@example.com")).replace(
        '"a@example.com"', json.dumps(sender)))
    assert note["result"] in ("too_short", "malformed", "ignored", "unreadable")


@pytest.mark.parametrize("header", [
    "From: " + "(c)" * 50_000 + " <a@example.com>",           # the reported case: 150 KB of comments
    "From: " + "(" * 40_000 + "a@example.com",                # nested comments (RecursionError in parseaddr)
    "Subject: " + "=?utf-8?q?a" * 20_000,                     # unterminated encoded words
    "\r\n".join(f"X-H{i}: v" for i in range(2_000)),          # too many fields
    "X-Long: " + "a" * 300_000,                               # a header block past its bound
])
def test_hostile_headers_are_refused_before_parsing(client, inbox, header, monkeypatch):
    """The bound holds before the standard library sees the header: parseaddr never gets more than 2 KB."""
    from chalicelib.services import mail_reader

    seen = []
    real = mail_reader.parseaddr
    monkeypatch.setattr(mail_reader, "parseaddr", lambda v: seen.append(len(v)) or real(v))
    raw = (f"From: Budi <budi.bound@example.com>\r\nMessage-ID: <{uuid.uuid4().hex}@x>\r\n{header}\r\n\r\n{TEXT}"
           ).encode()
    if header.startswith("From: "):
        raw = raw.replace(b"From: Budi <budi.bound@example.com>\r\n", b"", 1)
    res = client.http.post("/v1/channels/email", body=raw, headers={"Content-Type": "message/rfc822", **TOKEN})
    assert res.status_code in (200, 400), res.body
    assert res.json_body["status"] in ("malformed", "unreadable", "filed")
    assert all(n <= mail_reader.MAX_ADDRESS_BYTES for n in seen)
    via_ses = inbound(client, ses_notification(raw))
    assert via_ses["result"] in ("unreadable", "malformed", "filed", "ignored")
