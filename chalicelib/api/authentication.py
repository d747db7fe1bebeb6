"""Authentication and authorization for the agency side — the one place where it is decided.

How it works
------------
* ``principal(request)`` authenticates the caller from ``X-Api-Key: slr_<key_id>_<secret>``
  (or ``Authorization: Bearer slr_...``): GetItem by key id (strongly consistent, never
  cached, so a revoked key fails on the next request), then a constant-time hash compare.
  Missing, malformed, unknown, revoked or wrong → 401 ``unauthorized``.
* ``authorize(request, endpoint)`` = ``principal`` + the role check against ``POLICY``
  (403 ``forbidden``).  Every agency view calls it on its first line.  We do this
  in-function instead of with a Chalice custom authorizer because authorizers do not run
  in ``chalice.test.Client`` / ``chalice local`` the way they do behind API Gateway, and
  we want the same checks everywhere (and the per-case checks need the case anyway).
* Per case: ``can_see(p, case)`` — if False the view answers 404 (a case the caller may
  not see looks exactly like one that does not exist); ``can_act(p, case, action)`` — if
  False, 403.
* Agency systems may call the actions endpoint signed like a webhook instead of with a key
  (``principal_for_callback``): verified against the agency's webhook secret(s); acts as
  role ``officer`` of that agency.

Scope: officer/supervisor keys act for their agency; verifier/coordinator keys of a
province government (``pemprov-XX``) cover province XX; the kemenpanrb verifier,
coordinator and admin cover the whole country ("NAT").
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.api.http import ApiError

ROLES = ("officer", "supervisor", "verifier", "coordinator", "admin")
ALL = frozenset(ROLES)
AGENCY_STAFF = frozenset({"officer", "supervisor"})

#: endpoint name → roles allowed to call it at all (per-case scope is checked separately)
POLICY: dict[str, frozenset[str]] = {
    "agency_inbox": ALL,
    "agency_case": ALL,
    "agency_action": ALL,  # which actions each role may take: ACTIONS_BY_ROLE
    "verification_queue": frozenset({"verifier", "admin"}),
    "disposition": frozenset({"verifier", "admin"}),
    "routing_corrections": frozenset({"admin"}),
    "webhooks_list": frozenset({"officer", "supervisor", "admin"}),
    "webhooks_manage": frozenset({"supervisor", "admin"}),  # register, delete, test, rotate-secret
    "webhook_deliveries": frozenset({"officer", "supervisor", "admin"}),
    "webhook_redeliver": frozenset({"supervisor", "admin"}),
    "admin_keys": frozenset({"admin"}),
}

AGENCY_ACTIONS = frozenset({"accept", "respond", "request_info", "transfer", "reject", "note", "extend"})
#: role → actions it may take through POST /v1/agency/complaints/{id}/actions
ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    "officer": AGENCY_ACTIONS,
    "supervisor": AGENCY_ACTIONS,
    "verifier": frozenset({"request_info", "reject", "note"}),
    "coordinator": frozenset({"note"}),
    "admin": frozenset({"reject", "note"}),
}


@dataclass(frozen=True)
class Principal:
    key_id: str
    agency_id: str
    role: str
    scope: str  # agency id, province code, or "NAT"

    @property
    def national(self) -> bool:
        return self.scope == "NAT"

    def actor(self) -> dict:
        return {"agency_id": self.agency_id, "role": self.role, "key_id": self.key_id}


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


def principal(request) -> Principal:
    """The authenticated caller, or 401."""
    from chalicelib.adapters import api_key_repository as apikeys
    from chalicelib.domain.identifiers import check_secret

    parsed = apikeys.parse(presented_key(request))
    if parsed is None:
        raise _unauthorized()
    key_id, secret = parsed
    item = apikeys.KeyRepository().lookup(key_id)
    if item is None or item.get("status") != "active" or not check_secret(secret, item.get("salt", ""),
                                                                          item.get("hash")):
        raise _unauthorized()
    return Principal(key_id, item["agency_id"], item["role"], item.get("scope") or item["agency_id"])


def is_signed_callback(request) -> bool:
    headers = request.headers or {}
    return presented_key(request) is None and bool(headers.get("webhook-signature")) \
        and bool(headers.get("x-salur-agency"))


def principal_for_callback(request) -> Principal:
    """An agency system's signed call (Standard Webhooks headers + X-Salur-Agency) → officer of that agency."""
    from chalicelib.domain.directory import get_directory
    from chalicelib.services import webhooks as service

    headers = request.headers or {}
    agency_id = (headers.get("x-salur-agency") or "").strip()
    if get_directory().agency(agency_id) is None:
        raise _unauthorized()
    try:
        body = (request.raw_body or b"").decode("utf-8")
    except UnicodeDecodeError:
        raise _unauthorized() from None
    try:
        webhook_id = service.verify_callback(agency_id, headers.get("x-salur-webhook"), body, dict(headers))
    except service.CallbackRejected as exc:
        if exc.code == "replayed":
            raise ApiError(409, "replayed_message") from None
        raise _unauthorized() from None
    return Principal(f"webhook:{webhook_id}", agency_id, "officer", agency_id)


def allowed(role: str, endpoint: str) -> bool:
    return role in POLICY[endpoint]


def authorize(request, endpoint: str, allow_callback: bool = False) -> Principal:
    """Authenticate and check the role may call ``endpoint``: 401 / 403."""
    p = principal_for_callback(request) if allow_callback and is_signed_callback(request) else principal(request)
    if not allowed(p.role, endpoint):
        raise ApiError(403, "forbidden")
    return p


def can_see(p: Principal, case: dict) -> bool:
    if p.national:
        return True
    if p.role in ("verifier", "coordinator"):
        return bool(case.get("province_code")) and case.get("province_code") == p.scope
    if p.role in AGENCY_STAFF:
        return case.get("agency_id") == p.agency_id or p.agency_id in (case.get("agency_history") or ())
    return False


def can_act(p: Principal, case: dict, action: str) -> bool:
    """May ``p`` take ``action`` on ``case`` (assumes ``can_see``)?  The lifecycle then checks status."""
    if action not in ACTIONS_BY_ROLE.get(p.role, ()):
        return False
    if p.national:
        return True
    if p.role in AGENCY_STAFF:
        return case.get("agency_id") == p.agency_id  # only in agency_history → read-only
    return can_see(p, case)


def lifecycle_role(p: Principal) -> str:
    """The lifecycle role a principal acts as (the same names)."""
    return p.role


def inbox_agency(p: Principal, requested: str | None) -> str:
    """Whose inbox: one's own; the admin any agency; a province coordinator/verifier any agency in the province."""
    if not requested or requested == p.agency_id:
        return p.agency_id
    from chalicelib.domain.directory import get_directory

    agency = get_directory().agency(requested)
    if agency is None:
        raise ApiError(422, "unknown_agency", fields={"agency_id": "unknown"})
    if p.national or (p.role in ("verifier", "coordinator") and agency.province_code == p.scope):
        return requested
    raise ApiError(403, "forbidden")


def managed_agency(p: Principal, requested: str | None) -> str:
    """Whose webhooks: one's own; the national admin may name any agency."""
    if not requested or requested == p.agency_id:
        return p.agency_id
    from chalicelib.domain.directory import get_directory

    if p.role == "admin" and p.national:
        if get_directory().agency(requested) is None:
            raise ApiError(422, "unknown_agency", fields={"agency_id": "unknown"})
        return requested
    raise ApiError(403, "forbidden")
