"""Our Standard Webhooks signing against the official `standardwebhooks` package, and the URL guard."""
from __future__ import annotations

import ipaddress
import json
import time
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks import Webhook, WebhookVerificationError

from chalicelib.adapters import webhook_signing as signing
from chalicelib.adapters import webhook_urls as urls


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


# -- URL guard ----------------------------------------------------------------------------------
def fake_resolver(table):
    def resolve(host):
        if host not in table:
            raise urls.UrlRejected("unresolvable")
        return [ipaddress.ip_address(a) for a in table[host]]
    return resolve


RESOLVE = fake_resolver({"hooks.example.go.id": ["203.0.113.10"], "good.example.com": ["93.184.216.34"],
                         "rebind.example.com": ["93.184.216.34", "10.0.0.5"], "internal.example.com": ["192.168.1.1"],
                         "v6.example.com": ["2606:4700::1111"]})


@pytest.mark.parametrize("url,ok", [
    ("https://good.example.com/hook", True),
    ("https://v6.example.com/hook", True),
    ("http://good.example.com/hook", False),
    ("https://rebind.example.com/hook", False),
    ("https://internal.example.com/hook", False),
    ("https://hooks.example.go.id/x", False),  # 203.0.113.0/24 is documentation space, not global
    ("https://127.0.0.1/x", False), ("https://10.0.0.1/x", False), ("https://172.16.5.4/x", False),
    ("https://169.254.169.254/latest/meta-data", False), ("https://[::1]/x", False), ("https://[fe80::1]/x", False),
    ("https://[::ffff:127.0.0.1]/x", False), ("https://224.0.0.251/x", False), ("https://240.0.0.1/x", False),
    ("https://0.0.0.0/x", False), ("https://100.64.0.1/x", False), ("https://unknown.example.com/x", False),
    ("https://user:pw@good.example.com/x", False), ("ftp://good.example.com/x", False), ("", False),
    ("https:///nohost", False), ("https://good.example.com:99999/x", False),
])
def test_prod_url_guard(url, ok):
    if ok:
        assert urls.check(url, "prod", RESOLVE) == url
    else:
        with pytest.raises(urls.UrlRejected):
            urls.check(url, "prod", RESOLVE)


@pytest.mark.parametrize("url,ok", [("http://127.0.0.1:8123/hook", True), ("https://localhost/x", True),
                                    ("ftp://127.0.0.1/x", False), ("javascript:alert(1)", False)])
def test_non_prod_allows_local_receivers(url, ok):
    if ok:
        assert urls.check(url, "local") == url
    else:
        with pytest.raises(urls.UrlRejected):
            urls.check(url, "test")
