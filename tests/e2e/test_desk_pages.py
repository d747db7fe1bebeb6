"""The officers' desk in a real browser (Debian's Chromium, Playwright) on the local run, checked by axe-core.

People sign in with the demo accounts `make run` seeds (Cognito on moto): the province's verifier sends a road
complaint from the verification queue to Pemkot Denpasar's Dinas PUPR; that unit's officer finds it in the unit's
inbox, accepts and answers it; the citizen's follow page shows the answer; the supervisor sees the whole agency;
the admin signs in with a TOTP code and opens the settings.  axe-core finds nothing on any desk page; each page's
requests and bytes are measured (printed with -s).
"""
from __future__ import annotations

import re

import pytest
from httpclient import http

pytest.importorskip("playwright")

from browser_support import axe_violations, describe, fresh_page, measure, wait_ready  # noqa: E402
from test_citizen_pages import axe, browser, reporter_view, screenshot  # noqa: E402,F401 - shared fixtures

AGENCY, UNIT = "pemkot-51.71", "pemkot-51.71/pupr"
WIDE = {"width": 1100, "height": 900}


def demo(role: str, unit_key: str | None = None, agency: str | None = None) -> dict:
    from scripts.local_run import DEMO_ACCOUNTS

    return next(a for a in DEMO_ACCOUNTS if a["role"] == role and (a["unit_id"] or "").endswith(unit_key or "")
                and a["agency_id"] == (agency or a["agency_id"]))


def accessible(page, axe, state: str) -> None:
    violations = axe_violations(page, axe)
    assert not violations, f"axe on {state}:\n{describe(violations)}"


def sign_in(page, base: str, account: dict, axe=None, watch=None) -> None:
    page.goto(base + "/meja/masuk")
    wait_ready(page)
    if axe is not None:
        accessible(page, axe, "sign-in")
        figure(page, watch, "sign-in")
    page.fill("#signin-email", account["email"])
    page.fill("#signin-password", account["password"])
    page.click("#signin-form button[type=submit]")
    if account.get("totp_secret"):
        from chalicelib.services.staff_accounts import totp_code

        page.wait_for_selector("#code-form:not([hidden])")
        if axe is not None:
            accessible(page, axe, "sign-in: TOTP code")
        page.fill("#signin-code", totp_code(account["totp_secret"]))
        page.click("#code-form button[type=submit]")
    page.wait_for_url("**/meja")
    wait_ready(page)


FIGURES: dict[str, dict] = {}


def figure(page, watch, name: str) -> None:
    FIGURES[name] = measure(page, watch)
    print(f"desk page {name}: {FIGURES[name]['requests']} requests, {FIGURES[name]['bytes']} bytes, axe 0")


def test_verifier_unit_officer_citizen_and_supervisor(local_run, browser, axe):  # noqa: F811
    base = local_run["url"]
    status, filed = http("POST", base + "/v1/complaints", {
        "title": "Jalan rusak", "location": {"region_code": "51"}, "reporter": {"email": "warga.desk@example.com"},
        "body": "Jalan rusak parah dan berlubang di dekat rumah saya, mohon segera diperbaiki oleh yang berwenang."})
    assert status == 201 and filed["status"] == "awaiting_verification", filed
    tid, code = filed["tracking_id"], filed["access_code"]

    # -- the province's verifier: the queue, one click to the agency and unit -----------------------------
    with fresh_page(browser, base, viewport=WIDE) as (page, watch):
        sign_in(page, base, demo("verifier"), axe, watch)
        watch.requests.clear()  # the figures below are this page's own
        page.goto(base + "/meja/verifikasi")
        wait_ready(page)
        card = page.locator("#queue-list > li", has_text=tid)
        assert card.count() == 1
        assert "Jalan kabupaten/kota" in card.text_content()  # the routing's reasons, in the page's language
        accessible(page, axe, "verification queue")
        figure(page, watch, "verification queue")
        card.locator("input").nth(0).fill(AGENCY)
        card.locator("input").nth(1).fill(UNIT)
        assert card.locator("button", has_text="Pemerintah Provinsi Bali").count() == 1  # a candidate, one click
        card.locator("button[data-dispose=chosen]").click()
        page.wait_for_function("(t) => [...document.querySelectorAll('#queue-list [role=status]')]"
                               ".some(n => n.textContent.includes(t))", arg=AGENCY)
        assert not watch.problems, watch.problems

    # -- the unit's officer: the unit's inbox, the case, accept, respond ------------------------------------
    answer = "Lubang sudah ditambal oleh tim Dinas PUPR pada hari ini."
    with fresh_page(browser, base, viewport=WIDE) as (page, watch):
        sign_in(page, base, demo("officer", "pupr"))
        watch.requests.clear()
        page.reload()
        page.wait_for_selector(f"#inbox-table a:text('{tid}')")
        assert "Dinas Pekerjaan Umum" in page.text_content("#inbox-scope")  # the unit's own inbox
        accessible(page, axe, "inbox")
        figure(page, watch, "inbox")
        screenshot(page, "desk-inbox")
        watch.requests.clear()
        page.click(f"#inbox-table a:text('{tid}')")
        wait_ready(page)
        page.wait_for_selector("#case-view:not([hidden])")
        accessible(page, axe, "case page")
        figure(page, watch, "case")
        assert "Verifikator Provinsi Bali" in page.text_content("#case-timeline")
        assert page.locator("#action-buttons button[data-action=accept]").count() == 1
        page.click("#action-buttons button[data-action=accept]")
        page.click("#action-submit")
        page.wait_for_selector("#case-status:text-is('Sedang ditindaklanjuti')")
        page.click("#action-buttons button[data-action=respond]")
        accessible(page, axe, "case action form")
        page.fill("#act-message", answer)
        page.click("#action-submit")
        page.wait_for_selector("#case-status:text-is('Sudah ditanggapi')")
        assert "Petugas Dinas PUPR" in page.text_content("#case-timeline")
        screenshot(page, "desk-case")
        # someone else changes the case: the page says so instead of overwriting
        status, case = http("GET", f"{base}/v1/agency/complaints/{tid}",
                            headers={"Authorization": "Bearer " + page.evaluate(
                                "JSON.parse(sessionStorage.getItem('salur.desk.session')).access_token")})
        assert status == 200 and case["timeline"][-1]["actor"]["display_name"] == "Petugas Dinas PUPR"
        page.click("#action-buttons button[data-action=note]")
        http("POST", f"{base}/v1/agency/complaints/{tid}/actions", {"action": "note", "note": "dari tab lain",
             "version": case["version"]}, {"Authorization": "Bearer " + page.evaluate(
                 "JSON.parse(sessionStorage.getItem('salur.desk.session')).access_token")})
        page.fill("#act-note", "catatan kedua")
        page.click("#action-submit")
        page.wait_for_selector("#case-stale:not([hidden])")
        accessible(page, axe, "case changed by someone else")
        assert not watch.problems, watch.problems

    # -- the citizen's follow page shows the answer ----------------------------------------------------------
    with fresh_page(browser, base) as (page, watch):
        reporter_view(page, f"{base}/lacak/{tid}", code)
        assert answer in page.text_content("body")
        assert "Petugas Dinas PUPR" not in page.text_content("body")  # the person is never public

    # -- the supervisor sees the whole agency; the export page ---------------------------------------------
    with fresh_page(browser, base, viewport=WIDE) as (page, watch):
        sign_in(page, base, demo("supervisor"))
        page.wait_for_selector(f"#inbox-table a:text('{tid}')")
        assert AGENCY in page.text_content("#inbox-scope")
        watch.requests.clear()
        page.goto(base + "/meja/ekspor")
        wait_ready(page)
        accessible(page, axe, "export page")
        figure(page, watch, "export")

    # -- the admin, with a TOTP code: settings (accounts, units, webhooks) ------------------------------------
    with fresh_page(browser, base, viewport=WIDE, locale="en-GB") as (page, watch):
        sign_in(page, base, demo("admin"), axe, watch)
        watch.requests.clear()
        page.goto(base + "/meja/pengaturan?lang=en")
        wait_ready(page)
        page.wait_for_selector("#units-section:not([hidden])")
        assert page.locator("#units-table tbody tr").count() >= 10
        accessible(page, axe, "settings")
        figure(page, watch, "settings")
        screenshot(page, "desk-settings")
        assert not watch.problems, watch.problems

    # -- the national admin: another agency's settings, an API key for its system shown once ----------------
    with fresh_page(browser, base, viewport=WIDE) as (page, watch):
        sign_in(page, base, demo("admin", agency="kemenpanrb"))
        page.goto(base + f"/meja/pengaturan?agency_id={AGENCY}")
        wait_ready(page)
        page.wait_for_selector("#keys-section:not([hidden])")
        assert page.input_value("#pick-agency") == AGENCY
        page.fill("#key-label", "SIMPEL Denpasar")
        page.click("#key-form button[type=submit]")
        page.wait_for_selector("#key-shown:not([hidden])")
        plain = page.text_content("#key-plain")
        assert plain.startswith("slr_")
        page.wait_for_selector("#keys-list li:has-text('SIMPEL Denpasar')")  # listed by prefix, never in full
        assert plain not in page.text_content("#keys-list")
        status, inbox = http("GET", f"{base}/v1/agency/complaints", headers={"X-Api-Key": plain})
        assert status == 200 and inbox["agency_id"] == AGENCY  # the machine's key works as before
        accessible(page, axe, "national admin settings with a new key")
        assert not watch.problems, watch.problems


def _attach(base: str, filed: dict, data: bytes, content_type: str) -> dict:
    """The reporter's upload through the API (presigned POST to moto's bucket, then complete)."""
    import requests

    tid, code = filed["tracking_id"], filed["access_code"]
    status, started = http("POST", f"{base}/v1/complaints/{tid}/media", {"content_type": content_type,
                                                                        "size": len(data)}, {"X-Access-Code": code})
    assert status == 201, started
    up = requests.post(started["upload"]["url"], data=started["upload"]["fields"], files={"file": ("f", data)},
                       timeout=15)
    assert up.status_code in (200, 204), up.text
    status, done = http("POST", base + started["confirm"], headers={"X-Access-Code": code})
    assert status == 200 and done["state"] == "available", done
    return done


def test_the_desk_lists_opens_and_publishes_a_cases_evidence(local_run, browser, axe):  # noqa: F811
    """Issue 16 #3: the case page lists its attachments with their state, opens a ready one through the
    presigned GET, and publishes it on the public view (then hides it again); an anonymous reporter's own
    file is never offered for publication."""
    from test_citizen_pages import _photo

    base, moto = local_run["url"], local_run["env"]["AWS_ENDPOINT_URL"].rstrip("/")
    body = "Jalan di depan SD Negeri 3 Denpasar berlubang besar, anak-anak sekolah harus berjalan di tengah jalan."
    status, filed = http("POST", base + "/v1/complaints", {"title": "Jalan berlubang depan sekolah",
                                                            "location": {"region_code": "51.71"}, "body": body})
    assert status == 201 and filed["agency"]["id"] == AGENCY, filed
    status, hidden = http("POST", base + "/v1/complaints", {"title": "Pungutan liar di kantor kelurahan",
                                                             "location": {"region_code": "51.71"}, "anonymous": True,
                                                             "body": body.replace("Jalan", "Trotoar")})
    assert status == 201 and hidden["agency"]["id"] == AGENCY, hidden
    tid = filed["tracking_id"]
    photo = _attach(base, filed, _photo(), "image/jpeg")
    _attach(base, hidden, _photo(), "image/jpeg")
    with fresh_page(browser, base, viewport=WIDE) as (page, watch):
        sign_in(page, base, demo("supervisor"))
        page.goto(f"{base}/meja/kasus/{tid}")
        wait_ready(page)
        item = page.locator(f"#files-list li[data-id='{photo['id']}']")
        assert item.get_attribute("data-state") == "available" and item.get_attribute("data-public") == "false"
        assert "Berkas 1 (JPEG)" in item.text_content() and "tidak publik" in item.text_content()
        assert "tidak memberi nama" in page.text_content("#case-reporter")  # not anonymous: no name was given
        accessible(page, axe, "case page with an attachment")
        item.locator("button.file-publish").click()
        page.wait_for_selector(f"#files-list li[data-id='{photo['id']}'][data-public=true]")
        page.wait_for_selector("#files-status:focus")
        assert "halaman publik" in page.text_content("#files-status")
        status, public = http("GET", f"{base}/v1/complaints/{tid}")
        assert [m["id"] for m in public["media"]] == [photo["id"]]
        accessible(page, axe, "case page: an attachment published")
        screenshot(page, "desk-case-attachments")
        page.locator(f"#files-list li[data-id='{photo['id']}'] button.file-publish").click()
        page.wait_for_selector(f"#files-list li[data-id='{photo['id']}'][data-public=false]")
        status, public = http("GET", f"{base}/v1/complaints/{tid}")
        assert public["media"] == []
        with page.expect_navigation(url=re.compile("^" + re.escape(moto) + "/")):  # the presigned GET opens
            page.click("#files-list a.file-open")
        assert not [p for p in watch.problems if not p.startswith(f"foreign request: {moto}/")], watch.problems

    with fresh_page(browser, base, viewport=WIDE, locale="en-GB") as (page, watch):
        sign_in(page, base, demo("supervisor"))
        page.goto(f"{base}/meja/kasus/{hidden['tracking_id']}?lang=en")
        wait_ready(page)
        page.wait_for_selector("#files-list li[data-state=available]")
        assert page.text_content("#files-h") == "Attachments"
        assert "Anonymous" in page.text_content("#case-reporter")
        assert page.is_visible("#files-anonymous") and page.locator("#files-list button.file-publish").count() == 0
        assert "ready" in page.text_content("#files-list")
        accessible(page, axe, "anonymous case's attachments, in English")
        assert not watch.problems, watch.problems
