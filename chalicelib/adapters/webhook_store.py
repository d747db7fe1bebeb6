"""Webhook items in the agencies table (adapter).

- subscription  PK=AGENCY#<agency>  SK=WEBHOOK#<webhook_id>   url, events, secret(s)
- delivery log  PK=AGENCY#<agency>  SK=DELIVERY#<delivery_id> one item per attempt, TTL 30 days;
                delivery ids start with a UTC timestamp so a reverse Query lists newest first
- replay guard  PK=REPLAY#<agency>  SK=<webhook-id>            inbound message ids seen, TTL 10 min
- hand-off      PK=HANDOFF#<webhook-id> SK=HANDOFF             an event's first attempt made (delivered or its
                retry queued), so a redelivered stream record does not post it again; TTL 30 days
All reads are Query/GetItem on keys.  The signing secret must be readable to sign, so it is
stored as is (the table is encrypted at rest; a KMS envelope would be the next step).
"""
from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from typing import Any

from chalicelib import config
from chalicelib.adapters.dynamo import (conditional_write, ddb, decode_cursor, encode_cursor, from_item, key,
                                        query_partition, to_item)

DELIVERY_TTL_SECONDS = 30 * 24 * 3600
REPLAY_TTL_SECONDS = 10 * 60
_PRIVATE = ("PK", "SK", "secret", "previous_secret", "previous_valid_until", "body", "expires_at")


def new_webhook_id() -> str:
    return "wh_" + secrets.token_hex(8)


def new_delivery_id(now: float | None = None) -> str:
    dt = datetime.fromtimestamp(now or time.time(), tz=timezone.utc)
    return "dlv_" + dt.strftime("%Y%m%d%H%M%S%f") + secrets.token_hex(4)  # 20 digits + 8 hex


def public_webhook(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in _PRIVATE}


def public_delivery(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in _PRIVATE}


class WebhookStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.agencies_table()

    # -- subscriptions ------------------------------------------------------------------
    def put(self, sub: dict) -> None:
        ddb().put_item(TableName=self.table, Item=to_item(
            {**sub, "PK": f"AGENCY#{sub['agency_id']}", "SK": f"WEBHOOK#{sub['webhook_id']}"}))

    def get(self, agency_id: str, webhook_id: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"AGENCY#{agency_id}", f"WEBHOOK#{webhook_id}"),
                             ConsistentRead=True)
        return from_item(res.get("Item"))

    def list(self, agency_id: str) -> list[dict]:
        """An agency's subscriptions (a handful; the Query pages through anyway)."""
        return query_partition(self.table, f"AGENCY#{agency_id}", "WEBHOOK#")

    def delete(self, agency_id: str, webhook_id: str) -> bool:
        res = ddb().delete_item(TableName=self.table, Key=key(f"AGENCY#{agency_id}", f"WEBHOOK#{webhook_id}"),
                                ReturnValues="ALL_OLD")
        return bool(res.get("Attributes"))

    # -- delivery log -------------------------------------------------------------------
    def log_attempt(self, record: dict, now: float | None = None) -> None:
        now = now or time.time()
        ddb().put_item(TableName=self.table, Item=to_item({
            **record, "PK": f"AGENCY#{record['agency_id']}", "SK": f"DELIVERY#{record['delivery_id']}",
            "expires_at": int(now) + DELIVERY_TTL_SECONDS}))

    def get_delivery(self, agency_id: str, delivery_id: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"AGENCY#{agency_id}", f"DELIVERY#{delivery_id}"))
        return from_item(res.get("Item"))

    def deliveries(self, agency_id: str, limit: int, cursor: str | None,
                   webhook_id: str | None = None) -> tuple[list[dict], str | None]:
        kwargs: dict[str, Any] = {
            "TableName": self.table, "KeyConditionExpression": "PK = :pk AND begins_with(SK, :sk)",
            "ExpressionAttributeValues": {":pk": {"S": f"AGENCY#{agency_id}"}, ":sk": {"S": "DELIVERY#"}},
            "ScanIndexForward": False, "Limit": limit}
        if webhook_id:
            kwargs["FilterExpression"] = "webhook_id = :w"
            kwargs["ExpressionAttributeValues"][":w"] = {"S": webhook_id}
        start = decode_cursor(cursor, {"PK", "SK"}, equals={"PK": f"AGENCY#{agency_id}"},
                              prefixes={"SK": "DELIVERY#"})
        if start:
            kwargs["ExclusiveStartKey"] = start
        res = ddb().query(**kwargs)
        return [from_item(i) for i in res.get("Items", [])], encode_cursor(res.get("LastEvaluatedKey"))

    # -- hand-off of a stream event to its endpoint ------------------------------------------
    def handed_off(self, msg_id: str) -> bool:
        res = ddb().get_item(TableName=self.table, Key=key(f"HANDOFF#{msg_id}", "HANDOFF"), ConsistentRead=True)
        return "Item" in res

    def mark_handed_off(self, msg_id: str, now: float | None = None) -> None:
        ddb().put_item(TableName=self.table, Item=to_item({"PK": f"HANDOFF#{msg_id}", "SK": "HANDOFF",
                                                           "expires_at": int(now or time.time()) + DELIVERY_TTL_SECONDS}))

    # -- replay guard -------------------------------------------------------------------
    def remember_message(self, agency_id: str, msg_id: str, now: float | None = None) -> bool:
        """Record an inbound message id; False if it was already seen (a replay)."""

        now = int(now or time.time())
        return conditional_write(ddb().put_item, TableName=self.table,
                                 Item=to_item({"PK": f"REPLAY#{agency_id}", "SK": msg_id[:256],
                                               "expires_at": now + REPLAY_TTL_SECONDS}),
                                 ConditionExpression="attribute_not_exists(PK) OR expires_at < :now",
                                 ExpressionAttributeValues={":now": {"N": str(now)}})
