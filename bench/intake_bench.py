"""Intake latency in-process on moto: p50/p95 of POST /v1/complaints through chalice.test.Client.

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
        original = botocore.client.BaseClient._make_api_call
        meter = self

        def timed(client_self, operation, params):
            t0 = time.perf_counter()
            try:
                return original(client_self, operation, params)
            finally:
                meter.calls += 1
                meter.seconds += time.perf_counter() - t0

        botocore.client.BaseClient._make_api_call = timed

    def snapshot(self) -> tuple[int, float]:
        return self.calls, self.seconds


def main(n: int = 300) -> None:
    import logging

    logging.disable(logging.INFO)
    meter = AwsMeter()

    with moto_world():
        from chalice.test import Client

        import app as app_module

        with Client(app_module.app) as client:
            times, own, calls = [], [], []
            for i in range(n):
                title, body, region = BODIES[i % len(BODIES)]
                payload = {"title": title, "body": body}
                if region:
                    payload["location"] = {"region_code": region}
                c0, s0 = meter.snapshot()
                t0 = time.perf_counter()
                res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                                       body=json.dumps(payload))
                elapsed = time.perf_counter() - t0
                c1, s1 = meter.snapshot()
                times.append(elapsed * 1000)
                own.append((elapsed - (s1 - s0)) * 1000)
                calls.append(c1 - c0)
                assert res.status_code == 201, res.body
    def line(label, values):
        q = statistics.quantiles(values, n=100)
        return f"{label:<44} p50={statistics.median(values):7.1f} ms  p95={q[94]:7.1f} ms  max={max(values):7.1f} ms"

    print(f"POST /v1/complaints in-process on moto.mock_aws, n={n - 5} after 5 warm-up (first: {times[0]:.0f} ms)")
    print(line("end to end (incl. moto serving the AWS calls)", times[5:]))
    print(line("Salur's own time (excl. time inside AWS calls)", own[5:]))
    print(f"AWS calls per complaint: {statistics.mean(calls[5:]):.1f} "
          f"(1 TransactWriteItems, 1 SendMessageBatch per fan-out queue, 1 BatchWriteItem clearing the outbox; +1 GetItem with an Idempotency-Key)")
    print("note: moto deep-copies the table for every TransactWriteItems item, so its share grows with the table")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
