"""Case memory on moto: one item per (matter, place), each case counted once, read by GetItem."""
from chalicelib.adapters.case_memory_store import CaseMemoryStore
from chalicelib.domain.routing import RoutingInput, route


def test_landings_are_counted_once_per_case_and_read_back(aws):
    store = CaseMemoryStore()
    assert store.lookup("fisheries", "33.10") is None
    assert store.land("fisheries", "33.10", "pemprov-33", "SLR-1")
    assert not store.land("fisheries", "33.10", "pemprov-33", "SLR-1")  # the same case again: not counted
    for i in range(2, 6):
        assert store.land("fisheries", "33.10", "pemprov-33", f"SLR-{i}")
    store.land("fisheries", "33.10", "kkp", "SLR-9")
    assert store.lookup("fisheries", "33.10") == {"pemprov-33": 5, "kkp": 1}
    assert store.lookup("fisheries", "33.11") is None


def test_the_router_reads_the_store(aws):
    store = CaseMemoryStore()
    for i in range(6):
        store.land("water_pdam", "NAT", "kemen-pu", f"SLR-W{i}")
    d = route(RoutingInput(title="Air mati", body="air PDAM mati"), memory=store.lookup)
    assert any(r["code"] == "case_memory" for r in d.reasons)
