"""Stats counters in DynamoDB (StatsTable): exactly-once updates per event, reads by Query/GetItem.

Key design and what each event contributes: ``chalicelib.domain.stats_rules``.
"""
from __future__ import annotations

import os
import time
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.adapters.dynamo import cancellation_reasons, ddb, error_code, from_item, key, query_partition, to_item
from chalicelib.domain.stats_rules import (MARKER_TTL_SECONDS, NATIONAL, WIB, agency_view, counter_deltas, months,
                                           national_view, num, parse_ts)


def table() -> str:
    return os.environ.get("STATS_TABLE", "salur-stats")


COUNTER_META = ("PK", "SK", "period", "dimension", "updated_at")


def _counters(item: dict | None) -> dict:
    return {k: v for k, v in (item or {}).items() if k not in COUNTER_META}


class StatsStore:
    def __init__(self, table_name: str | None = None) -> None:
        self.table = table_name or table()

    # -- reads ---------------------------------------------------------------------
    def period_items(self, period: str, max_pages: int = 20) -> dict[str, dict]:
        """Every counter item of a period (NATIONAL + one per agency), one Query (paged)."""

        out: dict[str, dict] = {}
        kwargs: dict[str, Any] = {"TableName": self.table, "KeyConditionExpression": "PK = :pk",
                                  "ExpressionAttributeValues": {":pk": {"S": f"STATS#{period}"}}}
        for _ in range(max_pages):
            res = ddb().query(**kwargs)
            for raw in res.get("Items", []):
                item = from_item(raw)
                out[item["SK"]] = _counters(item)
            if "LastEvaluatedKey" not in res:
                break
            kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]
        return out

    def item(self, period: str, dimension: str) -> dict:
        """One stored counter item (a month)."""

        res = ddb().get_item(TableName=self.table, Key=key(f"STATS#{period}", dimension))
        return _counters(from_item(res.get("Item")))

    def counters(self, period: str, dimension: str) -> dict:
        """Counters of a month, or of a year (its months summed; one BatchGetItem)."""
        if len(period) != 4:
            return self.item(period, dimension)

        keys = [key(f"STATS#{m}", dimension) for m in months(period)]
        total: dict[str, Any] = defaultdict(int)
        request = {self.table: {"Keys": keys}}
        for _ in range(5):
            res = ddb().batch_get_item(RequestItems=request)
            for raw in res.get("Responses", {}).get(self.table, []):
                for k, v in _counters(from_item(raw)).items():
                    total[k] += v
            request = res.get("UnprocessedKeys") or {}
            if not request:
                break
        return dict(total)

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
    def _update(self, period: str, dim: str, deltas: dict[str, Any], now_iso: str) -> dict:

        names = {"#u": "updated_at", "#p": "period", "#d": "dimension"}
        values: dict[str, Any] = {":u": {"S": now_iso}, ":p": {"S": period}, ":d": {"S": dim}}
        adds = []
        for i, (attr, delta) in enumerate(sorted(deltas.items())):
            names[f"#a{i}"] = attr
            values[f":v{i}"] = {"N": str(delta)}
            adds.append(f"#a{i} :v{i}")
        return {"Update": {"TableName": self.table, "Key": key(f"STATS#{period}", dim),
                           "UpdateExpression": "SET #u = :u, #p = :p, #d = :d ADD " + ", ".join(adds),
                           "ExpressionAttributeNames": names, "ExpressionAttributeValues": values}}

    def record(self, msg: dict, timeline=None, case=None, now: datetime | None = None) -> bool:
        """Count one event exactly once.  Returns False if it had been counted already."""


        now = now or datetime.now(timezone.utc)
        deltas = counter_deltas(msg, timeline, case)
        if not deltas and msg.get("type") != "complaint.submitted":
            return True  # nothing to count (accepted, note, closed ...): no marker needed either
        marker = {"Put": {"TableName": self.table, "Item": to_item({
            "PK": f"EVT#{msg['event_id']}", "SK": "EVT", "type": msg.get("type"),
            "expires_at": int(now.timestamp()) + MARKER_TTL_SECONDS}),
            "ConditionExpression": "attribute_not_exists(PK)"}}
        items = [marker] + [self._update(p, d, v, now.isoformat()) for (p, d), v in sorted(deltas.items())]
        if msg.get("type") == "complaint.submitted" and msg.get("tracking_id"):
            day = parse_ts(msg["occurred_at"]).astimezone(WIB).strftime("%Y-%m-%d")
            items.append({"Put": {"TableName": self.table, "Item": to_item(
                {"PK": f"DAY#{day}", "SK": msg["tracking_id"], "occurred_at": msg["occurred_at"]})}})

        for attempt in range(6):
            try:
                ddb().transact_write_items(TransactItems=items)
                return True
            except ClientError as exc:
                if error_code(exc) != "TransactionCanceledException":
                    raise
                reasons = cancellation_reasons(exc)
                if reasons and reasons[0] == "ConditionalCheckFailed":
                    return False  # the marker exists: a re-delivery
                if attempt == 5 or not any(r in ("TransactionConflict", "ThrottlingError") for r in reasons):
                    raise
                time.sleep(0.02 * (2 ** attempt))
        return False  # pragma: no cover

    def replace_period_items(self, items: dict[tuple[str, str], dict], now_iso: str) -> int:
        """Overwrite counter items (reconcile --write)."""

        n = 0
        for (period, dim), counters in items.items():
            ddb().put_item(TableName=self.table, Item=to_item({
                "PK": f"STATS#{period}", "SK": dim, "period": period, "dimension": dim, "updated_at": now_iso,
                **{k: num(v) for k, v in counters.items()}}))
            n += 1
        return n

    def cases_on_day(self, day: str) -> list[str]:
        """Tracking ids filed on a WIB day (ops paging; a Query on one partition)."""

        return [i["SK"] for i in query_partition(self.table, f"DAY#{day}", ProjectionExpression="SK")]


