"""Who is calling the agency side: the principal behind a request, and the role check per endpoint.

* ``principal(request)`` authenticates ``X-Api-Key: slr_<key_id>_<secret>`` (or ``Authorization:
  Bearer slr_...``): GetItem by key id (strongly consistent, never cached, so a revoked key fails on
  the next request), then a constant-time hash compare.  Missing, malformed, unknown, revoked or
  wrong → 401 ``unauthorized``.
* ``authorize(request, endpoint)`` = ``principal`` + the role check of
  ``chalicelib.domain.access_policy`` (403 ``forbidden``).  Every agency view calls it on its first
  line — in the function, not as a Chalice authorizer, because authorizers do not run in
  ``chalice.test.Client`` / ``chalice local`` the way they do behind API Gateway, and the same checks
  must hold everywhere (the per-case checks need the case anyway).
* People sign in through Amazon Cognito and send ``Authorization: Bearer <access token>`` (any bearer value
  that is not an ``slr_`` key): ``services.staff_accounts.principal_for_token`` verifies it against the
  pool's JWKS and reads the account (disabled → 401).  Keys stay for machines.
* Agency systems may call the actions endpoint signed like a webhook instead of with a key
  (``principal_for_callback``): verified against the agency's webhook secret(s); acts as role
  ``officer`` of that agency.
"""
from __future__ import annotations

from chalicelib.adapters.api_key_repository import KeyRepository, parse_key
from chalicelib.api.errors import ApiError
from chalicelib.domain.access_policy import Principal, may_call_as
from chalicelib.domain.directory import get_directory
from chalicelib.domain.identifiers import check_secret
from chalicelib.domain.refusals import Unauthenticated
from chalicelib.services import staff_accounts, webhooks


_NO_KEY = {"salt": "0" * 16, "hash": "0" * 64}


def _unauthorized() -> ApiError:
    return ApiError(401, "unauthorized", headers={"WWW-Authenticate": 'ApiKey realm="salur", header="X-Api-Key"'})


def presented_key(request) -> str | None:
    headers = request.headers or {}
    raw = headers.get("x-api-key")
    if raw is None:
        auth = headers.get("authorization") or ""
        if auth[:7].lower() == "bearer ":
            raw = auth[7:]
    return raw


def bearer_token(request) -> str | None:
    """A Cognito access token in ``Authorization: Bearer`` (a value that is not an API key)."""
    headers = request.headers or {}
    auth = headers.get("authorization") or ""
    if headers.get("x-api-key") is None and auth[:7].lower() == "bearer " and not auth[7:].startswith("slr_"):
        return auth[7:].strip()
    return None


def principal(request) -> Principal:
    """The authenticated caller, or 401."""
    token = bearer_token(request)
    if token is not None:
        try:
            return staff_accounts.principal_for_token(token)
        except Unauthenticated:
            raise _unauthorized() from None
    parsed = parse_key(presented_key(request))
    if parsed is None:
        raise _unauthorized()
    key_id, secret = parsed
    item = KeyRepository().lookup(key_id)
    held = item or _NO_KEY  # an unknown key id costs the same hash check as a known one (no timing tell)
    matches = check_secret(secret, held.get("salt", ""), held.get("hash"))
    if item is None or item.get("status") != "active" or not matches:
        raise _unauthorized()
    return Principal(key_id, item["agency_id"], item["role"], item.get("scope") or item["agency_id"])


def is_signed_callback(request) -> bool:
    headers = request.headers or {}
    return presented_key(request) is None and bool(headers.get("webhook-signature")) \
        and bool(headers.get("x-salur-agency"))


def principal_for_callback(request) -> Principal:
    """An agency system's signed call (Standard Webhooks headers + X-Salur-Agency) → officer of that agency."""
    headers = request.headers or {}
    agency_id = (headers.get("x-salur-agency") or "").strip()
    if get_directory().agency(agency_id) is None:
        raise _unauthorized()
    try:
        body = (request.raw_body or b"").decode("utf-8")
    except UnicodeDecodeError:
        raise _unauthorized() from None
    try:
        webhook_id = webhooks.verify_callback(agency_id, headers.get("x-salur-webhook"), body, dict(headers))
    except webhooks.CallbackRejected as exc:
        if exc.code == "replayed":
            raise ApiError(409, "replayed_message") from None
        raise _unauthorized() from None
    return Principal(f"webhook:{webhook_id}", agency_id, "officer", agency_id)


def authorize(request, endpoint: str, allow_callback: bool = False) -> Principal:
    """Authenticate and check the role may call ``endpoint``: 401 / 403."""
    p = principal_for_callback(request) if allow_callback and is_signed_callback(request) else principal(request)
    if not may_call_as(p, endpoint):
        raise ApiError(403, "forbidden")
    return p
