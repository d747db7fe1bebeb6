"""Webhooks end to end over real HTTP: `make run`'s system (moto server, chalice local, worker thread).

A complaint filed over HTTP reaches an agency whose system registered a webhook on a localhost
receiver; the receiver verifies the delivery with the official `standardwebhooks` package and
answers by calling Salur back, signed with the same secret (no API key).
"""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from httpclient import http

TARGET = "pemkot-51.71"


class Receiver:
    def __init__(self, port: int = 0) -> None:
        self.secret = None
        self.verified: list[dict] = []
        self.failed = 0
        self.got = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                from standardwebhooks import Webhook

                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                try:
                    payload = Webhook(outer.secret).verify(body, dict(self.headers.items()))
                    outer.verified.append({"payload": payload, "id": self.headers["webhook-id"]})
                    outer.got.set()
                    self.send_response(204)
                except Exception:  # noqa: BLE001
                    outer.failed += 1
                    self.send_response(401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)  # port: on the SSRF test allowlist
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/salur"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, tid: str, type_: str, timeout: float = 20) -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for v in self.verified:
                if v["payload"]["type"] == type_ and v["payload"]["data"].get("tracking_id") == tid:
                    return v
            self.got.wait(0.2)
            self.got.clear()
        raise AssertionError(f"no verified {type_} for {tid}; verified={len(self.verified)} failed={self.failed}")


def test_complaint_reaches_agency_webhook_and_agency_answers_signed(local_run):
    from standardwebhooks import Webhook

    from chalicelib.adapters.api_key_repository import KeyRepository

    base = local_run["url"]
    keys = KeyRepository()
    supervisor = keys.issue(TARGET, "supervisor", "e2e")[1]
    rx = Receiver(local_run["webhook_port"])
    sub: dict = {}
    try:
        status, sub = http("POST", base + "/v1/agency/webhooks",
                           {"url": rx.url, "events": ["complaint.assigned", "complaint.transferred"]},
                           {"X-Api-Key": supervisor})
        assert status == 201, sub
        rx.secret = sub["secret"]

        status, out = http("POST", base + "/v1/complaints", {
            "title": "Jalan berlubang di Jl. Gatot Subroto",
            "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar, sudah banyak pengendara jatuh.",
            "location": {"region_code": "51.71"}, "agency_id": TARGET, "anonymous": True,
            "reporter": {"email": "rahasia@example.com"}})
        assert status == 201, out
        tid = out["tracking_id"]
        # whatever the router decided, bring the case to TARGET the way staff would
        if out["status"] == "awaiting_verification":
            verifier = keys.issue("pemprov-51", "verifier", "e2e")[1]
            status, res = http("POST", f"{base}/v1/complaints/{tid}/disposition", {"agency_id": TARGET},
                               {"X-Api-Key": verifier})
            assert status == 200, res
        elif out["agency"]["id"] != TARGET:
            officer = keys.issue(out["agency"]["id"], "officer", "e2e")[1]
            status, case = http("GET", f"{base}/v1/agency/complaints/{tid}", headers={"X-Api-Key": officer})
            status, res = http("POST", f"{base}/v1/agency/complaints/{tid}/actions",
                               {"action": "transfer", "reason": "kewenangan kota", "target_agency_id": TARGET,
                                "version": case["version"]}, {"X-Api-Key": officer})
            assert status == 200, res

        got = rx.wait_for(tid, "complaint.assigned")
        data = got["payload"]["data"]
        assert data["case"]["agency_id"] == TARGET and "reporter" not in json.dumps(got["payload"])
        assert "rahasia@example.com" not in json.dumps(got["payload"])

        # the agency's system answers: accept the case, signed with its webhook secret
        status, case = http("GET", f"{base}/v1/agency/complaints/{tid}", headers={"X-Api-Key": supervisor})
        assert status == 200 and "reporter" not in case
        body = json.dumps({"action": "accept", "version": case["version"]})
        now = datetime.now(timezone.utc)
        msg_id = f"msg_e2e_{tid}"
        signed = {"webhook-id": msg_id, "webhook-timestamp": str(int(now.timestamp())),
                  "webhook-signature": Webhook(sub["secret"]).sign(msg_id, now, body), "X-Salur-Agency": TARGET}
        status, res = http("POST", f"{base}/v1/agency/complaints/{tid}/actions", body, signed)
        assert status == 200 and res["status"] == "in_progress", res
        status, res = http("POST", f"{base}/v1/agency/complaints/{tid}/actions", body, signed)
        assert status == 409  # a replayed callback is refused

        status, log = http("GET", base + "/v1/agency/webhooks/deliveries", headers={"X-Api-Key": supervisor})
        assert status == 200 and any(d["ok"] and d["tracking_id"] == tid for d in log["items"])
        assert rx.failed == 0
    finally:
        rx.server.shutdown()
        if sub.get("webhook_id"):
            http("DELETE", f"{base}/v1/agency/webhooks/{sub['webhook_id']}", headers={"X-Api-Key": supervisor})
