"""Issue 16 #2: follow a public report instead of filing it again.  The address hears nothing but one
confirmation request until it is confirmed; then the agency's answer reaches it (masked, as published);
confirmed supporters are counted on the public view; a confidential report cannot be followed."""
from __future__ import annotations

import json
import re

from agency_support import A, act, make_case, version
from channels_support import deliver_all, email_text, mails_to, purge

JSON = {"Content-Type": "application/json"}



def test_a_supporter_is_confirmed_first_then_hears_the_answer(client):
    purge("notifications")
    case = make_case()
    tid = case["tracking_id"]
    deliver_all()
    res = client.http.post(f"/v1/complaints/{tid}/supporters", headers=JSON,
                           body=json.dumps({"email": "tetangga@example.com"}))
    assert res.status_code == 202, res.body
    client.http.post(f"/v1/complaints/{tid}/supporters", headers=JSON,
                     body=json.dumps({"email": "tetangga@example.com"}))  # twice the same day: one request
    stranger = client.http.post(f"/v1/complaints/{tid}/supporters", headers=JSON,
                                body=json.dumps({"email": "orang.lain@example.com"}))
    assert stranger.status_code == 202
    deliver_all()
    [request] = mails_to("tetangga@example.com")
    assert "Jalan berlubang besar" not in email_text(request)  # no word the reporter wrote besides the title
    code = re.search(r"kode konfirmasi ([0-9A-Z]{4}-[0-9A-Z]{4})", email_text(request)).group(1)
    wrong = client.http.post(f"/v1/complaints/{tid}/supporters/confirm", headers=JSON,
                             body=json.dumps({"email": "tetangga@example.com", "code": "AAAA-BBBB"}))
    assert wrong.status_code == 404
    ok = client.http.post(f"/v1/complaints/{tid}/supporters/confirm", headers=JSON,
                          body=json.dumps({"email": "tetangga@example.com", "code": code}))
    assert ok.status_code == 200 and ok.json_body["supporters"] == 1
    assert client.http.get(f"/v1/complaints/{tid}").json_body["cluster"]["supporters"] == 1

    assert act(client, tid, {"action": "respond", "version": version(tid),
                             "message": "Sudah kami tambal, hubungi 081234567890 bila belum."},
               agency_id=A).status_code == 200
    deliver_all()
    news = mails_to("tetangga@example.com")
    assert len(news) == 2 and "Sudah kami tambal" in email_text(news[1])
    assert "081234567890" not in email_text(news[1])  # published words only: masked
    assert len(mails_to("orang.lain@example.com")) == 1  # unconfirmed: only its confirmation request


def test_a_confidential_report_cannot_be_followed(client):
    case = make_case(confidential=True)
    res = client.http.post(f"/v1/complaints/{case['tracking_id']}/supporters", headers=JSON,
                           body=json.dumps({"email": "x@example.com"}))
    assert res.status_code == 404
    bad = client.http.post(f"/v1/complaints/{case['tracking_id']}/supporters", headers=JSON,
                           body=json.dumps({"email": "not-an-address"}))
    assert bad.status_code == 422



def test_a_confirmed_supporter_is_counted_once_in_the_figures(client):
    """The confirmation's stream record is counted (stats consumer filter), nationally and for the agency;
    a redelivered record counts nothing more; an unconfirmed address counts nothing."""
    from stream_support import invoke, records, skip

    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.domain.clock import iso, utcnow
    from chalicelib.domain.contacts import confirmation_code
    from chalicelib.domain.stats_rules import month_of
    from chalicelib.services import supporters

    tid = make_case()["tracking_id"]
    skip("count_stats")
    month = month_of(iso(utcnow()))
    before = StatsStore().national(month)["supporters"], StatsStore().agency(A, month)["supporters"]
    for address in ("satu@example.com", "dua@example.com"):
        client.http.post(f"/v1/complaints/{tid}/supporters", headers=JSON, body=json.dumps({"email": address}))
    code = confirmation_code(tid, supporters.CODE_CHANNEL, "satu@example.com")
    supporters.confirm(tid, "satu@example.com", code, None)
    recs = records("count_stats")
    assert len(recs) == 1  # the confirmation only: the follow requests are no figure
    assert invoke("count_stats", recs) == [] and invoke("count_stats", recs) == []  # and its redelivery
    after = StatsStore().national(month)["supporters"], StatsStore().agency(A, month)["supporters"]
    assert after == (before[0] + 1, before[1] + 1)
