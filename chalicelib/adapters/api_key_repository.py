"""API keys for agency staff and systems (adapter over the agencies table).

Format ``slr_<key_id>_<secret>``: the key id (16 hex) is the lookup key, the secret is
compared in constant time against a peppered, salted hash (``ids.hash_secret``); the
plaintext is shown once, at issue or rotation, and never stored.
- lookup  PK=APIKEY#<key_id>  SK=KEY            agency, role, scope, salt, hash (deleted on revoke)
- listing PK=AGENCY#<agency>  SK=KEY#<key_id>   agency, role, prefix, status (kept, marked revoked)
Both are written in one transaction.  Revoking deletes the lookup item, so the very next
request with that key fails (lookups are strongly consistent and never cached).
"""
from __future__ import annotations

import re
import secrets

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, error_code, from_item, key, query_partition, to_item
from chalicelib.domain.access_policy import role_allowed, scope_of
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.identifiers import hash_secret
from chalicelib.domain.refusals import Invalid, NotFound

KEY_RE = re.compile(r"^slr_([0-9a-f]{16})_([A-Za-z0-9_-]{32,128})$")


class RoleNotAllowed(Invalid):
    """The role cannot be given to that agency (e.g. admin outside kemenpanrb)."""

    def __init__(self, what: str = "") -> None:
        super().__init__("role_not_allowed", fields={"role": "role_not_allowed"})
        self.what = what


class KeyNotFound(NotFound):
    def __init__(self, key_id: str = "") -> None:
        super().__init__()
        self.key_id = key_id


def parse_key(raw: str | None) -> tuple[str, str] | None:
    m = KEY_RE.match((raw or "").strip())
    return (m.group(1), m.group(2)) if m else None


def public_key(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in ("PK", "SK", "salt", "hash")}


class KeyRepository:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.agencies_table()

    def issue(self, agency_id: str, role: str, label: str | None = None, rotated_from: str | None = None,
              ) -> tuple[dict, str]:
        """Create a key; returns (listing record, plaintext key shown once)."""
        if not role_allowed(agency_id, role):
            raise RoleNotAllowed(f"{role}@{agency_id}")
        key_id, secret, salt = secrets.token_hex(8), secrets.token_urlsafe(32), secrets.token_hex(8)
        record = {"key_id": key_id, "agency_id": agency_id, "role": role, "scope": scope_of(agency_id, role),
                  "prefix": f"slr_{key_id}_{secret[:4]}", "status": "active", "label": label,
                  "created_at": iso(utcnow()), "rotated_from": rotated_from}
        lookup = {**record, "PK": f"APIKEY#{key_id}", "SK": "KEY", "salt": salt, "hash": hash_secret(secret, salt)}
        listing = {**record, "PK": f"AGENCY#{agency_id}", "SK": f"KEY#{key_id}"}
        ddb().transact_write_items(TransactItems=[
            {"Put": {"TableName": self.table, "Item": to_item(lookup), "ConditionExpression": "attribute_not_exists(PK)"}},
            {"Put": {"TableName": self.table, "Item": to_item(listing)}}])
        return public_key(record), f"slr_{key_id}_{secret}"

    def lookup(self, key_id: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"APIKEY#{key_id}", "KEY"), ConsistentRead=True)
        return from_item(res.get("Item"))

    def list(self, agency_id: str) -> list[dict]:
        return [public_key(i) for i in query_partition(self.table, f"AGENCY#{agency_id}", "KEY#")]

    def revoke(self, key_id: str) -> dict:

        item = self.lookup(key_id) if re.fullmatch(r"[0-9a-f]{16}", key_id or "") else None
        if item is None:
            raise KeyNotFound(key_id)
        now = iso(utcnow())
        try:
            ddb().transact_write_items(TransactItems=[
                {"Delete": {"TableName": self.table, "Key": key(f"APIKEY#{key_id}", "KEY"),
                            "ConditionExpression": "attribute_exists(PK)"}},
                {"Update": {"TableName": self.table, "Key": key(f"AGENCY#{item['agency_id']}", f"KEY#{key_id}"),
                            "UpdateExpression": "SET #s = :r, revoked_at = :t",
                            "ExpressionAttributeNames": {"#s": "status"},
                            "ExpressionAttributeValues": {":r": {"S": "revoked"}, ":t": {"S": now}}}}])
        except ClientError as exc:
            if error_code(exc) == "TransactionCanceledException":
                raise KeyNotFound(key_id) from exc
            raise
        return {**public_key(item), "status": "revoked", "revoked_at": now}

    def rotate(self, key_id: str) -> tuple[dict, str]:
        """A new key with the same agency and role; the old one stops working at once."""
        item = self.lookup(key_id) if re.fullmatch(r"[0-9a-f]{16}", key_id or "") else None
        if item is None:
            raise KeyNotFound(key_id)
        record, plaintext = self.issue(item["agency_id"], item["role"], item.get("label"), rotated_from=key_id)
        self.revoke(key_id)
        return record, plaintext
