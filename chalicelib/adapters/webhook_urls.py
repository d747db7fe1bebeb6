"""Which receiver URLs Salur will POST to: the one SSRF guard, the same in every stage.

* ``https://`` on port 443 or 8443, a dotted host name of letters, digits and ``-`` (internationalised
  names in their ``xn--`` form), not under a local-only suffix (``localhost``, ``.internal``, ...), or a
  literal IP; no credentials, no odd encodings (``0x7f000001``, ``2130706433``, ``0177.0.0.1``, ``127.1``,
  percent-escapes, control characters, zone ids).
* Every address the name resolves to must be public: not private, loopback, link-local, multicast,
  reserved, unspecified, shared (100.64/10), documentation, nor an IPv6 form that carries an IPv4 address
  (IPv4-mapped ``::ffff:0:0/96``, IPv4-compatible ``::/96``, 6to4 ``2002::/16``, Teredo ``2001::/32``,
  NAT64 ``64:ff9b::/96``).
* ``resolve_target`` resolves **once** and returns the checked address; ``webhook_http`` connects to
  exactly that address (TLS still verified for the host name), so DNS cannot answer differently between
  the check and the connection (rebinding).  Redirects are never followed.
* Registration (``check``) applies the same rules; a name that does not resolve yet is accepted there
  (its addresses are checked at every delivery).
* Tests and ``make run`` reach receivers on this machine only through ``WEBHOOK_TEST_ALLOWLIST``
  (``host:port`` entries, comma-separated), honoured only in the ``local`` and ``test`` stages and never for
  the local AWS endpoint; an allowlisted receiver may be ``http://``.
"""
from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from chalicelib import config
from chalicelib.domain.refusals import Invalid

MAX_URL_LENGTH = 2048
ALLOWED_PORTS = frozenset({443, 8443})
ALLOWLIST_STAGES = frozenset({"local", "test"})
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_LOCAL_SUFFIXES = frozenset({"localhost", "local", "localdomain", "internal", "intranet", "lan", "home", "corp",
                             "invalid", "test", "example", "onion", "arpa"})
_URL_CHARS = re.compile(r"^[\x21-\x7e]+$")  # visible ASCII: no spaces, controls or raw Unicode
_EMBEDS_IPV4 = tuple(ipaddress.ip_network(n) for n in ("::ffff:0:0/96", "::/96", "2002::/16", "2001::/32",
                                                         "64:ff9b::/96", "64:ff9b:1::/48"))


class UrlRejected(Invalid):
    def __init__(self, reason: str) -> None:
        super().__init__("webhook_url_rejected", fields={"url": reason})
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """A checked receiver: connect to ``address``:``port``; send ``host`` as Host and TLS server name."""
    url: str
    scheme: str
    host: str
    port: int
    path: str
    address: str


def public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and (ip.scope_id or any(ip in net for net in _EMBEDS_IPV4)):
        return False
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address of ``host`` (a checked name); UrlRejected('unresolvable') if DNS has none."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        raise UrlRejected("unresolvable") from None
    out = []
    for info in infos:
        try:
            out.append(ipaddress.ip_address(info[4][0]))
        except ValueError:  # a scoped IPv6 answer ("fe80::1%eth0"): never a public receiver
            raise UrlRejected("non_public_address") from None
    return out


def allowlist(stage: str) -> frozenset[str]:
    """``host:port`` receivers tests may reach on this machine (local/test stages only, never local AWS)."""
    if stage not in ALLOWLIST_STAGES:
        return frozenset()
    entries = {e.strip().lower() for e in config.env("WEBHOOK_TEST_ALLOWLIST").split(",") if e.strip()}
    aws = urlsplit(config.env("AWS_ENDPOINT_URL"))
    if aws.hostname and aws.port:
        entries.discard(f"{aws.hostname}:{aws.port}".lower())
    return frozenset(entries)


def _host(raw: str) -> str:
    """The host as Salur will use it: a literal IP, or a lower-case IDNA name; odd encodings refused."""
    if raw.startswith("[") and raw.endswith("]"):
        try:
            return str(ipaddress.IPv6Address(raw[1:-1]))
        except ValueError:
            raise UrlRejected("invalid_host") from None
    try:
        return str(ipaddress.IPv4Address(raw))  # dotted quad only: 127.1 and 0177.0.0.1 fail here
    except ValueError:
        pass
    name = raw.lower().rstrip(".")
    labels = name.split(".")
    if not name or len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise UrlRejected("invalid_host")
    if _NUMERIC_LABEL.match(labels[-1]):  # 2130706433, 0x7f000001, 127.0.0.1.1, 0177.1: an address in disguise
        raise UrlRejected("ip_encoding")
    return name


def parse(url: str, stage: str) -> tuple[str, str, int, str, bool]:
    """(scheme, host, port, path, allowlisted) of a syntactically acceptable URL, else UrlRejected."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH or not _URL_CHARS.match(url):
        raise UrlRejected("invalid")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UrlRejected("invalid") from None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UrlRejected("credentials_in_url")
    raw_host = parts.netloc.rsplit(":", 1)[0] if port is not None or parts.netloc.endswith(":") else parts.netloc
    if not raw_host or "%" in raw_host or "\\" in url:
        raise UrlRejected("invalid_host")
    host = _host(raw_host)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UrlRejected("invalid_scheme")
    port = port or (443 if scheme == "https" else 80)
    shown = f"[{host}]" if ":" in host else host
    allowed = f"{shown}:{port}" in allowlist(stage)
    if not allowed:
        labels = host.split(".")
        if ":" not in host and (len(labels) < 2 or labels[-1] in _LOCAL_SUFFIXES):
            raise UrlRejected("non_public_address")  # "metadata", "localhost", "x.internal": never public
        if scheme != "https":
            raise UrlRejected("https_required")
        if port not in ALLOWED_PORTS:
            raise UrlRejected("port_not_allowed")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path, allowed


def _addresses(host: str, resolver) -> list:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        return resolver(host)


def resolve_target(url: str, stage: str, resolver=None) -> Target:
    """Check ``url`` and resolve it once: the address to connect to.  Raises UrlRejected."""
    scheme, host, port, path, allowed = parse(url, stage)
    addresses = _addresses(host, resolver or resolve)
    if not addresses:
        raise UrlRejected("unresolvable")
    if not allowed and not all(public_address(a) for a in addresses):
        raise UrlRejected("non_public_address")
    return Target(url, scheme, host, port, path, str(addresses[0]))


def check(url: str, stage: str, resolver=None) -> str:
    """Registration: the URL if acceptable in ``stage`` (same rules everywhere), else UrlRejected."""
    try:
        resolve_target(url, stage, resolver)
    except UrlRejected as exc:
        if exc.reason != "unresolvable":
            raise
    return url
