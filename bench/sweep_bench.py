"""The sweep reads only overdue cases: its DynamoDB reads stay flat as closed and not-yet-due cases grow.

Puts a fixed number of overdue cases beside 10× growing numbers of closed and not-yet-due cases
(written with the repository's own item builder, so keys and sparse indexes are the real ones), runs
``sweeper.sweep`` and reports the Queries it made, the items they read and the read capacity reported.

    .venv/bin/python -m bench.sweep_bench
"""
from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.moto_world import fake_env, moto_world  # noqa: E402

fake_env()

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
OVERDUE = 50


def case(tid: str, status: str, due: datetime | None) -> dict:
    from chalicelib.domain.clock import iso

    return {"tracking_id": tid, "kind": "complaint", "title": "bench", "body": "bench case " * 5, "status": status,
            "agency_id": "pemkot-51.71", "agency_name": "Pemerintah Kota Denpasar", "escalation_level": 0,
            "due_at": iso(due), "version": 2, "created_at": iso(NOW - timedelta(days=40)), "province_code": "51",
            "reopen_count": 0, "sweepable": due is not None}


def put_all(cases: list[dict]) -> None:
    from chalicelib import config
    from chalicelib.adapters.complaint_repository import case_item
    from chalicelib.adapters.dynamo import ddb

    table = config.complaints_table()
    for i in range(0, len(cases), 25):
        batch = {table: [{"PutRequest": {"Item": case_item(c)}} for c in cases[i:i + 25]]}
        while batch:
            batch = ddb().batch_write_item(RequestItems=batch).get("UnprocessedItems") or {}


def main() -> None:
    import botocore.client

    reads = {"queries": 0, "items": 0, "capacity": 0.0}
    original = botocore.client.BaseClient._make_api_call

    def metered(self, op, params):
        res = original(self, op, params)
        if op == "Query" and params.get("IndexName") == "DueDate":
            reads["queries"] += 1
            reads["items"] += res.get("ScannedCount", res.get("Count", 0))
            reads["capacity"] += (res.get("ConsumedCapacity") or {}).get("CapacityUnits", 0)
        return res

    botocore.client.BaseClient._make_api_call = metered
    print(f"{'closed + not-yet-due cases':>28} {'overdue':>8} {'DueDate queries':>16} {'items read':>11} "
          f"{'RCU reported':>13} {'sweep ms':>9}")
    for others in (500, 5000):
        with moto_world(seed=False):
            from chalicelib.services import sweeper

            rows = [case(f"OVR{i:05d}", "assigned", NOW - timedelta(hours=1 + i)) for i in range(OVERDUE)]
            rows += [case(f"FUT{i:05d}", "assigned", NOW + timedelta(days=1 + i % 30)) for i in range(others // 2)]
            rows += [case(f"CLS{i:05d}", "closed", None) for i in range(others - others // 2)]
            put_all(rows)
            reads.update(queries=0, items=0, capacity=0.0)
            t0 = time.perf_counter()
            out = sweeper.sweep(now=NOW)
            ms = (time.perf_counter() - t0) * 1000
            assert out["overdue"] == OVERDUE, out
            print(f"{others:>28} {OVERDUE:>8} {reads['queries']:>16} {reads['items']:>11} "
                  f"{reads['capacity']:>13.1f} {ms:>9.0f}")


if __name__ == "__main__":
    main()
