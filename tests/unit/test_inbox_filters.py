"""The inbox's query filters as a parser (property test): anything in, either checked filters or a refusal."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.refusals import Invalid
from chalicelib.services.agency_desk import QUERY_MAX, inbox_filters

NAMES = ("matter", "channel", "escalation_level", "due_before", "created_from", "created_to", "q", "other")


@given(st.dictionaries(st.sampled_from(NAMES), st.text(max_size=120)))
def test_filters_are_checked_or_refused(params):
    try:
        out = inbox_filters(params)
    except Invalid as exc:
        assert exc.fields and set(exc.fields) <= set(NAMES) - {"other"}
        return
    assert set(out) <= set(NAMES) - {"other"}
    if "escalation_level" in out:
        assert 0 <= out["escalation_level"] <= 4
    if "q" in out:
        assert 0 < len(out["q"]) <= QUERY_MAX and out["q"] == out["q"].casefold()
    for name in ("due_before", "created_from", "created_to"):
        if name in out:
            assert len(out[name]) == 10 and out[name][4] == out[name][7] == "-"


def test_known_values_pass():
    assert inbox_filters({"matter": "road_local", "escalation_level": "2", "q": " Jalan ", "due_before": "2026-12-31"}) \
        == {"matter": "road_local", "escalation_level": 2, "q": "jalan", "due_before": "2026-12-31"}
