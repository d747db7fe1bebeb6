"""Request handling for the citizen-facing routes: parse, call the service, shape the reply.

app.py maps each route to one function here; nothing here knows about DynamoDB.
"""
from __future__ import annotations

import re

from .http import ApiError, json_body, json_response, lang_of, parse_model

_IDEM_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


def file_complaint(request, channel_ref: str | None = None):
    from . import intake
    from .models import ComplaintIn

    data = json_body(request)
    complaint = parse_model(ComplaintIn, data, request)
    idem = request.headers.get("idempotency-key")
    if idem is not None and not _IDEM_KEY.match(idem):
        raise ApiError(400, "invalid_idempotency_key", fields={"Idempotency-Key": "1-128 visible ASCII"})
    try:
        result, replayed = intake.file_complaint(complaint.model_dump(mode="json"), idempotency_key=idem,
                                                 channel_ref=channel_ref)
    except intake.IdempotencyConflict:
        raise ApiError(409, "idempotency_conflict")
    headers = {"Location": result["links"]["self"]}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(result, 201, headers)


def load_case_for_reporter(request, tracking_id: str):
    """The case if the caller may see it, and whether they proved to be the reporter; else 404."""
    from .ids import check_secret, normalize_code, normalize_tracking_id
    from .repository import ComplaintRepository

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
    from . import intake
    from .repository import ComplaintRepository

    case, private = load_case_for_reporter(request, tracking_id)
    timeline = ComplaintRepository().timeline(case["tracking_id"])
    headers = {"Cache-Control": "no-store"} if private else {"Cache-Control": "public, max-age=30"}
    return json_response(intake.view(case, timeline, private), 200, headers)


def health(request):
    from .aws import client
    from . import config

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


def lang(request) -> str:
    return lang_of(request)
