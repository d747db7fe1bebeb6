"""Agency settings (#13): accounts (agency admins their own agency's, the national admin agency admins) and units
(the standard set from units.csv as data: add, rename, retire; ids stay)."""
from __future__ import annotations

import json

import pytest
from agency_support import A, B
from staff_support import bearer

NAT = ("kemenpanrb", "admin")


@pytest.fixture(autouse=True)
def _totp(monkeypatch):
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")


def create(client, who, body, agency=None):
    q = f"?agency_id={agency}" if agency else ""
    return client.http.post(f"/v1/agency/accounts{q}", headers=bearer(client, *who), body=json.dumps(body))


def person(email, role="officer", **extra):
    return {"email": email, "display_name": email.split("@")[0].title(), "role": role, **extra}


def test_who_creates_which_accounts(client):
    ok = create(client, (A, "admin"), person("putu@a.test", unit_id=f"{A}/pupr"))
    assert ok.status_code == 201 and ok.json_body["unit_id"] == f"{A}/pupr" and ok.json_body["status"] == "active"
    assert create(client, (A, "admin"), person("boss@a.test", "admin")).status_code == 403  # not admins
    assert create(client, (A, "admin"), person("x@b.test"), agency=B).status_code == 403  # not another agency
    assert create(client, (A, "supervisor"), person("y@a.test")).status_code == 403
    assert create(client, NAT, person("admin@b.test", "admin"), agency=B).status_code == 201
    assert create(client, (A, "admin"), person("v@a.test", "verifier")).status_code == 422  # province/national only
    assert create(client, (A, "admin"), person("s@a.test", "supervisor", unit_id=f"{A}/pupr")).status_code == 422
    assert create(client, (A, "admin"), person("u@a.test", unit_id=f"{B}/pupr")).status_code == 422
    dup = create(client, (A, "admin"), person("putu@a.test"))
    assert dup.status_code == 409 and dup.json_body["error"]["code"] == "account_exists"
    listed = client.http.get("/v1/agency/accounts", headers=bearer(client, A, "admin")).json_body["items"]
    assert "putu@a.test" in {a["email"] for a in listed} and all(a["agency_id"] == A for a in listed)
    other = ok.json_body["account_id"]
    assert client.http.post(f"/v1/agency/accounts/{other}/disable", headers=bearer(client, B, "admin")
                            ).status_code == 404


def test_units_are_data_an_agency_admin_edits(client):
    who = bearer(client, A, "admin")
    units = client.http.get("/v1/agency/units", headers=who).json_body["items"]
    ids = {u["id"] for u in units}
    assert {f"{A}/pupr", f"{A}/disdukcapil"} <= ids and all(u["agency_id"] == A for u in units)
    added = client.http.post("/v1/agency/units", headers=who, body=json.dumps({"key": "upt-parkir", "name": "UPT Parkir"}))
    assert added.status_code == 201 and added.json_body["id"] == f"{A}/upt-parkir"
    assert client.http.post("/v1/agency/units", headers=who,
                            body=json.dumps({"key": "pupr", "name": "again"})).status_code == 409
    renamed = client.http.patch("/v1/agency/units/pupr", headers=who, body=json.dumps({"name": "Dinas PUPR Denpasar"}))
    assert renamed.status_code == 200 and renamed.json_body["id"] == f"{A}/pupr"
    retired = client.http.patch("/v1/agency/units/dishub", headers=who, body=json.dumps({"status": "retired"}))
    assert retired.status_code == 200
    after = {u["id"]: u for u in client.http.get("/v1/agency/units", headers=who).json_body["items"]}
    assert after[f"{A}/pupr"]["name"] == "Dinas PUPR Denpasar" and after[f"{A}/dishub"]["status"] == "retired"
    assert f"{A}/upt-parkir" in after
    # a retired unit takes no new accounts; another agency's admin cannot edit A's units
    assert create(client, (A, "admin"), person("d@a.test", unit_id=f"{A}/dishub")).status_code == 422
    assert client.http.patch(f"/v1/agency/units/pupr?agency_id={A}", headers=bearer(client, B, "admin"),
                             body=json.dumps({"name": "x"})).status_code == 403
    assert client.http.post("/v1/agency/units", headers=bearer(client, A, "supervisor"),
                            body=json.dumps({"key": "abc", "name": "x"})).status_code == 403
