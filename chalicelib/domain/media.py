"""Attachments (photos, PDFs) of a case: what may be uploaded, the states a file goes through, who sees it.

Pure rules; the bytes live in the private media bucket (``adapters/media_store.py``), the records next to the
case (``PK=C#<tid> SK=MEDIA#<id>``), the pipeline in ``services/attachments.py``.

States::

    pending_upload ─(the client POSTs to S3, then confirms)─▶ pending_scan ─(scan: clean)─▶ available
          │                                                       └─(scan: infected)──▶ rejected
          └─(wrong type/size/content at confirmation)──▶ rejected
    pending_fetch  (a chat media id or an Open311 link Salur has not fetched: recorded, never shown)
          ├─(fetched; its type read from its bytes)─▶ pending_scan ... as an upload (or rejected)
          └─(not got: a final failure, or FETCH_ATTEMPTS tries)──▶ rejected (reason ``not_fetched``)
    any ─(delete on request / retention)─▶ deleted   (the object is erased; the record stays for the audit)

Nothing is viewable before ``available``: an image has been re-encoded without its EXIF/GPS by then, a PDF
checked to be a PDF, and the malware scan has answered.  Who sees an available file:

* the reporter (with the access code) and the handling agency: always, through a short-lived presigned GET;
* the public: only files the agency marked public, of a case on the public list (never confidential), and
  never a file an anonymous report's reporter sent (a photo can show who took it: their face, house, street —
  like the link an anonymous Open311 requester sent, it stays inside Salur).  ``publish_refusal`` says why not.

Retention (``RETENTION``): a file is erased on request of its reporter (access code) or of the handling
agency at any time; an unconfirmed upload expires after a day (bucket lifecycle rule ``unconfirmed-uploads``).
"""
from __future__ import annotations

#: what may be uploaded: content type → stored file extension (images are re-encoded in their own format)
CONTENT_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
#: files per case, ever (a deleted file keeps its slot: bounds storage churn per case)
MAX_FILES = 5
#: bytes per file (the presigned POST's content-length-range and the server's check at confirmation)
MAX_BYTES = 10 * 1024 * 1024
MIN_BYTES = 16
#: an image is re-encoded at most this many pixels (decompression bombs refuse beyond it)
MAX_PIXELS = 40_000_000
#: seconds a presigned POST (upload) and a presigned GET (viewing) stay valid
UPLOAD_SECONDS = 600
VIEW_SECONDS = 300

#: tries to fetch one ``pending_fetch`` file before it is rejected ``not_fetched`` (``services/media_fetches.py``)
FETCH_ATTEMPTS = 6
NOT_FETCHED = "not_fetched"

PENDING_UPLOAD, PENDING_FETCH, PENDING_SCAN = "pending_upload", "pending_fetch", "pending_scan"
AVAILABLE, REJECTED, DELETED = "available", "rejected", "deleted"
STATES = (PENDING_UPLOAD, PENDING_FETCH, PENDING_SCAN, AVAILABLE, REJECTED, DELETED)

RETENTION = ("Kept while the case is kept; erased at once on request of the reporter (access code) or of the "
             "handling agency; unconfirmed uploads expire after 1 day.")

#: the first bytes each type must start with (checked before any decoder sees the file)
_MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "application/pdf": (b"%PDF-",)}


def upload_key(tid: str, media_id: str) -> str:
    return f"uploads/{tid}/{media_id}"


def stored_key(tid: str, media_id: str) -> str:
    return f"media/{tid}/{media_id}"


def acceptable_declaration(content_type: str, size: int) -> dict[str, str]:
    """Field errors of what a client says it will upload (empty when acceptable)."""
    bad = {}
    if content_type not in CONTENT_TYPES:
        bad["content_type"] = "invalid"
    if not isinstance(size, int) or not MIN_BYTES <= size <= MAX_BYTES:
        bad["size"] = "invalid"
    return bad


def looks_like(content_type: str, head: bytes) -> bool:
    """Do the file's first bytes match its declared type (WebP: RIFF....WEBP)?"""
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return any(head.startswith(m) for m in _MAGIC.get(content_type, ()))


def sniff(head: bytes) -> str | None:
    """The accepted type the file's first bytes say it is (None: none of them — e.g. an HTML page)."""
    return next((t for t in CONTENT_TYPES if looks_like(t, head[:16])), None)


def disposition(media: dict) -> str:
    """Content-Disposition of a stored file: images inline, anything else (PDF) always an attachment."""
    ext = CONTENT_TYPES.get(media.get("content_type") or "", "bin")
    name = f"{media['media_id']}.{ext}"
    return f'inline; filename="{name}"' if media.get("content_type") in IMAGE_TYPES else \
        f'attachment; filename="{name}"'


def publish_refusal(case: dict, media: dict) -> str | None:
    """Why this file may never be public (a refusal code), or None: a confidential report's files, and an
    anonymous report's files from its reporter (they may identify the reporter)."""
    if case.get("confidential"):
        return "confidential_media"
    if case.get("anonymous") and media.get("by", "reporter") == "reporter":
        return "anonymous_media"
    return None


def visible_to_public(case: dict, media: dict, listed: bool) -> bool:
    """``listed``: the case is on the public list (``case_views.listed_publicly``: never confidential)."""
    return (media.get("state") == AVAILABLE and bool(media.get("public")) and publish_refusal(case, media) is None
            and listed)


def viewable(case: dict, media: dict, private: bool, listed: bool) -> bool:
    """May this caller open the file: the reporter/agency (``private``) any available file, the public only
    the published ones of a listed case."""
    if media.get("state") != AVAILABLE:
        return False
    return True if private else visible_to_public(case, media, listed)


def media_entry(media: dict, tid: str, base: str = "/v1/complaints") -> dict:
    """How a file is described in a view: never its object key, never where it came from."""
    return {"id": media["media_id"], "content_type": media.get("content_type"), "state": media.get("state"),
            "public": bool(media.get("public")), "size": media.get("size"),
            "reason": media.get("reason") if media.get("state") == REJECTED else None,
            "url": f"{base}/{tid}/media/{media['media_id']}" if media.get("state") == AVAILABLE else None}


def public_media(case: dict, media: list[dict], listed: bool) -> list[dict]:
    """What the public projection lists: published, available files of a listed case."""
    return [{k: v for k, v in media_entry(m, case["tracking_id"]).items() if k != "public"}
            for m in media if visible_to_public(case, m, listed)]
