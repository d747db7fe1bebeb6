"""Intake service: every door (web/API, SMS, email, chat, Open311) files through here.

A 201 means the case, its first timeline item (submitted and routed in one; it carries their domain events: the table's
stream delivers them) and the idempotency record were written in one DynamoDB transaction.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from datetime import datetime, timedelta

from chalicelib import config
from chalicelib.adapters.case_memory_store import CaseMemoryStore
from chalicelib.adapters.complaint_repository import IDEMPOTENCY_TTL_SECONDS, AlreadyExists, ComplaintRepository
from chalicelib.adapters.event_stream import step_event_id
from chalicelib.domain import lifecycle, units
from chalicelib.domain.case_views import agency_ref, deadline_timezone
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.contacts import CONTACT_CHANNELS, Origin
from chalicelib.domain.identifiers import (event_seal_context, hash_secret, new_access_code, new_tracking_id,
                                          normalize_code, seal, unseal)
from chalicelib.domain.notification_plan import receipt_tells_code
from chalicelib.domain.refusals import Conflict
from chalicelib.domain.routing import RoutingInput, route
from chalicelib.services import cases, similar_reports

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


def decide(data: dict, memory=None):
    """The routing decision; ``memory``: a case-memory lookup (``CaseMemoryStore().lookup``) or None."""
    return route(routing_input(data), memory=memory)


def _routing_record(decision) -> dict:
    return {"agency_id": decision.agency_id, "confidence": decision.confidence,
            "needs_verification": decision.needs_verification, "reasons": decision.reasons,
            "candidates": decision.candidates, "unit": getattr(decision, "unit", None),
            "unit_id": units.suggest_unit(decision.agency_id, (decision.matter or {}).get("id"),
                                          (getattr(decision, "unit", None) or {}).get("id"))}


def new_case(data: dict, decision, now: datetime, tracking_id: str, access_code: str,
             channel_ref: str | None = None, lang: str = "id",
             origin: Origin | None = None) -> tuple[dict, list[dict], list[dict]]:
    """Build the stored case with its first timeline records (submitted, routed: stored as ONE item) and outbox.

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
    sub = lifecycle.submit(case["kind"], now, tz=cases.case_tz(case))
    case = cases.merge_state(case, sub.state, now)
    submitted = cases.event_record(sub.event, None)
    submitted["data"]["channel"] = case["channel"]
    outbox = cases.outbox_messages(case, sub.domain_events, submitted)
    # The reporter is told the access code once, by the receipt to a proved contact; only then does the code
    # travel with the event, sealed for that one event (never in clear in the stored event, the stream or a
    # log; domain/notification_plan opens it), until the events consumer has handled it
    # (services/event_consumer.py).
    if receipt_tells_code(case):
        outbox[0]["private"] = {"sealed_access_code": seal(access_code, event_seal_context(outbox[0]["event_id"]))}
    action = "route_to_verification" if decision.needs_verification else "route_auto"
    target = None if decision.needs_verification else decision.agency_id
    routed, record, more = cases.apply(case, action, "system", now + timedelta(microseconds=1),
                                       target_agency_id=target)
    # the routed record rides in the submitted one's item: its id follows from the item's (event_stream)
    routed_id = step_event_id(submitted, 1)
    more = [{**m, "event_id": m["event_id"].replace(record["event_id"], routed_id, 1)} for m in more]
    return routed, [submitted, {**record, "event_id": routed_id}], outbox + more


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


def idempotency_scope(key: str, door: str, caller: str | None) -> tuple[str, str]:
    """(record key, seal context) of one caller's ``Idempotency-Key`` at one door.

    Keys never cross doors or callers: the email door's Message-ID hash, an SMS gateway's message id and a
    public caller's own key live in separate namespaces, each also per caller (its source: IP, sender, API
    client), so no one reaches another's record by reusing its key.  The record key is a peppered hash; the
    seal context needs the raw key, which is never stored, so the stored access code opens only for it."""
    scope = f"{door}|{caller or '-'}|{key}"
    digest = hmac.new(config.secret_pepper(), b"idem|" + scope.encode(), hashlib.sha256).hexdigest()[:40]
    return f"{door}:{digest}", f"idem|{scope}"


def file_complaint(data: dict, idempotency_key: str | None = None, now: datetime | None = None,
                   channel_ref: str | None = None, repo: ComplaintRepository | None = None,
                   lang: str = "id", origin: Origin | None = None, door: str | None = None,
                   caller: str | None = None, replay_reveals_code: bool = True,
                   memory: CaseMemoryStore | None = None, similar: bool = True) -> tuple[dict, bool]:
    """File a validated complaint (``ComplaintIn.model_dump(mode='json')``).

    ``door`` (default: the origin's channel) and ``caller`` (default: the origin's source) scope the
    idempotency key (``idempotency_scope``).  A replay answers the first response; its access code only if
    ``replay_reveals_code`` (the HTTP API's own caller retrying), never for the text doors, whose replay may
    be anyone resending a message.  ``similar``: look for open public reports about the same problem (one
    bounded Query) and join the cluster of a confident match in the same transaction, or keep the others as
    suggestions for the agency.  Returns (response, replayed).  Raises IdempotencyConflict.
    """
    repo = repo or ComplaintRepository()
    now = now or utcnow()
    origin = origin or Origin(channel=data.get("channel") or "web")
    digest = body_hash(data)
    scoped = idempotency_scope(idempotency_key, door or origin.channel, caller or origin.source) \
        if idempotency_key else None
    if scoped:
        stored = _replay(repo, scoped, digest, replay_reveals_code)
        if stored is not None:
            return stored, True
    decision = decide(data, (memory or CaseMemoryStore()).lookup)
    root, suggestions = cluster_link(data, decision, repo) if similar else (None, [])
    for _attempt in range(5):
        tracking_id, access_code = new_tracking_id(), new_access_code()
        case, timeline, outbox = new_case(data, decision, now, tracking_id, access_code, channel_ref, lang, origin)
        if root:
            case["cluster_id"] = root  # the membership (the ClusterMembers index of the heads)
        if suggestions:
            case["cluster_suggestions"] = suggestions
        response = created_response(case, access_code)
        idem = None
        if scoped:
            kept = {k: v for k, v in response.items() if k != "access_code"}  # the code only sealed (24 h TTL)
            idem = {"key": scoped[0], "body_hash": digest, "response": kept,
                    "sealed_access_code": seal(access_code, scoped[1]),
                    "expires_at": int(now.timestamp()) + IDEMPOTENCY_TTL_SECONDS}
        try:
            repo.create(case, timeline, outbox, idem)
        except AlreadyExists as exc:
            if exc.which == "idempotency":
                stored = _replay(repo, scoped, digest, replay_reveals_code)
                if stored is not None:
                    return stored, True
                raise IdempotencyConflict(idempotency_key)
            continue  # tracking id collision: draw again
        log.info("complaint filed", extra={"tracking_id": tracking_id, "status": case["status"],
                                           "agency_id": case.get("agency_id"), "channel": case["channel"],
                                           "kind": case["kind"], "confidence": decision.confidence})
        return response, False
    raise RuntimeError("could not allocate a tracking id")


def _replay(repo: ComplaintRepository, scoped: tuple[str, str], digest: str, reveal: bool) -> dict | None:
    stored = repo.get_idempotency(scoped[0])
    if stored is None:
        return None
    if stored.get("body_hash") != digest:
        raise IdempotencyConflict(scoped[0])
    response = {k: v for k, v in stored["response"].items() if k != "access_code"}
    code = unseal(stored.get("sealed_access_code"), scoped[1]) if reveal else None
    return {**response, "access_code": code} if code else response


def created_response(case: dict, access_code: str) -> dict:
    tid = case["tracking_id"]
    return {"tracking_id": tid, "access_code": access_code, "status": case["status"], "cluster_id": case.get("cluster_id"),
            "created_at": case["created_at"], "agency": agency_ref(case), "due_at": case.get("due_at"),
            "timezone": deadline_timezone(case),
            "links": {"self": f"/v1/complaints/{tid}", "feedback": f"/v1/complaints/{tid}/feedback",
                      "info": f"/v1/complaints/{tid}/info"}}
