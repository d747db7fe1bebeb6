"""People on the desk: accounts (Cognito identity + Salur's record of agency, unit, role), sign-in, the second
factor for admins, and the principal behind an access token.

* ``principal_for_token``: the one check every desk call makes with a bearer token (``api/authentication``):
  the token verified (``adapters.token_verifier``), then the account read strongly consistent — a disabled
  account, or an admin without TOTP, is refused at once even while its token has not expired.
* ``sign_in`` → tokens, or a challenge: ``SOFTWARE_TOKEN_MFA`` (an enrolled admin), ``NEW_PASSWORD_REQUIRED``
  (first sign-in with Cognito's temporary password), or ``MFA_SETUP`` (an admin who must enrol TOTP first:
  the answer carries the secret for the authenticator app and the access token to confirm it with).
"""
from __future__ import annotations

import urllib.parse

from chalicelib.adapters.account_repository import AccountRepository, public_account
from chalicelib.adapters.identity_pool import IdentityPool, SignInRefused
from chalicelib.adapters.token_verifier import InvalidToken, verify_access_token
from chalicelib.domain import access_policy, units
from chalicelib.domain.access_policy import Principal
from chalicelib.domain.refusals import Conflict, Forbidden, Invalid, NotFound

#: roles that must pass a TOTP second factor before any desk call
MFA_ROLES = frozenset({"admin"})


def principal_for_token(token: str, accounts: AccountRepository | None = None) -> Principal:
    claims = verify_access_token(token)
    account = (accounts or AccountRepository()).get(claims["sub"])
    if account is None or account.get("status") != "active":
        raise InvalidToken("account")
    if account["role"] in MFA_ROLES and not account.get("mfa"):
        raise InvalidToken("mfa required")
    return principal_of(account)


def principal_of(account: dict) -> Principal:
    return Principal(f"account:{account['account_id']}", account["agency_id"], account["role"],
                     account.get("scope") or account["agency_id"], account_id=account["account_id"],
                     display_name=account.get("display_name"), unit_id=account.get("unit_id"))


# -- accounts ---------------------------------------------------------------------------------
def check_unit(agency_id: str, unit_id: str | None, unit_store=None) -> None:
    if unit_id is None:
        return
    parts = units.split_unit_id(unit_id)
    if parts is None or parts[0] != agency_id:
        raise Invalid("unknown_unit", fields={"unit_id": "unknown_unit"})
    from chalicelib.services import agency_units

    if not agency_units.is_active(unit_id, unit_store):
        raise Invalid("unknown_unit", fields={"unit_id": "unknown_unit"})


def create(p: Principal | None, agency_id: str, email: str, display_name: str, role: str,
           unit_id: str | None = None, password: str | None = None, *, pool: IdentityPool | None = None,
           accounts: AccountRepository | None = None) -> dict:
    """A new person for ``agency_id`` (``p`` None: the local demo seeding, never reachable by HTTP)."""
    if not access_policy.account_role_allowed(agency_id, role):
        raise Invalid("role_not_allowed", fields={"role": "role_not_allowed"})
    if p is not None and not access_policy.may_manage_account(p, agency_id, role):
        raise Forbidden()
    if unit_id is not None and role != "officer":
        raise Invalid("unit_for_officers", fields={"unit_id": "unit_for_officers"})
    check_unit(agency_id, unit_id)
    sub = (pool or IdentityPool()).create_user(email, display_name, password)
    record = {"account_id": sub, "email": email, "display_name": display_name, "agency_id": agency_id,
              "unit_id": unit_id, "role": role, "scope": account_scope(agency_id, role), "status": "active",
              "mfa": False, "created_by": (p.account_id or p.key_id) if p else "local-seed"}
    return (accounts or AccountRepository()).create(record)


def account_scope(agency_id: str, role: str) -> str:
    """As for keys; but an agency's own admin (a province's too) acts for that agency only, never a province."""
    if role == "admin":
        return "NAT" if access_policy.scope_of(agency_id, role) == "NAT" else agency_id
    return access_policy.scope_of(agency_id, role)


def visible_account(p: Principal, account_id: str, accounts: AccountRepository | None = None) -> dict:
    account = (accounts or AccountRepository()).get(account_id) if account_id else None
    if account is None or not access_policy.may_see_account(p, account):
        raise NotFound()
    return account


def own_account(p: Principal, accounts: AccountRepository | None = None) -> dict:
    account = (accounts or AccountRepository()).get(p.account_id or "")
    if account is None:
        raise NotFound()
    return public_account(account)


def set_status(p: Principal, account_id: str, active: bool, *, pool: IdentityPool | None = None,
               accounts: AccountRepository | None = None) -> dict:
    repo = accounts or AccountRepository()
    account = visible_account(p, account_id, repo)
    if not access_policy.may_manage_account(p, account["agency_id"], account["role"]):
        raise Forbidden()
    if account["account_id"] == p.account_id:
        raise Invalid("own_account", fields={"account_id": "own_account"})
    idp = pool or IdentityPool()
    if active:
        idp.enable(account["email"])
    else:
        idp.disable(account["email"])
    return public_account(repo.update(account, {"status": "active" if active else "disabled"}))


def listing(p: Principal, agency_id: str) -> list[dict]:
    if not (p.national or agency_id == p.agency_id):
        raise Forbidden()
    return AccountRepository().list(agency_id)


# -- sign-in ----------------------------------------------------------------------------------
def _tokens(result: dict) -> dict:
    auth = result["AuthenticationResult"]
    return {"access_token": auth["AccessToken"], "id_token": auth.get("IdToken"),
            "refresh_token": auth.get("RefreshToken"), "expires_in": auth.get("ExpiresIn"),
            "token_type": "Bearer"}


def _finish(result: dict, email: str, pool: IdentityPool, accounts: AccountRepository) -> dict:
    """Tokens for an account that may use them; an admin without TOTP is asked to enrol first."""
    if "AuthenticationResult" not in result:
        return {"challenge": result.get("ChallengeName"), "session": result.get("Session")}
    tokens = _tokens(result)
    claims = verify_access_token(tokens["access_token"])
    account = accounts.get(claims["sub"])
    if account is None or account.get("status") != "active":
        raise SignInRefused("no account")
    if account["role"] in MFA_ROLES and not account.get("mfa"):
        secret = pool.totp_secret(tokens["access_token"])
        uri = "otpauth://totp/Salur:{}?secret={}&issuer=Salur".format(urllib.parse.quote(email), secret)
        return {"challenge": "MFA_SETUP", "secret_code": secret, "otpauth_uri": uri,
                "session": tokens["access_token"]}
    return {**tokens, "account": public_account(account)}


def sign_in(email: str, password: str, *, pool: IdentityPool | None = None,
            accounts: AccountRepository | None = None) -> dict:
    pool = pool or IdentityPool()
    return _finish(pool.sign_in(email, password), email, pool, accounts or AccountRepository())


def answer_challenge(email: str, challenge: str, session: str, *, code: str | None = None,
                     new_password: str | None = None, pool: IdentityPool | None = None,
                     accounts: AccountRepository | None = None) -> dict:
    pool, accounts = pool or IdentityPool(), accounts or AccountRepository()
    if challenge == "SOFTWARE_TOKEN_MFA" and code:
        result = pool.answer(challenge, session, {"USERNAME": email, "SOFTWARE_TOKEN_MFA_CODE": code})
    elif challenge == "NEW_PASSWORD_REQUIRED" and new_password:
        result = pool.answer(challenge, session, {"USERNAME": email, "NEW_PASSWORD": new_password})
    elif challenge == "MFA_SETUP" and code:
        claims = verify_access_token(session)  # the enrolling admin's own access token
        account = accounts.get(claims["sub"])
        if account is None or account.get("status") != "active":
            raise SignInRefused("no account")
        pool.confirm_totp(session, account["email"], code)
        accounts.update(account, {"mfa": True})
        return {"enrolled": True, "challenge": None}
    else:
        raise Invalid(fields={"challenge": "challenge_incomplete"})
    return _finish(result, email, pool, accounts)


# -- local demo accounts ------------------------------------------------------------------------
DEMO_AGENCY = "pemkot-51.71"  # Pemerintah Kota Denpasar
DEMO_PASSWORD = "Salur-Lokal-2026"  # local only: ``seed_demo`` refuses outside a developer's machine
DEMO_ACCOUNTS = (  # (agency, role, unit key or None, name)
    (DEMO_AGENCY, "admin", None, "Admin Pemkot Denpasar"),
    (DEMO_AGENCY, "supervisor", None, "Supervisor Pemkot Denpasar"),
    (DEMO_AGENCY, "officer", "pupr", "Petugas Dinas PUPR"),
    (DEMO_AGENCY, "officer", "disdukcapil", "Petugas Disdukcapil"),
    ("pemprov-51", "verifier", None, "Verifikator Provinsi Bali"),
    ("pemprov-51", "coordinator", None, "Koordinator Provinsi Bali"),
    ("kemenpanrb", "admin", None, "Admin Nasional"),  # creates agency admins, issues API keys
)


def demo_email(agency_id: str, role: str, unit_key: str | None) -> str:
    return f"{role}{'.' + unit_key if unit_key else ''}@{agency_id}.demo.salur.local"


def seed_demo(pool: IdentityPool | None = None, accounts: AccountRepository | None = None) -> list[dict]:
    """One account per role for one agency (and its province's desk), for `make run` only; admins get their
    authenticator enrolled (the TOTP secret is printed; moto checks codes only with
    MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true)."""
    from chalicelib import config

    if not config.demo_accounts_allowed():
        raise Forbidden()
    pool, accounts = pool or IdentityPool(), accounts or AccountRepository()
    out = []
    for agency_id, role, unit_key, name in DEMO_ACCOUNTS:
        email = demo_email(agency_id, role, unit_key)
        unit = units.unit_id(agency_id, unit_key) if unit_key else None
        row = {"email": email, "role": role, "agency_id": agency_id, "unit_id": unit, "password": DEMO_PASSWORD}
        try:
            create(None, agency_id, email, name, role, unit, DEMO_PASSWORD, pool=pool, accounts=accounts)
        except Conflict:  # seeded by an earlier run of the same local state: kept as it is
            out.append(row)
            continue
        if role in MFA_ROLES:
            first = sign_in(email, DEMO_PASSWORD, pool=pool, accounts=accounts)
            secret = first["secret_code"]
            answer_challenge(email, "MFA_SETUP", first["session"], code=totp_code(secret), pool=pool,
                             accounts=accounts)
            row["totp_secret"] = secret
        out.append(row)
    return out


def totp_code(secret: str, at: float | None = None) -> str:
    """The current code of an authenticator holding ``secret`` (RFC 6238: SHA-1, 6 digits, 30 s)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"
