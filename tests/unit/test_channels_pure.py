"""Pure pieces of the channel doors and notifications: parsing, wording, who hears what."""
from __future__ import annotations

import pytest

from chalicelib.domain import notification_plan as plan
from chalicelib.domain import notification_templates as templates
from chalicelib.services import email_door as email_in
from chalicelib.services import mail_reader
from chalicelib.services import sms_door as sms
from chalicelib.services import text_commands as commands


@pytest.mark.parametrize("key", sorted(templates.TEMPLATES))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_template_renders_fully(key, lang):
    ctx = {"tid": "ABCD-1234", "title": "Jalan <rusak> & berlubang", "agency": "Pemkot", "due": "01-12-2026 23:59 WIB",
           "message": "Mohon foto", "level": "Inspektorat", "breached": "Dinas", "access_code": "AAAA-BBBB-CCCC",
           "confirm_code": "K7Q2-M9XD"}
    out = templates.render(key, lang, ctx)
    assert "ABCD-1234" in out["subject"] + out["text"]
    assert "$" not in out["text"] + out["sms"] and len(out["sms"]) <= templates.SMS_MAX
    assert "<rusak>" not in out["html"]  # escaped
    assert ("STOP" in out["text"])


def test_commands_parse():
    assert commands.parse("lapor: jalan rusak")[:2] == ("file", "jalan rusak")
    assert commands.parse("REPORT broken road") == ("file", "broken road", "en")
    assert commands.parse("cek abcd-1234")[:2] == ("status", "abcd-1234")
    assert commands.parse("")[0] == commands.parse("123")[0] == commands.parse("halo")[0] == "unknown"
    assert commands.parse("bantuan")[0] == "help"
    assert commands.parse("berhenti")[0] == "stop"


def test_complaint_from_text():
    data = commands.complaint_from_text("Jalan rusak parah. Sudah 3 bulan di Jl. Gatot Subroto Denpasar", "+62812", "sms")
    assert data["title"] == "Jalan rusak parah." and data["location"]["text"] == "Jl. Gatot Subroto Denpasar"
    assert data["reporter"] == {"phone": "+62812"}
    long = commands.complaint_from_text("kata " * 100, None, "chat")
    assert len(long["title"]) <= 80 and "reporter" not in long


def test_sms_payload_parsing():
    assert sms.parse_payload(b'{"from":"0812","text":"hi","message_id":5}', "application/json")["message_id"] == "5"
    msg = sms.parse_payload(b"from=0812&text=a&message_id=1&concat_ref=r&concat_part=2&concat_total=3",
                            "application/x-www-form-urlencoded")
    assert (msg["concat_part"], msg["concat_total"]) == (2, 3)
    for bad in (b"\xff", b"null", b'{"from":"","text":"a","message_id":"1"}',
                b'{"from":"0812","text":"a","message_id":"1","concat":{"ref":"r","part":"x","total":2}}'):
        with pytest.raises(sms.BadMessage):
            sms.parse_payload(bad, "application/json")


def test_parse_mail_prefers_plain_and_flags_auto_replies():
    raw = (b"From: Ani <ani@example.com>\r\nSubject: =?utf-8?q?Jalan_rusak?=\r\nMessage-ID: <x@y>\r\n"
           b"Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIsi laporan\r\n")
    out = email_in.parse_mail(raw)
    assert (out["sender"], out["name"], out["subject"], out["text"], out["auto"]) == \
        ("ani@example.com", "Ani", "Jalan rusak", "Isi laporan", True)
    assert "b" not in mail_reader.html_to_text("<p>a</p><script>b</script><br>c")


def _msg(etype, **data):
    return {"event_id": "e1", "type": etype, "tracking_id": "ABCD-1234", "agency_id": "pemkot-51.71",
            "data": {"case": {"title": "t", "agency_id": "pemkot-51.71", "agency_name": "Pemkot Denpasar",
                              "due_at": "2026-12-04T15:59:59+00:00"}, **data}}


def test_plan_reporter_channels_and_agency_contacts():
    case = {"tracking_id": "ABCD-1234", "channel": "web", "reporter": {"email": "a@x.id", "phone": "+62812"},
            "agency_id": "pemkot-51.71", "anonymous": True, "contact_verified": ["email"]}
    notes = plan.plan(_msg("complaint.assigned"), case)
    reporter = [(n["channel"], n["address"]) for n in notes if n["audience"] == "reporter"]
    assert reporter == [("email", "a@x.id")]  # email preferred; no SMS cost when email works
    agency = [n for n in notes if n["audience"] == "agency"]
    assert agency and all(n["template"] == "agency_new_case" for n in agency)
    assert all("a@x.id" not in str(n["ctx"]) for n in agency)  # anonymous: never the reporter's identity
    # SMS reporter: the receipt went in the reply SMS already
    sms_case = {**case, "channel": "sms", "reporter": {"phone": "+62812"}, "contact_verified": ["sms"]}
    from chalicelib.domain.identifiers import event_seal_context, seal

    receipt = {**_msg("complaint.submitted"), "private": {"sealed_access_code": seal("X", event_seal_context("e1"))}}
    assert [n for n in plan.plan(receipt, sms_case) if n["audience"] == "reporter"] == []
    assert [n["ctx"]["access_code"] for n in plan.plan(receipt, {**sms_case, "channel": "web"})
            if n["audience"] == "reporter"] == ["X"]  # the same receipt filed on the web carries the code
    assert plan.plan(_msg("complaint.note"), case) == []
    esc = plan.plan(_msg("complaint.escalated", handler_agency_id="pemprov-51", breached_agency_id="pemkot-51.71",
                         label_id="Gubernur", label_en="Governor"), case)
    assert {n["template"] for n in esc} == {"escalated", "agency_escalated"}


def test_format_due_in_local_time():
    assert plan.format_due("2026-12-04T15:59:59+00:00", "WITA") == "04-12-2026 23:59 WITA"
    assert plan.format_due(None) == "-"
