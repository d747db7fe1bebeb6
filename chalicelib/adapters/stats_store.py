"""Stats counters in DynamoDB (StatsTable): exactly-once updates per event, reads by Query.

What each event contributes: ``chalicelib.domain.stats_rules``.  A (month, dimension)'s counters are stored
split by attribute group so no item outgrows 1 KB (one write unit per update):
``PK=STATS#<month>  SK=<dimension>|<part>`` — ``totals`` for the plain counters, the group before the dot
(``channel``, ``kind``, ``frt`` …) for the others, and the large groups (``matter``, ``province``) in
``PART_BUCKETS`` buckets.  A stream batch is applied in one transaction: a conditional guard per stream
record (``EVT#<record id>``, or for the filing the case's ``DAY#<day>`` index item: a redelivered record is
dropped) and one update per part touched, the deltas of the whole batch summed.
"""
from __future__ import annotations

import os
import time
import zlib
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.adapters.dynamo import cancellation_reasons, ddb, error_code, from_item, key, query_partition, to_item
from chalicelib.domain.stats_rules import (MARKER_TTL_SECONDS, NATIONAL, WIB, agency_view, counter_deltas, months,
                                           national_view, num, parse_ts, record_id)


def table() -> str:
    return os.environ.get("STATS_TABLE", "salur-stats")


COUNTER_META = ("PK", "SK", "period", "dimension", "updated_at")
#: the groups with one attribute per place or matter, spread over this many items each
BUCKETED_GROUPS = ("matter", "province")
PART_BUCKETS = 4
#: DynamoDB's limit of items in one transaction
TRANSACTION_ITEMS = 100


def _counters(item: dict | None) -> dict:
    return {k: v for k, v in (item or {}).items() if k not in COUNTER_META}


def part_of(attr: str) -> str:
    """The stored item (part) an attribute lives in."""
    group = attr.split(".", 1)[0] if "." in attr else "totals"
    if group in BUCKETED_GROUPS:
        return f"{group}.{zlib.crc32(attr.encode()) % PART_BUCKETS}"
    return group


def split_parts(counters: dict) -> dict[str, dict]:
    out: dict[str, dict] = defaultdict(dict)
    for attr, value in counters.items():
        out[part_of(attr)][attr] = value
    return dict(out)


def _merge_into(total: dict, counters: dict) -> None:
    for k, v in counters.items():
        total[k] = total.get(k, 0) + v


class StatsStore:
    def __init__(self, table_name: str | None = None) -> None:
        self.table = table_name or table()

    # -- reads ---------------------------------------------------------------------
    def _query(self, period: str, dimension: str | None = None, max_pages: int = 40) -> dict[str, dict]:
        """{dimension: counters} of a month (or of one dimension), its parts merged; one paged Query."""
        out: dict[str, dict] = {}
        cond, values = "PK = :pk", {":pk": {"S": f"STATS#{period}"}}
        if dimension is not None:
            cond += " AND begins_with(SK, :d)"
            values[":d"] = {"S": f"{dimension}|"}
        kwargs: dict[str, Any] = {"TableName": self.table, "KeyConditionExpression": cond,
                                  "ExpressionAttributeValues": values}
        for _ in range(max_pages):
            res = ddb().query(**kwargs)
            for raw in res.get("Items", []):
                item = from_item(raw)
                dim = item["SK"].split("|", 1)[0]
                _merge_into(out.setdefault(dim, {}), _counters(item))
            if "LastEvaluatedKey" not in res:
                break
            kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]
        return out

    def period_items(self, period: str, max_pages: int = 40) -> dict[str, dict]:
        """Every dimension of a month (NATIONAL + one per agency), one Query (paged)."""
        return self._query(period, max_pages=max_pages)

    def item(self, period: str, dimension: str) -> dict:
        """One dimension's counters for a month (its parts: one Query)."""
        return self._query(period, dimension).get(dimension, {})

    def counters(self, period: str, dimension: str) -> dict:
        """Counters of a month, or of a year (its months summed)."""
        if len(period) != 4:
            return self.item(period, dimension)
        total: dict[str, Any] = {}
        for month in months(period):
            _merge_into(total, self.item(month, dimension))
        return total

    def period_counters(self, period: str) -> dict[str, dict]:
        """Every counter item of a month, or a year's months summed per dimension."""
        if len(period) != 4:
            return self.period_items(period)
        total: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        for month in months(period):
            for sk, counters in self.period_items(month).items():
                for k, v in counters.items():
                    total[sk][k] += v
        return {sk: dict(v) for sk, v in total.items()}

    def national(self, period: str) -> dict:
        items = self.period_counters(period)
        agencies = [agency_view(sk.split("#", 1)[1], it) for sk, it in sorted(items.items())
                    if sk.startswith("AGENCY#")]
        return national_view(period, items.get(NATIONAL, {}), agencies)

    def agency(self, agency_id: str, period: str) -> dict:
        return {"period": period, **agency_view(agency_id, self.counters(period, f"AGENCY#{agency_id}"))}

    # -- writes --------------------------------------------------------------------
    def _update(self, period: str, dim: str, part: str, deltas: dict[str, Any], now_iso: str) -> dict:
        names = {"#u": "updated_at", "#p": "period", "#d": "dimension"}
        values: dict[str, Any] = {":u": {"S": now_iso}, ":p": {"S": period}, ":d": {"S": dim}}
        adds = []
        for i, (attr, delta) in enumerate(sorted(deltas.items())):
            names[f"#a{i}"] = attr
            values[f":v{i}"] = {"N": str(delta)}
            adds.append(f"#a{i} :v{i}")
        return {"Update": {"TableName": self.table, "Key": key(f"STATS#{period}", f"{dim}|{part}"),
                           "UpdateExpression": "SET #u = :u, #p = :p, #d = :d ADD " + ", ".join(adds),
                           "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}}

    def record(self, msg: dict, timeline=None, case=None, now: datetime | None = None) -> bool:
        """Count one event exactly once.  Returns False if it had been counted already."""
        return bool(self.record_batch([(msg, timeline, case)], now))

    def record_batch(self, entries: list[tuple[dict, Any, Any]], now: datetime | None = None) -> list[dict]:
        """Count a batch of (event, timeline, case) exactly once per event, in as few transactions as fit.
        Returns the events counted now (not those counted before, nor those that count nothing).

        Exactly-once is kept per stream record (a timeline item: ``<event_id>`` without its ``.<i>``): one
        marker for all the events one record carries; the filing's record needs none, its day index item
        (``DAY#<day>``, one per case) is written under the same condition."""
        now = now or datetime.now(timezone.utc)
        records: dict[str, list] = {}
        seen: set[str] = set()
        for msg, timeline, case in entries:
            if msg["event_id"] in seen:
                continue
            seen.add(msg["event_id"])
            deltas = counter_deltas(msg, timeline, case)
            if deltas or msg.get("type") == "complaint.submitted":
                records.setdefault(record_id(msg["event_id"]), []).append((msg, deltas))
        counted: list[dict] = []
        chunk: list = []
        for group in records.values():
            chunk.append(group)
            if len(self._items(chunk, now)) > TRANSACTION_ITEMS:
                chunk.pop()
                counted += self._commit(chunk, now)
                chunk = [group]
        if chunk:
            counted += self._commit(chunk, now)
        return counted

    def _guard(self, group: list, now: datetime) -> dict:
        """The conditional item that makes one record count once: its day index item, or a marker."""
        filed = next((m for m, _ in group if m.get("type") == "complaint.submitted" and m.get("tracking_id")), None)
        if filed is not None:
            day = parse_ts(filed["occurred_at"]).astimezone(WIB).strftime("%Y-%m-%d")
            item = {"PK": f"DAY#{day}", "SK": filed["tracking_id"], "occurred_at": filed["occurred_at"]}
        else:
            item = {"PK": f"EVT#{record_id(group[0][0]['event_id'])}", "SK": "EVT", "type": group[0][0].get("type"),
                    "expires_at": int(now.timestamp()) + MARKER_TTL_SECONDS}
        return {"Put": {"TableName": self.table, "Item": to_item(item),
                        "ConditionExpression": "attribute_not_exists(PK)"}}

    def _items(self, chunk: list, now: datetime) -> list[dict]:
        """One guard per record first (in order), then one update per part touched by the whole chunk."""
        total: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: defaultdict(int))
        for group in chunk:
            for _msg, deltas in group:
                for (period, dim), counters in deltas.items():
                    for attr, delta in counters.items():
                        total[(period, dim)][attr] += delta
        updates = [self._update(p, d, part, vals, now.isoformat())
                   for (p, d), counters in sorted(total.items())
                   for part, vals in sorted(split_parts(dict(counters)).items()) if vals]
        return [self._guard(group, now) for group in chunk] + updates

    def _commit(self, chunk: list, now: datetime) -> list[dict]:
        for attempt in range(8):
            if not chunk:
                return []
            try:
                ddb().transact_write_items(TransactItems=self._items(chunk, now))
                return [msg for group in chunk for msg, _ in group]
            except ClientError as exc:
                if error_code(exc) != "TransactionCanceledException":
                    raise
                reasons = cancellation_reasons(exc)
                dupes = {i for i, r in enumerate(reasons[:len(chunk)]) if r == "ConditionalCheckFailed"}
                if dupes:  # guards that exist: re-deliveries, counted before
                    chunk = [g for i, g in enumerate(chunk) if i not in dupes]
                    continue
                if attempt == 7 or not any(r in ("TransactionConflict", "ThrottlingError") for r in reasons):
                    raise
                time.sleep(0.02 * (2 ** attempt))
        raise RuntimeError("stats batch not committed")  # pragma: no cover

    def replace_period_items(self, items: dict[tuple[str, str], dict], now_iso: str) -> int:
        """Overwrite the counters of (month, dimension)s (reconcile --write): every part rewritten, stale parts
        deleted."""
        n = 0
        for (period, dim), counters in items.items():
            parts = split_parts({k: num(v) for k, v in counters.items()})
            existing = query_partition(self.table, f"STATS#{period}", f"{dim}|", ProjectionExpression="SK")
            for stale in {i["SK"] for i in existing} - {f"{dim}|{p}" for p in parts}:
                ddb().delete_item(TableName=self.table, Key=key(f"STATS#{period}", stale))
            for part, values in parts.items():
                ddb().put_item(TableName=self.table, Item=to_item({
                    "PK": f"STATS#{period}", "SK": f"{dim}|{part}", "period": period, "dimension": dim,
                    "updated_at": now_iso, **values}))
            n += 1
        return n

    def cases_on_day(self, day: str) -> list[str]:
        """Tracking ids filed on a WIB day (ops paging; a Query on one partition)."""

        return [i["SK"] for i in query_partition(self.table, f"DAY#{day}", ProjectionExpression="SK")]


