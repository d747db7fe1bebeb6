"""Routes and event handlers for the agency side (registered by app.py).

Each view authenticates on its first line (``auth.authorize``; see chalicelib/auth.py for why
it is in-function) and delegates to ``agency_desk``, ``webhooks.service`` or ``apikeys``.
"""
from chalice import Blueprint

from chalicelib.api import authentication as auth
from chalicelib.api.http import ApiError, json_body, json_response, lang_of
from chalicelib.api.openapi import (
    AGENCY_ID,
    MONTH,
    PROVINCE_CODE,
    _header,
    _query,
    cursor_param,
    limit_param,
    operation,
)
from chalicelib.schemas_extra import register_module

bp = Blueprint(__name__)
register_module("chalicelib.agency_schemas")

_T = ("agency",)
_STATUSES = ["assigned", "awaiting_verification", "closed", "completed", "in_progress", "needs_info", "rejected",
             "reopened", "responded", "submitted"]  # lifecycle.STORED_STATUSES (a test keeps them equal)
_V = ("verification",)
_W = ("webhooks",)
_A = ("admin",)
_CURSOR = (limit_param(100, 25), cursor_param())
_SIGNED = (_header("webhook-id", "Signed callback instead of an API key (Standard Webhooks)."),
           _header("webhook-timestamp", "Unix seconds; at most 5 minutes off."),
           _header("webhook-signature", "v1,<base64 HMAC-SHA256> with the agency's webhook secret."),
           _header("X-Salur-Agency", "The calling agency's id (signed callbacks)."),
           _header("X-Salur-Webhook", "Optional: which of the agency's webhooks' secret signed it."),
           {**_header("If-Match", "The case version (alternative to `version` in the body)."),
            "schema": {"type": "string", "pattern": r'^\s*(W/)?"?\d{1,9}"?\s*$'}})


def _req():
    return bp.current_request


def _params() -> dict:
    return dict(_req().query_params or {})


def _body() -> dict:
    return json_body(_req())


# -- agency desk ----------------------------------------------------------------------------
operation("GET", "/v1/agency/complaints", summary="The caller's cases by status, oldest deadline first",
          response="InboxPage", errors=("400", "422"), tags=_T, security=True,
          params=(_query("status", "One status.", {"type": "string", "enum": _STATUSES}),
                  _query("agency_id", "Admin/coordinator: another agency.", AGENCY_ID)) + _CURSOR)


@bp.route("/v1/agency/complaints", methods=["GET"])
def agency_inbox():
    from chalicelib.services import agency_desk

    p = auth.authorize(_req(), "agency_inbox")
    return json_response(agency_desk.inbox(p, _params()))


operation("GET", "/v1/agency/complaints/{tracking_id}", summary="A case with its full timeline (staff view)",
          response="AgencyCaseView", errors=("404",), tags=_T, security=True)


@bp.route("/v1/agency/complaints/{tracking_id}", methods=["GET"])
def agency_case(tracking_id):
    from chalicelib.services import agency_desk

    p = auth.authorize(_req(), "agency_case")
    view, headers = agency_desk.case_view(p, tracking_id)
    return json_response(view, 200, headers)


operation("POST", "/v1/agency/complaints/{tracking_id}/actions",
          summary="Act on a case: accept, respond, request_info, transfer, reject, note, extend",
          request="AgencyActionIn", response="ActionResult", errors=("400", "404", "409", "422"), tags=_T,
          security=True, params=_SIGNED)


@bp.route("/v1/agency/complaints/{tracking_id}/actions", methods=["POST"])
def agency_action(tracking_id):
    from chalicelib.services import agency_desk

    req = _req()
    p = auth.authorize(req, "agency_action", allow_callback=True)
    out, headers = agency_desk.act(p, tracking_id, json_body(req), req.headers.get("if-match"), lang_of(req), req)
    return json_response(out, 200, headers)


# -- verification desk --------------------------------------------------------------------
operation("GET", "/v1/verification/queue", summary="Cases awaiting verification in the caller's scope",
          response="InboxPage", errors=("400", "422"), tags=_V, security=True,
          params=(_query("province", "National desk: one province (2 digits).", PROVINCE_CODE),) + _CURSOR)


@bp.route("/v1/verification/queue", methods=["GET"])
def verification_queue():
    from chalicelib.services import agency_desk

    p = auth.authorize(_req(), "verification_queue")
    return json_response(agency_desk.verification_queue(p, _params()))


operation("POST", "/v1/complaints/{tracking_id}/disposition", summary="Verifier assigns a case to an agency",
          request="DispositionIn", response="ActionResult", errors=("400", "404", "409", "422"), tags=_V,
          security=True)


@bp.route("/v1/complaints/{tracking_id}/disposition", methods=["POST"])
def disposition(tracking_id):
    from chalicelib.services import agency_desk

    req = _req()
    p = auth.authorize(req, "disposition")
    return json_response(agency_desk.dispose(p, tracking_id, json_body(req), lang_of(req), req))


operation("GET", "/v1/verification/corrections", summary="Routing corrections by verifiers in a month",
          response="CorrectionsReport", errors=("400", "422"), tags=_V, security=True,
          params=(_query("month", "YYYY-MM (default: this month).", MONTH), limit_param(100, 50), cursor_param()))


@bp.route("/v1/verification/corrections", methods=["GET"])
def routing_corrections():
    from chalicelib.services import agency_desk

    auth.authorize(_req(), "routing_corrections")
    return json_response(agency_desk.corrections(_params()))


# -- webhooks -------------------------------------------------------------------------------
def _webhook_call(fn, *args):
    from chalicelib.adapters import webhook_urls as urls
    from chalicelib.services import webhooks as service

    try:
        return fn(*args)
    except service.WebhookNotFound:
        raise ApiError(404, "not_found") from None
    except urls.UrlRejected as exc:
        raise ApiError(422, "webhook_url_rejected", fields={"url": exc.reason}) from None
    except service.TooManyWebhooks:
        raise ApiError(422, "too_many_webhooks") from None


_AGENCY_Q = (_query("agency_id", "National admin: act for another agency.", AGENCY_ID),)

operation("POST", "/v1/agency/webhooks", summary="Register a webhook endpoint (the secret is shown once)",
          request="WebhookIn", response="Webhook", success="201", errors=("400", "422"), tags=_W, security=True,
          params=_AGENCY_Q)
operation("GET", "/v1/agency/webhooks", summary="The agency's webhook endpoints", errors=("400",), tags=_W,
          security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks", methods=["POST", "GET"])
def webhooks():
    from chalicelib.api.http import parse_model
    from chalicelib.services import webhooks as service

    req = _req()
    if req.method == "GET":
        p = auth.authorize(req, "webhooks_list")
        agency_id = auth.managed_agency(p, _params().get("agency_id"))
        return json_response({"agency_id": agency_id, "items": service.list_for(agency_id)})
    p = auth.authorize(req, "webhooks_manage")
    agency_id = auth.managed_agency(p, _params().get("agency_id"))
    from chalicelib.agency_schemas import WebhookIn

    body = parse_model(WebhookIn, json_body(req), req)
    out = _webhook_call(service.register, agency_id, body.url, list(body.events), body.description)
    return json_response(out, 201, {"Location": f"/v1/agency/webhooks/{out['webhook_id']}"})


operation("DELETE", "/v1/agency/webhooks/{webhook_id}", summary="Remove a webhook endpoint", success="204",
          errors=("404",), tags=_W, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/{webhook_id}", methods=["DELETE"])
def webhook_delete(webhook_id):
    from chalice import Response

    from chalicelib.services import webhooks as service

    p = auth.authorize(_req(), "webhooks_manage")
    _webhook_call(service.delete, auth.managed_agency(p, _params().get("agency_id")), webhook_id)
    return Response(body="", status_code=204)


operation("POST", "/v1/agency/webhooks/{webhook_id}/test", summary="Send a webhook.test event now",
          errors=("404",), tags=_W, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/{webhook_id}/test", methods=["POST"])
def webhook_test(webhook_id):
    from chalicelib.services import webhooks as service

    p = auth.authorize(_req(), "webhooks_manage")
    return json_response(_webhook_call(service.send_test, auth.managed_agency(p, _params().get("agency_id")),
                                       webhook_id))


operation("POST", "/v1/agency/webhooks/{webhook_id}/rotate-secret",
          summary="New signing secret (the old one stays valid 24 h)", response="Webhook", errors=("404",),
          tags=_W, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/{webhook_id}/rotate-secret", methods=["POST"])
def webhook_rotate(webhook_id):
    from chalicelib.services import webhooks as service

    p = auth.authorize(_req(), "webhooks_manage")
    return json_response(_webhook_call(service.rotate_secret, auth.managed_agency(p, _params().get("agency_id")),
                                       webhook_id))


operation("GET", "/v1/agency/webhooks/deliveries", summary="Delivery log, newest first (30 days)",
          response="DeliveryPage", errors=("400", "422"), tags=_W, security=True,
          params=_AGENCY_Q + (_query("webhook_id", "Only this endpoint."),) + _CURSOR)


@bp.route("/v1/agency/webhooks/deliveries", methods=["GET"])
def webhook_deliveries():
    from chalicelib.services import agency_desk
    from chalicelib.services import webhooks as service

    p = auth.authorize(_req(), "webhook_deliveries")
    params = _params()
    agency_id = auth.managed_agency(p, params.get("agency_id"))
    limit = agency_desk.parse_limit(params.get("limit"))
    cursor = agency_desk.check_cursor(params.get("cursor"), {"PK", "SK"}, "PK", f"AGENCY#{agency_id}")
    items, nxt = service.deliveries(agency_id, limit, cursor, params.get("webhook_id"))
    return json_response({"agency_id": agency_id, "items": items, "next_cursor": nxt})


operation("POST", "/v1/agency/webhooks/deliveries/{delivery_id}/redeliver",
          summary="Queue a delivery again (same webhook-id)", success="202", errors=("404",), tags=_W,
          security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/deliveries/{delivery_id}/redeliver", methods=["POST"])
def webhook_redeliver(delivery_id):
    from chalicelib.services import webhooks as service

    p = auth.authorize(_req(), "webhook_redeliver")
    out = _webhook_call(service.redeliver, auth.managed_agency(p, _params().get("agency_id")), delivery_id)
    return json_response(out, 202)


@bp.on_sqs_message(queue="salur-deliveries", batch_size=10)
def deliver_webhooks(event):
    """Deliveries queue → agency webhooks; partial batch response (ReportBatchItemFailures)."""
    from chalicelib.services import webhook_delivery as delivery

    return delivery.handle_batch(event.to_dict().get("Records", []))


# -- API keys (national admin) -----------------------------------------------------------------
def _key_call(fn, *args):
    from chalicelib.adapters import api_key_repository as apikeys

    try:
        return fn(*args)
    except apikeys.KeyNotFound:
        raise ApiError(404, "not_found") from None
    except apikeys.RoleNotAllowed:
        raise ApiError(422, "role_not_allowed", fields={"role": "not allowed for this agency"}) from None


operation("POST", "/v1/admin/keys", summary="Issue an API key (shown once)", request="KeyIssueIn",
          response="ApiKeyIssued", success="201", errors=("400", "422"), tags=_A, security=True)
operation("GET", "/v1/admin/keys", summary="An agency's API keys (prefix only)", errors=("400", "422"), tags=_A,
          security=True, params=({**_query("agency_id", "Agency id.", AGENCY_ID), "required": True},))


@bp.route("/v1/admin/keys", methods=["POST", "GET"])
def admin_keys():
    from chalicelib.adapters import api_key_repository as apikeys
    from chalicelib.api.http import parse_model

    req = _req()
    auth.authorize(req, "admin_keys")
    if req.method == "GET":
        agency_id = _params().get("agency_id")
        from chalicelib.domain.directory import get_directory

        if not agency_id or get_directory().agency(agency_id) is None:
            raise ApiError(422, "unknown_agency", fields={"agency_id": "unknown"})
        return json_response({"agency_id": agency_id, "items": apikeys.KeyRepository().list(agency_id)})
    from chalicelib.agency_schemas import KeyIssueIn

    body = parse_model(KeyIssueIn, json_body(req), req)
    from chalicelib.domain.directory import get_directory

    if get_directory().agency(body.agency_id) is None:
        raise ApiError(422, "unknown_agency", fields={"agency_id": "unknown"})
    record, plaintext = _key_call(apikeys.KeyRepository().issue, body.agency_id, body.role, body.label)
    return json_response({**record, "api_key": plaintext}, 201)


operation("POST", "/v1/admin/keys/{key_id}/rotate", summary="Replace a key (the old one stops at once)",
          response="ApiKeyIssued", errors=("404",), tags=_A, security=True)


@bp.route("/v1/admin/keys/{key_id}/rotate", methods=["POST"])
def admin_key_rotate(key_id):
    from chalicelib.adapters import api_key_repository as apikeys

    auth.authorize(_req(), "admin_keys")
    record, plaintext = _key_call(apikeys.KeyRepository().rotate, key_id)
    return json_response({**record, "api_key": plaintext})


operation("DELETE", "/v1/admin/keys/{key_id}", summary="Revoke a key (effective immediately)",
          errors=("404",), tags=_A, security=True)


@bp.route("/v1/admin/keys/{key_id}", methods=["DELETE"])
def admin_key_revoke(key_id):
    from chalicelib.adapters import api_key_repository as apikeys

    auth.authorize(_req(), "admin_keys")
    return json_response(_key_call(apikeys.KeyRepository().revoke, key_id))
