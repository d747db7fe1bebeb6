"""Clusters of reports about one problem (complaints table).

- ``PK=CL#<root> SK=M#<tid>``  one per member besides the root (the oldest report, the cluster's id);
  ``linked`` says how: ``auto`` (confident at filing) or ``agency`` (an agency joined it)
- ``PK=CL#<root> SK=COUNT``    ``n``: members besides the root (kept in the same transaction as each change)

A member's case item carries ``cluster_id``; a filing joins in its own create transaction
(``membership_items``), so a 201 means the link is stored too.
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, key, query_partition, to_item

#: members answered or listed per request at most (bounded time)
MAX_MEMBERS = 500


def cluster_pk(root: str) -> str:
    return f"CL#{root}"


class ClusterStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def membership_items(self, root: str, tid: str, linked: str, at: str, delta: int = 1) -> list[dict]:
        """TransactItems that add (``delta`` 1) or remove (-1) one member."""
        count = {"Update": {"TableName": self.table, "Key": key(cluster_pk(root), "COUNT"),
                            "UpdateExpression": "ADD n :d", "ExpressionAttributeValues": {":d": {"N": str(delta)}}}}
        if delta > 0:
            member = {"Put": {"TableName": self.table, "Item": to_item(
                {"PK": cluster_pk(root), "SK": f"M#{tid}", "tracking_id": tid, "linked": linked, "at": at}),
                "ConditionExpression": "attribute_not_exists(PK)"}}
        else:
            member = {"Delete": {"TableName": self.table, "Key": key(cluster_pk(root), f"M#{tid}"),
                                 "ConditionExpression": "attribute_exists(PK)"}}
        return [member, count]

    def size(self, root: str) -> int:
        """Reports in the cluster, root included (1: no cluster)."""
        res = ddb().get_item(TableName=self.table, Key=key(cluster_pk(root), "COUNT"))
        return 1 + int((from_item(res.get("Item")) or {}).get("n") or 0)

    def members(self, root: str) -> list[str]:
        """The root and up to ``MAX_MEMBERS`` - 1 members, in filing order of their ids' links."""
        rows = query_partition(self.table, cluster_pk(root), "M#", Limit=MAX_MEMBERS)
        return [root] + [r["tracking_id"] for r in rows][:MAX_MEMBERS - 1]
