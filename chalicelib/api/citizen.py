"""Citizen-facing routes: file a complaint, follow it, answer and judge it; the directory and routing preview.

Each view reads the request, calls a service and shapes the reply; refusals leave through
``chalicelib.api.errors`` (this is a ``SalurBlueprint``).
"""
from __future__ import annotations

from urllib.parse import urlencode

from chalicelib.adapters.agency_repository import AgencyRepository
from chalicelib.adapters.complaint_repository import PUBLIC_FILTERS, ComplaintRepository
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.api.errors import ApiError, SalurBlueprint, json_response
from chalicelib.api.http import idempotency_key, json_body, parse_limit, parse_model, schemas, source_ip
from chalicelib.api.i18n import lang_of
from chalicelib.api.openapi import (IDEMPOTENCY_KEY, PROVINCE_CODE, cursor_param, header_param, limit_param, operation,
                                    query_param)
from chalicelib.api.page_kit import base_path
from chalicelib.domain.case_views import FEEDBACK_ACTIONS, LISTED_STATUSES, case_view
from chalicelib.domain.media import VIEW_SECONDS
from chalicelib.domain.contacts import Origin, source_key
from chalicelib.domain.directory import get_directory
from chalicelib.domain.directory_search import suggest_agencies, suggest_places
from chalicelib.domain.refusals import Invalid
from chalicelib.domain.routing import get_matter
from chalicelib.domain.routing import list_matters as routing_matters
from chalicelib.domain.vocabulary import KINDS
from chalicelib.services import (abuse_guard, area_alerts, attachments, cases, clusters, intake, similar_reports,
                                 supporters)
from chalicelib.services import health as health_checks
from chalicelib.services.reporter_access import case_for_caller, reporter_case

bp = SalurBlueprint(__name__)

operation("POST", "/v1/complaints", summary="File a complaint, aspiration or information request",
          request="ComplaintIn", response="ComplaintCreated", success="201",
          errors=("400", "409", "413", "415", "422", "429"), tags=("complaints",),
          params=({**header_param("Idempotency-Key", "Retry-safe key; the same key returns the first result."),
                   "schema": IDEMPOTENCY_KEY},))
operation("GET", "/v1/complaints/{tracking_id}", summary="Reporter's or public view of a complaint",
          response="ComplaintView", errors=("404",), tags=("complaints",),
          params=(header_param("X-Access-Code", "The secret code given when filing; shows the reporter's view."),))
operation("POST", "/v1/complaints/{tracking_id}/feedback",
          summary="Reporter accepts or rejects the follow-up, rates it",
          request="FeedbackIn", errors=("400", "404", "409", "413", "415", "422"), tags=("complaints",),
          params=(header_param("X-Access-Code", "The secret code given when filing.", required=True),))
operation("POST", "/v1/complaints/{tracking_id}/info", summary="Reporter answers a request for more information",
          request="InfoIn", errors=("400", "404", "409", "413", "415", "422"), tags=("complaints",),
          params=(header_param("X-Access-Code", "The secret code given when filing.", required=True),))
operation("GET", "/v1/complaints", summary="Public list: non-confidential reports an agency holds, newest first",
          response="PublicReportPage", errors=("400", "422"), tags=("complaints",),
          description="Served from the sparse PublicList index (never a Scan); never the body, the reporter or a "
                      "confidential report.  Filters narrow a bounded read: a page may hold fewer than `limit` "
                      "rows, with `next_cursor` to read on.",
          params=(query_param("province", "2-digit Kemendagri province code", PROVINCE_CODE),
                  query_param("region", "Regency/city code (`51.04`)", {"type": "string", "maxLength": 5}),
                  query_param("agency", "Agency id", {"type": "string", "maxLength": 64}),
                  query_param("matter", "Matter id from /v1/matters", {"type": "string", "maxLength": 64}),
                  query_param("status", "Status", {"type": "string", "enum": list(LISTED_STATUSES)}),
                  query_param("kind", "Kind", {"type": "string", "enum": list(KINDS)}),
                  limit_param(50, 20), cursor_param()))
operation("POST", "/v1/routing/preview", summary="Where would this complaint go, and why (nothing is stored)",
          request="RoutingPreviewIn", errors=("400", "413", "415", "422"), tags=("routing",),
          description="`filing` says whether filing the same body would be accepted, and if not, each field's "
                      "message (as a 422 of POST /v1/complaints would).")
operation("POST", "/v1/similar-reports", summary="Open public reports that look like the same problem",
          request="RoutingPreviewIn", response="SimilarReports", errors=("400", "413", "415", "422"),
          tags=("complaints",),
          description="Same matter, near in place (same kecamatan, or within 1 km when both have coordinates) "
                      "and similar words (MinHash).  One bounded read of the Similar index (at most 100 "
                      "entries), never a Scan; nothing is stored.  Follow one instead of filing again.")
operation("POST", "/v1/complaints/{tracking_id}/supporters",
          summary="Follow a public report instead of filing it again (\"saya juga mengalami ini\")",
          request="SupportIn", success="202", errors=("400", "404", "413", "415", "422", "429"),
          tags=("complaints",),
          description="The address gets one confirmation request (with a code) and nothing else until its holder "
                      "confirms it at /supporters/confirm; then it hears when the agency answers.")
operation("POST", "/v1/complaints/{tracking_id}/supporters/confirm", summary="Confirm following a report",
          request="SupportConfirmIn", errors=("400", "404", "413", "415", "422", "429"), tags=("complaints",))
operation("POST", "/v1/alerts", summary="Subscribe by e-mail to a daily digest of public reports in an area",
          request="AlertIn", success="202", errors=("400", "413", "415", "422", "429"), tags=("alerts",),
          description="A regency/city (`region`), a kecamatan (`district`) or an agency.  Double opt-in: the "
                      "address gets one confirmation mail and nothing else until its link is opened; every "
                      "digest (at most one a day) carries a one-click unsubscribe link.")
_TOKEN = (query_param("token", "The signed token of the mail's link", {"type": "string", "maxLength": 400}),)
operation("POST", "/v1/alerts/confirm", summary="Confirm an area subscription (the button of the confirmation page)",
          errors=("404",), tags=("alerts",), params=_TOKEN)
operation("GET", "/v1/alerts/confirm", summary="An older confirmation link: 302 to the confirmation page",
          response="PageLink", success="302", errors=(), tags=("alerts",), params=_TOKEN,
          description="Changes nothing (mail scanners open links): the page's one button POSTs the token.")
operation("GET", "/v1/alerts/unsubscribe", summary="An older unsubscribe link: 302 to the unsubscribe page",
          response="PageLink", success="302", errors=(), tags=("alerts",), params=_TOKEN,
          description="Changes nothing (mail scanners open links): the page's one button POSTs the token.")
operation("POST", "/v1/alerts/unsubscribe", summary="One-click unsubscribe (RFC 8058 List-Unsubscribe-Post)",
          errors=("404",), tags=("alerts",), params=_TOKEN)
_SUGGEST_PARAMS = (query_param("q", "What the person typed (2–100 characters)",
                               {"type": "string", "minLength": 2, "maxLength": 100}), limit_param(20, 8))
operation("GET", "/v1/suggestions/places", summary="Places the directory knows whose names match (type-ahead)",
          response="PlaceSuggestions", errors=("422",), tags=("directory",), params=_SUGGEST_PARAMS)
operation("GET", "/v1/suggestions/agencies", summary="Agencies whose names match (type-ahead)",
          response="AgencySuggestions", errors=("422",), tags=("directory",), params=_SUGGEST_PARAMS)
operation("GET", "/v1/agencies", summary="The agency directory, paginated",
          errors=("400", "422"), tags=("directory",),
          params=(query_param("level", "national | province | regency | city",
                         {"type": "string", "enum": ["national", "province", "regency", "city"]}),
                  query_param("province", "2-digit Kemendagri province code", PROVINCE_CODE),
                  query_param("q", "Text search", {"type": "string", "maxLength": 100}),
                  limit_param(200, 50), cursor_param()))
operation("GET", "/v1/agencies/{agency_id}", summary="One agency", errors=("404",), tags=("directory",))
operation("GET", "/v1/matters", summary="Matter categories Salur routes by", errors=(), tags=("routing",))
_CODE = header_param("X-Access-Code", "The secret code given when filing.", required=True)
#: ``?link=true`` on an attachment's GET: the link as JSON (200) instead of the 302
MEDIA_LINK_PARAM = query_param("link", "`true`: answer 200 with the link instead of the 302 (for scripts)",
                               {"type": "string", "enum": ["true", "false", "1", "0"]})
operation("POST", "/v1/complaints/{tracking_id}/media", summary="Reporter: a presigned upload for one attachment",
          request="MediaUploadIn", response="MediaUpload", success="201",
          errors=("400", "404", "409", "413", "415", "422"), tags=("media",), params=(_CODE,),
          description="JPEG, PNG, WebP or PDF, at most 10 MiB, at most 5 files per report.  POST the file to "
                      "`upload.url` with `upload.fields`, then POST `confirm`: images are re-encoded without "
                      "EXIF/GPS, PDFs are only ever downloaded, and nothing is viewable before the malware scan.")
operation("POST", "/v1/complaints/{tracking_id}/media/{media_id}/complete",
          summary="Reporter: the upload finished (check, re-encode, scan)", response="MediaEntry",
          errors=("404", "409"), tags=("media",), params=(_CODE,))
operation("GET", "/v1/complaints/{tracking_id}/media/{media_id}",
          summary="Open an attachment: 302 to a presigned GET valid 5 minutes", response="MediaLink", success="302",
          other_success=("200",), errors=("404",), tags=("media",),
          params=(header_param("X-Access-Code", "The reporter's code; without it only published files of a "
                                                "public report open."), MEDIA_LINK_PARAM))
operation("DELETE", "/v1/complaints/{tracking_id}/media/{media_id}", summary="Reporter: erase an attachment",
          response="MediaEntry", errors=("404",), tags=("media",), params=(_CODE,))
operation("GET", "/v1/health", summary="Health: 200 when the tables answer", errors=(), tags=("ops",))
operation("GET", "/openapi.json", summary="This document", errors=(), tags=("ops",))





@bp.route("/v1/complaints", methods=["POST"])
def file_complaint():
    request = bp.current_request
    complaint = parse_model(schemas().ComplaintIn, json_body(request), request)
    ip = source_ip(request)
    abuse_guard.door("filings_per_source", ip)
    origin = Origin(channel=complaint.channel, source=source_key("ip", ip))
    result, replayed = intake.file_complaint(complaint.model_dump(mode="json"), idempotency_key=idempotency_key(request),
                                             lang=lang_of(request), origin=origin, door="api")
    headers = {"Location": result["links"]["self"]}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(result, 201, headers)


@bp.route("/v1/complaints/{tracking_id}", methods=["GET"])
def get_complaint(tracking_id):
    request = bp.current_request
    case, private = case_for_caller(tracking_id, request.headers.get("x-access-code"), source=source_ip(request))
    timeline = ComplaintRepository().timeline(case["tracking_id"])
    headers = {"Cache-Control": "no-store"} if private else {"Cache-Control": "public, max-age=30"}
    view = case_view(case, timeline, private, attachments.files(case), clusters.summary(case))
    contact = (case.get("reporter") or {}).get("email") or (case.get("reporter") or {}).get("phone")
    if private and contact:
        view["notifications"] = {"enabled": not NotificationStore().opted_out(case["tracking_id"], contact)}
    return json_response(view, 200, headers)


def _public_filters(params: dict) -> dict[str, str]:
    """The public list's filters, each checked against what exists (422 names the bad ones)."""
    d = get_directory()
    checks = {
        "province": lambda v: (r := d.region(v)) is not None and r.level == "province",
        "region": lambda v: (r := d.region(v)) is not None and r.level in ("regency", "city"),
        "agency": lambda v: d.agency(v) is not None,
        "matter": lambda v: get_matter(v) is not None,
        "status": lambda v: v in LISTED_STATUSES,
        "kind": lambda v: v in KINDS,
    }
    filters, bad = {}, {}
    for name in PUBLIC_FILTERS:
        value = (params.get(name) or "").strip()
        if value:
            if len(value) > 64 or not checks[name](value):
                bad[name] = "invalid"
            filters[name] = value
    if bad:
        raise Invalid(fields=bad)
    return filters


@bp.route("/v1/complaints", methods=["GET"])
def list_public_complaints():
    params = bp.current_request.query_params or {}
    filters = _public_filters(params)
    limit = parse_limit(params.get("limit"), default=20, maximum=50)
    items, cursor = ComplaintRepository().public_reports(filters, limit, params.get("cursor"))
    return json_response({"items": items, "next_cursor": cursor}, headers={"Cache-Control": "public, max-age=30"})


def _suggestion_query(request) -> tuple[str, int]:
    params = request.query_params or {}
    q = (params.get("q") or "").strip()
    if not 2 <= len(q) <= 100:
        raise Invalid(fields={"q": "invalid"})
    return q, parse_limit(params.get("limit"), default=8, maximum=20)


_DIRECTORY_CACHE = {"Cache-Control": "public, max-age=86400"}  # the directory changes only with a deploy


@bp.route("/v1/suggestions/places", methods=["GET"])
def place_suggestions():
    request = bp.current_request
    q, limit = _suggestion_query(request)
    return json_response({"items": suggest_places(q, limit, lang_of(request))},
                         headers={**_DIRECTORY_CACHE, "Vary": "Accept-Language"})


@bp.route("/v1/suggestions/agencies", methods=["GET"])
def agency_suggestions():
    q, limit = _suggestion_query(bp.current_request)
    return json_response({"items": suggest_agencies(q, limit)}, headers=_DIRECTORY_CACHE)


def _reporter_action(tracking_id: str, kind: str):
    """feedback (accept/reject/rate) or info (answer a request for information), with the access code."""
    request = bp.current_request
    repo = ComplaintRepository()
    case = reporter_case(tracking_id, request.headers.get("x-access-code"), repo, source=source_ip(request),
                         consistent=True)
    data = json_body(request)
    updates = None
    if kind == "info":
        body = parse_model(schemas().InfoIn, data, request)
        action, kwargs = "provide_info", {"message": body.message}
    else:
        body = parse_model(schemas().FeedbackIn, data, request)
        action = FEEDBACK_ACTIONS[body.decision]
        kwargs = {"reason": body.reason, "message": body.comment} if action in ("reporter_reject", "appeal") \
            else {"rating": body.rating, "message": body.comment}
        updates = {"feedback": {k: v for k, v in body.model_dump().items() if v is not None}}
    new = cases.transition(case["tracking_id"], action, "reporter", actor={"reporter": True}, case_updates=updates,
                           repo=repo, case=case, **kwargs)
    return json_response({"tracking_id": new["tracking_id"], "status": new["status"], "due_at": new.get("due_at"),
                          "escalation_level": new.get("escalation_level", 0)}, 200)


@bp.route("/v1/complaints/{tracking_id}/feedback", methods=["POST"])
def complaint_feedback(tracking_id):
    return _reporter_action(tracking_id, "feedback")


@bp.route("/v1/complaints/{tracking_id}/info", methods=["POST"])
def complaint_info(tracking_id):
    return _reporter_action(tracking_id, "info")


def _reporter_case() -> dict:
    request = bp.current_request
    tid = request.uri_params["tracking_id"]
    return reporter_case(tid, request.headers.get("x-access-code"), source=source_ip(request))


@bp.route("/v1/complaints/{tracking_id}/media", methods=["POST"])
def media_upload(tracking_id):
    request = bp.current_request
    case = _reporter_case()
    body = parse_model(schemas().MediaUploadIn, json_body(request), request)
    return json_response(attachments.start_upload(case, body.content_type, body.size, "reporter"), 201)


@bp.route("/v1/complaints/{tracking_id}/media/{media_id}/complete", methods=["POST"])
def media_complete(tracking_id, media_id):
    return json_response(attachments.confirm(_reporter_case(), media_id))


def media_redirect(url: str, request):
    """302 to the presigned GET (and the same link in the body); never cached.  ``?link=true`` answers 200
    with the link only: a script's fetch would otherwise follow the 302 and download the file once more."""
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if (request.query_params or {}).get("link") in ("true", "1"):
        return json_response({"url": url, "expires_in": VIEW_SECONDS}, 200, headers)
    return json_response({"url": url, "expires_in": VIEW_SECONDS}, 302, {**headers, "Location": url})



@bp.route("/v1/complaints/{tracking_id}/media/{media_id}", methods=["GET"])
def media_open(tracking_id, media_id):
    request = bp.current_request
    case, private = case_for_caller(tracking_id, request.headers.get("x-access-code"), source=source_ip(request))
    return media_redirect(attachments.view_url(case, media_id, private), request)


@bp.route("/v1/complaints/{tracking_id}/media/{media_id}", methods=["DELETE"])
def media_erase(tracking_id, media_id):
    return json_response(attachments.erase(_reporter_case(), media_id, "reporter"))


@bp.route("/v1/routing/preview", methods=["POST"])
def routing_preview():
    request = bp.current_request
    body = json_body(request)
    data = parse_model(schemas().RoutingPreviewIn, body, request).model_dump(mode="json")
    preview = intake.decide(data).to_dict(lang_of(request))
    try:
        parse_model(schemas().ComplaintIn, body, request)
        preview["filing"] = {"ok": True}
    except ApiError as exc:
        preview["filing"] = {"ok": False, "fields": exc.fields or {}}
    return json_response(preview, 200)


@bp.route("/v1/complaints/{tracking_id}/supporters", methods=["POST"])
def support(tracking_id):
    request = bp.current_request
    body = parse_model(schemas().SupportIn, json_body(request), request)
    ip = source_ip(request)
    abuse_guard.door("filings_per_source", ip)
    return json_response(supporters.follow(tracking_id, body.email, lang_of(request), ip), 202)


@bp.route("/v1/complaints/{tracking_id}/supporters/confirm", methods=["POST"])
def support_confirm(tracking_id):
    request = bp.current_request
    body = parse_model(schemas().SupportConfirmIn, json_body(request), request)
    return json_response(supporters.confirm(tracking_id, body.email, body.code, source_ip(request)))


@bp.route("/v1/alerts", methods=["POST"])
def alert_subscribe():
    request = bp.current_request
    body = parse_model(schemas().AlertIn, json_body(request), request)
    ip = source_ip(request)
    abuse_guard.door("filings_per_source", ip)
    return json_response(area_alerts.subscribe(body.area_kind, body.area, body.email, lang_of(request), ip), 202)


def _token() -> str | None:
    return (bp.current_request.query_params or {}).get("token")


def _to_page(page: str):
    """A GET of a mail's link changes nothing: it leads to the page whose one button POSTs the token."""
    token = _token()
    query = urlencode({"token": token}) if token and len(token) <= 400 else ""
    url = base_path(bp.current_request) + page + ("?" + query if query else "")
    return json_response({"url": url}, 302, {"Location": url, "Cache-Control": "no-store",
                                             "Referrer-Policy": "no-referrer"})


@bp.route("/v1/alerts/confirm", methods=["POST"])
def alert_confirm():
    return json_response(area_alerts.confirm(_token()))


@bp.route("/v1/alerts/confirm", methods=["GET"])
def alert_confirm_link():
    return _to_page(area_alerts.CONFIRM_PAGE)


#: RFC 8058: a mail provider's one-click POST carries the form body ``List-Unsubscribe=One-Click`` (ignored: the
#: token in the address says which subscription ends)
@bp.route("/v1/alerts/unsubscribe", methods=["POST"], content_types=["application/json",
                                                                    "application/x-www-form-urlencoded"])
def alert_unsubscribe():
    return json_response(area_alerts.unsubscribe(_token()))


@bp.route("/v1/alerts/unsubscribe", methods=["GET"])
def alert_unsubscribe_link():
    return _to_page(area_alerts.UNSUBSCRIBE_PAGE)


@bp.route("/v1/similar-reports", methods=["POST"])
def similar():
    request = bp.current_request
    data = parse_model(schemas().RoutingPreviewIn, json_body(request), request).model_dump(mode="json")
    found, _read = similar_reports.matches(data, intake.decide(data))
    return json_response({"items": found}, 200)


_LEVELS = ("national", "province", "regency", "city")


@bp.route("/v1/agencies", methods=["GET"])
def list_agencies():
    params = bp.current_request.query_params or {}
    level, province, q = params.get("level"), params.get("province"), (params.get("q") or "").strip()
    fields = {}
    if level and level not in _LEVELS:
        fields["level"] = "national | province | regency | city"
    if province and get_directory().region(province) is None:
        fields["province"] = "2-digit province code"
    if len(q) > 100:
        fields["q"] = "≤ 100 characters"
    try:
        limit = parse_limit(params.get("limit"), default=50, maximum=200)
    except ApiError as exc:
        fields.update(exc.fields or {})
    if fields:
        raise ApiError(422, "validation_error", fields=fields)
    if province and level == "national":
        return json_response({"items": [], "next_cursor": None})
    items, cursor = AgencyRepository().list(level or None, province or None, q or None, limit, params.get("cursor"))
    return json_response({"items": items, "next_cursor": cursor}, headers={"Cache-Control": "public, max-age=300"})


@bp.route("/v1/agencies/{agency_id}", methods=["GET"])
def get_agency(agency_id):
    item = AgencyRepository().get(agency_id) if len(agency_id) <= 64 else None
    if item is None:
        raise ApiError(404, "not_found")
    return json_response(item, headers={"Cache-Control": "public, max-age=300"})


@bp.route("/v1/matters", methods=["GET"])
def list_matters():
    return json_response({"items": routing_matters()}, headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/v1/health", methods=["GET"])
def health():
    ok, checks = health_checks.table_checks()
    return json_response({"status": "ok" if ok else "degraded", "checks": checks}, 200 if ok else 503)
