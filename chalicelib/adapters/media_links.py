"""A file behind a link (an Open311 ``media_url``), and the one guarded GET every file Salur fetches goes through
(``graph_media`` uses it for chat photos).

* The URL passes ``webhook_urls.resolve_target``: ``https`` on 443/8443 only, resolved **once**, every address
  public (no private, loopback, link-local, shared, ... ranges; literal IPs and odd encodings included), and
  the connection goes to exactly the checked address (``webhook_http``: no rebinding).  Tests reach a local
  server only through ``WEBHOOK_TEST_ALLOWLIST`` (local/test stages; it may be ``http://`` there).
* One GET, never a redirect (a 3xx is a failure), no cookies or credentials of Salur's: the ``User-Agent``
  and ``Accept`` only (``graph_media`` adds its bearer token to the platform's own host).
* The whole exchange is bounded by ``TIMEOUT_SECONDS`` and the body by the caller's ``max_bytes`` (read no
  further: ``too_large``).
* ``FetchFailed.transient`` says whether another try later may succeed: a transport failure (timeout,
  refused connection, a name that does not resolve yet), 408/425/429 or a 5xx.  Anything else (a refused URL,
  a redirect, another 4xx, too large) is final.
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.webhook_http import http_get
from chalicelib.adapters.webhook_urls import UrlRejected, resolve_target

#: one GET's whole exchange (a chat photo takes two: the fetch function's own timeout covers both and the checks)
TIMEOUT_SECONDS = 8.0
USER_AGENT = "Salur-Media/1.0"
ACCEPT = "image/jpeg, image/png, image/webp, application/pdf"
_RETRYABLE_STATUSES = frozenset({408, 425, 429})


class FetchFailed(Exception):
    """The file was not got now (``transient``: worth another try later)."""

    def __init__(self, reason: str, transient: bool = True) -> None:
        super().__init__(reason)
        self.reason, self.transient = reason, transient


def transient(error: str, status: int | None) -> bool:
    """May a later try succeed after this failure (``webhook_http`` error label, status or None)?"""
    if error == "too_large":
        return False
    return status is None or status in _RETRYABLE_STATUSES or status >= 500


def get(url: str, max_bytes: int, headers: dict | None = None) -> bytes:
    """The body of one guarded GET of ``url`` (at most ``max_bytes``); FetchFailed otherwise."""
    try:
        target = resolve_target(url, config.stage())
    except UrlRejected as exc:
        raise FetchFailed(f"url_{exc.reason}", transient=exc.reason == "unresolvable") from None
    status, data, error = http_get(target, {"User-Agent": USER_AGENT, "Accept": ACCEPT, **(headers or {})},
                                   TIMEOUT_SECONDS, max_bytes)
    if error:
        raise FetchFailed(error, transient=transient(error, status))
    return data


def download(url: str, max_bytes: int) -> bytes:
    """The bytes behind a requester's link (its type is read from the bytes, never from the server's word)."""
    if not isinstance(url, str) or not url.lower().startswith(("https://", "http://")):
        raise FetchFailed("url_invalid_scheme", transient=False)
    return get(url, max_bytes)
