"""The citizen's door in a real browser (Debian's Chromium, Playwright) on the local run, checked by axe-core.

One journey as a citizen lives it: file through the form (a validation error first, the API's message next to
the field), the receipt, the follow page opened from the link of the notification mail (read from moto's SES
store), an agency's request for information answered, its answer rejected and then accepted, a rating; the
public list shows the report without the reporter; a confidential report never appears; the English switch;
user text shown as text.  axe-core must find nothing on every page and state the journey passes through.
"""
from __future__ import annotations

import os
import re
import shutil
import uuid

import pytest
from httpclient import http

pytest.importorskip("playwright")

from browser_support import (axe_violations, describe, fresh_page, follow_link, mails_to,  # noqa: E402
                             sent_mail, wait_ready)

AGENCY = "pemkab-51.04"  # Pemerintah Kabupaten Gianyar (Ubud is in it)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, "build", "screenshots")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from browser_support import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def officer(local_run):
    from chalicelib.adapters.api_key_repository import KeyRepository

    return KeyRepository().issue(AGENCY, "officer", "browser e2e")[1]


def accessible(page, axe, state: str) -> None:
    violations = axe_violations(page, axe)
    assert not violations, f"axe on {state}:\n{describe(violations)}"


def screenshot(page, name: str) -> None:
    """Into build/screenshots; with SALUR_UPDATE_SCREENSHOTS=1 also into docs/screenshots (the README's)."""
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f"{name}.png")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    page.screenshot(path=path, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": min(height, 1900)})
    if os.environ.get("SALUR_UPDATE_SCREENSHOTS") == "1":
        os.makedirs(os.path.join(ROOT, "docs", "screenshots"), exist_ok=True)
        shutil.copy(path, os.path.join(ROOT, "docs", "screenshots", f"{name}.png"))


def agency_act(base: str, key: str, tid: str, action: str, **fields) -> dict:
    status, case = http("GET", f"{base}/v1/agency/complaints/{tid}", headers={"X-Api-Key": key})
    assert status == 200, case
    status, out = http("POST", f"{base}/v1/agency/complaints/{tid}/actions",
                       {"action": action, "version": case["version"], **fields}, {"X-Api-Key": key})
    assert status == 200, out
    return out


def reporter_view(page, url: str, code: str) -> None:
    """Open the follow page and show the reporter's view with the access code (typed, never in the URL)."""
    page.goto(url)
    wait_ready(page)
    page.fill("#access-code", code)
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#reporter-actions:not([hidden])")
    assert code.replace("-", "") not in page.url.replace("-", "")


def test_citizen_files_follows_answers_and_judges(local_run, browser, axe, officer):
    base, moto = local_run["url"], local_run["env"]["AWS_ENDPOINT_URL"]
    email = f"warga-{uuid.uuid4().hex[:8]}@example.com"
    with fresh_page(browser, base) as (page, watch):
        # -- the form, and a validation error first: the API's own message, next to the field -------------
        page.goto(base + "/lapor")
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "id"
        accessible(page, axe, "file form")
        screenshot(page, "file-page")
        page.fill("#f-title", "Jalan")
        page.fill("#f-body", "Rusak parah.")
        page.click("#to-preview")
        page.wait_for_selector("#file-form [data-error-summary]:not([hidden])")
        assert "minimal 20 karakter" in page.text_content("#f-body-error")
        assert page.get_attribute("#f-body", "aria-invalid") == "true"
        assert "f-body-error" in page.get_attribute("#f-body", "aria-describedby")
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
        accessible(page, axe, "file form with errors")

        # -- fixed, with a place from the suggestions; the routing preview in words -----------------------
        page.fill("#f-title", "Jalan berlubang di Ubud")
        page.fill("#f-body", "Jalan kabupaten di Ubud rusak parah dan berlubang sudah tiga bulan, "
                             "sering ada pengendara motor jatuh pada malam hari.")
        page.fill("#f-place", "ubud")
        page.wait_for_selector("#f-place[aria-expanded=true]")
        accessible(page, axe, "place suggestions open")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        assert "Gianyar" in page.input_value("#f-place")
        page.fill("#f-email", email)
        page.click("#to-preview")
        page.wait_for_selector("#step-preview:not([hidden])")
        assert "Pemerintah Kabupaten Gianyar" in page.text_content("#preview-target")
        assert page.locator("#preview-reasons li").count() >= 2
        accessible(page, axe, "routing preview")
        page.click("#back")  # back to edit, nothing lost
        assert page.input_value("#f-title") == "Jalan berlubang di Ubud"
        page.click("#to-preview")
        page.wait_for_selector("#step-preview:not([hidden])")

        # -- a double click files once (and a retry would reuse the Idempotency-Key) ----------------------
        page.dblclick("#send")
        page.wait_for_selector("#step-receipt:not([hidden])")
        tid, code = page.text_content("#receipt-id"), page.text_content("#receipt-code")
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", tid) and re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){2}", code)
        assert "Pemerintah Kabupaten Gianyar" in page.text_content("#receipt-next")
        assert "WITA" in page.text_content("#receipt-next")  # the deadline in the agency's time zone
        assert code not in page.url
        accessible(page, axe, "receipt")
        filings = [r for r in watch.requests if r.method == "POST" and r.url.endswith("/v1/complaints")]
        assert len(filings) == 1
        assert not watch.problems, watch.problems

        # -- the link in the notification mail lands on the follow page ------------------------------------
        # An address given on the web is not proved yet: it gets one confirmation request, with neither the
        # filer's words nor the access code (issue 17), and the follow page takes its code.
        mail = sent_mail(moto, email, tid)
        link = follow_link(mail)
        assert link == f"{base}/lacak/{tid}"
        mails = mails_to(moto, email)
        assert len(mails) == 1 and not any(code in m["body"] for m in mails)  # one filing, one request
        assert "Jalan berlubang" not in mails[0]["body"]
        confirm = re.search(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b", mails[0]["body"].replace(tid, "")).group(1)
        page.goto(link)
        wait_ready(page)
        assert page.text_content("#case-title") == "Jalan berlubang di Ubud"
        assert email not in page.content()
        accessible(page, axe, "follow page, public view")
        page.fill("#confirm-code", "ZZZZ-ZZZZ")
        page.click("#confirm-form button[type=submit]")
        page.wait_for_selector("#confirm-code-error:not(:empty)")
        accessible(page, axe, "follow page, wrong confirmation code")
        page.fill("#confirm-code", confirm)
        page.click("#confirm-form button[type=submit]")
        page.wait_for_selector("#confirm-done:not([hidden])")
        reporter_view(page, link, code)
        assert email in page.text_content("#reporter-facts")
        assert page.is_visible("#no-actions")
        accessible(page, axe, "follow page, reporter view")

        # -- the agency asks for more; the reporter answers ------------------------------------------------
        agency_act(base, officer, tid, "accept")
        agency_act(base, officer, tid, "request_info", message="Mohon sebutkan patokan terdekat dari lubang itu.")
        reporter_view(page, link, code)
        assert page.is_visible("#info-form")
        assert "patokan terdekat" in page.text_content("#info-question")
        accessible(page, axe, "info request")
        page.fill("#info-message", "Di depan Pasar Ubud, sebelah barat lampu merah.")
        page.click("#info-form button[type=submit]")
        page.wait_for_selector("#action-done:not([hidden])")
        page.wait_for_selector("#info-form[hidden]", state="attached")

        # -- the agency answers; the reporter rejects (the reason is required: the API says so) -----------
        agency_act(base, officer, tid, "respond", message="Lubang sudah ditambal sementara dengan aspal dingin.")
        reporter_view(page, link, code)
        assert page.is_visible("#decide-form") and "aspal dingin" in page.text_content("#decide-answer")
        page.check("#decide-reject")
        page.click("#decide-form button[type=submit]")
        page.wait_for_selector("#decide-form [data-error-summary]:not([hidden])")
        assert page.text_content("#decide-reason-error").strip()
        accessible(page, axe, "reject without a reason")
        page.fill("#decide-reason", "Tambalannya sudah lepas lagi setelah hujan dua hari.")
        page.click("#decide-form button[type=submit]")
        page.wait_for_selector("#action-done:not([hidden])")
        page.wait_for_function("document.getElementById('case-status').textContent.length > 0")
        assert page.text_content("#case-status") == "Dibuka kembali"

        # -- answered again; accepted; rated once ----------------------------------------------------------
        agency_act(base, officer, tid, "respond", message="Jalan sudah diaspal ulang sepanjang 200 meter.")
        reporter_view(page, link, code)
        page.check("#decide-accept")
        page.click("#decide-form button[type=submit]")
        page.wait_for_selector("#rate-form:not([hidden])")
        assert page.text_content("#case-status") == "Selesai"
        accessible(page, axe, "rating form")
        page.check("#rate-4")
        page.fill("#rate-comment", "Cepat setelah dilaporkan ulang.")
        page.click("#rate-form button[type=submit]")
        page.wait_for_selector("#rate-form[hidden]", state="attached")
        assert "4" in page.text_content("#reporter-facts")
        assert page.is_visible("#no-actions")  # nothing offered that the API would refuse (rated once)
        screenshot(page, "follow-page")
        assert not watch.problems, watch.problems

        # -- the public list shows it, never the reporter -------------------------------------------------
        page.goto(f"{base}/laporan?agency={AGENCY}")
        wait_ready(page)
        page.wait_for_selector(f"#results a[href$='/lacak/{tid}']")
        assert email not in page.content()
        accessible(page, axe, "public list")
        page.goto(f"{base}/instansi/{AGENCY}")
        wait_ready(page)
        accessible(page, axe, "agency scorecard")
        assert not watch.problems, watch.problems


def test_confidential_report_never_listed(local_run, browser, axe):
    base = local_run["url"]
    title = f"Pungutan liar rahasia {uuid.uuid4().hex[:6]}"
    status, out = http("POST", base + "/v1/complaints", {
        "title": title, "confidential": True, "location": {"region_code": "51.04"},
        "body": "Ada pungutan liar di kantor kecamatan Ubud, Kabupaten Gianyar, setiap mengurus surat pindah."})
    assert status == 201, out
    with fresh_page(browser, base) as (page, watch):
        for url in (f"{base}/laporan", f"{base}/laporan?agency={out['agency']['id']}",
                    f"{base}/laporan?province=51&region=51.04"):
            page.goto(url)
            wait_ready(page)
            assert title not in page.content() and out["tracking_id"] not in page.content()
        page.goto(f"{base}/lacak/{out['tracking_id']}")  # without the code: as if it did not exist
        wait_ready(page)
        assert page.is_visible("#case-missing") and title not in page.content()
        accessible(page, axe, "confidential report without its code")
        reporter_view(page, f"{base}/lacak/{out['tracking_id']}", out["access_code"])  # its reporter sees it
        assert page.text_content("#case-title") == title
        assert not watch.problems, watch.problems


def test_a_refused_report_is_appealed_once_from_the_follow_page(local_run, browser, axe, officer):
    """The appeal the view offers after an agency's refusal: its form, the API's message when the reason is
    missing, then the report with the level above — and no appeal offered any more."""
    base = local_run["url"]
    status, out = http("POST", base + "/v1/complaints", {
        "title": "Lampu jalan mati di Ubud", "location": {"region_code": "51.04", "district_code": "51.04.05"},
        "body": "Lampu penerangan jalan di Jalan Raya Ubud mati sejak dua minggu, gelap dan rawan kecelakaan."})
    assert status == 201 and out["agency"]["id"] == AGENCY, out
    tid, link = out["tracking_id"], f"{base}/lacak/{out['tracking_id']}"
    agency_act(base, officer, tid, "reject", reason="Bukan kewenangan kabupaten menurut kami.")
    with fresh_page(browser, base) as (page, watch):
        reporter_view(page, link, out["access_code"])
        assert page.is_visible("#appeal-form") and not page.is_visible("#decide-form")
        assert "Bukan kewenangan" in page.text_content("#appeal-refusal")
        accessible(page, axe, "appeal form")
        page.click("#appeal-form button[type=submit]")
        page.wait_for_selector("#appeal-form [data-error-summary]:not([hidden])")
        assert page.text_content("#appeal-reason-error").strip()
        page.fill("#appeal-reason", "Jalan Raya Ubud adalah jalan kabupaten, jadi kewenangan kabupaten.")
        page.click("#appeal-form button[type=submit]")
        page.wait_for_selector("#action-done:not([hidden])")
        page.wait_for_selector("#appeal-form[hidden]", state="attached")
        page.wait_for_function("document.getElementById('case-status').textContent !== 'Tidak dapat diproses'")
        assert page.text_content("#case-status") in ("Dibuka kembali", "Dirujuk ke Ombudsman RI")
        assert page.is_visible("#no-actions")  # appealed once: nothing more offered
        assert not watch.problems, watch.problems


def test_the_file_page_offers_a_similar_report_to_follow(local_run, browser, axe):
    """Issue 16: the preview lists an open public report about the same problem nearby; "saya juga mengalami
    ini" subscribes an e-mail to it (a confirmation request is all that address gets)."""
    base = local_run["url"]
    word = uuid.uuid4().hex[:6]
    report = {"title": f"Saluran irigasi jebol di Subak {word}",
              "body": f"Saluran irigasi subak {word} di Ubud jebol, sawah warga kekeringan sudah dua minggu, "
                      f"mohon saluran irigasi diperbaiki."}
    status, places = http("GET", base + "/v1/suggestions/places?q=ubud")
    location = places["items"][0]["location"]
    status, first = http("POST", base + "/v1/complaints", {**report, "location": location})
    assert status == 201 and first["status"] == "assigned", first
    email = f"tetangga-{word}@example.com"
    with fresh_page(browser, base) as (page, watch):
        page.goto(base + "/lapor")
        wait_ready(page)
        page.fill("#f-title", report["title"])
        page.fill("#f-body", report["body"])
        page.fill("#f-place", "ubud")
        page.wait_for_selector("#f-place[aria-expanded=true]")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.click("#to-preview")
        page.wait_for_selector("#similar:not([hidden])")
        assert first["tracking_id"] in page.text_content("#similar-list")
        accessible(page, axe, "similar reports")
        page.click(f"#similar-list button[aria-label$='{first['tracking_id']}']")
        page.fill("#f-support-email", email)
        page.click("#support-send")
        page.wait_for_selector("#support-form[hidden]", state="attached")
        assert "Cek email Anda" in page.text_content("#support-status")
        accessible(page, axe, "following a similar report")
        assert not watch.problems, watch.problems
    mail = sent_mail(local_run["env"]["AWS_ENDPOINT_URL"], email, "Konfirmasi")
    assert first["tracking_id"] in mail["subject"]
    # the mail's link only opens the follow page; the supporter confirms there with the address and the code
    code = re.search(r"kode konfirmasi ([0-9A-Z]{4}-[0-9A-Z]{4})", mail["body"]).group(1)
    with fresh_page(browser, base) as (page, watch):
        page.goto(follow_link(mail))
        wait_ready(page)
        page.wait_for_selector("#confirm-section:not([hidden])")
        page.fill("#confirm-code", "AAAA-AAAA")
        page.fill("#confirm-email", email)
        page.click("#confirm-form button[type=submit]")
        page.wait_for_selector("#confirm-code[aria-invalid=true]")
        accessible(page, axe, "a supporter's wrong code")
        page.fill("#confirm-code", code)
        page.click("#confirm-form button[type=submit]")
        page.wait_for_selector("#confirm-done:not([hidden])")
        assert "Email dikonfirmasi" in page.text_content("#confirm-done")
        assert not watch.problems, watch.problems
    from chalicelib.adapters.notification_store import contact_hash
    from chalicelib.adapters.supporter_store import SupporterStore

    assert SupporterStore().get(first["tracking_id"], contact_hash(email)).get("confirmed")


def test_user_text_is_shown_as_text(local_run, browser):
    base = local_run["url"]
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> jalan rusak"
    status, out = http("POST", base + "/v1/complaints", {
        "title": hostile[:150], "location": {"region_code": "51.04"},
        "body": hostile + " di Ubud, Kabupaten Gianyar, sudah lama sekali tidak diperbaiki."})
    assert status == 201, out
    with fresh_page(browser, base) as (page, watch):
        page.goto(f"{base}/lacak/{out['tracking_id']}")
        wait_ready(page)
        assert page.text_content("#case-title") == hostile[:150]
        assert page.locator("#case-body img, #case-title script").count() == 0
        page.goto(f"{base}/laporan")
        wait_ready(page)
        assert page.locator("#results img").count() == 0
        assert not watch.problems, watch.problems  # no dialog, no script error


def test_english_switch_and_accept_language(local_run, browser, axe):
    base = local_run["url"]
    with fresh_page(browser, base) as (page, watch):
        page.goto(base + "/")
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "id"
        switch = page.locator("a.lang-switch")
        assert switch.get_attribute("lang") == "en" and switch.text_content() == "English"
        with page.expect_navigation():
            switch.click()
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "en"
        assert page.text_content("h1").startswith("Tell us about a public-service problem")
        accessible(page, axe, "home in English")
        with page.expect_navigation():
            page.click("nav >> text=File a report")  # the choice is kept from page to page
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "en" and "lang=en" in page.url
        page.fill("#f-title", "x")
        page.click("#to-preview")
        page.wait_for_selector("#file-form [data-error-summary]:not([hidden])")
        assert "Too short" in page.text_content("#f-title-error")  # the API answered in English too
        accessible(page, axe, "file form with errors, English")
        with page.expect_navigation():
            page.click("a.lang-switch")
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "id"
        assert not watch.problems, watch.problems
    with fresh_page(browser, base, locale="en-GB") as (page, _watch):
        page.goto(base + "/laporan")
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "en" and page.text_content("h1") == "Public reports"


@pytest.mark.parametrize("path", ["/", "/lapor", "/lacak", "/laporan", "/instansi", "/instansi/pemprov-51",
                                  "/?lang=en", "/instansi?lang=en", "/instansi/tidak-ada", "/lapor?lang=en",
                                  "/langganan/konfirmasi"])
def test_every_page_has_no_axe_violations(local_run, browser, axe, path):
    base = local_run["url"]
    with fresh_page(browser, base) as (page, watch):
        response = page.goto(base + path)
        if path == "/instansi/tidak-ada":
            assert response.status == 404
        else:
            assert response.status == 200
            headers = response.headers
            assert "script-src 'self'" in headers["content-security-policy"]
            assert "'unsafe-inline'" not in headers["content-security-policy"]
            wait_ready(page)
        accessible(page, axe, path)
        assert not watch.problems, watch.problems


def test_the_accessibility_check_can_fail(local_run, browser, axe):
    """axe-core really runs in these pages' browser: a field without a label is found."""
    with fresh_page(browser, local_run["url"]) as (page, _watch):
        page.set_content('<!doctype html><html lang="id"><title>x</title><main><input type="text"></main></html>')
        assert "label" in {v["id"] for v in axe_violations(page, axe)}


def test_the_reporter_attaches_a_photo_from_the_follow_page(local_run, browser, axe):
    """Presigned POST from the API, the file straight to the media bucket (CSP connect-src and the bucket's
    CORS allow it), complete, then listed; a wrong type is refused in words before anything is sent."""
    import io

    from PIL import Image

    base, moto = local_run["url"], local_run["env"]["AWS_ENDPOINT_URL"].rstrip("/")
    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "S", 2: (8.0, 40.0, 13.2), 3: "E", 4: (115.0, 12.0, 45.6)})
    photo = io.BytesIO()
    img.save(photo, format="JPEG", exif=exif)
    status, out = http("POST", base + "/v1/complaints", {
        "title": f"Lampu jalan padam {uuid.uuid4().hex[:6]}", "location": {"region_code": "51.04"},
        "body": "Lampu penerangan jalan di Jalan Raya Ubud padam sejak seminggu, gelap dan berbahaya di malam hari."})
    assert status == 201, out
    with fresh_page(browser, base) as (page, watch):
        reporter_view(page, f"{base}/lacak/{out['tracking_id']}", out["access_code"])
        assert page.is_visible("#files-none") and "10 MiB" in page.text_content("#files-input-hint")
        page.set_input_files("#files-input", files=[{"name": "catatan.txt", "mimeType": "text/plain",
                                                      "buffer": b"bukan foto, hanya teks biasa"}])
        page.click("#files-form button[type=submit]")
        page.wait_for_selector("#files-input[aria-invalid=true]")
        assert "JPEG, PNG, WebP" in page.text_content("#files-input-error")
        accessible(page, axe, "attachment of a wrong type refused")
        page.set_input_files("#files-input", files=[{"name": "besar.pdf", "mimeType": "application/pdf",
                                                      "buffer": b"%PDF-" + b"0" * (10 * 1024 * 1024)}])
        page.click("#files-form button[type=submit]")
        page.wait_for_function("document.getElementById('files-input-error').textContent.indexOf('10 MiB') >= 0")
        page.set_input_files("#files-input", files=[{"name": "lampu.jpg", "mimeType": "image/jpeg",
                                                      "buffer": photo.getvalue()}])
        page.click("#files-form button[type=submit]")
        page.wait_for_selector("#files-done:not([hidden])")
        assert page.get_attribute("#files-input", "aria-invalid") is None
        items = page.query_selector_all("#files-list li")
        assert len(items) == 1 and items[0].get_attribute("data-state") in ("pending_scan", "available")
        assert "JPEG" in items[0].text_content() and page.is_hidden("#files-none")
        accessible(page, axe, "attachment listed")
        problems = [p for p in watch.problems if not p.startswith(f"foreign request: {moto}/")]
        assert not problems, problems
        page.wait_for_selector("#files-list li[data-state=available] a.file-open")  # the local scan is inline
        with page.expect_navigation(url=re.compile("^" + re.escape(moto) + "/")):  # the presigned GET opens
            page.click("#files-list a.file-open")
        assert out["access_code"].replace("-", "") not in page.url.replace("-", "")


def _photo() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


def test_the_reporter_attaches_files_on_the_file_page_and_deletes_one_on_the_follow_page(local_run, browser, axe):
    """Issue 16: attachments are chosen in the form (type/size/count checked in the page, in words next to the
    field), uploaded right after the 201 with the new case's code; a file that fails leaves the report filed and
    the receipt says which one and where to attach it again.  On the follow page the reporter deletes one after
    a confirmation (cancel returns focus; the list updates)."""
    base, moto = local_run["url"], local_run["env"]["AWS_ENDPOINT_URL"].rstrip("/")
    photo = _photo()
    with fresh_page(browser, base) as (page, watch):
        page.goto(base + "/lapor")
        wait_ready(page)
        assert "10 MiB" in page.text_content("#f-files-hint")
        page.fill("#f-title", f"Trotoar rusak di Ubud {uuid.uuid4().hex[:6]}")
        page.fill("#f-body", "Trotoar di depan pasar Ubud rusak dan berlubang besar, pejalan kaki harus turun ke jalan.")
        page.fill("#f-place", "ubud")
        page.wait_for_selector("#f-place[aria-expanded=true]")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        # too many files, then a wrong type: refused in the page, in words, before anything is sent
        page.set_input_files("#f-files", files=[{"name": f"foto{i}.jpg", "mimeType": "image/jpeg", "buffer": photo}
                                                 for i in range(6)])
        page.click("#to-preview")
        page.wait_for_selector("#f-files[aria-invalid=true]")
        assert "Paling banyak 5 berkas" in page.text_content("#f-files-error")
        assert page.is_visible("#step-form")
        accessible(page, axe, "file form: too many attachments")
        page.set_input_files("#f-files", files=[{"name": "catatan.txt", "mimeType": "text/plain",
                                                 "buffer": b"bukan foto, hanya teks biasa"}])
        page.click("#to-preview")
        page.wait_for_function("document.getElementById('f-files-error').textContent.indexOf('catatan.txt') >= 0")
        assert "JPEG, PNG, WebP" in page.text_content("#f-files-error")
        # a good photo and a "PNG" that is not one (refused at the server's check after the upload)
        page.set_input_files("#f-files", files=[{"name": "trotoar.jpg", "mimeType": "image/jpeg", "buffer": photo},
                                                {"name": "palsu.png", "mimeType": "image/png",
                                                 "buffer": b"ini bukan gambar PNG sama sekali, hanya teks"}])
        page.click("#to-preview")
        page.wait_for_selector("#step-preview:not([hidden])")
        assert "trotoar.jpg, palsu.png" in page.text_content("#preview-summary")
        page.click("#send")
        page.wait_for_selector("#step-receipt:not([hidden])")
        tid, code = page.text_content("#receipt-id"), page.text_content("#receipt-code")
        page.wait_for_selector("#receipt-files-failed:not([hidden])")
        rows = page.query_selector_all("#receipt-files-list li")
        assert [r.get_attribute("data-state") for r in rows][1] == "failed"
        assert rows[0].get_attribute("data-state") in ("pending_scan", "available")
        assert "trotoar.jpg" in rows[0].text_content() and "palsu.png" in rows[1].text_content()
        assert "ditolak" in rows[1].text_content()
        assert "halaman lacak" in page.text_content("#receipt-files-failed")
        assert page.is_hidden("#receipt-files-done")
        accessible(page, axe, "receipt with one attachment failed")
        screenshot(page, "file-receipt-attachments")
        problems = [p for p in watch.problems if not p.startswith(f"foreign request: {moto}/")]
        assert not problems, problems
    status, view = http("GET", f"{base}/v1/complaints/{tid}", headers={"X-Access-Code": code})
    assert status == 200 and sorted(m["state"] for m in view["media"]) == ["available", "rejected"], view["media"]

    with fresh_page(browser, base) as (page, watch):
        reporter_view(page, f"{base}/lacak/{tid}", code)
        assert page.locator("#files-list li").count() == 2
        rejected = page.locator("#files-list li[data-state=rejected]")
        rejected.locator("button.file-delete").click()  # asked first; cancel puts focus back
        page.wait_for_selector("#files-list .file-confirm")
        accessible(page, axe, "delete an attachment: the confirmation")
        screenshot(page, "follow-delete-attachment")
        page.click("#files-list .file-confirm button.secondary")
        assert page.locator("#files-list .file-confirm").count() == 0
        assert page.evaluate("document.activeElement.classList.contains('file-delete')")
        page.locator("#files-list li[data-state=available] button.file-delete").click()
        assert page.evaluate("document.activeElement.textContent") == "Ya, hapus"
        page.keyboard.press("Enter")
        page.wait_for_selector("#files-done:not([hidden])")
        assert page.text_content("#files-done") == "Berkas dihapus."
        assert page.evaluate("document.activeElement.id") == "files-done"
        assert page.locator("#files-list li").count() == 1
        accessible(page, axe, "an attachment deleted")
        assert not watch.problems, watch.problems
    status, view = http("GET", f"{base}/v1/complaints/{tid}", headers={"X-Access-Code": code})
    assert [m["state"] for m in view["media"]] == ["rejected"], view["media"]


def test_a_mails_alert_links_open_pages_whose_one_button_acts(local_run, browser, axe):
    """Issue 16: opening the confirmation link (as a mail scanner would) changes nothing; the page's button
    confirms; the digest's unsubscribe page likewise, in the subscriber's language; an older /v1/alerts link
    lands on the same page; a broken token says so in words."""
    from chalicelib.adapters.alert_store import AlertStore
    from chalicelib.services import area_alerts

    base, moto = local_run["url"], local_run["env"]["AWS_ENDPOINT_URL"].rstrip("/")
    address = f"langganan-{uuid.uuid4().hex[:8]}@example.com"
    status, _ = http("POST", base + "/v1/alerts", {"email": address, "area_kind": "agency", "area": AGENCY},
                     {"Accept-Language": "en"})
    assert status == 202
    mail = sent_mail(moto, address, "Confirm")
    link = re.search(r"https?://\S+/langganan/konfirmasi\?\S+", mail["body"]).group(0)
    path = link[link.index("/langganan/"):]
    subscribed = lambda: address in [s["address"] for s in AlertStore().subscribers(f"agency:{AGENCY}")]  # noqa: E731
    with fresh_page(browser, base, locale="en-GB") as (page, watch):
        page.goto(base + path)
        wait_ready(page)
        assert page.get_attribute("html", "lang") == "en" and page.text_content("#alert-button") == "Confirm"
        assert not subscribed()  # opening the link did nothing
        accessible(page, axe, "alert confirmation page")
        page.click("#alert-button")
        page.wait_for_selector("#alert-done:not([hidden])")
        assert page.evaluate("document.activeElement.id") == "alert-done" and page.is_hidden("#alert-form")
        assert subscribed()
        accessible(page, axe, "alert confirmed")
        token = area_alerts.token(f"agency:{AGENCY}", area_alerts.read_token(path.split("token=")[1].split("&")[0],
                                                                             "confirm")[1], "unsubscribe")
        page.goto(f"{base}/v1/alerts/unsubscribe?token={token}")  # an older digest's link
        wait_ready(page)
        assert "/langganan/berhenti?token=" in page.url
        assert page.text_content("#alert-button") == "Unsubscribe" and subscribed()
        accessible(page, axe, "unsubscribe page")
        page.click("#alert-button")
        page.wait_for_selector("#alert-done:not([hidden])")
        assert not subscribed()
        page.goto(base + "/langganan/berhenti?token=rusak.rusak")
        wait_ready(page)
        page.click("#alert-button")
        page.wait_for_selector("#alert-missing:not([hidden])")
        assert "incomplete" in page.text_content("#alert-missing")  # English by the browser's Accept-Language
        accessible(page, axe, "a broken alert link")
        assert not watch.problems, watch.problems
