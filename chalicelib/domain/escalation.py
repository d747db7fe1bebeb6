"""The escalation ladder (pure rule; reads only the static agency directory).

=====  ============================================  ===============  ==========
level  who oversees the late case                    handler agency   role
=====  ============================================  ===============  ==========
0      (nobody – the assigned agency itself)          —                —
1      the agency's own supervisor / Inspektorat      same agency      supervisor
2      coordinator: the province for regency/city     pemprov-XX /     coordinator
       agencies, KemenPAN-RB for national and         kemenpanrb
       provincial ones (derived from
       ``directory.escalation_chain``)
3      national admin (KemenPAN-RB)                   kemenpanrb       admin
4      referral to Ombudsman RI (external; the        ombudsman        admin
       national admin keeps the case visible)
=====  ============================================  ===============  ==========

Escalation never moves the case away from the assigned agency: that agency
must still act; the handler gains oversight.  Every escalation is an SLA
breach attributed to the assigned (late) agency – see :func:`breach_data`.
Reopened cases also go one level up (``lifecycle`` uses :func:`next_step`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from chalicelib.domain.directory import NATIONAL_ADMIN, OMBUDSMAN, escalation_chain

__all__ = ["MAX_LEVEL", "LADDER", "EscalationStep", "coordinator_for", "step_for", "next_step", "breach_data"]

MAX_LEVEL = 4

# level -> (handler_role, label_id, label_en)
LADDER: dict[int, tuple[str, str, str]] = {
    1: ("supervisor", "Atasan / Inspektorat instansi", "Agency supervisor (Inspectorate)"),
    2: ("coordinator", "Koordinator (pemerintah provinsi / KemenPAN-RB)", "Coordinator (province / KemenPAN-RB)"),
    3: ("admin", "Admin nasional (KemenPAN-RB)", "National admin (KemenPAN-RB)"),
    4: ("admin", "Rujukan ke Ombudsman RI", "Referral to the Ombudsman of the Republic of Indonesia"),
}


@dataclass(frozen=True)
class EscalationStep:
    level: int
    handler_agency_id: str
    handler_role: str
    label_id: str
    label_en: str

    def to_dict(self) -> dict:
        return asdict(self)


def coordinator_for(agency_id: str | None) -> str:
    """Province for regency/city agencies; KemenPAN-RB otherwise (also for unknown ids)."""
    if not agency_id:
        return NATIONAL_ADMIN
    chain = escalation_chain(agency_id)
    if chain and chain[0] not in (NATIONAL_ADMIN, OMBUDSMAN):
        return chain[0]
    return NATIONAL_ADMIN


def step_for(agency_id: str | None, level: int) -> EscalationStep:
    """The handler at ``level`` (1..4) for a case assigned to ``agency_id``.

    ``agency_id`` None (case still at the verification desk) is treated as the
    national admin desk.
    """
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= MAX_LEVEL:
        raise ValueError(f"escalation level must be 1..{MAX_LEVEL}, got {level!r}")
    role, label_id, label_en = LADDER[level]
    if level == 1:
        handler = agency_id or NATIONAL_ADMIN
    elif level == 2:
        handler = coordinator_for(agency_id)
    elif level == 3:
        handler = NATIONAL_ADMIN
    else:
        handler = OMBUDSMAN
    return EscalationStep(level, handler, role, label_id, label_en)


def next_step(agency_id: str | None, current_level: int) -> EscalationStep | None:
    """The step one above ``current_level`` (0..4); None when already at the top."""
    if isinstance(current_level, bool) or not isinstance(current_level, int) or not 0 <= current_level <= MAX_LEVEL:
        raise ValueError(f"escalation level must be 0..{MAX_LEVEL}, got {current_level!r}")
    if current_level >= MAX_LEVEL:
        return None
    return step_for(agency_id, current_level + 1)


def breach_data(agency_id: str | None, step: EscalationStep) -> dict:
    """Event data recording the SLA breach against the late agency."""
    return {
        "breached_agency_id": agency_id,
        "level": step.level,
        "handler_agency_id": step.handler_agency_id,
        "handler_role": step.handler_role,
        "label_id": step.label_id,
        "label_en": step.label_en,
    }
