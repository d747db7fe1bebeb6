"""What each page costs a visitor, measured in Debian's Chromium on the local run (``make bench-pages``).

    python -m bench.pages_bench [--runs 3]

For every page (and the reporter's view of the follow page): requests, bytes on the wire (headers + bodies as
the browser received them; the local server does not compress), the same bodies gzip-compressed (what a CDN
or API Gateway with compression sends), time to interactive (navigation start → the page's ``salur-ready``
mark: its script has shown what it loads) on the local run, and the same on an emulated slow phone (Chrome
DevTools' "Slow 3G"-like link: 400 ms RTT, 400 kbit/s down, 4x CPU slowdown), with an empty cache each time;
and axe-core's violation count.  Medians over ``--runs``.
"""
from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}


def _gzip_bytes(watch) -> int:
    total = 0
    for request in watch.requests:
        try:
            body = request.response().body()
        except Exception:  # noqa: BLE001 - a redirect or an aborted request has none
            continue
        total += len(gzip.compress(body, 6)) + request.sizes()["responseHeadersSize"]
    return total


def visit(browser, base: str, path: str, code: str | None, slow: bool, axe) -> dict:
    from browser_support import axe_violations, fresh_page, measure, wait_ready

    with fresh_page(browser, base) as (page, watch):
        if slow:
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(base + path)
        out = measure(page, watch)
        if code:  # the reporter's view: the code typed in, one more API call
            page.fill("#access-code", code)
            page.click("#code-form button[type=submit]")
            page.wait_for_selector("#reporter-actions:not([hidden])")
            page.wait_for_load_state("networkidle")
            out = measure(page, watch) | {"tti_ms": out["tti_ms"]}
        wait_ready(page)
        out["gzip_bytes"] = _gzip_bytes(watch)
        out["axe"] = len(axe_violations(page, axe)) if not slow else None
        return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from browser_support import launch
    from httpclient import http
    from scripts.local_run import free_port, start

    url, stop, _env, _worker = start(port=free_port(), quiet=True)
    try:
        status, out = http("POST", url + "/v1/complaints", {
            "title": "Jalan berlubang di Ubud", "location": {"region_code": "51.04", "district_code": "51.04.05"},
            "body": "Jalan kabupaten di Ubud rusak parah dan berlubang sudah tiga bulan, sering ada kecelakaan.",
            "reporter": {"email": "bench@example.com"}})
        assert status == 201, out
        tid, code = out["tracking_id"], out["access_code"]
        pages = [("home", "/", None), ("file (/lapor)", "/lapor", None), ("follow, public", f"/lacak/{tid}", None),
                 ("follow, reporter", f"/lacak/{tid}", code), ("public list (/laporan)", "/laporan", None),
                 ("scorecards (/instansi)", "/instansi", None), ("agency scorecard", "/instansi/pemkab-51.04", None)]
        axe = Axe()
        rows = []
        with sync_playwright() as p:
            browser = launch(p)
            for name, path, secret in pages:
                local = [visit(browser, url, path, secret, False, axe) for _ in range(args.runs)]
                slow = [visit(browser, url, path, secret, True, axe) for _ in range(args.runs)]
                med = lambda runs, k: statistics.median(r[k] for r in runs)  # noqa: E731
                rows.append((name, med(local, "requests"), med(local, "bytes"), med(local, "gzip_bytes"),
                             med(local, "tti_ms"), med(slow, "tti_ms"), max(r["axe"] for r in local)))
            browser.close()
    finally:
        stop()
    print(f"Pages on the local run ({args.runs} runs each, empty cache; medians)\n")
    print(f"{'page':26} {'requests':>8} {'bytes':>8} {'gzip':>7} {'TTI local':>10} {'TTI slow':>9} {'axe':>4}")
    for name, req, size, gz, tti, tti_slow, violations in rows:
        print(f"{name:26} {req:8.0f} {size:8.0f} {gz:7.0f} {tti:8.0f}ms {tti_slow:7.0f}ms {violations:4d}")
    print("\nbytes: headers + bodies as received (uncompressed locally); gzip: bodies gzip -6 + headers;"
          "\nTTI slow: 400 ms RTT, 400 kbit/s, 4x CPU (Chromium emulation); axe: violations (0 = none).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
