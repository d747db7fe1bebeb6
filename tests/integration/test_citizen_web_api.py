"""The JSON the citizen pages call, on moto: place and agency suggestions, the public list (sparse index, filters,
cursor, never confidential, never the reporter), the routing preview's filing check, the reporter view's
actions and notifications, scorecards, and CORS for configured origins only."""
from __future__ import annotations

import json

import pytest

from agency_support import A, act, hdr, version

JSON = {"Content-Type": "application/json"}


def file(client, **over) -> dict:
    body = {"title": "Jalan berlubang di Ubud", "location": {"region_code": "51.04", "district_code": "51.04.05"},
            "body": "Jalan kabupaten di Ubud rusak parah dan berlubang, sudah tiga bulan tidak diperbaiki.",
            "reporter": {"name": "Wayan Rahasia", "email": "wayan@example.com"}, **over}
    res = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(body))
    assert res.status_code == 201, res.body
    return res.json_body


def listed(client, query: str = "") -> list[dict]:
    res = client.http.get("/v1/complaints" + query)
    assert res.status_code == 200, res.body
    return res.json_body["items"]


def test_place_suggestions_give_a_location_the_api_accepts(client):
    res = client.http.get("/v1/suggestions/places?q=ubud")
    assert res.status_code == 200 and res.headers["Cache-Control"].startswith("public")
    ubud = res.json_body["items"][0]
    assert ubud["label"] == "Kecamatan Ubud, Kabupaten Gianyar, Bali"
    assert ubud["location"] == {"district_code": "51.04.05", "region_code": "51.04"}
    out = file(client, location=ubud["location"])
    assert out["agency"]["id"] == "pemkab-51.04" and out["timezone"] == "WITA"
    en = client.http.get("/v1/suggestions/places?q=ubud", headers={"Accept-Language": "en"}).json_body["items"][0]
    assert en["label"].startswith("Ubud (district)")
    for bad in ("?q=u", "", "?q=" + "x" * 101, "?q=ubud&limit=0"):
        res = client.http.get("/v1/suggestions/places" + bad)
        assert res.status_code == 422 and res.json_body["error"]["fields"], bad
    names = [a["id"] for a in client.http.get("/v1/suggestions/agencies?q=kesehatan").json_body["items"]]
    assert "kemenkes" in names


def test_public_list_shows_routed_reports_never_confidential_nor_the_reporter(client):
    public = file(client)
    secret = file(client, confidential=True, title="Pungutan liar yang rahasia")
    denpasar = file(client, location={"region_code": "51.71"}, title="Sampah menumpuk di Denpasar")
    items = listed(client)
    ids = [i["tracking_id"] for i in items]
    assert public["tracking_id"] in ids and denpasar["tracking_id"] in ids and secret["tracking_id"] not in ids
    assert ids.index(denpasar["tracking_id"]) < ids.index(public["tracking_id"])  # newest first
    row = next(i for i in items if i["tracking_id"] == public["tracking_id"])
    assert set(row) == {"tracking_id", "kind", "title", "status", "created_at", "updated_at", "agency", "location",
                        "matter"}
    assert "Wayan" not in json.dumps(items) and "wayan@" not in json.dumps(items)
    gianyar = [i["tracking_id"] for i in listed(client, "?region=51.04")]
    assert public["tracking_id"] in gianyar and denpasar["tracking_id"] not in gianyar
    assert [i["tracking_id"] for i in listed(client, "?agency=pemkot-51.71&status=assigned")] == \
        [denpasar["tracking_id"]]
    assert all(i["matter"]["id"] == row["matter"]["id"] for i in listed(client, f"?matter={row['matter']['id']}"))
    for bad in ("?province=99", "?region=51", "?agency=nope", "?status=rejected", "?matter=nope", "?kind=x"):
        res = client.http.get("/v1/complaints" + bad)
        assert res.status_code == 422 and res.json_body["error"]["fields"], bad


def test_public_list_pages_by_cursor(client):
    for i in range(3):
        file(client, title=f"Lampu jalan mati nomor {i}")
    first = client.http.get("/v1/complaints?limit=2").json_body
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = client.http.get(f"/v1/complaints?limit=2&cursor={first['next_cursor']}").json_body
    assert not {i["tracking_id"] for i in first["items"]} & {i["tracking_id"] for i in second["items"]}
    assert client.http.get("/v1/complaints?cursor=bm9wZQ").status_code == 400


def test_a_rejected_report_leaves_the_list(client):
    from agency_support import make_case

    case = make_case(A)
    tid = case["tracking_id"]
    assert tid in [i["tracking_id"] for i in listed(client, f"?agency={A}")]
    res = act(client, tid, {"action": "reject", "reason": "Bukan masalah pelayanan publik", "version": version(tid)})
    assert res.status_code == 200, res.body
    assert tid not in [i["tracking_id"] for i in listed(client, f"?agency={A}")]


def test_preview_says_whether_filing_would_be_accepted(client):
    res = client.http.post("/v1/routing/preview", headers=JSON, body=json.dumps({"title": "x", "body": "pendek"}))
    assert res.status_code == 200
    assert set(res.json_body["filing"]["fields"]) == {"title", "body"} and not res.json_body["filing"]["ok"]
    res = client.http.post("/v1/routing/preview", headers=JSON, body=json.dumps(
        {"title": "Jalan rusak di Ubud", "body": "Jalan kabupaten di Ubud rusak parah berlubang sudah tiga bulan."}))
    assert res.json_body["filing"] == {"ok": True}


def test_reporter_view_offers_only_what_the_api_accepts(client):
    out = file(client)
    tid, code = out["tracking_id"], {"X-Access-Code": out["access_code"]}
    view = client.http.get(f"/v1/complaints/{tid}", headers=code).json_body
    assert view["allowed_actions"] == [] and view["notifications"] == {"enabled": True}
    assert client.http.get(f"/v1/complaints/{tid}", headers=code).headers["Cache-Control"] == "no-store"
    res = client.http.post(f"/v1/complaints/{tid}/notifications", headers={**JSON, **code},
                           body=json.dumps({"enabled": False}))
    assert res.status_code == 200
    assert client.http.get(f"/v1/complaints/{tid}", headers=code).json_body["notifications"] == {"enabled": False}
    agency = out["agency"]["id"]
    for action in ({"action": "accept"}, {"action": "respond", "message": "Sudah ditambal."}):
        assert act(client, tid, {**action, "version": version(tid)}, agency_id=agency).status_code == 200
    offered = client.http.get(f"/v1/complaints/{tid}", headers=code).json_body["allowed_actions"]
    assert [(a["action"], a["method"], a["path"], a["decision"]) for a in offered] == \
        [("accept", "POST", f"/v1/complaints/{tid}/feedback", "accept"),
         ("reject", "POST", f"/v1/complaints/{tid}/feedback", "reject")]
    res = client.http.post(f"/v1/complaints/{tid}/feedback", headers={**JSON, **code},
                           body=json.dumps({"decision": "reject"}))
    assert res.status_code == 422 and list(res.json_body["error"]["fields"]) == ["reason"]  # next to its field
    res = client.http.post(f"/v1/complaints/{tid}/feedback", headers={**JSON, **code},
                           body=json.dumps({"decision": "accept"}))
    assert res.status_code == 200
    assert [a["action"] for a in client.http.get(f"/v1/complaints/{tid}", headers=code).json_body["allowed_actions"]] \
        == ["rate"]
    res = client.http.post(f"/v1/complaints/{tid}/feedback", headers={**JSON, **code}, body=json.dumps({"rating": 5}))
    assert res.status_code == 200
    assert client.http.get(f"/v1/complaints/{tid}", headers=code).json_body["allowed_actions"] == []


def test_scorecards(client):
    national = client.http.get("/v1/scorecards?period=2026")
    assert national.status_code == 200 and {"received", "agencies", "sla_compliance"} <= set(national.json_body)
    agency = client.http.get("/v1/scorecards/pemkab-51.04?year=2025")
    assert agency.status_code == 200
    body = agency.json_body
    assert body["agency"]["timezone"] == "WITA" and [m["period"] for m in body["months"]][:2] == ["2025-01", "2025-02"]
    assert len(body["months"]) == 12 and "assigned" in body["total"]
    assert client.http.get("/v1/scorecards/nope").status_code == 404
    for bad in ("1999", "9999", "20x5"):
        assert client.http.get(f"/v1/scorecards/pemkab-51.04?year={bad}").status_code == 422, bad
    assert client.http.get("/v1/scorecards?period=2026-13").status_code == 422


@pytest.fixture
def allowed_origin(monkeypatch):
    monkeypatch.setenv("SALUR_CORS_ORIGINS", "https://aplikasi.example.go.id, https://kota.example.id")
    return "https://aplikasi.example.go.id"


def test_cors_only_for_configured_origins(client, allowed_origin):
    pre = client.http.request("OPTIONS", "/v1/complaints", headers={
        "Origin": allowed_origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,idempotency-key"}, body=b"")
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == allowed_origin
    assert "Idempotency-Key" in pre.headers["Access-Control-Allow-Headers"]
    assert pre.headers["Allow"] == "GET, OPTIONS, POST" or set(pre.headers["Allow"].split(", ")) == {"GET", "POST",
                                                                                                    "OPTIONS"}
    other = client.http.request("OPTIONS", "/v1/complaints", headers={
        "Origin": "https://jahat.example", "Access-Control-Request-Method": "POST"}, body=b"")
    assert other.status_code == 204 and "Access-Control-Allow-Origin" not in other.headers
    wrong_method = client.http.request("OPTIONS", "/v1/complaints", headers={
        "Origin": allowed_origin, "Access-Control-Request-Method": "DELETE"}, body=b"")
    assert "Access-Control-Allow-Origin" not in wrong_method.headers
    error = client.http.post("/v1/complaints", headers={**JSON, "Origin": allowed_origin}, body="{}")
    assert error.status_code == 422 and error.headers["Access-Control-Allow-Origin"] == allowed_origin
    assert "Origin" in error.headers["Vary"]
    plain = client.http.get("/v1/matters", headers={"Origin": "https://jahat.example"})
    assert "Access-Control-Allow-Origin" not in plain.headers
    page = client.http.get("/", headers={"Origin": allowed_origin})
    assert "Access-Control-Allow-Origin" not in page.headers  # pages are same-origin only
    doc = client.http.get("/openapi.json").json_body
    assert not any("options" in ops for ops in doc["paths"].values())
    assert {"/v1/suggestions/places", "/v1/scorecards/{agency_id}"} <= set(doc["paths"])
    assert "get" in doc["paths"]["/v1/complaints"] and not any(p.startswith(("/lapor", "/assets")) for p in doc["paths"])


def test_agency_inbox_still_lists_the_reports(client):
    """The public index is one more sparse index: the agency's own inbox is unchanged."""
    out = file(client, title="Jalan berlubang di Denpasar", location={"region_code": "51.71"},
               body="Jalan kota di Denpasar Barat rusak parah dan berlubang, sudah tiga bulan tidak diperbaiki.")
    assert out["agency"]["id"] == A
    res = client.http.get("/v1/agency/complaints?status=assigned", headers=hdr(A, "officer"))
    assert out["tracking_id"] in [i["tracking_id"] for i in res.json_body["items"]]


def test_preflight_answers_on_paths_with_parameters(client, allowed_origin):
    for path in ("/v1/complaints/7KQ2-M9XD/feedback", "/open311/v2/requests/0", "/v1/agency/complaints/0"):
        res = client.http.request("OPTIONS", path, headers={"Origin": allowed_origin,
                                                            "Access-Control-Request-Method": "POST"}, body=b"")
        assert res.status_code == 204, (path, res.body)
