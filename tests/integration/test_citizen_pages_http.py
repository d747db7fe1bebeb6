"""The page routes as HTTP answers: HTML with one strict CSP and no inline code, the language by switch or
Accept-Language, cacheable shells without data, fingerprinted immutable assets, redirects and 404 pages."""
from __future__ import annotations

import re

import pytest

PAGES = ["/", "/lapor", "/lacak", "/lacak/7KQ2-M9XD", "/laporan", "/laporan?province=51", "/instansi",
         "/instansi/pemkab-51.04"]


#: pages whose address carries a mail link's token: never in a shared cache
TOKEN_PAGES = ["/langganan/konfirmasi?token=abc.def", "/langganan/berhenti?token=abc.def", "/langganan/berhenti"]


@pytest.mark.parametrize("path", PAGES + TOKEN_PAGES)
def test_pages_are_html_with_one_strict_policy_and_no_inline_code(client, path):
    res = client.http.get(path)
    assert res.status_code == 200
    h = res.headers
    cache = "no-store" if path in TOKEN_PAGES else "public, max-age=300"
    assert h["Content-Type"] == "text/html; charset=utf-8"
    assert h["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'; style-src 'self'")
    assert "unsafe" not in h["Content-Security-Policy"]
    assert h["X-Content-Type-Options"] == "nosniff" and "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert h["Cache-Control"] == cache and "Accept-Language" in h["Vary"]
    html = res.body.decode()
    assert '<html lang="id"' in html and h["Content-Language"] == "id"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all(('src="' in attrs and not body) or 'type="application/json"' in attrs for attrs, body in scripts)
    assert " style=" not in html and "http://" not in html and "https://" not in html  # nothing from another host


def test_language_by_switch_and_by_accept_language(client):
    en = client.http.get("/lapor?lang=en").body.decode()
    assert '<html lang="en"' in en and "File a report" in en
    assert 'href="/lacak?lang=en"' in en  # a chosen language is kept from link to link
    assert 'href="/lapor?lang=id"' in en and 'lang="id" hreflang="id">Bahasa Indonesia<' in en
    by_header = client.http.get("/lapor", headers={"Accept-Language": "en-GB,en;q=0.9"}).body.decode()
    assert '<html lang="en"' in by_header and 'href="/lacak"' in by_header
    filtered = client.http.get("/laporan?province=51&lang=en").body.decode()
    assert "province=51" in re.search(r'class="lang-switch" href="([^"]+)"', filtered).group(1)


def test_assets_are_fingerprinted_and_immutable(client):
    html = client.http.get("/").body.decode()
    urls = re.findall(r'(?:href|src)="(/assets/[0-9a-f]{12}/[\w.-]+)"', html)
    assert {u.rsplit("/", 1)[1] for u in urls} == {"salur.css", "salur.js"}
    for url in urls:
        res = client.http.get(url)
        assert res.status_code == 200 and res.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert res.headers["X-Content-Type-Options"] == "nosniff"
    stale = client.http.get("/assets/000000000000/salur.css")
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "public, max-age=60"
    for missing in ("/assets/000000000000/app.py", "/assets/000000000000/..%2Fpage_kit.py", "/assets/x/salur.html"):
        assert client.http.get(missing).status_code == 404, missing


def test_follow_redirects_and_not_found(client):
    res = client.http.get("/lacak?nomor=7kq2 m9xd")
    assert res.status_code == 302 and res.headers["Location"] == "/lacak/7KQ2-M9XD"
    assert client.http.get("/lacak/7kq2m9xd").headers["Location"] == "/lacak/7KQ2-M9XD"
    assert client.http.get("/lacak?nomor=bukan").status_code == 200  # the find form again
    for path in ("/lacak/<script>", "/instansi/tidak-ada"):
        res = client.http.get(path)
        assert res.status_code == 404 and res.headers["Content-Type"].startswith("text/html")
        assert "<script>" not in res.body.decode().split("</head>", 1)[1].split('id="page-text"')[0]
    assert client.http.get("/instansi?instansi=pemkab-51.04").headers["Location"] == "/instansi/pemkab-51.04"


def test_page_shells_hold_no_case_data(client):
    """The follow page is the same for everyone: its script fetches the case (and the code never reaches it)."""
    assert client.http.get("/lacak/7KQ2-M9XD").body == client.http.get("/lacak/7KQ2-M9XD").body
    html = client.http.get("/lacak/7KQ2-M9XD").body.decode()
    assert 'data-tracking-id="7KQ2-M9XD"' in html and 'id="access-code"' in html
    assert 'name="access_code"' not in html  # the code field is never submitted by a form (never in a URL)


@pytest.mark.parametrize("endpoint, origin", [
    ("http://127.0.0.1:5001", "http://127.0.0.1:5001"), ("http://localhost:4566/", "http://localhost:4566"),
    ("", "https://salur-media-test.s3.ap-southeast-3.amazonaws.com")])
def test_connect_src_names_the_media_buckets_origin_and_nothing_else(client, monkeypatch, endpoint, origin):
    """The follow page's script uploads an attachment straight to the bucket: its origin (moto's endpoint
    locally, the bucket's regional S3 origin in the cloud) is the one other host the CSP allows."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("MEDIA_BUCKET", "salur-media-test")
    monkeypatch.setenv("AWS_REGION", "ap-southeast-3")
    policy = client.http.get("/lacak/7KQ2-M9XD").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["connect-src"] == f"'self' {origin}"
    assert all("amazonaws" not in v and "127.0.0.1" not in v and "localhost" not in v
               for k, v in directives.items() if k != "connect-src")
