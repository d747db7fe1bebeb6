"""Units inside an agency: the standard set of ``domain.units`` as data the agency's admin edits (add, rename,
retire; ids stay), and whether a unit may be given cases or accounts."""
from __future__ import annotations

import re

from chalicelib.adapters.unit_store import UnitStore
from chalicelib.domain import units
from chalicelib.domain.refusals import Conflict, Invalid, NotFound

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


def listing(agency_id: str, store: UnitStore | None = None, include_retired: bool = True) -> list[dict]:
    """The agency's units: standard ones (as edited) then its own, by name."""
    edits = {e["key"]: e for e in (store or UnitStore()).edits(agency_id)}
    out = []
    for u in units.standard_units(agency_id):
        rec = {**u.to_dict(), "standard": True, "status": "active", **edits.pop(u.key, {})}
        out.append(rec)
    out += [{**e, "standard": False} for e in edits.values()]
    out = [{k: v for k, v in r.items() if k != "updated_at"} for r in out]
    return sorted((r for r in out if include_retired or r["status"] == "active"), key=lambda r: r["name"])


def find(unit_id: str, store: UnitStore | None = None) -> dict | None:
    parts = units.split_unit_id(unit_id)
    if parts is None:
        return None
    agency_id, key = parts
    edit = (store or UnitStore()).get(agency_id, key)
    standard = units.standard_unit(unit_id)
    if standard is None and edit is None:
        return None
    base = {**standard.to_dict(), "standard": True, "status": "active"} if standard else {"standard": False}
    return {**base, **(edit or {})}


def is_active(unit_id: str, store: UnitStore | None = None) -> bool:
    found = find(unit_id, store)
    return found is not None and found.get("status") == "active"


def add(agency_id: str, key: str, name: str, store: UnitStore | None = None) -> dict:
    store = store or UnitStore()
    if not _KEY.match(key or ""):
        raise Invalid(fields={"key": "unit_key_format"})
    uid = units.unit_id(agency_id, key)
    if find(uid, store) is not None:
        raise Conflict("unit_exists", fields={"key": "unit_exists"})
    return store.put({"id": uid, "agency_id": agency_id, "key": key, "name": name, "status": "active"})


def change(unit_id: str, *, name: str | None = None, status: str | None = None,
           store: UnitStore | None = None) -> dict:
    """Rename and/or retire (or bring back) a unit; its id stays."""
    store = store or UnitStore()
    found = find(unit_id, store)
    if found is None:
        raise NotFound()
    if status is not None and status not in ("active", "retired"):
        raise Invalid(fields={"status": "active, retired"})
    rec = {k: found.get(k) for k in ("id", "agency_id", "key", "name", "status")}
    rec.update({k: v for k, v in (("name", name), ("status", status)) if v is not None})
    return {**store.put(rec), "standard": found.get("standard", False)}
