"""The reporter's offered actions (``case_views.reporter_actions``) against the lifecycle (pure, a property):
over every stored status and the per-case facts the lifecycle checks (rated, appealed, with an agency), an
action is offered exactly when ``lifecycle.apply`` accepts the reporter's request it names."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import lifecycle
from chalicelib.domain.case_views import FEEDBACK_ACTIONS, REPORTER_ENDPOINTS, reporter_actions
from chalicelib.domain.vocabulary import REPORTER_ACTIONS

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
INPUTS = {"message": "Lokasinya di depan pasar.", "reason": "Masalahnya belum selesai.", "rating": 4}


def accepted(state: lifecycle.CaseState, action: str) -> bool:
    try:
        lifecycle.apply(state, action, "reporter", NOW, tz="WITA", **INPUTS)
    except lifecycle.TransitionError:
        return False
    return True


@settings(max_examples=300)
@given(status=st.sampled_from(sorted(lifecycle.STORED_STATUSES)), rating=st.one_of(st.none(), st.integers(1, 5)),
       appealed=st.booleans(), agency=st.sampled_from([None, "pemkab-51.04"]))
def test_offered_exactly_when_the_lifecycle_accepts(status, rating, appealed, agency):
    paused = status == lifecycle.NEEDS_INFO
    state = lifecycle.CaseState(status=status, kind="complaint", agency_id=agency, escalation_level=0,
                                due_at=NOW + timedelta(days=3), paused_remaining=3 if paused else None,
                                resume_status=lifecycle.IN_PROGRESS if paused and agency else None, reopen_count=0,
                                version=1, rating=rating, appealed=appealed)
    case = {"tracking_id": "ABCD-1234", "status": status, "rating": rating, "appealed": appealed, "agency_id": agency}
    offered = {o["action"]: o for o in reporter_actions(case)}
    for action in REPORTER_ACTIONS:
        word, suffix, decision = REPORTER_ENDPOINTS[action]
        assert (word in offered) == accepted(state, action), (status, action)
        if word in offered:
            assert offered[word] == {"action": word, "method": "POST", "path": f"/v1/complaints/ABCD-1234{suffix}",
                                     "decision": decision}


def test_every_reporter_action_has_one_endpoint_and_feedback_decisions_map_back():
    assert set(REPORTER_ENDPOINTS) == set(REPORTER_ACTIONS)
    words = [w for w, _s, _d in REPORTER_ENDPOINTS.values()]
    assert len(set(words)) == len(words)
    assert FEEDBACK_ACTIONS == {"accept": "reporter_accept", "reject": "reporter_reject", "appeal": "appeal",
                                None: "rate"}
