"""Case memory: a bounded signal from where similar complaints finally landed."""
from routing_helpers import codes

from chalicelib.domain.directory import get_directory
from chalicelib.domain.routing import RoutingInput, case_memory, route

KNOWN = get_directory().agencies


def test_too_few_or_split_corrections_give_no_signal():
    assert case_memory.signal(None, KNOWN) is None
    assert case_memory.signal({"kemenhub": 2}, KNOWN) is None                  # fewer than MIN_CASES
    assert case_memory.signal({"kemenhub": 3, "pemkab-33.10": 3}, KNOWN) is None  # split
    assert case_memory.signal({"no-such-agency": 9}, KNOWN) is None            # unknown agencies never count


def test_the_weight_is_bounded_by_one_strong_phrase():
    aid, w, n = case_memory.signal({"kemenhub": 10_000}, KNOWN)
    assert aid == "kemenhub" and w <= case_memory.MAX_WEIGHT and n == case_memory.COUNT_CAP


def test_remember_counts_one_case_and_caps():
    c = case_memory.remember(None, "kemenhub")
    assert c == {"kemenhub": 1}
    for _ in range(100):
        c = case_memory.remember(c, "kemenhub")
    assert c["kemenhub"] == case_memory.COUNT_CAP


def _decide(memory_counts, title, body, **kw):
    seen = []

    def memory(matter_id, place_key):
        seen.append((matter_id, place_key))
        return memory_counts

    return route(RoutingInput(title=title, body=body, **kw), memory=memory), seen


def test_a_consistent_memory_moves_a_weak_decision_and_says_so():
    body = "Guru honorer belum digaji tiga bulan."   # one normal cue for a regency matter
    d0 = route(RoutingInput(title="Keluhan", body=body, region_code="33.10"))
    assert d0.agency_id == "pemkab-33.10"
    d, seen = _decide({"kemendikdasmen": 6}, "Keluhan", body, region_code="33.10")
    assert seen == [(d0.matter["id"], "33.10")]          # keyed by matter and place, read once
    assert d.agency_id == "kemendikdasmen" and "case_memory" in codes(d)


def test_one_bad_correction_cannot_redirect_a_clear_matter():
    d, _ = _decide({"kemenhub": 1}, "Listrik padam", "listrik PLN padam tiap malam, token hangus")
    assert d.agency_id == "pln" and "case_memory" not in codes(d)
    d, _ = _decide({"kemenhub": 50}, "Listrik padam", "listrik PLN padam tiap malam, token hangus")
    assert d.agency_id != "kemenhub" or d.needs_verification   # at most a contest, never a silent redirect


def test_a_memory_that_fails_is_no_memory():
    def broken(_m, _p):
        raise RuntimeError("table gone")

    d = route(RoutingInput(title="Listrik padam", body="listrik PLN padam tiap malam"), memory=broken)
    assert d.agency_id == "pln"
