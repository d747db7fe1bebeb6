"""The one SSRF guard (adapters/webhook_urls.py + webhook_http.py), the same in every stage (issue 17 #10).

Classes covered: private/loopback/link-local/… addresses, IPv6 forms that carry an IPv4 address (mapped,
compatible, 6to4, Teredo, NAT64), odd encodings of an address as a name, control characters and escapes,
ports, plain http, the local-only allowlist, and DNS rebinding (resolve once, connect to the checked address).
"""
from __future__ import annotations

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.adapters import webhook_http
from chalicelib.adapters import webhook_urls as urls

STAGES = ("prod", "dev", "local", "test")


def fake_resolver(table, calls=None):
    def resolve(host):
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise urls.UrlRejected("unresolvable")
        return [ipaddress.ip_address(a) for a in table[host]]
    return resolve


RESOLVE = fake_resolver({"good.example.com": ["93.184.216.34"], "v6.example.com": ["2606:4700::1111"],
                         "rebind.example.com": ["93.184.216.34", "10.0.0.5"], "internal.example.com": ["192.168.1.1"],
                         "hooks.example.go.id": ["203.0.113.10"], "mapped.example.com": ["::ffff:127.0.0.1"],
                         "sixtofour.example.com": ["2002:7f00:1::"]})


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("url", ["https://good.example.com/hook", "https://v6.example.com/hook",
                                 "https://good.example.com:8443/hook?x=1", "https://GOOD.example.com./hook"])
def test_public_https_receivers_pass_in_every_stage(url, stage):
    assert urls.check(url, stage, RESOLVE) == url
    target = urls.resolve_target(url, stage, RESOLVE)
    assert target.host in ("good.example.com", "v6.example.com") and target.address in ("93.184.216.34",
                                                                                          "2606:4700::1111")


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("url", [
    # loopback and private, literally or through DNS; any port
    "https://127.0.0.1/x", "http://127.0.0.1:8123/hook", "https://localhost/x", "https://10.0.0.1/x",
    "https://172.16.5.4/x", "https://192.168.0.1:8443/x", "https://internal.example.com/x",
    "https://rebind.example.com/hook", "https://hooks.example.go.id/x", "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/x", "https://0.0.0.0/x", "https://224.0.0.251/x", "https://240.0.0.1/x",
    # IPv6 forms, and IPv6 forms that carry an IPv4 address
    "https://[::1]/x", "https://[fe80::1]/x", "https://[fc00::1]/x", "https://[::ffff:127.0.0.1]/x",
    "https://[::ffff:7f00:1]/x", "https://[::127.0.0.1]/x", "https://[2002:7f00:1::]/x", "https://[2002:a00:1::]/x",
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", "https://[64:ff9b::7f00:1]/x", "https://[fe80::1%25eth0]/x",
    "https://mapped.example.com/x", "https://sixtofour.example.com/x",
    # an address in disguise
    "https://0x7f000001/x", "https://2130706433/x", "https://0177.0.0.1/x", "https://127.1/x",
    "https://127.0.0.1.1/x", "https://0x7f.0.0.1/x", "https://%31%32%37.0.0.1/x", "https://127.0.0.1%2f@x.com/",
    # not a URL Salur posts to
    "http://good.example.com/hook", "https://good.example.com:22/x", "https://good.example.com:80/x",
    "https://good.example.com:6379/x", "https://user:pw@good.example.com/x", "https://@good.example.com/x",
    "ftp://good.example.com/x", "javascript:alert(1)", "", "https:///nohost", "https://good.example.com:99999/x",
    "http://\u0000/", "https://\u0000/", "https://good.example.com\u0000.evil/", "https://go od.example.com/",
    "https://good.example.com\\@evil.com/", "https://-bad-.example.com/", "https://" + "a" * 64 + ".com/",
    "https://bücher.example/\u202e", "https://x/" + "a" * 2100,
])
def test_everything_else_is_refused_in_every_stage(url, stage):
    with pytest.raises(urls.UrlRejected):
        urls.resolve_target(url, stage, RESOLVE)
    with pytest.raises(urls.UrlRejected):
        urls.check(url, stage, RESOLVE)


def test_a_name_that_does_not_resolve_yet_may_register_but_is_never_posted_to():
    assert urls.check("https://unknown.example.com/x", "prod", RESOLVE) == "https://unknown.example.com/x"
    with pytest.raises(urls.UrlRejected) as exc:
        urls.resolve_target("https://unknown.example.com/x", "prod", RESOLVE)
    assert exc.value.reason == "unresolvable"


def test_internationalised_names_in_their_ascii_form():
    resolve = fake_resolver({"xn--bcher-kva.example.id": ["93.184.216.34"]})
    assert urls.resolve_target("https://xn--bcher-kva.example.id/x", "prod", resolve).host == "xn--bcher-kva.example.id"
    with pytest.raises(urls.UrlRejected):
        urls.check("https://bücher.example.id/x", "prod", resolve)  # raw Unicode: one spelling only


@pytest.mark.parametrize("host", ["metadata", "localhost", "api.localhost", "db.internal", "printer.local",
                                  "x.invalid", "intranet"])
def test_local_only_names_are_refused_even_unresolved(host):
    with pytest.raises(urls.UrlRejected):
        urls.check(f"https://{host}/x", "prod", RESOLVE)


def test_allowlist_only_in_local_and_test_and_never_the_local_aws_endpoint(monkeypatch):
    monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", "127.0.0.1:8123, localhost:9000, 127.0.0.1:4566")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    for stage in ("local", "test"):
        assert urls.resolve_target("http://127.0.0.1:8123/hook", stage).address == "127.0.0.1"
        for other in ("http://127.0.0.1:8124/hook", "http://127.0.0.1:4566/", "http://0x7f000001:8123/"):
            with pytest.raises(urls.UrlRejected):
                urls.resolve_target(other, stage)
    for stage in ("prod", "dev"):
        with pytest.raises(urls.UrlRejected):
            urls.resolve_target("http://127.0.0.1:8123/hook", stage)


def test_resolved_once_and_the_post_goes_to_the_checked_address(monkeypatch):
    """DNS rebinding: the name is resolved once by the guard; the connection never asks DNS again."""
    got = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            got.append((self.headers["Host"], self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", f"hooks.invalid:{port}")
        calls: list[str] = []
        target = urls.resolve_target(f"http://hooks.invalid:{port}/salur", "test",
                                     fake_resolver({"hooks.invalid": ["127.0.0.1"]}, calls))
        # hooks.invalid resolves nowhere (RFC 2606): only the pinned address can reach the receiver
        status, _latency, error = webhook_http.http_post(target, '{"a": 1}', {"Content-Type": "application/json"}, 2)
        assert (status, error) == (204, None) and calls == ["hooks.invalid"]
        assert got == [(f"hooks.invalid:{port}", b'{"a": 1}')]
    finally:
        server.shutdown()


def test_redirects_are_answers_not_followed(monkeypatch):
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(307)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", f"127.0.0.1:{port}")
        target = urls.resolve_target(f"http://127.0.0.1:{port}/a", "test")
        assert webhook_http.http_post(target, "{}", {}, 2)[2] == "http_307" and hits == ["/a"]
    finally:
        server.shutdown()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)))
def test_no_non_global_address_passes(ip):
    """Property: whatever the address, the guard passes it only if it is globally routable and carries no
    embedded IPv4 address."""
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    embeds_v4 = ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour or ip.teredo or ip in
                                     ipaddress.ip_network("64:ff9b::/96") or ip in ipaddress.ip_network("::/96"))
    try:
        urls.resolve_target(f"https://{host}/x", "prod", RESOLVE)
    except urls.UrlRejected:
        return
    assert ip.is_global and not ip.is_private and not embeds_v4
