"""Clusters of reports about one problem (complaints table).

A member's case head carries ``cluster_id`` (the root: the oldest report, the cluster's id): that is the
membership, written in the filing's own create transaction or an agency's version-conditioned join/split, so a
201 means the link is stored too.  The members and their count are the ClusterMembers index of the heads
(``cluster_id``, ``tracking_id``; KEYS_ONLY): no member or counter item of their own, written twice in a
transaction.  A count reads ~60 B a member (one read unit up to ~60 members, what the counter's GetItem cost).
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.dynamo import ddb

#: members answered or listed per request at most (bounded time)
MAX_MEMBERS = 500
#: pages a count reads at most
COUNT_PAGES = 10


class ClusterStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def size(self, root: str) -> int:
        """Reports in the cluster, root included (1: no cluster): a COUNT Query of ClusterMembers, at most
        ``COUNT_PAGES`` pages of 1 MB (~15,000 members each: bounded time)."""
        kwargs = {"TableName": self.table, "IndexName": "ClusterMembers", "Select": "COUNT",
                  "KeyConditionExpression": "cluster_id = :r", "ExpressionAttributeValues": {":r": {"S": root}}}
        n = 0
        for _page in range(COUNT_PAGES):
            res = ddb().query(**kwargs)
            n += int(res.get("Count", 0))
            if "LastEvaluatedKey" not in res:
                break
            kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]
        return 1 + n

    def members(self, root: str) -> list[str]:
        """The root and up to ``MAX_MEMBERS`` - 1 members, in the order of their tracking ids (one Query)."""
        res = ddb().query(TableName=self.table, IndexName="ClusterMembers", KeyConditionExpression="cluster_id = :r",
                          ExpressionAttributeValues={":r": {"S": root}}, Limit=MAX_MEMBERS - 1)
        return [root] + [i["tracking_id"]["S"] for i in res.get("Items", [])]
