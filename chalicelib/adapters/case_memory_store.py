"""Case memory on the complaints table (``domain/routing/case_memory.py``): where complaints of one matter and
place finally landed.

- PK=MEMORY#<matter id>  SK=<place key>         one item, one number attribute per agency (``n:<agency id>``)
- PK=MEMORY#<matter id>  SK=CASE#<tracking id>  marker: this case has been counted (each case counts once)

Reads are one GetItem per decision; writes are one transaction (marker conditioned on not existing + ADD).
No Scan.  Never fails the caller: a memory that cannot be read or written is simply not used.
"""
from __future__ import annotations

import logging

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, key

log = logging.getLogger("salur.routing")
_PREFIX = "n:"


class CaseMemoryStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def lookup(self, matter_id: str, place_key: str) -> dict | None:
        """{agency_id: count} for the (matter, place), or None."""
        try:
            item = ddb().get_item(TableName=self.table, Key=key(f"MEMORY#{matter_id}", place_key)).get("Item")
        except ClientError as exc:
            log.warning("case memory not read", extra={"error": str(exc)[:300]})
            return None
        data = from_item(item) or {}
        return {k[len(_PREFIX):]: int(v) for k, v in data.items() if k.startswith(_PREFIX)} or None

    def land(self, matter_id: str, place_key: str, agency_id: str, tracking_id: str) -> bool:
        """Count that ``tracking_id`` finally landed at ``agency_id``; False if it was already counted."""
        pk = f"MEMORY#{matter_id}"
        try:
            ddb().transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table, "Item": {**key(pk, f"CASE#{tracking_id}"),
                                                            "agency_id": {"S": agency_id}},
                         "ConditionExpression": "attribute_not_exists(PK)"}},
                {"Update": {"TableName": self.table, "Key": key(pk, place_key), "UpdateExpression": "ADD #a :one",
                            "ExpressionAttributeNames": {"#a": _PREFIX + agency_id},
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}}])
            return True
        except ClientError as exc:
            log.info("case memory not counted", extra={"tracking_id": tracking_id, "error": str(exc)[:200]})
            return False
