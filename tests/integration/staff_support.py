"""People for the desk tests: Cognito accounts (moto) per (agency, role, unit), signed in once per moto world."""
from __future__ import annotations

import json
import os

PASSWORD = "Desk-Passw0rd-2026"
_tokens: dict[tuple, str] = {}


def totp_now(secret: str) -> str:
    from chalicelib.services.staff_accounts import totp_code

    return totp_code(secret)


def account(agency_id: str, role: str, unit_id: str | None = None, name: str | None = None) -> dict:
    """Create a person (no principal: the seeding path) and return their account record."""
    from chalicelib.services import staff_accounts

    import uuid

    slug = f"{role}.{agency_id}.{(unit_id or 'all').replace('/', '-')}.{uuid.uuid4().hex[:6]}".lower()
    return staff_accounts.create(None, agency_id, f"{slug}@desk.test", name or f"{role.title()} {agency_id}", role,
                                 unit_id, password=PASSWORD)


def sign_in(client, email: str, password: str = PASSWORD) -> dict:
    res = client.http.post("/v1/staff/sign-in", headers={"Content-Type": "application/json"},
                           body=json.dumps({"email": email, "password": password}))
    return res.json_body if res.status_code == 200 else {"status": res.status_code, **(res.json_body or {})}


def enrol_totp(client, email: str) -> None:
    """An admin's first sign-in: enrol the authenticator (Salur refuses admin tokens without TOTP)."""
    first = sign_in(client, email)
    assert first["challenge"] == "MFA_SETUP", first
    res = client.http.post("/v1/staff/sign-in/challenge", headers={"Content-Type": "application/json"},
                           body=json.dumps({"email": email, "challenge": "MFA_SETUP", "session": first["session"],
                                            "code": totp_now(first["secret_code"])}))
    assert res.status_code == 200 and res.json_body["enrolled"], res.body
    os.environ.setdefault("SALUR_TEST_TOTP_SECRET", first["secret_code"])


def token(client, agency_id: str, role: str, unit_id: str | None = None) -> str:
    """An access token for (agency, role, unit), the account created and signed in once per moto world."""
    from chalicelib import config

    slot = (config.agencies_table(), agency_id, role, unit_id)
    if slot not in _tokens:
        acc = account(agency_id, role, unit_id)
        if role == "admin":
            enrol_totp(client, acc["email"])
            first = sign_in(client, acc["email"])
            assert first["challenge"] == "SOFTWARE_TOKEN_MFA", first
            res = client.http.post("/v1/staff/sign-in/challenge", headers={"Content-Type": "application/json"},
                                   body=json.dumps({"email": acc["email"], "challenge": "SOFTWARE_TOKEN_MFA",
                                                    "session": first["session"],
                                                    "code": totp_now(os.environ["SALUR_TEST_TOTP_SECRET"])}))
            got = res.json_body
        else:
            got = sign_in(client, acc["email"])
        assert "access_token" in got, got
        _tokens[slot] = got["access_token"]
    return _tokens[slot]


def bearer(client, agency_id: str, role: str, unit_id: str | None = None, **extra) -> dict:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token(client, agency_id, role, unit_id)}",
            **extra}
