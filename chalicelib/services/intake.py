"""Intake service: every door (web/API, SMS, email, chat, Open311) files through here.

A 201 means the case, its first timeline events, its outbox events and the
idempotency record were written in one DynamoDB transaction.
"""
from __future__ import annotations

import hashlib
import json
import logging
import secrets
from datetime import datetime, timedelta

from chalicelib.adapters.cluster_store import ClusterStore
from chalicelib.adapters.complaint_repository import IDEMPOTENCY_TTL_SECONDS, AlreadyExists, ComplaintRepository
from chalicelib.domain import lifecycle
from chalicelib.domain.case_views import agency_ref, deadline_timezone
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.contacts import CONTACT_CHANNELS, Origin
from chalicelib.domain.identifiers import hash_secret, new_access_code, new_tracking_id, normalize_code
from chalicelib.domain.refusals import Conflict
from chalicelib.domain.routing import RoutingInput, route
from chalicelib.services import cases, similar_reports
from chalicelib.services import outbox_relay as events

log = logging.getLogger("salur.intake")


class IdempotencyConflict(Conflict):
    """Same Idempotency-Key, different request body."""
    def __init__(self, key: str = "") -> None:
        super().__init__("idempotency_conflict")
        self.key = key


def body_hash(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def routing_input(data: dict):

    loc = data.get("location") or {}
    return RoutingInput(kind=data.get("kind") or "complaint", title=data.get("title") or "",
                        body=data.get("body") or "", category=data.get("category"),
                        region_code=loc.get("region_code"), district_code=loc.get("district_code"),
                        location_text=loc.get("text"), lat=loc.get("lat"), lon=loc.get("lon"),
                        agency_id=data.get("agency_id"))


def decide(data: dict):

    return route(routing_input(data))


def _routing_record(decision) -> dict:
    return {"agency_id": decision.agency_id, "confidence": decision.confidence,
            "needs_verification": decision.needs_verification, "reasons": decision.reasons,
            "candidates": decision.candidates}


def new_case(data: dict, decision, now: datetime, tracking_id: str, access_code: str,
             channel_ref: str | None = None, lang: str = "id",
             origin: Origin | None = None) -> tuple[dict, list[dict], list[dict]]:
    """Build the stored case with its first two timeline events (submitted, routed) and outbox.

    ``origin``: what the door says about the filing (its channel, source, the contacts it proved); the
    caller's own ``channel`` (web/api/mobile) counts only without one."""
    origin = origin or Origin(channel=data.get("channel") or "web")
    salt = secrets.token_hex(8)
    region = decision.region or {}
    case = {
        "tracking_id": tracking_id, "kind": data.get("kind") or "complaint", "title": data["title"],
        "body": data["body"], "occurred_on": data.get("occurred_on"), "location": data.get("location"),
        "category": data.get("category"), "requested_agency_id": data.get("agency_id"),
        "reporter": data.get("reporter"), "anonymous": bool(data.get("anonymous")),
        "confidential": bool(data.get("confidential")), "channel": origin.channel,
        "contact_verified": sorted(set(origin.verified) & set(CONTACT_CHANNELS)), "source_key": origin.source,
        "channel_ref": channel_ref, "lang": lang, "province_code": region.get("province_code"), "region": decision.region,
        "matter": decision.matter, "tags": decision.tags, "routing": _routing_record(decision),
        "agency_history": [], "created_at": iso(now), "updated_at": iso(now),
        "access_salt": salt, "access_hash": hash_secret(normalize_code(access_code), salt),
    }
    sub = lifecycle.submit(case["kind"], now)
    case = cases.merge_state(case, sub.state, now)
    submitted = cases.event_record(sub.event, None)
    submitted["data"]["channel"] = case["channel"]
    outbox = cases.outbox_messages(case, sub.domain_events, submitted)
    # The reporter must be told the access code once; it travels only in the notification message.
    outbox[0]["private"] = {"access_code": access_code}
    action = "route_to_verification" if decision.needs_verification else "route_auto"
    target = None if decision.needs_verification else decision.agency_id
    routed, record, more = cases.apply(case, action, "system", now + timedelta(microseconds=1),
                                       target_agency_id=target)
    return routed, [submitted, record], outbox + more


def cluster_link(data: dict, decision, repo: ComplaintRepository) -> tuple[str | None, list[str]]:
    """(root of the cluster a filing joins, tracking ids to suggest): joins the best open public report about
    the same problem when confident (``similarity.SAME_FROM``, nearby); a confidential filing is only ever
    suggested (a cluster's count is public)."""
    try:
        found, _read = similar_reports.matches(data, decision, repo)
    except Exception:  # noqa: BLE001 - a failed lookup (throttled index) must not cost the citizen the filing
        log.warning("similar-report lookup failed; filed without a cluster link")
        return None, []
    if not found:
        return None, []
    if found[0]["same"] and not data.get("confidential"):
        return found[0]["cluster"], []
    return None, [f["tracking_id"] for f in found[:3]]


def file_complaint(data: dict, idempotency_key: str | None = None, now: datetime | None = None,
                   channel_ref: str | None = None, repo: ComplaintRepository | None = None,
                   lang: str = "id", origin: Origin | None = None, similar: bool = True) -> tuple[dict, bool]:
    """File a validated complaint (``ComplaintIn.model_dump(mode='json')``).

    ``similar``: look for open public reports about the same problem (one bounded Query) and join the cluster
    of a confident match in the same transaction, or keep the others as suggestions for the agency.
    Returns (response, replayed).  Raises IdempotencyConflict.
    """
    repo = repo or ComplaintRepository()
    now = now or utcnow()
    digest = body_hash(data)
    if idempotency_key:
        stored = _replay(repo, idempotency_key, digest)
        if stored is not None:
            return stored, True
    decision = decide(data)
    root, suggestions = cluster_link(data, decision, repo) if similar else (None, [])
    for _attempt in range(5):
        tracking_id, access_code = new_tracking_id(), new_access_code()
        case, timeline, outbox = new_case(data, decision, now, tracking_id, access_code, channel_ref, lang, origin)
        extra = []
        if root:
            case["cluster_id"] = root
            extra = ClusterStore(repo.table).membership_items(root, tracking_id, "auto", iso(now))
        if suggestions:
            case["cluster_suggestions"] = suggestions
        response = created_response(case, access_code)
        idem = None
        if idempotency_key:
            idem = {"key": idempotency_key, "body_hash": digest, "response": response,
                    "expires_at": int(now.timestamp()) + IDEMPOTENCY_TTL_SECONDS}
        try:
            repo.create(case, timeline, outbox, idem, extra)
        except AlreadyExists as exc:
            if exc.which == "idempotency":
                stored = _replay(repo, idempotency_key, digest)
                if stored is not None:
                    return stored, True
                raise IdempotencyConflict(idempotency_key)
            continue  # tracking id collision: draw again
        log.info("complaint filed", extra={"tracking_id": tracking_id, "status": case["status"],
                                           "agency_id": case.get("agency_id"), "channel": case["channel"],
                                           "kind": case["kind"], "confidence": decision.confidence})
        events.publish(outbox, repo)
        return response, False
    raise RuntimeError("could not allocate a tracking id")


def _replay(repo: ComplaintRepository, key: str, digest: str) -> dict | None:
    stored = repo.get_idempotency(key)
    if stored is None:
        return None
    if stored.get("body_hash") != digest:
        raise IdempotencyConflict(key)
    return stored["response"]


def created_response(case: dict, access_code: str) -> dict:
    tid = case["tracking_id"]
    return {"tracking_id": tid, "access_code": access_code, "status": case["status"], "cluster_id": case.get("cluster_id"),
            "created_at": case["created_at"], "agency": agency_ref(case), "due_at": case.get("due_at"),
            "timezone": deadline_timezone(case),
            "links": {"self": f"/v1/complaints/{tid}", "feedback": f"/v1/complaints/{tid}/feedback",
                      "info": f"/v1/complaints/{tid}/info"}}
