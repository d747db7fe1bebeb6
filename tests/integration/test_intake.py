"""Filing and viewing complaints through chalice.test.Client on moto."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

GOOD = {
    "title": "Jalan rusak parah di Denpasar",
    "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, sering terjadi kecelakaan.",
    "location": {"region_code": "51.71"},
    "reporter": {"name": "Made", "email": "made@example.com", "phone": "0812-3456-7890"},
}


def post(client, body, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.http.post("/v1/complaints", headers=h, body=raw)


def get(client, tid, code=None, lang=None):
    h = {}
    if code:
        h["X-Access-Code"] = code
    if lang:
        h["Accept-Language"] = lang
    return client.http.get(f"/v1/complaints/{tid}", headers=h)


def test_file_and_view_as_reporter(client):
    res = post(client, GOOD)
    assert res.status_code == 201, res.body
    out = res.json_body
    assert set(out) >= {"tracking_id", "access_code", "status", "created_at", "links"}
    assert out["status"] in ("assigned", "awaiting_verification")
    assert res.headers["Location"] == f"/v1/complaints/{out['tracking_id']}"
    view = get(client, out["tracking_id"], out["access_code"])
    assert view.status_code == 200
    v = view.json_body
    assert v["view"] == "reporter"
    assert v["reporter"]["phone"] == "+6281234567890"
    assert [e["action"] for e in v["timeline"]][:1] == ["submit"]
    assert len(v["timeline"]) == 2


def test_public_view_has_no_reporter_data(client):
    out = post(client, GOOD).json_body
    res = get(client, out["tracking_id"])
    assert res.status_code == 200
    body = res.body.decode()
    assert res.json_body["view"] == "public"
    for secret in ("made@example.com", "6281234567890", "Made", "access"):
        assert secret not in body


def test_tracking_id_typed_loosely(client):
    out = post(client, GOOD).json_body
    loose = out["tracking_id"].lower().replace("-", " ")
    assert get(client, loose.replace(" ", "")).status_code == 200


def test_confidential_wrong_code_and_unknown_are_identical_404(client):
    out = post(client, {**GOOD, "confidential": True}).json_body
    a = get(client, out["tracking_id"])
    b = get(client, out["tracking_id"], "WRONG-CODE-0000")
    c = get(client, "ZZZZ-ZZZZ")
    d = get(client, "not a tracking id at all")
    assert a.status_code == b.status_code == c.status_code == d.status_code == 404
    assert a.body == b.body == c.body == d.body
    assert get(client, out["tracking_id"], out["access_code"]).status_code == 200


def test_wrong_code_on_public_case_is_404(client):
    out = post(client, GOOD).json_body
    assert get(client, out["tracking_id"], "AAAA-BBBB-CCCC").status_code == 404


def test_anonymous_reporter_visible_only_to_reporter(client):
    out = post(client, {**GOOD, "anonymous": True}).json_body
    pub = get(client, out["tracking_id"]).body.decode()
    assert "made@example.com" not in pub
    priv = get(client, out["tracking_id"], out["access_code"]).json_body
    assert priv["anonymous"] is True


def test_idempotency_replay_and_conflict(client):
    key = {"Idempotency-Key": "retry-123-abc"}
    first = post(client, GOOD, key)
    second = post(client, GOOD, key)
    assert first.status_code == second.status_code == 201
    assert first.json_body == second.json_body
    assert second.headers.get("Idempotent-Replayed") == "true"
    other = post(client, {**GOOD, "title": "Judul lain yang berbeda"}, key)
    assert other.status_code == 409
    assert other.json_body["error"]["code"] == "idempotency_conflict"


def test_bad_idempotency_key(client):
    res = post(client, GOOD, {"Idempotency-Key": "x" * 200})
    assert res.status_code == 400


@pytest.mark.parametrize("field,value", [
    ("title", "abcd"), ("title", "x" * 151), ("body", "too short"), ("body", "x" * 5001),
    ("kind", "gossip"), ("occurred_on", (date.today() + timedelta(days=3)).isoformat()), ("occurred_on", "kemarin"),
    ("anonymous", "maybe"), ("channel", "pigeon"), ("agency_id", "no-such-agency"),
    ("location", {"region_code": "99.99"}), ("location", {"district_code": "51.71.99"}),
    ("location", {"region_code": "51.71", "district_code": "32.01.01"}), ("location", {"lat": 91}),
    ("location", {"lon": -181}), ("location", {"text": "x" * 301}), ("location", "Denpasar"),
    ("reporter", {"email": "not-an-email"}), ("reporter", {"phone": "12"}), ("reporter", {"name": "x" * 101}),
    ("reporter", {"nik": "5171010101010001"}), ("surprise", 1), ("category", "x" * 101), ("title", None),
])
def test_each_field_bound_is_a_422_with_field(client, field, value):
    res = post(client, {**GOOD, field: value})
    assert res.status_code == 422, (field, value, res.body)
    err = res.json_body["error"]
    assert err["code"] == "validation_error"
    assert any(k.split(".")[0] == field for k in err["fields"]), err


def test_bounds_accept_edges(client):
    ok = {**GOOD, "title": "x" * 5, "body": "y" * 20}
    assert post(client, ok).status_code == 201
    ok = {**GOOD, "title": "x" * 150, "body": "y" * 5000, "occurred_on": date.today().isoformat()}
    assert post(client, ok).status_code == 201


def test_missing_required_fields(client):
    res = post(client, {})
    assert res.status_code == 422
    assert set(res.json_body["error"]["fields"]) == {"title", "body"}


def test_errors_in_english_on_request(client):
    res = post(client, {"title": "x"}, {"Accept-Language": "en-US,en;q=0.9"})
    assert res.json_body["error"]["message"] == "The submitted data is invalid."
    assert res.json_body["error"]["fields"]["title"].startswith("Too short")
    res = post(client, {"title": "x"})
    assert res.json_body["error"]["message"] == "Data yang dikirim tidak valid."


@pytest.mark.parametrize("raw,ctype,status", [
    ("{not json", "application/json", 400), ("[1,2]", "application/json", 400), ("", "application/json", 400),
    ("null", "application/json", 400), ('"text"', "application/json", 400),
    ("title=x", "application/x-www-form-urlencoded", 415), ("{}", "text/plain", 415),
    ("\xff\xfe", "application/json", 400),
])
def test_malformed_bodies_are_4xx_json(client, raw, ctype, status):
    res = post(client, raw, {"Content-Type": ctype})
    assert res.status_code == status, res.body
    assert "error" in res.json_body and res.json_body["error"]["code"]


def test_oversized_body_413(client):
    res = post(client, {**GOOD, "body": "x" * 70_000})
    assert res.status_code == 413
    assert res.json_body["error"]["code"] == "payload_too_large"


def test_method_not_allowed_is_json(client):
    res = client.http.delete("/v1/complaints")
    assert res.status_code == 405
    assert res.json_body["error"]["code"] == "method_not_allowed"


def test_health_and_openapi(client):
    assert client.http.get("/v1/health").json_body["status"] == "ok"
    spec = client.http.get("/openapi.json").json_body
    assert spec["openapi"].startswith("3.1")
    op = spec["paths"]["/v1/complaints"]["post"]
    assert "201" in op["responses"] and "422" in op["responses"]
    assert "ComplaintIn" in spec["components"]["schemas"]


def test_complaint_and_first_events_stored_atomically(client, aws):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    out = post(client, GOOD).json_body
    repo = ComplaintRepository()
    case = repo.get(out["tracking_id"])
    events = repo.timeline(out["tracking_id"])
    assert case["version"] == len(events) == 2
    assert case["access_hash"] and "access_code" not in case


def test_an_open_public_reports_head_fits_one_write_unit(client):
    """While a report is open and public its head carries the inbox, public-list and Similar index attributes:
    still within 1 KB (one write unit, two in a transaction), and the case reads back whole."""
    from bench.cost import item_size
    from chalicelib.adapters.aws_clients import client as aws
    from chalicelib.adapters.complaint_repository import HEAD_DEFAULTS, ComplaintRepository, case_pk
    from chalicelib.adapters.dynamo import key

    tid = post(client, GOOD).json_body["tracking_id"]
    repo = ComplaintRepository()
    raw = aws("dynamodb").get_item(TableName=repo.table, Key=key(case_pk(tid), "CASE"))["Item"]
    assert {"GSI1PK", "GSI4PK", "GSI9PK", "GSITitle"} <= set(raw) and "GSIInbox" not in raw
    assert item_size(raw) <= 1024
    case = repo.get(tid)
    assert all(type(case[k]) is type(v) for k, v in HEAD_DEFAULTS.items()) and "GSIDefaults" not in case
    json.dumps(case)  # a case stays plain JSON (the binary signature is the index's only)


def test_content_item_fits_one_write_unit_and_reads_back_the_whole_routing_record(client):
    """The routing record (bilingual reasons, candidates, unit) is stored deflated: an ordinary filing's content
    item stays within 1 KB, and every reader still gets the record routing produced."""
    from bench.cost import item_size
    from chalicelib.adapters.aws_clients import client as aws
    from chalicelib.adapters.complaint_repository import CONTENT_SK, ComplaintRepository, case_pk
    from chalicelib.adapters.dynamo import from_item, key, to_item
    from chalicelib.services import intake

    tid = post(client, GOOD).json_body["tracking_id"]
    repo = ComplaintRepository()
    raw = aws("dynamodb").get_item(TableName=repo.table, Key=key(case_pk(tid), CONTENT_SK))["Item"]
    assert "routing" not in raw and item_size({k: ({"B": v["B"]} if "B" in v else v) for k, v in raw.items()}) <= 1024
    expected = intake._routing_record(intake.decide(GOOD))
    assert expected["reasons"] and expected["candidates"]
    assert repo.get(tid)["routing"] == from_item(to_item({"r": expected}))["r"]
    assert repo.get_many([tid])[tid]["routing"] == repo.get(tid)["routing"]
