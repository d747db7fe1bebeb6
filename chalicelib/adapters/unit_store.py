"""An agency's own edits to its units (agencies table): ``PK=AGENCY#<agency>  SK=UNIT#<key>``.

The standard set (``domain.units``, from units.csv) needs no item: an agency's units are the standard set
overlaid with these edits — a rename or retirement of a standard unit, or a unit the agency added.  Ids never
change (``<agency>/<key>``), so cases and accounts keep pointing at the same unit through a rename.
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.dynamo import ddb, from_item, key, query_partition, to_item
from chalicelib.domain.clock import iso, utcnow


class UnitStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.agencies_table()

    def edits(self, agency_id: str) -> list[dict]:
        return [{k: v for k, v in i.items() if k not in ("PK", "SK")}
                for i in query_partition(self.table, f"AGENCY#{agency_id}", "UNIT#")]

    def get(self, agency_id: str, unit_key: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"AGENCY#{agency_id}", f"UNIT#{unit_key}"),
                             ConsistentRead=True)
        item = from_item(res.get("Item"))
        return {k: v for k, v in item.items() if k not in ("PK", "SK")} if item else None

    def put(self, record: dict) -> dict:
        rec = {**record, "updated_at": iso(utcnow())}
        ddb().put_item(TableName=self.table, Item=to_item(
            {**rec, "PK": f"AGENCY#{rec['agency_id']}", "SK": f"UNIT#{rec['key']}"}))
        return rec
