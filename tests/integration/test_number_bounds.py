"""Issue 17 #15 and #7: every number and every list the API accepts fits what DynamoDB and the domain hold.

DynamoDB numbers span 1e-130..1e126 with 38 digits; a value that passes a range check may still be
unstorable (5e-324).  Lists become DynamoDB expressions (``IN`` takes at most 100 operands).
"""
from __future__ import annotations

import json

import pytest
from agency_support import A, hdr, make_case
from channels_support import sms

BASE = "/open311/v2"
GOOD = {"title": "Jalan rusak parah di Denpasar",
        "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, sering kecelakaan.",
        "location": {"region_code": "51.71"}}


def post(client, raw: str):
    return client.http.post("/v1/complaints", headers={"Content-Type": "application/json"}, body=raw)


@pytest.mark.parametrize("lat,lon", [(-8.5, 5e-324), (1e-200, 115.2), (-0.0, -0.0), (-8.5, 1e-130), (1e-7, 1e-8),
                                     (-8.123456789012345, 115.98765432109876), (90, -180)])
def test_tiny_and_long_coordinates_are_stored_not_a_500(client, lat, lon):
    res = post(client, json.dumps({**GOOD, "location": {**GOOD["location"], "lat": lat, "lon": lon}}))
    assert res.status_code == 201, res.body
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    loc = ComplaintRepository().get(res.json_body["tracking_id"])["location"]
    assert loc["lat"] == round(lat, 7) and loc["lon"] == round(lon, 7)


@pytest.mark.parametrize("raw", ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '91', '"x"'])
def test_unrepresentable_coordinates_are_422(client, raw):
    body = json.dumps({**GOOD, "location": {"region_code": "51.71", "lat": 0, "lon": 0}}).replace(
        '"lat": 0', f'"lat": {raw}')
    res = post(client, body)
    assert res.status_code == 422 and "location.lat" in res.json_body["error"]["fields"], res.body


def test_open311_tiny_coordinates_are_stored(client):
    code = client.http.get(f"{BASE}/services.json").json_body[0]["service_code"]
    res = client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "application/json"},
                           body=json.dumps({"service_code": code, "lat": -8.5, "long": 5e-324,
                                            "description": "Jalan berlubang besar di depan pasar"}))
    assert res.status_code == 201, res.body
    bad = client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "application/x-www-form-urlencoded"},
                           body=f"service_code={code}&lat=1e-400&long=nan".encode())
    assert bad.status_code == 400


@pytest.mark.parametrize("value", [10 ** 12, 10 ** 40, -1])
def test_case_versions_are_bounded(client, value):
    tid = make_case(A, publish=False)["tracking_id"]
    res = client.http.post(f"/v1/agency/complaints/{tid}/actions", headers=hdr(A, "officer"),
                           body=json.dumps({"action": "accept", "version": value}))
    assert res.status_code == 422 and "version" in res.json_body["error"]["fields"]


def test_sms_part_numbers_beyond_a_float_are_400(client):
    for part in ("1e400", "NaN", "-1", "99999999999999999999999"):
        res = sms(client, "bagian", concat_ref="r1", concat_part=part, concat_total=2)
        assert res.status_code == 400, (part, res.body)
    raw = '{"from": "0812", "text": "x", "message_id": "m1", "concat": {"ref": "r", "part": 1e400, "total": 2}}'
    from chalicelib.api.channel_signatures import sign_sms_gateway

    res = client.http.post("/v1/channels/sms", body=raw.encode(),
                           headers={"Content-Type": "application/json", **sign_sms_gateway(raw.encode())})
    assert res.status_code == 400


def test_open311_service_code_lists_are_capped(client):
    many = ",".join(f"code{i}" for i in range(3000))
    res = client.http.get(f"{BASE}/requests.json?service_code={many}")
    assert res.status_code == 400 and "at most 20" in res.json_body[0]["description"]
    ok = client.http.get(f"{BASE}/requests.json?service_code={','.join(f'c{i}' for i in range(20))}")
    assert ok.status_code == 200
    long_code = client.http.get(f"{BASE}/requests.json?service_code={'x' * 65}")
    assert long_code.status_code == 400
    ids = client.http.get(f"{BASE}/requests.json?service_request_id={','.join(['ABCD-EFGH'] * 101)}")
    assert ids.status_code == 400
