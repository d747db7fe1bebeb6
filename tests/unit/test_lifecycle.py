"""Case lifecycle: transition rules per role, deadline policy, pause/resume,
extension, escalation, and hypothesis properties (safety + every case closes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain import lifecycle as lc
from chalicelib.domain import vocabulary
from chalicelib.domain.lifecycle import (ACTIONS, POLICY, CaseState, Transition, TransitionError, allowed_actions,
                                         apply, initial_state, is_overdue, overdue_action, submit)
from chalicelib.domain.vocabulary import ACTIVE_STATUSES, OPEN_STATUSES, ROLES, STATUSES, STORED_STATUSES, TERMINAL
from chalicelib.domain.workdays import add_calendar_days, add_working_days, working_days_between

UTC = timezone.utc
TZ = "WITA"
AG = "pemkab-51.04"
T0 = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA


def wd(n, start=T0, tz=TZ):
    return add_working_days(start, n, tz)


def make(status, *, kind="complaint", level=0, due=None, agency=AG, **kw):
    """A plausible stored state in ``status``."""
    if due is None and status in OPEN_STATUSES:
        due = wd(5)
    if status in ("submitted", "awaiting_verification"):
        agency = None
    paused = kw.pop("paused_remaining", 3 if status == "needs_info" else None)
    resume = kw.pop("resume_status", "in_progress" if status == "needs_info" else None)
    return CaseState(
        status=status, kind=kind, agency_id=agency, escalation_level=level,
        due_at=due if status not in ("submitted", "closed") else None,
        paused_remaining=paused, resume_status=resume, reopen_count=kw.pop("reopen_count", 0),
        version=kw.pop("version", 7), **kw,
    )


FULL_KW = dict(target_agency_id="pemprov-51", message="pesan", reason="alasan", note="catatan", rating=4)


def do(state, action, role, now=T0, tz=TZ, **kw):
    return apply(state, action, role, now, tz=tz, **kw)


# --------------------------------------------------------------------------- the matrix (spec, written out)
AV, AS, IP, RE, NI, RF = "awaiting_verification", "assigned", "in_progress", "reopened", "needs_info", "referred"
WORK = {AS, IP, RE}
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("route_auto", "system"): {"submitted"},
    ("route_to_verification", "system"): {"submitted"},
    ("dispose", "verifier"): {AV},
    ("dispose", "admin"): {AV},
    ("accept", "officer"): {AS, RE},
    ("accept", "supervisor"): {AS, RE},
    ("respond", "officer"): WORK,
    ("respond", "supervisor"): WORK,
    ("request_info", "officer"): WORK,
    ("request_info", "supervisor"): WORK,
    ("request_info", "verifier"): {AV},
    ("provide_info", "reporter"): {NI},
    ("transfer", "officer"): WORK,
    ("transfer", "supervisor"): WORK | {RF},
    **{("transfer", r): WORK | {RF} for r in ("coordinator", "admin", "ombudsman")},
    **{("instruct", r): WORK | {RF} for r in ("supervisor", "coordinator", "admin", "ombudsman")},
    **{("conclude", r): WORK | {RF} for r in ("supervisor", "coordinator", "admin", "ombudsman")},
    **{("take_over", r): WORK | {RF} for r in ("supervisor", "coordinator", "admin")},
    **{("refer", r): WORK for r in ("supervisor", "coordinator", "admin")},
    ("appeal", "reporter"): {"rejected"},
    ("extend", "officer"): WORK,
    ("extend", "supervisor"): WORK,
    ("reject", "officer"): WORK,
    ("reject", "supervisor"): WORK,
    ("reject", "verifier"): {AV},
    ("reject", "admin"): WORK | {AV},
    **{("note", r): set(STORED_STATUSES) for r in ("verifier", "officer", "supervisor", "coordinator", "admin",
                                                    "ombudsman")},
    ("reporter_accept", "reporter"): {"responded"},
    ("reporter_reject", "reporter"): {"responded"},
    ("rate", "reporter"): {"completed"},
    ("auto_complete", "system"): {"responded"},
    ("close", "system"): {"completed", "rejected", RF},
    ("escalate", "system"): {AV, AS, IP, RE},
    ("expire_info", "system"): {NI},
}
TIME_GUARDED = {"auto_complete", "close", "escalate", "expire_info"}


def test_vocabulary():
    assert set(ACTIONS) == {a for a, _ in EXPECTED}
    assert set(ROLES) == {"reporter", "verifier", "officer", "supervisor", "coordinator", "admin", "ombudsman",
                          "system"}
    assert "transferred" in STATUSES and "transferred" not in STORED_STATUSES
    assert TERMINAL == {"closed"}
    assert OPEN_STATUSES == {AV, AS, IP, RE, NI, RF, "responded", "completed", "rejected"}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", sorted(STORED_STATUSES))
def test_transition_matrix(action, role, status):
    legal = status in EXPECTED.get((action, role), set())
    kind = "information_request" if action == "extend" else "complaint"
    state = make(status, kind=kind)
    now = state.due_at + timedelta(hours=1) if action in TIME_GUARDED and state.due_at else T0
    kw = dict(FULL_KW, due_at=now + timedelta(days=1))
    if role == "reporter":
        kw.pop("note")
    if action in lc.OWNER_ONLY or (action == "transfer" and (role not in ("officer", "supervisor") or status == RF)):
        state = replace(state, escalation_level=3, owner_role=role, owner_agency_id="kemenpanrb")  # its owner
    assert (action in allowed_actions(status, role)) == legal
    if legal:
        t = do(state, action, role, now, **kw)
        assert isinstance(t, Transition)
        assert t.state.version == state.version + 1
        assert t.event.status_from == status and t.event.status_to == t.state.status
        assert t.event.action == action and t.event.role == role and t.event.at == now
        assert t.domain_events and all(e.startswith("complaint.") for e in t.domain_events)
    else:
        with pytest.raises(TransitionError) as ei:
            do(state, action, role, now, **kw)
        assert ei.value.code in ("illegal_transition", "forbidden_role")
        assert ei.value.message_id and ei.value.message_en


def test_forbidden_vs_illegal():
    with pytest.raises(TransitionError) as ei:
        do(make(IP), "respond", "reporter", message="x")
    assert ei.value.code == "forbidden_role"
    with pytest.raises(TransitionError) as ei:
        do(make("closed"), "respond", "officer", message="x")
    assert ei.value.code == "illegal_transition"
    with pytest.raises(TransitionError) as ei:
        do(make(IP), "request_info", "verifier", message="x")  # only the agency asks here
    assert ei.value.code == "forbidden_role"


@pytest.mark.parametrize(
    "kw,code",
    [
        (dict(action="bogus", role="officer"), "invalid_value"),
        (dict(action="accept", role="ghost"), "invalid_value"),
    ],
)
def test_unknown_vocabulary(kw, code):
    with pytest.raises(TransitionError) as ei:
        apply(make(AS), kw["action"], kw["role"], T0, tz=TZ)
    assert ei.value.code == code


def test_naive_now_and_bad_tz():
    with pytest.raises(TransitionError) as ei:
        apply(make(AS), "accept", "officer", datetime(2025, 6, 2, 10), tz=TZ)
    assert ei.value.code == "invalid_value"
    with pytest.raises(TransitionError) as ei:
        apply(make(AS), "accept", "officer", T0, tz="Mars/Olympus")
    assert ei.value.code == "invalid_value"


def test_initial_state_and_submit():
    s = initial_state("aspiration")
    assert (s.status, s.version, s.due_at, s.escalation_level) == ("submitted", 0, None, 0)
    t = submit("complaint", T0, message="Jalan rusak")
    assert t.state.version == 1 and t.domain_events == ("complaint.submitted",)
    assert t.event.status_to == "submitted" and t.event.public_message == "Jalan rusak"
    with pytest.raises(TransitionError) as ei:
        initial_state("gossip")
    assert ei.value.code == "invalid_value"


# --------------------------------------------------------------------------- happy paths & deadlines
def test_happy_path_auto_routing():
    s = submit("complaint", T0).state
    t = do(s, "route_auto", "system", target_agency_id=AG)
    assert t.state.status == AS and t.state.agency_id == AG and t.domain_events == ("complaint.assigned",)
    assert t.state.due_at == wd(POLICY["first_response"][0])
    due = t.state.due_at
    t = do(t.state, "accept", "officer", T0 + timedelta(days=1))
    assert t.state.status == IP and t.state.due_at == due and t.domain_events == ("complaint.accepted",)
    now = T0 + timedelta(days=2)
    t = do(t.state, "respond", "officer", now, message="Sudah diperbaiki")
    assert t.state.status == "responded" and t.event.public_message == "Sudah diperbaiki"
    assert t.state.due_at == add_working_days(now, 10, TZ)
    t = do(t.state, "reporter_accept", "reporter", now, rating=5, message="Terima kasih")
    assert t.state.status == "completed" and t.state.rating == 5
    assert t.domain_events == ("complaint.completed", "complaint.feedback")
    assert t.state.due_at == add_calendar_days(now, 30, TZ)
    with pytest.raises(TransitionError):
        do(t.state, "close", "system", now + timedelta(days=29))
    t = do(t.state, "close", "system", t.state.due_at + timedelta(seconds=1))
    assert t.state.status == "closed" and t.state.due_at is None and t.domain_events == ("complaint.closed",)
    assert t.state.version == 6


def test_verification_path():
    s = submit("aspiration", T0).state
    t = do(s, "route_to_verification", "system", target_agency_id="kemenkes")
    assert t.state.status == AV and t.state.agency_id is None and t.event.data["suggested_agency_id"] == "kemenkes"
    assert t.state.due_at == wd(3) and t.domain_events == ("complaint.awaiting_verification",)
    with pytest.raises(TransitionError) as ei:
        do(t.state, "dispose", "verifier")
    assert ei.value.code == "missing_field"
    t = do(t.state, "dispose", "verifier", target_agency_id=AG)
    assert t.state.status == AS and t.state.agency_id == AG and t.state.due_at == wd(5)


def test_information_request_deadline_is_10_working_days():
    s = submit("information_request", T0).state
    t = do(s, "route_auto", "system", target_agency_id="kemenkes", tz="WIB")
    assert t.state.due_at == add_working_days(T0, 10, "WIB")


def test_route_auto_requires_target():
    with pytest.raises(TransitionError) as ei:
        do(initial_state("complaint"), "route_auto", "system")
    assert ei.value.code == "missing_field"


def test_respond_requires_message():
    for msg in (None, "", "   "):
        with pytest.raises(TransitionError) as ei:
            do(make(IP), "respond", "officer", message=msg)
        assert ei.value.code == "missing_field"
    with pytest.raises(TransitionError) as ei:
        do(make(IP), "respond", "officer", message=42)
    assert ei.value.code == "invalid_value"


def test_respond_directly_from_assigned_and_reopened():
    for st_ in (AS, RE):
        assert do(make(st_), "respond", "supervisor", message="ok").state.status == "responded"


def test_policy_table():
    assert POLICY == {
        "verification": (3, "working"),
        "first_response": (5, "working"),
        "information_request": (10, "working"),
        "information_extension": (7, "working"),
        "reporter_response": (10, "working"),
        "info_response": (10, "working"),
        "reopened": (5, "working"),
        "escalation": (5, "working"),
        "close_completed": (30, "calendar"),
        "close_rejected": (30, "calendar"),
        "appeal": (5, "working"),
        "referral": (30, "working"),
        "settlement": (60, "calendar"),
        "instruct_max": (30, "calendar"),
    }


def test_deadline_is_in_the_given_agency_timezone():
    s = initial_state("complaint")
    for tz, hour in (("WIB", 16), ("WITA", 15), ("WIT", 14)):
        due = do(s, "route_auto", "system", target_agency_id=AG, tz=tz).state.due_at
        assert (due.hour, due.minute, due.second) == (hour, 59, 59)


# --------------------------------------------------------------------------- pause / resume
def test_request_info_pauses_and_provide_info_resumes():
    s = make(IP, due=wd(5))  # Mon 2 Jun 2025 + 5 wd = Wed 11 Jun (6 Jun Idul Adha, 9 Jun cuti bersama)
    now = T0 + timedelta(days=1)  # Tue 3 Jun: 4, 5, 10, 11 Jun left → 4
    t = do(s, "request_info", "officer", now, message="Mohon foto lokasi")
    assert t.state.status == NI and t.state.paused_remaining == 4 and t.state.resume_status == IP
    assert t.state.due_at == add_working_days(now, POLICY["info_response"][0], TZ)  # reporter's deadline
    assert t.domain_events == ("complaint.info_requested",)
    later = now + timedelta(days=6)
    with pytest.raises(TransitionError) as ei:
        do(t.state, "provide_info", "reporter", later)
    assert ei.value.code == "missing_field"
    t2 = do(t.state, "provide_info", "reporter", later, message="Foto terlampir")
    assert t2.state.status == IP and t2.state.paused_remaining is None and t2.state.resume_status is None
    assert t2.state.due_at == add_working_days(later, 4, TZ)
    assert t2.domain_events == ("complaint.info_provided",)


def test_request_info_by_verifier_returns_to_verification():
    s = make(AV, due=wd(3))
    t = do(s, "request_info", "verifier", message="Lokasi persisnya?")
    assert t.state.resume_status == AV and t.state.paused_remaining == 3
    t = do(t.state, "provide_info", "reporter", T0 + timedelta(days=7), message="Jl. Merdeka 1")
    assert t.state.status == AV and t.state.agency_id is None


def test_request_info_when_overdue_keeps_zero_days():
    s = make(AS, due=wd(1))
    now = wd(3)
    t = do(s, "request_info", "officer", now, message="?")
    assert t.state.paused_remaining == 0
    t = do(t.state, "provide_info", "reporter", now + timedelta(days=1), message="!")
    assert t.state.due_at == add_working_days(now + timedelta(days=1), 0, TZ)


def test_expire_info_rejects_silent_reporter():
    t = do(make(IP), "request_info", "officer", message="?")
    assert overdue_action(t.state) == "expire_info"
    with pytest.raises(TransitionError) as ei:
        do(t.state, "expire_info", "system", t.state.due_at)
    assert ei.value.code == "illegal_transition"
    now = t.state.due_at + timedelta(seconds=1)
    t = do(t.state, "expire_info", "system", now)
    assert t.state.status == "rejected" and t.state.paused_remaining is None
    assert t.event.public_message and t.domain_events == ("complaint.rejected",)
    assert t.state.due_at == add_calendar_days(now, 30, TZ)


# --------------------------------------------------------------------------- extension (UU 14/2008)
def test_extension_once_for_information_requests():
    s = make(IP, kind="information_request", due=wd(10))
    with pytest.raises(TransitionError) as ei:
        do(s, "extend", "officer")
    assert ei.value.code == "missing_field"
    t = do(s, "extend", "officer", reason="Dokumen di arsip daerah")
    assert t.state.info_extension_used and t.state.due_at == add_working_days(wd(10), 7, TZ)
    assert working_days_between(T0, t.state.due_at, TZ) == 17
    assert t.domain_events == ("complaint.extended",)
    with pytest.raises(TransitionError) as ei:
        do(t.state, "extend", "officer", reason="lagi")
    assert ei.value.code == "illegal_transition"


def test_extension_rules():
    with pytest.raises(TransitionError) as ei:
        do(make(IP, kind="complaint"), "extend", "officer", reason="x")
    assert ei.value.code == "illegal_transition"
    late = make(IP, kind="information_request", due=wd(1))
    with pytest.raises(TransitionError) as ei:
        do(late, "extend", "officer", wd(2), reason="x")
    assert ei.value.code == "illegal_transition"


# --------------------------------------------------------------------------- transfer
def test_transfer_to_named_agency_goes_straight_to_assigned():
    s = make(IP, level=1)
    t = do(s, "transfer", "officer", target_agency_id="pemprov-51", reason="Jalan provinsi", tz="WITA")
    assert t.state.status == AS and t.state.agency_id == "pemprov-51" and t.state.due_at == wd(5)
    assert t.state.escalation_level == 1  # never goes down
    assert t.domain_events == ("complaint.transferred", "complaint.assigned")
    assert t.event.action == "transfer" and t.event.data["transient_status"] == "transferred"
    assert t.event.data["misrouted"] is True
    assert (t.event.data["from_agency_id"], t.event.data["to_agency_id"]) == (AG, "pemprov-51")


def test_transfer_without_target_goes_back_to_verification():
    t = do(make(AS), "transfer", "supervisor", reason="Bukan kewenangan kami")
    assert t.state.status == AV and t.state.agency_id is None and t.state.due_at == wd(3)
    assert t.domain_events == ("complaint.transferred", "complaint.awaiting_verification")


def test_transfer_validation():
    with pytest.raises(TransitionError) as ei:
        do(make(AS), "transfer", "officer", target_agency_id="pemprov-51")
    assert ei.value.code == "missing_field"
    with pytest.raises(TransitionError) as ei:
        do(make(AS), "transfer", "officer", target_agency_id=AG, reason="x")
    assert ei.value.code == "invalid_value"


# --------------------------------------------------------------------------- reject / note / reopen / rate
def test_reject_needs_reason_reporter_sees_it():
    with pytest.raises(TransitionError) as ei:
        do(make(AV), "reject", "verifier")
    assert ei.value.code == "missing_field"
    t = do(make(AV), "reject", "verifier", reason="Laporan ganda (duplikat)")
    assert t.state.status == "rejected" and t.event.public and t.event.public_message == "Laporan ganda (duplikat)"
    assert t.state.due_at == add_calendar_days(T0, 30, TZ)
    assert overdue_action(t.state) == "close"
    t = do(t.state, "close", "system", t.state.due_at + timedelta(minutes=1))
    assert t.state.status == "closed"


def test_note_is_internal_and_keeps_state():
    s = make(IP)
    t = do(s, "note", "coordinator", note="Sudah ditelepon")
    assert t.state == replace(s, version=s.version + 1)
    assert not t.event.public and t.event.internal_note == "Sudah ditelepon" and t.event.public_message is None
    assert t.domain_events == ("complaint.note",)
    with pytest.raises(TransitionError) as ei:
        do(s, "note", "officer")
    assert ei.value.code == "missing_field"
    assert do(make("closed"), "note", "admin", note="arsip").state.status == "closed"


def test_reporter_cannot_attach_internal_note():
    with pytest.raises(TransitionError) as ei:
        do(make("responded"), "reporter_accept", "reporter", note="psst")
    assert ei.value.code == "invalid_value"


def test_reporter_reject_reopens_one_level_up():
    s = make("responded", level=1, due=wd(10))
    with pytest.raises(TransitionError) as ei:
        do(s, "reporter_reject", "reporter")
    assert ei.value.code == "missing_field"
    t = do(s, "reporter_reject", "reporter", reason="Belum diperbaiki")
    assert t.state.status == RE and t.state.escalation_level == 2 and t.state.reopen_count == 1
    assert t.state.agency_id == AG and t.state.due_at == wd(5)
    assert t.event.data["escalation"]["handler_agency_id"] == "pemprov-51"
    assert t.domain_events == ("complaint.reopened",)
    t = do(t.state, "accept", "officer")
    assert t.state.status == IP


def test_reopen_at_top_level_stays_at_top():
    t = do(make("responded", level=4), "reporter_reject", "reporter", reason="x")
    assert t.state.escalation_level == 4 and t.event.data["escalation"] is None


def test_rate_once_on_completed():
    s = make("completed")
    t = do(s, "rate", "reporter", rating=3, message="Lumayan")
    assert t.state.rating == 3 and t.state.status == "completed" and t.domain_events == ("complaint.feedback",)
    assert t.event.data["comment"] == "Lumayan"
    with pytest.raises(TransitionError) as ei:
        do(t.state, "rate", "reporter", rating=4)
    assert ei.value.code == "illegal_transition"


@pytest.mark.parametrize("bad", [None, 0, 6, True, 2.5, "5"])
def test_rating_values(bad):
    with pytest.raises(TransitionError) as ei:
        do(make("completed"), "rate", "reporter", rating=bad)
    assert ei.value.code == "invalid_value"


def test_reporter_accept_with_bad_rating():
    with pytest.raises(TransitionError) as ei:
        do(make("responded"), "reporter_accept", "reporter", rating=9)
    assert ei.value.code == "invalid_value"


def test_auto_complete_only_after_reporter_deadline():
    s = make("responded", due=wd(10))
    with pytest.raises(TransitionError):
        do(s, "auto_complete", "system", wd(10))
    t = do(s, "auto_complete", "system", wd(10) + timedelta(seconds=1))
    assert t.state.status == "completed" and t.event.data["auto"] is True


# --------------------------------------------------------------------------- escalation
def test_escalate_overdue_case():
    s = make(IP, due=wd(5))
    assert not is_overdue(s, wd(5)) and is_overdue(s, wd(5) + timedelta(seconds=1))
    with pytest.raises(TransitionError) as ei:
        do(s, "escalate", "system", wd(5))
    assert ei.value.code == "illegal_transition"
    now = wd(6)
    t = do(s, "escalate", "system", now)
    assert t.state.status == IP and t.state.escalation_level == 1
    assert t.state.due_at == add_working_days(now, POLICY["escalation"][0], TZ)
    assert t.event.data["breached_agency_id"] == AG and t.event.data["level"] == 1
    assert t.event.data["handler_role"] == "supervisor"
    assert t.domain_events == ("complaint.escalated",)


def test_escalation_climbs_the_ladder_to_ombudsman():
    s = make(AS, due=wd(5))
    handlers = []
    now = T0
    while overdue_action(s) == "escalate":
        now = s.due_at + timedelta(hours=1)
        t = do(s, "escalate", "system", now)
        handlers.append((t.state.escalation_level, t.event.data["handler_agency_id"]))
        s = t.state
    assert handlers == [(1, AG), (2, "pemprov-51"), (3, "kemenpanrb"), (4, "ombudsman")]
    # the top is the referral: the Ombudsman's, with its own deadline, and past it Salur closes it as referred
    assert s.status == "referred" and (s.owner_agency_id, s.owner_role) == ("ombudsman", "ombudsman")
    assert s.due_at > now and overdue_action(s) == "close"
    closed = do(s, "close", "system", s.due_at + timedelta(hours=1)).state
    assert closed.status == "closed" and closed.due_at is None


def test_settlement_limit_refers_whatever_the_level():
    s = submit("complaint", T0, tz=TZ).state
    s = do(s, "route_auto", "system", T0, target_agency_id=AG).state
    assert s.settle_by == add_calendar_days(T0, 60, TZ)
    late = s.settle_by + timedelta(hours=1)
    s = replace(s, due_at=s.settle_by)
    t = do(s, "escalate", "system", late)
    assert t.state.status == "referred" and t.state.escalation_level == 4
    assert t.event.data["settlement_passed"] is True and "complaint.referred" in t.domain_events
    # an agency deadline never runs past the settlement limit
    near = replace(s, due_at=s.settle_by - timedelta(days=10), escalation_level=0)
    step = do(near, "escalate", "system", near.due_at + timedelta(hours=1)).state
    assert step.due_at <= s.settle_by


def _escalated(level=2, **kw):
    return replace(make(AS, level=level), owner_agency_id="pemprov-51", owner_role="coordinator", **kw)


def test_owner_actions_need_the_owner_role():
    s = _escalated()
    with pytest.raises(TransitionError) as ei:
        do(s, "instruct", "supervisor", note="x", due_at=T0 + timedelta(days=2))
    assert ei.value.code == "forbidden_role"
    with pytest.raises(TransitionError):
        do(make(AS), "instruct", "admin", note="x", due_at=T0 + timedelta(days=2))  # not escalated
    t = do(s, "instruct", "coordinator", note="Segera perbaiki", due_at=T0 + timedelta(days=2))
    assert t.state.due_at == T0 + timedelta(days=2) and t.state.status == AS and t.event.internal_note
    assert t.domain_events == ("complaint.instructed",)
    for bad in (None, T0 - timedelta(days=1), T0 + timedelta(days=40)):
        with pytest.raises(TransitionError):
            do(s, "instruct", "coordinator", note="x", due_at=bad)
    t = do(s, "take_over", "coordinator", target_agency_id="pemprov-51")
    assert t.state.agency_id == "pemprov-51" and t.state.status == AS
    t = do(s, "conclude", "coordinator", reason="Sudah diselesaikan di lapangan")
    assert t.state.status == "closed" and t.event.public_message
    t = do(s, "refer", "coordinator", reason="Maladministrasi berulang")
    assert t.state.status == "referred" and t.state.owner_agency_id == "ombudsman"
    t = do(t.state, "instruct", "ombudsman", note="Tindak lanjuti", due_at=T0 + timedelta(days=3))
    assert t.state.status == AS and t.state.owner_role == "ombudsman"


def test_appeal_once_one_level_up():
    s = do(make(IP), "reject", "officer", reason="Bukan kewenangan").state
    t = do(s, "appeal", "reporter", reason="Ini jelas kewenangan kabupaten")
    assert t.state.status == RE and t.state.escalation_level == 1 and t.state.owner_role == "supervisor"
    assert t.state.appealed and t.domain_events == ("complaint.appealed",)
    again = do(t.state, "reject", "officer", reason="Tetap bukan").state
    with pytest.raises(TransitionError) as ei:
        do(again, "appeal", "reporter", reason="Sekali lagi")
    assert ei.value.code == "illegal_transition"


@pytest.mark.parametrize(
    "status,level,expected",
    [
        ("responded", 0, "auto_complete"),
        ("completed", 0, "close"),
        ("rejected", 0, "close"),
        (NI, 0, "expire_info"),
        (AV, 0, "escalate"),
        (AS, 3, "escalate"),
        (IP, 2, "escalate"),
        (RE, 1, "escalate"),
        (IP, 4, "escalate"),  # past the top: the referral again
        ("referred", 4, "close"),
        ("closed", 0, None),
        ("submitted", 0, "route_to_verification"),
    ],
)
def test_overdue_action(status, level, expected):
    assert overdue_action(make(status, level=level)) == expected


def test_allowed_actions_examples():
    assert allowed_actions("responded", "reporter") == ("reporter_accept", "reporter_reject")
    assert allowed_actions("closed", "reporter") == ()
    assert set(allowed_actions(IP, "officer")) == {"respond", "request_info", "transfer", "extend", "reject", "note"}
    assert allowed_actions("submitted", "system") == ("route_auto", "route_to_verification")


def test_numbers_from_storage_are_coerced():
    from decimal import Decimal

    s = replace(make(NI), paused_remaining=Decimal(3), version=Decimal(7), escalation_level=Decimal(1))
    t = do(s, "provide_info", "reporter", message="ok")
    assert t.state.due_at == wd(3) and t.state.version == 8 and type(t.state.escalation_level) is int
    with pytest.raises(TransitionError) as ei:
        do(replace(make(NI), paused_remaining=Decimal("2.5")), "provide_info", "reporter", message="ok")
    assert ei.value.code == "invalid_value"


def test_event_serialises():
    t = do(make(IP, due=wd(5)), "escalate", "system", wd(6))
    d = t.event.to_dict()
    assert d["action"] == "escalate" and isinstance(d["at"], str) and d["data"]["due_at"].endswith("+00:00")
    err = TransitionError("missing_field", "Kolom wajib", "Required", field="x")
    assert err.to_dict() == {"code": "missing_field", "message_id": "Kolom wajib", "message_en": "Required",
                             "field": "x"}


# --------------------------------------------------------------------------- properties
AGENCIES = [None, AG, "pemprov-51", "kemenkes", "pemkot-31.71"]
TZS = ["WIB", "WITA", "WIT"]


def check_invariants(s: CaseState) -> None:
    assert s.status in STATUSES and s.status in STORED_STATUSES
    paused = s.status == NI
    assert paused == (s.paused_remaining is not None) == (s.resume_status is not None)
    if paused:
        assert s.paused_remaining >= 0 and s.resume_status in ACTIVE_STATUSES
    if s.status in TERMINAL or s.status == "submitted":
        assert s.due_at is None
    if s.status in OPEN_STATUSES:
        assert s.due_at is not None and s.due_at.utcoffset() == timedelta(0)
    assert 0 <= s.escalation_level <= 4
    if s.status == "referred":
        assert s.owner_agency_id == "ombudsman" and s.escalation_level == 4
    if s.status in (AS, IP, RE, "responded"):
        assert s.agency_id is not None
    if s.status == AV:
        assert s.agency_id is None
    assert s.rating is None or 1 <= s.rating <= 5
    assert not s.info_extension_used or s.kind == "information_request"
    assert s.reopen_count >= 0


@st.composite
def steps(draw, start_state, start_now):
    """Drive a case with a mix of sweeper moves, legal-looking and arbitrary (action, role) pairs."""
    state, now = start_state, start_now
    history = []
    for _ in range(draw(st.integers(min_value=0, max_value=30))):
        minutes = draw(st.one_of(st.integers(0, 600), st.integers(0, 20 * 24 * 60)))
        now = now + timedelta(minutes=minutes)
        mode = draw(st.sampled_from(["sweeper", "legal", "legal", "legal", "arbitrary"]))
        if mode == "sweeper" and overdue_action(state) is not None:
            action, role = overdue_action(state), "system"
            if state.due_at is not None and draw(st.booleans()):
                now = max(now, state.due_at + timedelta(seconds=1))
        elif mode in ("legal", "sweeper"):
            actions = sorted({a for r in ROLES for a in allowed_actions(state.status, r)} - {"note"}) or ["note"]
            if len(actions) > 1 and draw(st.integers(0, 3)):  # rejection is absorbing: make it rarer
                actions = [a for a in actions if a != "reject"]
            action = draw(st.sampled_from(actions))
            role = draw(st.sampled_from([r for r in ROLES if action in allowed_actions(state.status, r)]))
        else:
            action = draw(st.sampled_from([*ACTIONS, "bogus"]))
            role = draw(st.sampled_from([*ROLES, "nobody"]))
        kw = dict(
            tz=draw(st.sampled_from(TZS)),
            target_agency_id=draw(st.sampled_from(AGENCIES)),
            message=draw(st.sampled_from(["pesan", "pesan", "pesan", None, ""])),
            reason=draw(st.sampled_from(["alasan", "alasan", None])),
            note=None if role == "reporter" and draw(st.booleans()) else draw(st.sampled_from([None, "catatan"])),
            rating=draw(st.sampled_from([None, 1, 3, 5, 0, 6])),
        )
        try:
            t = apply(state, action, role, now, **kw)
        except TransitionError as e:
            assert e.code in TransitionError.CODES
            history.append((action, role, e.code))
            continue
        assert t.state.version == state.version + 1
        assert t.event.status_from == state.status and t.event.status_to == t.state.status
        assert t.event.at == now
        check_invariants(t.state)
        history.append((action, role, t.state.status))
        state = t.state
    return state, now, history


@st.composite
def reachable(draw):
    kind = draw(st.sampled_from(vocabulary.KINDS))
    start = draw(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)))
    t = submit(kind, start)
    check_invariants(t.state)
    return draw(steps(t.state, start))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run=reachable())
def test_random_sequences_stay_legal(run):
    state, _, _ = run
    check_invariants(state)


def drive_to_closed(state: CaseState, now: datetime, tz: str) -> list[str]:
    """What the sweeper does (system actions once overdue) while the reporter stays
    silent; at the top of the ladder the agency eventually answers."""
    trail = []
    for _ in range(30):
        if state.status == "closed":
            return trail
        action = overdue_action(state)
        if action is not None:
            role, kw = "system", {}
            if state.due_at is not None:
                now = max(now, state.due_at) + timedelta(minutes=1)
        elif state.status == AV:
            action, role, kw = "dispose", "verifier", {"target_agency_id": AG}
        else:
            assert state.status in (AS, IP, RE), state
            action, role, kw = "respond", "officer", {"message": "Tindak lanjut"}
        t = apply(state, action, role, now, tz=tz, **kw)
        check_invariants(t.state)
        assert t.state.due_at is None or t.state.due_at > now
        trail.append(action)
        state = t.state
    raise AssertionError(f"not closed after 30 steps: {trail}")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run=reachable(), tz=st.sampled_from(TZS))
def test_every_case_ends_closed(run, tz):
    state, now, _ = run
    trail = drive_to_closed(state, now, tz)
    # worst case from submitted: route_to_verification, 4 escalations, dispose, respond,
    # auto_complete, close
    assert len(trail) <= 9


def test_the_vocabulary_names_every_action_the_lifecycle_knows():
    assert set(ACTIONS) == set(vocabulary.ACTIONS)
    assert {a for a, by_role in lc.RULES.items() if "system" in by_role} == set(vocabulary.SYSTEM_ACTIONS)
