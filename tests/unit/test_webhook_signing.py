"""Our Standard Webhooks signing against the official `standardwebhooks` package (the URL guard: test_webhook_urls.py)."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks import Webhook, WebhookVerificationError

from chalicelib.adapters import webhook_signing as signing


def test_official_package_verifies_our_signature():
    secret = signing.new_secret()
    body = signing.body_text({"type": "complaint.assigned", "timestamp": "2026-01-01T00:00:00Z",
                              "data": {"tracking_id": "ABCD-EFGH", "judul": "Jalan rusak — Denpasar ✓"}})
    headers = signing.sign_headers([secret], "msg_1", int(time.time()), body)
    assert Webhook(secret).verify(body, headers)["data"]["tracking_id"] == "ABCD-EFGH"


@settings(max_examples=50, deadline=None)
@given(body=st.text(max_size=300), msg_id=st.text(alphabet="abcdefghijklmnop_0123456789", min_size=1, max_size=40))
def test_signatures_match_the_official_package(body, msg_id):
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    ts = int(time.time())
    ours = signing.signature(secret, msg_id, ts, body)
    theirs = Webhook(secret).sign(msg_id, datetime.fromtimestamp(ts, tz=timezone.utc), body)
    assert ours == theirs
    assert signing.verify([secret], body, {"webhook-id": msg_id, "webhook-timestamp": str(ts),
                                           "webhook-signature": theirs}, now=ts) == msg_id


def test_spec_example_vector():
    # Example from the Standard Webhooks spec / reference implementation tests
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"test": 2432232314}'
    sig = signing.signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_rotation_sends_both_signatures_and_either_verifies():
    old, new = signing.new_secret(), signing.new_secret()
    body, ts = "{}", int(time.time())
    h = signing.sign_headers([new, old], "msg_r", ts, body)
    assert len(h["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(body, h)
    Webhook(new).verify(body, h)
    assert signing.verify([old], body, h, ts) == "msg_r"


@pytest.mark.parametrize("mutate,code", [
    (lambda h, b: (h, b + " "), "bad_signature"),
    (lambda h, b: ({**h, "webhook-id": "other"}, b), "bad_signature"),
    (lambda h, b: ({**h, "webhook-timestamp": str(int(h["webhook-timestamp"]) - 301)}, b), "stale_timestamp"),
    (lambda h, b: ({**h, "webhook-timestamp": str(int(h["webhook-timestamp"]) + 301)}, b), "stale_timestamp"),
    (lambda h, b: ({**h, "webhook-timestamp": "soon"}, b), "bad_timestamp"),
    (lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b), "missing_headers"),
    (lambda h, b: ({**h, "webhook-signature": "v2," + h["webhook-signature"][3:]}, b), "bad_signature"),
    (lambda h, b: ({**h, "webhook-signature": "v1,!!!notbase64"}, b), "bad_signature"),
])
def test_verify_rejects(mutate, code):
    secret = signing.new_secret()
    now = int(time.time())
    h = signing.sign_headers([secret], "msg_x", now, '{"a":1}')
    h2, body = mutate(h, '{"a":1}')
    with pytest.raises(signing.SignatureError) as exc:
        signing.verify([secret], body, h2, now)
    assert exc.value.code == code
    if code != "missing_headers":
        with pytest.raises((WebhookVerificationError, ValueError)):  # its base64 errors are ValueError
            Webhook(secret).verify(body, {**h2, "webhook-timestamp": h2.get("webhook-timestamp", "x")})


def test_message_id_is_stable_per_event_and_endpoint():
    assert signing.message_id("evt_1", "wh_a") == signing.message_id("evt_1", "wh_a")
    assert signing.message_id("evt_1", "wh_a") != signing.message_id("evt_1", "wh_b")
    assert signing.message_id("evt_1", "wh_a") != signing.message_id("evt_2", "wh_a")


def test_payload_never_carries_private_or_reporter():
    event = {"event_id": "evt_1.0", "type": "complaint.submitted", "tracking_id": "ABCD-EFGH",
             "occurred_at": "2026-01-01T00:00:00Z", "agency_id": "pemkot-51.71",
             "private": {"access_code": "SECRET-CODE-1234"},
             "data": {"case": {"tracking_id": "ABCD-EFGH", "reporter": {"email": "x@y.z"}},
                      "action": "submit", "private": {"x": 1}, "internal_note": "rahasia"}}
    p = signing.payload(event)
    text = signing.body_text(p)
    assert p["type"] == "complaint.submitted" and p["timestamp"] == "2026-01-01T00:00:00Z"
    assert p["data"]["tracking_id"] == "ABCD-EFGH" and p["data"]["event_id"] == "evt_1.0"
    for leaked in ("SECRET-CODE", "x@y.z", "private", "reporter", "rahasia"):
        assert leaked not in text
    assert json.loads(text) == p
