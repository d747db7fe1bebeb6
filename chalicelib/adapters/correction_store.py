"""Routing corrections on the complaints table: what the router chose vs. where a verifier sent it.

- PK=ROUTING#<yyyy-mm>  SK=<tracking id>  one item per case (its first disposal that month)
- PK=ROUTING#<yyyy-mm>  SK=#COUNTS        total / corrected / confirmed counters
- PK=UNITROUTING#<yyyy-mm> …            the same for units inside an agency (suggested unit vs. the unit chosen)
"""
from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, decode_cursor, encode_cursor, from_item, key, to_item

log = logging.getLogger("salur.agency")


class CorrectionStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def record(self, item: dict, prefix: str = "ROUTING") -> None:
        """Store one correction (the first per case and month counts); never fails the caller."""
        month, tid = item["month"], item["tracking_id"]
        corrected = 1 if item["corrected"] else 0
        try:
            ddb().transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table, "Item": to_item({**item, "PK": f"{prefix}#{month}", "SK": tid}),
                         "ConditionExpression": "attribute_not_exists(PK)"}},
                {"Update": {"TableName": self.table, "Key": key(f"{prefix}#{month}", "#COUNTS"),
                            "UpdateExpression": "ADD #t :one, #c :c, #k :k",
                            "ExpressionAttributeNames": {"#t": "total", "#c": "corrected", "#k": "confirmed"},
                            "ExpressionAttributeValues": {":one": {"N": "1"}, ":c": {"N": str(corrected)},
                                                          ":k": {"N": str(1 - corrected)}}}}])
        except ClientError as exc:
            log.warning("routing correction not recorded", extra={"tracking_id": tid, "error": str(exc)[:300]})

    def counts(self, month: str, prefix: str = "ROUTING") -> dict:
        return from_item(ddb().get_item(TableName=self.table, Key=key(f"{prefix}#{month}", "#COUNTS")).get("Item")) or {}

    def month(self, month: str, limit: int, cursor: str | None) -> tuple[dict, list[dict], str | None]:
        """(counters, one page of corrections, next cursor) of a month."""
        pk = f"ROUTING#{month}"
        counts = from_item(ddb().get_item(TableName=self.table, Key=key(pk, "#COUNTS")).get("Item")) or {}
        kwargs: dict[str, Any] = {"TableName": self.table, "Limit": limit,
                                  "KeyConditionExpression": "PK = :pk AND SK BETWEEN :a AND :z",
                                  "ExpressionAttributeValues": {":pk": {"S": pk}, ":a": {"S": "0"}, ":z": {"S": "~"}}}
        start = decode_cursor(cursor, {"PK", "SK"}, equals={"PK": pk}, ranges={"SK": ("0", "~")})
        if start:
            kwargs["ExclusiveStartKey"] = start
        res = ddb().query(**kwargs)
        items = [{k: v for k, v in from_item(i).items() if k not in ("PK", "SK")} for i in res.get("Items", [])]
        return counts, items, encode_cursor(res.get("LastEvaluatedKey"))
