"""Which receiver URLs Salur will POST to (SSRF guard).

In stage ``prod`` only ``https://`` URLs whose host resolves exclusively to public
addresses are accepted — checked at registration and again before every delivery
(DNS can change).  Other stages (local/test/dev) also accept ``http://`` and local
receivers so tests and `make run` can use a receiver on 127.0.0.1.  Redirects are
never followed by the sender (see delivery.py), so a public URL cannot bounce a
request into the VPC.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from chalicelib.domain.refusals import Invalid

MAX_URL_LENGTH = 2048


class UrlRejected(Invalid):
    def __init__(self, reason: str) -> None:
        super().__init__("webhook_url_rejected", fields={"url": reason})
        self.reason = reason


def _public(ip: ipaddress._BaseAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


def resolve(host: str) -> list[ipaddress._BaseAddress]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        raise UrlRejected("unresolvable") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check(url: str, stage: str, resolver=resolve) -> str:
    """Return the URL if allowed in ``stage``, else raise UrlRejected(reason)."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise UrlRejected("invalid")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise UrlRejected("invalid") from None
    if parts.username or parts.password:
        raise UrlRejected("credentials_in_url")
    if not host:
        raise UrlRejected("invalid")
    if stage == "prod":
        if parts.scheme != "https":
            raise UrlRejected("https_required")
        addresses = resolver(host)
        if not addresses or not all(_public(a) for a in addresses):
            raise UrlRejected("non_public_address")
    elif parts.scheme not in ("http", "https"):
        raise UrlRejected("invalid_scheme")
    return url
