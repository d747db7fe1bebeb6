"""Who may do what: API keys (issue, list, rotate, revoke) and the role × endpoint × ownership matrix."""
from __future__ import annotations

import json

import pytest
from agency_support import A, B, C, hdr, key, make_case, version

pytestmark = pytest.mark.usefixtures("aws")

NAT = "kemenpanrb"
P51, P31 = "pemprov-51", "pemprov-31"


# -- authentication -------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [
    {}, {"X-Api-Key": ""}, {"X-Api-Key": "nonsense"}, {"X-Api-Key": "slr_0123456789abcdef_" + "x" * 43},
    {"Authorization": "Basic abc"}, {"Authorization": "Bearer slr_zz_yy"},
])
def test_missing_or_bad_key_is_401_json(client, headers):
    res = client.http.get("/v1/agency/complaints", headers={**headers, "Accept-Language": "en"})
    assert res.status_code == 401
    assert res.json_body["error"]["code"] == "unauthorized"
    assert res.json_body["error"]["message"] == "Missing or invalid API key."


def test_wrong_secret_for_real_key_id_is_401(client):
    good = key(A, "officer")
    bad = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    assert client.http.get("/v1/agency/complaints", headers={"X-Api-Key": bad}).status_code == 401


def test_bearer_header_works(client):
    res = client.http.get("/v1/agency/complaints", headers={"Authorization": f"Bearer {key(A, 'officer')}"})
    assert res.status_code == 200, res.body
    assert res.json_body["agency_id"] == A


def test_admin_issues_lists_rotates_and_revokes_keys(client):
    admin = hdr(NAT, "admin")
    res = client.http.post("/v1/admin/keys", headers=admin, body=json.dumps({"agency_id": B, "role": "supervisor"}))
    assert res.status_code == 201, res.body
    issued = res.json_body
    plaintext, kid = issued["api_key"], issued["key_id"]
    assert plaintext.startswith(f"slr_{kid}_") and issued["prefix"] == plaintext[:len(issued["prefix"])]
    assert client.http.get("/v1/agency/complaints", headers={"X-Api-Key": plaintext}).status_code == 200

    listed = client.http.get(f"/v1/admin/keys?agency_id={B}", headers=admin).json_body["items"]
    mine = [k for k in listed if k["key_id"] == kid][0]
    assert mine["status"] == "active" and mine["role"] == "supervisor"
    assert not {"hash", "salt", "api_key", "secret"} & set(mine)
    assert plaintext not in json.dumps(listed)

    rot = client.http.post(f"/v1/admin/keys/{kid}/rotate", headers=admin)
    assert rot.status_code == 200
    new_key = rot.json_body["api_key"]
    assert rot.json_body["rotated_from"] == kid
    assert client.http.get("/v1/agency/complaints", headers={"X-Api-Key": plaintext}).status_code == 401
    assert client.http.get("/v1/agency/complaints", headers={"X-Api-Key": new_key}).status_code == 200

    new_id = rot.json_body["key_id"]
    assert client.http.delete(f"/v1/admin/keys/{new_id}", headers=admin).status_code == 200
    assert client.http.get("/v1/agency/complaints", headers={"X-Api-Key": new_key}).status_code == 401
    statuses = {k["key_id"]: k["status"] for k in client.http.get(f"/v1/admin/keys?agency_id={B}",
                                                                     headers=admin).json_body["items"]}
    assert statuses[kid] == statuses[new_id] == "revoked"
    assert client.http.delete(f"/v1/admin/keys/{new_id}", headers=admin).status_code == 404
    assert client.http.post("/v1/admin/keys/nothex/rotate", headers=admin).status_code == 404


@pytest.mark.parametrize("agency,role,status", [
    (A, "admin", 422), (A, "verifier", 422), (A, "coordinator", 422), (P51, "verifier", 201),
    (NAT, "coordinator", 201), ("no-such", "officer", 422), (A, "emperor", 422),
])
def test_role_must_fit_agency(client, agency, role, status):
    res = client.http.post("/v1/admin/keys", headers=hdr(NAT, "admin"),
                           body=json.dumps({"agency_id": agency, "role": role}))
    assert res.status_code == status, res.body


def test_scopes():
    from chalicelib.domain.access_policy import scope_of

    assert scope_of(P51, "verifier") == "51" and scope_of(NAT, "verifier") == "NAT"
    assert scope_of(NAT, "admin") == "NAT" and scope_of(A, "officer") == A


def test_cli_issue_list_rotate_revoke(capsys):
    from scripts import keys

    assert keys.main(["issue", "--agency", C, "--role", "officer", "--label", "cli"]) == 0
    out = capsys.readouterr().out
    plaintext = [w for w in out.split() if w.startswith("slr_")][0]
    kid = plaintext.split("_")[1]
    assert keys.main(["list", "--agency", C]) == 0
    listing = capsys.readouterr().out
    assert kid in listing and plaintext not in listing
    assert keys.main(["rotate", kid]) == 0
    assert "slr_" in capsys.readouterr().out
    assert keys.main(["revoke", kid]) == 1  # already revoked by the rotation
    assert keys.main(["issue", "--agency", A, "--role", "admin"]) == 2


# -- the matrix -----------------------------------------------------------------------------
PRINCIPALS = [(A, "officer"), (A, "supervisor"), (B, "officer"), (C, "officer"), (P51, "verifier"),
              (P51, "coordinator"), (P31, "verifier"), (P31, "coordinator"), (NAT, "admin"), (NAT, "verifier")]


def _case(kind: str) -> dict:
    """plain: at A (Bali); moved: B transferred it to A; other: at C (DKI)."""
    if kind == "plain":
        return make_case(A, "51", publish=False)
    if kind == "other":
        return make_case(C, "31", publish=False)
    from chalicelib.services import cases

    c = make_case(B, "51", publish=False)
    return cases.transition(c["tracking_id"], "transfer", "officer", target_agency_id=A, reason="bukan wewenang")


# expected status of (GET case, POST note, POST accept) for each principal × case
S, N, X, F = 200, 404, 403, 403
MATRIX = {
    (A, "officer"):      {"plain": (S, S, S), "moved": (S, S, S), "other": (N, N, N)},
    (A, "supervisor"):   {"plain": (S, S, S), "moved": (S, S, S), "other": (N, N, N)},
    (B, "officer"):      {"plain": (N, N, N), "moved": (S, X, X), "other": (N, N, N)},
    (C, "officer"):      {"plain": (N, N, N), "moved": (N, N, N), "other": (S, S, S)},
    (P51, "verifier"):   {"plain": (S, S, F), "moved": (S, S, F), "other": (N, N, N)},
    (P51, "coordinator"): {"plain": (S, S, F), "moved": (S, S, F), "other": (N, N, N)},
    (P31, "verifier"):   {"plain": (N, N, N), "moved": (N, N, N), "other": (S, S, F)},
    (P31, "coordinator"): {"plain": (N, N, N), "moved": (N, N, N), "other": (S, S, F)},
    (NAT, "admin"):      {"plain": (S, S, F), "moved": (S, S, F), "other": (S, S, F)},
    (NAT, "verifier"):   {"plain": (S, S, F), "moved": (S, S, F), "other": (S, S, F)},
}
CELLS = [(p, kind, i, op) for p in PRINCIPALS for kind in ("plain", "moved", "other")
         for i, op in enumerate(("view", "note", "accept"))]


@pytest.mark.parametrize("principal,kind,idx,op", CELLS,
                         ids=[f"{p[0]}:{p[1]}-{k}-{op}" for p, k, _, op in CELLS])
def test_case_matrix(client, principal, kind, idx, op):
    case = _case(kind)
    tid = case["tracking_id"]
    h = hdr(*principal)
    if op == "view":
        res = client.http.get(f"/v1/agency/complaints/{tid}", headers=h)
    else:
        body = {"action": op, "version": version(tid)}
        if op == "note":
            body["note"] = "catatan internal"
        res = client.http.post(f"/v1/agency/complaints/{tid}/actions", headers=h, body=json.dumps(body))
    expected = MATRIX[principal][kind][idx]
    assert res.status_code == expected, (principal, kind, op, res.body)
    if expected == 404:
        assert res.json_body["error"]["code"] == "not_found"
    if expected == 403:
        assert res.json_body["error"]["code"] == "forbidden"


ENDPOINTS = {
    # name: (method, path, body, roles that get 2xx)
    "inbox": ("GET", "/v1/agency/complaints", None, {"officer", "supervisor", "verifier", "coordinator", "admin"}),
    "queue": ("GET", "/v1/verification/queue", None, {"verifier", "admin"}),
    "corrections": ("GET", "/v1/verification/corrections", None, {"admin"}),
    "webhooks": ("GET", "/v1/agency/webhooks", None, {"officer", "supervisor", "admin"}),
    "register": ("POST", "/v1/agency/webhooks", {"url": "https://hooks.example.com/x", "events": ["complaint.assigned"]},
                 {"supervisor", "admin"}),
    "deliveries": ("GET", "/v1/agency/webhooks/deliveries", None, {"officer", "supervisor", "admin"}),
    "keys": ("GET", f"/v1/admin/keys?agency_id={A}", None, {"admin"}),
    "issue": ("POST", "/v1/admin/keys", {"agency_id": C, "role": "officer"}, {"admin"}),
}
ROLE_CELLS = [(p, e) for p in PRINCIPALS for e in ENDPOINTS]


@pytest.mark.parametrize("principal,endpoint", ROLE_CELLS, ids=[f"{p[0]}:{p[1]}-{e}" for p, e in ROLE_CELLS])
def test_endpoint_matrix(client, principal, endpoint):
    method, path, body, allowed = ENDPOINTS[endpoint]
    kwargs = {"headers": hdr(*principal)}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    res = getattr(client.http, method.lower())(path, **kwargs)
    if principal[1] in allowed:
        assert res.status_code in (200, 201), (principal, endpoint, res.body)
        if endpoint == "register":
            wid = res.json_body["webhook_id"]
            assert client.http.delete(f"/v1/agency/webhooks/{wid}", headers=hdr(*principal)).status_code == 204
    else:
        assert res.status_code == 403, (principal, endpoint, res.body)
        assert res.json_body["error"]["code"] == "forbidden"


DISPOSE = {(A, "officer"): 403, (A, "supervisor"): 403, (B, "officer"): 403, (C, "officer"): 403,
           (P51, "verifier"): 200, (P51, "coordinator"): 403, (P31, "verifier"): 404, (P31, "coordinator"): 403,
           (NAT, "admin"): 200, (NAT, "verifier"): 200}


@pytest.mark.parametrize("principal", PRINCIPALS, ids=[f"{a}:{r}" for a, r in PRINCIPALS])
def test_disposition_matrix(client, principal):
    case = make_case(None, "51", verify=True, publish=False)
    res = client.http.post(f"/v1/complaints/{case['tracking_id']}/disposition", headers=hdr(*principal),
                           body=json.dumps({"agency_id": B, "note": "sesuai kewenangan"}))
    assert res.status_code == DISPOSE[principal], res.body


def test_inbox_of_another_agency(client):
    ok = client.http.get(f"/v1/agency/complaints?agency_id={B}", headers=hdr(P51, "coordinator"))
    assert ok.status_code == 200 and ok.json_body["agency_id"] == B
    assert client.http.get(f"/v1/agency/complaints?agency_id={C}", headers=hdr(P51, "coordinator")).status_code == 403
    assert client.http.get(f"/v1/agency/complaints?agency_id={B}", headers=hdr(A, "officer")).status_code == 403
    assert client.http.get(f"/v1/agency/complaints?agency_id={C}", headers=hdr(NAT, "admin")).status_code == 200
    assert client.http.get("/v1/agency/complaints?agency_id=zz", headers=hdr(NAT, "admin")).status_code == 422
