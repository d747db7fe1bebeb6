"""Area alert subscriptions and feeds (complaints table; every read a Query, never a Scan).

- ``PK=ALERT#<area>   SK=SUB#<contact hash>``  {address, lang, confirmed}: the area's subscribers
- ``PK=ALERTAREAS     SK=<area>``              areas with at least one confirmed subscriber (the digest's list)
- ``PK=ALERTFEED#<day>  SK=<at>#<tid>#<what>``  {summary, areas}: one item per event, naming every area whose
  news it is (TTL 8 days); the digest reads the day once and gives each area its own (one write per event,
  not one per area)
"""
from __future__ import annotations

import time

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, iter_partition, key, put_all, put_new, query_partition, to_item
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
        """One event in the day's feed, for each of its areas.  Idempotent: the same event writes the same item."""
        put_all(self.table, [to_item({"PK": f"ALERTFEED#{day}", "SK": f"{at}#{tid}#{what}", "what": what,
                                      "summary": summary, "areas": list(dict.fromkeys(areas)),
                                      "expires_at": int(time.time()) + FEED_TTL_SECONDS})])

    def day_feeds(self, day: str, areas: list[str], limit: int) -> dict[str, list[dict]]:
        """The news of the day of each of ``areas``, in order, at most ``limit`` entries an area: one Query of the
        day's partition (a page at a time: the day's events, read once by the daily digest)."""
        feeds: dict[str, list[dict]] = {area: [] for area in areas}
        for entry in iter_partition(self.table, f"ALERTFEED#{day}"):
            for area in entry.get("areas") or ():
                if area in feeds and len(feeds[area]) < limit:
                    feeds[area].append(entry)
        return feeds
