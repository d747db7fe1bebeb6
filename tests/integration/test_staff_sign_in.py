"""People, not shared keys (#13): Cognito sign-in on moto, and the JWT check every desk call makes.

The token is verified against the pool's JWKS (moto's mock_aws answers the issuer's JWKS address): signature,
issuer, client, expiry, token_use.  Expired and tampered tokens are made with moto's own signing key (the one
its JWKS publishes), so only the claim under test is wrong.
"""
from __future__ import annotations

import json
import time

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from agency_support import A, key
from staff_support import PASSWORD, account, bearer, sign_in, token, totp_now


@pytest.fixture(autouse=True)
def _totp(monkeypatch):
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")  # moto checks TOTP codes only then


def me(client, tok):
    return client.http.get("/v1/staff/me", headers={"Authorization": f"Bearer {tok}"})


def moto_signed(claims: dict) -> str:
    """A token signed with the key moto's JWKS publishes (kid "dummy")."""
    import jwt
    from moto.cognitoidp.models import load_resource

    private = json.dumps(load_resource("cognitoidp/resources/jwks-private.json"))
    return jwt.encode(claims, jwt.PyJWK(json.loads(private)).key, algorithm="RS256", headers={"kid": "dummy"})


def claims_of(tok: str) -> dict:
    import jwt

    return jwt.decode(tok, options={"verify_signature": False})


def test_sign_in_returns_cognito_tokens_and_the_desk_knows_the_person(client):
    acc = account(A, "officer", name="Ni Luh Putu")
    got = sign_in(client, acc["email"])
    assert got["token_type"] == "Bearer" and got["access_token"] and got["refresh_token"]
    assert got["account"]["display_name"] == "Ni Luh Putu" and got["account"]["agency_id"] == A
    res = me(client, got["access_token"])
    assert res.status_code == 200 and res.json_body["account_id"] == claims_of(got["access_token"])["sub"]
    assert client.http.get("/v1/agency/complaints", headers={"Authorization": f"Bearer {got['access_token']}"}
                           ).status_code == 200


def test_wrong_password_and_unknown_person_look_the_same(client):
    acc = account(A, "supervisor")
    wrong = sign_in(client, acc["email"], "Not-The-Passw0rd")
    nobody = sign_in(client, "nobody@desk.test", PASSWORD)
    assert wrong["status"] == nobody["status"] == 401
    assert wrong["error"]["code"] == nobody["error"]["code"] == "sign_in_failed"


def test_expired_tampered_foreign_and_id_tokens_are_refused(client):
    good = token(client, A, "officer")
    assert me(client, good).status_code == 200
    claims = claims_of(good)
    expired = moto_signed({**claims, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600})
    head, body, sig = good.split(".")
    import base64

    forged = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    forged["sub"] = "someone-else"
    tampered = ".".join([head, base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("="), sig])
    wrong_issuer = moto_signed({**claims, "iss": claims["iss"] + "x"})
    id_token_use = moto_signed({**claims, "token_use": "id"})
    unsigned = ".".join([base64.urlsafe_b64encode(b'{"alg":"none","kid":"dummy"}').decode().rstrip("="), body, ""])
    for bad in (expired, tampered, wrong_issuer, id_token_use, unsigned, "not-a-jwt", good[:-4] + "AAAA"):
        res = me(client, bad)
        assert res.status_code == 401 and res.json_body["error"]["code"] == "unauthorized", bad[:40]


def test_a_token_of_another_pool_or_another_client_is_refused(client):
    idp = boto3.client("cognito-idp")
    import os

    pool_id = os.environ["COGNITO_USER_POOL_ID"]
    other_client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="not-the-desk",
                                               ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]
    acc = account(A, "officer", name="Komang")
    via_other = idp.initiate_auth(ClientId=other_client["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": acc["email"], "PASSWORD": PASSWORD})
    assert me(client, via_other["AuthenticationResult"]["AccessToken"]).status_code == 401
    other_pool = idp.create_user_pool(PoolName="someone-elses")["UserPool"]["Id"]
    c2 = idp.create_user_pool_client(UserPoolId=other_pool, ClientName="x",
                                     ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=other_pool, Username=acc["email"], MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=other_pool, Username=acc["email"], Password=PASSWORD, Permanent=True)
    foreign = idp.initiate_auth(ClientId=c2, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": acc["email"], "PASSWORD": PASSWORD})
    assert me(client, foreign["AuthenticationResult"]["AccessToken"]).status_code == 401


def test_a_disabled_account_is_refused_at_once(client):
    admin = bearer(client, A, "admin")
    acc = account(A, "officer", name="Wayan")
    tok = sign_in(client, acc["email"])["access_token"]
    assert me(client, tok).status_code == 200
    res = client.http.post(f"/v1/agency/accounts/{acc['account_id']}/disable", headers=admin)
    assert res.status_code == 200 and res.json_body["status"] == "disabled"
    assert me(client, tok).status_code == 401  # the unexpired token too
    assert sign_in(client, acc["email"])["status"] == 401


def test_admins_must_enrol_totp_before_any_desk_call(client):
    acc = account(A, "admin", name="Admin Instansi")
    first = sign_in(client, acc["email"])
    assert first["challenge"] == "MFA_SETUP" and "access_token" not in first
    assert first["otpauth_uri"].startswith("otpauth://totp/Salur:")
    # the enrolment token alone opens no desk call
    assert client.http.get("/v1/agency/complaints", headers={"Authorization": f"Bearer {first['session']}"}
                           ).status_code == 401
    wrong = client.http.post("/v1/staff/sign-in/challenge", headers={"Content-Type": "application/json"},
                             body=json.dumps({"email": acc["email"], "challenge": "MFA_SETUP",
                                              "session": first["session"], "code": "000000"}))
    assert wrong.status_code == 401
    ok = client.http.post("/v1/staff/sign-in/challenge", headers={"Content-Type": "application/json"},
                          body=json.dumps({"email": acc["email"], "challenge": "MFA_SETUP",
                                           "session": first["session"], "code": totp_now(first["secret_code"])}))
    assert ok.status_code == 200 and ok.json_body["enrolled"] is True
    again = sign_in(client, acc["email"])
    assert again["challenge"] == "SOFTWARE_TOKEN_MFA" and "access_token" not in again
    done = client.http.post("/v1/staff/sign-in/challenge", headers={"Content-Type": "application/json"},
                            body=json.dumps({"email": acc["email"], "challenge": "SOFTWARE_TOKEN_MFA",
                                             "session": again["session"], "code": totp_now(first["secret_code"])}))
    assert done.status_code == 200 and me(client, done.json_body["access_token"]).status_code == 200


def test_api_keys_still_work_for_machines(client):
    assert client.http.get("/v1/agency/complaints", headers={"X-Api-Key": key(A, "officer")}).status_code == 200
    assert client.http.get("/v1/agency/complaints", headers={"Authorization": f"Bearer {key(A, 'officer')}"}
                           ).status_code == 200


_ANY_TEXT = st.text(alphabet=st.characters(codec=None), min_size=0, max_size=40)  # control chars, surrogates


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=_ANY_TEXT, session=st.text(min_size=0, max_size=60), challenge=st.sampled_from(
    ["SOFTWARE_TOKEN_MFA", "NEW_PASSWORD_REQUIRED", "MFA_SETUP"]), code=st.sampled_from([None, "123456"]))
def test_any_challenge_answer_is_refused_in_words_never_a_500(client, email, session, challenge, code):
    """Found by the fuzzer: a session shorter than Cognito's own minimum was a botocore ParamValidationError."""
    body = {"email": email, "session": session, "challenge": challenge, "code": code,
            "new_password": "Panjang-Sekali-2026"}
    res = client.http.post("/v1/staff/sign-in/challenge", headers={"Content-Type": "application/json"},
                           body=json.dumps(body))
    assert res.status_code in (401, 422), res.body
    assert set(res.json_body["error"]) >= {"code", "message"}


def test_a_value_outside_cognitos_limits_is_a_failed_sign_in_not_an_error():
    from botocore.exceptions import ParamValidationError

    from chalicelib.adapters.identity_pool import SignInRefused, _call

    def refuses(**_):
        raise ParamValidationError(report="Invalid length for parameter Session")

    with pytest.raises(SignInRefused):
        _call(refuses, signing_in=True, Session="x")
