"""The desk by person (#13): who sees and does what (role × scope), units inside an agency, the person on every
timeline event, the audit of one account, the filtered inbox and the CSV export — on moto, signed in through
Cognito."""
from __future__ import annotations

import csv
import io
import json

import pytest
from agency_support import A, B, C, make_case, version
from staff_support import bearer

PUPR, CAPIL = f"{A}/pupr", f"{A}/disdukcapil"


@pytest.fixture(autouse=True)
def _totp(monkeypatch):
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")


def get(client, path, who):
    return client.http.get(path, headers=bearer(client, *who))


def post(client, path, who, body):
    return client.http.post(path, headers=bearer(client, *who), body=json.dumps(body))


def assign(client, tid, unit, who=(A, "supervisor")):
    return post(client, f"/v1/agency/complaints/{tid}/unit", who, {"unit_id": unit, "version": version(tid)})


def test_units_scope_cases_inside_an_agency(client):
    road = make_case(A, matter="road_local", title="Jalan rusak Jl. Gatot Subroto")["tracking_id"]
    ktp = make_case(A, matter="civil_registration", title="KTP-el belum jadi")["tracking_id"]
    view = get(client, f"/v1/agency/complaints/{road}", (A, "supervisor")).json_body
    assert view["suggested_unit_id"] == PUPR and "assign_unit" in view["allowed_actions"]
    assert assign(client, road, PUPR).status_code == 200
    assert assign(client, ktp, CAPIL).status_code == 200
    pupr, capil = (A, "officer", PUPR), (A, "officer", CAPIL)
    assert get(client, f"/v1/agency/complaints/{road}", pupr).status_code == 200
    assert get(client, f"/v1/agency/complaints/{ktp}", pupr).status_code == 404  # another unit's case
    assert get(client, f"/v1/agency/complaints/{road}", capil).status_code == 404
    inbox = get(client, "/v1/agency/complaints", pupr).json_body
    assert inbox["unit_id"] == PUPR and {c["tracking_id"] for c in inbox["items"]} == {road}
    assert get(client, f"/v1/agency/complaints?unit_id={CAPIL}", pupr).status_code == 403
    whole = {c["tracking_id"] for c in get(client, "/v1/agency/complaints?limit=100", (A, "supervisor")).json_body["items"]}
    assert {road, ktp} <= whole  # the supervisor sees the whole agency
    assert {road, ktp} <= {c["tracking_id"] for c in
                           get(client, "/v1/agency/complaints?limit=100", (A, "admin")).json_body["items"]}
    # the unit's officer works the unit's case, not the other's
    ok = post(client, f"/v1/agency/complaints/{road}/actions", pupr, {"action": "accept", "version": version(road)})
    assert ok.status_code == 200, ok.body
    assert post(client, f"/v1/agency/complaints/{ktp}/actions", pupr,
                {"action": "accept", "version": version(ktp)}).status_code == 404
    # an officer cannot move cases between units; another agency's supervisor cannot either
    assert assign(client, ktp, PUPR, (A, "officer")).status_code == 403
    assert assign(client, ktp, PUPR, (B, "supervisor")).status_code == 404
    assert assign(client, ktp, f"{B}/pupr").status_code == 422  # not a unit of the holding agency


def test_agencies_and_provinces_see_only_their_own(client):
    at_a, at_c = make_case(A)["tracking_id"], make_case(C, "31")["tracking_id"]
    assert get(client, f"/v1/agency/complaints/{at_a}", (B, "supervisor")).status_code == 404
    assert get(client, f"/v1/agency/complaints/{at_a}", (B, "admin")).status_code == 404
    assert get(client, f"/v1/agency/complaints/{at_a}", ("pemprov-51", "verifier")).status_code == 200
    assert get(client, f"/v1/agency/complaints/{at_c}", ("pemprov-51", "verifier")).status_code == 404
    assert get(client, f"/v1/agency/complaints?agency_id={C}", ("pemprov-51", "verifier")).status_code == 403
    assert get(client, f"/v1/agency/complaints?agency_id={A}", (B, "admin")).status_code == 403
    # an agency's own admin is no national desk
    for path in ("/v1/verification/queue", "/v1/verification/corrections", f"/v1/admin/keys?agency_id={A}"):
        assert get(client, path, (A, "admin")).status_code == 403, path
    assert get(client, "/v1/verification/queue", ("kemenpanrb", "admin")).status_code == 200


def test_verifier_disposes_to_an_agency_and_unit_from_the_queue(client):
    tid = make_case(A, verify=True, matter="road_local", title="Jalan amblas")["tracking_id"]
    queue = get(client, "/v1/verification/queue?limit=100", ("pemprov-51", "verifier")).json_body["items"]
    row = next(r for r in queue if r["tracking_id"] == tid)
    assert row["suggested_agency_id"] == A and row["suggested_unit_id"] == PUPR and "routing_reasons" in row
    assert not any(r["tracking_id"] == tid for r in
                   get(client, "/v1/verification/queue?limit=100", ("pemprov-31", "verifier")).json_body["items"])
    counted = get(client, "/v1/verification/corrections", ("kemenpanrb", "admin")).json_body["units"]["total"]
    res = post(client, f"/v1/complaints/{tid}/disposition", ("pemprov-51", "verifier"),
               {"agency_id": A, "unit_id": PUPR, "version": version(tid)})
    assert res.status_code == 200, res.body
    assert get(client, f"/v1/agency/complaints/{tid}", (A, "officer", PUPR)).json_body["unit_id"] == PUPR
    units = get(client, "/v1/verification/corrections", ("kemenpanrb", "admin")).json_body["units"]
    assert units["total"] == counted + 1  # the unit chosen at disposition is counted with the routing corrections
    assert post(client, f"/v1/complaints/{make_case(A, verify=True)['tracking_id']}/disposition", (A, "admin"),
                {"agency_id": A}).status_code == 404  # a waiting case is no agency's yet: not even visible


def test_every_event_names_the_person_for_staff_and_never_for_the_public(client):
    tid = make_case(A, matter="road_local")["tracking_id"]
    assert assign(client, tid, PUPR).status_code == 200
    who = (A, "officer", PUPR)
    for body in ({"action": "accept"}, {"action": "note", "note": "cek lokasi"},
                 {"action": "respond", "message": "Sudah ditambal."}):
        res = post(client, f"/v1/agency/complaints/{tid}/actions", who, {**body, "version": version(tid)})
        assert res.status_code == 200, res.body
    timeline = get(client, f"/v1/agency/complaints/{tid}", (A, "supervisor")).json_body["timeline"]
    staff = [e for e in timeline if e["role"] not in ("system", "reporter")]
    assert {e["action"] for e in staff} == {"assign_unit", "accept", "note", "respond"}
    assert all(e["actor"]["account_id"] and e["actor"]["display_name"] for e in staff)
    officer = next(e for e in staff if e["action"] == "respond")["actor"]
    assert officer["unit_id"] == PUPR
    public = client.http.get(f"/v1/complaints/{tid}").json_body
    assert officer["account_id"] not in json.dumps(public) and officer["display_name"] not in json.dumps(public)
    # the audit of that person: what they did, newest first, from the index (the agency's supervisor may read it)
    audit = get(client, f"/v1/agency/accounts/{officer['account_id']}/actions", (A, "supervisor")).json_body
    assert [i["action"] for i in audit["items"] if i["tracking_id"] == tid] == ["respond", "note", "accept"]
    assert get(client, f"/v1/agency/accounts/{officer['account_id']}/actions", (B, "supervisor")).status_code == 404
    assert get(client, f"/v1/agency/accounts/{officer['account_id']}/actions", (A, "officer")).status_code == 403


def test_inbox_filters_counts_and_cursor(client):
    a = make_case(B, matter="waste", title="Sampah menumpuk di Pasar Badung")["tracking_id"]
    b = make_case(B, matter="road_local", title="Lubang jalan di Kuta")["tracking_id"]
    who = (B, "supervisor")
    assert [c["tracking_id"] for c in get(client, "/v1/agency/complaints?q=PASAR", who).json_body["items"]] == [a]
    assert [c["tracking_id"] for c in get(client, "/v1/agency/complaints?matter=road_local", who).json_body["items"]] == [b]
    assert get(client, "/v1/agency/complaints?channel=sms", who).json_body["items"] == []
    assert {c["tracking_id"] for c in get(client, "/v1/agency/complaints?due_before=2999-01-01", who).json_body["items"]} \
        >= {a, b}
    page = get(client, "/v1/agency/complaints?limit=1&counts=1", who).json_body
    assert page["counts"]["assigned"] >= 2 and len(page["items"]) == 1 and page["next_cursor"]
    nxt = get(client, f"/v1/agency/complaints?limit=1&cursor={page['next_cursor']}", who).json_body
    assert nxt["items"][0]["tracking_id"] != page["items"][0]["tracking_id"]
    for bad in ("escalation_level=9", "due_before=tomorrow", "matter=Jalan%20Rusak", "q=" + "x" * 101):
        res = get(client, f"/v1/agency/complaints?{bad}", who)
        assert res.status_code == 422 and res.json_body["error"]["code"] == "validation_error", bad
    en = client.http.get("/v1/agency/complaints?escalation_level=9", headers=bearer(client, *who, **{"Accept-Language": "en"}))
    id_ = get(client, "/v1/agency/complaints?escalation_level=9", who)
    assert en.json_body["error"]["fields"]["escalation_level"] == "Escalation level 0–4."
    assert id_.json_body["error"]["fields"]["escalation_level"] == "Tingkat eskalasi 0–4."


def test_csv_export_is_scoped_and_neutralises_formulas(client):
    evil = make_case(B, title="=HYPERLINK(\"http://x\",\"klik\") jalan rusak")["tracking_id"]
    plus = make_case(B, title="+62 nomor darurat tidak aktif")["tracking_id"]
    other = make_case(A, title="Bukan kasus B")["tracking_id"]
    res = client.http.get("/v1/agency/complaints/export.csv", headers=bearer(client, B, "supervisor"))
    assert res.status_code == 200 and res.headers["Content-Type"].startswith("text/csv")
    text = res.body.decode("utf-8") if isinstance(res.body, bytes) else res.body
    assert text.startswith("\ufeff")
    rows = {r["tracking_id"]: r for r in csv.DictReader(io.StringIO(text[1:]))}
    assert other not in rows and {evil, plus} <= set(rows)
    assert rows[evil]["title"].startswith("'=") and rows[plus]["title"].startswith("'+")
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows.values() for v in r.values())


def test_a_transferred_case_leaves_its_unit(client):
    tid = make_case(A, matter="road_local", title="Jalan kabupaten rusak")["tracking_id"]
    assert assign(client, tid, PUPR).status_code == 200
    res = post(client, f"/v1/agency/complaints/{tid}/actions", (A, "supervisor"),
               {"action": "transfer", "reason": "jalan kabupaten", "target_agency_id": B, "version": version(tid)})
    assert res.status_code == 200, res.body
    unit_inbox = get(client, "/v1/agency/complaints?limit=100", (A, "officer", PUPR)).json_body["items"]
    assert tid not in {c["tracking_id"] for c in unit_inbox}
    assert get(client, f"/v1/agency/complaints/{tid}", (B, "supervisor")).json_body.get("unit_id") is None


def test_a_province_admin_is_its_own_agency_only(client):
    at_a = make_case(A)["tracking_id"]
    assert get(client, f"/v1/agency/complaints/{at_a}", ("pemprov-51", "admin")).status_code == 404
    assert get(client, "/v1/verification/queue", ("pemprov-51", "admin")).status_code == 403


CAPIL_OFFICER = (A, "officer", CAPIL)
PEOPLE = {  # name → (agency, role, unit)
    "officer_pupr": (A, "officer", PUPR), "officer_capil": CAPIL_OFFICER, "officer_a": (A, "officer", None),
    "supervisor_a": (A, "supervisor", None), "admin_a": (A, "admin", None), "supervisor_b": (B, "supervisor", None),
    "verifier_51": ("pemprov-51", "verifier", None), "verifier_31": ("pemprov-31", "verifier", None),
    "coordinator_51": ("pemprov-51", "coordinator", None), "admin_nat": ("kemenpanrb", "admin", None),
}
#: for a case held by A's PUPR unit: (see it, note on it, verification queue, accounts, corrections + keys)
MATRIX = {
    "officer_pupr": (200, 200, 403, 403, 403), "officer_capil": (404, 404, 403, 403, 403),
    "officer_a": (200, 200, 403, 403, 403), "supervisor_a": (200, 200, 403, 403, 403),
    "admin_a": (200, 200, 403, 200, 403), "supervisor_b": (404, 404, 403, 403, 403),
    "verifier_51": (200, 200, 200, 403, 403), "verifier_31": (404, 404, 200, 403, 403),
    "coordinator_51": (200, 200, 403, 403, 403), "admin_nat": (200, 200, 200, 200, 200),
}


@pytest.fixture(scope="module")
def held_by_pupr(aws, app):
    from chalice.test import Client

    tid = make_case(A, matter="road_local", title="Jalan rusak di Sanur")["tracking_id"]
    with Client(app, stage_name="local") as c:
        assert assign(c, tid, PUPR).status_code == 200
    return tid


@pytest.mark.parametrize("person", sorted(MATRIX))
def test_role_by_scope_matrix(client, held_by_pupr, person):
    who, tid = tuple(x for x in PEOPLE[person] if x is not None), held_by_pupr
    see, note, queue, accounts, national = MATRIX[person]
    assert get(client, f"/v1/agency/complaints/{tid}", who).status_code == see
    assert post(client, f"/v1/agency/complaints/{tid}/actions", who,
                {"action": "note", "note": f"catatan {person}", "version": version(tid)}).status_code == note
    assert get(client, "/v1/verification/queue", who).status_code == queue
    assert get(client, "/v1/agency/accounts", who).status_code == accounts
    assert get(client, "/v1/verification/corrections", who).status_code == national
    assert get(client, f"/v1/admin/keys?agency_id={A}", who).status_code == national
    export = get(client, "/v1/agency/complaints/export.csv", who)
    assert export.status_code == 200 and (tid in export.body.decode()) == (see == 200 and PEOPLE[person][0] == A)
    inbox = {c["tracking_id"] for c in get(client, "/v1/agency/complaints?limit=100", who).json_body["items"]}
    assert (tid in inbox) == (see == 200 and PEOPLE[person][0] == A)
