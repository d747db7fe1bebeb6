"""One webhook POST over HTTP (standard library ``http.client``): to the checked address only, never a
redirect, never a proxy, never raises.

The connection goes to ``Target.address`` — the address ``webhook_urls.resolve_target`` resolved and
checked — while ``Host`` and the TLS server name (and certificate check) stay the URL's host name, so a
DNS answer that changes after the check (rebinding) is never used.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import time

from chalicelib.adapters.webhook_urls import Target

MAX_RESPONSE_BYTES = 1024
GET_CHUNK_BYTES = 64 * 1024


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context())
    else:  # only allowlisted test receivers (webhook_urls.allowlist)
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def pinned(_address, timeout=timeout, source_address=None):  # http.client's own hook for the TCP connect
        return socket.create_connection((target.address, target.port), timeout, source_address)

    conn._create_connection = pinned  # type: ignore[attr-defined]
    return conn


def _exchange(target: Target, method: str, headers: dict, timeout: float, read, body: bytes | None = None):
    """One request to the checked address: (status or None, what ``read`` made of the response, transport error
    label or None).  Never raises: a timeout is ``timeout``, any other transport failure ``connection_error``."""
    status, payload, error = None, None, None
    conn = _connection(target, timeout)
    try:
        conn.request(method, target.path, body=body, headers={**headers, "Host": _host_header(target)})
        res = conn.getresponse()
        status = res.status
        payload = read(res)
    except (TimeoutError, socket.timeout):
        error = "timeout"
    except Exception:  # noqa: BLE001 - any transport failure is a failed attempt
        error = "connection_error"
    finally:
        conn.close()
    return status, payload, error


def http_post(target: Target, body: str, headers: dict, timeout: float) -> tuple[int | None, int, str | None]:
    """POST once; (status code or None, latency ms, error label or None). Never raises."""
    start = time.monotonic()
    status, _, error = _exchange(target, "POST", headers, timeout, lambda res: res.read(MAX_RESPONSE_BYTES),
                                 body=body.encode())
    latency = int((time.monotonic() - start) * 1000)
    if status is not None and not 200 <= status < 300:
        error = f"http_{status}"
    return status, latency, error


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def http_get(target: Target, headers: dict, timeout: float, max_bytes: int) -> tuple[int | None, bytes, str | None]:
    """GET once from the checked address; (status or None, at most ``max_bytes`` of body, error label or None).
    ``timeout`` bounds the whole exchange (a body that trickles in is cut: ``timeout``); a body longer than
    ``max_bytes`` is an error (``too_large``), never read further.  Never raises."""
    deadline = time.monotonic() + timeout

    def read(res) -> bytes | None:  # None: longer than max_bytes
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = res.read1(min(GET_CHUNK_BYTES, max_bytes + 1 - size))  # what has arrived, not a full chunk
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > max_bytes else b"".join(chunks)

    status, body, error = _exchange(target, "GET", headers, timeout, read)
    if error is None and body is None:
        error = "too_large"
    if status is not None and not 200 <= status < 300 and error is None:
        error = f"http_{status}"
    return status, b"" if error else body, error
