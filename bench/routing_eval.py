"""Evaluate the routing engine on tests/data/routing_eval.jsonl.

Usage: .venv/bin/python bench/routing_eval.py [--split dev|heldout|all] [--misses N] [--file PATH ...]
(--file evaluates other JSONL sets of the same shape, e.g. tests/data/routing_eval_blind.jsonl, all rows.)
Prints N, top-1 accuracy, share auto-routed (confidence >= threshold), precision among auto-routed,
a per-level breakdown (level of the expected agency) and the misses.

Rows with ``"expect": "verification"`` name no service, office or place: they are right when the decision
is NOT auto-routed (it waits for a human), and an auto-routed one counts as a wrong automatic route.
Rows may carry ``lat``/``lon`` like an app's GPS; they are passed to the engine.

``--calibration`` prints, over all the files given (default: every tuned set and the two dev sets), the share
of right decisions per confidence bucket: a calibrated engine's accuracy rises with its confidence, and the
buckets at or above the threshold are the automatic routes.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from chalicelib.domain.directory import get_directory  # noqa: E402
from chalicelib.domain.routing import AUTO_ROUTE_THRESHOLD, RoutingInput, route  # noqa: E402

DATA = os.path.join(ROOT, "tests", "data", "routing_eval.jsonl")


def load(split="all", path=DATA):
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(l) for l in fh if l.strip()]
    return [r for r in rows if split == "all" or r.get("split") == split]


def row_input(r) -> RoutingInput:
    return RoutingInput(kind="complaint", title=r.get("title", ""), body=r.get("body", ""),
                        region_code=r.get("region_code"), district_code=r.get("district_code"),
                        location_text=r.get("location_text"), agency_id=r.get("agency_id"),
                        lat=r.get("lat"), lon=r.get("lon"))


def evaluate(rows, memory=None):
    d = get_directory()
    res = {"n": 0, "correct": 0, "auto": 0, "auto_correct": 0, "levels": {}, "misses": []}
    for r in rows:
        dec = route(row_input(r), memory=memory)
        auto = dec.confidence >= AUTO_ROUTE_THRESHOLD
        if r.get("expect") == "verification":
            ok, lvl = not auto, "verification"
        else:
            ok = dec.agency_id in r["acceptable"]
            lvl = d.agencies[r["acceptable"][0]].level
        L = res["levels"].setdefault(lvl, [0, 0, 0, 0])
        L[0] += 1; L[1] += ok; L[2] += auto; L[3] += auto and ok
        res["n"] += 1; res["correct"] += ok; res["auto"] += auto; res["auto_correct"] += auto and ok
        if not ok or not auto:
            res["misses"].append((r["id"], ok, dec.agency_id, dec.confidence, r["acceptable"], r.get("matter"),
                                  dec.matter["id"] if dec.matter else None, r["title"]))
    n = max(1, res["n"])
    res["top1"] = res["correct"] / n
    res["auto_share"] = res["auto"] / n
    res["auto_precision"] = res["auto_correct"] / max(1, res["auto"])
    return res


def report(name, res, misses=50):
    print(f"== {name}: N={res['n']}  top-1={res['top1']:.3f}  auto-routed={res['auto_share']:.3f}  "
          f"precision(auto)={res['auto_precision']:.3f}  (threshold {AUTO_ROUTE_THRESHOLD})")
    for lvl, (n, ok, auto, aok) in sorted(res["levels"].items()):
        print(f"   {lvl:9s} n={n:3d} top-1={ok / n:.3f} auto={auto / n:.3f} precision(auto)={aok / max(1, auto):.3f}")
    if misses:
        wrong = [m for m in res["misses"] if not m[1]]
        low = [m for m in res["misses"] if m[1]]
        print(f"   wrong ({len(wrong)}):")
        for m in wrong[:misses]:
            print(f"     {m[0]} got={m[2]} conf={m[3]} want={m[4]} matter={m[5]} got_matter={m[6]} | {m[7]}")
        print(f"   right but below threshold ({len(low)}):")
        for m in low[:misses]:
            print(f"     {m[0]} got={m[2]} conf={m[3]} matter={m[5]} | {m[7]}")


BUCKETS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)


def calibration(paths):
    """Confidence bucket -> (n, accuracy) per file and pooled; a verification row is right when not auto-routed
    and, for this table, counts as right in any bucket below the threshold."""
    pooled = [[0, 0] for _ in BUCKETS[:-1]]
    print("set".ljust(28) + "".join(f"{lo:.2f}-{hi if hi <= 1 else 1.0:.2f}".rjust(14)
                                    for lo, hi in zip(BUCKETS, BUCKETS[1:])))
    for path in paths:
        cells = [[0, 0] for _ in BUCKETS[:-1]]
        for r in load("all", path):
            dec = route(row_input(r))
            auto = dec.confidence >= AUTO_ROUTE_THRESHOLD
            ok = (not auto) if r.get("expect") == "verification" else dec.agency_id in r["acceptable"]
            b = next(i for i, (lo, hi) in enumerate(zip(BUCKETS, BUCKETS[1:])) if lo <= dec.confidence < hi)
            for c in (cells, pooled):
                c[b][0] += 1
                c[b][1] += ok
        print(os.path.basename(path).ljust(28) + "".join(
            (f"{ok / n:.2f} ({n})" if n else "-").rjust(14) for n, ok in cells))
    print("ALL".ljust(28) + "".join((f"{ok / n:.2f} ({n})" if n else "-").rjust(14) for n, ok in pooled))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="both", choices=["dev", "heldout", "all", "both"])
    ap.add_argument("--misses", type=int, default=40)
    ap.add_argument("--sweep", action="store_true", help="auto-route share/precision for several thresholds")
    ap.add_argument("--file", action="append", default=[], help="evaluate this JSONL file (all rows); repeatable")
    ap.add_argument("--calibration", action="store_true", help="confidence bucket -> accuracy over the files")
    a = ap.parse_args()
    if a.calibration:
        calibration(a.file or [os.path.join(ROOT, "tests", "data", f"routing_eval{s}.jsonl")
                               for s in ("", "_blind", "_blind2", "_blind3", "_fresh15", "_blind4", "_blind8")])
        sys.exit(0)
    files = [(os.path.basename(f), f) for f in a.file]
    if a.sweep:
        import chalicelib.domain.routing as R
        sets = [(f, "all", p) for f, p in files] or [(s, s, DATA) for s in ("dev", "heldout")]
        for s, split, path in sets:
            rows = load(split, path)
            for th in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
                R.AUTO_ROUTE_THRESHOLD = th
                globals()["AUTO_ROUTE_THRESHOLD"] = th
                res = evaluate(rows)
                print(f"{s:8s} threshold={th:.2f} auto={res['auto_share']:.3f} precision(auto)={res['auto_precision']:.3f}")
        sys.exit(0)
    if files:
        for name, path in files:
            report(name, evaluate(load("all", path)), a.misses)
        sys.exit(0)
    splits = ["dev", "heldout", "all"] if a.split == "both" else [a.split]
    for s in splits:
        report(s, evaluate(load(s)), a.misses if s != "all" else 0)
