"""Citizen-facing routes: file a complaint, follow it, answer and judge it; the directory and routing preview.

Each view reads the request, calls a service and shapes the reply; refusals leave through
``chalicelib.api.errors`` (this is a ``SalurBlueprint``).
"""
from __future__ import annotations

from chalicelib.adapters.agency_repository import AgencyRepository
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.api.errors import ApiError, SalurBlueprint, json_response
from chalicelib.api.http import idempotency_key, json_body, parse_limit, parse_model, schemas
from chalicelib.api.i18n import lang_of
from chalicelib.api.openapi import (IDEMPOTENCY_KEY, PROVINCE_CODE, cursor_param, header_param, limit_param, operation,
                                    query_param)
from chalicelib.domain.case_views import case_view
from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import list_matters as routing_matters
from chalicelib.services import cases, intake
from chalicelib.services import health as health_checks
from chalicelib.services.reporter_access import case_for_caller, reporter_case

bp = SalurBlueprint(__name__)

operation("POST", "/v1/complaints", summary="File a complaint, aspiration or information request",
          request="ComplaintIn", response="ComplaintCreated", success="201",
          errors=("400", "409", "413", "415", "422"), tags=("complaints",),
          params=({**header_param("Idempotency-Key", "Retry-safe key; the same key returns the first result."),
                   "schema": IDEMPOTENCY_KEY},))
operation("GET", "/v1/complaints/{tracking_id}", summary="Reporter's or public view of a complaint",
          response="ComplaintView", errors=("404",), tags=("complaints",),
          params=(header_param("X-Access-Code", "The secret code given when filing; shows the reporter's view."),))
operation("POST", "/v1/complaints/{tracking_id}/feedback",
          summary="Reporter accepts or rejects the follow-up, rates it",
          request="FeedbackIn", errors=("400", "404", "409", "413", "415", "422"), tags=("complaints",),
          params=(header_param("X-Access-Code", "The secret code given when filing.", required=True),))
operation("POST", "/v1/complaints/{tracking_id}/info", summary="Reporter answers a request for more information",
          request="InfoIn", errors=("400", "404", "409", "413", "415", "422"), tags=("complaints",),
          params=(header_param("X-Access-Code", "The secret code given when filing.", required=True),))
operation("POST", "/v1/routing/preview", summary="Where would this complaint go, and why (nothing is stored)",
          request="RoutingPreviewIn", errors=("400", "413", "415", "422"), tags=("routing",))
operation("GET", "/v1/agencies", summary="The agency directory, paginated",
          errors=("400", "422"), tags=("directory",),
          params=(query_param("level", "national | province | regency | city",
                         {"type": "string", "enum": ["national", "province", "regency", "city"]}),
                  query_param("province", "2-digit Kemendagri province code", PROVINCE_CODE),
                  query_param("q", "Text search", {"type": "string", "maxLength": 100}),
                  limit_param(200, 50), cursor_param()))
operation("GET", "/v1/agencies/{agency_id}", summary="One agency", errors=("404",), tags=("directory",))
operation("GET", "/v1/matters", summary="Matter categories Salur routes by", errors=(), tags=("routing",))
operation("GET", "/v1/health", summary="Health: 200 when the tables answer", errors=(), tags=("ops",))
operation("GET", "/openapi.json", summary="This document", errors=(), tags=("ops",))





@bp.route("/v1/complaints", methods=["POST"])
def file_complaint():
    request = bp.current_request
    complaint = parse_model(schemas().ComplaintIn, json_body(request), request)
    result, replayed = intake.file_complaint(complaint.model_dump(mode="json"),
                                             idempotency_key=idempotency_key(request), lang=lang_of(request))
    headers = {"Location": result["links"]["self"]}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(result, 201, headers)


@bp.route("/v1/complaints/{tracking_id}", methods=["GET"])
def get_complaint(tracking_id):
    request = bp.current_request
    case, private = case_for_caller(tracking_id, request.headers.get("x-access-code"))
    timeline = ComplaintRepository().timeline(case["tracking_id"])
    headers = {"Cache-Control": "no-store"} if private else {"Cache-Control": "public, max-age=30"}
    return json_response(case_view(case, timeline, private), 200, headers)


def _reporter_action(tracking_id: str, kind: str):
    """feedback (accept/reject/rate) or info (answer a request for information), with the access code."""
    request = bp.current_request
    case = reporter_case(tracking_id, request.headers.get("x-access-code"))
    data = json_body(request)
    updates = None
    if kind == "info":
        body = parse_model(schemas().InfoIn, data, request)
        action, kwargs = "provide_info", {"message": body.message}
    else:
        body = parse_model(schemas().FeedbackIn, data, request)
        if body.decision == "accept":
            action, kwargs = "reporter_accept", {"rating": body.rating, "message": body.comment}
        elif body.decision == "reject":
            action, kwargs = "reporter_reject", {"reason": body.reason, "message": body.comment}
        else:
            action, kwargs = "rate", {"rating": body.rating, "message": body.comment}
        updates = {"feedback": {k: v for k, v in body.model_dump().items() if v is not None}}
    new = cases.transition(case["tracking_id"], action, "reporter", actor={"reporter": True}, case_updates=updates,
                           **kwargs)
    return json_response({"tracking_id": new["tracking_id"], "status": new["status"], "due_at": new.get("due_at"),
                          "escalation_level": new.get("escalation_level", 0)}, 200)


@bp.route("/v1/complaints/{tracking_id}/feedback", methods=["POST"])
def complaint_feedback(tracking_id):
    return _reporter_action(tracking_id, "feedback")


@bp.route("/v1/complaints/{tracking_id}/info", methods=["POST"])
def complaint_info(tracking_id):
    return _reporter_action(tracking_id, "info")


@bp.route("/v1/routing/preview", methods=["POST"])
def routing_preview():
    request = bp.current_request
    data = parse_model(schemas().RoutingPreviewIn, json_body(request), request).model_dump(mode="json")
    return json_response(intake.decide(data).to_dict(lang_of(request)), 200)


_LEVELS = ("national", "province", "regency", "city")


@bp.route("/v1/agencies", methods=["GET"])
def list_agencies():
    params = bp.current_request.query_params or {}
    level, province, q = params.get("level"), params.get("province"), (params.get("q") or "").strip()
    fields = {}
    if level and level not in _LEVELS:
        fields["level"] = "national | province | regency | city"
    if province and get_directory().region(province) is None:
        fields["province"] = "2-digit province code"
    if len(q) > 100:
        fields["q"] = "≤ 100 characters"
    try:
        limit = parse_limit(params.get("limit"), default=50, maximum=200)
    except ApiError as exc:
        fields.update(exc.fields or {})
    if fields:
        raise ApiError(422, "validation_error", fields=fields)
    if province and level == "national":
        return json_response({"items": [], "next_cursor": None})
    items, cursor = AgencyRepository().list(level or None, province or None, q or None, limit, params.get("cursor"))
    return json_response({"items": items, "next_cursor": cursor}, headers={"Cache-Control": "public, max-age=300"})


@bp.route("/v1/agencies/{agency_id}", methods=["GET"])
def get_agency(agency_id):
    item = AgencyRepository().get(agency_id) if len(agency_id) <= 64 else None
    if item is None:
        raise ApiError(404, "not_found")
    return json_response(item, headers={"Cache-Control": "public, max-age=300"})


@bp.route("/v1/matters", methods=["GET"])
def list_matters():
    return json_response({"items": routing_matters()}, headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/v1/health", methods=["GET"])
def health():
    ok, checks = health_checks.table_checks()
    return json_response({"status": "ok" if ok else "degraded", "checks": checks}, 200 if ok else 503)
