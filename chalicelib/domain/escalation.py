"""The escalation ladder (pure rule): who owns a late case at each level, read from
``chalicelib/data/escalation_ladder.json`` (each level with its legal source).

=====  ===============================================  =====================  ===========
level  owner of the late case                           owner agency           owner role
=====  ===============================================  =====================  ===========
0      (nobody – the assigned agency itself)             —                      —
1      the agency's supervisor / Inspektorat             same agency            supervisor
2      the province's Biro Organisasi (SP4N coordinator) pemprov-<province>     coordinator
       — only for regency and city agencies
3      KemenPANRB, national SP4N-LAPOR! manager          kemenpanrb             admin
4      referral to Ombudsman RI                          ombudsman              ombudsman
=====  ===============================================  =====================  ===========

Escalation is a handover of *oversight*: the case appears in the owner's inbox with the owner's
actions (instruct the agency with a new deadline, take over, transfer, close with a reason, refer to
the Ombudsman), while the late agency keeps working it and seeing it.  A level that does not apply
(a province or national body has no provincial coordinator) is skipped, so levels keep one meaning
in the figures.  Past level 3 comes the referral (level 4): the case is the Ombudsman's, with its own
deadline.  Every escalation is an SLA breach of the assigned (late) agency – see :func:`breach_data`.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from string import Template

from chalicelib.domain.directory import DATA_DIR, NATIONAL_ADMIN, OMBUDSMAN, get_directory

__all__ = ["MAX_LEVEL", "REFERRAL_LEVEL", "LADDER", "DEADLINES", "EscalationStep", "coordinator_for", "step_for",
           "next_step", "referral_step", "breach_data", "applies"]

with open(os.path.join(DATA_DIR, "escalation_ladder.json"), encoding="utf-8") as _fh:
    _DATA = json.load(_fh)

#: level → its row of the data file (owner, role, labels, sources)
LADDER: dict[int, dict] = {int(k): v for k, v in _DATA["levels"].items()}
MAX_LEVEL = max(LADDER)
REFERRAL_LEVEL = next(level for level, row in LADDER.items() if row.get("referral"))
#: name → (amount, unit) for the deadlines the ladder gives (lifecycle.POLICY reads them)
DEADLINES: dict[str, tuple[int, str]] = {k: (int(v["amount"]), v["unit"]) for k, v in _DATA["deadlines"].items()}
SOURCES: dict[str, str] = dict(_DATA["sources"])


@dataclass(frozen=True)
class EscalationStep:
    level: int
    handler_agency_id: str
    handler_role: str
    label_id: str
    label_en: str
    referral: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def _level_of(agency_id: str | None) -> str | None:
    agency = get_directory().agency(agency_id or "")
    return agency.level if agency else None


def coordinator_for(agency_id: str | None) -> str:
    """The province for regency/city agencies; KemenPANRB otherwise (also for unknown ids)."""
    agency = get_directory().agency(agency_id or "")
    if agency is not None and agency.level in ("regency", "city") and agency.province_code:
        return f"pemprov-{agency.province_code}"
    return NATIONAL_ADMIN


def applies(agency_id: str | None, level: int) -> bool:
    """Does ``level`` of the ladder exist for a case held by ``agency_id``?"""
    only = LADDER[level].get("applies_to")
    return not only or _level_of(agency_id) in only


def _owner(agency_id: str | None, owner: str) -> str:
    if owner == "self":
        return agency_id if get_directory().agency(agency_id or "") else NATIONAL_ADMIN
    if owner == "province":
        return coordinator_for(agency_id)
    return {"kemenpanrb": NATIONAL_ADMIN, "ombudsman": OMBUDSMAN}[owner]


def _name(agency_id: str | None) -> str:
    agency = get_directory().agency(agency_id or "")
    return agency.name if agency else (agency_id or "-")


def step_for(agency_id: str | None, level: int) -> EscalationStep:
    """The owner at ``level`` (1..MAX_LEVEL) of a case assigned to ``agency_id`` (None: the verification desk,
    treated as the national desk)."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in LADDER:
        raise ValueError(f"escalation level must be 1..{MAX_LEVEL}, got {level!r}")
    row = LADDER[level]
    owner = _owner(agency_id, row["owner"])
    names = {"agency": _name(agency_id or NATIONAL_ADMIN), "owner": _name(owner)}
    return EscalationStep(level, owner, row["role"], Template(row["label_id"]).safe_substitute(names),
                          Template(row["label_en"]).safe_substitute(names), bool(row.get("referral")))


def next_step(agency_id: str | None, current_level: int) -> EscalationStep | None:
    """The nearest level above ``current_level`` (0..MAX_LEVEL) that applies; None at the top."""
    if isinstance(current_level, bool) or not isinstance(current_level, int) \
            or not 0 <= current_level <= MAX_LEVEL:
        raise ValueError(f"escalation level must be 0..{MAX_LEVEL}, got {current_level!r}")
    for level in range(current_level + 1, MAX_LEVEL + 1):
        if applies(agency_id, level):
            return step_for(agency_id, level)
    return None


def referral_step(agency_id: str | None) -> EscalationStep:
    """The referral to the Ombudsman (the top of every ladder)."""
    return step_for(agency_id, REFERRAL_LEVEL)


def breach_data(agency_id: str | None, step: EscalationStep) -> dict:
    """Event data recording the SLA breach against the late agency and the new owner."""
    return {
        "breached_agency_id": agency_id,
        "level": step.level,
        "handler_agency_id": step.handler_agency_id,
        "handler_role": step.handler_role,
        "label_id": step.label_id,
        "label_en": step.label_en,
        "referral": step.referral,
    }
