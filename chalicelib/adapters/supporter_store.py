"""People who follow a public report instead of filing it again ("saya juga mengalami ini").

- ``PK=C#<tid> SK=SUP#<contact hash>``  {address, lang, confirmed, created_at}: one per e-mail address
- ``PK=C#<tid> SK=SUPCOUNT``            ``n``: confirmed supporters (raised in the confirming transaction)

Only a confirmed supporter hears about the report; until then the address gets one confirmation request.
"""
from __future__ import annotations

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.complaint_repository import case_pk
from chalicelib.adapters.dynamo import cancellation_reasons, ddb, error_code, from_item, key, put_new, query_partition
from chalicelib.adapters.notification_store import contact_hash


class SupporterStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def add(self, tid: str, address: str, lang: str, at: str) -> dict:
        """The supporter record (created unconfirmed on first use)."""
        item = {"PK": case_pk(tid), "SK": f"SUP#{contact_hash(address)}", "address": address, "lang": lang,
                "confirmed": False, "created_at": at, "contact": contact_hash(address)}
        return item if put_new(self.table, item) else (self.get(tid, contact_hash(address)) or item)

    def get(self, tid: str, contact: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(case_pk(tid), f"SUP#{contact}"), ConsistentRead=True)
        return from_item(res.get("Item"))

    def confirm(self, tid: str, contact: str, at: str = "", agency_id: str | None = None) -> bool:
        """Mark confirmed and count it, once (False when it already was).  ``at`` and the handling agency are
        kept on the record: its stream record is what the statistics count (``stats_rules.supporter_event``)."""
        try:
            ddb().transact_write_items(TransactItems=[
                {"Update": {"TableName": self.table, "Key": key(case_pk(tid), f"SUP#{contact}"),
                            "UpdateExpression": "SET confirmed = :t, confirmed_at = :at, agency_id = :ag",
                            "ConditionExpression": "confirmed = :f",
                            "ExpressionAttributeValues": {":t": {"BOOL": True}, ":f": {"BOOL": False},
                                                          ":at": {"S": at},
                                                          ":ag": {"S": agency_id} if agency_id else {"NULL": True}}}},
                {"Update": {"TableName": self.table, "Key": key(case_pk(tid), "SUPCOUNT"),
                            "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}])
        except ClientError as exc:
            if error_code(exc) == "TransactionCanceledException" and "ConditionalCheckFailed" in cancellation_reasons(exc):
                return False
            raise
        return True

    def confirmed(self, tid: str) -> list[dict]:
        return [s for s in query_partition(self.table, case_pk(tid), "SUP#") if s.get("confirmed")]

    def confirmed_or_named(self, tid: str, message: dict) -> list[dict]:
        """Who an event may reach: the one supporter a confirmation request names, else the confirmed ones."""
        contact = (message.get("data") or {}).get("contact")
        if message.get("type") == "salur.supporter_confirm":
            one = self.get(tid, contact) if isinstance(contact, str) and contact else None
            return [one] if one else []
        return self.confirmed(tid)

    def count(self, tid: str) -> int:
        res = ddb().get_item(TableName=self.table, Key=key(case_pk(tid), "SUPCOUNT"))
        return int((from_item(res.get("Item")) or {}).get("n") or 0)
