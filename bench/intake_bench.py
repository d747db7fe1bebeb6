"""Intake latency in-process on moto: p50/p95 of POST /v1/complaints through chalice.test.Client, with the
similar-report lookup at filing (one Query of the Similar index, MinHash compare, cluster link) and without it
(``intake.cluster_link`` stubbed out), alternating request by request so both see the same table.

    .venv/bin/python -m bench.intake_bench [N]
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.moto_world import fake_env, moto_world  # noqa: E402

fake_env()

BODIES = [
    ("Jalan rusak di Denpasar", "Jalan di Jl. Gatot Subroto Barat Kota Denpasar berlubang besar sudah 3 bulan.", "51.71"),
    ("KTP belum jadi", "Sudah 4 bulan rekam KTP-el di Disdukcapil Kabupaten Bogor tapi belum juga jadi, tolong.", None),
    ("Listrik padam terus", "Listrik PLN di Kecamatan Tamalate Makassar padam hampir tiap malam seminggu ini.", None),
]


class AwsMeter:
    """Counts AWS calls and the time spent inside them (moto's time, not Salur's)."""

    def __init__(self) -> None:
        import botocore.client

        self.calls, self.seconds = 0, 0.0
        self.by_operation: dict[str, int] = {}
        original = botocore.client.BaseClient._make_api_call
        meter = self

        def timed(client_self, operation, params):
            t0 = time.perf_counter()
            try:
                return original(client_self, operation, params)
            finally:
                meter.calls += 1
                meter.by_operation[operation] = meter.by_operation.get(operation, 0) + 1
                meter.seconds += time.perf_counter() - t0

        botocore.client.BaseClient._make_api_call = timed

    def snapshot(self) -> tuple[int, float]:
        return self.calls, self.seconds

    def operations(self) -> dict[str, int]:
        return dict(self.by_operation)


def main(n: int = 300) -> None:
    import logging

    logging.disable(logging.INFO)
    meter = AwsMeter()

    with moto_world():
        from chalice.test import Client

        import app as app_module
        from chalicelib.services import intake

        real_link = intake.cluster_link
        runs = {True: {"times": [], "own": [], "calls": []}, False: {"times": [], "own": [], "calls": []}}
        with Client(app_module.app, stage_name="local") as client:  # the local stage: no per-source limit
            for i in range(2 * n):
                with_lookup = i % 2 == 0
                intake.cluster_link = real_link if with_lookup else (lambda *_a, **_k: (None, []))
                title, body, region = BODIES[(i // 2) % len(BODIES)]
                payload = {"title": title, "body": f"{body} ({i // 6})"}
                if region:
                    payload["location"] = {"region_code": region}
                c0, s0 = meter.snapshot()
                ops0 = meter.operations()
                t0 = time.perf_counter()
                res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                                       body=json.dumps(payload))
                elapsed = time.perf_counter() - t0
                c1, s1 = meter.snapshot()
                run = runs[with_lookup]
                run["times"].append(elapsed * 1000)
                run["own"].append((elapsed - (s1 - s0)) * 1000)
                run["calls"].append(c1 - c0)
                for op, count in meter.operations().items():
                    if i >= 10 and count - ops0.get(op, 0):
                        run.setdefault("ops", {})[op] = run.setdefault("ops", {}).get(op, 0) + count - ops0.get(op, 0)
                assert res.status_code == 201, res.body
        intake.cluster_link = real_link

    def line(label, values):
        q = statistics.quantiles(values, n=100)
        return f"{label:<52} p50={statistics.median(values):7.1f} ms  p95={q[94]:7.1f} ms  max={max(values):7.1f} ms"

    print(f"POST /v1/complaints in-process on moto.mock_aws, n={n - 5} per variant after 5 warm-up")
    for with_lookup, label in ((False, "without similar lookup"), (True, "with similar lookup")):
        run = runs[with_lookup]
        print(line(f"{label}: end to end (incl. moto)", run["times"][5:]))
        print(line(f"{label}: Salur's own time (excl. AWS calls)", run["own"][5:]))
        print(f"{label}: AWS calls per complaint: {statistics.mean(run['calls'][5:]):.1f}")
        done = len(run["calls"]) - 5
        print(f"{label}: per complaint by operation: "
              + ", ".join(f"{op} {c / done:.2f}" for op, c in sorted(run.get("ops", {}).items())))
    print("note: moto deep-copies the table for every TransactWriteItems item, so its share grows with the table")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
