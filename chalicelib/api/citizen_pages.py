"""The citizen's door in a browser: home, file (``/lapor``), follow (``/lacak/<id>``), public reports
(``/laporan``) and agency scorecards (``/instansi``).

Each route renders a page shell with ``api.page_kit`` (shared with every audience); the page's script fetches
the data from the JSON API (``/v1/...``), so the shell holds no case data and no secret and is cacheable.
The access code is typed into the follow page and sent by its script as ``X-Access-Code``: never in a URL.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chalice import Response

from chalicelib.api.errors import SalurBlueprint
from chalicelib.api.page_kit import PageContext, render_page
from chalicelib.domain.case_views import LISTED_STATUSES
from chalicelib.domain.directory import get_directory
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.routing import list_matters
from chalicelib.domain.stats_rules import WIB
from chalicelib.domain.vocabulary import KINDS
from chalicelib.services import area_alerts

bp = SalurBlueprint(__name__)

BUNDLES = ("common", "citizen")
NAV = (("home", "/"), ("file", "/lapor"), ("follow", "/lacak"), ("reports", "/laporan"),
       ("scorecards", "/instansi"))
#: wording every citizen script reads (besides ``js.``): statuses, kinds, and its page's own keys
#: the attachments' shared script (the file and follow pages, and the desk's case page)
FILES = ("salur-files.js",)
SCRIPT_KEYS = ("status.", "status_help.", "kind.", "month.", "files.")


def _page(template: str, title_key: str, nav: str | None, script: str | tuple | None = None, page_keys: tuple = (),
          **values) -> Response:
    scripts = (script,) if isinstance(script, str) else tuple(script or ())
    return render_page(bp.current_request, template, bundles=BUNDLES, title_key=title_key, nav=nav,
                       nav_items=NAV, scripts=scripts, script_keys=SCRIPT_KEYS + page_keys,
                       kinds=KINDS, **values)


def _redirect(path: str, **query) -> Response:
    page = PageContext(bp.current_request, BUNDLES, None)
    return Response(body="", status_code=302, headers={"Location": page.href(path, **query),
                                                       "Cache-Control": "no-store"})


def _not_found() -> Response:
    return _page("not_found.html", "notfound.h1", None, status=404, cache="no-store")


def _wib_now() -> datetime:
    return datetime.now(timezone.utc).astimezone(WIB)


@bp.route("/", methods=["GET"])
def home_page():
    return _page("citizen/home.html", "home.title", "home", tracking_id=None)


@bp.route("/lapor", methods=["GET"])
def file_page():
    # the latest date anywhere in Indonesia (WIT, UTC+9): what the API accepts for occurred_on
    today = (datetime.now(timezone.utc) + timedelta(hours=9)).date().isoformat()
    return _page("citizen/file.html", "file.title", "file", FILES + ("citizen-file.js",), ("file.", "privacy."), today=today)


@bp.route("/lacak", methods=["GET"])
def find_page():
    raw = ((bp.current_request.query_params or {}).get("nomor") or "").strip()
    tid = normalize_tracking_id(raw) if raw else None
    if tid:
        return _redirect(f"/lacak/{tid}")
    return _page("citizen/follow.html", "follow.find_title", "follow", tracking_id=None)


@bp.route("/lacak/{tracking_id}", methods=["GET"])
def follow_page(tracking_id):
    tid = normalize_tracking_id(tracking_id)
    if tid is None:
        return _not_found()
    if tid != tracking_id:
        return _redirect(f"/lacak/{tid}")
    return _page("citizen/follow.html", "follow.title", "follow", FILES + ("citizen-follow.js",), ("follow.",),
                 tracking_id=tid)


def _alert_page(action: str, title_key: str) -> Response:
    # the address carries the mail's token: never in a shared cache
    return _page("citizen/alert.html", title_key, None, "citizen-alert.js", ("alert.",), action=action,
                 cache="no-store")


@bp.route(area_alerts.CONFIRM_PAGE, methods=["GET"])
def alert_confirm_page():
    return _alert_page("confirm", "alert.confirm_title")


@bp.route(area_alerts.UNSUBSCRIBE_PAGE, methods=["GET"])
def alert_unsubscribe_page():
    return _alert_page("stop", "alert.stop_title")


@bp.route("/laporan", methods=["GET"])
def reports_page():
    params = bp.current_request.query_params or {}
    d = get_directory()
    provinces = sorted(((r.code, r.name) for r in d.regions.values() if r.level == "province"), key=lambda p: p[1])
    province = params.get("province") if d.region(params.get("province") or "") else ""
    regions = sorted(((r.code, r.name) for r in d.regions.values()
                      if province and r.level != "province" and r.province_code == province), key=lambda p: p[1])
    page = PageContext(bp.current_request, BUNDLES, None)
    matters = sorted(((m["id"], m["label_en"] if page.lang == "en" else m["label_id"]) for m in list_matters()),
                     key=lambda m: m[1])
    agency = d.agency(params.get("agency") or "")
    selected = {"province": province, "region": params.get("region") or "", "matter": params.get("matter") or "",
                "status": params.get("status") or "", "agency": agency.id if agency else "",
                "agency_name": agency.name if agency else ""}
    return _page("citizen/reports.html", "reports.title", "reports", "citizen-reports.js", ("reports.",),
                 provinces=provinces, regions=regions, matters=matters, selected=selected,
                 statuses=[(s, page.t[f"status.{s}"]) for s in LISTED_STATUSES])


def _month_label(page_text: dict, period: str) -> str:
    year, _, month = period.partition("-")
    return f"{page_text[f'month.{int(month)}']} {year}" if month else year


@bp.route("/instansi", methods=["GET"])
def scorecards_page():
    params = bp.current_request.query_params or {}
    if get_directory().agency(params.get("instansi") or ""):
        return _redirect(f"/instansi/{params['instansi']}")
    now = _wib_now()
    months = []
    year, month = now.year, now.month
    for _ in range(12):
        months.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    periods = [str(now.year), str(now.year - 1)] + months
    period = params.get("period") if params.get("period") in periods else str(now.year)
    page_text = PageContext(bp.current_request, BUNDLES, None).t
    return _page("citizen/scorecards.html", "score.title", "scorecards", "citizen-scorecards.js", ("score.",),
                 periods=[(p, _month_label(page_text, p)) for p in periods], period=period)


@bp.route("/instansi/{agency_id}", methods=["GET"])
def scorecard_page(agency_id):
    agency = get_directory().agency(agency_id)
    if agency is None:
        return _not_found()
    now = _wib_now()
    years = [str(now.year - i) for i in range(3)]
    year = (bp.current_request.query_params or {}).get("year")
    return _page("citizen/scorecard.html", "score.agency_title", "scorecards", "citizen-scorecards.js", ("score.",),
                 agency=agency, agency_name=agency.name, years=[(y, y) for y in years],
                 year=year if year in years else years[0])
