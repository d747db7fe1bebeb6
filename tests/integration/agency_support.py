"""Shared helpers for the agency tests: keys, cases placed at a chosen agency, HTTP calls."""
from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

A = "pemkot-51.71"     # the case's agency (Bali)
B = "pemkab-51.03"     # another agency, same province
C = "pemkot-31.71"     # an agency in another province (DKI)

_keys: dict[tuple[str, str, str], str] = {}


def key(agency_id: str, role: str) -> str:
    """A plaintext API key for (agency, role), issued once per moto world (one per test module)."""
    from chalicelib import config
    from chalicelib.adapters.api_key_repository import KeyRepository

    slot = (config.agencies_table(), agency_id, role)
    if slot not in _keys:
        _keys[slot] = KeyRepository().issue(agency_id, role, label="test")[1]
    return _keys[slot]


def hdr(agency_id: str | None = None, role: str | None = None, **extra) -> dict:
    h = {"Content-Type": "application/json"}
    if agency_id:
        h["X-Api-Key"] = key(agency_id, role)
    h.update(extra)
    return h


def make_case(agency_id: str | None = A, province: str = "51", *, verify: bool = False, anonymous: bool = False,
              kind: str = "complaint", title: str = "Jalan rusak di depan pasar", publish: bool = True,
              routed_to: str | None = None, confidential: bool = False) -> dict:
    """Store a case as intake would, routed to ``agency_id`` (or to verification), without the router.

    ``publish=False``: the events consumer of the tests skips the stream past it (its events count as handled)."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.identifiers import new_access_code, new_tracking_id
    from chalicelib.services import intake

    data = {"title": title, "body": "Jalan berlubang besar sudah tiga bulan, sering terjadi kecelakaan motor.",
            "kind": kind, "reporter": {"name": "Made", "email": "made@example.com", "phone": "+6281234567890"},
            "anonymous": anonymous, "confidential": confidential, "channel": "web"}
    region_code = {"51": "51.71", "31": "31.71"}.get(province, province + ".01")
    decision = SimpleNamespace(agency_id=routed_to or agency_id or A, confidence=0.5 if verify else 0.9,
                               region={"code": region_code, "province_code": province, "level": "city"},
                               matter={"id": "roads"}, tags=[], reasons=[], candidates=[],
                               needs_verification=verify)
    repo = ComplaintRepository()
    case, timeline, outbox = intake.new_case(data, decision, utcnow() - timedelta(seconds=1), new_tracking_id(),
                                             new_access_code())
    repo.create(case, timeline, outbox)
    if not publish:  # as if its events had been delivered already: the events consumer reads past them
        from stream_support import skip

        skip("deliver_events")
    return repo.get(case["tracking_id"])


def act(client, tid, body, agency_id=A, role="officer", headers=None):
    h = hdr(agency_id, role, **(headers or {}))
    return client.http.post(f"/v1/agency/complaints/{tid}/actions", headers=h, body=json.dumps(body))


def version(tid) -> int:
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    return int(ComplaintRepository().get(tid)["version"])


def purge(url: str) -> None:
    import boto3

    sqs = boto3.client("sqs")
    while True:
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not msgs:
            return
        for m in msgs:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def receive_all(url: str) -> list[dict]:
    """Take (and delete) every visible message; returns Lambda-shaped records."""
    import boto3

    sqs = boto3.client("sqs")
    out = []
    while True:
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not msgs:
            return out
        for m in msgs:
            out.append({"messageId": m["MessageId"], "body": m["Body"]})
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


class Receiver:
    """A real HTTP receiver on 127.0.0.1 that records requests and answers from a script of statuses.

    ``script``: list of ints (status codes) or "sleep" (answer after ``sleep`` seconds); the last
    entry repeats.
    """

    def __init__(self, script=(200,), sleep: float = 2.0) -> None:
        self.script = list(script)
        self.sleep = sleep
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                with outer.lock:
                    n = len(outer.requests)
                    outer.requests.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                           "body": body, "path": self.path})
                    step = outer.script[min(n, len(outer.script) - 1)]
                if step == "sleep":
                    import time

                    time.sleep(outer.sleep)
                    step = 200
                try:
                    self.send_response(step)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        allow_receiver(self.url)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def verified(self, secret: str) -> list[dict]:
        """Payloads of the requests whose signature the official standardwebhooks package accepts."""
        from standardwebhooks import Webhook

        out = []
        for r in self.requests:
            out.append(Webhook(secret).verify(r["body"], r["headers"]))
        return out


def allow_receiver(url: str) -> None:
    """Put a receiver on this machine on the SSRF guard's test allowlist (honoured in local/test stages only)."""
    import os
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    entries = [e for e in os.environ.get("WEBHOOK_TEST_ALLOWLIST", "").split(",") if e]
    os.environ["WEBHOOK_TEST_ALLOWLIST"] = ",".join(entries + [f"{parts.hostname}:{parts.port}"])
