"""The browser harness of the page tests (and bench/pages_bench.py): Debian's Chromium driven by Playwright,
axe-core from the ``axe-playwright-python`` package (injected by the test, never fetched by the page), moto's SES
store for the mail a notification carries, and what a page costs (requests, bytes, time to interactive).

Chromium is Debian's (``apt-get install -y chromium``, done by ``make test``): never a browser download.
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
#: a phone: the narrowest screen the pages are made for
PHONE = {"width": 360, "height": 780}


def launch(playwright):
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM)


class PageWatch:
    """Everything a page must never do: script errors, CSP refusals, requests to another host, dialogs."""

    def __init__(self, page, base_url: str) -> None:
        self.problems: list[str] = []
        self.requests: list = []
        host = base_url.split("//", 1)[1].split("/", 1)[0]
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" and not _expected_console_error(m.text) else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: self.problems.append(f"foreign request: {r.url}")
                if not r.url.startswith(("data:", f"http://{host}/")) else None)
        page.on("requestfinished", lambda r: self.requests.append(r))


def _expected_console_error(text: str) -> bool:
    # Chromium logs every 4xx answer as "Failed to load resource"; the pages expect some (422 on a bad form,
    # 404 for a confidential report without its code) and handle them.
    return text.startswith("Failed to load resource: the server responded with a status of 4")


def axe_violations(page, axe) -> list[dict]:
    """axe-core's violations on the page as it is now (every rule axe runs by default, WCAG 2.2 AA included)."""
    return axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — " +
                     "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                               for n in v["nodes"][:5]) for v in violations)


def wait_ready(page, timeout_ms: int = 20000) -> None:
    """Until the page's script has shown what it loads (``Salur.ready``: ``<html data-ready>``)."""
    page.wait_for_selector("html[data-ready]", state="attached", timeout=timeout_ms)


def measure(page, watch: PageWatch) -> dict:
    """Requests, bytes on the wire (headers + bodies, as the browser received them) and time to interactive
    (navigation start → ``salur-ready``) of the page loaded last."""
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    tti = page.evaluate("() => { const m = performance.getEntriesByName('salur-ready'); "
                        "return m.length ? Math.round(m[0].startTime) : null; }")
    size = 0
    for request in watch.requests:
        sizes = request.sizes()
        size += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return {"requests": len(watch.requests), "bytes": size, "tti_ms": tti}


@contextmanager
def fresh_page(browser, base_url: str, **context_args):
    """A new browser context (no cache, no storage) on a phone-sized screen, Indonesian unless told."""
    context = browser.new_context(viewport=context_args.pop("viewport", PHONE),
                                  locale=context_args.pop("locale", "id-ID"), **context_args)
    page = context.new_page()
    watch = PageWatch(page, base_url)
    try:
        yield page, watch
    finally:
        context.close()


def ses_messages(moto_url: str, attempts: int = 20) -> list[dict]:
    """Every mail moto's SES holds (``/moto-api/data.json``).  That dump walks every model of the server while
    other threads change them, so it now and then answers 500: read it again."""
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(f"{moto_url}/moto-api/data.json", timeout=30) as res:
                return json.loads(res.read()).get("ses", {}).get("Message", [])
        except urllib.error.HTTPError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.3)
    return []


def mails_to(moto_url: str, to: str) -> list[dict]:
    return [m for m in ses_messages(moto_url) if to in (m.get("destinations") or {}).get("ToAddresses", [])]


def sent_mail(moto_url: str, to: str, subject_part: str, timeout: float = 60) -> dict:
    """The mail SES (moto) sent to ``to`` whose subject contains ``subject_part``, waiting for the worker."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for m in mails_to(moto_url, to):
            if subject_part in m.get("subject", ""):
                return m
        time.sleep(0.5)
    raise AssertionError(f"no mail to {to} about {subject_part!r} within {timeout}s")


def follow_link(mail: dict) -> str:
    """The follow page's link in a notification's HTML body."""
    links = re.findall(r'href="([^"]+/lacak/[^"]+)"', mail["body"])
    assert links, mail["body"]
    return links[0]
