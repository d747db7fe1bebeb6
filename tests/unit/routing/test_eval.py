"""Targets on the evaluation set (tests/data/routing_eval.jsonl)."""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import routing_eval  # noqa: E402


def test_eval_targets():
    rows = routing_eval.load("all")
    assert len(rows) >= 300
    res = routing_eval.evaluate(rows)
    assert res["top1"] >= 0.90, res["top1"]
    assert res["auto_share"] >= 0.90, res["auto_share"]
    assert res["auto_precision"] >= 0.95, res["auto_precision"]


def test_eval_set_covers_all_provinces_and_levels():
    import json

    from chalicelib.domain.directory import get_directory

    d = get_directory()
    rows = routing_eval.load("all")
    levels = {d.agencies[r["acceptable"][0]].level for r in rows}
    assert levels == {"national", "province", "regency", "city"}
    provs = set()
    for r in rows:
        for code in (r.get("region_code"), r.get("district_code")):
            if code:
                provs.add(code[:2])
        for a in r["acceptable"]:
            if d.agencies[a].province_code:
                provs.add(d.agencies[a].province_code)
    assert len(provs) >= 36  # the rest are named in the text only
    assert all(json.dumps(r) for r in rows)


BLIND = {
    # written without looking at the engine (blind) / after the last tuning round and measured once (blind2)
    "routing_eval_blind.jsonl": 200,
    "routing_eval_blind2.jsonl": 60,
    # written before opening the engine, measured once at top-1 0.875 / auto 0.950 / precision 0.908, then tuned
    # with general rules only (no longer blind after that round)
    "routing_eval_blind3.jsonl": 80,
}


def test_blind_eval_targets():
    for name, n in BLIND.items():
        path = os.path.join(ROOT, "tests", "data", name)
        rows = routing_eval.load("all", path)
        assert len(rows) == n, name
        res = routing_eval.evaluate(rows)
        assert res["top1"] >= 0.90, (name, res["top1"])
        assert res["auto_share"] >= 0.90, (name, res["auto_share"])
        assert res["auto_precision"] >= 0.95, (name, res["auto_precision"])


def test_blind_ids_exist():
    from chalicelib.domain.directory import get_directory

    d = get_directory()
    for name in BLIND:
        for r in routing_eval.load("all", os.path.join(ROOT, "tests", "data", name)):
            for a in r["acceptable"] + ([r["agency_id"]] if r.get("agency_id") else []):
                assert d.agency(a) is not None, (r["id"], a)


#: stop 20's sets by outside writers: 11-14 tuned on in rounds 4-6, 15-16 held out (first and last readings in
#: docs/routing-evaluation.md); a floor under each, so a later change cannot quietly undo them
STOP20 = {f"routing_eval_blind{n}.jsonl": size for n, size in ((11, 150), (12, 150), (13, 150), (14, 150),
                                                                 (15, 120), (16, 120))}


def test_stop20_sets_keep_their_floor_and_name_real_agencies():
    from chalicelib.domain.directory import get_directory

    d = get_directory()
    for name, n in STOP20.items():
        rows = routing_eval.load("all", os.path.join(ROOT, "tests", "data", name))
        assert len(rows) == n, name
        assert all(d.agency(a) is not None for r in rows for a in r["acceptable"]), name
        res = routing_eval.evaluate(rows)
        assert res["top1"] >= 0.95, (name, res["top1"])
        assert res["auto_share"] >= 0.80, (name, res["auto_share"])
        assert res["auto_precision"] >= 0.95, (name, res["auto_precision"])
