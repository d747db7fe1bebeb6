"""`make run`'s demo desk accounts: printed for the local run, refused in any deployed stage."""
from __future__ import annotations

import pytest

from chalicelib.domain.refusals import Forbidden
from chalicelib.services import staff_accounts


@pytest.mark.parametrize("stage", ["dev", "prod", "test"])
def test_demo_accounts_are_refused_outside_the_local_run(monkeypatch, stage):
    monkeypatch.setenv("SALUR_STAGE", stage)
    with pytest.raises(Forbidden):
        staff_accounts.seed_demo(pool=object(), accounts=object())


def test_demo_accounts_are_refused_in_a_lambda_even_if_the_stage_says_local(monkeypatch):
    monkeypatch.setenv("SALUR_STAGE", "local")
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "salur-prod-APIHandler")
    with pytest.raises(Forbidden):
        staff_accounts.seed_demo(pool=object(), accounts=object())


def test_the_local_run_prints_how_to_sign_in():
    from scripts.local_run import sign_in_help

    rows = [{"email": staff_accounts.demo_email(a, r, u), "role": r, "agency_id": a,
             "unit_id": f"{a}/{u}" if u else None, "password": staff_accounts.DEMO_PASSWORD,
             **({"totp_secret": "ABC"} if r == "admin" else {})} for a, r, u, _ in staff_accounts.DEMO_ACCOUNTS]
    text = sign_in_help("http://127.0.0.1:8000", rows)
    assert "http://127.0.0.1:8000/meja/masuk" in text and staff_accounts.DEMO_PASSWORD in text
    assert {r for _, r, _, _ in staff_accounts.DEMO_ACCOUNTS} == {"officer", "supervisor", "verifier", "coordinator",
                                                                   "admin"}
    assert all(row["email"] in text for row in rows) and "TOTP key ABC" in text


def test_totp_codes_match_rfc_6238():
    # RFC 6238 appendix B, SHA-1 seed "12345678901234567890", T = 59 s → 94287082 (last 6 digits: 287082)
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert staff_accounts.totp_code(secret, at=59) == "287082"
