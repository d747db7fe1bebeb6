"""Issue 17 #3 and #4: one public projection of a case (domain/case_views.public_case) behind every public view.

* private answers are never published: the reporter's /info answer, feedback comment and rejection reason stay
  out of the v1 public timeline and Open311 ``status_notes``; agency answers are published, masked;
* personal data is masked before anything is published (the reporter's name, e-mail, phone; any NIK, phone
  number or e-mail in the text), anonymous or not;
* v1 and Open311 show the same place: the region, and a point rounded to about 1 km (none when anonymous);
  never the address text or exact coordinates, and a short Open311 description is never padded with them.
"""
from __future__ import annotations

import json

import pytest
from agency_support import act, version

BASE = "/open311/v2"
NIK = "3171234567890001"
PHONE = "081298765432"
REPORTER = {"name": "Siti Rahayu", "email": "siti.rahayu@example.com", "phone": PHONE}


def file(client, **extra):
    body = {"title": "Jalan rusak depan rumah Siti Rahayu",
            "body": f"Jalan di Jl. Gatot Subroto Barat No. 7, Kota Denpasar berlubang. Hubungi saya {PHONE} "
                    f"atau siti.rahayu@example.com, NIK {NIK}.",
            "location": {"region_code": "51.71", "text": "Jl. Gatot Subroto Barat No. 7", "lat": -8.6705123,
                         "lon": 115.2126789},
            "reporter": REPORTER, **extra}
    res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert res.status_code == 201, res.body
    return res.json_body


def reporter_post(client, out, kind, body):
    res = client.http.post(f"/v1/complaints/{out['tracking_id']}/{kind}", body=json.dumps(body),
                           headers={"Content-Type": "application/json", "X-Access-Code": out["access_code"]})
    assert res.status_code == 200, res.body


def public_views(client, tid):
    v1 = client.http.get(f"/v1/complaints/{tid}")
    o311 = client.http.get(f"{BASE}/requests/{tid}.json")
    assert v1.status_code == 200 and o311.status_code == 200
    return v1.json_body, o311.json_body[0], v1.body.decode() + o311.body.decode()


@pytest.mark.parametrize("anonymous", [False, True])
def test_private_answers_and_personal_data_never_reach_a_public_view(client, anonymous):
    out = file(client, anonymous=anonymous)
    tid, agency = out["tracking_id"], out["agency"]["id"]
    assert act(client, tid, {"action": "request_info", "message": "Mohon kirim foto", "version": version(tid)},
               agency_id=agency).status_code == 200
    reporter_post(client, out, "info", {"message": f"Ini Siti Rahayu, NIK {NIK}, telp {PHONE}, rumah no. 7"})
    assert act(client, tid, {"action": "respond", "version": version(tid),
                             "message": f"Sudah ditambal. Terima kasih Bu Rahayu ({PHONE})."},
               agency_id=agency).status_code == 200
    reporter_post(client, out, "feedback", {"decision": "accept", "rating": 4,
                                            "comment": "Terima kasih, saya Siti dari rumah no. 7 samping masjid"})
    v1, req, text = public_views(client, tid)
    for private in ("rumah no. 7", "samping masjid", "Ini Siti", NIK, PHONE, "siti.rahayu@example.com",
                    "Siti Rahayu", "Rahayu", "8.6705123", "115.2126789"):
        assert private not in text, private
    # the place the reporter wrote stays in a named complaint's text, but an anonymous one's address is masked
    assert ("Gatot Subroto Barat No. 7" in text) is (not anonymous)
    messages = [e["message"] for e in v1["timeline"] if e["message"]]
    assert all(e["role"] != "reporter" or e["message"] is None for e in v1["timeline"])
    assert "Mohon kirim foto" in messages and any(m.startswith("Sudah ditambal") for m in messages)
    assert req["status_notes"].startswith("Sudah ditambal") and "[phone]" in req["status_notes"]
    assert "[nik]" in v1["body"] and "[phone]" in v1["body"] and v1["body"] == req["description"]
    # one projection: the same place in both, never the address text
    assert v1["location"]["name"] == req["address"] == "Kota Denpasar"
    if anonymous:
        assert v1["point"] is None and req["lat"] is None and req["long"] is None
    else:
        assert v1["point"] == {"lat": -8.67, "lon": 115.21} and (req["lat"], req["long"]) == (-8.67, 115.21)
    # the reporter still sees their own words
    mine = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": out["access_code"]}).json_body
    assert any(NIK in (e["message"] or "") for e in mine["timeline"])


def test_open311_short_description_is_never_padded_with_the_place(client):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    codes = [s["service_code"] for s in client.http.get(f"{BASE}/services.json").json_body]
    res = client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "application/json"}, body=json.dumps({
        "service_code": codes[0], "lat": -8.6705123, "long": 115.2126789, "description": "Lubang",
        "address_string": "Jl. Melati No. 3, rumah pelapor", "attribute": {"anonymous": True}}))
    assert res.status_code == 201, res.body
    tid = res.json_body[0]["service_request_id"]
    stored = ComplaintRepository().get(tid)
    assert "Melati" not in stored["body"] and "8.67" not in stored["body"] and "115.21" not in stored["body"]
    v1, req, text = public_views(client, tid)
    assert "Melati" not in text and "8.67" not in text and req["lat"] is None and v1["point"] is None
