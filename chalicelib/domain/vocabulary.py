"""Salur's words, defined once: report kinds, case statuses, roles and actions.

Every layer (lifecycle, access policy, schemas, OpenAPI, stats, channels) reads them from here, so a
status or role cannot exist in one place and be missing in another.
"""
from __future__ import annotations

# --------------------------------------------------------------------------- kinds
KINDS: tuple[str, ...] = ("complaint", "aspiration", "information_request")

# --------------------------------------------------------------------------- statuses
SUBMITTED = "submitted"
AWAITING_VERIFICATION = "awaiting_verification"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
RESPONDED = "responded"
COMPLETED = "completed"
CLOSED = "closed"
NEEDS_INFO = "needs_info"
TRANSFERRED = "transferred"  # transient: appears in timeline data only
REJECTED = "rejected"
REOPENED = "reopened"
REFERRED = "referred"  # handed to Ombudsman RI (the top of the ladder), with its own deadline

STATUSES: tuple[str, ...] = (
    SUBMITTED, AWAITING_VERIFICATION, ASSIGNED, IN_PROGRESS, RESPONDED, COMPLETED, CLOSED,
    NEEDS_INFO, TRANSFERRED, REJECTED, REOPENED, REFERRED,
)
#: statuses a stored case can actually be in (``transferred`` is transient)
STORED_STATUSES: frozenset[str] = frozenset(STATUSES) - {TRANSFERRED}
#: someone (agency, verifier) owes work and the SLA/escalation clock runs
ACTIVE_STATUSES: frozenset[str] = frozenset({AWAITING_VERIFICATION, ASSIGNED, IN_PROGRESS, REOPENED})
#: a deadline runs and the sweeper must look at ``due_at``
OPEN_STATUSES: frozenset[str] = ACTIVE_STATUSES | {NEEDS_INFO, RESPONDED, COMPLETED, REJECTED, REFERRED}
TERMINAL: frozenset[str] = frozenset({CLOSED})
#: the agency's own work statuses
WORK_STATUSES: frozenset[str] = frozenset({ASSIGNED, IN_PROGRESS, REOPENED})

# --------------------------------------------------------------------------- roles
#: people and systems acting on an agency's or the national desk's behalf (keys and accounts carry one)
STAFF_ROLES: tuple[str, ...] = ("officer", "supervisor", "verifier", "coordinator", "admin", "ombudsman")
#: every role the lifecycle knows (the reporter and Salur itself act too)
ROLES: tuple[str, ...] = ("reporter",) + STAFF_ROLES + ("system",)
#: roles that work cases inside one agency
AGENCY_STAFF: frozenset[str] = frozenset({"officer", "supervisor"})

# --------------------------------------------------------------------------- actions
#: what agency staff may do through POST /v1/agency/complaints/{id}/actions
AGENCY_ACTIONS: tuple[str, ...] = ("accept", "respond", "request_info", "transfer", "reject", "note", "extend")
#: what the owner of an escalated case (its level's supervisor, coordinator, national admin, Ombudsman) may do
OWNER_ACTIONS: tuple[str, ...] = ("instruct", "take_over", "conclude", "refer")
#: every action of POST /v1/agency/complaints/{id}/actions
DESK_ACTIONS: tuple[str, ...] = AGENCY_ACTIONS + OWNER_ACTIONS
#: what the reporter may do (feedback and info endpoints)
REPORTER_ACTIONS: tuple[str, ...] = ("provide_info", "reporter_accept", "reporter_reject", "rate", "appeal")
#: what Salur itself does (routing at intake, the overdue sweep)
SYSTEM_ACTIONS: tuple[str, ...] = ("route_auto", "route_to_verification", "auto_complete", "close", "escalate",
                                   "expire_info")
#: the verification desk
VERIFIER_ACTIONS: tuple[str, ...] = ("dispose",)
ACTIONS: tuple[str, ...] = SYSTEM_ACTIONS + VERIFIER_ACTIONS + DESK_ACTIONS + REPORTER_ACTIONS

#: domain events an agency may subscribe to by webhook (those that concern an agency)
WEBHOOK_EVENT_TYPES: tuple[str, ...] = (
    "complaint.assigned", "complaint.accepted", "complaint.responded", "complaint.info_requested",
    "complaint.info_provided", "complaint.transferred", "complaint.extended", "complaint.rejected",
    "complaint.note", "complaint.completed", "complaint.feedback", "complaint.reopened",
    "complaint.escalated", "complaint.referred", "complaint.instructed", "complaint.taken_over",
    "complaint.appealed", "complaint.closed")

#: Indonesian words for refusals and texts (the identifiers above stay English in the API)
STATUS_WORDS_ID: dict[str, str] = {
    SUBMITTED: "diterima", AWAITING_VERIFICATION: "sedang diverifikasi", ASSIGNED: "diteruskan ke instansi",
    IN_PROGRESS: "sedang ditindaklanjuti", RESPONDED: "sudah ditanggapi", COMPLETED: "selesai", CLOSED: "ditutup",
    NEEDS_INFO: "menunggu informasi pelapor", TRANSFERRED: "dialihkan", REJECTED: "ditolak",
    REOPENED: "dibuka kembali", REFERRED: "dirujuk ke Ombudsman RI"}
ACTION_WORDS_ID: dict[str, str] = {
    "route_auto": "penerusan otomatis", "route_to_verification": "penerusan ke verifikasi",
    "dispose": "disposisi", "accept": "terima", "respond": "tanggapi", "request_info": "minta informasi",
    "provide_info": "beri informasi", "transfer": "alihkan", "extend": "perpanjang", "reject": "tolak",
    "note": "catatan", "reporter_accept": "terima tanggapan", "reporter_reject": "tolak tanggapan",
    "rate": "beri nilai", "auto_complete": "selesai otomatis", "close": "tutup", "escalate": "eskalasi",
    "expire_info": "batas informasi habis", "instruct": "beri arahan", "take_over": "ambil alih",
    "conclude": "tutup dengan alasan", "refer": "rujuk ke Ombudsman", "appeal": "banding"}
ROLE_WORDS_ID: dict[str, str] = {
    "reporter": "pelapor", "officer": "petugas", "supervisor": "atasan", "verifier": "verifikator",
    "coordinator": "koordinator", "admin": "admin nasional", "ombudsman": "Ombudsman", "system": "sistem"}

MAX_ESCALATION_LEVEL = 4
MAX_RATING = 5
