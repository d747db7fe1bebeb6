"""Routes for people on the desk: sign-in (Amazon Cognito), accounts, units, and the audit of one account.

Sign-in answers Cognito's tokens (the desk sends the access token as ``Authorization: Bearer``) or the next
challenge (TOTP code, new password, TOTP enrolment for admins).  Everything else authenticates on its first
line like the rest of the agency side (``authentication.authorize``).
"""
from __future__ import annotations

from chalicelib.api.authentication import authorize
from chalicelib.api.errors import SalurBlueprint, json_response
from chalicelib.api.http import json_body, parse_limit, parse_model, schemas
from chalicelib.api.openapi import AGENCY_ID, cursor_param, limit_param, operation, query_param
from chalicelib.domain.access_policy import inbox_agency, managed_agency
from chalicelib.domain.refusals import Invalid, NotFound
from chalicelib.domain.units import unit_id as make_unit_id
from chalicelib.services import agency_desk, agency_units, staff_accounts

bp = SalurBlueprint(__name__)
_S = ("staff",)
_AGENCY_Q = (query_param("agency_id", "National admin: another agency.", AGENCY_ID),)


def _params() -> dict:
    return dict(bp.current_request.query_params or {})


# -- sign-in -----------------------------------------------------------------------------------
operation("POST", "/v1/staff/sign-in", summary="Sign in with email and password: tokens, or the next challenge",
          request="SignInIn", errors=("400", "401", "422"), tags=_S)


@bp.route("/v1/staff/sign-in", methods=["POST"])
def sign_in():
    req = bp.current_request
    body = parse_model(schemas().SignInIn, json_body(req), req)
    return json_response(staff_accounts.sign_in(body.email.lower(), body.password))


operation("POST", "/v1/staff/sign-in/challenge",
          summary="Answer a sign-in challenge: TOTP code, new password, or the first code of a new authenticator",
          request="SignInChallengeIn", errors=("400", "401", "422"), tags=_S)


@bp.route("/v1/staff/sign-in/challenge", methods=["POST"])
def sign_in_challenge():
    req = bp.current_request
    body = parse_model(schemas().SignInChallengeIn, json_body(req), req)
    return json_response(staff_accounts.answer_challenge(body.email.lower(), body.challenge, body.session,
                                                         code=body.code, new_password=body.new_password))


operation("GET", "/v1/staff/me", summary="The signed-in person's account (404 for an API key: no person)",
          errors=("404",), tags=_S, security=True)


@bp.route("/v1/staff/me", methods=["GET"])
def me():
    p = authorize(bp.current_request, "agency_inbox")
    if not p.account_id:
        raise NotFound()
    return json_response(staff_accounts.own_account(p))


# -- accounts ----------------------------------------------------------------------------------
operation("POST", "/v1/agency/accounts", summary="Create a person's account (agency admin: own agency; "
          "national admin: any, agency admins included)", request="AccountIn", success="201",
          errors=("400", "409", "422"), tags=_S, security=True, params=_AGENCY_Q)
operation("GET", "/v1/agency/accounts", summary="The agency's accounts", errors=("400",), tags=_S, security=True,
          params=_AGENCY_Q)


@bp.route("/v1/agency/accounts", methods=["POST", "GET"])
def accounts():
    req = bp.current_request
    p = authorize(req, "accounts_manage")
    agency_id = managed_agency(p, _params().get("agency_id"))
    if req.method == "GET":
        return json_response({"agency_id": agency_id, "items": staff_accounts.listing(p, agency_id)})
    body = parse_model(schemas().AccountIn, json_body(req), req)
    out = staff_accounts.create(p, agency_id, body.email, body.display_name, body.role, body.unit_id)
    return json_response(out, 201, {"Location": f"/v1/agency/accounts/{out['account_id']}"})


operation("POST", "/v1/agency/accounts/{account_id}/disable", summary="Disable an account (effective at once)",
          errors=("404",), tags=_S, security=True)
operation("POST", "/v1/agency/accounts/{account_id}/enable", summary="Enable a disabled account",
          errors=("404",), tags=_S, security=True)


@bp.route("/v1/agency/accounts/{account_id}/disable", methods=["POST"])
def account_disable(account_id):
    p = authorize(bp.current_request, "accounts_manage")
    return json_response(staff_accounts.set_status(p, account_id, active=False))


@bp.route("/v1/agency/accounts/{account_id}/enable", methods=["POST"])
def account_enable(account_id):
    p = authorize(bp.current_request, "accounts_manage")
    return json_response(staff_accounts.set_status(p, account_id, active=True))


operation("GET", "/v1/agency/accounts/{account_id}/actions", summary="What one person did on cases, newest first",
          errors=("400", "404"), tags=_S, security=True, params=(limit_param(100, 25), cursor_param()))


@bp.route("/v1/agency/accounts/{account_id}/actions", methods=["GET"])
def account_actions(account_id):
    p = authorize(bp.current_request, "account_audit")
    params = _params()
    limit = parse_limit(params.get("limit"), default=25, maximum=100)
    return json_response(agency_desk.account_actions(p, account_id, limit, params.get("cursor")))


# -- units -------------------------------------------------------------------------------------
operation("GET", "/v1/agency/units", summary="The agency's units (standard set as edited, and its own)",
          errors=("400",), tags=_S, security=True, params=_AGENCY_Q)
operation("POST", "/v1/agency/units", summary="Add a unit (agency admin)", request="UnitIn", success="201",
          errors=("400", "409", "422"), tags=_S, security=True, params=_AGENCY_Q)


def _units_agency(p, requested: str | None) -> str:
    if p.role in ("verifier", "coordinator") and requested:  # a province desk reads the units it disposes to
        return inbox_agency(p, requested)
    return managed_agency(p, requested)


@bp.route("/v1/agency/units", methods=["GET", "POST"])
def units_route():
    req = bp.current_request
    if req.method == "GET":
        p = authorize(req, "units_list")
        agency_id = _units_agency(p, _params().get("agency_id"))
        return json_response({"agency_id": agency_id, "items": agency_units.listing(agency_id)})
    p = authorize(req, "units_manage")
    agency_id = managed_agency(p, _params().get("agency_id"))
    body = parse_model(schemas().UnitIn, json_body(req), req)
    return json_response(agency_units.add(agency_id, body.key, body.name), 201)


operation("PATCH", "/v1/agency/units/{key}", summary="Rename or retire a unit (its id stays)",
          request="UnitChangeIn", errors=("400", "404", "422"), tags=_S, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/units/{key}", methods=["PATCH"])
def unit_change(key):
    req = bp.current_request
    p = authorize(req, "units_manage")
    agency_id = managed_agency(p, _params().get("agency_id"))
    body = parse_model(schemas().UnitChangeIn, json_body(req), req)
    if body.name is None and body.status is None:
        raise Invalid(fields={"name": "name_or_status"})
    return json_response(agency_units.change(make_unit_id(agency_id, key), name=body.name, status=body.status))
