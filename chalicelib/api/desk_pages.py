"""The officers' desk in a browser (``/meja``): sign-in, inbox, case, verification queue, export, settings.

Same page kit as the citizen pages (``api.page_kit``): each route renders a shell with no case data; the page's
script signs in through ``/v1/staff/sign-in`` and fetches everything from the JSON API with the person's access
token (kept in ``sessionStorage`` for the tab, sent as ``Authorization: Bearer``, never in a URL).  Signed-in
pages are ``no-store``.  What a role may do comes from the API (``allowed_actions``, 403s), never from the page.
"""
from __future__ import annotations

from chalicelib.api.errors import SalurBlueprint
from chalicelib.api.page_kit import render_page
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.vocabulary import STORED_STATUSES

bp = SalurBlueprint(__name__)

BUNDLES = ("common", "desk")
NAV = (("desk_inbox", "/meja"), ("desk_queue", "/meja/verifikasi"), ("desk_export", "/meja/ekspor"),
       ("desk_settings", "/meja/pengaturan"))
#: wording the desk scripts read (besides ``js.``)
SCRIPT_KEYS = ("desk.", "status.", "files.")
STATUS_ORDER = ("assigned", "in_progress", "reopened", "needs_info", "responded", "awaiting_verification",
                "referred", "completed", "rejected", "closed", "submitted")
assert set(STATUS_ORDER) == set(STORED_STATUSES)


def _page(template: str, title_key: str, nav: str | None, script: str, shared: tuple = (), **values):
    return render_page(bp.current_request, template, bundles=BUNDLES, title_key=title_key, nav=nav, nav_items=NAV,
                       scripts=("desk.js",) + shared + (script,), script_keys=SCRIPT_KEYS, cache="no-store",
                       statuses=STATUS_ORDER, **values)


@bp.route("/meja/masuk", methods=["GET"])
def desk_sign_in_page():
    return _page("desk/signin.html", "desk.signin.title", None, "desk-signin.js")


@bp.route("/meja", methods=["GET"])
def desk_inbox_page():
    return _page("desk/inbox.html", "desk.inbox.title", "desk_inbox", "desk-inbox.js")


@bp.route("/meja/kasus/{tracking_id}", methods=["GET"])
def desk_case_page(tracking_id):
    tid = normalize_tracking_id(tracking_id) or "-"
    return _page("desk/case.html", "desk.case.title", "desk_inbox", "desk-case.js", ("salur-files.js",),
                 tracking_id=tid)


@bp.route("/meja/verifikasi", methods=["GET"])
def desk_queue_page():
    return _page("desk/queue.html", "desk.queue.title", "desk_queue", "desk-queue.js")


@bp.route("/meja/ekspor", methods=["GET"])
def desk_export_page():
    return _page("desk/export.html", "desk.export.title", "desk_export", "desk-export.js")


@bp.route("/meja/pengaturan", methods=["GET"])
def desk_settings_page():
    return _page("desk/settings.html", "desk.settings.title", "desk_settings", "desk-settings.js")
