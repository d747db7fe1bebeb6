"""Every door closes the loop (issue 14): on SMS, chat and email the reporter answers a request for information,
accepts or rejects the answer and rates it, only on a case filed from that number or address."""
from __future__ import annotations

import re
import uuid

import pytest
from agency_support import act, version
from channels_support import purge, sent_emails, sms
from test_channels_chat_email import chat, mime, wa_payload, wa_text
from test_channels_email_http import post_raw

from chalicelib.adapters.complaint_repository import ComplaintRepository

REPORT = "LAPOR lampu jalan mati total di Jl. Teuku Umar Kota Denpasar sejak dua minggu, gelap dan rawan"
AGENCY = "pemkot-51.71"


@pytest.fixture
def quiet(aws):
    purge("notifications")
    yield
    purge("notifications")


def tid_of(text):
    return re.search(r"([0-9A-Z]{4}-[0-9A-Z]{4})", text).group(1)


def case(tid):
    return ComplaintRepository().get(tid)


def agency(client, tid, action, **body):
    res = act(client, tid, {"action": action, "version": version(tid), **body}, AGENCY, "officer")
    assert res.status_code == 200, res.body
    return res.json_body


def test_sms_reporter_answers_info_accepts_and_rates(client, quiet):
    phone = f"08129{uuid.uuid4().int % 10**6:06d}"
    reply = sms(client, REPORT, sender=phone).json_body["reply"]
    tid = tid_of(reply)
    assert case(tid)["title"].startswith("lampu jalan mati total di Jl. Teuku Umar Kota Denpasar")  # place kept
    agency(client, tid, "request_info", message="Tiang nomor berapa?")
    # a stranger's number cannot act on it, and hears nothing of it
    stranger = sms(client, f"INFO {tid} tiang nomor 12", sender="081200000001").json_body["reply"]
    assert "tidak ditemukan" in stranger and case(tid)["status"] == "needs_info"
    out = sms(client, f"INFO {tid} tiang nomor 12 depan toko", sender=phone).json_body["reply"]
    assert "diteruskan ke Pemerintah Kota Denpasar" in out and case(tid)["status"] == "assigned"
    assert "needs_info" not in out
    agency(client, tid, "respond", message="Lampu sudah diganti.")
    out = sms(client, f"NILAI {tid} 4", sender=phone).json_body["reply"]
    assert "nilai 4" in out
    stored = case(tid)
    assert (stored["status"], stored["rating"]) == ("completed", 4)
    again = sms(client, f"RATE {tid} 5", sender=phone).json_body["reply"]
    assert "does not apply now" in again and case(tid)["rating"] == 4


def test_plain_sms_reply_answers_the_one_case_waiting(client, quiet):
    phone = f"08127{uuid.uuid4().int % 10**6:06d}"
    tid = tid_of(sms(client, REPORT, sender=phone).json_body["reply"])
    agency(client, tid, "request_info", message="Sejak kapan?")
    out = sms(client, "sejak tanggal 1 bulan ini, dua tiang", sender=phone).json_body["reply"]
    assert tid in out and case(tid)["status"] == "assigned"
    timeline = ComplaintRepository().timeline(tid)
    assert any(e["action"] == "provide_info" and "dua tiang" in (e["public_message"] or "") for e in timeline)
    # nothing waiting: the help text, with the reporter's commands
    assert "INFO" in sms(client, "halo", sender=phone).json_body["reply"]


def test_sms_reject_reopens_and_says_who_handles_it(client, quiet):
    phone = f"08128{uuid.uuid4().int % 10**6:06d}"
    tid = tid_of(sms(client, REPORT, sender=phone).json_body["reply"])
    agency(client, tid, "respond", message="Sudah diperbaiki.")
    assert "alasan" in sms(client, f"TOLAK {tid}", sender=phone).json_body["reply"]  # the reason is asked for
    out = sms(client, f"TOLAK {tid} masih mati sampai malam ini", sender=phone).json_body["reply"]
    assert "dibuka kembali" in out and "Ditangani Atasan / Inspektorat Pemerintah Kota Denpasar sampai" in out
    assert case(tid)["status"] == "reopened"


def test_chat_commands_in_english(client, quiet):
    sender = f"62813{uuid.uuid4().int % 10**7:07d}"
    tid = tid_of(chat(client, wa_payload(wa_text(REPORT, sender=sender))).json_body["replies"][0]["text"])
    agency(client, tid, "respond", message="Fixed.")
    out = chat(client, wa_payload(wa_text(f"ACCEPT {tid}", sender=sender))).json_body["replies"][0]["text"]
    assert "marked report" in out and case(tid)["status"] == "completed"
    out = chat(client, wa_payload(wa_text(f"RATE {tid} 5", sender=sender))).json_body["replies"][0]["text"]
    assert "rating 5" in out and case(tid)["rating"] == 5


def test_email_reply_thread_is_added_to_the_case_not_filed_anew(client, quiet):
    sender = f"warga{uuid.uuid4().hex[:6]}@example.com"
    res = post_raw(client, mime(sender=f"Warga <{sender}>"))
    tid = res.json_body["tracking_id"]
    agency(client, tid, "request_info", message="Di depan nomor berapa?")
    reply = mime(text="Di depan rumah nomor 12, dekat warung.\n\n> Laporan lama", subject=f"Re: Laporan {tid} diterima",
                 sender=f"Warga <{sender}>")
    res = post_raw(client, reply)
    assert res.status_code == 200 and res.json_body["status"] == "added" and res.json_body["tracking_id"] == tid
    assert case(tid)["status"] == "assigned"
    answers = [m for m in sent_emails() if sender in m.destinations["ToAddresses"] and tid in m.subject]
    assert answers and "diteruskan ke Pemerintah Kota Denpasar" in str(answers[-1].body)
    agency(client, tid, "respond", message="Lampu sudah diganti.")
    res = post_raw(client, mime(text="NILAI 5", subject=f"Re: Tanggapan atas laporan {tid}", sender=sender))
    assert res.json_body["status"] == "added" and case(tid)["status"] == "completed" and case(tid)["rating"] == 5
    # someone else naming the id files their own report, never touches this one
    other = post_raw(client, mime(subject=f"Re: Laporan {tid} diterima", sender="lain@example.com"))
    assert other.json_body["status"] == "filed" and other.json_body["tracking_id"] != tid


def test_email_stop_and_start_and_attachments_not_kept(client, quiet):
    sender = f"stop{uuid.uuid4().hex[:6]}@example.com"
    res = post_raw(client, mime(text="STOP", subject="STOP", sender=sender))
    assert res.status_code == 200 and res.json_body["status"] == "stopped"
    res = post_raw(client, mime(text="MULAI", subject="mulai", sender=sender))
    assert res.json_body["status"] == "started"
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "lapor@salur.go.id", "Jalan rusak di Denpasar"
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@example.com>"
    msg.set_content("Jalan Gatot Subroto Barat, Kota Denpasar berlubang besar sejak tiga bulan.")
    msg.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="foto.png")
    res = post_raw(client, msg.as_bytes())
    assert res.json_body["status"] == "filed"
    notes = [m for m in sent_emails() if sender in m.destinations["ToAddresses"] and "Lampiran" in m.subject]
    assert notes and "tidak disimpan" in str(notes[-1].body)


def test_a_confirmation_code_of_any_text_is_refused_not_a_server_error(client, quiet):
    """Fuzzing found it (seed 4091555692): a code with non-ASCII characters reached hmac.compare_digest as str."""
    import json

    tid = tid_of(sms(client, REPORT, sender="081230000077").json_body["reply"])
    for code in ("\u0004\u0088\udadf\ude30=ik", "ÄÖÜ-éè", "ABCD-1234"):
        res = client.http.post(f"/v1/complaints/{tid}/contact-confirmation", headers={"Content-Type": "application/json"},
                               body=json.dumps({"code": code}))
        assert res.status_code in (404, 422, 429), (code, res.status_code, res.body)
