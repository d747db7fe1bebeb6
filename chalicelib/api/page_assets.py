"""Static assets of the pages (CSS, JS, SVG) at fingerprinted URLs: ``/assets/<content hash>/<name>``.

A URL whose hash is current is immutable (cached a year by browsers and the CDN); an old hash — a page
cached before a deploy — still gets the current file, cached briefly, so no page breaks mid-rollout.
Only files in ``api/web/assets`` exist; anything else is 404.
"""
from __future__ import annotations

import functools
import os

from chalice import Response

from chalicelib.api.errors import SalurBlueprint
from chalicelib.api.page_kit import ASSETS_DIR, asset_digests

bp = SalurBlueprint(__name__)

CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".svg": "image/svg+xml; charset=utf-8"}
IMMUTABLE = "public, max-age=31536000, immutable"


@functools.lru_cache(maxsize=None)
def _content(name: str) -> str:
    with open(os.path.join(ASSETS_DIR, name), encoding="utf-8") as fh:
        return fh.read()


@bp.route("/assets/{digest}/{name}", methods=["GET"])
def asset(digest, name):
    current = asset_digests().get(name)
    ctype = CONTENT_TYPES.get(os.path.splitext(name)[1])
    if current is None or ctype is None:
        return Response(body="Not found\n", status_code=404,
                        headers={"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store",
                                 "X-Content-Type-Options": "nosniff"})
    cache = IMMUTABLE if digest == current else "public, max-age=60"
    return Response(body=_content(name), status_code=200,
                    headers={"Content-Type": ctype, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"})
