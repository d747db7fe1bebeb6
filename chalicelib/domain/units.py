"""Units inside an agency (LAPOR's unit kerja): the standard set every government has, by stable id.

A unit id is ``<agency_id>/<key>`` (e.g. ``pemkot-51.71/pupr``).  The catalogue is data
(``chalicelib/data/units.csv``, sources in SOURCE.md); agency admins edit their own units on top of it
(add, rename, retire), stored by the desk.  Pure: no I/O beyond reading the bundled CSV once.
"""
from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass

from chalicelib.domain.directory import DATA_DIR, get_directory


@dataclass(frozen=True)
class Unit:
    id: str
    agency_id: str
    key: str
    name: str
    scope_note: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "agency_id": self.agency_id, "key": self.key, "name": self.name,
                "scope_note": self.scope_note}


@functools.lru_cache(maxsize=1)
def _catalogue() -> tuple[dict, ...]:
    with open(os.path.join(DATA_DIR, "units.csv"), newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def unit_id(agency_id: str, key: str) -> str:
    return f"{agency_id}/{key}"


def split_unit_id(value: str) -> tuple[str, str] | None:
    agency_id, sep, key = (value or "").partition("/")
    return (agency_id, key) if sep and agency_id and key else None


@functools.lru_cache(maxsize=1024)
def standard_units(agency_id: str) -> tuple[Unit, ...]:
    """The units Salur seeds for ``agency_id`` (empty for an unknown agency or one without units)."""
    agency = get_directory().agency(agency_id)
    if agency is None:
        return ()
    out = []
    for row in _catalogue():
        applies = row["applies_to"]
        regional = applies == "regional" and agency.level != "national"
        if regional or (applies == "province" and agency.level == "province") or applies == agency_id:
            out.append(Unit(unit_id(agency_id, row["key"]), agency_id, row["key"], row["name"], row["scope_note"]))
    return tuple(out)


def standard_unit(unit_id_: str) -> Unit | None:
    parts = split_unit_id(unit_id_)
    if parts is None:
        return None
    return next((u for u in standard_units(parts[0]) if u.key == parts[1]), None)


#: matter (``routing.taxonomy``) → the standard unit key that handles it in a regional government (UU 23/2014
#: division of affairs, as in units.csv's scope notes); national bodies' units are chosen by their own staff
MATTER_UNITS: dict[str, str] = {
    "road_local": "pupr", "road_provincial": "pupr", "drainage": "pupr", "water_resources": "pupr",
    "building_permit": "dpmptsp", "street_lights": "perkim", "housing": "perkim", "public_facilities": "perkim",
    "puskesmas": "dinkes", "free_health_check": "dinkes", "hospital_regional": "rsud",
    "hospital_provincial": "rsud", "school_basic": "disdik", "school_secondary": "disdik",
    "civil_registration": "disdukcapil", "waste": "dlh", "pollution": "dlh", "local_transport": "dishub",
    "transport_provincial": "dishub", "social_welfare_local": "dinsos", "public_order": "satpolpp",
    "business_licensing": "dpmptsp", "local_tax": "bapenda", "vehicle_tax": "samsat", "online_content": "diskominfo",
    "local_civil_servants": "inspektorat", "village_governance": "inspektorat", "water_pdam": "pdam",
    "labour": "disnaker", "disaster": "bpbd", "markets": "disperindag", "fuel_lpg": "disperindag",
}


def suggest_unit(agency_id: str | None, matter_id: str | None, current: str | None = None) -> str | None:
    """The unit a case of ``matter_id`` at ``agency_id`` most likely belongs to: ``current`` if the routing
    decision already named one, else the standard unit for the matter if that agency has it."""
    if current:
        return current
    key = MATTER_UNITS.get(matter_id or "")
    if not agency_id or not key:
        return None
    return unit_id(agency_id, key) if any(u.key == key for u in standard_units(agency_id)) else None
