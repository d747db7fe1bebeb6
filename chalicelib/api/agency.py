"""Routes of the agency side: the desk (inbox, case, actions), the verification desk, webhooks, API keys.

Each view authenticates on its first line (``authentication.authorize``; see there for why it is
in the function), reads the request and delegates to ``services.agency_desk``, ``services.webhooks``
or the key repository.  Refusals leave through ``chalicelib.api.errors``.
"""
from __future__ import annotations

from chalice import Response

from chalicelib.adapters.api_key_repository import KeyRepository
from chalicelib.api.authentication import authorize
from chalicelib.api.errors import SalurBlueprint, json_response
from chalicelib.api.http import json_body, parse_if_match, parse_limit, parse_model, schemas
from chalicelib.api.openapi import (AGENCY_ID, MONTH, PROVINCE_CODE, cursor_param, header_param, limit_param, operation,
                                    query_param)
from chalicelib.domain.access_policy import managed_agency
from chalicelib.domain.directory import get_directory
from chalicelib.domain.refusals import Invalid
from chalicelib.domain.vocabulary import STORED_STATUSES
from chalicelib.api.citizen import MEDIA_LINK_PARAM, media_redirect
from chalicelib.services import agency_desk, attachments, clusters
from chalicelib.services import webhooks as webhook_service

bp = SalurBlueprint(__name__)

_T = ("agency",)
_V = ("verification",)
_W = ("webhooks",)
_A = ("admin",)
PAGE_MAX, PAGE_DEFAULT = 100, 25
_CURSOR = (limit_param(PAGE_MAX, PAGE_DEFAULT), cursor_param())
_SIGNED = (header_param("webhook-id", "Signed callback instead of an API key (Standard Webhooks)."),
           header_param("webhook-timestamp", "Unix seconds; at most 5 minutes off."),
           header_param("webhook-signature", "v1,<base64 HMAC-SHA256> with the agency's webhook secret."),
           header_param("X-Salur-Agency", "The calling agency's id (signed callbacks)."),
           header_param("X-Salur-Webhook", "Optional: which of the agency's webhooks' secret signed it."),
           {**header_param("If-Match", "The case version (alternative to `version` in the body)."),
            "schema": {"type": "string", "pattern": r'^\s*(W/)?"?\d{1,9}"?\s*$'}})
_AGENCY_Q = (query_param("agency_id", "National admin: act for another agency.", AGENCY_ID),)



def _params() -> dict:
    return dict(bp.current_request.query_params or {})


def _limit(params: dict, default: int = PAGE_DEFAULT) -> int:
    return parse_limit(params.get("limit"), default=default, maximum=PAGE_MAX)


def _etag(case: dict) -> dict:
    return {"ETag": f'"{int(case.get("version") or 0)}"'}


# -- agency desk ----------------------------------------------------------------------------
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_INBOX_Q = (query_param("status", "One status.", {"type": "string", "enum": sorted(STORED_STATUSES)}),
            query_param("agency_id", "Admin/coordinator: another agency.", AGENCY_ID),
            query_param("queue", "`agency` (default): the agency's own cases; `escalated`: the escalated "
                        "cases the caller owns at its level of the ladder (the Ombudsman's default).",
                        {"type": "string", "enum": list(agency_desk.QUEUES)}),
            query_param("unit_id", "One of the agency's units (a unit's officer always sees their own).",
                        {"type": "string", "maxLength": 120}),
            query_param("matter", "Matter id (routing taxonomy).", {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"}),
            query_param("channel", "Filing channel.", {"type": "string", "maxLength": 16}),
            query_param("escalation_level", "0-4.", {"type": "string", "pattern": "^[0-4]$"}),
            query_param("due_before", "Deadline before this date (YYYY-MM-DD).", _DATE),
            query_param("created_from", "Filed on or after (YYYY-MM-DD).", _DATE),
            query_param("created_to", "Filed before (YYYY-MM-DD).", _DATE),
            query_param("q", "Words in the title.", {"type": "string", "maxLength": 100}))
operation("GET", "/v1/agency/complaints",
          summary="The caller's cases (their agency, or their unit; or the escalated cases they own) by status "
                  "then deadline (every status: oldest deadline first), filtered; counts",
          response="InboxPage", errors=("400", "422"), tags=_T, security=True,
          params=_INBOX_Q + (query_param("counts", "1: add the number of cases per status.",
                                         {"type": "string", "enum": ["0", "1"]}),) + _CURSOR)


@bp.route("/v1/agency/complaints", methods=["GET"])
def agency_inbox():
    p = authorize(bp.current_request, "agency_inbox")
    params = _params()
    return json_response(agency_desk.inbox(p, params.get("agency_id"), params.get("status") or None, _limit(params),
                                           params.get("cursor"), params, with_counts=params.get("counts") == "1"))


operation("GET", "/v1/agency/complaints/export.csv",
          summary="The inbox (same scope and filters; created_from/created_to for a period) as CSV",
          errors=("400", "422"), tags=_T, security=True, params=_INBOX_Q, response_content_type="text/csv",
          error_content_type="application/json")


@bp.route("/v1/agency/complaints/export.csv", methods=["GET"])
def agency_export():
    p = authorize(bp.current_request, "agency_inbox")
    params = _params()
    text, cut = agency_desk.export_csv(p, params.get("agency_id"), params.get("status") or None, params)
    return Response(body=text, status_code=200,
                    headers={"Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store",
                             "Content-Disposition": 'attachment; filename="salur-inbox.csv"',
                             "X-Salur-Truncated": "1" if cut else "0"})


operation("POST", "/v1/agency/complaints/{tracking_id}/unit",
          summary="Give a case to one of the holding agency's units (supervisor, admin, verifier)",
          request="UnitAssignIn", response="ActionResult", errors=("400", "404", "409", "422"), tags=_T,
          security=True)


@bp.route("/v1/agency/complaints/{tracking_id}/unit", methods=["POST"])
def agency_assign_unit(tracking_id):
    req = bp.current_request
    p = authorize(req, "assign_unit")
    body = parse_model(schemas().UnitAssignIn, json_body(req), req)
    out = agency_desk.assign_unit(p, tracking_id, body.unit_id, body.version, body.note)
    return json_response(out, 200, _etag(out))


operation("GET", "/v1/agency/complaints/{tracking_id}", summary="A case with its full timeline (staff view)",
          response="AgencyCaseView", errors=("404",), tags=_T, security=True)


@bp.route("/v1/agency/complaints/{tracking_id}", methods=["GET"])
def agency_case(tracking_id):
    p = authorize(bp.current_request, "agency_case")
    view = agency_desk.case_view(p, tracking_id)
    return json_response(view, 200, _etag(view))


operation("POST", "/v1/agency/complaints/{tracking_id}/actions",
          summary="Act on a case: accept, respond, request_info, transfer, reject, note, extend; the owner of an "
                  "escalated case: instruct, take_over, conclude, refer",
          request="AgencyActionIn", response="ActionResult", errors=("400", "404", "409", "422"), tags=_T,
          security=True, params=_SIGNED)


@bp.route("/v1/agency/complaints/{tracking_id}/actions", methods=["POST"])
def agency_action(tracking_id):
    req = bp.current_request
    p = authorize(req, "agency_action", allow_callback=True)
    body = parse_model(schemas().AgencyActionIn, json_body(req), req)
    version = body.version if body.version is not None else parse_if_match(req.headers.get("if-match"))
    out = agency_desk.act(p, tracking_id, body.action, version, message=body.message, reason=body.reason,
                          target_agency_id=body.target_agency_id, note=body.note, due_at=body.due_at)
    return json_response(out, 200, _etag(out))


# -- attachments --------------------------------------------------------------------------
operation("POST", "/v1/agency/complaints/{tracking_id}/media", summary="Agency: a presigned upload (evidence of work)",
          request="MediaUploadIn", response="MediaUpload", success="201", errors=("400", "404", "409", "422"),
          tags=_T, security=True)
operation("POST", "/v1/agency/complaints/{tracking_id}/media/{media_id}/complete",
          summary="Agency: the upload finished (check, re-encode, scan)", response="MediaEntry",
          errors=("404", "409"), tags=_T, security=True)
operation("GET", "/v1/agency/complaints/{tracking_id}/media/{media_id}",
          summary="Agency: open an attachment (302 to a presigned GET valid 5 minutes)", response="MediaLink",
          success="302", other_success=("200",), errors=("404",), tags=_T, security=True, params=(MEDIA_LINK_PARAM,))
operation("POST", "/v1/agency/complaints/{tracking_id}/media/{media_id}",
          summary="Agency: publish or hide an attachment (never for a confidential report)",
          request="MediaPublishIn", response="MediaEntry", errors=("400", "404", "409", "422"), tags=_T,
          security=True)
operation("DELETE", "/v1/agency/complaints/{tracking_id}/media/{media_id}", summary="Agency: erase an attachment",
          response="MediaEntry", errors=("404",), tags=_T, security=True)


def _held_case(tracking_id: str, endpoint: str) -> dict:
    return agency_desk.holding_case(authorize(bp.current_request, endpoint), tracking_id)


@bp.route("/v1/agency/complaints/{tracking_id}/media", methods=["POST"])
def agency_media_upload(tracking_id):
    req = bp.current_request
    case = _held_case(tracking_id, "agency_action")
    body = parse_model(schemas().MediaUploadIn, json_body(req), req)
    return json_response(attachments.start_upload(case, body.content_type, body.size, "agency"), 201)


@bp.route("/v1/agency/complaints/{tracking_id}/media/{media_id}/complete", methods=["POST"])
def agency_media_complete(tracking_id, media_id):
    return json_response(attachments.confirm(_held_case(tracking_id, "agency_action"), media_id))


@bp.route("/v1/agency/complaints/{tracking_id}/media/{media_id}", methods=["GET"])
def agency_media_open(tracking_id, media_id):
    case = _held_case(tracking_id, "agency_case")
    return media_redirect(attachments.view_url(case, media_id, private=True), bp.current_request)


@bp.route("/v1/agency/complaints/{tracking_id}/media/{media_id}", methods=["POST"])
def agency_media_publish(tracking_id, media_id):
    req = bp.current_request
    case = _held_case(tracking_id, "agency_action")
    body = parse_model(schemas().MediaPublishIn, json_body(req), req)
    return json_response(attachments.publish(case, media_id, body.public))


@bp.route("/v1/agency/complaints/{tracking_id}/media/{media_id}", methods=["DELETE"])
def agency_media_erase(tracking_id, media_id):
    return json_response(attachments.erase(_held_case(tracking_id, "agency_action"), media_id, "agency"))


# -- clusters (reports about one problem) ---------------------------------------------------
operation("POST", "/v1/agency/complaints/{tracking_id}/cluster/answer",
          summary="Answer every report of the case's cluster once (each its own transition and notices)",
          request="ClusterAnswerIn", errors=("400", "404", "422"), tags=_T, security=True,
          description="`respond` on each member this agency holds in a status that allows it, all at the same "
                      "moment; the others are listed under `skipped`.")
operation("POST", "/v1/agency/complaints/{tracking_id}/cluster", summary="Split a report out of its cluster, or "
          "join it to another report's cluster", request="ClusterChangeIn", errors=("400", "404", "409", "422"),
          tags=_T, security=True)


@bp.route("/v1/agency/complaints/{tracking_id}/cluster/answer", methods=["POST"])
def agency_cluster_answer(tracking_id):
    req = bp.current_request
    p = authorize(req, "agency_action")
    body = parse_model(schemas().ClusterAnswerIn, json_body(req), req)
    return json_response(clusters.answer(p, agency_desk.holding_case(p, tracking_id), body.message))


@bp.route("/v1/agency/complaints/{tracking_id}/cluster", methods=["POST"])
def agency_cluster_change(tracking_id):
    req = bp.current_request
    p = authorize(req, "agency_action")
    body = parse_model(schemas().ClusterChangeIn, json_body(req), req)
    case = agency_desk.holding_case(p, tracking_id)
    out = clusters.split(p, case) if body.action == "split" else clusters.join(p, case, body.root)
    return json_response(out)


# -- verification desk --------------------------------------------------------------------
operation("GET", "/v1/verification/queue", summary="Cases awaiting verification in the caller's scope",
          response="InboxPage", errors=("400", "422"), tags=_V, security=True,
          params=(query_param("province", "National desk: one province (2 digits).", PROVINCE_CODE),) + _CURSOR)


@bp.route("/v1/verification/queue", methods=["GET"])
def verification_queue():
    p = authorize(bp.current_request, "verification_queue")
    params = _params()
    return json_response(agency_desk.verification_queue(p, params.get("province") or None, _limit(params),
                                                        params.get("cursor")))


operation("POST", "/v1/complaints/{tracking_id}/disposition", summary="Verifier assigns a case to an agency",
          request="DispositionIn", response="ActionResult", errors=("400", "404", "409", "422"), tags=_V,
          security=True)


@bp.route("/v1/complaints/{tracking_id}/disposition", methods=["POST"])
def disposition(tracking_id):
    req = bp.current_request
    p = authorize(req, "disposition")
    body = parse_model(schemas().DispositionIn, json_body(req), req)
    return json_response(agency_desk.dispose(p, tracking_id, body.agency_id, body.version, body.note, body.unit_id))


operation("GET", "/v1/verification/corrections", summary="Routing corrections by verifiers in a month",
          response="CorrectionsReport", errors=("400", "422"), tags=_V, security=True,
          params=(query_param("month", "YYYY-MM (default: this month).", MONTH), limit_param(100, 50), cursor_param()))


@bp.route("/v1/verification/corrections", methods=["GET"])
def routing_corrections():
    authorize(bp.current_request, "routing_corrections")
    params = _params()
    return json_response(agency_desk.corrections(params.get("month"), _limit(params, default=50),
                                                 params.get("cursor")))


# -- webhooks -------------------------------------------------------------------------------
operation("POST", "/v1/agency/webhooks", summary="Register a webhook endpoint (the secret is shown once)",
          request="WebhookIn", response="Webhook", success="201", errors=("400", "422"), tags=_W, security=True,
          params=_AGENCY_Q)
operation("GET", "/v1/agency/webhooks", summary="The agency's webhook endpoints", errors=("400",), tags=_W,
          security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks", methods=["POST", "GET"])
def webhooks():
    req = bp.current_request
    if req.method == "GET":
        p = authorize(req, "webhooks_list")
        agency_id = managed_agency(p, _params().get("agency_id"))
        return json_response({"agency_id": agency_id, "items": webhook_service.list_for(agency_id)})
    p = authorize(req, "webhooks_manage")
    agency_id = managed_agency(p, _params().get("agency_id"))
    body = parse_model(schemas().WebhookIn, json_body(req), req)
    out = webhook_service.register(agency_id, body.url, list(body.events), body.description)
    return json_response(out, 201, {"Location": f"/v1/agency/webhooks/{out['webhook_id']}"})


operation("DELETE", "/v1/agency/webhooks/{webhook_id}", summary="Remove a webhook endpoint", success="204",
          errors=("404",), tags=_W, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/{webhook_id}", methods=["DELETE"])
def webhook_delete(webhook_id):
    p = authorize(bp.current_request, "webhooks_manage")
    webhook_service.delete(managed_agency(p, _params().get("agency_id")), webhook_id)
    return Response(body="", status_code=204)


operation("POST", "/v1/agency/webhooks/{webhook_id}/test", summary="Send a webhook.test event now",
          errors=("404",), tags=_W, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/{webhook_id}/test", methods=["POST"])
def webhook_test(webhook_id):
    p = authorize(bp.current_request, "webhooks_manage")
    return json_response(webhook_service.send_test(managed_agency(p, _params().get("agency_id")), webhook_id))


operation("POST", "/v1/agency/webhooks/{webhook_id}/rotate-secret",
          summary="New signing secret (the old one stays valid 24 h)", response="Webhook", errors=("404",),
          tags=_W, security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/{webhook_id}/rotate-secret", methods=["POST"])
def webhook_rotate(webhook_id):
    p = authorize(bp.current_request, "webhooks_manage")
    return json_response(webhook_service.rotate_secret(managed_agency(p, _params().get("agency_id")), webhook_id))


operation("GET", "/v1/agency/webhooks/deliveries", summary="Delivery log, newest first (30 days)",
          response="DeliveryPage", errors=("400", "422"), tags=_W, security=True,
          params=_AGENCY_Q + (query_param("webhook_id", "Only this endpoint."),) + _CURSOR)


@bp.route("/v1/agency/webhooks/deliveries", methods=["GET"])
def webhook_deliveries():
    p = authorize(bp.current_request, "webhook_deliveries")
    params = _params()
    agency_id = managed_agency(p, params.get("agency_id"))
    items, nxt = webhook_service.deliveries(agency_id, _limit(params), params.get("cursor"), params.get("webhook_id"))
    return json_response({"agency_id": agency_id, "items": items, "next_cursor": nxt})


operation("POST", "/v1/agency/webhooks/deliveries/{delivery_id}/redeliver",
          summary="Queue a delivery again (same webhook-id)", success="202", errors=("404",), tags=_W,
          security=True, params=_AGENCY_Q)


@bp.route("/v1/agency/webhooks/deliveries/{delivery_id}/redeliver", methods=["POST"])
def webhook_redeliver(delivery_id):
    p = authorize(bp.current_request, "webhook_redeliver")
    return json_response(webhook_service.redeliver(managed_agency(p, _params().get("agency_id")), delivery_id), 202)


# -- API keys (national admin) -----------------------------------------------------------------
def _known_agency(agency_id: str | None) -> str:
    if not agency_id or get_directory().agency(agency_id) is None:
        raise Invalid("unknown_agency", fields={"agency_id": "unknown_agency"})
    return agency_id


operation("POST", "/v1/admin/keys", summary="Issue an API key (shown once)", request="KeyIssueIn",
          response="ApiKeyIssued", success="201", errors=("400", "422"), tags=_A, security=True)
operation("GET", "/v1/admin/keys", summary="An agency's API keys (prefix only)", errors=("400", "422"), tags=_A,
          security=True, params=({**query_param("agency_id", "Agency id.", AGENCY_ID), "required": True},))


@bp.route("/v1/admin/keys", methods=["POST", "GET"])
def admin_keys():
    req = bp.current_request
    authorize(req, "admin_keys")
    if req.method == "GET":
        agency_id = _known_agency(_params().get("agency_id"))
        return json_response({"agency_id": agency_id, "items": KeyRepository().list(agency_id)})
    body = parse_model(schemas().KeyIssueIn, json_body(req), req)
    record, plaintext = KeyRepository().issue(_known_agency(body.agency_id), body.role, body.label)
    return json_response({**record, "api_key": plaintext}, 201)


operation("POST", "/v1/admin/keys/{key_id}/rotate", summary="Replace a key (the old one stops at once)",
          response="ApiKeyIssued", errors=("404",), tags=_A, security=True)


@bp.route("/v1/admin/keys/{key_id}/rotate", methods=["POST"])
def admin_key_rotate(key_id):
    authorize(bp.current_request, "admin_keys")
    record, plaintext = KeyRepository().rotate(key_id)
    return json_response({**record, "api_key": plaintext})


operation("DELETE", "/v1/admin/keys/{key_id}", summary="Revoke a key (effective immediately)",
          errors=("404",), tags=_A, security=True)


@bp.route("/v1/admin/keys/{key_id}", methods=["DELETE"])
def admin_key_revoke(key_id):
    authorize(bp.current_request, "admin_keys")
    return json_response(KeyRepository().revoke(key_id))
