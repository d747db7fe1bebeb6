"""Is Salur's storage answering?  One DescribeTable per table."""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.aws_clients import client


def table_checks() -> tuple[bool, dict[str, str]]:
    checks: dict[str, str] = {}
    ok = True
    for name, table in (("complaints", config.complaints_table()), ("agencies", config.agencies_table())):
        try:
            status = client("dynamodb").describe_table(TableName=table)["Table"]["TableStatus"]
            checks[name] = status.lower()
            ok = ok and status == "ACTIVE"
        except Exception:  # noqa: BLE001 - health reports, never raises
            checks[name] = "unreachable"
            ok = False
    return ok, checks
