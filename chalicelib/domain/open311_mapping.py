"""Open311 GeoReport v2: pure parsing, field mapping and rendering (JSON and XML).

Nothing here touches AWS; ``open311_service`` does the I/O and the routes in
``chalicelib/api/open311.py`` only glue the two together.

Choices (see docs/open311.md):
- ``service_request_id`` is Salur's tracking id; Salur files synchronously, so a
  token equals the request id.
- Open311 descriptions may be short (``Pothole``).  Salur needs a 20-character body,
  so a short description is *padded* with the service name and a "[reported via Open311]"
  note rather than rejected (never with the address or coordinates: the body is public);
  the reporter's words are kept verbatim at the start.
- Errors are Open311's ``[{"code", "description"}]`` (XML ``<errors>``), not Salur's
  ``{"error": ...}`` shape, because Open311 clients parse that.
- A request is rendered from the one public projection of a case (``case_views.public_case``),
  the same the v1 public view uses: the region name as ``address``, coordinates rounded to
  about 1 km (none for anonymous reports), masked text, never reporter data.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Iterable
from urllib.parse import parse_qsl

from chalicelib.domain import coordinates
from chalicelib.domain.case_views import public_case
from chalicelib.domain.clock import parse
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.lifecycle import POLICY

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")
CLOSED_STATUSES = frozenset({"completed", "closed", "rejected"})
MAX_LIST = 1000
DEFAULT_DAYS = 90
MAX_SPAN_DAYS = 90
MAX_IDS = 100
#: service codes per list request: each becomes one operand of a DynamoDB FilterExpression ``IN`` (at most 100
#: operands, 4 KB of expression); Salur has a few dozen matters, so 20 is plenty for a client's filter
MAX_SERVICE_CODES = 20
MAX_CODE_LENGTH = 64
DESCRIPTION_MIN = 20  # ComplaintIn.body min_length
SHORT_SUFFIX = {"id": "[dilaporkan melalui Open311]", "en": "[reported via Open311]"}

# Open311 POST fields Salur reads (others, e.g. jurisdiction_id, are accepted and ignored).
FIELDS = ("service_code", "lat", "long", "address_string", "address_id", "email", "device_id", "account_id",
          "first_name", "last_name", "phone", "description", "media_url", "api_key", "jurisdiction_id")
# attribute[...] extras Salur understands (documented in docs/open311.md).
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "on", "ya"})

_ATTR = re.compile(r"^attribute\[([^\]]{1,64})\](\[\])?$")
_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class Open311Error(Exception):
    """An Open311 error: HTTP status plus one or more ``(code, description)`` entries."""
    def __init__(self, status: int, description: str | list[str], code: int | None = None) -> None:
        descs = [description] if isinstance(description, str) else list(description)
        super().__init__("; ".join(descs))
        self.status = status
        self.code = code if code is not None else status
        self.descriptions = descs or ["error"]

    def entries(self) -> list[dict]:
        return [{"code": self.code, "description": d} for d in self.descriptions]


# ----------------------------------------------------------------------------- paths
def split_format(filename: str | None) -> tuple[str, str] | None:
    """``roads.json`` → ("roads", "json"); None when the extension is not json/xml or the stem is empty."""
    if not filename or "." not in filename:
        return None
    stem, _, ext = filename.rpartition(".")
    ext = ext.lower()
    if ext not in FORMATS or not stem:
        return None
    return stem, ext


def format_of_path(path: str | None, uri_params: dict | None = None) -> str:
    """The response format a request asked for (xml if its path or file segment ends with .xml)."""
    candidates = [path or ""] + [str(v) for v in (uri_params or {}).values() if v is not None]
    return "xml" if any(c.lower().endswith(".xml") for c in candidates) else "json"


# ----------------------------------------------------------------------------- bodies
def _clean(value: Any) -> str:
    return str(value).replace("\x00", "").strip()


def _form_pairs(pairs: Iterable[tuple[str, Any]]) -> dict:
    fields: dict[str, str] = {}
    attributes: dict[str, Any] = {}
    for k, v in pairs:
        k = _clean(k)
        m = _ATTR.match(k)
        if m:
            name = m.group(1)
            if m.group(2):
                attributes.setdefault(name, [])
                if isinstance(attributes[name], list):
                    attributes[name].append(_clean(v))
            else:
                attributes.setdefault(name, _clean(v))
        elif k and k not in fields:
            fields[k] = _clean(v)
    return {"fields": fields, "attributes": attributes}


def parse_form(raw: bytes | str | None) -> dict:
    """``application/x-www-form-urlencoded`` → {"fields": {name: str}, "attributes": {code: str|[str]}}.

    Never raises: bad percent-escapes and bad UTF-8 are replaced; the first value of a
    repeated field wins; at most 200 fields are read.
    """
    try:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, (bytes, bytearray)) else (raw or "")
        pairs = parse_qsl(text, keep_blank_values=True, errors="replace")[:200]
    except Exception:  # noqa: BLE001 - an unparseable form is an empty form
        pairs = []
    return _form_pairs(pairs)


def parse_multipart(raw: bytes | None, content_type: str) -> dict | None:
    """Best-effort ``multipart/form-data`` text fields; None when it cannot be parsed (→ 415)."""
    try:

        if "boundary=" not in content_type.lower():
            return None
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("utf-8", errors="replace")
        msg = BytesParser(policy=HTTP).parsebytes(head + (raw or b""))
        if not msg.is_multipart():
            return None
        pairs = []
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name or part.get_filename():
                continue  # files (photos) are not stored; send media_url instead
            payload = part.get_payload(decode=True) or b""
            pairs.append((str(name), payload.decode("utf-8", errors="replace")))
            if len(pairs) >= 200:
                break
        return _form_pairs(pairs)
    except Exception:  # noqa: BLE001 - best effort
        return None


def parse_json_body(raw: bytes | None) -> dict:
    """A JSON object with the same names as the form (``attribute`` may be an object). Raises Open311Error."""
    try:
        data = json.loads((raw or b"").decode("utf-8")) if (raw or b"").strip() else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Open311Error(400, "malformed JSON body")
    if not isinstance(data, dict):
        raise Open311Error(400, "body must be a JSON object or a form")
    pairs: list[tuple[str, Any]] = []
    attributes: dict[str, Any] = {}
    for k, v in data.items():
        if k == "attribute" and isinstance(v, dict):
            for ak, av in v.items():
                attributes[_clean(ak)[:64]] = [_scalar(x, f"attribute[{ak}]") for x in av] \
                    if isinstance(av, list) else _scalar(av, f"attribute[{ak}]")
            continue
        if v is None:
            continue
        pairs.append((k, _scalar(v, k)))
    parsed = _form_pairs(pairs)
    parsed["attributes"].update(attributes)
    return parsed


def _scalar(v: Any, name: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (str, int, float)) or v is None:
        return "" if v is None else _clean(v)
    raise Open311Error(400, f"{_clean(name)[:64]}: must be a string or a number")


def parse_body(raw: bytes | None, content_type: str | None) -> dict:
    """Dispatch on the content type. Raises Open311Error (400 bad JSON, 415 unknown/unparseable)."""
    ctype = (content_type or "application/x-www-form-urlencoded").split(";")[0].strip().lower()
    if ctype == "application/x-www-form-urlencoded":
        return parse_form(raw)
    if ctype == "application/json" or ctype.endswith("+json"):
        return parse_json_body(raw)
    if ctype == "multipart/form-data":
        parsed = parse_multipart(raw, content_type or "")
        if parsed is None:
            raise Open311Error(415, "multipart body could not be parsed; send application/x-www-form-urlencoded")
        return parsed
    raise Open311Error(415, "unsupported content type; send application/x-www-form-urlencoded or application/json")


# ----------------------------------------------------------------------------- mapping
def _float(value: str, name: str, axis: str, errors: list[str]) -> float | None:
    if value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        errors.append(f"{name}: not a number")
        return None
    try:
        return coordinates.storable(f, axis)  # in range, finite, and a number DynamoDB can hold
    except ValueError:
        errors.append(f"{name}: out of range")
        return None


def _truthy(value: Any) -> bool:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip().lower() in TRUE_WORDS


def first_words(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,.;:-") + "…"


def to_complaint(parsed: dict, services: dict[str, dict], lang: str = "id") -> tuple[dict, dict]:
    """Map a parsed Open311 POST to (ComplaintIn input, extras).

    ``services`` maps service_code → service (see ``service_entry``).  ``extras`` holds
    what Salur keeps beside the case: ``api_key``, ``account_id``, ``media_url``,
    ``address_id``.  Raises Open311Error(400) listing every problem.
    """
    f = {str(k): str(v).strip() for k, v in (parsed.get("fields") or {}).items()}
    attrs = parsed.get("attributes") or {}
    errors: list[str] = []
    code = f.get("service_code", "")
    service = services.get(code)
    if not code:
        errors.append("service_code: required")
    elif service is None:
        errors.append(f"service_code: {first_words(code, 40)!r} not found; see services.json")
    lat = _float(f.get("lat", ""), "lat", "lat", errors)
    lon = _float(f.get("long", ""), "long", "lon", errors)
    if (lat is None) != (lon is None) and not any(e.startswith(("lat", "long")) for e in errors):
        errors.append("lat and long: give both or neither")
    address = f.get("address_string", "")
    address_id = f.get("address_id", "")
    if lat is None and lon is None and not address and not address_id \
            and not any(e.startswith(("lat", "long")) for e in errors):
        errors.append("location: lat & long, address_string or address_id required")
    media_url = f.get("media_url", "")
    if media_url and (len(media_url) > 1000 or not _URL.match(media_url)):
        errors.append("media_url: must be an http(s) URL of at most 1000 characters")
    if len(address_id) > 200:
        errors.append("address_id: at most 200 characters")
    if errors:
        raise Open311Error(400, errors)

    name = service_name(service, lang)
    description = f.get("description", "")
    body = description
    if len(body) < DESCRIPTION_MIN:
        parts = [p for p in (description, name) if p]  # never the address or coordinates: the body is public
        body = " — ".join(parts) + " " + SHORT_SUFFIX.get(lang, SHORT_SUFFIX["id"])
    title = name + (": " + first_words(description, 140 - len(name)) if description else "")
    if len(title) < 5:
        title = f"{title} (Open311)"
    location = {"text": address or None, "lat": lat, "lon": lon}
    if not any(v is not None for v in location.values()):
        location = None
    person = " ".join(p for p in (f.get("first_name", ""), f.get("last_name", "")) if p)
    reporter = {"name": person or None, "email": f.get("email") or None, "phone": f.get("phone") or None}
    if not any(reporter.values()):
        reporter = None
    data = {"kind": "complaint", "title": title[:150], "body": body[:5000], "category": code,
            "location": location, "reporter": reporter, "channel": "open311",
            "anonymous": _truthy(attrs.get("anonymous", "")), "confidential": _truthy(attrs.get("confidential", ""))}
    extras = {"api_key": f.get("api_key") or None, "account_id": f.get("account_id") or None,
              "media_url": media_url or None, "address_id": address_id or None}
    return data, extras


_FIELD_NAMES = {"title": "description", "body": "description", "category": "service_code",
                "location": "location", "location.text": "address_string", "location.lat": "lat",
                "location.lon": "long", "reporter.email": "email", "reporter.phone": "phone",
                "reporter.name": "first_name", "reporter": "reporter"}


def validation_errors(fields: dict[str, str]) -> Open311Error:
    """Salur's {field: message} (``http.validation_fields``) in Open311 terms."""
    descs = []
    for path, msg in fields.items():
        descs.append(f"{_FIELD_NAMES.get(path, path)}: {msg}")
    return Open311Error(400, sorted(set(descs)) or ["invalid request"])


# ----------------------------------------------------------------------------- services
def service_name(service: dict | None, lang: str) -> str:
    if not service:
        return ""
    if lang == "en":
        return service.get("label_en") or service.get("label_id") or service.get("id", "")
    return service.get("label_id") or service.get("label_en") or service.get("id", "")


def service_notice(kind: str, lang: str, status: str | None = None, handled_by: dict | None = None) -> str:
    """What happens next, in words: verification first while it waits for it; who handles it once escalated."""
    days = POLICY["information_request" if kind == "information_request" else "first_response"][0]
    if status in ("submitted", "awaiting_verification"):
        check = POLICY["verification"][0]
        if lang == "en":
            return (f"A Salur verifier names the agency with authority within {check} working days; that agency "
                    f"then follows up within {days} working days.")
        return (f"Petugas Salur menentukan instansi yang berwenang dalam {check} hari kerja; instansi itu lalu "
                f"menindaklanjuti dalam {days} hari kerja.")
    if handled_by and handled_by.get("level"):
        return (handled_by.get("text_en") if lang == "en" else handled_by.get("text_id")) or ""
    if lang == "en":
        return f"An agency follows up within {days} working days."
    return f"Instansi menindaklanjuti dalam {days} hari kerja."


def service_entry(matter: dict, lang: str) -> dict:
    keywords = matter.get("keywords")
    if isinstance(keywords, (list, tuple)):
        keywords = ",".join(str(k) for k in keywords)
    if not keywords:
        keywords = ",".join(dict.fromkeys(p for p in (matter.get("label_id"), matter.get("label_en")) if p))
    desc = matter.get("description_id") if lang != "en" else None
    return {"service_code": matter.get("id"), "service_name": service_name(matter, lang),
            "description": desc or matter.get("description_en") or service_name(matter, lang),
            "metadata": False, "type": "realtime", "keywords": keywords or "", "group": matter.get("group") or ""}


def service_definition(code: str) -> dict:
    return {"service_code": code, "attributes": []}


# ----------------------------------------------------------------------------- requests
def open311_status(status: str | None) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"


def w3c(value: str | datetime | None) -> str | None:
    """ISO 8601 / W3C datetime with offset, second precision: ``2026-11-27T06:13:21+00:00``."""
    if value is None or value == "":
        return None
    try:

        dt = parse(value)
    except (TypeError, ValueError):
        return None
    return dt.replace(microsecond=0).isoformat() if dt else None


def parse_w3c(value: str, name: str) -> datetime:
    """A W3C/ISO datetime or date; naive means UTC. Raises Open311Error(400)."""
    v = (value or "").strip()
    try:
        if len(v) == 10:
            dt = datetime.fromisoformat(v + "T00:00:00")
        else:
            dt = datetime.fromisoformat(v[:-1] + "+00:00" if v[-1:] in ("Z", "z") else v)
    except (ValueError, IndexError):
        raise Open311Error(400, f"{name}: not a W3C datetime (e.g. 2026-01-31T00:00:00Z)")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    try:
        return dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise Open311Error(400, f"{name}: out of range")


def list_filters(params: dict, now: datetime) -> dict:
    """Validate GET /requests query params → {"ids"} or {"start","end","service_codes","status"}."""
    p = {k: (v if isinstance(v, str) else "") for k, v in (params or {}).items()}
    if p.get("service_request_id"):

        raw = [x.strip() for x in p["service_request_id"].split(",") if x.strip()]
        if len(raw) > MAX_IDS:
            raise Open311Error(400, f"service_request_id: at most {MAX_IDS} ids")
        ids = list(dict.fromkeys(t for t in (normalize_tracking_id(x) for x in raw) if t))
        return {"ids": ids}
    status = (p.get("status") or "").strip().lower()
    statuses = {s.strip() for s in status.split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status: open or closed")
    end = parse_w3c(p["end_date"], "end_date") if p.get("end_date") else None
    start = parse_w3c(p["start_date"], "start_date") if p.get("start_date") else None
    try:
        if end is None:
            end = now if start is None else min(now, start + timedelta(days=MAX_SPAN_DAYS))
        if start is None:
            start = end - timedelta(days=DEFAULT_DAYS)
    except OverflowError:  # e.g. start_date=9999-12-31 or end_date=0001-01-01
        raise Open311Error(400, "start_date/end_date: out of range") from None
    if start > end:
        raise Open311Error(400, "start_date: after end_date")
    if end - start > timedelta(days=MAX_SPAN_DAYS):
        raise Open311Error(400, f"start_date/end_date: may not span more than {MAX_SPAN_DAYS} days")
    codes = {c.strip() for c in (p.get("service_code") or "").split(",") if c.strip()}
    if len(codes) > MAX_SERVICE_CODES:
        raise Open311Error(400, f"service_code: at most {MAX_SERVICE_CODES} codes")
    if any(len(c) > MAX_CODE_LENGTH for c in codes):
        raise Open311Error(400, f"service_code: each at most {MAX_CODE_LENGTH} characters")
    return {"start": start, "end": end, "service_codes": codes, "status": statuses if len(statuses) == 1 else set()}


def request_entry(case: dict, lang: str, index: dict | None = None, timeline: list[dict] | None = None,
                  media: list[dict] | None = None, base_url: str = "") -> dict:
    """One public service request, from the one public projection (``case_views.public_case``): the region as
    the address, a point rounded to about 1 km (none for anonymous reports), masked text, no reporter data.
    ``media_url``: the first file the agency published (``base_url`` + its link), else the link the requester
    sent (never for anonymous reports)."""
    public = public_case(case, timeline or [], media or ())
    published = [m["url"] for m in public["media"] if m.get("url")]
    point = public.get("point") or {}
    matter = public.get("matter") or {}
    code = (index or {}).get("service_code") or matter.get("id") or public.get("category")
    name = service_name(matter, lang) if matter else code
    return {
        "service_request_id": public["tracking_id"],
        "status": open311_status(public["status"]),
        "status_notes": public["status_notes"],
        "service_name": name,
        "service_code": code,
        "description": public["body"],
        "agency_responsible": (public.get("agency") or {}).get("name"),
        "service_notice": service_notice(public.get("kind") or "complaint", lang, public.get("status"),
                                         public.get("handled_by")),
        "requested_datetime": w3c(public["created_at"]),
        "updated_datetime": w3c(public["updated_at"]),
        "expected_datetime": w3c(public.get("due_at")),
        "address": (public.get("location") or {}).get("name"),
        "address_id": None,
        "zipcode": None,
        "lat": point.get("lat"),
        "long": point.get("lon"),
        "media_url": base_url + published[0] if published else
        (None if case.get("anonymous") else (index or {}).get("media_url")),
    }


# ----------------------------------------------------------------------------- rendering
def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_BAD.sub("", str(value))


def to_xml(root: str, item_tag: str | None, items: Any) -> str:
    """``items`` (list of flat dicts, or one dict when ``item_tag`` is None) as an XML document."""
    top = ET.Element(root)

    def fill(parent, mapping: dict) -> None:
        for k, v in mapping.items():
            child = ET.SubElement(parent, k)
            if isinstance(v, dict):
                fill(child, v)
            elif isinstance(v, list):
                singular = k[:-1] if k.endswith("s") else "item"
                for x in v:
                    el = ET.SubElement(child, singular)
                    if isinstance(x, dict):
                        fill(el, x)
                    else:
                        el.text = _xml_text(x)
            else:
                child.text = _xml_text(v)

    if item_tag is None:
        fill(top, items)
    else:
        for it in items:
            fill(ET.SubElement(top, item_tag), it)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="unicode")


def render(fmt: str, root: str, item_tag: str | None, items: Any) -> tuple[str, str]:
    """(body, content type) for a JSON list/object or its XML equivalent."""
    if fmt == "xml":
        return to_xml(root, item_tag, items), XML_TYPE
    return json.dumps(items, ensure_ascii=False, default=str), JSON_TYPE


def render_error(fmt: str, err: Open311Error) -> tuple[str, str]:
    return render(fmt, "errors", "error", err.entries())
