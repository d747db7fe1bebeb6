"""Case lifecycle of a Salur report: states, roles, actions, transition rules and
deadline policy.  Pure: no I/O, no AWS; every function is deterministic given
its arguments (``now`` and ``tz`` are passed in).

Happy path::

    submitted ─route_auto──────────────▶ assigned ─accept─▶ in_progress ─respond─▶ responded
        └─route_to_verification─▶ awaiting_verification ─dispose─┘                    │
    responded ─reporter_accept / auto_complete─▶ completed ─close (30 days)─▶ closed
    responded ─reporter_reject─▶ reopened (new deadline, one escalation level up)

Side states
-----------
* ``needs_info`` – the agency (or the verifier) asks the reporter for more.
  The handler's clock is *paused*: the working days still left are kept in
  ``paused_remaining`` and the state to return to in ``resume_status``.
  ``provide_info`` resumes with ``add_working_days(now, paused_remaining)``.
  While paused, ``due_at`` is the *reporter's* deadline to answer
  (``POLICY["info_response"]``); if it passes the sweeper runs ``expire_info``
  which rejects the case ("informasi tidak dilengkapi"), so that every case
  eventually closes (a silent reporter cannot keep a case open forever).
* ``transferred`` – transient, never stored.  ``transfer`` with a
  ``target_agency_id`` goes straight to ``assigned`` for the named agency
  (fresh first-response deadline); without a target it goes back to
  ``awaiting_verification`` (agency cleared, verification deadline).  The
  timeline event is action ``transfer`` with ``data["transient_status"] ==
  "transferred"`` and ``data["misrouted"] is True`` (counts against the
  misrouting figure) and the domain events include ``complaint.transferred``.
  The escalation level is kept (levels never go down: the reporter has
  already waited).
* ``rejected`` – spam/duplicate/not a public-service matter, with a reason the
  reporter sees; closed by the sweeper after 30 calendar days.
* ``reopened`` – reporter not satisfied: back to the same agency, new 5-day
  deadline, escalation level + 1 (capped at 4).

Deadlines (``due_at``) are always for *whoever must act next* and end at
23:59:59 local time in ``tz`` – the caller passes the time zone of the agency
that will hold the case after the transition (for ``dispose``/``route_auto``/
``transfer`` that is the *target* agency).  The reporter-facing deadlines
(``responded`` → auto completion, ``needs_info`` → expiry) also use the agency's
time zone: one zone per case keeps the sweeper simple and the agency's public
promise ("selesai tanggal X") consistent; the reporter sees the date only.

Authorization beyond the role (e.g. that an officer belongs to the assigned
agency) is the caller's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from chalicelib.domain.workdays import add_calendar_days, add_working_days, resolve_tz, working_days_between

# --------------------------------------------------------------------------- states
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

STATUSES: tuple[str, ...] = (
    SUBMITTED, AWAITING_VERIFICATION, ASSIGNED, IN_PROGRESS, RESPONDED, COMPLETED, CLOSED,
    NEEDS_INFO, TRANSFERRED, REJECTED, REOPENED,
)
#: statuses a stored case can actually be in (``transferred`` is transient)
STORED_STATUSES: frozenset[str] = frozenset(STATUSES) - {TRANSFERRED}
#: someone (agency, verifier) owes work and the SLA/escalation clock runs
ACTIVE_STATUSES: frozenset[str] = frozenset({AWAITING_VERIFICATION, ASSIGNED, IN_PROGRESS, REOPENED})
#: a deadline runs and the sweeper must look at ``due_at``
OPEN_STATUSES: frozenset[str] = ACTIVE_STATUSES | {NEEDS_INFO, RESPONDED, COMPLETED, REJECTED}
TERMINAL: frozenset[str] = frozenset({CLOSED})

KINDS: tuple[str, ...] = ("complaint", "aspiration", "information_request")

# --------------------------------------------------------------------------- roles
ROLES: tuple[str, ...] = ("reporter", "verifier", "officer", "supervisor", "coordinator", "admin", "system")
STAFF_ROLES: frozenset[str] = frozenset({"verifier", "officer", "supervisor", "coordinator", "admin"})
_AGENCY = ("officer", "supervisor")

MAX_ESCALATION_LEVEL = 4
MAX_RATING = 5

# --------------------------------------------------------------------------- policy
#: The one deadline policy.  (amount, unit) – unit "working" = Indonesian working
#: days (workdays.add_working_days, ends 23:59:59 local), "calendar" = calendar
#: days (ends 23:59:59 local of the last day).
POLICY: dict[str, tuple[int, str]] = {
    "verification": (3, "working"),            # verifier disposes / rejects a case
    "first_response": (5, "working"),          # agency follow-up for complaint / aspiration
    "information_request": (10, "working"),    # UU 14/2008 Pasal 22(7)
    "information_extension": (7, "working"),   # UU 14/2008 Pasal 22(8): once, via `extend`
    "reporter_response": (10, "working"),      # reporter accepts/rejects, else auto_complete
    "info_response": (10, "working"),          # reporter answers `request_info`, else expire_info
    "reopened": (5, "working"),                # agency deadline after reporter_reject
    "escalation": (5, "working"),              # each escalation level gives the new handler
    "close_completed": (30, "calendar"),       # completed -> closed
    "close_rejected": (30, "calendar"),        # rejected -> closed
}


def deadline(policy_key: str, start: datetime, tz: str) -> datetime:
    """Due date for ``POLICY[policy_key]`` counted from ``start`` in ``tz`` (aware UTC)."""
    amount, unit = POLICY[policy_key]
    if unit == "working":
        return add_working_days(start, amount, tz)
    return add_calendar_days(start, amount, tz)


def _first_response_key(kind: str) -> str:
    return "information_request" if kind == "information_request" else "first_response"


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class CaseState:
    """What the lifecycle needs to know of a case."""

    status: str
    kind: str  # complaint | aspiration | information_request
    agency_id: str | None
    escalation_level: int  # 0..4
    due_at: datetime | None  # current deadline (UTC aware) for whoever must act
    paused_remaining: int | None  # working days left when the clock paused (needs_info)
    resume_status: str | None
    reopen_count: int
    version: int
    info_extension_used: bool = False  # UU 14/2008 +7 working days, once
    rating: int | None = None  # reporter satisfaction 1..5 (once)


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    role: str
    action: str
    status_from: str  # "" for the submission event
    status_to: str
    public_message: str | None
    internal_note: str | None
    public: bool
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "role": self.role,
            "action": self.action,
            "status_from": self.status_from,
            "status_to": self.status_to,
            "public_message": self.public_message,
            "internal_note": self.internal_note,
            "public": self.public,
            "data": dict(self.data),
        }


@dataclass(frozen=True)
class Transition:
    state: CaseState
    event: TimelineEvent
    domain_events: tuple[str, ...]


class TransitionError(Exception):
    """code: illegal_transition | forbidden_role | missing_field | invalid_value."""

    CODES = ("illegal_transition", "forbidden_role", "missing_field", "invalid_value")

    def __init__(self, code: str, message_id: str, message_en: str, **details: Any) -> None:
        assert code in self.CODES, code
        super().__init__(message_en)
        self.code = code
        self.message_id = message_id
        self.message_en = message_en
        self.details = details

    def to_dict(self) -> dict:
        return {"code": self.code, "message_id": self.message_id, "message_en": self.message_en, **self.details}


# --------------------------------------------------------------------------- rules
_WORK = frozenset({ASSIGNED, IN_PROGRESS, REOPENED})

#: action -> role -> statuses the action may be taken from
RULES: dict[str, dict[str, frozenset[str]]] = {
    "route_auto": {"system": frozenset({SUBMITTED})},
    "route_to_verification": {"system": frozenset({SUBMITTED})},
    "dispose": {"verifier": frozenset({AWAITING_VERIFICATION}), "admin": frozenset({AWAITING_VERIFICATION})},
    "accept": {r: frozenset({ASSIGNED, REOPENED}) for r in _AGENCY},
    "respond": {r: _WORK for r in _AGENCY},
    "request_info": {
        "officer": _WORK,
        "supervisor": _WORK,
        "verifier": frozenset({AWAITING_VERIFICATION}),
    },
    "provide_info": {"reporter": frozenset({NEEDS_INFO})},
    "transfer": {r: _WORK for r in _AGENCY},
    "extend": {r: _WORK for r in _AGENCY},  # information_request only, once, before the deadline
    "reject": {
        "officer": _WORK,
        "supervisor": _WORK,
        "verifier": frozenset({AWAITING_VERIFICATION}),
        "admin": _WORK | {AWAITING_VERIFICATION},
    },
    "note": {r: STORED_STATUSES for r in STAFF_ROLES},
    "reporter_accept": {"reporter": frozenset({RESPONDED})},
    "reporter_reject": {"reporter": frozenset({RESPONDED})},
    "rate": {"reporter": frozenset({COMPLETED})},  # once; reporter_accept may carry a rating too
    "auto_complete": {"system": frozenset({RESPONDED})},  # only once due_at has passed
    "close": {"system": frozenset({COMPLETED, REJECTED})},  # only once due_at has passed
    "escalate": {"system": ACTIVE_STATUSES},  # only once due_at has passed, level < 4
    "expire_info": {"system": frozenset({NEEDS_INFO})},  # only once due_at has passed
}
ACTIONS: tuple[str, ...] = tuple(RULES)
SYSTEM_ACTIONS: frozenset[str] = frozenset(a for a, r in RULES.items() if "system" in r)


def allowed_actions(status: str, role: str) -> tuple[str, ...]:
    """Actions ``role`` may take on a case in ``status`` (status/role matrix only;
    per-case conditions – kind for ``extend``, rating once, deadline passed for
    system actions, level < 4 for ``escalate`` – are checked by :func:`apply`)."""
    return tuple(a for a, by_role in RULES.items() if status in by_role.get(role, ()))


def initial_state(kind: str) -> CaseState:
    if kind not in KINDS:
        raise TransitionError("invalid_value", f"Jenis laporan tidak dikenal: {kind}", f"Unknown report kind: {kind}")
    return CaseState(
        status=SUBMITTED, kind=kind, agency_id=None, escalation_level=0, due_at=None,
        paused_remaining=None, resume_status=None, reopen_count=0, version=0,
    )


def is_overdue(state: CaseState, now: datetime) -> bool:
    return state.due_at is not None and now > state.due_at


def overdue_action(state: CaseState) -> str | None:
    """What the sweeper should do (as role ``system``) with an overdue case."""
    s = state.status
    if s == RESPONDED:
        return "auto_complete"
    if s in (COMPLETED, REJECTED):
        return "close"
    if s == NEEDS_INFO:
        return "expire_info"
    if s in ACTIVE_STATUSES:
        return "escalate" if state.escalation_level < MAX_ESCALATION_LEVEL else None
    if s == SUBMITTED:
        return "route_to_verification"  # the router never handled it: let humans verify
    return None


# --------------------------------------------------------------------------- apply
def _err(code: str, mid: str, men: str, **details: Any) -> TransitionError:
    return TransitionError(code, mid, men, **details)


def _require_text(value: Any, name: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _err("missing_field", f"Kolom '{name}' wajib diisi", f"Field '{name}' is required", field=name)
    if not isinstance(value, str):
        raise _err("invalid_value", f"Kolom '{name}' harus berupa teks", f"Field '{name}' must be text", field=name)
    return value.strip()


def _optional_text(value: Any, name: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _require_text(value, name)


def _validate_rating(rating: Any) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= MAX_RATING:
        raise _err("invalid_value", "Penilaian harus bilangan 1–5", "Rating must be an integer 1-5", field="rating")
    return rating


def _require_due_passed(state: CaseState, now: datetime, action: str) -> None:
    if not is_overdue(state, now):
        raise _err(
            "illegal_transition",
            f"Tindakan '{action}' belum dapat dilakukan: batas waktu belum lewat",
            f"Action '{action}' not allowed yet: the deadline has not passed",
        )


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def submit(kind: str, now: datetime, *, message: str | None = None) -> Transition:
    """The submission itself: version 0 → 1, event ``submit``, ``complaint.submitted``."""
    _check_now(now)
    st = initial_state(kind)
    st = replace(st, version=st.version + 1)
    ev = TimelineEvent(now, "reporter", "submit", "", SUBMITTED, _optional_text(message, "message"), None, True,
                       {"kind": kind})
    return Transition(st, ev, ("complaint.submitted",))


_INT_FIELDS = ("escalation_level", "paused_remaining", "reopen_count", "version", "rating")


def _normalize(state: CaseState) -> CaseState:
    """Coerce integral numbers from storage (e.g. DynamoDB ``Decimal``) to ``int``."""
    changes = {}
    for name in _INT_FIELDS:
        value = getattr(state, name)
        if value is not None and type(value) is not int:
            try:
                as_int = int(value)
            except (TypeError, ValueError):
                as_int = None
            if as_int is None or isinstance(value, bool) or as_int != value:
                raise _err("invalid_value", f"Nilai '{name}' tidak valid", f"Invalid stored value for '{name}'",
                           field=name)
            changes[name] = as_int
    return replace(state, **changes) if changes else state


def _check_now(now: Any) -> None:
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise _err("invalid_value", "Waktu harus memiliki zona waktu", "'now' must be a timezone-aware datetime",
                   field="now")


def apply(
    state: CaseState,
    action: str,
    role: str,
    now: datetime,
    *,
    tz: str,
    target_agency_id: str | None = None,
    message: str | None = None,
    note: str | None = None,
    reason: str | None = None,
    rating: int | None = None,
) -> Transition:
    """Apply ``action`` by ``role`` at ``now``; returns the new state (version + 1),
    the timeline event and the domain events, or raises :class:`TransitionError`.

    ``tz``: time zone ("WIB"/"WITA"/"WIT" or IANA) of the agency that holds the
    case after the transition; deadlines end 23:59:59 there.
    """
    # ---- vocabulary
    if action not in RULES:
        raise _err("invalid_value", f"Tindakan tidak dikenal: {action}", f"Unknown action: {action}", field="action")
    if role not in ROLES:
        raise _err("invalid_value", f"Peran tidak dikenal: {role}", f"Unknown role: {role}", field="role")
    _check_now(now)
    try:
        resolve_tz(tz)
    except Exception:
        raise _err("invalid_value", f"Zona waktu tidak dikenal: {tz}", f"Unknown time zone: {tz}", field="tz") from None
    if state.status not in STORED_STATUSES:
        raise _err("invalid_value", f"Status tidak dikenal: {state.status}", f"Unknown status: {state.status}")
    state = _normalize(state)

    # ---- rule matrix
    by_role = RULES[action]
    status = state.status
    if status not in by_role.get(role, frozenset()):
        if any(status in sts for sts in by_role.values()):
            raise _err("forbidden_role", f"Peran '{role}' tidak boleh melakukan '{action}'",
                       f"Role '{role}' may not perform '{action}' here", action=action, role=role, status=status)
        if role not in by_role:
            raise _err("forbidden_role", f"Peran '{role}' tidak boleh melakukan '{action}'",
                       f"Role '{role}' may not perform '{action}'", action=action, role=role, status=status)
        raise _err("illegal_transition", f"Tindakan '{action}' tidak berlaku untuk status '{status}'",
                   f"Action '{action}' is not allowed in status '{status}'", action=action, status=status)

    internal = _optional_text(note, "note")
    if internal is not None and role == "reporter":
        raise _err("invalid_value", "Pelapor tidak dapat menambah catatan internal",
                   "Reporters cannot add internal notes", field="note")

    new = state
    public_message: str | None = _optional_text(message, "message")
    data: dict[str, Any] = {}
    events: tuple[str, ...]
    public = True

    if action in ("route_auto", "dispose"):  # the router, or a verifier, names the agency
        target = _require_text(target_agency_id, "target_agency_id")
        new = replace(state, status=ASSIGNED, agency_id=target,
                      due_at=deadline(_first_response_key(state.kind), now, tz))
        data = {"agency_id": target}
        events = ("complaint.assigned",)

    elif action == "route_to_verification":
        suggested = _optional_text(target_agency_id, "target_agency_id")
        new = replace(state, status=AWAITING_VERIFICATION, agency_id=None, due_at=deadline("verification", now, tz))
        data = {"suggested_agency_id": suggested}
        events = ("complaint.awaiting_verification",)

    elif action == "accept":
        new = replace(state, status=IN_PROGRESS)  # the clock started at assignment
        events = ("complaint.accepted",)

    elif action == "respond":
        public_message = _require_text(message, "message")
        new = replace(state, status=RESPONDED, due_at=deadline("reporter_response", now, tz))
        events = ("complaint.responded",)

    elif action == "request_info":
        public_message = _require_text(message, "message")
        remaining = working_days_between(now, state.due_at, tz) if state.due_at is not None else 0
        new = replace(state, status=NEEDS_INFO, paused_remaining=remaining, resume_status=status,
                      due_at=deadline("info_response", now, tz))
        data = {"paused_remaining": remaining, "resume_status": status}
        events = ("complaint.info_requested",)

    elif action == "provide_info":
        public_message = _require_text(message, "message")
        remaining = state.paused_remaining or 0
        back = state.resume_status or (ASSIGNED if state.agency_id else AWAITING_VERIFICATION)
        new = replace(state, status=back, paused_remaining=None, resume_status=None,
                      due_at=add_working_days(now, remaining, tz))
        data = {"resumed_status": back, "remaining": remaining}
        events = ("complaint.info_provided",)

    elif action == "transfer":
        why = _require_text(reason, "reason")
        target = _optional_text(target_agency_id, "target_agency_id")
        if target is not None and target == state.agency_id:
            raise _err("invalid_value", "Instansi tujuan sama dengan instansi saat ini",
                       "Target agency is the current agency", field="target_agency_id")
        if target is not None:
            new = replace(state, status=ASSIGNED, agency_id=target,
                          due_at=deadline(_first_response_key(state.kind), now, tz))
            events = ("complaint.transferred", "complaint.assigned")
        else:
            new = replace(state, status=AWAITING_VERIFICATION, agency_id=None,
                          due_at=deadline("verification", now, tz))
            events = ("complaint.transferred", "complaint.awaiting_verification")
        data = {"transient_status": TRANSFERRED, "misrouted": True, "from_agency_id": state.agency_id,
                "to_agency_id": target, "reason": why}

    elif action == "extend":
        why = _require_text(reason, "reason")
        if state.kind != "information_request":
            raise _err("illegal_transition", "Perpanjangan hanya untuk permintaan informasi",
                       "Only information requests can be extended", action=action)
        if state.info_extension_used:
            raise _err("illegal_transition", "Perpanjangan sudah pernah digunakan",
                       "The extension has already been used", action=action)
        if state.due_at is None or now > state.due_at:
            raise _err("illegal_transition", "Perpanjangan harus diajukan sebelum batas waktu",
                       "The extension must be requested before the deadline", action=action)
        days = POLICY["information_extension"][0]
        new = replace(state, info_extension_used=True, due_at=add_working_days(state.due_at, days, tz))
        data = {"extension_days": days, "reason": why}
        events = ("complaint.extended",)

    elif action == "reject":
        why = _require_text(reason, "reason")
        public_message = public_message or why
        new = replace(state, status=REJECTED, paused_remaining=None, resume_status=None,
                      due_at=deadline("close_rejected", now, tz))
        data = {"reason": why}
        events = ("complaint.rejected",)

    elif action == "note":
        internal = _require_text(note, "note")
        public_message = None
        public = False
        events = ("complaint.note",)

    elif action == "reporter_accept":
        events = ("complaint.completed",)
        new = replace(state, status=COMPLETED, due_at=deadline("close_completed", now, tz))
        if rating is not None:
            new = replace(new, rating=_validate_rating(rating))
            data = {"rating": rating, "comment": public_message}
            events = ("complaint.completed", "complaint.feedback")

    elif action == "reporter_reject":
        why = _require_text(reason, "reason")
        public_message = public_message or why
        from chalicelib.domain.escalation import next_step

        step = next_step(state.agency_id, state.escalation_level)
        level = step.level if step is not None else state.escalation_level
        new = replace(state, status=REOPENED, escalation_level=level, reopen_count=state.reopen_count + 1,
                      due_at=deadline("reopened", now, tz))
        data = {"reason": why, "reopen_count": new.reopen_count, "level": level,
                "escalation": step.to_dict() if step is not None else None}
        events = ("complaint.reopened",)

    elif action == "rate":
        if state.rating is not None:
            raise _err("illegal_transition", "Laporan sudah dinilai", "The case has already been rated",
                       action=action)
        value = _validate_rating(rating)
        new = replace(state, rating=value)
        data = {"rating": value, "comment": public_message}
        events = ("complaint.feedback",)

    elif action == "auto_complete":
        _require_due_passed(state, now, action)
        new = replace(state, status=COMPLETED, due_at=deadline("close_completed", now, tz))
        data = {"auto": True}
        events = ("complaint.completed",)

    elif action == "close":
        _require_due_passed(state, now, action)
        new = replace(state, status=CLOSED, due_at=None)
        events = ("complaint.closed",)

    elif action == "expire_info":
        _require_due_passed(state, now, action)
        why = "Pelapor tidak melengkapi informasi dalam batas waktu"
        new = replace(state, status=REJECTED, paused_remaining=None, resume_status=None,
                      due_at=deadline("close_rejected", now, tz))
        public_message = public_message or why
        data = {"reason": why, "reason_en": "The reporter did not provide the requested information in time",
                "auto": True}
        events = ("complaint.rejected",)

    elif action == "escalate":
        _require_due_passed(state, now, action)
        from chalicelib.domain.escalation import breach_data, next_step

        step = next_step(state.agency_id, state.escalation_level)
        if step is None:
            raise _err("illegal_transition", "Laporan sudah berada di tingkat eskalasi tertinggi",
                       "The case is already at the highest escalation level", action=action)
        new = replace(state, escalation_level=step.level, due_at=deadline("escalation", now, tz))
        data = breach_data(state.agency_id, step)
        data["previous_due_at"] = _iso(state.due_at)
        events = ("complaint.escalated",)

    else:  # pragma: no cover - RULES and this chain must stay in sync
        raise AssertionError(action)

    new = replace(new, version=state.version + 1)
    data = {**data, "due_at": _iso(new.due_at), "escalation_level": new.escalation_level}
    event = TimelineEvent(
        at=now, role=role, action=action, status_from=status, status_to=new.status,
        public_message=None if not public else public_message, internal_note=internal, public=public, data=data,
    )
    return Transition(new, event, events)
