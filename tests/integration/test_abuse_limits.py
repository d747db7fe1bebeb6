"""Issue 17 #1 and the abuse items, through chalice.test.Client on moto: Salur is no SMS/mail cannon.

* an unconfirmed contact hears only a confirmation request, with no word the filer wrote;
* SMS goes to Indonesian numbers by default, elsewhere only to a number the door proved (a migrant worker
  writing by chat or SMS from abroad is still answered);
* limits per contact, per source and per channel, counted in DynamoDB (TTL items, no Scan), set per stage;
* the holder confirms by code (web/API) or by replying YA <id> from the number; codes are rate-limited;
* access-code guesses are limited per case and per source, and cost the same work for unknown cases.
"""
from __future__ import annotations

import json
import re
import uuid

import pytest
from agency_support import A, act, make_case, version
from channels_support import deliver_notifications, receive, sent_emails, sent_sms, sms
from test_channels_chat_email import chat, wa_payload, wa_text
from channels_support import mail  # noqa: F401 - the fixture: SES identity, an empty notifications queue

TITLE = "Tautan hadiah http://phish.example/klaim"
GOOD = {"title": TITLE,
        "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, sering kecelakaan.",
        "location": {"region_code": "51.71"}}


def file(client, reporter=None, headers=None, **extra):
    body = {**GOOD, **({"reporter": reporter} if reporter else {}), **extra}
    return client.http.post("/v1/complaints", headers={"Content-Type": "application/json", **(headers or {})},
                            body=json.dumps(body))


def texts_to(phone):
    return [t for p, t in sent_sms() if p == phone]


def mails_to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def unique_phone() -> tuple[str, str]:
    digits = str(uuid.uuid4().int)[:8]
    return f"0813{digits}", f"+62813{digits}"


def deliver_all():
    return deliver_notifications(None, receive("notifications"))


def test_five_complaints_naming_a_stranger_reach_them_at_most_twice_and_never_with_user_text(client, mail):
    local, e164 = unique_phone()
    tids = []
    for _ in range(5):
        res = file(client, {"name": "Korban", "phone": local})
        assert res.status_code == 201, res.body
        tids.append(res.json_body)
    assert deliver_all() == {"batchItemFailures": []}
    got = texts_to(e164)
    assert len(got) == 2  # confirmations_per_contact: 2 a day
    for text in got:
        assert "phish" not in text and TITLE not in text and "Korban" not in text
        assert not any(t["access_code"] in text for t in tids)
        assert re.search(r"YA [0-9A-Z]{4}-[0-9A-Z]{4}", text)
    # the same with an e-mail address: one request per case up to the limit, nothing of the filer's text
    address = f"stranger.{uuid.uuid4().hex[:8]}@example.com"
    for _ in range(5):
        assert file(client, {"email": address}).status_code == 201
    deliver_all()
    mine = mails_to(address)
    assert len(mine) == 2 and all("phish" not in json.dumps(m.body) + m.subject for m in mine)


def test_no_sms_to_an_unconfirmed_number_outside_indonesia(client, mail):
    res = file(client, {"phone": "+966512345678"})
    assert res.status_code == 201
    deliver_all()
    assert texts_to("+966512345678") == []


def test_a_migrant_worker_abroad_is_answered_by_chat_and_then_by_sms(client, mail):
    sender = "96650" + str(uuid.uuid4().int)[:7]  # a Saudi mobile number (+966 50…)
    res = chat(client, wa_payload(wa_text("LAPOR Jalan di Jl. Teuku Umar Kota Denpasar berlubang besar sejak bulan lalu",
                                          sender=sender)))
    reply = res.json_body["replies"][0]
    assert res.status_code == 200 and "Nomor:" in reply["text"] and "Kode akses" in reply["text"]
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", reply["text"]).group(1)
    deliver_all()
    assert any(tid in t for t in texts_to("+" + sender))  # the platform proved the number: it hears the news


def test_confirming_by_code_opens_the_contact_and_wrong_codes_are_limited(client, mail, monkeypatch):
    address = f"reporter.{uuid.uuid4().hex[:8]}@example.com"
    out = file(client, {"email": address}).json_body
    deliver_all()
    [request] = mails_to(address)
    code = re.search(r"kode konfirmasi ([0-9A-Z]{4}-[0-9A-Z]{4})", json.dumps(request.body)).group(1)
    url = f"/v1/complaints/{out['tracking_id']}/contact-confirmation"
    post = lambda c: client.http.post(url, headers={"Content-Type": "application/json"},  # noqa: E731
                                      body=json.dumps({"code": c}))
    wrong = post("AAAA-AAAA")
    assert wrong.status_code == 404 and wrong.json_body["error"]["code"] == "not_found"
    # any string JSON can carry is just a wrong code (the fuzzer once got a 500 from "\u00b6\ud978\udd56")
    for hostile in ("\n|\u00b6\u00c2\u0081\u0017\u00dfZ\U00066d56", "\ud800", "é" * 9):
        assert post(hostile).status_code in (404, 422)
    ok = post(code.lower())
    assert ok.status_code == 200 and ok.json_body == {"tracking_id": out["tracking_id"], "confirmed": "email"}
    # now the reporter hears the case's news
    tid = out["tracking_id"]
    assert act(client, tid, {"action": "request_info", "message": "Mohon foto lokasi", "version": version(tid)},
               agency_id=out["agency"]["id"]).status_code == 200
    deliver_all()
    assert any("informasi tambahan" in m.subject for m in mails_to(address))
    # guesses: after access_failures_per_case wrong codes the case answers 429, even to the right code
    monkeypatch.setenv("SALUR_RATE_LIMITS", "access_failures_per_case=3/3600")
    other = file(client, {"email": f"x.{uuid.uuid4().hex[:8]}@example.com"}).json_body
    url = f"/v1/complaints/{other['tracking_id']}/contact-confirmation"
    assert [post(f"BBBB-{i:04d}").status_code for i in range(3)] == [404, 404, 404]
    limited = post("CCCC-CCCC")
    assert limited.status_code == 429 and limited.json_body["error"]["code"] == "too_many_requests"
    assert int(limited.headers["Retry-After"]) > 0


def test_replying_ya_from_the_number_confirms_it(client, mail):
    local, e164 = unique_phone()
    out = file(client, {"phone": local}).json_body
    deliver_all()
    assert len(texts_to(e164)) == 1
    reply = sms(client, f"YA {out['tracking_id']}", sender=local).json_body["reply"]
    assert "terkonfirmasi" in reply
    stranger = sms(client, f"YA {out['tracking_id']}", sender="0813" + "9" * 8).json_body["reply"]
    assert "Tidak ada laporan" in stranger
    tid = out["tracking_id"]
    act(client, tid, {"action": "request_info", "message": "Mohon foto lokasi", "version": version(tid)},
        agency_id=out["agency"]["id"])
    deliver_all()
    assert any("Mohon foto lokasi" in t for t in texts_to(e164))


def test_filings_per_source_are_limited_with_429(client, monkeypatch):
    monkeypatch.setenv("SALUR_RATE_LIMITS", "filings_per_source=2/3600")
    identity = {"sourceIp": f"203.0.113.{uuid.uuid4().int % 250}"}
    monkeypatch.setattr("chalicelib.api.citizen.source_ip", lambda request: identity["sourceIp"])
    assert [file(client).status_code for _ in range(2)] == [201, 201]
    res = file(client, headers={"Accept-Language": "en"})
    assert res.status_code == 429 and res.json_body["error"] == {"code": "too_many_requests",
                                                                 "message": "Too many requests; retry shortly."}
    assert 0 < int(res.headers["Retry-After"]) <= 3600
    identity["sourceIp"] = "198.51.100.7"  # another source is not affected
    assert file(client).status_code == 201


def test_confirmations_per_source_stop_one_filer_naming_many_strangers(client, mail, monkeypatch):
    monkeypatch.setenv("SALUR_RATE_LIMITS", "confirmations_per_source=2/86400")
    monkeypatch.setattr("chalicelib.api.citizen.source_ip", lambda request: "192.0.2.44")
    phones = [unique_phone() for _ in range(4)]
    for local, _ in phones:
        assert file(client, {"phone": local}).status_code == 201
    deliver_all()
    assert [len(texts_to(e164)) for _, e164 in phones] == [1, 1, 0, 0]


def test_sms_budget_per_channel_defers_to_the_queue(client, mail, monkeypatch):
    monkeypatch.setenv("SALUR_RATE_LIMITS", "sms_per_channel=0/60")
    local, e164 = unique_phone()
    assert file(client, {"phone": local}).status_code == 201
    result = deliver_all()
    assert result["batchItemFailures"] and texts_to(e164) == []  # retried by SQS, not dropped
    monkeypatch.delenv("SALUR_RATE_LIMITS")


def test_sms_door_stops_answering_a_flooding_number(client, monkeypatch):
    monkeypatch.setenv("SALUR_RATE_LIMITS", "door_messages_per_sender=2/3600")
    local, _ = unique_phone()
    answers = [sms(client, "BANTUAN", sender=local).json_body for _ in range(3)]
    assert [a["status"] for a in answers] == ["answered", "answered", "rate_limited"] and answers[2]["reply"] is None


def test_access_code_guesses_are_limited_per_case_and_cost_the_same_for_unknown_cases(client, monkeypatch):
    from chalicelib.domain import identifiers

    monkeypatch.setenv("SALUR_RATE_LIMITS", "access_failures_per_case=3/3600")
    case = make_case(A, publish=False)
    url = f"/v1/complaints/{case['tracking_id']}"
    calls = []
    real = identifiers.hash_secret
    monkeypatch.setattr(identifiers, "hash_secret", lambda v, s: calls.append(s) or real(v, s))
    assert [client.http.get(url, headers={"X-Access-Code": f"WRNG-{i:04d}-CODE"}).status_code
            for i in range(3)] == [404, 404, 404]
    blocked = client.http.get(url, headers={"X-Access-Code": "WRNG-9999-CODE"})
    assert blocked.status_code == 429 and blocked.json_body["error"]["code"] == "too_many_requests"
    # an unknown id with a code does the same hash work as a known one: no timing tell
    known, unknown = len(calls), None
    client.http.get("/v1/complaints/ZZZZ-ZZZ0", headers={"X-Access-Code": "WRNG-0000-CODE"})
    unknown = len(calls) - known
    assert unknown == 1 and known == 3


def test_counters_are_ttl_items_read_by_key(aws):
    """No Scan: each counter is one item, found by its key, with a TTL a window after it ends."""
    import time

    from chalicelib.adapters.dynamo import ddb
    from chalicelib.adapters.rate_limit_store import RateLimitStore
    from chalicelib.domain.rate_policy import Limit

    lim = Limit("probe", 2, 60)
    store = RateLimitStore()
    now = time.time()
    assert [store.hit(lim, "subject-x", now) for _ in range(3)] == [True, True, False]
    assert store.full([(lim, "subject-x")], now) == lim and store.full([(lim, "subject-y")], now) is None
    item = ddb().get_item(TableName=aws["COMPLAINTS_TABLE"], Key=store._key(lim, "subject-x", now))["Item"]
    assert item["hits"]["N"] == "2" and int(item["expires_at"]["N"]) == lim.window_start(now) + 120
    assert "subject-x" not in json.dumps(item)  # subjects only as peppered hashes
    ttl = ddb().describe_time_to_live(TableName=aws["COMPLAINTS_TABLE"])["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expires_at" and ttl["TimeToLiveStatus"] == "ENABLED"


@pytest.mark.parametrize("door", ["sms", "chat", "email", "open311"])
def test_a_caller_cannot_pose_as_a_door(client, door):
    """Issue 17 (low): ``channel`` is the door's to set (per-channel figures, receipts), never the caller's."""
    res = file(client, channel=door)
    assert res.status_code == 422 and "channel" in res.json_body["error"]["fields"]
    ok = file(client, channel="mobile")
    assert ok.status_code == 201
    view = client.http.get(f"/v1/complaints/{ok.json_body['tracking_id']}").json_body
    assert view["channel"] == "mobile"


def test_a_replayed_sms_or_chat_request_never_returns_the_access_code(client):
    """Issue 17 (low): the same signed gateway request replayed gets the tracking id, not the code again."""
    local, _ = unique_phone()
    mid = "gw-" + uuid.uuid4().hex
    text = "LAPOR lampu jalan mati total di Jl. Diponegoro Kota Denpasar sejak seminggu"
    first = sms(client, text, sender=local, message_id=mid).json_body["reply"]
    code = re.search(r"Kode akses: ([0-9A-Z-]+)", first).group(1)
    again = sms(client, text, sender=local, message_id=mid).json_body["reply"]
    tid = re.search(r"Nomor: ([0-9A-Z-]{9})", first).group(1)
    assert tid in again and code not in again and "Kode akses" not in again
    msg = wa_text("LAPOR " + text[6:], sender="62" + local[1:])
    first_chat = chat(client, wa_payload(msg)).json_body["replies"][0]["text"]
    replay = chat(client, wa_payload(msg)).json_body["replies"][0]["text"]
    chat_code = re.search(r"Kode akses: ([0-9A-Z-]+)", first_chat).group(1)
    assert chat_code not in replay and re.search(r"Nomor: ([0-9A-Z-]{9})", first_chat).group(1) in replay


def test_an_unknown_api_key_id_costs_the_same_hash_check_as_a_known_one(client, monkeypatch):
    """Issue 17 (low): timing told a known key id from an unknown one (the hash ran only for known ids)."""
    from agency_support import key

    from chalicelib.domain import identifiers

    known_id = key(A, "officer").split("_")[1]
    calls = []
    real = identifiers.hash_secret
    monkeypatch.setattr(identifiers, "hash_secret", lambda v, s: calls.append(s) or real(v, s))
    for key_id in (known_id, "0123456789abcdef"):
        res = client.http.get("/v1/agency/complaints", headers={"X-Api-Key": f"slr_{key_id}_{'x' * 40}"})
        assert res.status_code == 401
    assert len(calls) == 2
