"""Issue 14 on the real local run: the loop closes by SMS and by email while the deadlines pass (`make sweep`),
and what the run sent can be watched (`make outbox`); a second run on a busy port and ops commands without a
running local AWS say so and change nothing."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from email.message import EmailMessage

from httpclient import http
from test_sms_e2e import post_sms

from chalicelib.domain.clock import parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def officer_key(agency_id="pemkot-51.71"):
    from chalicelib.adapters.api_key_repository import KeyRepository

    return KeyRepository().issue(agency_id, "officer", label="e2e")[1]


def agency_act(base, key, tid, action, **body):
    status, case = http("GET", f"{base}/v1/agency/complaints/{tid}", headers={"X-Api-Key": key})
    assert status == 200, case
    status, out = http("POST", f"{base}/v1/agency/complaints/{tid}/actions",
                       {"action": action, "version": case["version"], **body}, {"X-Api-Key": key})
    assert status == 200, out
    return out


def wait_outbox(predicate, timeout=40):
    from scripts.local_ops import outbox

    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = outbox(limit=200)
        if predicate(text):
            return text
        time.sleep(0.5)
    raise AssertionError(text[-2000:])


def sweep_past(tid, hours=1):
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from datetime import timedelta

    from scripts.local_ops import sweep

    due = parse(ComplaintRepository().get(tid)["due_at"])
    return sweep(due + timedelta(hours=hours))["sweep_overdue"]


def test_sms_loop_with_a_sweep_on_the_local_run(local_run):
    base = local_run["url"]
    sender = f"0812{uuid.uuid4().int % 10**8:08d}"
    phone = "+62" + sender[1:]
    status, out = post_sms(base, "LAPOR lampu jalan mati total di Jl. Teuku Umar Kota Denpasar sejak dua minggu",
                           sender)
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", out["reply"]).group(1)
    assert sweep_past(tid)["overdue"] >= 1
    text = wait_outbox(lambda t: f"to {phone}: Laporan {tid} dieskalasi ke Atasan / Inspektorat" in t)
    assert text.index(f"Laporan {tid} dieskalasi") < text.index(f"Laporan {tid} telah diteruskan")  # newest first
    key = officer_key()
    agency_act(base, key, tid, "request_info", message="Tiang lampu nomor berapa?")
    _, out = post_sms(base, f"INFO {tid} tiang nomor 12 depan toko roti", sender)
    assert "diteruskan ke Pemerintah Kota Denpasar" in out["reply"]
    agency_act(base, key, tid, "respond", message="Lampu sudah diganti.")
    _, out = post_sms(base, f"NILAI {tid} 5", sender)
    assert "nilai 5" in out["reply"]
    _, view = http("GET", f"{base}/v1/complaints/{tid}")
    assert view["status"] == "completed"


def test_email_loop_with_a_reply_thread_on_the_local_run(local_run):
    base = local_run["url"]
    sender = f"warga{uuid.uuid4().hex[:8]}@example.com"

    def mail(subject, text):
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = f"Warga <{sender}>", "lapor@salur.go.id", subject
        msg["Message-ID"] = f"<{uuid.uuid4().hex}@example.com>"
        msg.set_content(text)
        req = urllib.request.Request(base + "/v1/channels/email", data=msg.as_bytes(), method="POST",
                                     headers={"Content-Type": "message/rfc822", "X-Salur-Mail-Token": "local-mail-token"})
        import json

        with urllib.request.urlopen(req, timeout=15) as res:
            return json.loads(res.read())

    out = mail("Lampu jalan mati", "Lampu jalan di Jl. Teuku Umar Kota Denpasar mati total sejak dua minggu.")
    tid = out["tracking_id"]
    wait_outbox(lambda t: f"to {sender}: Laporan {tid} diterima" in t)
    sweep_past(tid)
    wait_outbox(lambda t: f"to {sender}: Laporan {tid} dieskalasi" in t)
    key = officer_key()
    agency_act(base, key, tid, "request_info", message="Di depan nomor berapa?")
    out = mail(f"Re: Laporan {tid} diterima", "Di depan rumah nomor 12, dekat warung.")
    assert out["status"] == "added" and out["tracking_id"] == tid
    wait_outbox(lambda t: f"to {sender}: Re: Laporan {tid}" in t)
    agency_act(base, key, tid, "respond", message="Lampu sudah diganti.")
    out = mail(f"Re: Tanggapan atas laporan {tid}", "TERIMA")
    assert out["status"] == "added"
    out = mail(f"Re: Laporan {tid} selesai", "NILAI 4")
    _, view = http("GET", f"{base}/v1/complaints/{tid}")
    assert view["status"] == "completed" and out["status"] == "added"


def test_a_second_run_on_a_busy_port_stops_and_leaves_the_first_alone(local_run):
    port = local_run["url"].rsplit(":", 1)[1]
    env_file = os.path.join(ROOT, ".salur-local.env")
    before = open(env_file, encoding="utf-8").read() if os.path.exists(env_file) else None
    res = subprocess.run([sys.executable, "-m", "scripts.local_run"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, PORT=port))
    assert res.returncode == 2 and f"Port {port} is already in use" in res.stderr
    after = open(env_file, encoding="utf-8").read() if os.path.exists(env_file) else None
    assert before == after
    status, health = http("GET", local_run["url"] + "/v1/health")
    assert status == 200 and health["status"] == "ok"


def test_ops_commands_without_a_running_local_aws_say_so_in_one_line():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    env = dict(os.environ, AWS_ENDPOINT_URL=f"http://127.0.0.1:{dead}")
    for args in (["scripts.local_ops", "outbox"], ["scripts.local_ops", "sweep", "--at", "2026-12-20T09:00+07:00"],
                 ["scripts.keys", "issue", "--agency", "pemkot-51.71", "--role", "officer"]):
        res = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                             env=env)
        assert res.returncode == 3, (args, res.stderr)
        assert res.stdout == "" and len(res.stderr.strip().splitlines()) == 1 and "make run" in res.stderr
