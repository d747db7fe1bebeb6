"""Staff accounts: the person behind a Cognito identity, their agency, unit, role and status (agencies table).

- lookup  PK=ACCOUNT#<account_id>  SK=ACCOUNT             read on every desk call (strongly consistent)
- listing PK=AGENCY#<agency>       SK=ACCOUNT#<account_id> the agency's accounts (settings page)
Both are written in one transaction.  ``account_id`` is the person's Cognito ``sub`` (stable for life);
disabling marks both items and disables the Cognito user, so the very next desk call fails.
"""
from __future__ import annotations

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, error_code, from_item, key, query_partition, to_item
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.refusals import Conflict, NotFound

FIELDS = ("account_id", "email", "display_name", "agency_id", "unit_id", "role", "scope", "status", "mfa",
          "created_at", "created_by", "updated_at")


def public_account(item: dict) -> dict:
    return {k: item.get(k) for k in FIELDS if k in item}


class AccountRepository:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.agencies_table()

    def create(self, record: dict) -> dict:
        rec = {**public_account(record), "created_at": iso(utcnow())}
        rec = {k: v for k, v in rec.items() if v is not None}
        try:
            ddb().transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table, "ConditionExpression": "attribute_not_exists(PK)",
                         "Item": to_item({**rec, "PK": f"ACCOUNT#{rec['account_id']}", "SK": "ACCOUNT"})}},
                {"Put": {"TableName": self.table,
                         "Item": to_item({**rec, "PK": f"AGENCY#{rec['agency_id']}", "SK": f"ACCOUNT#{rec['account_id']}"})}}])
        except ClientError as exc:
            if error_code(exc) == "TransactionCanceledException":
                raise Conflict("account_exists") from exc
            raise
        return rec

    def get(self, account_id: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"ACCOUNT#{account_id}", "ACCOUNT"), ConsistentRead=True)
        return from_item(res.get("Item"))

    def list(self, agency_id: str) -> list[dict]:
        return [public_account(i) for i in query_partition(self.table, f"AGENCY#{agency_id}", "ACCOUNT#")]

    def update(self, account: dict, changes: dict) -> dict:
        """Set ``changes`` on both items of ``account`` (status, mfa, unit)."""
        now = iso(utcnow())
        changes = {**changes, "updated_at": now}
        names = {f"#f{i}": k for i, k in enumerate(changes)}
        typed = to_item({f":v{i}": v for i, v in enumerate(changes.values()) if v is not None})
        expr = "SET " + ", ".join(f"#f{i} = :v{i}" for i, v in enumerate(changes.values()) if v is not None)
        removed = [f"#f{i}" for i, v in enumerate(changes.values()) if v is None]
        if removed:
            expr += " REMOVE " + ", ".join(removed)
        aid = account["account_id"]
        try:
            ddb().transact_write_items(TransactItems=[
                {"Update": {"TableName": self.table, "Key": k, "UpdateExpression": expr,
                            "ConditionExpression": "attribute_exists(PK)", "ExpressionAttributeNames": names,
                            "ExpressionAttributeValues": typed}}
                for k in (key(f"ACCOUNT#{aid}", "ACCOUNT"), key(f"AGENCY#{account['agency_id']}", f"ACCOUNT#{aid}"))])
        except ClientError as exc:
            if error_code(exc) == "TransactionCanceledException":
                raise NotFound() from exc
            raise
        return {**public_account(account), **changes}
