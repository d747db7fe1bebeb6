"""Open311 pure parts: body parsing, field mapping, JSON/XML rendering, filters."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import open311_mapping as o

SERVICES = {"roads": {"id": "roads", "label_id": "Jalan", "label_en": "Roads", "description_en": "Potholes",
                      "group": "infrastructure"}}
NOW = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)


def form(**fields):
    return {"fields": fields, "attributes": {}}


# ----------------------------------------------------------------------------- parsing
def test_parse_form_fields_and_attributes():
    p = o.parse_form(b"service_code=roads&lat=-8.6&long=115.2&description=Lubang+besar%21"
                     b"&attribute[anonymous]=true&attribute[tags][]=a&attribute[tags][]=b&service_code=second")
    assert p["fields"]["service_code"] == "roads"  # first value wins
    assert p["fields"]["description"] == "Lubang besar!"
    assert p["attributes"] == {"anonymous": "true", "tags": ["a", "b"]}


def test_parse_body_dispatch():
    assert o.parse_body(b"a=1", "application/x-www-form-urlencoded; charset=utf-8")["fields"] == {"a": "1"}
    assert o.parse_body(b'{"lat": -8.5, "attribute": {"confidential": true}}', "application/json") == \
        {"fields": {"lat": "-8.5"}, "attributes": {"confidential": "true"}}
    assert o.parse_body(b"a=1", None)["fields"] == {"a": "1"}  # Open311's default is a form
    with pytest.raises(o.Open311Error) as e:
        o.parse_body(b"x", "text/plain")
    assert e.value.status == 415
    with pytest.raises(o.Open311Error) as e:
        o.parse_body(b"{", "application/json")
    assert e.value.status == 400
    with pytest.raises(o.Open311Error):
        o.parse_body(b'{"description": ["a"]}', "application/json")


def test_parse_multipart():
    body = (b'--B\r\nContent-Disposition: form-data; name="service_code"\r\n\r\nroads\r\n'
            b'--B\r\nContent-Disposition: form-data; name="attribute[anonymous]"\r\n\r\n1\r\n'
            b'--B\r\nContent-Disposition: form-data; name="media"; filename="x.jpg"\r\n\r\n\xff\xd8\r\n--B--\r\n')
    p = o.parse_multipart(body, "multipart/form-data; boundary=B")
    assert p == {"fields": {"service_code": "roads"}, "attributes": {"anonymous": "1"}}
    assert o.parse_multipart(b"junk", "multipart/form-data") is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_form_parser_never_raises(raw):
    p = o.parse_form(raw)
    assert set(p) == {"fields", "attributes"}
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in p["fields"].items())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["application/x-www-form-urlencoded", "application/json",
                                                  "multipart/form-data; boundary=xyz", "multipart/form-data",
                                                  "text/plain", "", "application/json; charset=latin-1"]))
def test_parse_body_only_raises_open311_errors(raw, ctype):
    try:
        o.parse_body(raw, ctype)
    except o.Open311Error as err:
        assert err.status in (400, 415)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list(o.FIELDS)), st.text(max_size=60), max_size=10))
def test_mapping_never_raises_anything_but_open311_errors(fields):
    try:
        data, extras = o.to_complaint({"fields": fields, "attributes": {}}, SERVICES)
    except o.Open311Error as err:
        assert err.status == 400 and err.descriptions
    else:
        assert data["channel"] == "open311" and len(data["body"]) >= o.DESCRIPTION_MIN


# ----------------------------------------------------------------------------- mapping
def test_field_mapping():
    data, extras = o.to_complaint({"fields": {
        "service_code": "roads", "lat": "-8.67", "long": "115.21", "address_string": "Jl. Gatot Subroto",
        "first_name": "Made", "last_name": "Wirawan", "email": "m@example.com", "phone": "08123456789",
        "description": "Jalan berlubang besar di depan sekolah dasar, berbahaya untuk anak-anak.",
        "media_url": "https://x.example/p.jpg", "address_id": "A1", "account_id": "acc", "api_key": "k",
        "device_id": "d"}, "attributes": {"confidential": "true"}}, SERVICES)
    assert data["category"] == "roads" and data["channel"] == "open311" and data["kind"] == "complaint"
    assert data["title"].startswith("Jalan: Jalan berlubang")
    assert data["body"].startswith("Jalan berlubang besar")
    assert data["location"] == {"text": "Jl. Gatot Subroto", "lat": -8.67, "lon": 115.21}
    assert data["reporter"] == {"name": "Made Wirawan", "email": "m@example.com", "phone": "08123456789"}
    assert data["confidential"] is True and data["anonymous"] is False
    assert extras == {"api_key": "k", "account_id": "acc", "media_url": "https://x.example/p.jpg",
                      "address_id": "A1"}
    from chalicelib.api.schemas import ComplaintIn

    ComplaintIn.model_validate({k: v for k, v in data.items() if k != "channel"})  # the door's channel aside


def test_short_description_padded_in_language():
    data, _ = o.to_complaint(form(service_code="roads", address_string="Jl. A", description="Lubang"), SERVICES)
    assert data["body"] == "Lubang — Jalan [dilaporkan melalui Open311]"  # never the address: the body is public
    data, _ = o.to_complaint(form(service_code="roads", lat="1", long="2"), SERVICES, lang="en")
    assert data["body"] == "Roads [reported via Open311]"  # nor the coordinates
    assert data["title"] == "Roads"
    tiny = {"air": {"id": "air", "label_id": "Air"}}
    assert o.to_complaint(form(service_code="air", lat="1", long="2"), tiny)[0]["title"] == "Air (Open311)"
    assert data["reporter"] is None


def test_all_errors_reported_together():
    with pytest.raises(o.Open311Error) as e:
        o.to_complaint(form(service_code="nope", lat="x", media_url="ftp://a"), SERVICES)
    descs = " | ".join(e.value.descriptions)
    assert "service_code" in descs and "lat" in descs and "media_url" in descs
    assert e.value.entries()[0]["code"] == 400


def test_validation_errors_use_open311_names():
    err = o.validation_errors({"reporter.email": "Email tidak valid", "location.lon": "x", "body": "short"})
    assert sorted(err.descriptions) == ["description: short", "email: Email tidak valid", "long: x"]


# ----------------------------------------------------------------------------- rendering
CASE = {"tracking_id": "ABCD-EFGH", "status": "completed", "kind": "complaint", "body": "Jalan <rusak> & \x01",
        "matter": {"id": "roads", "label_id": "Jalan", "label_en": "Roads"}, "agency_id": "pemkot-51.71",
        "agency_name": "Pemkot Denpasar",
        "created_at": "2026-11-20T01:02:03.456789Z", "updated_at": "2026-11-21T01:02:03.000000Z",
        "due_at": "2026-11-27T15:59:59.000000Z", "location": {"text": "Jl. A", "lat": -8.6, "lon": 115.2},
        "region": {"name": "Kota Denpasar"}, "reporter": {"name": "Made", "email": "m@example.com"},
        "anonymous": False}


def test_request_entry():
    timeline = [{"at": "2026-11-21T01:00:00Z", "role": "officer", "public": True, "public_message": "Fixed."}]
    r = o.request_entry(CASE, "en", {"media_url": "https://x/p.jpg", "address_id": "A1"}, timeline)
    assert r["status"] == "closed" and r["service_name"] == "Roads" and r["service_code"] == "roads"
    assert r["requested_datetime"] == "2026-11-20T01:02:03+00:00"
    assert r["expected_datetime"] == "2026-11-27T15:59:59+00:00"
    assert r["agency_responsible"] == "Pemkot Denpasar" and r["status_notes"] == "Fixed."
    # the one public projection: the region, a point rounded to ~1 km, never the address text or address_id
    assert (r["address"], r["lat"], r["long"], r["media_url"]) == ("Kota Denpasar", -8.6, 115.2, "https://x/p.jpg")
    assert r["address_id"] is None and "Jl. A" not in json.dumps(r)
    assert "5" in r["service_notice"]
    assert "m@example.com" not in json.dumps(r) and "Made" not in json.dumps(r)
    anon = o.request_entry({**CASE, "anonymous": True}, "id", {"address_id": "A1", "media_url": "https://x/p.jpg"})
    assert (anon["address"], anon["lat"], anon["long"], anon["address_id"], anon["media_url"]) == \
        ("Kota Denpasar", None, None, None, None)
    assert o.request_entry({**CASE, "status": "in_progress"}, "id")["status"] == "open"
    exact = o.request_entry({**CASE, "location": {"lat": -8.670512, "lon": 115.212634}}, "id")
    assert (exact["lat"], exact["long"]) == (-8.67, 115.21)


def test_status_notes_latest_public_and_never_the_reporters_words():
    from chalicelib.domain.case_views import status_notes

    tl = [{"at": "1", "role": "system", "public": True, "public_message": "Diterima"},
          {"at": "3", "role": "officer", "public": False, "public_message": "internal"},
          {"at": "2", "role": "officer", "public": True, "public_message": "Diteruskan"},
          {"at": "4", "role": "reporter", "public": True, "public_message": "NIK saya 3171234567890001"}]
    assert status_notes(tl) == "Diteruskan"
    assert status_notes([]) is None
    assert o.request_entry(CASE, "id", None, tl)["status_notes"] == "Diteruskan"


def test_xml_rendering_escapes_and_strips_control_chars():
    body, ctype = o.render("xml", "service_requests", "request", [o.request_entry(CASE, "id")])
    assert ctype == "text/xml; charset=utf-8"
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(body)
    req = root.find("request")
    assert req.findtext("description") == "Jalan <rusak> & "
    assert req.findtext("zipcode") == "" and req.find("zipcode") is not None
    assert req.findtext("lat") == "-8.6"


def test_json_and_error_rendering():
    body, ctype = o.render("json", "services", "service", [o.service_entry(SERVICES["roads"], "en")])
    assert ctype == "application/json; charset=utf-8"
    assert json.loads(body) == [{"service_code": "roads", "service_name": "Roads", "description": "Potholes",
                                 "metadata": False, "type": "realtime", "keywords": "Jalan,Roads",
                                 "group": "infrastructure"}]
    err = o.Open311Error(404, "not found")
    assert json.loads(o.render_error("json", err)[0]) == [{"code": 404, "description": "not found"}]
    root = ET.fromstring(o.render_error("xml", err)[0])
    assert root.tag == "errors" and root.find("error/code").text == "404"
    d = ET.fromstring(o.to_xml("discovery", None, {"endpoints": [{"formats": ["a", "b"]}]}))
    assert [f.text for f in d.iter("format")] == ["a", "b"]


def test_split_format_and_format_of_path():
    assert o.split_format("roads.json") == ("roads", "json")
    assert o.split_format("ABCD-EFGH.XML") == ("ABCD-EFGH", "xml")
    assert o.split_format("a.b.xml") == ("a.b", "xml")
    for bad in ("roads", "roads.html", ".json", "", None):
        assert o.split_format(bad) is None
    assert o.format_of_path("/open311/v2/requests.xml") == "xml"
    assert o.format_of_path("/open311/v2/requests/{request_file}", {"request_file": "x.xml"}) == "xml"
    assert o.format_of_path("/open311/v2/requests/{request_file}", {"request_file": "x"}) == "json"


# ----------------------------------------------------------------------------- filters
def test_list_filters_defaults_and_limits():
    f = o.list_filters({}, NOW)
    assert f["end"] == NOW and f["start"] == NOW - timedelta(days=90) and f["status"] == set()
    f = o.list_filters({"start_date": "2026-11-01", "status": "closed", "service_code": "roads, water"}, NOW)
    assert f["start"] == datetime(2026, 11, 1, tzinfo=timezone.utc) and f["end"] == NOW
    assert f["status"] == {"closed"} and f["service_codes"] == {"roads", "water"}
    f = o.list_filters({"end_date": "2026-11-01T07:00:00+07:00"}, NOW)
    assert f["end"] == datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert o.list_filters({"service_request_id": "abcd-efgh, ZZZZ-ZZZZ,bad,ABCD-EFGH"}, NOW) == \
        {"ids": ["ABCD-EFGH", "ZZZZ-ZZZZ"]}
    assert o.list_filters({"status": "open,closed"}, NOW)["status"] == set()
    for bad in ({"status": "new"}, {"start_date": "nope"}, {"end_date": "2026-13-01"},
                {"start_date": "2026-01-01", "end_date": "2026-05-01"},
                {"start_date": "2026-05-01", "end_date": "2026-04-01"}):
        with pytest.raises(o.Open311Error) as e:
            o.list_filters(bad, NOW)
        assert e.value.status == 400


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["start_date", "end_date", "status", "service_code", "service_request_id"]),
                       st.text(max_size=40), max_size=5))
def test_list_filters_only_raise_open311_errors(params):
    try:
        o.list_filters(params, NOW)
    except o.Open311Error as err:
        assert err.status == 400
