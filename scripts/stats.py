"""Ops command: recompute statistics counters from the stored timelines of cases.

    python -m scripts.stats reconcile --tracking-ids T1 T2 ...      # compare, print differences
    python -m scripts.stats reconcile --days 2026-11-01..2026-11-30  # cases filed on those WIB days
    python -m scripts.stats reconcile --days ... --write             # overwrite the live counters

Cases are found by tracking id or through the per-day case index the stats consumer writes
(``DAY#<date>`` items: a Query per day — never a Scan).  Differences are printed as JSON; the
exit status is 1 when any counter differs (0 after ``--write``).  ``--write`` replaces every
counter item the recomputation touches, so it is correct when the cases given are all the
cases with events in those periods (e.g. every day since the earliest case still producing
events) — with a partial set it would under-count; the command refuses ``--write`` with
``--tracking-ids`` unless ``--force``.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta


def _days(spec: str) -> list[str]:
    if ".." in spec:
        a, b = spec.split("..", 1)
    else:
        a = b = spec
    start, end = date.fromisoformat(a), date.fromisoformat(b)
    if end < start or (end - start).days > 3660:
        raise SystemExit("bad --days range")
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def reconcile(tracking_ids: list[str], days: str | None, write: bool, force: bool, out=sys.stdout) -> int:
    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.services import stats_consumer as stats

    store = StatsStore()
    tids = list(tracking_ids or [])
    if days:
        for day in _days(days):
            tids += store.cases_on_day(day)
    tids = list(dict.fromkeys(tids))
    expected = stats.recompute(tids)
    differences = stats.diff(expected, store)
    report = {"cases": len(tids), "items": len(expected), "differences": differences}
    if write:
        if tracking_ids and not force:
            print(json.dumps({**report, "error": "--write with --tracking-ids needs --force"}), file=out)
            return 2
        from datetime import datetime, timezone

        report["written"] = store.replace_period_items(expected, datetime.now(timezone.utc).isoformat())
        print(json.dumps(report, indent=2, default=str), file=out)
        return 0
    print(json.dumps(report, indent=2, default=str), file=out)
    return 1 if differences else 0


def _environment(stack: str | None) -> None:
    import os

    if os.environ.get("STATS_TABLE") and os.environ.get("COMPLAINTS_TABLE") and not stack:
        return
    import boto3

    from infra.bootstrap import OUTPUT_ENV

    desc = boto3.client("cloudformation").describe_stacks(StackName=stack or "salur-local")["Stacks"][0]
    for out in desc.get("Outputs", []):
        if out["OutputKey"] in OUTPUT_ENV:
            os.environ[OUTPUT_ENV[out["OutputKey"]]] = out["OutputValue"]


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stats")
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("reconcile", help="recompute counters from case timelines")
    rec.add_argument("--tracking-ids", nargs="*", default=[])
    rec.add_argument("--days", help="YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (WIB filing days)")
    rec.add_argument("--write", action="store_true", help="overwrite the live counters")
    rec.add_argument("--force", action="store_true")
    rec.add_argument("--stack", default=None,
                     help="read table names from this CloudFormation stack's outputs when STATS_TABLE / "
                          "COMPLAINTS_TABLE are not set (default: salur-local, the `make run` stack)")
    args = parser.parse_args(argv)
    _environment(args.stack)
    if not args.tracking_ids and not args.days:
        parser.error("give --tracking-ids and/or --days")
    return reconcile(args.tracking_ids, args.days, args.write, args.force, out=out)


if __name__ == "__main__":
    import os

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-southeast-3")
    raise SystemExit(main())
