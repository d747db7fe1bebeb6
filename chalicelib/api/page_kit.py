"""The page layer every audience shares (citizens now, the officers' desk next): language, wording, layout,
escaping, fingerprinted assets and the security headers of an HTML page.

A page is a Jinja2 template that extends ``layout.html`` and is rendered by :func:`render_page`.  Pages hold
no case data: their scripts fetch it from the JSON API (``assets/salur.js``), so a page is the same for
everyone and cacheable, and the API stays the one door to the data.  How to add a page: docs/pages.md.

Escaping: Jinja2's autoescape is on for every template; wording and values are text, never markup.  The
wording a script needs travels in a ``<script type="application/json">`` block (``page_text_json``), with
``<`` written as ``\\u003c`` so no text can close the block.

Jinja2 costs ~105 ms of import (``python -X importtime -c "import jinja2"``): it is imported on the first
page rendered, so JSON routes never pay for it (``python -m bench.cold_start`` measures both).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from urllib.parse import urlencode

from chalice import Response

from chalicelib import config
from chalicelib.api.i18n import language

WEB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "web")
TEMPLATES_DIR = os.path.join(WEB_DIR, "templates")
ASSETS_DIR = os.path.join(WEB_DIR, "assets")
TEXT_DIR = os.path.join(WEB_DIR, "text")
LANGS = ("id", "en")

#: the one Content-Security-Policy of every page: nothing inline, nothing from another host but the media
#: bucket's origin, which the follow page's script uploads an attachment to (``csp()`` fills it in)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' {media}; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Vary": "Accept-Language",
}
#: a page holds no case data (scripts fetch it), so a CDN may keep it a few minutes
PAGE_CACHE = "public, max-age=300"


# --------------------------------------------------------------------------- language and wording
def page_language(request) -> tuple[str, bool]:
    """(lang, chosen): ``?lang=en|id`` (the visible switch) wins over Accept-Language."""
    chosen = ((request.query_params or {}).get("lang") or "").lower()
    if chosen in LANGS:
        return chosen, True
    return language((request.headers or {}).get("accept-language")), False


@functools.lru_cache(maxsize=None)
def wording(bundle: str) -> dict[str, tuple[str, str]]:
    """``web/text/<bundle>.json``: key → [Indonesian, English]."""
    with open(os.path.join(TEXT_DIR, f"{bundle}.json"), encoding="utf-8") as fh:
        return {k: tuple(v) for k, v in json.load(fh).items()}


def text_for(bundles: tuple[str, ...], lang: str) -> dict[str, str]:
    """Every key of the bundles in one language (later bundles may not redefine a key: checked by tests)."""
    i = 1 if lang == "en" else 0
    out: dict[str, str] = {}
    for b in bundles:
        out.update({k: v[i] for k, v in wording(b).items()})
    return out


def script_json(data) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``<`` survives, so no ``</script>`` either."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


# --------------------------------------------------------------------------- assets
@functools.lru_cache(maxsize=1)
def asset_digests() -> dict[str, str]:
    """name → short content hash, for every file in ``web/assets`` (URLs change when content does)."""
    out = {}
    for name in sorted(os.listdir(ASSETS_DIR)):
        with open(os.path.join(ASSETS_DIR, name), "rb") as fh:
            out[name] = hashlib.sha256(fh.read()).hexdigest()[:12]
    return out


def base_path(request) -> str:
    """'' behind a custom domain or locally; '/<stage>' on API Gateway's own URL (``/prod/lapor``)."""
    ctx = getattr(request, "context", None) or {}
    stage, path = ctx.get("stage"), ctx.get("path") or ""
    return f"/{stage}" if stage and (path == f"/{stage}" or path.startswith(f"/{stage}/")) else ""


# --------------------------------------------------------------------------- rendering
@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2  # deferred: see the module docstring

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


class PageContext:
    """What every template sees: the language, its wording, and links that keep the chosen language."""

    def __init__(self, request, bundles: tuple[str, ...], nav: str | None) -> None:
        self.lang, self.chosen = page_language(request)
        self.other_lang = "en" if self.lang == "id" else "id"
        self.t = text_for(bundles, self.lang)
        self.base = base_path(request)
        self.nav = nav
        self.path = request.context.get("path") or "/" if getattr(request, "context", None) else "/"
        self.query = {k: v for k, v in (request.query_params or {}).items() if k != "lang"}

    def href(self, path: str, **query) -> str:
        """A link inside Salur: the base path, and ``lang`` when the visitor chose one."""
        params = {k: v for k, v in query.items() if v not in (None, "")}
        if self.chosen:
            params["lang"] = self.lang
        return self.base + path + ("?" + urlencode(params) if params else "")

    def switch_href(self) -> str:
        """This very page in the other language (its other query parameters kept)."""
        path = self.path[len(self.base):] if self.base and self.path.startswith(self.base) else self.path
        return self.base + path + "?" + urlencode({**self.query, "lang": self.other_lang})

    def asset(self, name: str) -> str:
        return f"{self.base}/assets/{asset_digests()[name]}/{name}"


def csp() -> str:
    """The pages' CSP with the media bucket's origin (``config.media_origin``) in ``connect-src``."""
    return CSP.format(media=config.media_origin())


def render_page(request, template: str, *, bundles: tuple[str, ...], title_key: str, nav: str | None = None,
                script_keys: tuple[str, ...] = (), scripts: tuple[str, ...] = (), status: int = 200,
                cache: str = PAGE_CACHE, **values) -> Response:
    """Render ``template`` in the visitor's language with the shared layout and headers.

    ``script_keys``: wording key prefixes the page's scripts read (``Salur.t``); ``scripts``: asset names
    loaded after ``salur.js``; ``values``: what the template shows besides wording (escaped like all); the
    title's wording may name some of them (``"Laporan {tracking_id}"``)."""
    page = PageContext(request, bundles, nav)
    keys = tuple(script_keys) + ("js.",)
    page_text = {k: v for k, v in page.t.items() if k.startswith(keys)}
    html = _environment().get_template(template).render(
        page=page, t=page.t, title=page.t[title_key].format_map(values), scripts=scripts, page_text_json=script_json(page_text),
        **values)
    return Response(body=html, status_code=status, headers={**PAGE_HEADERS, "Content-Security-Policy": csp(),
                                                            "Cache-Control": cache,
                                                            "Content-Language": page.lang})
