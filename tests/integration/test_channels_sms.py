"""SMS 1708 door through chalice.test.Client on moto: signed gateway posts, commands, long messages."""
from __future__ import annotations

import json
import re
import time

from channels_support import sms

REPORT = "LAPOR jalan rusak parah berlubang besar di Jl. Gatot Subroto Barat Kota Denpasar sudah tiga bulan"


def tid_of(reply):
    return re.search(r"([0-9A-Z]{4}-[0-9A-Z]{4})", reply).group(1)


def test_lapor_files_and_replies_with_tracking_id_and_routing(client):
    res = sms(client, REPORT)
    assert res.status_code == 200, res.body
    out = res.json_body
    assert out["status"] == "answered"
    tid = tid_of(out["reply"])
    assert "Kode akses" in out["reply"] and "Denpasar" in out["reply"]
    assert len(out["reply"]) <= 306
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", out["reply"]).group(1)
    view = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": code}).json_body
    assert view["channel"] == "sms" and view["reporter"]["phone"] == "+6281234567890"
    assert view["agency"]["id"] == "pemkot-51.71"


def test_gateway_retry_files_once(client):
    first = sms(client, REPORT, message_id="retry-1").json_body["reply"]
    again = sms(client, REPORT, message_id="retry-1").json_body["reply"]
    assert tid_of(first) == tid_of(again)


def test_status_command(client):
    tid = tid_of(sms(client, REPORT).json_body["reply"])
    out = sms(client, f"status {tid.lower()}").json_body["reply"]
    assert tid in out and "Denpasar" in out
    assert "Report" in sms(client, f"CHECK {tid}").json_body["reply"]
    assert "tidak ditemukan" in sms(client, "STATUS ZZZZ-ZZZZ").json_body["reply"]
    assert "STATUS ABCD-1234" in sms(client, "STATUS").json_body["reply"]


def test_status_of_confidential_case_only_for_its_reporter(client):
    body = {"title": "Pungli di kantor kelurahan", "confidential": True,
            "body": "Petugas meminta uang tambahan untuk surat keterangan di kantor kelurahan Dangin Puri Denpasar.",
            "reporter": {"phone": "0813-1111-2222"}, "location": {"region_code": "51.71"}}
    tid = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                           body=json.dumps(body)).json_body["tracking_id"]
    assert "tidak ditemukan" in sms(client, f"STATUS {tid}", sender="081399998888").json_body["reply"]
    assert "tidak ditemukan" not in sms(client, f"STATUS {tid}", sender="+6281311112222").json_body["reply"]


def test_unknown_command_empty_and_short_get_clear_answers(client):
    assert "LAPOR" in sms(client, "halo apa kabar").json_body["reply"]
    assert "LAPOR" in sms(client, "").json_body["reply"]
    assert "terlalu singkat" in sms(client, "LAPOR jalan rusak").json_body["reply"]
    assert "REPORT" in sms(client, "HELP").json_body["reply"]


def test_long_message_in_parts_is_joined(client):
    parts = ["LAPOR lampu penerangan jalan umum mati total ", "sepanjang Jl. Teuku Umar ",
             "di Kota Denpasar sejak dua minggu lalu, rawan kecelakaan"]
    replies = [sms(client, p, message_id=f"p{i}", concat={"ref": "ref-77", "part": i + 1, "total": 3}).json_body
               for i, p in reversed(list(enumerate(parts)))]
    assert [r["status"] for r in replies] == ["partial", "partial", "answered"]
    tid = tid_of(replies[-1]["reply"])
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", replies[-1]["reply"]).group(1)
    view = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": code}).json_body
    assert view["body"].startswith("lampu penerangan") and "Teuku Umar di Kota Denpasar" in view["body"]


def test_form_encoded_gateway(client):
    from urllib.parse import urlencode

    from chalicelib.api.channel_signatures import sign_sms_gateway

    body = urlencode({"from": "081234567890", "text": "BANTUAN", "message_id": "f1"}).encode()
    res = client.http.post("/v1/channels/sms", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", **sign_sms_gateway(body)})
    assert res.status_code == 200 and "LAPOR" in res.json_body["reply"]


def test_bad_signature_stale_timestamp_and_bad_payload(client):
    from chalicelib.api.channel_signatures import sign_sms_gateway

    body = json.dumps({"from": "0812", "text": REPORT, "message_id": "x"}).encode()
    h = {"Content-Type": "application/json", **sign_sms_gateway(body)}
    h["X-Salur-Signature"] = "v1=" + "0" * 64
    res = client.http.post("/v1/channels/sms", headers=h, body=body)
    assert res.status_code == 401 and res.json_body["error"]["code"] == "invalid_signature"
    old = {"Content-Type": "application/json", **sign_sms_gateway(body, int(time.time()) - 3600)}
    assert client.http.post("/v1/channels/sms", headers=old, body=body).status_code == 401
    assert client.http.post("/v1/channels/sms", headers={"Content-Type": "application/json"}, body=body).status_code == 401
    for bad in (b"[1]", b"{", json.dumps({"text": "x", "message_id": "1"}).encode(),
                json.dumps({"from": "0812", "text": "x" * 2000, "message_id": "1"}).encode(),
                json.dumps({"from": "0812", "text": "x", "message_id": "1", "concat": {"ref": "a", "part": 3,
                                                                                       "total": 2}}).encode()):
        res = client.http.post("/v1/channels/sms", headers={"Content-Type": "application/json",
                                                            **sign_sms_gateway(bad)}, body=bad)
        assert res.status_code == 400, (bad, res.body)
        assert set(res.json_body["error"]) >= {"code", "message"}
    en = client.http.post("/v1/channels/sms", headers={**h, "Accept-Language": "en"}, body=body)
    assert en.json_body["error"]["message"].startswith("Missing")


def test_stop_opts_the_number_out(client):
    from chalicelib.adapters.notification_store import NotificationStore

    assert "tidak akan menerima" in sms(client, "STOP", sender="081355550000").json_body["reply"]
    assert NotificationStore().opted_out(None, "+6281355550000")
    assert "diaktifkan" in sms(client, "MULAI", sender="081355550000").json_body["reply"]
    assert not NotificationStore().opted_out(None, "+6281355550000")
