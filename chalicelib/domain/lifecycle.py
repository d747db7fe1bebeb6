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
  deadline, escalation level + 1 (capped at 4).  Also where an *appeal* of an
  agency's rejection lands (once per case): the level above owns the review.
* ``referred`` – past the top of the ladder (or past the 60-day settlement
  limit of Perpres 76/2013, whatever the level) the case is Ombudsman RI's,
  with the referral deadline of ``escalation_ladder.json``; past that the
  sweeper closes it as referred (the Ombudsman's own procedure goes on).

Owners (``domain/escalation``): an escalation hands *oversight* to the level's
owner (``owner_agency_id``/``owner_role``), who may ``instruct`` the agency
(note + new deadline), ``take_over``, ``transfer`` it to the body with
authority, ``conclude`` it with a reason or ``refer`` it to the Ombudsman; the
late agency keeps working it.  ``settle_by`` (60 days from filing) caps every
agency deadline.

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

from chalicelib.domain.escalation import (DEADLINES, EscalationStep, breach_data, next_step, referral_step,
                                         step_for)
from chalicelib.domain.vocabulary import (ACTIVE_STATUSES, AGENCY_STAFF, ASSIGNED, AWAITING_VERIFICATION, CLOSED,
                                          COMPLETED, IN_PROGRESS, KINDS, MAX_ESCALATION_LEVEL, MAX_RATING, NEEDS_INFO,
                                          REFERRED, REJECTED, REOPENED, RESPONDED, ROLES, STAFF_ROLES, STORED_STATUSES,
                                          SUBMITTED, TRANSFERRED, WORK_STATUSES)
from chalicelib.domain.vocabulary import ACTION_WORDS_ID, ROLE_WORDS_ID, STATUS_WORDS_ID
from chalicelib.domain.workdays import add_calendar_days, add_working_days, resolve_tz, working_days_between

# --------------------------------------------------------------------------- vocabulary
_AGENCY = tuple(sorted(AGENCY_STAFF))
#: roles that own a level of the ladder (escalation_ladder.json)
_OWNERS = ("supervisor", "coordinator", "admin", "ombudsman")
_WORK = WORK_STATUSES

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
    # escalation, appeal, referral, settlement, instruct_max: chalicelib/data/escalation_ladder.json
    **DEADLINES,
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
    owner_agency_id: str | None = None  # who oversees an escalated case (domain/escalation)
    owner_role: str | None = None
    settle_by: datetime | None = None  # Perpres 76/2013: settled within 60 days of filing
    appealed: bool = False  # the reporter appealed an agency's rejection (once)


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
    "transfer": {**{r: _WORK for r in _AGENCY}, **{r: _WORK | {REFERRED} for r in _OWNERS}},
    "extend": {r: _WORK for r in _AGENCY},  # information_request only, once, before the deadline
    "reject": {
        "officer": _WORK,
        "supervisor": _WORK,
        "verifier": frozenset({AWAITING_VERIFICATION}),
        "admin": _WORK | {AWAITING_VERIFICATION},
    },
    "note": {r: STORED_STATUSES for r in STAFF_ROLES},
    # the owner of an escalated case (lifecycle checks the role is the case's owner role, or the national admin)
    "instruct": {r: _WORK | {REFERRED} for r in _OWNERS},
    "take_over": {r: _WORK | {REFERRED} for r in _OWNERS if r != "ombudsman"},
    "conclude": {r: _WORK | {REFERRED} for r in _OWNERS},
    "refer": {r: _WORK for r in _OWNERS if r != "ombudsman"},
    "appeal": {"reporter": frozenset({REJECTED})},  # once, an agency's (not the sweeper's) rejection
    "reporter_accept": {"reporter": frozenset({RESPONDED})},
    "reporter_reject": {"reporter": frozenset({RESPONDED})},
    "rate": {"reporter": frozenset({COMPLETED})},  # once; reporter_accept may carry a rating too
    "auto_complete": {"system": frozenset({RESPONDED})},  # only once due_at has passed
    "close": {"system": frozenset({COMPLETED, REJECTED, REFERRED})},  # only once due_at has passed
    "escalate": {"system": ACTIVE_STATUSES},  # only once due_at has passed; past the top: the referral
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
    if s in (COMPLETED, REJECTED, REFERRED):
        return "close"
    if s == NEEDS_INFO:
        return "expire_info"
    if s in ACTIVE_STATUSES:
        return "escalate"  # past the top (or past settle_by): the referral, so nothing sits past its deadline
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
            f"Tindakan '{ACTION_WORDS_ID.get(action, action)}' belum dapat dilakukan: batas waktu belum lewat",
            f"Action '{action}' not allowed yet: the deadline has not passed",
        )


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def submit(kind: str, now: datetime, *, message: str | None = None, tz: str = "WIB") -> Transition:
    """The submission itself: version 0 → 1, event ``submit``, ``complaint.submitted``; the 60-day settlement
    limit (``settle_by``) starts."""
    _check_now(now)
    st = initial_state(kind)
    st = replace(st, version=st.version + 1, settle_by=deadline("settlement", now, tz))
    ev = TimelineEvent(now, "reporter", "submit", "", SUBMITTED, _optional_text(message, "message"), None, True,
                       {"kind": kind})
    return Transition(st, ev, ("complaint.submitted",))


_INT_FIELDS = ("escalation_level", "paused_remaining", "reopen_count", "version", "rating")
assert MAX_ESCALATION_LEVEL >= 1


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


@dataclass
class _Step:
    """What one action does to a case: the new state, its event data and domain events.

    Each ``_do_<action>`` function below receives the checked request and fills in a step;
    ``apply`` does the checks every action shares and builds the timeline event."""

    state: CaseState
    role: str
    now: datetime
    tz: str
    target_agency_id: str | None
    message: str | None  # the public message, already checked as optional text
    reason: str | None
    rating: int | None
    raw_message: Any = None
    due_at: Any = None  # instruct: the new deadline the owner gives
    new: CaseState | None = None
    data: dict[str, Any] = field(default_factory=dict)
    events: tuple[str, ...] = ()
    public: bool = True
    internal: str | None = None

    def to(self, **changes: Any) -> CaseState:
        return replace(self.state, **changes)


def _do_assign(st: _Step) -> None:  # route_auto, dispose: the router or a verifier names the agency
    target = _require_text(st.target_agency_id, "target_agency_id")
    st.new = st.to(status=ASSIGNED, agency_id=target,
                   due_at=deadline(_first_response_key(st.state.kind), st.now, st.tz))
    st.data, st.events = {"agency_id": target}, ("complaint.assigned",)


def _do_route_to_verification(st: _Step) -> None:
    suggested = _optional_text(st.target_agency_id, "target_agency_id")
    st.new = st.to(status=AWAITING_VERIFICATION, agency_id=None, due_at=deadline("verification", st.now, st.tz))
    st.data, st.events = {"suggested_agency_id": suggested}, ("complaint.awaiting_verification",)


def _do_accept(st: _Step) -> None:
    st.new = st.to(status=IN_PROGRESS)  # the clock started at assignment
    st.events = ("complaint.accepted",)


def _do_respond(st: _Step) -> None:
    st.message = _require_text(st.raw_message, "message")
    st.new = st.to(status=RESPONDED, due_at=deadline("reporter_response", st.now, st.tz))
    st.events = ("complaint.responded",)


def _do_request_info(st: _Step) -> None:
    st.message = _require_text(st.raw_message, "message")
    state = st.state
    remaining = working_days_between(st.now, state.due_at, st.tz) if state.due_at is not None else 0
    st.new = st.to(status=NEEDS_INFO, paused_remaining=remaining, resume_status=state.status,
                   due_at=deadline("info_response", st.now, st.tz))
    st.data = {"paused_remaining": remaining, "resume_status": state.status}
    st.events = ("complaint.info_requested",)


def _do_provide_info(st: _Step) -> None:
    st.message = _require_text(st.raw_message, "message")
    state = st.state
    remaining = state.paused_remaining or 0
    back = state.resume_status or (ASSIGNED if state.agency_id else AWAITING_VERIFICATION)
    st.new = st.to(status=back, paused_remaining=None, resume_status=None,
                   due_at=add_working_days(st.now, remaining, st.tz))
    st.data, st.events = {"resumed_status": back, "remaining": remaining}, ("complaint.info_provided",)


def _do_transfer(st: _Step) -> None:
    why = _require_text(st.reason, "reason")
    target = _optional_text(st.target_agency_id, "target_agency_id")
    state = st.state
    if target is not None and target == state.agency_id:
        raise _err("invalid_value", "Instansi tujuan sama dengan instansi saat ini",
                   "Target agency is the current agency", field="target_agency_id")
    if target is not None:
        st.new = st.to(status=ASSIGNED, agency_id=target,
                       due_at=deadline(_first_response_key(state.kind), st.now, st.tz))
        st.events = ("complaint.transferred", "complaint.assigned")
    else:
        st.new = st.to(status=AWAITING_VERIFICATION, agency_id=None, due_at=deadline("verification", st.now, st.tz))
        st.events = ("complaint.transferred", "complaint.awaiting_verification")
    st.data = {"transient_status": TRANSFERRED, "misrouted": True, "from_agency_id": state.agency_id,
               "to_agency_id": target, "reason": why}


def _do_extend(st: _Step) -> None:
    why = _require_text(st.reason, "reason")
    state = st.state
    if state.kind != "information_request":
        raise _err("illegal_transition", "Perpanjangan hanya untuk permintaan informasi",
                   "Only information requests can be extended", action="extend")
    if state.info_extension_used:
        raise _err("illegal_transition", "Perpanjangan sudah pernah digunakan",
                   "The extension has already been used", action="extend")
    if state.due_at is None or st.now > state.due_at:
        raise _err("illegal_transition", "Perpanjangan harus diajukan sebelum batas waktu",
                   "The extension must be requested before the deadline", action="extend")
    days = POLICY["information_extension"][0]
    st.new = st.to(info_extension_used=True, due_at=add_working_days(state.due_at, days, st.tz))
    st.data, st.events = {"extension_days": days, "reason": why}, ("complaint.extended",)


def _do_reject(st: _Step) -> None:
    why = _require_text(st.reason, "reason")
    st.message = st.message or why
    st.new = st.to(status=REJECTED, paused_remaining=None, resume_status=None,
                   due_at=deadline("close_rejected", st.now, st.tz))
    st.data, st.events = {"reason": why}, ("complaint.rejected",)


def _do_note(st: _Step) -> None:
    st.internal = _require_text(st.internal, "note")
    st.message, st.public = None, False
    st.events = ("complaint.note",)


def _do_reporter_accept(st: _Step) -> None:
    st.new = st.to(status=COMPLETED, due_at=deadline("close_completed", st.now, st.tz))
    st.events = ("complaint.completed",)
    if st.rating is not None:
        st.new = replace(st.new, rating=_validate_rating(st.rating))
        st.data = {"rating": st.rating, "comment": st.message}
        st.events = ("complaint.completed", "complaint.feedback")


def _do_reporter_reject(st: _Step) -> None:
    why = _require_text(st.reason, "reason")
    st.message = st.message or why
    state = st.state
    step = next_step(state.agency_id, state.escalation_level)
    level = step.level if step is not None else state.escalation_level
    st.new = st.to(status=REOPENED, escalation_level=level, reopen_count=state.reopen_count + 1,
                   due_at=deadline("reopened", st.now, st.tz), **(_owned_by(step) if step is not None else {}))
    st.data = {"reason": why, "reopen_count": st.new.reopen_count, "level": level,
               "escalation": step.to_dict() if step is not None else None}
    st.events = ("complaint.reopened",)


def _do_rate(st: _Step) -> None:
    if st.state.rating is not None:
        raise _err("illegal_transition", "Laporan sudah dinilai", "The case has already been rated", action="rate")
    value = _validate_rating(st.rating)
    st.new = st.to(rating=value)
    st.data, st.events = {"rating": value, "comment": st.message}, ("complaint.feedback",)


def _do_auto_complete(st: _Step) -> None:
    _require_due_passed(st.state, st.now, "auto_complete")
    st.new = st.to(status=COMPLETED, due_at=deadline("close_completed", st.now, st.tz))
    st.data, st.events = {"auto": True}, ("complaint.completed",)


def _do_close(st: _Step) -> None:
    _require_due_passed(st.state, st.now, "close")
    st.new = st.to(status=CLOSED, due_at=None)
    st.events = ("complaint.closed",)


def _do_expire_info(st: _Step) -> None:
    _require_due_passed(st.state, st.now, "expire_info")
    why = "Pelapor tidak melengkapi informasi dalam batas waktu"
    st.new = st.to(status=REJECTED, paused_remaining=None, resume_status=None,
                   due_at=deadline("close_rejected", st.now, st.tz))
    st.message = st.message or why
    st.data = {"reason": why, "reason_en": "The reporter did not provide the requested information in time",
               "auto": True}
    st.events = ("complaint.rejected",)


def settlement_passed(state: CaseState, now: datetime) -> bool:
    """Perpres 76/2013: past 60 days from filing, whatever the level."""
    return state.settle_by is not None and now > state.settle_by


def _owned_by(step: EscalationStep) -> dict:
    return {"owner_agency_id": step.handler_agency_id, "owner_role": step.handler_role}


def _refer(st: _Step, step: EscalationStep) -> None:
    """The case becomes the Ombudsman's (status ``referred``) with the referral deadline."""
    st.new = st.to(status=REFERRED, escalation_level=step.level, paused_remaining=None, resume_status=None,
                   due_at=deadline("referral", st.now, st.tz), **_owned_by(step))
    st.data = {**breach_data(st.state.agency_id, step), "previous_due_at": _iso(st.state.due_at)}


def _do_escalate(st: _Step) -> None:
    _require_due_passed(st.state, st.now, "escalate")
    state = st.state
    step = None if settlement_passed(state, st.now) else next_step(state.agency_id, state.escalation_level)
    if step is None or step.referral:
        _refer(st, referral_step(state.agency_id))
        st.data["settlement_passed"] = settlement_passed(state, st.now)
        st.events = ("complaint.escalated", "complaint.referred")
        return
    st.new = st.to(escalation_level=step.level, due_at=deadline("escalation", st.now, st.tz), **_owned_by(step))
    st.data = {**breach_data(state.agency_id, step), "previous_due_at": _iso(state.due_at)}
    st.events = ("complaint.escalated",)


def _do_refer(st: _Step) -> None:  # the owner sends it on to the Ombudsman before the top
    why = _require_text(st.reason, "reason")
    _refer(st, referral_step(st.state.agency_id))
    st.message = st.message or why
    st.data["reason"] = why
    st.events = ("complaint.referred",)


def _do_instruct(st: _Step) -> None:
    """The owner tells the agency what to do (a note) by a new deadline; a referred case goes back to work."""
    st.internal = _require_text(st.internal or st.raw_message, "note")
    st.message = None
    due = st.due_at
    if not isinstance(due, datetime) or due.tzinfo is None or due.utcoffset() is None:
        raise _err("missing_field" if due is None else "invalid_value", "Kolom 'due_at' wajib diisi",
                   "Field 'due_at' is required", field="due_at")
    latest = deadline("instruct_max", st.now, st.tz)
    if not 2000 <= due.year <= 2999 or not st.now < due <= latest:  # (years first: no overflow at the edges)
        raise _err("invalid_value", "Batas waktu baru harus setelah sekarang dan paling lama 30 hari",
                   "The new deadline must be after now and at most 30 days ahead", field="due_at")
    back = ASSIGNED if st.state.status == REFERRED else st.state.status
    st.new = st.to(status=back, due_at=due)
    by = step_for(st.state.agency_id, st.state.escalation_level)
    st.data = {"instructed_due_at": _iso(due), "handler_agency_id": st.state.owner_agency_id,
               "label_id": by.label_id, "label_en": by.label_en}
    st.events = ("complaint.instructed",)


def _do_take_over(st: _Step) -> None:
    """The owner's agency holds the case itself from now on (fresh escalation deadline)."""
    target = _require_text(st.target_agency_id, "target_agency_id")
    why = _optional_text(st.reason, "reason")
    st.new = st.to(status=ASSIGNED, agency_id=target, due_at=deadline("escalation", st.now, st.tz))
    st.data = {"from_agency_id": st.state.agency_id, "to_agency_id": target, "reason": why}
    st.events = ("complaint.taken_over", "complaint.assigned")


def _do_conclude(st: _Step) -> None:
    """The owner closes the case with a reason the reporter sees."""
    why = _require_text(st.reason, "reason")
    st.message = st.message or why
    st.new = st.to(status=CLOSED, due_at=None, paused_remaining=None, resume_status=None)
    st.data, st.events = {"reason": why, "concluded": True}, ("complaint.closed",)


def _do_appeal(st: _Step) -> None:
    """The reporter appeals an agency's rejection, once: the level above reviews it."""
    state = st.state
    why = _require_text(st.reason, "reason")
    if state.appealed or not state.agency_id:
        raise _err("illegal_transition", "Banding hanya sekali, atas penolakan oleh instansi",
                   "An appeal is possible once, against an agency's rejection", action="appeal")
    st.message = st.message or why
    step = next_step(state.agency_id, state.escalation_level)
    if step is None or step.referral:
        _refer(st, referral_step(state.agency_id))
        st.new = replace(st.new, appealed=True)
    else:
        st.new = st.to(status=REOPENED, escalation_level=step.level, appealed=True,
                       due_at=deadline("appeal", st.now, st.tz), **_owned_by(step))
        st.data = {**breach_data(state.agency_id, step), "breached_agency_id": None}
    st.data["reason"] = why
    st.events = ("complaint.appealed",) + (("complaint.referred",) if st.new.status == REFERRED else ())


#: action → what it does (RULES says who may take it from which status)
TRANSITIONS = {
    "route_auto": _do_assign, "dispose": _do_assign, "route_to_verification": _do_route_to_verification,
    "accept": _do_accept, "respond": _do_respond, "request_info": _do_request_info,
    "provide_info": _do_provide_info, "transfer": _do_transfer, "extend": _do_extend, "reject": _do_reject,
    "note": _do_note, "reporter_accept": _do_reporter_accept, "reporter_reject": _do_reporter_reject,
    "rate": _do_rate, "auto_complete": _do_auto_complete, "close": _do_close, "expire_info": _do_expire_info,
    "escalate": _do_escalate, "refer": _do_refer, "instruct": _do_instruct, "take_over": _do_take_over,
    "conclude": _do_conclude, "appeal": _do_appeal,
}
assert set(TRANSITIONS) == set(RULES), "every action in RULES has a transition"


def _check_allowed(state: CaseState, action: str, role: str) -> None:
    """The rule matrix: may ``role`` take ``action`` from the case's status?"""
    by_role = RULES[action]
    status = state.status
    if status in by_role.get(role, frozenset()):
        return
    doing, who = ACTION_WORDS_ID.get(action, action), ROLE_WORDS_ID.get(role, role)
    if any(status in sts for sts in by_role.values()):
        raise _err("forbidden_role", f"Peran {who} tidak boleh melakukan tindakan '{doing}' di sini",
                   f"Role '{role}' may not perform '{action}' here", action=action, role=role, status=status)
    if role not in by_role:
        raise _err("forbidden_role", f"Peran {who} tidak boleh melakukan tindakan '{doing}'",
                   f"Role '{role}' may not perform '{action}'", action=action, role=role, status=status)
    raise _err("illegal_transition",
               f"Tindakan '{doing}' tidak berlaku untuk laporan yang {STATUS_WORDS_ID.get(status, status)}",
               f"Action '{action}' is not allowed in status '{status}'", action=action, status=status)


#: actions only the owner of an escalated case takes (or the national admin, once a case is escalated)
OWNER_ONLY: frozenset[str] = frozenset({"instruct", "take_over", "conclude", "refer"})


def is_owner(state: CaseState, role: str) -> bool:
    """May ``role`` act as the owner of this escalated case (the agency of the principal is the caller's check)?"""
    return state.escalation_level >= 1 and (role == "admin" or role == state.owner_role)


def _check_owner(state: CaseState, action: str, role: str) -> None:
    needs = action in OWNER_ONLY or (action == "transfer" and (role not in AGENCY_STAFF or state.status == REFERRED))
    if needs and not is_owner(state, role):
        raise _err("forbidden_role",
                   f"Hanya pemilik eskalasi yang boleh melakukan tindakan '{ACTION_WORDS_ID.get(action, action)}'",
                   f"Only the owner of the escalated case may perform '{action}'", action=action, role=role,
                   status=state.status)


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
    due_at: datetime | None = None,
) -> Transition:
    """Apply ``action`` by ``role`` at ``now``; returns the new state (version + 1),
    the timeline event and the domain events, or raises :class:`TransitionError`.

    ``tz``: time zone ("WIB"/"WITA"/"WIT" or IANA) of the agency that holds the
    case after the transition; deadlines end 23:59:59 there.
    """
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
    _check_allowed(state, action, role)
    _check_owner(state, action, role)

    internal = _optional_text(note, "note")
    if internal is not None and role == "reporter":
        raise _err("invalid_value", "Pelapor tidak dapat menambah catatan internal",
                   "Reporters cannot add internal notes", field="note")
    step = _Step(state=state, role=role, now=now, tz=tz, target_agency_id=target_agency_id,
                 message=_optional_text(message, "message"), reason=reason, rating=rating, raw_message=message,
                 new=state, internal=internal if action != "note" else note, due_at=due_at)
    TRANSITIONS[action](step)

    new = replace(step.new, version=state.version + 1)
    if new.status in ACTIVE_STATUSES and new.due_at is not None and new.settle_by is not None \
            and now < new.settle_by < new.due_at:
        new = replace(new, due_at=new.settle_by)  # the 60-day settlement limit caps every agency deadline
    data = {**step.data, "due_at": _iso(new.due_at), "escalation_level": new.escalation_level}
    event = TimelineEvent(
        at=now, role=role, action=action, status_from=state.status, status_to=new.status,
        public_message=step.message if step.public else None, internal_note=step.internal, public=step.public,
        data=data,
    )
    return Transition(new, event, step.events)
