"""A chat photo from the WhatsApp Cloud API (Graph API media): two GETs through the outbound guard.

``GET <CHAT_GRAPH_URL>/<media id>`` with the bearer token ``CHAT_ACCESS_TOKEN`` answers JSON
``{url, mime_type, file_size}``; ``GET <url>`` with the same token answers the bytes.  Both are the guarded GET
of ``media_links`` (``webhook_urls.resolve_target``: resolved once, private ranges denied; tests reach a local
stand-in only through ``WEBHOOK_TEST_ALLOWLIST``, as the webhook tests do), each with a timeout and a byte
bound; redirects are never followed.
"""
from __future__ import annotations

import json

from chalicelib import config
from chalicelib.adapters.media_links import FetchFailed, get

__all__ = ["FetchFailed", "download"]

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v21.0"
MAX_META_BYTES = 4096


def graph_url() -> str:
    return (config.env("CHAT_GRAPH_URL") or DEFAULT_GRAPH_URL).rstrip("/")


def _get(url: str, max_bytes: int) -> bytes:
    return get(url, max_bytes, {"Authorization": f"Bearer {config.env('CHAT_ACCESS_TOKEN')}",
                                   "Accept": "*/*"})


def download(platform_id: str, max_bytes: int) -> tuple[bytes, str]:
    """(bytes, the platform's MIME type) of one media id; FetchFailed otherwise."""
    if not platform_id or not all(c.isalnum() or c in "._-" for c in platform_id):
        raise FetchFailed("bad_media_id", transient=False)
    try:
        meta = json.loads(_get(f"{graph_url()}/{platform_id}", MAX_META_BYTES))
    except (ValueError, UnicodeDecodeError):
        raise FetchFailed("bad_metadata") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("url"), str):
        raise FetchFailed("bad_metadata")
    size = meta.get("file_size")
    if isinstance(size, int) and size > max_bytes:
        raise FetchFailed("too_large", transient=False)
    return _get(meta["url"], max_bytes), str(meta.get("mime_type") or "").split(";")[0].strip().lower()
