"""Clusters of reports about one problem (complaints table).

- ``PK=CL#<root> SK=COUNT``    ``n``: members besides the root (kept in the same transaction as each change)
- the members: the ClusterMembers index (``cluster_id``, ``tracking_id``; KEYS_ONLY) of the members' case heads,
  which carry ``cluster_id`` (the root: the oldest report, the cluster's id) — no member item of their own

A filing joins in its own create transaction (its head's ``cluster_id``, ``membership_items``), an agency's join
or split in the case's version-conditioned save, so a 201 means the link is stored too.
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, key

#: members answered or listed per request at most (bounded time)
MAX_MEMBERS = 500


def cluster_pk(root: str) -> str:
    return f"CL#{root}"


class ClusterStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def membership_items(self, root: str, delta: int = 1) -> list[dict]:
        """TransactItems that count one member in (``delta`` 1) or out (-1), written with the member's head (whose
        ``cluster_id`` is the membership)."""
        return [{"Update": {"TableName": self.table, "Key": key(cluster_pk(root), "COUNT"),
                            "UpdateExpression": "ADD n :d", "ExpressionAttributeValues": {":d": {"N": str(delta)}}}}]

    def size(self, root: str) -> int:
        """Reports in the cluster, root included (1: no cluster)."""
        res = ddb().get_item(TableName=self.table, Key=key(cluster_pk(root), "COUNT"))
        return 1 + int((from_item(res.get("Item")) or {}).get("n") or 0)

    def members(self, root: str) -> list[str]:
        """The root and up to ``MAX_MEMBERS`` - 1 members, in the order of their tracking ids (one Query)."""
        res = ddb().query(TableName=self.table, IndexName="ClusterMembers", KeyConditionExpression="cluster_id = :r",
                          ExpressionAttributeValues={":r": {"S": root}}, Limit=MAX_MEMBERS - 1)
        return [root] + [i["tracking_id"]["S"] for i in res.get("Items", [])]
