"""Open311 GeoReport v2 under /open311/v2/ (registered by app.py).

Chalice paths cannot hold a partial segment such as ``services.{format}``, so each
format is a literal path, and ``{service_file}``-style segments carry the extension,
split by ``open311.split_format``.  Errors leave in Open311's own shape
(``[{"code", "description"}]`` / ``<errors>``), including the 405/415 Chalice
produces itself (the blueprint middleware below rewrites them for /open311/ paths).
"""
from __future__ import annotations

import functools
import logging
import re

from chalice import Blueprint, Response

from chalicelib import config
from chalicelib.api.http import lang_of, source_ip
from chalicelib.api.openapi import IDEMPOTENCY_KEY, operation
from chalicelib.domain import open311_mapping as fmt
from chalicelib.domain.clock import utcnow
from chalicelib.services import open311_requests as svc

bp = Blueprint(__name__)
log = logging.getLogger("salur.open311")

BASE = "/open311/v2"
POST_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]
_IDEM_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


def _respond(fmt_name: str, root: str, item_tag: str | None, items, status: int = 200,
             headers: dict | None = None) -> Response:
    body, ctype = fmt.render(fmt_name, root, item_tag, items)
    return Response(body=body, status_code=status, headers={"Content-Type": ctype, **(headers or {})})


def _error(fmt_name: str, err: fmt.Open311Error) -> Response:
    body, ctype = fmt.render_error(fmt_name, err)
    return Response(body=body, status_code=err.status, headers={"Content-Type": ctype, "Cache-Control": "no-store"})


def _guarded(view):
    """Render Open311Error in the asked format; an unexpected failure is an Open311 500, never a traceback."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        request = bp.current_request
        wanted = fmt.format_of_path(request.path, request.uri_params)
        try:
            return view(*args, **kwargs)
        except fmt.Open311Error as err:
            return _error(wanted, err)
        except Exception:  # noqa: BLE001 - last line of defence for Open311 clients
            log.exception("open311 handler failed")
            return _error(wanted, fmt.Open311Error(500, "internal error"))
    return wrapper


def _file_format(filename: str) -> tuple[str, str]:
    split = fmt.split_format(filename)
    if split is None:
        raise fmt.Open311Error(404, "not found; use <id>.json or <id>.xml")
    return split


def request_params(request) -> dict:
    qp = request.query_params or {}
    return {k: qp[k] for k in qp}


# ----------------------------------------------------------------------------- Chalice's own errors
def open311_errors(event, get_response):
    """Rewrite Chalice-produced errors (405, 415, 400) on /open311/ paths into Open311's shape."""
    response = get_response(event)
    path = getattr(event, "path", "") or ""
    if not path.startswith(BASE + "/") or response.status_code < 400:
        return response
    body = response.body
    if isinstance(body, dict) and "Code" in body:
        wanted = fmt.format_of_path(path, getattr(event, "uri_params", None))
        status = response.status_code if response.status_code < 500 else 500
        text = {405: "method not allowed", 415: "unsupported content type; send "
                "application/x-www-form-urlencoded or application/json"}.get(status, "bad request")
        out = _error(wanted, fmt.Open311Error(status, text))
        for keep in ("Allow",):
            value = (response.headers or {}).get(keep)
            if value:
                out.headers[keep] = value
        return out
    return response


bp.register_middleware(open311_errors, "http")


# ----------------------------------------------------------------------------- discovery
def _discovery(request) -> dict:
    return {"changeset": "2026-11-27T00:00:00+00:00", "contact": "Salur — https://salur.go.id",
            "key_service": "api_key optional; ask Salur operators to register your app",
            "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": BASE,
                           "changeset": "2026-11-27T00:00:00+00:00", "type": "production",
                           "formats": ["application/json", "text/xml"]}]}


@bp.route(f"{BASE}/discovery.json", methods=["GET"])
@_guarded
def open311_discovery_json():
    return _respond("json", "discovery", None, _discovery(bp.current_request),
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.route(f"{BASE}/discovery.xml", methods=["GET"])
@_guarded
def open311_discovery_xml():
    return _respond("xml", "discovery", None, _discovery(bp.current_request),
                    headers={"Cache-Control": "public, max-age=3600"})


# ----------------------------------------------------------------------------- services
def _services(fmt_name: str) -> Response:

    lang = lang_of(bp.current_request)
    items = [fmt.service_entry(m, lang) for m in svc.matters()]
    return _respond(fmt_name, "services", "service", items,
                    headers={"Cache-Control": "public, max-age=300", "Vary": "Accept-Language"})


@bp.route(f"{BASE}/services.json", methods=["GET"])
@_guarded
def open311_services_json():
    return _services("json")


@bp.route(f"{BASE}/services.xml", methods=["GET"])
@_guarded
def open311_services_xml():
    return _services("xml")


@bp.route(BASE + "/services/{service_file}", methods=["GET"])
@_guarded
def open311_service_definition(service_file):

    code, fmt_name = _file_format(service_file)
    if code not in svc.services_by_code():
        return _error(fmt_name, fmt.Open311Error(404, "service_code not found"))
    return _respond(fmt_name, "service_definition", None, fmt.service_definition(code),
                    headers={"Cache-Control": "public, max-age=300"})


# ----------------------------------------------------------------------------- requests
def _post(fmt_name: str) -> Response:

    request = bp.current_request
    raw = request.raw_body or b""
    if len(raw) > config.MAX_BODY_BYTES:
        raise fmt.Open311Error(413, "body too large")
    parsed = fmt.parse_body(raw, request.headers.get("content-type"))
    idem = request.headers.get("idempotency-key")
    if idem is not None and not _IDEM_KEY.match(idem):
        raise fmt.Open311Error(400, "Idempotency-Key: 1-128 visible ASCII characters")
    entry = svc.file(parsed, lang_of(request), idempotency_key=idem, source_ip=source_ip(request))
    return _respond(fmt_name, "service_requests", "request", [entry], 201,
                    headers={"Cache-Control": "no-store",
                             "Location": f"{BASE}/requests/{entry['service_request_id']}.{fmt_name}"})


def _list(fmt_name: str) -> Response:

    request = bp.current_request
    filters = fmt.list_filters(request_params(request), utcnow())
    items = svc.list_requests(filters, lang_of(request))
    return _respond(fmt_name, "service_requests", "request", items,
                    headers={"Cache-Control": "public, max-age=30", "Vary": "Accept-Language"})


@bp.route(f"{BASE}/requests.json", methods=["POST"], content_types=POST_TYPES)
@_guarded
def open311_post_request_json():
    return _post("json")


@bp.route(f"{BASE}/requests.xml", methods=["POST"], content_types=POST_TYPES)
@_guarded
def open311_post_request_xml():
    return _post("xml")


@bp.route(f"{BASE}/requests.json", methods=["GET"])
@_guarded
def open311_list_requests_json():
    return _list("json")


@bp.route(f"{BASE}/requests.xml", methods=["GET"])
@_guarded
def open311_list_requests_xml():
    return _list("xml")


@bp.route(BASE + "/requests/{request_file}", methods=["GET"])
@_guarded
def open311_get_request(request_file):

    rid, fmt_name = _file_format(request_file)
    entry = svc.get_request(rid, lang_of(bp.current_request))
    if entry is None:
        return _error(fmt_name, fmt.Open311Error(404, "service_request_id not found"))
    return _respond(fmt_name, "service_requests", "request", [entry], headers={"Cache-Control": "public, max-age=30"})


@bp.route(BASE + "/tokens/{token_file}", methods=["GET"])
@_guarded
def open311_token(token_file):

    token, fmt_name = _file_format(token_file)
    entry = svc.token_lookup(token)
    if entry is None:
        return _error(fmt_name, fmt.Open311Error(404, "token not found"))
    return _respond(fmt_name, "service_requests", "request", [entry], headers={"Cache-Control": "public, max-age=30"})


# ----------------------------------------------------------------------------- openapi
_O311 = ("open311",)
_S = {"type": "string"}
_DT = {"type": "string", "description": "W3C datetime or date (YYYY-MM-DD)"}
_FILE_NOTE = "The last path segment is `<name>.json` or `<name>.xml`; the response format follows it."
_ERR_NOTE = ("Errors use Open311's shape, not Salur's: JSON `[{\"code\": 400, \"description\": \"...\"}]`, "
             "XML `<errors><error><code/><description/></error></errors>` (Open311 clients parse it).")


def _document() -> None:
    common = dict(tags=_O311, error_schema="Open311Errors", validation_status="400")
    for ext, ctype in (("json", "application/json"), ("xml", "text/xml")):
        operation("GET", f"{BASE}/discovery.{ext}", summary=f"Open311 discovery ({ext})", errors=(),
                  response="Open311Discovery", response_content_type=ctype, **common)
        operation("GET", f"{BASE}/services.{ext}", summary=f"Open311 services: Salur's matter categories ({ext})",
                  response="Open311Services", response_content_type=ctype, errors=(),
                  description="service_code = matter id; service_name follows Accept-Language. " + _ERR_NOTE,
                  **common)
        operation("POST", f"{BASE}/requests.{ext}", summary=f"Open311: file a service request ({ext})",
                  request="Open311RequestForm", response="Open311Created", success="201",
                  errors=("400", "409", "413", "415", "429"), content_type="application/x-www-form-urlencoded",
                  response_content_type=ctype,
                  description=("Form-encoded (standard), JSON or multipart bodies. No api_key is needed; a "
                               "registered api_key names the client app on the case. Required: service_code and "
                               "a location (lat+long, address_string or address_id). A description shorter than "
                               "20 characters is padded with the service name, not rejected. "
                               "The reply adds `access_code` (Salur extra): the reporter's secret to follow up "
                               "at /v1/complaints/{id} with X-Access-Code. Extras: attribute[anonymous], "
                               "attribute[confidential] (true/false); a confidential request is never listed. "
                               "Idempotency-Key header honoured. ") + _ERR_NOTE,
                  params=({"name": "Idempotency-Key", "in": "header", "required": False,
                           "schema": IDEMPOTENCY_KEY, "description": "Retry-safe key."},), **common)
        operation("GET", f"{BASE}/requests.{ext}", summary=f"Open311: list public service requests ({ext})",
                  response="Open311Requests", response_content_type=ctype, errors=("400",),
                  description=("Newest first, at most 1000, default the last 90 days, range at most 90 days. "
                               "service_request_id (comma-separated) overrides the other filters. Confidential "
                               "requests are never listed; reporter data never appears. " + _ERR_NOTE),
                  params=tuple({"name": n, "in": "query", "required": False, "schema": sch,
                                "description": d} for n, d, sch in (
                      ("service_request_id", "Comma-separated ids; overrides the other filters.", _S),
                      ("service_code", "Comma-separated service codes.", _S),
                      ("start_date", "W3C datetime; earliest requested_datetime.", _DT),
                      ("end_date", "W3C datetime; latest requested_datetime.", _DT),
                      ("status", "open or closed (closed = completed, closed or rejected).",
                       {"type": "string", "enum": ["open", "closed"]}))), **common)
    operation("GET", BASE + "/services/{service_file}", summary="Open311 service definition (`<code>.json|.xml`)",
              response="Open311ServiceDefinition", errors=("404",), description=_FILE_NOTE + " " + _ERR_NOTE,
              **common)
    operation("GET", BASE + "/requests/{request_file}", summary="Open311: one service request (`<id>.json|.xml`)",
              response="Open311Requests", errors=("404",), description=_FILE_NOTE + " " + _ERR_NOTE, **common)
    operation("GET", BASE + "/tokens/{token_file}", summary="Open311: token → service_request_id (`<token>.json|.xml`)",
              response="Open311Tokens", errors=("404",),
              description="Salur files synchronously: the token equals the service_request_id. " + _FILE_NOTE,
              **common)


def _schemas() -> dict:
    s, n, num, b = {"type": "string"}, {"type": ["string", "null"]}, {"type": ["number", "null"]}, {"type": "boolean"}
    request_props = {k: n for k in ("service_request_id", "status", "status_notes", "service_name", "service_code",
                                    "description", "agency_responsible", "service_notice", "requested_datetime",
                                    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                                    "media_url")}
    request_props.update(lat=num, long=num, status={"type": "string", "enum": ["open", "closed"]})
    form = {k: s for k in fmt.FIELDS}
    form.update({"attribute[anonymous]": s, "attribute[confidential]": s})
    return {
        "Open311Errors": {"type": "array", "items": {"type": "object", "required": ["code", "description"],
                                                     "properties": {"code": {"type": "integer"}, "description": s}}},
        "Open311Services": {"type": "array", "items": {"type": "object", "properties": {
            "service_code": s, "service_name": s, "description": s, "metadata": b, "type": s, "keywords": s,
            "group": s}}},
        "Open311ServiceDefinition": {"type": "object", "properties": {"service_code": s,
                                                                      "attributes": {"type": "array"}}},
        "Open311RequestForm": {"type": "object", "required": ["service_code"], "properties": form},
        "Open311Created": {"type": "array", "items": {"type": "object", "properties": {
            "service_request_id": s, "service_notice": s, "account_id": n,
            "access_code": {"type": "string", "description": "Salur extra: the reporter's secret follow-up code."}}}},
        "Open311Requests": {"type": "array", "items": {"type": "object", "properties": request_props}},
        "Open311Tokens": {"type": "array", "items": {"type": "object", "properties": {
            "service_request_id": s, "token": s}}},
        "Open311Discovery": {"type": "object"},
    }


try:
    from chalicelib.api.openapi import register_schemas

    register_schemas(_schemas())
    _document()
except (ImportError, TypeError):  # pragma: no cover - an older openapi without Open311 support
    log.warning("openapi lacks error_schema/register_schemas; Open311 routes documented generically")
