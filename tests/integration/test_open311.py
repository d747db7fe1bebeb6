"""Open311 GeoReport v2 through chalice.test.Client on moto."""
from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest

BASE = "/open311/v2"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

MATTERS = [
    {"id": "roads", "label_id": "Jalan", "label_en": "Roads", "description_en": "Damaged roads, potholes",
     "group": "infrastructure"},
    {"id": "water", "label_id": "Air bersih", "label_en": "Clean water", "description_en": "Water supply",
     "group": "utilities"},
]


@pytest.fixture(autouse=True)
def matters(app, monkeypatch):
    """Use routing.list_matters when it exists; fall back to a fixed list only if it is missing."""
    import importlib

    routing = importlib.import_module("chalicelib.domain.routing")
    if not hasattr(routing, "list_matters"):
        monkeypatch.setattr(routing, "list_matters", lambda: MATTERS, raising=False)
    return {m["id"]: m for m in routing.list_matters()}


@pytest.fixture
def code(matters):
    return "roads" if "roads" in matters else sorted(matters)[0]


@pytest.fixture
def other_code(matters, code):
    return next(c for c in sorted(matters) if c != code)


def post_form(client, fields, ext="json", headers=None):
    return client.http.post(f"{BASE}/requests.{ext}", headers={**FORM, **(headers or {})},
                            body=urlencode(fields, doseq=True))


def post_json(client, data, ext="json"):
    return client.http.post(f"{BASE}/requests.{ext}", headers={"Content-Type": "application/json"},
                            body=json.dumps(data))


def good(code, **extra):
    base = {"service_code": code, "lat": "-8.6705", "long": "115.2126",
            "address_string": "Jl. Gatot Subroto Barat, Denpasar",
            "description": "Jalan berlubang besar sudah tiga bulan, sering terjadi kecelakaan motor.",
            "first_name": "Made", "last_name": "Wirawan", "email": "made.o311@example.com",
            "phone": "0812-3456-7890", "account_id": "acct-42", "device_id": "dev-1"}
    base.update(extra)
    return base


def file(client, code, **extra):
    res = post_form(client, good(code, **extra))
    assert res.status_code == 201, res.body
    return res.json_body[0]


def is_open311_error(res, status):
    assert res.status_code == status, res.body
    body = res.json_body
    assert isinstance(body, list) and body, body
    assert all(set(e) == {"code", "description"} for e in body)
    assert res.headers["Content-Type"].startswith("application/json")
    return body


# ----------------------------------------------------------------------------- services
def test_services_json_and_xml(client, matters):
    res = client.http.get(f"{BASE}/services.json")
    assert res.status_code == 200
    assert res.headers["Content-Type"] == "application/json; charset=utf-8"
    svcs = res.json_body
    assert {s["service_code"] for s in svcs} == set(matters)
    for s in svcs:
        assert s["metadata"] is False and s["type"] == "realtime"
        assert set(s) >= {"service_code", "service_name", "description", "keywords", "group"}
    en = {s["service_code"]: s["service_name"]
          for s in client.http.get(f"{BASE}/services.json", headers={"Accept-Language": "en"}).json_body}
    idn = {s["service_code"]: s["service_name"] for s in svcs}
    for c, m in matters.items():
        assert en[c] == m["label_en"] and idn[c] == m["label_id"]

    x = client.http.get(f"{BASE}/services.xml")
    assert x.status_code == 200 and x.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(x.body)
    assert root.tag == "services"
    assert {s.findtext("service_code") for s in root.findall("service")} == set(matters)
    assert {s.findtext("metadata") for s in root.findall("service")} == {"false"}


def test_service_definition(client, code):
    res = client.http.get(f"{BASE}/services/{code}.json")
    assert res.status_code == 200
    assert res.json_body == {"service_code": code, "attributes": []}
    x = client.http.get(f"{BASE}/services/{code}.xml")
    root = ET.fromstring(x.body)
    assert root.tag == "service_definition" and root.findtext("service_code") == code
    is_open311_error(client.http.get(f"{BASE}/services/no-such-thing.json"), 404)
    nx = client.http.get(f"{BASE}/services/no-such-thing.xml")
    assert nx.status_code == 404 and nx.headers["Content-Type"].startswith("text/xml")
    err = ET.fromstring(nx.body)
    assert err.tag == "errors" and err.find("error/code").text == "404"
    is_open311_error(client.http.get(f"{BASE}/services/{code}.html"), 404)
    is_open311_error(client.http.get(f"{BASE}/services/{code}"), 404)


# ----------------------------------------------------------------------------- filing
def test_file_by_form_then_get_and_token(client, code):
    res = post_form(client, good(code))
    assert res.status_code == 201, res.body
    assert res.headers["Content-Type"] == "application/json; charset=utf-8"
    [out] = res.json_body
    assert set(out) == {"service_request_id", "service_notice", "account_id", "access_code"}
    assert out["account_id"] == "acct-42"
    tid = out["service_request_id"]

    got = client.http.get(f"{BASE}/requests/{tid}.json")
    assert got.status_code == 200
    [req] = got.json_body
    assert req["service_request_id"] == tid
    assert req["status"] == "open"
    assert req["service_code"] == code
    # the one public projection: a point rounded to about 1 km and the region's name, never the exact place
    assert (req["lat"], req["long"]) == (-8.67, 115.21)
    assert req["address"] == "Kota Denpasar" and "Gatot Subroto Barat" not in got.body.decode()
    assert req["description"].startswith("Jalan berlubang")
    assert req["requested_datetime"].endswith("+00:00")
    for f in ("status_notes", "agency_responsible", "service_notice", "updated_datetime", "expected_datetime",
              "address_id", "zipcode", "media_url", "service_name"):
        assert f in req
    text = got.body.decode()
    for secret in ("made.o311@example.com", "6281234567890", "Wirawan", "acct-42", "dev-1", out["access_code"]):
        assert secret not in text

    # the reporter follows up with Salur's own API and the access code
    mine = client.http.get(f"/v1/complaints/{tid}", headers={"X-Access-Code": out["access_code"]})
    assert mine.status_code == 200 and mine.json_body["channel"] == "open311"

    x = client.http.get(f"{BASE}/requests/{tid}.xml")
    root = ET.fromstring(x.body)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == tid
    assert root.find("request/status").text == "open"

    tok = client.http.get(f"{BASE}/tokens/{tid}.json")
    assert tok.status_code == 200 and tok.json_body == [{"service_request_id": tid, "token": tid}]
    tx = ET.fromstring(client.http.get(f"{BASE}/tokens/{tid}.xml").body)
    assert tx.find("request/service_request_id").text == tid
    is_open311_error(client.http.get(f"{BASE}/tokens/ZZZZ-ZZZZ.json"), 404)
    is_open311_error(client.http.get(f"{BASE}/requests/ZZZZ-ZZZZ.json"), 404)
    is_open311_error(client.http.get(f"{BASE}/requests/not-an-id.json"), 404)


def test_file_by_json_and_xml_reply(client, code):
    data = {**good(code), "lat": -8.67, "long": 115.21, "attribute": {"anonymous": True}}
    res = post_json(client, data, ext="xml")
    assert res.status_code == 201, res.body
    assert res.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(res.body)
    tid = root.findtext("request/service_request_id")
    assert tid and root.findtext("request/access_code")
    [req] = client.http.get(f"{BASE}/requests/{tid}.json").json_body
    # anonymous: no address text, no coordinates, no address_id
    assert req["lat"] is None and req["long"] is None
    assert req["address"] != "Jl. Gatot Subroto Barat, Denpasar"


def test_multipart_form(client, code):
    boundary = "----salur" + uuid.uuid4().hex
    parts = []
    for k, v in good(code).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n')
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n'
                 f'Content-Type: image/jpeg\r\n\r\nJPEGDATA\r\n--{boundary}--\r\n')
    res = client.http.post(f"{BASE}/requests.json",
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                           body="".join(parts).encode())
    assert res.status_code == 201, res.body
    bad = client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "multipart/form-data"}, body=b"junk")
    is_open311_error(bad, 415)


def test_short_description_is_padded(client, code, matters):
    out = file(client, code, description="Lubang")
    [req] = client.http.get(f"{BASE}/requests/{out['service_request_id']}.json").json_body
    assert req["description"].startswith("Lubang — ")
    assert matters[code]["label_id"] in req["description"]
    assert len(req["description"]) >= 20
    none = file(client, code, description="")
    assert none["service_request_id"]


def test_media_url_is_kept_and_address_id_never_published(client, code):
    out = file(client, code, media_url="https://img.example.org/p/1.jpg", address_id="ADDR-77")
    [req] = client.http.get(f"{BASE}/requests/{out['service_request_id']}.json").json_body
    assert req["media_url"] == "https://img.example.org/p/1.jpg"
    assert req["address_id"] is None  # an exact address in the client's own terms
    from chalicelib.adapters.media_store import MediaStore

    [record] = MediaStore().list(out["service_request_id"])  # the agency sees it among the attachments
    assert (record["state"], record["source"], record["reference"]) == \
        ("pending_fetch", "open311", "https://img.example.org/p/1.jpg")


def test_idempotency_key(client, code):
    key = "o311-" + uuid.uuid4().hex
    a = post_form(client, good(code), headers={"Idempotency-Key": key})
    b = post_form(client, good(code), headers={"Idempotency-Key": key})
    assert a.status_code == b.status_code == 201
    assert a.json_body[0]["service_request_id"] == b.json_body[0]["service_request_id"]
    c = post_form(client, good(code, description="Sesuatu yang lain sama sekali, bukan jalan."),
                  headers={"Idempotency-Key": key})
    is_open311_error(c, 409)


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize("fields, fragment", [
    ({"service_code": ""}, "service_code"),
    ({"service_code": "no-such-service"}, "service_code"),
    ({"lat": "abc"}, "lat"),
    ({"lat": "95"}, "lat"),
    ({"long": ""}, "lat and long"),
    ({"lat": "", "long": "", "address_string": ""}, "location"),
    ({"email": "not-an-email"}, "email"),
    ({"phone": "12ab"}, "phone"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"address_string": "x" * 301}, "address_string"),
])
def test_validation_errors_in_open311_format(client, code, fields, fragment):
    res = post_form(client, good(code, **fields))
    body = is_open311_error(res, 400)
    assert all(e["code"] == 400 for e in body)
    assert any(fragment in e["description"] for e in body), body


def test_error_formats_and_chalice_errors(client, code):
    x = post_form(client, good(code, service_code=""), ext="xml")
    assert x.status_code == 400 and x.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(x.body)
    assert root.tag == "errors" and root.find("error/code").text == "400"
    assert "service_code" in root.find("error/description").text

    is_open311_error(client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "application/json"},
                                      body="{not json"), 400)
    is_open311_error(client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "application/json"},
                                      body="[1, 2]"), 400)
    is_open311_error(post_json(client, {**good(code), "description": {"nested": 1}}), 400)
    unsupported = client.http.post(f"{BASE}/requests.json", headers={"Content-Type": "text/plain"}, body="hi")
    is_open311_error(unsupported, 415)
    ux = client.http.post(f"{BASE}/requests.xml", headers={"Content-Type": "text/plain"}, body="hi")
    assert ux.status_code == 415 and ET.fromstring(ux.body).tag == "errors"
    wrong = client.http.put(f"{BASE}/requests.json", headers=FORM, body="")
    is_open311_error(wrong, 405)
    big = client.http.post(f"{BASE}/requests.json", headers=FORM, body="description=" + "x" * 70000)
    is_open311_error(big, 413)
    # Salur's own routes keep Salur's error shape
    v1 = client.http.post("/v1/complaints", headers={"Content-Type": "text/plain"}, body="x")
    assert v1.status_code == 415 and "error" in v1.json_body


def test_garbage_form_never_5xx(client):
    for body in (b"%%%&&&==", b"\xff\xfe\x00", b"attribute[=1&attribute[x][]=2", b"service_code=roads&lat=nan&long=inf"):
        res = client.http.post(f"{BASE}/requests.json", headers=FORM, body=body)
        assert 400 <= res.status_code < 500, (body, res.body)


# ----------------------------------------------------------------------------- listing
def _set_status(tid, status):
    from chalicelib import config
    from chalicelib.adapters.dynamo import ddb, key

    ddb().update_item(TableName=config.complaints_table(), Key=key(f"C#{tid}", "CASE"),
                      UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "status"},
                      ExpressionAttributeValues={":s": {"S": status}})


def _ids(res):
    assert res.status_code == 200, res.body
    return [r["service_request_id"] for r in res.json_body]


def _q(client, ext="json", **params):
    return client.http.get(f"{BASE}/requests.{ext}?{urlencode(params)}")


def test_list_filters(client, code, other_code):
    start = (datetime.now(timezone.utc) - timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    a = file(client, code)["service_request_id"]
    b = file(client, other_code)["service_request_id"]
    c = file(client, code)["service_request_id"]
    _set_status(c, "completed")
    secret = file(client, code, **{"attribute[confidential]": "true"})["service_request_id"]

    default = _ids(client.http.get(f"{BASE}/requests.json"))
    assert {a, b, c} <= set(default) and secret not in default
    recent = _ids(_q(client, start_date=start))
    assert {a, b, c} <= set(recent) and secret not in recent
    assert recent.index(c) < recent.index(a)  # newest first

    by_code = _ids(_q(client, start_date=start, service_code=code))
    assert a in by_code and c in by_code and b not in by_code
    both = _ids(_q(client, start_date=start, service_code=f"{code},{other_code}"))
    assert {a, b, c} <= set(both)

    opened = _ids(_q(client, start_date=start, status="open"))
    closed = _ids(_q(client, start_date=start, status="closed"))
    assert a in opened and c not in opened and c in closed and a not in closed
    [row] = [r for r in _q(client, start_date=start, status="closed").json_body if r["service_request_id"] == c]
    assert row["status"] == "closed"

    many = _ids(_q(client, service_request_id=f"{a},{c.lower()},{secret},ZZZZ-ZZZZ,garbage"))
    assert many == [a, c]

    past = (datetime.now(timezone.utc) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert not {a, b, c} & set(_ids(_q(client, start_date=past, end_date=start)))

    xml = _q(client, ext="xml", start_date=start, service_code=code)
    root = ET.fromstring(xml.body)
    assert root.tag == "service_requests"
    assert {a, c} <= {r.findtext("service_request_id") for r in root.findall("request")}
    text = xml.body.decode() + client.http.get(f"{BASE}/requests.json").body.decode()
    assert "made.o311@example.com" not in text and "6281234567890" not in text

    # the confidential one is invisible everywhere
    is_open311_error(client.http.get(f"{BASE}/requests/{secret}.json"), 404)
    is_open311_error(client.http.get(f"{BASE}/tokens/{secret}.json"), 404)


def test_list_spans_day_partitions(client, code):
    """Cases filed on earlier days are found in their own day partitions, and ranges are honoured."""
    from chalicelib.api.schemas import ComplaintIn
    from chalicelib.domain.contacts import Origin
    from chalicelib.services import intake
    from chalicelib.services import open311_requests as open311_service

    tag = uuid.uuid4().hex[:8]
    filed = {}
    for days_ago in (2, 10, 40):
        when = datetime.now(timezone.utc) - timedelta(days=days_ago)
        data = ComplaintIn.model_validate({"title": f"Jalan rusak {tag}", "category": code,
                                           "body": "Jalan berlubang di depan sekolah sudah lama sekali."}
                                          ).model_dump(mode="json")
        res, _ = intake.file_complaint(data, now=when, origin=Origin(channel="open311"))
        open311_service.index_case(res["tracking_id"], res["created_at"], code)
        filed[days_ago] = res["tracking_id"]
    day = lambda n: (datetime.now(timezone.utc) - timedelta(days=n)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    got = _ids(_q(client, start_date=day(12), end_date=day(1)))
    assert filed[2] in got and filed[10] in got and filed[40] not in got
    assert got.index(filed[2]) < got.index(filed[10])
    assert filed[40] in _ids(client.http.get(f"{BASE}/requests.json"))
    assert filed[40] in _ids(_q(client, start_date=day(41)))  # end defaults to start + 90 days
    only_date = _ids(_q(client, start_date=day(11)[:10], end_date=day(9)[:10]))
    assert filed[10] in only_date and filed[2] not in only_date


@pytest.mark.parametrize("params", [
    {"status": "pending"},
    {"start_date": "yesterday"},
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    {"service_request_id": ",".join(["AAAA-AAAA"] * 101)},
])
def test_list_bad_filters(client, params):
    is_open311_error(_q(client, **params), 400)
    x = _q(client, ext="xml", **params)
    assert x.status_code == 400 and ET.fromstring(x.body).tag == "errors"


def test_scan_is_never_used(client, code, monkeypatch):
    from chalicelib.adapters import dynamo

    real = dynamo.ddb()

    class NoScan:
        def __getattr__(self, name):
            if name == "scan":
                raise AssertionError("Scan on a request path")
            return getattr(real, name)

    monkeypatch.setattr(dynamo, "ddb", lambda: NoScan())
    tid = file(client, code)["service_request_id"]
    assert tid in _ids(client.http.get(f"{BASE}/requests.json"))


# ----------------------------------------------------------------------------- clients
def test_api_key_names_the_client(client, code, monkeypatch):
    from chalicelib import config
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.adapters.dynamo import ddb, to_item
    from chalicelib.services import open311_requests as open311_service

    monkeypatch.setenv("OPEN311_CLIENTS", json.dumps({"key-env-1": "Lapor Bali App"}))
    named = file(client, code, api_key="key-env-1")["service_request_id"]
    unknown = file(client, code, api_key="who-knows")["service_request_id"]
    none = file(client, code)["service_request_id"]
    ddb().put_item(TableName=config.agencies_table(), Item=to_item(
        {"PK": "O311CLIENT#" + open311_service.key_digest("key-table-2"), "SK": "CLIENT", "name": "FixMyKota"}))
    tabled = file(client, code, api_key="key-table-2")["service_request_id"]
    repo = ComplaintRepository()
    assert repo.get(named)["channel_ref"] == "Lapor Bali App"
    assert repo.get(tabled)["channel_ref"] == "FixMyKota"
    assert repo.get(unknown).get("channel_ref") is None
    assert repo.get(none).get("channel_ref") is None
    assert repo.get(named)["channel"] == "open311"
    monkeypatch.setenv("OPEN311_CLIENTS", "{broken")
    assert file(client, code, api_key="key-env-1")["service_request_id"]


def test_discovery_and_openapi(client):
    d = client.http.get(f"{BASE}/discovery.json")
    assert d.status_code == 200 and d.json_body["endpoints"][0]["specification"].endswith("GeoReport_v2")
    assert ET.fromstring(client.http.get(f"{BASE}/discovery.xml").body).tag == "discovery"
    spec = client.http.get("/openapi.json").json_body
    op = spec["paths"][f"{BASE}/requests.json"]["post"]
    assert op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("Open311Errors")
    assert "Open311Errors" in spec["components"]["schemas"]
    for path in (f"{BASE}/services.json", f"{BASE}/services.xml", BASE + "/services/{service_file}",
                 BASE + "/requests/{request_file}", BASE + "/tokens/{token_file}", f"{BASE}/requests.xml"):
        assert path in spec["paths"]
        for method, operation in spec["paths"][path].items():
            assert operation["summary"].startswith("Open311"), (path, method)


# ----------------------------------------------------------------------------- a third-party client
class TinyOpen311Client:
    """What real Open311 apps do: form posts with urlencode, XML parsed with ElementTree."""

    def __init__(self, http, base=BASE, api_key=None):
        self.http, self.base, self.api_key = http, base, api_key

    def services(self):
        root = ET.fromstring(self.http.get(f"{self.base}/services.xml").body)
        return {s.findtext("service_code"): s.findtext("service_name") for s in root.iter("service")}

    def submit(self, **fields):
        if self.api_key:
            fields["api_key"] = self.api_key
        res = self.http.post(f"{self.base}/requests.xml", headers=FORM, body=urlencode(fields))
        root = ET.fromstring(res.body)
        if root.tag == "errors":
            return None, [(e.findtext("code"), e.findtext("description")) for e in root.iter("error")]
        return root.findtext("request/service_request_id"), []

    def request(self, rid):
        root = ET.fromstring(self.http.get(f"{self.base}/requests/{rid}.xml").body)
        req = root.find("request")
        return {child.tag: child.text for child in req} if req is not None else None

    def requests(self, **params):
        root = ET.fromstring(self.http.get(f"{self.base}/requests.xml?{urlencode(params)}").body)
        return [{c.tag: c.text for c in r} for r in root.iter("request")]


def test_third_party_client(client, code, monkeypatch):
    monkeypatch.setenv("OPEN311_CLIENTS", json.dumps({"tiny-key": "Tiny311"}))
    tiny = TinyOpen311Client(client.http, api_key="tiny-key")
    services = tiny.services()
    assert code in services
    rid, errors = tiny.submit(service_code=code, lat="-6.2", long="106.8", description="Lampu jalan mati",
                              address_string="Jl. Sudirman, Jakarta", email="tiny@example.com")
    assert rid and not errors
    req = tiny.request(rid)
    assert req["service_request_id"] == rid and req["status"] == "open"
    assert float(req["lat"]) == pytest.approx(-6.2)
    assert req["zipcode"] is None  # empty element
    assert rid in [r["service_request_id"] for r in tiny.requests(service_request_id=rid)]
    rid2, errors = tiny.submit(service_code="nope", lat="-6.2", long="106.8")
    assert rid2 is None and errors and errors[0][0] == "400"
