"""The desk's pages over HTTP (chalice.test.Client): shells with no data, never cached, the one strict CSP,
both languages."""
from __future__ import annotations

import pytest

from chalicelib.api.page_kit import csp

PAGES = ("/meja/masuk", "/meja", "/meja/kasus/7KQ2-M9XD", "/meja/verifikasi", "/meja/ekspor", "/meja/pengaturan")


@pytest.mark.parametrize("path", PAGES)
def test_desk_pages_are_uncached_shells_with_the_strict_csp(client, path):
    res = client.http.get(path)
    html = res.body.decode()
    assert res.status_code == 200 and res.headers["Cache-Control"] == "no-store"
    assert res.headers["Content-Security-Policy"] == csp()
    assert '<html lang="id"' in html and "style=" not in html and "<script>" not in html
    en = client.http.get(path + "?lang=en").body.decode()
    assert '<html lang="en"' in en


def test_a_bad_tracking_id_is_only_a_shell(client):
    res = client.http.get("/meja/kasus/%3Cscript%3E")
    assert res.status_code == 200 and "<script>alert" not in res.body.decode() and 'data-tracking-id="-"' in res.body.decode()
