"""The agency directory: who exists, where, and who sits above whom.

Built from the bundled Kemendagri region list and the national agency list in
``chalicelib/data`` (see SOURCE.md there).  Pure domain: no boto3.  The agencies
table is seeded from this catalog; routing and escalation read it in memory
because it is small (~675 agencies) and changes only with a deploy.
"""
from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass, field
from typing import Iterator

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")  # chalicelib/data

NATIONAL_ADMIN = "kemenpanrb"
OMBUDSMAN = "ombudsman"

# Time zone by province code (Perpres 41/1987): WIB UTC+7, WITA UTC+8, WIT UTC+9.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
TZ_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def timezone_label(province_code: str | None) -> str:
    if province_code in _WIT:
        return "WIT"
    if province_code in _WITA:
        return "WITA"
    return "WIB"


@dataclass(frozen=True)
class Region:
    code: str
    level: str  # province | regency | city
    name: str
    province_code: str


@dataclass(frozen=True)
class District:
    code: str
    name: str
    parent_code: str  # regency/city code


@dataclass(frozen=True)
class Place:
    """Any named place the directory knows, for search and suggestions."""
    code: str
    name: str
    level: str  # province | regency | city | district (| village, once the directory holds them)
    parent_code: str | None


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    short_name: str
    level: str  # national | province | regency | city
    kind: str  # ministry | agency | institution | soe | local_government
    region_code: str | None = None
    province_code: str | None = None
    remit: str = ""
    parent_id: str | None = None  # coordinator one step up the ladder
    timezone: str = "WIB"
    contact_emails: tuple[str, ...] = field(default_factory=tuple)

    @property
    def tz_name(self) -> str:
        return TZ_NAMES[self.timezone]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "kind": self.kind,
            "region_code": self.region_code,
            "province_code": self.province_code,
            "remit": self.remit,
            "parent_id": self.parent_id,
            "escalation_chain": list(escalation_chain(self.id)),
            "timezone": self.timezone,
            "contact_emails": list(self.contact_emails),
        }


def _read_csv(name: str) -> list[dict]:
    with open(os.path.join(DATA_DIR, name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def regional_agency_id(region: Region) -> str:
    prefix = {"province": "pemprov", "regency": "pemkab", "city": "pemkot"}[region.level]
    return f"{prefix}-{region.code}"


def _slug_email(agency_id: str) -> tuple[str, ...]:
    return (f"pengaduan@{agency_id}.salur.go.id",)


class Directory:
    """In-memory catalog; build once per process with ``get_directory()``."""

    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.districts: dict[str, District] = {}
        self.agencies: dict[str, Agency] = {}
        for row in _read_csv("regions.csv"):
            r = Region(row["code"], row["level"], row["name"], row["province_code"])
            self.regions[r.code] = r
        for row in _read_csv("districts.csv"):
            d = District(row["code"], row["name"], row["parent_code"])
            self.districts[d.code] = d
        for row in _read_csv("national_agencies.csv"):
            aid = row["id"]
            parent = None if aid == OMBUDSMAN else (OMBUDSMAN if aid == NATIONAL_ADMIN else NATIONAL_ADMIN)
            self.agencies[aid] = Agency(
                id=aid,
                name=row["name"],
                short_name=row["short_name"],
                level="national",
                kind=row["kind"],
                remit=row["remit"],
                parent_id=parent,
                timezone="WIB",
                contact_emails=_slug_email(aid),
            )
        for r in self.regions.values():
            aid = regional_agency_id(r)
            if r.level == "province":
                name, short, parent = f"Pemerintah Provinsi {r.name}", f"Pemprov {r.name}", NATIONAL_ADMIN
            else:
                name = f"Pemerintah {r.name}"
                short = ("Pemkot " if r.level == "city" else "Pemkab ") + r.name.split(" ", 1)[1]
                parent = f"pemprov-{r.province_code}"
            self.agencies[aid] = Agency(
                id=aid,
                name=name,
                short_name=short,
                level=r.level,
                kind="local_government",
                region_code=r.code,
                province_code=r.province_code,
                remit=_regional_remit(r),
                parent_id=parent,
                timezone=timezone_label(r.province_code),
                contact_emails=_slug_email(aid),
            )

    def agency(self, agency_id: str) -> Agency | None:
        return self.agencies.get(agency_id)

    def region(self, code: str) -> Region | None:
        return self.regions.get(code)

    def district(self, code: str) -> District | None:
        return self.districts.get(code)

    def places(self) -> Iterator[Place]:
        """Every place the directory knows, each with its parent (villages join here when the directory has them)."""
        for r in self.regions.values():
            yield Place(r.code, r.name, r.level, None if r.level == "province" else r.province_code)
        for d in self.districts.values():
            yield Place(d.code, d.name, "district", d.parent_code)

    def province_of(self, code: str | None) -> str | None:
        """Province code for any region/district code, or None."""
        if not code:
            return None
        head = code.split(".", 1)[0]
        return head if head in self.regions else None

    def local_government_for(self, region_code: str) -> str | None:
        """The government with authority over a regency/city/province code.

        DKI Jakarta's five cities and one regency are administrative, not autonomous:
        the province holds their authority.
        """
        region = self.regions.get(region_code)
        if region is None:
            return None
        if region.province_code == "31":
            return "pemprov-31"
        return regional_agency_id(region)


def _regional_remit(r: Region) -> str:
    if r.level == "province":
        return (f"Provincial government of {r.name}: SMA/SMK/SLB schools, provincial roads, provincial hospitals, "
                "motor vehicle tax (PKB), provincial transport and cross-regency matters; coordinates its "
                "regencies and cities.")
    return (f"Local government of {r.name}: SD/SMP schools, puskesmas and RSUD, civil registration (KTP-el, KK, "
            "akta), local roads, drinking water (PDAM), waste, street lights, markets, PBB-P2 and local permits.")


@functools.lru_cache(maxsize=1)
def get_directory() -> Directory:
    return Directory()


def escalation_chain(agency_id: str) -> tuple[str, ...]:
    """Agencies above ``agency_id``, nearest first (coordinator, national admin, Ombudsman)."""
    d = get_directory()
    chain: list[str] = []
    current = d.agency(agency_id)
    while current is not None and current.parent_id and current.parent_id not in chain:
        chain.append(current.parent_id)
        current = d.agency(current.parent_id)
    return tuple(chain)
