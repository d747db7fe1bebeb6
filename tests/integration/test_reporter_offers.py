"""The reporter's view offers exactly what the API accepts (issue 14), as a property over walks of a case.

A walk files a report through the API and moves it with what the agency (accept, respond, request_info,
reject) or the reporter may do.  At every state reached, each action the reporter's view offers is a request
({action, method, path, decision}) the endpoint it names accepts, and each of the reporter's requests the
view does not offer is refused (4xx) and changes nothing.  Hypothesis picks which of the offered actions the
walk takes, so walks through responded → reopened, rejected → appeal, needs_info → info, completed → rate
are all drawn."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agency_support import act, version

JSON = {"Content-Type": "application/json"}
#: every request a reporter can make, by the word the view offers it under
REQUESTS = {
    "info": ("/info", {"message": "Lokasinya di depan pasar, foto menyusul."}),
    "accept": ("/feedback", {"decision": "accept"}),
    "reject": ("/feedback", {"decision": "reject", "reason": "Lubangnya masih ada."}),
    "appeal": ("/feedback", {"decision": "appeal", "reason": "Laporan ini bukan laporan ganda."}),
    "rate": ("/feedback", {"rating": 3}),
}
AGENCY_MOVES = (
    {"action": "accept"}, {"action": "respond", "message": "Sudah ditambal."},
    {"action": "request_info", "message": "Mohon foto lokasi."}, {"action": "reject", "reason": "Laporan ganda"},
)


def file(client) -> tuple[str, dict, str]:
    body = {"title": "Jalan berlubang di Ubud", "location": {"region_code": "51.04", "district_code": "51.04.05"},
            "body": "Jalan kabupaten di Ubud rusak parah dan berlubang, sudah tiga bulan tidak diperbaiki.",
            "reporter": {"name": "Wayan", "email": "wayan@example.com"}}
    res = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(body))
    assert res.status_code == 201, res.body
    out = res.json_body
    return out["tracking_id"], {"X-Access-Code": out["access_code"]}, out["agency"]["id"]


def reporter_view(client, tid, code) -> dict:
    res = client.http.get(f"/v1/complaints/{tid}", headers=code)
    assert res.status_code == 200 and res.json_body["view"] == "reporter"
    return res.json_body


def send(client, method, path, body, code):
    assert method == "POST"
    return client.http.post(path, headers={**JSON, **code}, body=json.dumps(body))


def body_for(offer: dict) -> dict:
    """The request body for an offered action: its ``decision`` as offered, the fields that endpoint asks for."""
    suffix, body = REQUESTS[offer["action"]]
    assert offer["path"].endswith(suffix)
    assert offer.get("decision") == body.get("decision")
    return body


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.booleans(), st.integers(0, 7)), min_size=3, max_size=9))
def test_every_offer_is_accepted_and_nothing_refused_is_offered(client, steps):
    tid, code, agency = file(client)
    for reporter_turn, pick in steps:
        view = reporter_view(client, tid, code)
        offers = view["allowed_actions"]
        words = [o["action"] for o in offers]
        assert len(set(words)) == len(words) and set(words) <= set(REQUESTS)
        for word in set(REQUESTS) - set(words):  # not offered: refused, and the case unchanged
            suffix, body = REQUESTS[word]
            before = version(tid)
            res = send(client, "POST", f"/v1/complaints/{tid}{suffix}", body, code)
            assert 400 <= res.status_code < 500, (view["status"], word, res.body)
            assert res.json_body["error"]["code"] and version(tid) == before
        if reporter_turn and offers:
            offer = offers[pick % len(offers)]
            res = send(client, offer["method"], offer["path"], body_for(offer), code)
            assert res.status_code == 200, (view["status"], offer, res.body)
        else:
            move = AGENCY_MOVES[pick % len(AGENCY_MOVES)]
            act(client, tid, {**move, "version": version(tid)}, agency_id=agency)  # refused moves: a no-op


def test_walks_reach_every_reporter_action(client):
    """The statuses the property walks through offer each reporter action somewhere (the test can fail)."""
    seen: set[str] = set()
    for moves, answers in (((0, 1), ("reject",)), ((0, 1), ("accept", "rate")), ((0, 2), ("info",)),
                           ((3,), ("appeal",))):
        tid, code, agency = file(client)
        for m in moves:
            assert act(client, tid, {**AGENCY_MOVES[m], "version": version(tid)}, agency_id=agency).status_code == 200
        for word in answers:
            offer = next(o for o in reporter_view(client, tid, code)["allowed_actions"] if o["action"] == word)
            assert send(client, offer["method"], offer["path"], body_for(offer), code).status_code == 200
            seen.add(word)
        if "appeal" in answers:  # once: a second refusal of the same report is not appealable
            assert reporter_view(client, tid, code)["status"] in ("reopened", "referred")
    assert seen == set(REQUESTS)
