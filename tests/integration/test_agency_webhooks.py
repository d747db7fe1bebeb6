"""Webhooks out (register, deliver, retry, DLQ, log, redeliver, rotate) and signed callbacks in."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
from agency_support import A, B, C, Receiver, act, hdr, make_case, receive_all, version

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch, aws):
    """Retries without delay, 1 s timeouts, and no subscriptions left over at the test agencies."""
    monkeypatch.setenv("WEBHOOK_RETRY_BASE_SECONDS", "0")
    monkeypatch.setenv("WEBHOOK_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", "127.0.0.1:9")  # the discard port: registered, never answers
    _forget_webhooks()
    receive_all(aws["DELIVERIES_QUEUE_URL"])
    from stream_support import skip

    skip("deliver_events")
    yield
    _forget_webhooks()


def _forget_webhooks():
    from chalicelib.adapters.webhook_store import WebhookStore

    store = WebhookStore()
    for agency in (A, B, C):
        for s in store.list(agency):
            store.delete(agency, s["webhook_id"])


def register(client, url, events=("complaint.assigned",), agency_id=A, role="supervisor"):
    res = client.http.post("/v1/agency/webhooks", headers=hdr(agency_id, role),
                           body=json.dumps({"url": url, "events": list(events), "description": "SIMPEL"}))
    assert res.status_code == 201, res.body
    return res.json_body


def pump(aws, webhook_ids, rounds: int = 20) -> int:
    """Feed the stream's events (of these webhooks' agencies) to the events consumer and the deliveries queue's
    attempts for these webhooks to its handler, until both are quiet."""
    from stream_support import invoke, messages, records

    from chalicelib.adapters.webhook_store import WebhookStore
    from chalicelib.handlers.queues import deliver_webhooks

    agencies = {s["agency_id"] for s in _subs(webhook_ids, WebhookStore())}

    def ours(rec) -> bool:
        return any(m.get("agency_id") in agencies or (m.get("data") or {}).get("from_agency_id") in agencies
                   for m in messages([rec]))

    handled = 0
    for _ in range(rounds):
        events = [r for r in records("deliver_events") if ours(r)]
        if events:
            assert invoke("deliver_events", events) == []
        attempts = []
        for r in receive_all(aws["DELIVERIES_QUEUE_URL"]):
            msg = json.loads(r["body"])
            if msg.get("webhook_id") in webhook_ids or (msg.get("kind") is None and (
                    msg.get("agency_id") in agencies or (msg.get("data") or {}).get("from_agency_id") in agencies)):
                attempts.append({**r, "eventSource": "aws:sqs"})
        if attempts:
            res = deliver_webhooks({"Records": attempts}, None)
            assert res == {"batchItemFailures": []}
        if not events and not attempts:
            return handled
        handled += len(events) + len(attempts)
    return handled


def _subs(ids, store):
    out = []
    for agency in (A, B, C):
        out += [s for s in store.list(agency) if s["webhook_id"] in ids]
    return out


def cleanup(client, *subs):
    for s in subs:
        client.http.delete(f"/v1/agency/webhooks/{s['webhook_id']}?agency_id={s['agency_id']}",
                           headers=hdr("kemenpanrb", "admin"))


# -- registration -------------------------------------------------------------------------------
def test_register_list_delete(client):
    sub = register(client, "http://127.0.0.1:9/hook", ("complaint.assigned", "complaint.escalated"))
    assert sub["secret"].startswith("whsec_") and sub["events"] == ["complaint.assigned", "complaint.escalated"]
    listed = client.http.get("/v1/agency/webhooks", headers=hdr(A, "officer")).json_body["items"]
    mine = [w for w in listed if w["webhook_id"] == sub["webhook_id"]][0]
    assert "secret" not in mine and sub["secret"] not in json.dumps(listed)
    assert client.http.delete(f"/v1/agency/webhooks/{sub['webhook_id']}", headers=hdr(A, "supervisor")).status_code == 204
    assert client.http.delete(f"/v1/agency/webhooks/{sub['webhook_id']}", headers=hdr(A, "supervisor")).status_code == 404
    assert client.http.delete("/v1/agency/webhooks/zzz", headers=hdr(A, "supervisor")).status_code == 404


def test_another_agency_cannot_touch_my_webhook(client):
    sub = register(client, "http://127.0.0.1:9/hook")
    assert client.http.delete(f"/v1/agency/webhooks/{sub['webhook_id']}", headers=hdr(B, "supervisor")).status_code == 404
    assert client.http.post(f"/v1/agency/webhooks/{sub['webhook_id']}/rotate-secret",
                            headers=hdr(B, "supervisor")).status_code == 404
    assert client.http.get(f"/v1/agency/webhooks?agency_id={A}", headers=hdr(B, "supervisor")).status_code == 403
    cleanup(client, sub)


@pytest.mark.parametrize("body,field", [
    ({"url": "ftp://example.com/x", "events": ["complaint.assigned"]}, "url"),
    ({"url": "http://user:pw@127.0.0.1/x", "events": ["complaint.assigned"]}, "url"),
    ({"url": "http://127.0.0.1:99999/x", "events": ["complaint.assigned"]}, "url"),
    ({"url": "https://example.com/x", "events": ["complaint.everything"]}, "events.0"),
    ({"url": "https://example.com/x", "events": []}, "events"),
    ({"url": "https://example.com/x"}, "events"),
])
def test_register_validation(client, body, field):
    res = client.http.post("/v1/agency/webhooks", headers=hdr(A, "supervisor"), body=json.dumps(body))
    assert res.status_code == 422, res.body
    assert field in res.json_body["error"]["fields"]


@pytest.mark.parametrize("stage", ["prod", "dev", "local"])
@pytest.mark.parametrize("url", ["http://example.com/x", "https://127.0.0.1/x", "https://10.1.2.3/x",
                                 "https://169.254.169.254/latest", "https://[::1]/x", "https://[::ffff:10.0.0.1]/x",
                                 "https://224.0.0.1/x", "https://localhost/x", "https://0.0.0.0/x",
                                 "http://127.0.0.1:8123/hook", "https://0x7f000001/x", "https://2130706433/x",
                                 "https://[::ffff:127.0.0.1]/x", "https://[2002:7f00:1::]/x", "http://\u0000/",
                                 "https://example.com:22/x"])
def test_every_stage_accepts_only_public_https(client, monkeypatch, url, stage):
    """Issue 17 #10: one SSRF guard in every stage (dev and local accepted loopback, odd encodings, any port)."""
    monkeypatch.setattr("chalicelib.config.stage", lambda: stage)  # the test Client re-applies the stage's env
    monkeypatch.setenv("SALUR_PEPPER", "local-development-pepper")  # deployed stages have one (same keys here)
    res = client.http.post("/v1/agency/webhooks", headers=hdr(A, "supervisor"),
                           body=json.dumps({"url": url, "events": ["complaint.assigned"]}))
    assert res.status_code == 422 and res.json_body["error"]["code"] == "webhook_url_rejected", res.body


def test_the_test_call_is_no_port_scanner_nor_reaches_local_aws(client, monkeypatch, aws):
    """A registered name that later resolves to loopback (or the local AWS endpoint) is refused at delivery."""
    from chalicelib.adapters import webhook_urls as urls
    from chalicelib.adapters.webhook_store import WebhookStore

    sub = register(client, "https://hooks.example.com/salur")  # does not resolve here: may register
    store = WebhookStore()
    for url in ("https://hooks.example.com/salur", "http://127.0.0.1:5000/", "https://127.0.0.1:22/"):
        stored = store.get(A, sub["webhook_id"])
        store.put({**stored, "url": url})  # as if DNS now pointed at loopback, or the row were edited
        monkeypatch.setattr(urls, "resolve", lambda host: [__import__("ipaddress").ip_address("127.0.0.1")])
        res = client.http.post(f"/v1/agency/webhooks/{sub['webhook_id']}/test", headers=hdr(A, "supervisor"))
        assert res.status_code == 200 and res.json_body["error"].startswith("url_rejected"), res.body
        assert res.json_body["status_code"] is None


# -- delivery -----------------------------------------------------------------------------------
def test_assigned_event_is_delivered_signed_and_privacy_safe(client, aws):
    with Receiver() as rx:
        sub = register(client, rx.url, ("complaint.assigned",))
        case = make_case(A, anonymous=True)
        pump(aws, {sub["webhook_id"]})
        payloads = rx.verified(sub["secret"])
        cleanup(client, sub)
    mine = [p for p in payloads if p["data"].get("tracking_id") == case["tracking_id"]]
    assert len(mine) == 1
    p = mine[0]
    assert p["type"] == "complaint.assigned" and p["data"]["case"]["agency_id"] == A
    assert p["timestamp"] and p["data"]["event_id"]
    raw = rx.requests[-1]["body"]
    for secret in ("made@example.com", "6281234567890", "Made", "private", "access_code", "reporter"):
        assert secret not in raw
    assert rx.requests[0]["headers"]["webhook-id"].startswith("msg_")


def test_retries_after_500_with_the_same_webhook_id(client, aws):
    with Receiver([500, 503, 200]) as rx:
        sub = register(client, rx.url)
        make_case(A)
        pump(aws, {sub["webhook_id"]})
        payloads = rx.verified(sub["secret"])
        cleanup(client, sub)
    assert len(payloads) == 3
    assert len({r["headers"]["webhook-id"] for r in rx.requests}) == 1
    log = client.http.get(f"/v1/agency/webhooks/deliveries?webhook_id={sub['webhook_id']}",
                          headers=hdr(A, "officer")).json_body["items"]
    assert [(d["attempt"], d["status_code"], d["ok"]) for d in log] == [(3, 200, True), (2, 503, False), (1, 500, False)]
    assert all("body" not in d and "secret" not in d and d["latency_ms"] >= 0 for d in log)


def test_retries_after_timeout(client, aws):
    with Receiver(["sleep", 200], sleep=2.0) as rx:
        sub = register(client, rx.url)
        make_case(A)
        pump(aws, {sub["webhook_id"]})
        cleanup(client, sub)
        assert len(rx.verified(sub["secret"])) == 2
    log = client.http.get(f"/v1/agency/webhooks/deliveries?webhook_id={sub['webhook_id']}",
                          headers=hdr(A, "officer")).json_body["items"]
    assert [d.get("error") for d in reversed(log)] == ["timeout", None]


def test_gives_up_to_the_dlq_after_the_last_attempt(client, aws, monkeypatch):
    from chalicelib.services import webhook_delivery as delivery

    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 3)
    receive_all(aws["DELIVERIES_DLQ_URL"])
    with Receiver([500]) as rx:
        sub = register(client, rx.url)
        make_case(A)
        pump(aws, {sub["webhook_id"]})
        cleanup(client, sub)
    assert len(rx.requests) == 3
    parked = [json.loads(r["body"]) for r in receive_all(aws["DELIVERIES_DLQ_URL"])]
    mine = [m for m in parked if m.get("webhook_id") == sub["webhook_id"]]
    assert len(mine) == 1 and mine[0]["attempt"] == 3 and mine[0]["gave_up_at"]


def test_backoff_schedule(monkeypatch):
    from chalicelib.services.webhook_delivery import retry_delay

    monkeypatch.setenv("WEBHOOK_RETRY_BASE_SECONDS", "5")
    assert [retry_delay(n) for n in range(1, 9)] == [10, 20, 40, 80, 160, 320, 640, 900]


def test_poison_message_fails_alone(client, aws):
    from chalicelib.handlers.queues import deliver_webhooks

    good = json.dumps({"event_id": "evt_x", "type": "complaint.assigned", "agency_id": "pemkab-11.01",
                       "tracking_id": "AAAA-BBBB", "data": {}})
    res = deliver_webhooks({"Records": [{"messageId": "bad", "body": "{not json"},
                                        {"messageId": "bad2", "body": "[1,2]"},
                                        {"messageId": "ok", "body": good}]}, None)
    assert res == {"batchItemFailures": [{"itemIdentifier": "bad"}, {"itemIdentifier": "bad2"}]}


def test_sqs_handler_via_lambda_invoke(client, aws):
    event = client.events.generate_sqs_event(queue_name="salur-deliveries", message_bodies=["garbage"])
    out = client.lambda_.invoke("deliver_webhooks", event)
    assert len(out.payload["batchItemFailures"]) == 1


def test_transfer_notifies_old_and_new_agency(client, aws):
    with Receiver() as rx_a, Receiver() as rx_b:
        sub_a = register(client, rx_a.url, ("complaint.transferred",), A)
        sub_b = register(client, rx_b.url, ("complaint.transferred", "complaint.assigned"), B)
        tid = make_case(A)["tracking_id"]
        res = act(client, tid, {"action": "transfer", "reason": "kewenangan kabupaten", "target_agency_id": B,
                                "version": version(tid)})
        assert res.status_code == 200
        pump(aws, {sub_a["webhook_id"], sub_b["webhook_id"]})
        got_a = [p for p in rx_a.verified(sub_a["secret"]) if p["data"]["tracking_id"] == tid]
        got_b = [p for p in rx_b.verified(sub_b["secret"]) if p["data"]["tracking_id"] == tid]
        cleanup(client, sub_a, sub_b)
    assert [p["type"] for p in got_a] == ["complaint.transferred"]
    assert sorted(p["type"] for p in got_b) == ["complaint.assigned", "complaint.transferred"]
    assert got_a[0]["data"]["from_agency_id"] == A and got_a[0]["data"]["to_agency_id"] == B


def test_test_event_rotate_secret_and_redeliver(client, aws):
    from standardwebhooks import Webhook

    with Receiver() as rx:
        sub = register(client, rx.url)
        res = client.http.post(f"/v1/agency/webhooks/{sub['webhook_id']}/test", headers=hdr(A, "supervisor"))
        assert res.status_code == 200 and res.json_body["ok"] is True and res.json_body["status_code"] == 200
        assert rx.verified(sub["secret"])[0]["type"] == "webhook.test"

        rot = client.http.post(f"/v1/agency/webhooks/{sub['webhook_id']}/rotate-secret", headers=hdr(A, "supervisor"))
        assert rot.status_code == 200 and rot.json_body["secret"] != sub["secret"]
        new_secret = rot.json_body["secret"]
        client.http.post(f"/v1/agency/webhooks/{sub['webhook_id']}/test", headers=hdr(A, "supervisor"))
        last = rx.requests[-1]
        Webhook(new_secret).verify(last["body"], last["headers"])
        Webhook(sub["secret"]).verify(last["body"], last["headers"])  # grace period: both sign

        log = client.http.get("/v1/agency/webhooks/deliveries", headers=hdr(A, "officer")).json_body["items"]
        first = [d for d in log if d["webhook_id"] == sub["webhook_id"]][-1]
        red = client.http.post(f"/v1/agency/webhooks/deliveries/{first['delivery_id']}/redeliver",
                               headers=hdr(A, "supervisor"))
        assert red.status_code == 202, red.body
        n = len(rx.requests)
        pump(aws, {sub["webhook_id"]})
        assert len(rx.requests) == n + 1
        assert rx.requests[-1]["headers"]["webhook-id"] == first["msg_id"]
        Webhook(new_secret).verify(rx.requests[-1]["body"], rx.requests[-1]["headers"])
        cleanup(client, sub)
    assert client.http.post("/v1/agency/webhooks/deliveries/dlv_nope/redeliver",
                            headers=hdr(A, "supervisor")).status_code == 404
    assert client.http.post(f"/v1/agency/webhooks/deliveries/{first['delivery_id']}/redeliver",
                            headers=hdr(B, "supervisor")).status_code == 404
    assert client.http.get("/v1/agency/webhooks/deliveries?cursor=zz", headers=hdr(A, "officer")).status_code == 400


def test_prod_rechecks_the_url_at_delivery_time(client, aws, monkeypatch):
    with Receiver() as rx:
        sub = register(client, rx.url)
        monkeypatch.setattr("chalicelib.config.stage", lambda: "prod")
        monkeypatch.setenv("SALUR_PEPPER", "local-development-pepper")
        from chalicelib.adapters import webhook_signing as signing
        from chalicelib.services import webhook_delivery as delivery

        event = {"event_id": "evt_ssrf", "type": "complaint.assigned", "agency_id": A, "tracking_id": "AAAA-BBBB",
                 "occurred_at": "2026-01-01T00:00:00Z", "data": {}}
        record = delivery.attempt(delivery.attempt_message(event, {**sub, "agency_id": A}))
        cleanup(client, sub)
    assert rx.requests == [] and record["ok"] is False and record["error"].startswith("url_rejected")
    assert signing.message_id("evt_ssrf", sub["webhook_id"]) == record["msg_id"]


def test_redirects_are_not_followed(client):
    from chalicelib.adapters import webhook_urls as urls
    from chalicelib.adapters.webhook_http import http_post

    with Receiver([302]) as rx:
        status, _, error = http_post(urls.resolve_target(rx.url, "test"), "{}", {"Content-Type": "application/json"}, 2)
    assert status == 302 and error == "http_302"


# -- signed callbacks in -------------------------------------------------------------------------
def _signed(secret, body: str, msg_id="msg_cb_" + str(time.time_ns()), ts=None, agency=A, webhook=None):
    from standardwebhooks import Webhook

    ts = ts or datetime.now(timezone.utc)
    h = {"Content-Type": "application/json", "webhook-id": msg_id, "webhook-timestamp": str(int(ts.timestamp())),
         "webhook-signature": Webhook(secret).sign(msg_id, ts, body), "X-Salur-Agency": agency}
    if webhook:
        h["X-Salur-Webhook"] = webhook
    return h


def test_signed_callback_acts_as_officer(client):
    sub = register(client, "http://127.0.0.1:9/hook")
    tid = make_case(A, publish=False)["tracking_id"]
    url = f"/v1/agency/complaints/{tid}/actions"
    body = json.dumps({"action": "accept", "version": version(tid)})
    h = _signed(sub["secret"], body, msg_id=f"msg_{tid}_1")
    res = client.http.post(url, headers=h, body=body)
    assert res.status_code == 200, res.body
    replay = client.http.post(url, headers=h, body=body)
    assert replay.status_code == 409 and replay.json_body["error"]["code"] == "replayed_message"
    view = client.http.get(f"/v1/agency/complaints/{tid}", headers=hdr(A, "officer")).json_body
    assert view["timeline"][-1]["actor"] == {"agency_id": A, "role": "officer", "key_id": f"webhook:{sub['webhook_id']}"}
    # the named webhook's secret works too
    body2 = json.dumps({"action": "note", "note": "dari sistem", "version": version(tid)})
    ok = client.http.post(url, headers=_signed(sub["secret"], body2, f"msg_{tid}_2", webhook=sub["webhook_id"]),
                          body=body2)
    assert ok.status_code == 200
    cleanup(client, sub)


def test_signed_callback_rejections(client):
    from datetime import timedelta

    sub = register(client, "http://127.0.0.1:9/hook")
    tid = make_case(A, publish=False)["tracking_id"]
    url = f"/v1/agency/complaints/{tid}/actions"
    body = json.dumps({"action": "accept", "version": version(tid)})
    other_secret = "whsec_" + "QUJD" * 8
    cases = {
        "wrong secret": _signed(other_secret, body, "msg_r1"),
        "old": _signed(sub["secret"], body, "msg_r2", ts=datetime.now(timezone.utc) - timedelta(minutes=6)),
        "future": _signed(sub["secret"], body, "msg_r3", ts=datetime.now(timezone.utc) + timedelta(minutes=6)),
        "unknown agency": _signed(sub["secret"], body, "msg_r4", agency="nope"),
        "agency w/o webhooks": _signed(sub["secret"], body, "msg_r5", agency="pemkab-94.01"),
        "wrong webhook": _signed(sub["secret"], body, "msg_r6", webhook="wh_0000000000000000"),
    }
    for name, h in cases.items():
        res = client.http.post(url, headers=h, body=body)
        assert res.status_code == 401, name
    tampered = _signed(sub["secret"], body, "msg_r7")
    assert client.http.post(url, headers=tampered, body=body.replace("accept", "reject")).status_code == 401
    garbage = {**_signed(sub["secret"], body, "msg_r8"), "webhook-signature": "v1,@@@ v2,xx nonsense"}
    assert client.http.post(url, headers=garbage, body=body).status_code == 401
    # a correctly signed call for a case of another agency is a 404
    other = make_case(C, "31", publish=False)["tracking_id"]
    b2 = json.dumps({"action": "accept", "version": version(other)})
    assert client.http.post(f"/v1/agency/complaints/{other}/actions", headers=_signed(sub["secret"], b2, "msg_r9"),
                            body=b2).status_code == 404
    assert version(tid) == json.loads(body)["version"]
    cleanup(client, sub)


def test_a_rotated_secret_no_longer_signs_callbacks(client):
    """Issue 17: rotating a (leaked) secret ends its power to act for the agency at once; it only keeps
    co-signing Salur's own deliveries for 24 h, so receivers can switch."""
    sub = register(client, "http://127.0.0.1:9/hook")
    tid = make_case(A, publish=False)["tracking_id"]
    url = f"/v1/agency/complaints/{tid}/actions"
    rot = client.http.post(f"/v1/agency/webhooks/{sub['webhook_id']}/rotate-secret", headers=hdr(A, "supervisor"))
    assert rot.status_code == 200
    body = json.dumps({"action": "accept", "version": version(tid)})
    old = client.http.post(url, headers=_signed(sub["secret"], body, f"msg_{tid}_old"), body=body)
    assert old.status_code == 401 and version(tid) == json.loads(body)["version"]
    new = client.http.post(url, headers=_signed(rot.json_body["secret"], body, f"msg_{tid}_new"), body=body)
    assert new.status_code == 200, new.body
    cleanup(client, sub)


@pytest.mark.parametrize("path,method", [
    ("/v1/agency/webhooks/wh_" + "a" * 2000, "delete"),
    ("/v1/agency/webhooks/wh_" + "a" * 2000 + "/test", "post"),
    ("/v1/agency/webhooks/wh_%00/rotate-secret", "post"),
    ("/v1/agency/webhooks/deliveries/dlv_" + "9" * 2000 + "/redeliver", "post"),
    ("/v1/agency/complaints/" + "A" * 3000, "get"),
    ("/v1/admin/keys/" + "f" * 3000, "delete"),
])
def test_junk_ids_are_404_never_500(client, path, method):
    role = ("kemenpanrb", "admin") if "admin" in path else (A, "supervisor")
    res = getattr(client.http, method)(path, headers=hdr(*role))
    assert res.status_code == 404, res.body


def test_junk_callback_headers_never_500(client):
    tid = make_case(A, publish=False)["tracking_id"]
    body = json.dumps({"action": "accept", "version": 1})
    for extra in ({"X-Salur-Webhook": "wh_" + "b" * 3000}, {"webhook-id": "x" * 5000}, {"webhook-timestamp": "1e99"}):
        h = {"Content-Type": "application/json", "webhook-id": "m", "webhook-timestamp": str(int(time.time())),
             "webhook-signature": "v1,AAAA", "X-Salur-Agency": A, **extra}
        assert client.http.post(f"/v1/agency/complaints/{tid}/actions", headers=h, body=body).status_code == 401
