"""Case-memory replay: corrections from one set applied to another, and how much they help.

Usage: .venv/bin/python -m bench.memory_replay [--train FILE ...] [--test FILE ...]
Every train row is routed and then "lands" at its first acceptable agency (what a verifier would dispose it
to): the landing is remembered under (matter the router found, place key), exactly as the desk does through
``CaseMemoryStore.land``.  Then the test rows are routed with and without that memory; the bench prints
top-1 / auto-routed / precision of the auto-routed for both, and the first half -> second half of each set.
All sets named here are development sets (tuned on); the figures say how the mechanism behaves, not how
Salur does on unseen complaints.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.routing_eval import evaluate, load, row_input  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = [os.path.join(ROOT, "tests", "data", f) for f in
           ("routing_eval.jsonl", "routing_eval_blind.jsonl", "routing_eval_blind2.jsonl", "routing_eval_blind3.jsonl")]


def memory_from(rows) -> dict:
    from chalicelib.domain.routing import case_memory, route

    mem: dict = {}
    for r in rows:
        if not r.get("acceptable"):
            continue
        d = route(row_input(r))
        if d.matter is None:
            continue
        region = d.region or {}
        place = case_memory.place_key(d.matter["id"], region.get("parent_code") or region.get("code"))
        k = (d.matter["id"], place)
        mem[k] = case_memory.remember(mem.get(k), r["acceptable"][0])
    return mem


def line(label, res) -> str:
    return (f"{label}: top-1={res['top1']:.3f} auto={res['auto_share']:.3f} "
            f"precision(auto)={res['auto_precision']:.3f}")


def replay(name, train, test) -> None:
    mem = memory_from(train)
    base = evaluate(test)
    withm = evaluate(test, memory=lambda m, p: mem.get((m, p)))
    print(f"{name} (n={len(test)}, {len(mem)} memory keys): {line('without', base)} | {line('with', withm)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="*", default=None)
    ap.add_argument("--test", nargs="*", default=None)
    a = ap.parse_args()
    sets = {os.path.basename(p): load(path=p) for p in (a.test or DEFAULT)}
    train_sets = {os.path.basename(p): load(path=p) for p in (a.train or DEFAULT)}
    for tname, trows in train_sets.items():
        for name, rows in sets.items():
            if name != tname:
                replay(f"{tname} -> {name}", trows, rows)
    for name, rows in sets.items():
        half = len(rows) // 2
        replay(f"{name} first half -> second half", rows[:half], rows[half:])
        # one wrong landing per key: a deliberately bad correction stays bounded
        bad = [dict(r, acceptable=["kemenpanrb"]) for r in rows[:half]]
        replay(f"{name} first half landed at the WRONG agency (poisoned) -> second half", bad, rows[half:])


if __name__ == "__main__":
    main()
