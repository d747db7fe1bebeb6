"""Open311 service layer: filing through intake, the listing index, the client registry.

Listing without Scan
--------------------
Every public (non-confidential) request filed through Open311 gets one small index
item on the complaints table, beside the case::

    PK = O311#<yyyy-mm-dd>   (UTC day of created_at)
    SK = <created_at>#<tracking_id>
    tracking_id, created_at, service_code, media_url?, address_id?

``GET /requests`` queries the day partitions of the asked range (at most 90 days:
at most 91 Queries, newest first) and reads the cases by BatchGetItem for their
current status; the case is the truth, so a case that became confidential or was
deleted is dropped.  The index item carries nothing about the reporter.
``index_case`` can be called by other doors to list their public cases too.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from datetime import datetime, timedelta
from typing import Any, Iterator

from chalicelib import config
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.dynamo import ddb, from_item, key, to_item
from chalicelib.adapters.media_store import MediaStore
from chalicelib.api.i18n import validation_fields
from chalicelib.domain import open311_mapping as fmt
from chalicelib.domain.clock import iso
from chalicelib.domain.contacts import Origin, source_key
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.routing import list_matters
from chalicelib.domain.refusals import RateLimited
from chalicelib.services import abuse_guard, attachments, intake

log = logging.getLogger("salur.open311")

INDEX_PREFIX = "O311#"
CLIENT_PREFIX = "O311CLIENT#"
MAX_EXAMINED = 3000  # index items read per list request, whatever the filters
_BATCH = 100


# ----------------------------------------------------------------------------- services
def matters() -> list[dict]:
    """Salur's matter categories (``routing.list_matters``); empty when routing is unavailable."""
    try:
        return [m for m in (list_matters() or []) if isinstance(m, dict) and m.get("id")]
    except Exception:  # noqa: BLE001 - a services list never fails the request
        log.exception("list_matters failed")
        return []


def services_by_code() -> dict[str, dict]:
    return {str(m["id"]): m for m in matters()}


# ----------------------------------------------------------------------------- clients
def key_digest(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8", errors="replace")).hexdigest()


def client_name(api_key: str | None) -> str | None:
    """The registered client app behind ``api_key``, or None (unknown keys are not an error).

    Registry: env ``OPEN311_CLIENTS`` = ``{"<api_key>": "<app name>"}``, then agencies-table
    items ``PK=O311CLIENT#<sha256(api_key)>, SK=CLIENT, name=<app name>``.
    """
    if not api_key or len(api_key) > 128 or not api_key.isprintable():
        return None
    try:
        registry = json.loads(os.environ.get("OPEN311_CLIENTS") or "{}")
    except ValueError:
        registry = {}
    if isinstance(registry, dict) and isinstance(registry.get(api_key), str):
        return registry[api_key][:100]
    try:

        res = ddb().get_item(TableName=config.agencies_table(), Key=key(CLIENT_PREFIX + key_digest(api_key), "CLIENT"))
        item = from_item(res.get("Item")) or {}
        name = item.get("name")
        return str(name)[:100] if name and not item.get("disabled") else None
    except Exception:  # noqa: BLE001 - registry trouble never blocks filing
        log.warning("open311 client registry unavailable")
        return None


# ----------------------------------------------------------------------------- index
def index_key(created_at: str, tid: str) -> dict:

    return key(INDEX_PREFIX + created_at[:10], f"{created_at}#{tid}")


def index_case(tracking_id: str, created_at: str, service_code: str | None, confidential: bool = False,
               media_url: str | None = None, address_id: str | None = None) -> bool:
    """Write the listing item for a public case (idempotent). Confidential cases are never indexed."""
    if confidential:
        return False

    k = index_key(created_at, tracking_id)
    item = to_item({"PK": k["PK"]["S"], "SK": k["SK"]["S"], "tracking_id": tracking_id,
                    "created_at": created_at, "service_code": service_code, "media_url": media_url,
                    "address_id": address_id})
    ddb().put_item(TableName=config.complaints_table(), Item=item)
    return True


def index_entry(case: dict) -> dict | None:

    if not case.get("created_at"):
        return None
    res = ddb().get_item(TableName=config.complaints_table(), Key=index_key(case["created_at"], case["tracking_id"]))
    return from_item(res.get("Item"))


def _days(start: datetime, end: datetime) -> list[str]:
    """end's day back to start's, newest first (never steps past start: 0001-01-01 has no day before)."""
    last = end.date()
    return [(last - timedelta(days=i)).isoformat() for i in range((last - start.date()).days + 1)]


def _index_items(start: datetime, end: datetime, codes: set[str]) -> Iterator[dict]:
    """Index items with start <= created_at <= end, newest first."""
    lo, hi = iso(start), iso(end) + "#~"
    for day in _days(start, end):
        kwargs: dict[str, Any] = {
            "TableName": config.complaints_table(), "ScanIndexForward": False,
            "KeyConditionExpression": "PK = :pk AND SK BETWEEN :lo AND :hi",
            "ExpressionAttributeValues": {":pk": {"S": INDEX_PREFIX + day}, ":lo": {"S": lo}, ":hi": {"S": hi}}}
        if codes:
            names = {f":c{i}": {"S": c} for i, c in enumerate(sorted(codes))}
            kwargs["FilterExpression"] = f"service_code IN ({', '.join(names)})"
            kwargs["ExpressionAttributeValues"].update(names)
        while True:
            res = ddb().query(**kwargs)
            for it in res.get("Items", []):
                yield from_item(it)
            if "LastEvaluatedKey" not in res:
                break
            kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]


def _batch_cases(tids: list[str]) -> dict[str, dict]:
    return ComplaintRepository().get_many(tids)


def _visible(case: dict | None) -> bool:
    return bool(case) and not case.get("confidential") and bool(case.get("tracking_id"))


# ----------------------------------------------------------------------------- use cases
def file(parsed: dict, lang: str, idempotency_key: str | None = None, source_ip: str | None = None) -> dict:
    """File an Open311 POST; returns the Open311 response entry. Raises fmt.Open311Error."""
    from pydantic import ValidationError

    from chalicelib.api.schemas import ComplaintIn

    try:
        abuse_guard.door("filings_per_source", source_ip)
    except RateLimited as exc:
        raise fmt.Open311Error(429, f"too many requests; retry after {exc.retry_after} s") from None
    services = services_by_code()
    data, extras = fmt.to_complaint(parsed, services, lang)
    origin = Origin(channel=data.pop("channel", "open311"), source=source_key("ip", source_ip))
    try:
        complaint = ComplaintIn.model_validate(data)
    except ValidationError as exc:
        raise fmt.validation_errors(validation_fields(exc, lang))
    client = client_name(extras["api_key"])
    clean = complaint.model_dump(mode="json")
    try:
        result, _replayed = intake.file_complaint(clean, idempotency_key=idempotency_key, channel_ref=client,
                                                  origin=origin, door="open311",
                                                  caller=source_key("open311", client) if client else None)
    except intake.IdempotencyConflict:
        raise fmt.Open311Error(409, "Idempotency-Key reused with a different request")
    tid = result["tracking_id"]
    try:
        index_case(tid, result["created_at"], clean.get("category"), confidential=clean.get("confidential", False),
                   media_url=extras["media_url"], address_id=extras["address_id"])
    except Exception:  # noqa: BLE001 - the case is filed; it is just not listed
        log.exception("open311 index write failed", extra={"tracking_id": tid})
    if extras["media_url"]:  # the requester's link: fetched off this path through the guard (services/media_fetches)
        attachments.record_pending({"tracking_id": tid}, "open311", extras["media_url"],
                                   media_id=attachments.derived_media_id(f"open311:{tid}", 0))
    log.info("open311 request filed", extra={"tracking_id": tid, "client": client or "-"})
    return {"service_request_id": tid, "service_notice": fmt.service_notice("complaint", lang, result.get("status")),
            "account_id": extras["account_id"], "access_code": result.get("access_code")}


def get_request(request_id: str, lang: str) -> dict | None:
    """The public Open311 view of one request, or None (unknown, malformed or confidential)."""
    tid = normalize_tracking_id(request_id)
    if tid is None:
        return None
    repo = ComplaintRepository()
    case = repo.get(tid, consistent=False)
    if not _visible(case):
        return None
    index = index_entry(case) if case.get("channel") == "open311" else None
    return fmt.request_entry(case, lang, index, repo.timeline(tid), MediaStore().list(tid), config.public_url())


def token_lookup(token: str) -> dict | None:

    tid = normalize_tracking_id(token)
    if tid is None or not _visible(ComplaintRepository().get(tid, consistent=False)):
        return None
    return {"service_request_id": tid, "token": token}


def list_requests(filters: dict, lang: str) -> list[dict]:
    """GET /requests: by ids, or by date range / service_code / status via the day index."""
    if "ids" in filters:
        cases = _batch_cases(filters["ids"])
        out = []
        for tid in filters["ids"]:
            case = cases.get(tid)
            if _visible(case):
                index = index_entry(case) if case.get("channel") == "open311" else None
                out.append(fmt.request_entry(case, lang, index))
        return out
    want = filters.get("status") or set()
    out: list[dict] = []
    chunk: list[dict] = []
    examined = 0

    def flush() -> None:
        cases = _batch_cases([c["tracking_id"] for c in chunk])
        for entry in chunk:
            case = cases.get(entry["tracking_id"])
            if not _visible(case):
                continue
            if want and fmt.open311_status(case.get("status")) not in want:
                continue
            if len(out) < fmt.MAX_LIST:
                out.append(fmt.request_entry(case, lang, entry))
        chunk.clear()

    for entry in _index_items(filters["start"], filters["end"], filters.get("service_codes") or set()):
        if not entry.get("tracking_id"):
            continue
        chunk.append(entry)
        examined += 1
        if len(chunk) >= _BATCH:
            flush()
        if len(out) >= fmt.MAX_LIST or examined >= MAX_EXAMINED:
            break
    if chunk:
        flush()
    return out
