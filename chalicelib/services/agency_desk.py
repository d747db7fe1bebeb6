"""The agency desk and the verification desk: inbox, case view, actions, dispositions.

Views in chalicelib/api/agency.py authenticate with ``auth`` and call these; every state
change goes through ``cases.transition``.  Errors leave as ``ApiError`` in the caller's
language.  Routing corrections (what the router chose vs. what the verifier disposed to)
are kept per month for measuring routing quality:
- PK=ROUTING#<yyyy-mm>  SK=<tracking id>  one item per case (its first disposal that month)
- PK=ROUTING#<yyyy-mm>  SK=#COUNTS        total / corrected / confirmed counters
"""
from __future__ import annotations

import logging
import re
from typing import Any

from chalicelib.api import authentication as auth
from chalicelib.api.http import ApiError

log = logging.getLogger("salur.agency")

MAX_LIMIT = 100
_HIDDEN = ("access_salt", "access_hash", "PK", "SK")
_SUMMARY = ("tracking_id", "kind", "title", "status", "due_at", "escalation_level", "version", "created_at",
            "updated_at", "confidential", "anonymous", "agency_id", "province_code", "channel")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_PROVINCE = re.compile(r"^\d{2}$")


# -- helpers ----------------------------------------------------------------------------
def parse_limit(raw: str | None, default: int = 25) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(422, "validation_error", fields={"limit": f"1..{MAX_LIMIT}"}) from None
    if not 1 <= value <= MAX_LIMIT:
        raise ApiError(422, "validation_error", fields={"limit": f"1..{MAX_LIMIT}"})
    return value


def check_cursor(cursor: str | None, keys: set[str], pk_name: str, pk_value: str) -> str | None:
    """A cursor must decode and belong to the same partition (else DynamoDB would 500): 400.

    The query that uses it checks it again with its sort-key bounds (``dynamo.decode_cursor``);
    a ``BadCursor`` from there is answered 400 ``invalid_cursor`` by the error middleware."""
    from chalicelib.adapters.dynamo import BadCursor, decode_cursor

    if not cursor:
        return None
    try:
        decode_cursor(cursor, keys, equals={pk_name: pk_value})
    except BadCursor:
        raise ApiError(400, "invalid_cursor") from None
    return cursor


def summary(case: dict) -> dict:
    return {k: case.get(k) for k in _SUMMARY}


def load_visible(p: auth.Principal, tracking_id: str) -> dict:
    """The case if ``p`` may see it; 404 otherwise (unknown and invisible look the same)."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.identifiers import normalize_tracking_id

    tid = normalize_tracking_id(tracking_id)
    case = ComplaintRepository().get(tid) if tid else None
    if case is None or not auth.can_see(p, case):
        raise ApiError(404, "not_found")
    return case


def allowed_actions(p: auth.Principal, case: dict) -> list[str]:
    from chalicelib.domain import lifecycle

    return sorted(a for a in lifecycle.allowed_actions(case.get("status", ""), p.role)
                  if a in auth.AGENCY_ACTIONS and auth.can_act(p, case, a))


def _agency_known(agency_id: str | None) -> bool:
    from chalicelib.domain.directory import get_directory

    return bool(agency_id) and get_directory().agency(agency_id) is not None


def _etag(case: dict) -> dict:
    return {"ETag": f'"{int(case.get("version", 0))}"'}


def parse_if_match(value: str | None) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(r'\s*(?:W/)?"?(\d{1,9})"?\s*', value)
    if not m:
        raise ApiError(400, "bad_request", fields={"If-Match": '"<version>"'})
    return int(m.group(1))


# -- inbox and case ---------------------------------------------------------------------
def inbox(p: auth.Principal, params: dict) -> dict:
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain import lifecycle

    status = params.get("status") or None
    if status is not None and status not in lifecycle.STORED_STATUSES:
        raise ApiError(422, "validation_error", fields={"status": ", ".join(sorted(lifecycle.STORED_STATUSES))})
    agency_id = auth.inbox_agency(p, params.get("agency_id"))
    limit = parse_limit(params.get("limit"))
    cursor = check_cursor(params.get("cursor"), {"PK", "SK", "GSI1PK", "GSI1SK"}, "GSI1PK", f"A#{agency_id}")
    items, nxt = ComplaintRepository().inbox(agency_id, status, limit, cursor)
    return {"agency_id": agency_id, "items": [summary(c) for c in items], "next_cursor": nxt}


def case_view(p: auth.Principal, tracking_id: str) -> tuple[dict, dict]:
    """The full case for staff: timeline with internal notes; the reporter unless anonymous."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    case = load_visible(p, tracking_id)
    view = {k: v for k, v in case.items() if k not in _HIDDEN and not k.startswith("GSI")}
    if case.get("anonymous"):
        view.pop("reporter", None)
    timeline = []
    for ev in ComplaintRepository().timeline(case["tracking_id"]):
        timeline.append({k: v for k, v in ev.items() if k not in ("PK", "SK", "tracking_id")})
    view["timeline"] = timeline
    view["allowed_actions"] = allowed_actions(p, case)
    view["read_only"] = not view["allowed_actions"]
    return view, _etag(case)


# -- actions ----------------------------------------------------------------------------
def act(p: auth.Principal, tracking_id: str, data: dict, if_match: str | None, lang: str, request) -> tuple[dict, dict]:
    from chalicelib.agency_schemas import AgencyActionIn
    from chalicelib.api.http import parse_model
    from chalicelib.case_actions import act as act_on_case

    body = parse_model(AgencyActionIn, data, request)
    header_version = parse_if_match(if_match)
    version = body.version if body.version is not None else header_version
    if version is None:
        raise ApiError(422, "validation_error", fields={"version": "required (or If-Match)"})
    case = load_visible(p, tracking_id)
    if not auth.can_act(p, case, body.action):
        raise ApiError(403, "forbidden")
    if body.target_agency_id is not None and not _agency_known(body.target_agency_id):
        raise ApiError(422, "unknown_agency", fields={"target_agency_id": "unknown"})
    new = act_on_case(case["tracking_id"], body.action, auth.lifecycle_role(p), lang, expected_version=version,
                      actor=p.actor(), message=body.message, reason=body.reason,
                      target_agency_id=body.target_agency_id, note=body.note)
    log.info("agency action", extra={"tracking_id": new["tracking_id"], "action": body.action, "role": p.role,
                                     "agency_id": p.agency_id, "status": new["status"]})
    return result(new), _etag(new)


def result(case: dict) -> dict:
    return {k: case.get(k) for k in ("tracking_id", "status", "version", "agency_id", "due_at")}


# -- verification desk ------------------------------------------------------------------
def verification_queue(p: auth.Principal, params: dict) -> dict:
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.directory import get_directory

    requested = params.get("province") or None
    if requested is not None:
        region = get_directory().regions.get(requested) if _PROVINCE.match(requested) else None
        if region is None or region.level != "province":
            raise ApiError(422, "validation_error", fields={"province": "unknown"})
    if p.national:
        scope = requested or "NAT"
    else:
        if requested is not None and requested != p.scope:
            raise ApiError(403, "forbidden")
        scope = p.scope
    limit = parse_limit(params.get("limit"))
    cursor = check_cursor(params.get("cursor"), {"PK", "SK", "GSI3PK", "GSI3SK"}, "GSI3PK", f"VQ#{scope}")
    items, nxt = ComplaintRepository().verification_queue(scope, limit, cursor)
    out = []
    for c in items:
        s = summary(c)
        s["suggested_agency_id"] = (c.get("routing") or {}).get("agency_id")
        s["routing_confidence"] = (c.get("routing") or {}).get("confidence")
        out.append(s)
    return {"scope": scope, "items": out, "next_cursor": nxt}


def dispose(p: auth.Principal, tracking_id: str, data: dict, lang: str, request) -> dict:
    from chalicelib.agency_schemas import DispositionIn
    from chalicelib.api.http import parse_model
    from chalicelib.case_actions import act as act_on_case

    body = parse_model(DispositionIn, data, request)
    case = load_visible(p, tracking_id)
    if not _agency_known(body.agency_id):
        raise ApiError(422, "unknown_agency", fields={"agency_id": "unknown"})
    new = act_on_case(case["tracking_id"], "dispose", auth.lifecycle_role(p), lang, expected_version=body.version,
                      actor=p.actor(), target_agency_id=body.agency_id, note=body.note)
    correction = record_correction(case, new, p)
    return {**result(new), "routing": correction}


def record_correction(before: dict, after: dict, p: auth.Principal) -> dict:
    """Store router-vs-verifier for this case (first disposal per month counts); never fails the request."""
    from botocore.exceptions import ClientError

    from chalicelib import config
    from chalicelib.adapters.dynamo import ddb, key, to_item

    routed = (before.get("routing") or {}).get("agency_id")
    disposed = after.get("agency_id")
    month = (after.get("updated_at") or "")[:7]
    item = {"tracking_id": after["tracking_id"], "month": month, "routed_agency_id": routed,
            "disposed_agency_id": disposed, "corrected": routed != disposed,
            "confidence": (before.get("routing") or {}).get("confidence"), "province_code": before.get("province_code"),
            "verifier_agency_id": p.agency_id, "verifier_role": p.role, "at": after.get("updated_at")}
    table = config.complaints_table()
    corrected = 1 if item["corrected"] else 0
    try:
        ddb().transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": to_item({**item, "PK": f"ROUTING#{month}", "SK": after["tracking_id"]}),
                     "ConditionExpression": "attribute_not_exists(PK)"}},
            {"Update": {"TableName": table, "Key": key(f"ROUTING#{month}", "#COUNTS"),
                        "UpdateExpression": "ADD #t :one, #c :c, #k :k",
                        "ExpressionAttributeNames": {"#t": "total", "#c": "corrected", "#k": "confirmed"},
                        "ExpressionAttributeValues": {":one": {"N": "1"}, ":c": {"N": str(corrected)},
                                                      ":k": {"N": str(1 - corrected)}}}}])
    except ClientError as exc:
        log.warning("routing correction not recorded", extra={"tracking_id": after["tracking_id"],
                                                               "error": str(exc)[:300]})
    return {k: item[k] for k in ("routed_agency_id", "disposed_agency_id", "corrected")}


def corrections(params: dict) -> dict:
    from chalicelib import config
    from chalicelib.adapters.dynamo import ddb, encode_cursor, from_item, key
    from chalicelib.domain.clock import utcnow

    month = params.get("month") or utcnow().strftime("%Y-%m")
    if not _MONTH.match(month):
        raise ApiError(422, "validation_error", fields={"month": "YYYY-MM"})
    limit = parse_limit(params.get("limit"), default=50)
    cursor = check_cursor(params.get("cursor"), {"PK", "SK"}, "PK", f"ROUTING#{month}")
    table = config.complaints_table()
    counts = from_item(ddb().get_item(TableName=table, Key=key(f"ROUTING#{month}", "#COUNTS")).get("Item")) or {}
    kwargs: dict[str, Any] = {"TableName": table, "Limit": limit,
                              "KeyConditionExpression": "PK = :pk AND SK BETWEEN :a AND :z",
                              "ExpressionAttributeValues": {":pk": {"S": f"ROUTING#{month}"}, ":a": {"S": "0"},
                                                            ":z": {"S": "~"}}}
    if cursor:
        from chalicelib.adapters.dynamo import decode_cursor

        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, {"PK", "SK"}, equals={"PK": f"ROUTING#{month}"},
                                                    ranges={"SK": ("0", "~")})
    res = ddb().query(**kwargs)
    items = [{k: v for k, v in from_item(i).items() if k not in ("PK", "SK")} for i in res.get("Items", [])]
    total = int(counts.get("total", 0))
    corrected_n = int(counts.get("corrected", 0))
    return {"month": month, "total": total, "corrected": corrected_n, "confirmed": int(counts.get("confirmed", 0)),
            "correction_rate": round(corrected_n / total, 4) if total else None, "items": items,
            "next_cursor": encode_cursor(res.get("LastEvaluatedKey"))}
