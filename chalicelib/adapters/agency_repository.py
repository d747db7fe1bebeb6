"""Agencies table adapter: profiles seeded from the directory, listed through indexes.

Items: PK=AGENCY#<id>, SK=PROFILE; index ByLevel (GSI1PK=AGENCIES, GSI1SK=<rank>#<level>#<name>#<id>) lists
everything in a stable order or one level by prefix; ByProvince (GSI2PK=PROV#<code>) lists a province's
governments.  The table also holds per-agency settings written by later features (keys, webhooks).
"""
from __future__ import annotations

from typing import Any

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, decode_cursor, fill_page, from_item, key, put_all, to_item
from chalicelib.domain.directory import Agency, Directory, get_directory

LEVEL_RANK = {"national": "1", "province": "2", "regency": "3", "city": "4"}


def profile_item(agency: Agency, directory: Directory) -> dict:
    data = agency.to_dict()
    region_name = ""
    if agency.region_code:
        region = directory.region(agency.region_code)
        region_name = region.name if region else ""
    data.update(
        PK=f"AGENCY#{agency.id}", SK="PROFILE", active=True,
        webhooks_enabled=False,
        search=" ".join([agency.id, agency.name, agency.short_name, region_name]).lower(),
        GSI1PK="AGENCIES", GSI1SK=f"{LEVEL_RANK[agency.level]}#{agency.level}#{agency.name.lower()}#{agency.id}",
    )
    if agency.province_code:
        data.update(GSI2PK=f"PROV#{agency.province_code}",
                    GSI2SK=f"{LEVEL_RANK[agency.level]}#{agency.name.lower()}#{agency.id}")
    return to_item(data)


def public_profile(item: dict) -> dict:
    return {k: v for k, v in item.items() if not (k.startswith("GSI") or k in ("PK", "SK", "search"))}


class AgencyRepository:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.agencies_table()

    def seed(self, directory: Directory | None = None) -> int:
        """Write every agency profile (idempotent: a re-seed overwrites profiles, never settings)."""
        directory = directory or get_directory()
        items = [profile_item(a, directory) for a in directory.agencies.values()]
        put_all(self.table, items)
        return len(items)

    def get(self, agency_id: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"AGENCY#{agency_id}", "PROFILE"))
        item = from_item(res.get("Item"))
        return public_profile(item) if item else None

    def list(self, level: str | None = None, province: str | None = None, q: str | None = None,
             limit: int = 50, cursor: str | None = None) -> tuple[list[dict], str | None]:
        """One page of agencies by index Query (the directory is bounded, ~700 rows)."""
        values: dict[str, Any] = {}
        if province:
            index, cond = "ByProvince", "GSI2PK = :pk"
            values[":pk"] = {"S": f"PROV#{province}"}
            if level:
                cond += " AND begins_with(GSI2SK, :sk)"
                values[":sk"] = {"S": f"{LEVEL_RANK[level]}#"}
            keys = {"PK", "SK", "GSI2PK", "GSI2SK"}
        else:
            index, cond = "ByLevel", "GSI1PK = :pk"
            values[":pk"] = {"S": "AGENCIES"}
            if level:
                cond += " AND begins_with(GSI1SK, :sk)"
                values[":sk"] = {"S": f"{LEVEL_RANK[level]}#{level}#"}
            keys = {"PK", "SK", "GSI1PK", "GSI1SK"}
        kwargs: dict[str, Any] = {"TableName": self.table, "IndexName": index, "KeyConditionExpression": cond,
                                  "ExpressionAttributeValues": values}
        if q:
            kwargs["FilterExpression"] = "contains(#s, :q)"
            kwargs["ExpressionAttributeNames"] = {"#s": "search"}
            values[":q"] = {"S": q.lower()}
        pk_name = "GSI2PK" if province else "GSI1PK"
        sk_prefix = values.get(":sk", {}).get("S")
        start = decode_cursor(cursor, keys, equals={pk_name: values[":pk"]["S"]},
                              prefixes={pk_name.replace("PK", "SK"): sk_prefix})
        if start:
            kwargs["ExclusiveStartKey"] = start
        # with a text filter a page may come back short: read on until it is full
        return fill_page(kwargs, keys, limit, public_profile, read_size=200 if q else None)
