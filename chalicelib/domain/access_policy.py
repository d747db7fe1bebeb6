"""Who may do what, and see which cases: the one access policy of the agency side.

Pure rules over a :class:`Principal` (who is calling, for which agency, in which role and scope) and
a stored case.  ``chalicelib.api.authentication`` establishes the principal from a request; the views
and services ask here.

Scope: officer/supervisor keys act for their agency; verifier/coordinator keys of a province
government (``pemprov-XX``) cover province XX; the kemenpanrb verifier, coordinator and admin cover
the whole country ("NAT"); the Ombudsman's keys (role ``ombudsman``, agency ``ombudsman``) and every owner
of an escalated case (the ladder's supervisor, coordinator, national admin) see the cases they own or owned.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.directory import NATIONAL_ADMIN, OMBUDSMAN, get_directory
from chalicelib.domain.refusals import Forbidden, Invalid
from chalicelib.domain.vocabulary import AGENCY_ACTIONS, AGENCY_STAFF, OWNER_ACTIONS, STAFF_ROLES

ALL = frozenset(STAFF_ROLES)

#: endpoint name → roles allowed to call it at all (per-case scope is checked separately)
ENDPOINT_ROLES: dict[str, frozenset[str]] = {
    "agency_inbox": ALL,
    "agency_case": ALL,
    "agency_action": ALL,  # which actions each role may take: ACTIONS_BY_ROLE
    "verification_queue": frozenset({"verifier", "admin"}),
    "disposition": frozenset({"verifier", "admin"}),
    "routing_corrections": frozenset({"admin"}),
    "webhooks_list": frozenset({"officer", "supervisor", "admin"}),
    "webhooks_manage": frozenset({"supervisor", "admin"}),  # register, delete, test, rotate-secret
    "webhook_deliveries": frozenset({"officer", "supervisor", "admin"}),
    "webhook_redeliver": frozenset({"supervisor", "admin"}),
    "admin_keys": frozenset({"admin"}),
}

#: role → actions it may take through POST /v1/agency/complaints/{id}/actions
ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    "officer": frozenset(AGENCY_ACTIONS),
    "supervisor": frozenset(AGENCY_ACTIONS) | frozenset(OWNER_ACTIONS),
    "verifier": frozenset({"request_info", "reject", "note"}),
    "coordinator": frozenset({"note", "transfer"}) | frozenset(OWNER_ACTIONS),
    "admin": frozenset({"reject", "note", "transfer"}) | frozenset(OWNER_ACTIONS),
    "ombudsman": frozenset({"note", "transfer", "instruct", "conclude"}),
}
#: actions that need the caller to be the case's owner (its level of the ladder), not its agency
_OWNER_ONLY = frozenset(OWNER_ACTIONS)


@dataclass(frozen=True)
class Principal:
    key_id: str
    agency_id: str
    role: str
    scope: str  # agency id, province code, or "NAT"

    @property
    def national(self) -> bool:
        return self.scope == "NAT"

    def actor(self) -> dict:
        return {"agency_id": self.agency_id, "role": self.role, "key_id": self.key_id}


def role_allowed(agency_id: str, role: str) -> bool:
    """May ``role`` be given to a key or account of ``agency_id``?"""
    agency = get_directory().agency(agency_id)
    if agency is None or role not in STAFF_ROLES:
        return False
    if role == "admin":
        return agency_id == NATIONAL_ADMIN
    if role == "ombudsman" or agency_id == OMBUDSMAN:
        return role in ("ombudsman", "supervisor", "officer") and agency_id == OMBUDSMAN
    if role in ("verifier", "coordinator"):
        return agency_id == NATIONAL_ADMIN or agency.level == "province"
    return True


def scope_of(agency_id: str, role: str) -> str:
    """'NAT' for the national admin desk, a province code for a province's verifiers/coordinators,
    else the agency itself."""
    if role in ("admin", "verifier", "coordinator"):
        if agency_id == NATIONAL_ADMIN:
            return "NAT"
        agency = get_directory().agency(agency_id)
        if agency is not None and agency.level == "province" and agency.province_code:
            return agency.province_code
    return agency_id


def may_call(role: str, endpoint: str) -> bool:
    return role in ENDPOINT_ROLES[endpoint]


def held_by_national_body(case: dict) -> bool:
    agency = get_directory().agency(case.get("agency_id") or "")
    return agency is not None and agency.level == "national"


def owns(p: Principal, case: dict) -> bool:
    """Is ``p`` the current owner of this escalated case (its agency and role at the case's level)?"""
    return bool(case.get("owner_agency_id")) and case.get("owner_agency_id") == p.agency_id \
        and case.get("owner_role") == p.role


def owned_once(p: Principal, case: dict) -> bool:
    return f"{p.agency_id}#{p.role}" in (case.get("owner_history") or ())


def can_see(p: Principal, case: dict) -> bool:
    if p.national or owns(p, case) or owned_once(p, case):
        return True
    if p.role in ("verifier", "coordinator"):
        # A province's desk covers the cases placed in its province, but a confidential case held by a
        # national body (a ministry's office in the province) is that body's: not the province's to read.
        in_province = bool(case.get("province_code")) and case.get("province_code") == p.scope
        return in_province and not (case.get("confidential") and held_by_national_body(case))
    if p.role in AGENCY_STAFF:
        return case.get("agency_id") == p.agency_id or p.agency_id in (case.get("agency_history") or ())
    return False


def former_holder(p: Principal, case: dict) -> bool:
    """``p``'s agency held the case once and gave it up (a transfer): it may see only what it wrote."""
    return p.role in AGENCY_STAFF and not p.national and case.get("agency_id") != p.agency_id \
        and p.agency_id in (case.get("agency_history") or ())


def written_by(p: Principal, event: dict) -> bool:
    """Did ``p``'s agency write this timeline event?"""
    return (event.get("actor") or {}).get("agency_id") == p.agency_id


#: what a former holder still sees of the case itself: which case it was and where it stands, no content
FORMER_HOLDER_FIELDS = ("tracking_id", "kind", "status", "version", "created_at", "updated_at")


def can_act(p: Principal, case: dict, action: str) -> bool:
    """May ``p`` take ``action`` on ``case`` (assumes ``can_see``)?  The lifecycle then checks status."""
    if action not in ACTIONS_BY_ROLE.get(p.role, ()):
        return False
    owner_move = action in _OWNER_ONLY or (action == "transfer" and (p.role not in AGENCY_STAFF
                                                                     or case.get("status") == "referred"))
    if owner_move:  # the lifecycle checks the role; here the agency: the owner's, or the national admin
        return owns(p, case) or (p.national and p.role == "admin")
    if p.national:
        return True
    if p.role in AGENCY_STAFF:
        return case.get("agency_id") == p.agency_id  # only in agency_history → read-only
    return can_see(p, case)


def inbox_agency(p: Principal, requested: str | None) -> str:
    """Whose inbox: one's own; the admin any agency; a province coordinator/verifier any agency in the province."""
    if not requested or requested == p.agency_id:
        return p.agency_id
    agency = get_directory().agency(requested)
    if agency is None:
        raise Invalid("unknown_agency", fields={"agency_id": "unknown_agency"})
    if p.national or (p.role in ("verifier", "coordinator") and agency.province_code == p.scope):
        return requested
    raise Forbidden()


def managed_agency(p: Principal, requested: str | None) -> str:
    """Whose webhooks: one's own; the national admin may name any agency."""
    if not requested or requested == p.agency_id:
        return p.agency_id
    if p.role == "admin" and p.national:
        if get_directory().agency(requested) is None:
            raise Invalid("unknown_agency", fields={"agency_id": "unknown_agency"})
        return requested
    raise Forbidden()
