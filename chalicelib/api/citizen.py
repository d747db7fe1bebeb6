"""Request handling for the citizen-facing routes: parse, call the service, shape the reply.

app.py maps each route to one function here; nothing here knows about DynamoDB.
"""
from __future__ import annotations

import re

from chalicelib.api.http import ApiError, json_body, json_response, lang_of, parse_model

_IDEM_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


def file_complaint(request, channel_ref: str | None = None):
    from chalicelib.api.schemas import ComplaintIn
    from chalicelib.services import intake

    data = json_body(request)
    complaint = parse_model(ComplaintIn, data, request)
    idem = request.headers.get("idempotency-key")
    if idem is not None and not _IDEM_KEY.match(idem):
        raise ApiError(400, "invalid_idempotency_key", fields={"Idempotency-Key": "1-128 visible ASCII"})
    try:
        result, replayed = intake.file_complaint(complaint.model_dump(mode="json"), idempotency_key=idem,
                                                 channel_ref=channel_ref, lang=lang_of(request))
    except intake.IdempotencyConflict:
        raise ApiError(409, "idempotency_conflict")
    headers = {"Location": result["links"]["self"]}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(result, 201, headers)


def load_case_for_reporter(request, tracking_id: str):
    """The case if the caller may see it, and whether they proved to be the reporter; else 404."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.identifiers import check_secret, normalize_code, normalize_tracking_id

    tid = normalize_tracking_id(tracking_id)
    if tid is None:
        raise ApiError(404, "not_found")
    case = ComplaintRepository().get(tid, consistent=False)
    if case is None:
        raise ApiError(404, "not_found")
    code = request.headers.get("x-access-code")
    if code is not None:
        if not check_secret(normalize_code(code), case.get("access_salt", ""), case.get("access_hash")):
            raise ApiError(404, "not_found")  # a wrong code looks exactly like an unknown id
        return case, True
    if case.get("confidential"):
        raise ApiError(404, "not_found")
    return case, False


def get_complaint(request, tracking_id: str):
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.services import intake

    case, private = load_case_for_reporter(request, tracking_id)
    timeline = ComplaintRepository().timeline(case["tracking_id"])
    headers = {"Cache-Control": "no-store"} if private else {"Cache-Control": "public, max-age=30"}
    return json_response(intake.view(case, timeline, private), 200, headers)


def health(request):
    from chalicelib import config
    from chalicelib.adapters.aws_clients import client

    checks = {}
    ok = True
    for name, table in (("complaints", config.complaints_table()), ("agencies", config.agencies_table())):
        try:
            status = client("dynamodb").describe_table(TableName=table)["Table"]["TableStatus"]
            checks[name] = status.lower()
            ok = ok and status == "ACTIVE"
        except Exception:  # noqa: BLE001 - health reports, never raises
            checks[name] = "unreachable"
            ok = False
    return json_response({"status": "ok" if ok else "degraded", "checks": checks}, 200 if ok else 503)


def reporter_action(request, tracking_id: str, kind: str):
    """feedback (accept/reject/rate) or info (answer a request for information), with the access code."""
    from chalicelib.api.schemas import FeedbackIn, InfoIn
    from chalicelib.case_actions import act

    case, private = load_case_for_reporter(request, tracking_id)
    if not private:
        raise ApiError(404, "not_found")
    data = json_body(request)
    if kind == "info":
        body = parse_model(InfoIn, data, request)
        action, kwargs = "provide_info", {"message": body.message}
    else:
        body = parse_model(FeedbackIn, data, request)
        if body.decision == "accept":
            action, kwargs = "reporter_accept", {"rating": body.rating, "message": body.comment}
        elif body.decision == "reject":
            action, kwargs = "reporter_reject", {"reason": body.reason, "message": body.comment}
        else:
            action, kwargs = "rate", {"rating": body.rating, "message": body.comment}
    updates = None
    if kind == "feedback":
        updates = {"feedback": {k: v for k, v in body.model_dump().items() if v is not None}}
    new = act(case["tracking_id"], action, "reporter", lang_of(request), actor={"reporter": True},
              case_updates=updates, **kwargs)
    return json_response({"tracking_id": new["tracking_id"], "status": new["status"], "due_at": new.get("due_at"),
                          "escalation_level": new.get("escalation_level", 0)}, 200)


def routing_preview(request):
    from chalicelib.api.schemas import RoutingPreviewIn
    from chalicelib.services import intake

    data = parse_model(RoutingPreviewIn, json_body(request), request).model_dump(mode="json")
    return json_response(intake.decide(data).to_dict(lang_of(request)), 200)


_LEVELS = ("national", "province", "regency", "city")


def list_agencies(request):
    from chalicelib.adapters.agency_repository import AgencyRepository
    from chalicelib.domain.directory import get_directory

    params = request.query_params or {}
    level, province, q = params.get("level"), params.get("province"), (params.get("q") or "").strip()
    fields = {}
    if level and level not in _LEVELS:
        fields["level"] = "national | province | regency | city"
    if province and get_directory().region(province) is None:
        fields["province"] = "2-digit province code"
    if len(q) > 100:
        fields["q"] = "≤ 100 characters"
    limit = _limit(params.get("limit"), fields)
    if fields:
        raise ApiError(422, "validation_error", fields=fields)
    if province and level == "national":
        return json_response({"items": [], "next_cursor": None})
    try:
        items, cursor = AgencyRepository().list(level or None, province or None, q or None, limit, params.get("cursor"))
    except ValueError:
        raise ApiError(400, "invalid_cursor", fields={"cursor": "invalid"})
    return json_response({"items": items, "next_cursor": cursor}, headers={"Cache-Control": "public, max-age=300"})


def _limit(raw, fields, default: int = 50, maximum: int = 200) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 1 <= value <= maximum:
        fields["limit"] = f"1..{maximum}"
        return default
    return value


def get_agency(request, agency_id: str):
    from chalicelib.adapters.agency_repository import AgencyRepository

    if len(agency_id) > 64:
        raise ApiError(404, "not_found")
    item = AgencyRepository().get(agency_id)
    if item is None:
        raise ApiError(404, "not_found")
    return json_response(item, headers={"Cache-Control": "public, max-age=300"})


def list_matters(request):
    from chalicelib.domain.routing import list_matters as matters

    return json_response({"items": matters()}, headers={"Cache-Control": "public, max-age=3600"})
