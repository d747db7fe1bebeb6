"""Area alert subscriptions and feeds (complaints table; every read a Query, never a Scan).

- ``PK=ALERT#<area>   SK=SUB#<contact hash>``  {address, lang, confirmed}: the area's subscribers
- ``PK=ALERTAREAS     SK=<area>``              areas with at least one confirmed subscriber (the digest's list)
- ``PK=ALERTFEED#<area>#<day> SK=<at>#<tid>#<what>``  {summary}: the day's news of an area (TTL 8 days)
"""
from __future__ import annotations

import time

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, key, put_all, put_new, query_partition, to_item
from chalicelib.adapters.notification_store import contact_hash

FEED_TTL_SECONDS = 8 * 86400


class AlertStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def subscribe(self, area: str, address: str, lang: str, at: str) -> dict:
        item = {"PK": f"ALERT#{area}", "SK": f"SUB#{contact_hash(address)}", "address": address, "lang": lang,
                "confirmed": False, "created_at": at, "contact": contact_hash(address), "area": area}
        return item if put_new(self.table, item) else (self.get(area, contact_hash(address)) or item)

    def get(self, area: str, contact: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"ALERT#{area}", f"SUB#{contact}"), ConsistentRead=True)
        return from_item(res.get("Item"))

    def confirm(self, area: str, contact: str) -> None:
        ddb().transact_write_items(TransactItems=[
            {"Update": {"TableName": self.table, "Key": key(f"ALERT#{area}", f"SUB#{contact}"),
                        "UpdateExpression": "SET confirmed = :t", "ConditionExpression": "attribute_exists(PK)",
                        "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
            {"Put": {"TableName": self.table, "Item": to_item({"PK": "ALERTAREAS", "SK": area})}}])

    def unsubscribe(self, area: str, contact: str) -> None:
        ddb().delete_item(TableName=self.table, Key=key(f"ALERT#{area}", f"SUB#{contact}"))

    def subscribers(self, area: str) -> list[dict]:
        return [s for s in query_partition(self.table, f"ALERT#{area}", "SUB#") if s.get("confirmed")]

    def areas(self) -> list[str]:
        return [a["SK"] for a in query_partition(self.table, "ALERTAREAS")]

    def record(self, areas: list[str], day: str, at: str, tid: str, what: str, summary: dict) -> None:
        """One event in each area's feed of the day, in one BatchWriteItem.  Idempotent: the same event writes
        the same items."""
        expires = int(time.time()) + FEED_TTL_SECONDS
        put_all(self.table, [to_item({"PK": f"ALERTFEED#{area}#{day}", "SK": f"{at}#{tid}#{what}", "what": what,
                                      "summary": summary, "expires_at": expires}) for area in dict.fromkeys(areas)])

    def feed(self, area: str, day: str, limit: int) -> list[dict]:
        res = ddb().query(TableName=self.table, KeyConditionExpression="PK = :pk",
                          ExpressionAttributeValues={":pk": {"S": f"ALERTFEED#{area}#{day}"}}, Limit=limit)
        return [from_item(i) for i in res.get("Items", [])]
