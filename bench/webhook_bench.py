"""Webhook delivery bench: event → receiver latency, retries to success, give-ups to the DLQ.

    .venv/bin/python -m bench.webhook_bench [--events 200]

In-process on moto (``mock_aws``) with a real HTTP receiver on 127.0.0.1: domain events are put
on the deliveries queue, the queue is drained in batches of 10 into the very SQS handler the
Lambda runs (``deliver_webhooks``), and the receiver verifies every request with the official
``standardwebhooks`` package.  Retry delays are set to 0 s so the retry path is measured
without waiting for the production backoff (10 s … 900 s, printed at the end).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGENCY = "pemkot-51.71"


class Receiver:
    """Answers 500 to the first ``fail_first`` tries of each message (or always, if ``fail_always``)."""

    def __init__(self, secret_ref: dict, fail_first: int = 0, fail_always: bool = False) -> None:
        self.arrivals: dict[str, float] = {}
        self.tries: dict[str, int] = {}
        self.bad_signatures = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                from standardwebhooks import Webhook

                now = time.perf_counter()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                try:
                    payload = Webhook(secret_ref["secret"]).verify(body, dict(self.headers.items()))
                except Exception:  # noqa: BLE001
                    outer.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                eid = payload["data"]["event_id"]
                n = outer.tries[eid] = outer.tries.get(eid, 0) + 1
                if fail_always or n <= fail_first:
                    self.send_response(500)
                else:
                    outer.arrivals.setdefault(eid, now)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _event(i: int, tag: str) -> dict:
    return {"event_id": f"evt_{tag}_{i}", "type": "complaint.assigned", "tracking_id": f"BNCH-{i:04d}",
            "occurred_at": "2026-01-01T00:00:00Z", "agency_id": AGENCY,
            "data": {"case": {"tracking_id": f"BNCH-{i:04d}", "agency_id": AGENCY, "status": "assigned"},
                     "action": "route_auto", "role": "system"}}


def _drain(sqs, url: str, handler, until, timeout: float = 120) -> int:
    """Receive batches of 10 and hand them to the handler until ``until()``; returns batches."""
    batches = 0
    deadline = time.time() + timeout
    while not until() and time.time() < deadline:
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not msgs:
            time.sleep(0.01)
            continue
        res = handler({"Records": [{"messageId": m["MessageId"], "body": m["Body"], "eventSource": "aws:sqs"}
                                   for m in msgs]}, None)
        failed = {f["itemIdentifier"] for f in res["batchItemFailures"]}
        for m in msgs:
            if m["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        batches += 1
    return batches


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(n_events: int) -> dict:
    import boto3

    sys.path.insert(0, ROOT)
    from bench.moto_world import fake_env, moto_world

    fake_env(SALUR_STAGE="test", WEBHOOK_RETRY_BASE_SECONDS="0", WEBHOOK_TIMEOUT_SECONDS="2")
    import logging

    logging.disable(logging.INFO)
    out: dict = {}
    with moto_world():
        import app  # noqa: F401 - registers the blueprint
        from chalicelib.adapters import webhook_signing as signing
        from chalicelib.adapters.webhook_store import WebhookStore
        from chalicelib.handlers.queues import deliver_webhooks
        from chalicelib.adapters import webhook_http
        from chalicelib.services import webhook_delivery as delivery
        from chalicelib.services import webhooks as service

        http_ms: list[float] = []
        real_post = webhook_http.http_post

        def timed_post(*a, **k):
            res = real_post(*a, **k)
            http_ms.append(res[1])
            return res

        webhook_http.http_post = timed_post
        sqs = boto3.client("sqs")
        qurl, dlq = os.environ["DELIVERIES_QUEUE_URL"], os.environ["DELIVERIES_DLQ_URL"]

        # 0) signing cost alone
        secret = signing.new_secret()
        body = signing.body_text(signing.payload(_event(0, "sig")))
        t = time.perf_counter()
        for i in range(20000):
            signing.sign_headers([secret], f"msg_{i}", 1700000000, body)
        out["sign_us"] = (time.perf_counter() - t) / 20000 * 1e6

        def scenario(tag: str, fail_first: int = 0, fail_always: bool = False, n: int = n_events):
            for s in WebhookStore().list(AGENCY):
                WebhookStore().delete(AGENCY, s["webhook_id"])
            ref: dict = {}
            rx = Receiver(ref, fail_first, fail_always)
            sub = service.register(AGENCY, rx.url, ["complaint.assigned"])
            ref["secret"] = sub["secret"]
            sent: dict[str, float] = {}
            http_ms.clear()
            t0 = time.perf_counter()
            for i in range(n):
                ev = _event(i, tag)
                sent[ev["event_id"]] = time.perf_counter()
                sqs.send_message(QueueUrl=qurl, MessageBody=json.dumps(ev))
            if fail_always:
                def done():
                    return int(sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
                               ["Attributes"]["ApproximateNumberOfMessages"]) >= n
            else:
                def done():
                    return len(rx.arrivals) >= n
            batches = _drain(sqs, qurl, deliver_webhooks, done)
            wall = time.perf_counter() - t0
            lat = [(rx.arrivals[e] - sent[e]) * 1000 for e in rx.arrivals]
            rx.server.shutdown()
            return {"n": n, "delivered": len(rx.arrivals), "attempts": sum(rx.tries.values()), "batches": batches,
                    "wall_s": wall, "lat_ms": lat, "bad_signatures": rx.bad_signatures, "http_ms": list(http_ms)}

        # one event at a time: the latency a single case change sees (no burst ahead of it)
        for s_ in WebhookStore().list(AGENCY):
            WebhookStore().delete(AGENCY, s_["webhook_id"])
        ref1: dict = {}
        rx1 = Receiver(ref1)
        ref1["secret"] = service.register(AGENCY, rx1.url, ["complaint.assigned"])["secret"]
        single = []
        for i in range(20):
            ev = _event(i, "one")
            t = time.perf_counter()
            sqs.send_message(QueueUrl=qurl, MessageBody=json.dumps(ev))
            _drain(sqs, qurl, deliver_webhooks, lambda: ev["event_id"] in rx1.arrivals, timeout=30)
            single.append((rx1.arrivals[ev["event_id"]] - t) * 1000)
        rx1.server.shutdown()
        out["single"] = single
        out["happy"] = scenario("ok")
        out["flaky"] = scenario("flaky", fail_first=2)
        out["down"] = scenario("down", fail_always=True, n=max(10, n_events // 10))
        parked = 0
        while True:
            msgs = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
            if not msgs:
                break
            parked += len(msgs)
            for m in msgs:
                sqs.delete_message(QueueUrl=dlq, ReceiptHandle=m["ReceiptHandle"])
        out["down"]["dlq"] = parked
        os.environ["WEBHOOK_RETRY_BASE_SECONDS"] = "5"
        out["schedule"] = [delivery.retry_delay(n) for n in range(1, delivery.MAX_ATTEMPTS)]
        out["max_attempts"] = delivery.MAX_ATTEMPTS
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200)
    args = ap.parse_args(argv)
    r = run(args.events)
    print("Webhook bench (moto in-process, receiver on 127.0.0.1, batches of 10, standardwebhooks-verified)")
    print("  note: event→receiver includes queueing behind the whole burst and moto's in-process DynamoDB/SQS,")
    print("        which costs ~50-150 ms per call here (real DynamoDB: single-digit ms)")
    print(f"  signing (HMAC-SHA256, Standard Webhooks headers): {r['sign_us']:.1f} µs/message")
    one = r["single"]
    print(f"  single event (queue → handler → receiver): p50 {_pct(one, 50):.0f} ms, p95 {_pct(one, 95):.0f} ms "
          f"over {len(one)} events")
    for name, label in (("happy", "burst, healthy receiver"), ("flaky", "burst, receiver 500s twice per message")):
        s = r[name]
        lat = s["lat_ms"]
        print(f"  {label}: {s['delivered']}/{s['n']} delivered, {s['attempts']} attempts "
              f"({s['attempts'] / max(1, s['n']):.2f}/event), {s['n'] / s['wall_s']:.0f} events/s, "
              f"event→receiver p50 {_pct(lat, 50):.1f} ms, p95 {_pct(lat, 95):.1f} ms, max {max(lat):.1f} ms, "
              f"bad signatures {s['bad_signatures']}")
        print(f"      HTTP POST alone (sign+send+answer): p50 {_pct(s['http_ms'], 50):.1f} ms, "
              f"p95 {_pct(s['http_ms'], 95):.1f} ms")
    d = r["down"]
    print(f"  receiver down: {d['n']} events → {d['attempts']} attempts ({d['attempts'] / d['n']:.0f}/event), "
          f"{d['dlq']} parked on the DLQ, {d['wall_s']:.1f} s (retry delays zeroed)")
    total = sum(r["schedule"])
    print(f"  production backoff between attempts (s): {r['schedule']} → DLQ after {r['max_attempts']} attempts, "
          f"~{total / 60:.0f} min after the first")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
