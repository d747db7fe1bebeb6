"""One webhook POST over HTTP (standard library): never follows a redirect, never raises."""
from __future__ import annotations

import time
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer, never followed (SSRF)
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http_post(url: str, body: str, headers: dict, timeout: float) -> tuple[int | None, int, str | None]:
    """POST once; (status code or None, latency ms, error label or None). Never raises."""
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers=headers)
    start = time.monotonic()
    status, error = None, None
    try:
        with _OPENER.open(req, timeout=timeout) as res:
            status = res.status
            res.read(1024)
    except urllib.error.HTTPError as exc:
        status = exc.code
        error = f"http_{exc.code}"
    except TimeoutError:
        error = "timeout"
    except urllib.error.URLError as exc:
        error = "timeout" if isinstance(exc.reason, TimeoutError) or "timed out" in str(exc.reason) \
            else "connection_error"
    except Exception:  # noqa: BLE001 - any transport failure is a failed attempt
        error = "connection_error"
    latency = int((time.monotonic() - start) * 1000)
    if status is not None and not 200 <= status < 300 and error is None:
        error = f"http_{status}"
    return status, latency, error
