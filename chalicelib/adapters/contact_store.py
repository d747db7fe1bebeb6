"""Reporter contacts confirmed by their holder, beside the case (the door-proved ones are on the case itself):

    PK=C#<tid>   SK=CONTACT#<channel>   at

One small item per confirmed channel, written by ``contact_confirmation`` and read by the notification
consumer; kept apart from the case item so a confirmation never races a state change of the case.
"""
from __future__ import annotations

import time

from chalicelib import config
from chalicelib.adapters.complaint_repository import case_pk, merge_case
from chalicelib.adapters.dynamo import ddb, from_item, key


class ContactStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def confirm(self, tracking_id: str, channel: str) -> None:
        ddb().put_item(TableName=self.table, Item={**key(case_pk(tracking_id), f"CONTACT#{channel}"),
                                                   "at": {"N": str(int(time.time()))}})

    def confirmed(self, tracking_id: str) -> set[str]:
        res = ddb().query(TableName=self.table, KeyConditionExpression="PK = :pk AND begins_with(SK, :sk)",
                          ExpressionAttributeValues={":pk": {"S": case_pk(tracking_id)}, ":sk": {"S": "CONTACT#"}},
                          ProjectionExpression="SK", ConsistentRead=True)
        return {i["SK"]["S"].split("#", 1)[1] for i in res.get("Items", [])}

    def case_and_confirmed(self, tracking_id: str) -> tuple[dict | None, set[str]]:
        """The case (head + content) and its confirmed channels in one Query: ``CONTACT#`` sorts right after
        ``CASE`` and ``CASE#CONTENT`` (nothing else of the case's partition lies between: its timeline is
        ``EV#``).  Consistent, as ``confirmed`` is: a confirmation just made is seen."""
        res = ddb().query(TableName=self.table, KeyConditionExpression="PK = :pk AND SK BETWEEN :lo AND :hi",
                          ExpressionAttributeValues={":pk": {"S": case_pk(tracking_id)}, ":lo": {"S": "CASE"},
                                                     ":hi": {"S": "CONTACT#\uffff"}}, ConsistentRead=True)
        items = [from_item(i) for i in res.get("Items", [])]
        case = merge_case([i for i in items if str(i.get("SK", "")).startswith("CASE")])
        return case, {str(i["SK"]).split("#", 1)[1] for i in items if str(i.get("SK", "")).startswith("CONTACT#")}
