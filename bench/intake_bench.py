"""Intake latency in-process on moto: p50/p95 of POST /v1/complaints through chalice.test.Client.

    .venv/bin/python -m bench.intake_bench [N]
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
for k, v in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "ap-southeast-3",
             "AWS_REGION": "ap-southeast-3", "POWERTOOLS_TRACE_DISABLED": "true"}.items():
    os.environ[k] = v
os.environ.pop("AWS_ENDPOINT_URL", None)

BODIES = [
    ("Jalan rusak di Denpasar", "Jalan di Jl. Gatot Subroto Barat Kota Denpasar berlubang besar sudah 3 bulan.", "51.71"),
    ("KTP belum jadi", "Sudah 4 bulan rekam KTP-el di Disdukcapil Kabupaten Bogor tapi belum juga jadi, tolong.", None),
    ("Listrik padam terus", "Listrik PLN di Kecamatan Tamalate Makassar padam hampir tiap malam seminggu ini.", None),
]


def main(n: int = 300) -> None:
    from moto import mock_aws

    with mock_aws():
        from chalice.test import Client

        from chalicelib import aws as aws_clients
        from infra.bootstrap import bootstrap

        aws_clients.reset()
        os.environ.update(bootstrap(stack="salur-bench"))
        import app as app_module

        with Client(app_module.app) as client:
            times = []
            for i in range(n):
                title, body, region = BODIES[i % len(BODIES)]
                payload = {"title": title, "body": body}
                if region:
                    payload["location"] = {"region_code": region}
                t0 = time.perf_counter()
                res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                                       body=json.dumps(payload))
                times.append((time.perf_counter() - t0) * 1000)
                assert res.status_code == 201, res.body
    warm = times[5:]
    q = statistics.quantiles(warm, n=100)
    print(f"intake on moto, in-process, n={len(warm)} (after 5 warm-up): "
          f"p50={statistics.median(warm):.1f} ms  p95={q[94]:.1f} ms  max={max(warm):.1f} ms  "
          f"first={times[0]:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
