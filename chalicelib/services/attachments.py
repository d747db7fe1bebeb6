"""Attachments of a case: presigned uploads, confirmation (check, re-encode, scan), viewing links, deletion.

The rules (types, sizes, states, who sees what, retention) are ``domain.media``; the bucket and the records
``adapters.media_store``.  Nothing is viewable before it is ``available``:

* **confirmation** reads the uploaded object back (HeadObject + GetObject of at most ``MAX_BYTES``): its
  stored type must be the declared one and its size within range — S3 enforces the presigned POST's policy,
  moto does not, so this check is the server-side guarantee either way — and its first bytes must match;
* **images** are decoded and re-encoded by Pillow (pinned in requirements.txt: the one maintained decoder of
  JPEG/PNG/WebP in Python; re-encoding from pixels is the only way to be sure no EXIF, GPS, XMP or comment
  survives, and a file that does not decode is refused), after applying the EXIF orientation;
* **PDFs** are kept byte for byte but always served as ``Content-Disposition: attachment``;
* the **malware scan** (``MEDIA_SCAN``): ``inline`` (development stages) checks the EICAR test signature at
  once; ``external`` (deployed stages) leaves the file ``pending_scan`` until the scanner (GuardDuty Malware
  Protection for S3 or a ClamAV function) calls ``record_scan``.

Pillow is imported on the first confirmation only (it is not needed to file or to view).
"""
from __future__ import annotations

import hashlib
import io
import logging
import secrets

from chalicelib import config
from chalicelib.adapters.media_store import AlreadyStored, MediaStore, TooManyFiles
from chalicelib.domain import media as rules
from chalicelib.domain.case_views import listed_publicly
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.refusals import Conflict, Invalid, NotFound
from chalicelib.domain.vocabulary import CLOSED

log = logging.getLogger("salur.attachments")

#: the EICAR anti-virus test file's signature (what the inline scan looks for)
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def scan_mode() -> str:
    return config.env("MEDIA_SCAN") or ("inline" if config.stage() in config.DEVELOPMENT_STAGES else "external")


def new_media_id() -> str:
    return "M" + secrets.token_hex(8).upper()


def _open_case(case: dict) -> None:
    if case.get("status") == CLOSED:
        raise Conflict("case_closed")


def _record(case: dict, state: str, by: str, source: str, **extra) -> dict:
    return {"tracking_id": case["tracking_id"], "media_id": new_media_id(), "state": state, "by": by,
            "source": source, "public": False, "created_at": iso(utcnow()), **extra}


def _add(store: MediaStore, record: dict) -> dict:
    try:
        store.add(record)
    except TooManyFiles:
        raise Conflict("too_many_files", limit=rules.MAX_FILES) from None
    return record


def _add_once(store: MediaStore, record: dict, media_id: str | None) -> dict | None:
    """Add under a fixed ``media_id`` (a redelivered message): the stored record if it exists already;
    None when the case has no slot left."""
    if media_id:
        record["media_id"] = media_id
    try:
        return _add(store, record)
    except AlreadyStored:
        return store.get(record["tracking_id"], record["media_id"]) or record
    except Conflict:
        return None


def start_upload(case: dict, content_type: str, size: int, by: str, store: MediaStore | None = None) -> dict:
    """A slot and a presigned POST for one file (``by``: reporter | agency)."""
    store = store or MediaStore()
    _open_case(case)
    bad = rules.acceptable_declaration(content_type, size)
    if bad:
        raise Invalid(fields=bad)
    record = _add(store, _record(case, rules.PENDING_UPLOAD, by, "upload", content_type=content_type,
                                 declared_size=size))
    post = store.presigned_post(rules.upload_key(case["tracking_id"], record["media_id"]), content_type, size)
    base = "/v1/agency/complaints" if by == "agency" else "/v1/complaints"
    return {"media_id": record["media_id"], "state": record["state"], "upload": post,
            "expires_in": rules.UPLOAD_SECONDS, "max_bytes": size,
            "confirm": f"{base}/{case['tracking_id']}/media/{record['media_id']}/complete"}


def clean_image(data: bytes, content_type: str) -> bytes:
    """The image re-encoded from its pixels in its own format: no EXIF/GPS/XMP/comments survive.
    Raises ValueError for anything that is not a decodable image of that type within ``MAX_PIXELS``."""
    from PIL import Image, ImageOps  # ~45 ms (python -X importtime), only on confirmation

    fmt = _PIL_FORMATS[content_type]
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != fmt:
                raise ValueError("format")
            if img.width * img.height > rules.MAX_PIXELS:
                raise ValueError("too many pixels")
            img.load()
            pixels = ImageOps.exif_transpose(img)
            mode = "RGB" if fmt == "JPEG" else ("RGBA" if "A" in pixels.getbands() else "RGB")
            clean = Image.new(mode, pixels.size)
            clean.paste(pixels.convert(mode))
        out = io.BytesIO()
        clean.save(out, format=fmt, **({"quality": 88} if fmt in ("JPEG", "WEBP") else {}))
        return out.getvalue()
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:  # Pillow's "not an image"
        raise ValueError("undecodable") from exc


def _processed(data: bytes, content_type: str) -> bytes:
    """What is stored for viewing, or ValueError (refused)."""
    if not rules.MIN_BYTES <= len(data) <= rules.MAX_BYTES or not rules.looks_like(content_type, data[:16]):
        raise ValueError("content")
    return clean_image(data, content_type) if content_type in rules.IMAGE_TYPES else data


def _store_processed(store: MediaStore, record: dict, data: bytes, expected: str) -> dict:
    """Check/re-encode ``data``, store it for viewing, move the record on (then scan)."""
    tid, mid, ctype = record["tracking_id"], record["media_id"], record["content_type"]
    try:
        out = _processed(data, ctype)
    except ValueError as exc:
        store.update(tid, mid, expected, {"state": rules.REJECTED, "reason": str(exc)})
        return {**record, "state": rules.REJECTED, "reason": str(exc)}
    store.put(rules.stored_key(tid, mid), out, ctype, rules.disposition(record))
    if not store.update(tid, mid, expected, {"state": rules.PENDING_SCAN, "size": len(out)}):
        return store.get(tid, mid) or record
    record = {**record, "state": rules.PENDING_SCAN, "size": len(out)}
    if scan_mode() == "inline":
        return record_scan(tid, mid, "infected" if EICAR in data else "clean", store)
    early = GUARDDUTY_VERDICTS.get(store.scan_tag(rules.stored_key(tid, mid)) or "")
    return record_scan(tid, mid, early, store) if early else record  # a result that came before this state


def confirm(case: dict, media_id: str, store: MediaStore | None = None) -> dict:
    """The client says its upload finished: check it, re-encode/keep it, scan it.  Idempotent."""
    store = store or MediaStore()
    tid = case["tracking_id"]
    record = store.get(tid, media_id) if len(media_id) <= 40 else None
    if record is None:
        raise NotFound()
    if record["state"] != rules.PENDING_UPLOAD:
        return rules.media_entry(record, tid)
    head = store.head(rules.upload_key(tid, media_id))
    if head is None:
        raise Conflict("upload_missing")
    if head["content_type"] != record["content_type"] or not rules.MIN_BYTES <= head["size"] <= \
            min(rules.MAX_BYTES, int(record.get("declared_size") or rules.MAX_BYTES)):
        store.update(tid, media_id, rules.PENDING_UPLOAD, {"state": rules.REJECTED, "reason": "policy"})
        store.delete(rules.upload_key(tid, media_id))
        return rules.media_entry({**record, "state": rules.REJECTED}, tid)
    data = store.read(rules.upload_key(tid, media_id), rules.MAX_BYTES)
    out = _store_processed(store, record, data, rules.PENDING_UPLOAD)
    store.delete(rules.upload_key(tid, media_id))
    log.info("attachment confirmed", extra={"tracking_id": tid, "media_id": media_id, "state": out["state"]})
    return rules.media_entry(out, tid)


def derived_media_id(reference: str, index: int) -> str:
    """A fixed id for the ``index``-th file of one inbound message, so a redelivery stores it once."""
    return "M" + hashlib.sha256(f"{reference}#{index}".encode()).hexdigest()[:16].upper()


def ingest(case: dict, data: bytes, content_type: str, source: str, store: MediaStore | None = None,
           media_id: str | None = None) -> dict | None:
    """A file that arrived with the complaint (an e-mail attachment): the same checks as an upload.
    None when the type is not accepted or the case has no slot left (the complaint stands without it).
    With ``media_id`` it is idempotent: a second call finishes a file the first left half-done."""
    store = store or MediaStore()
    if content_type not in rules.CONTENT_TYPES:
        return None
    record = _add_once(store, _record(case, rules.PENDING_UPLOAD, "reporter", source, content_type=content_type,
                                      declared_size=len(data)), media_id)
    if record is None or record["state"] != rules.PENDING_UPLOAD:
        return record
    return _store_processed(store, record, data, rules.PENDING_UPLOAD)


def record_pending(case: dict, source: str, reference: str, content_type: str | None = None,
                   store: MediaStore | None = None, media_id: str | None = None) -> dict | None:
    """A file Salur was told about but has not fetched (a chat media id, an Open311 ``media_url``): recorded as
    ``pending_fetch`` for the agency to see, never shown publicly.  None when no slot is left; with
    ``media_id`` a repeated call records it once."""
    store = store or MediaStore()
    return _add_once(store, _record(case, rules.PENDING_FETCH, "reporter", source, reference=reference[:1000],
                                    content_type=content_type if content_type in rules.CONTENT_TYPES else None),
                     media_id)


def complete_fetch(tid: str, media_id: str, data: bytes, content_type: str,
                   store: MediaStore | None = None) -> dict | None:
    """A ``pending_fetch`` file Salur has now fetched: the same checks, re-encoding and scan as an upload
    (a type it does not accept is rejected).  None if the record is gone; a record no longer pending as it is."""
    store = store or MediaStore()
    record = store.get(tid, media_id)
    if record is None or record["state"] != rules.PENDING_FETCH:
        return record
    if content_type not in rules.CONTENT_TYPES:
        store.update(tid, media_id, rules.PENDING_FETCH, {"state": rules.REJECTED, "reason": "type"})
        return {**record, "state": rules.REJECTED, "reason": "type"}
    if not store.update(tid, media_id, rules.PENDING_FETCH, {"content_type": content_type}):
        return store.get(tid, media_id)
    return _store_processed(store, {**record, "content_type": content_type}, data, rules.PENDING_FETCH)


def record_scan(tid: str, media_id: str, verdict: str, store: MediaStore | None = None) -> dict:
    """The malware scanner's verdict (``clean`` | ``infected``): available, or rejected and erased."""
    store = store or MediaStore()
    record = store.get(tid, media_id)
    if record is None:
        raise NotFound()
    if record["state"] != rules.PENDING_SCAN:
        return record
    if verdict == "clean":
        store.update(tid, media_id, rules.PENDING_SCAN, {"state": rules.AVAILABLE})
        return {**record, "state": rules.AVAILABLE}
    store.delete(rules.stored_key(tid, media_id))
    store.update(tid, media_id, rules.PENDING_SCAN, {"state": rules.REJECTED, "reason": "malware"})
    log.warning("attachment rejected by the scan", extra={"tracking_id": tid, "media_id": media_id})
    return {**record, "state": rules.REJECTED, "reason": "malware"}


#: GuardDuty Malware Protection for S3: ``scanResultDetails.scanResultStatus`` → our verdict (anything else —
#: UNSUPPORTED, ACCESS_DENIED, FAILED — leaves the file pending for a person to look at)
GUARDDUTY_VERDICTS = {"NO_THREATS_FOUND": "clean", "THREATS_FOUND": "infected"}


def scan_event(detail: dict, store: MediaStore | None = None) -> dict:
    """A scanner's result event for one object: only processed attachments (``media/<tid>/<id>``) count."""
    store = store or MediaStore()
    obj = detail.get("s3ObjectDetails") or {}
    parts = str(obj.get("objectKey") or "").split("/")
    verdict = GUARDDUTY_VERDICTS.get(str((detail.get("scanResultDetails") or {}).get("scanResultStatus")))
    if obj.get("bucketName") != store.bucket or len(parts) != 3 or parts[0] != "media" or verdict is None:
        return {"ignored": True}
    try:
        record = record_scan(parts[1], parts[2], verdict, store)
    except NotFound:
        return {"ignored": True}
    return {"media_id": parts[2], "state": record["state"]}


def files(case: dict, store: MediaStore | None = None) -> list[dict]:
    return (store or MediaStore()).list(case["tracking_id"])


def view_url(case: dict, media_id: str, private: bool, store: MediaStore | None = None) -> str:
    """A presigned GET for the caller, or NotFound (unknown, not available, or not for this caller)."""
    store = store or MediaStore()
    record = store.get(case["tracking_id"], media_id) if len(media_id) <= 40 else None
    if record is None or not rules.viewable(case, record, private, listed_publicly(case)):
        raise NotFound()
    return store.view_url(rules.stored_key(case["tracking_id"], media_id), record["content_type"],
                          rules.disposition(record))


def publish(case: dict, media_id: str, public: bool, store: MediaStore | None = None) -> dict:
    """The handling agency shows (or hides) an available file publicly; never one ``publish_refusal`` names
    (a confidential case's, an anonymous reporter's own)."""
    store = store or MediaStore()
    record = store.get(case["tracking_id"], media_id) if len(media_id) <= 40 else None
    if record is None:
        raise NotFound()
    refusal = rules.publish_refusal(case, record)
    if public and refusal:
        raise Conflict(refusal)
    if record["state"] != rules.AVAILABLE:
        raise Conflict("media_not_available")
    if not store.update(case["tracking_id"], media_id, rules.AVAILABLE, {"public": bool(public)}):
        raise Conflict("media_not_available")
    return rules.media_entry({**record, "public": bool(public)}, case["tracking_id"])


def erase(case: dict, media_id: str, by: str, store: MediaStore | None = None) -> dict:
    """Erase a file on request (``domain.media.RETENTION``): the objects go, the record says who and when."""
    store = store or MediaStore()
    tid = case["tracking_id"]
    record = store.get(tid, media_id) if len(media_id) <= 40 else None
    if record is None or record["state"] == rules.DELETED:
        raise NotFound()
    store.delete(rules.stored_key(tid, media_id))
    store.delete(rules.upload_key(tid, media_id))
    store.update(tid, media_id, record["state"], {"state": rules.DELETED, "public": False, "deleted_by": by,
                                                   "deleted_at": iso(utcnow()), "reference": ""})
    log.info("attachment erased", extra={"tracking_id": tid, "media_id": media_id, "by": by})
    return {"id": media_id, "state": rules.DELETED}
