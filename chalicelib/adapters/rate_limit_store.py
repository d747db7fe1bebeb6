"""Rate-limit counters on the complaints table: one item per (limit, subject, fixed window), with a TTL.

    PK=RATE#<limit>#<peppered hash of the subject>   SK=<window start, unix s>   hits, expires_at

A check is one conditional UpdateItem (``ADD hits 1`` if ``hits < count``): atomic across Lambdas, no read
first, no Scan; the item expires (TTL ``expires_at``) a window after it ends.  Subjects (a phone number, an
e-mail address, a client address) are stored only as peppered hashes.
"""
from __future__ import annotations

import hashlib
import hmac
import time

from chalicelib import config
from chalicelib.adapters.dynamo import conditional_write, ddb, key
from chalicelib.domain.rate_policy import Limit


def subject_hash(subject: str) -> str:
    return hmac.new(config.secret_pepper(), b"rate|" + subject.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


class RateLimitStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def _key(self, lim: Limit, subject: str, now: float) -> dict:
        return key(f"RATE#{lim.name}#{subject_hash(subject)}", str(lim.window_start(now)))

    def hit(self, lim: Limit, subject: str, now: float | None = None) -> bool:
        """Count one use of ``subject`` under ``lim``; False (and nothing counted) if the window is full."""
        now = time.time() if now is None else now
        return conditional_write(
            ddb().update_item, TableName=self.table, Key=self._key(lim, subject, now),
            UpdateExpression="ADD hits :one SET expires_at = if_not_exists(expires_at, :exp)",
            ConditionExpression="attribute_not_exists(hits) OR hits < :max",
            ExpressionAttributeValues={":one": {"N": "1"}, ":max": {"N": str(lim.count)},
                                       ":exp": {"N": str(lim.window_start(now) + 2 * lim.window)}})

    def refund(self, lim: Limit, subject: str, now: float | None = None) -> None:
        """Give back one counted use (a message that was not sent after all); never below zero."""
        now = time.time() if now is None else now
        conditional_write(ddb().update_item, TableName=self.table, Key=self._key(lim, subject, now),
                          UpdateExpression="ADD hits :m", ConditionExpression="hits > :zero",
                          ExpressionAttributeValues={":m": {"N": "-1"}, ":zero": {"N": "0"}})

    def full(self, checks: list[tuple[Limit, str]], now: float | None = None) -> Limit | None:
        """The first limit whose window for its subject is already full (nothing counted), else None:
        one BatchGetItem, strongly consistent."""
        now = time.time() if now is None else now
        wanted: dict[tuple[str, str], tuple[Limit, dict]] = {}
        for lim, subject in checks:
            k = self._key(lim, subject, now)
            wanted[(k["PK"]["S"], k["SK"]["S"])] = (lim, k)
        if not wanted:
            return None
        res = ddb().batch_get_item(RequestItems={self.table: {
            "Keys": [k for _, k in wanted.values()], "ConsistentRead": True, "ProjectionExpression": "PK, SK, hits"}})
        for item in res.get("Responses", {}).get(self.table, []):
            lim, _ = wanted[(item["PK"]["S"], item["SK"]["S"])]
            if int(item.get("hits", {}).get("N", "0")) >= lim.count:
                return lim
        return None
