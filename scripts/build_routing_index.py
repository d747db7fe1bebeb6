"""Rebuild chalicelib/data/routing_index.marshal and routing_places.marshal (the compiled routing index).

Usage: .venv/bin/python -m scripts.build_routing_index
Run after changing matters.json, facilities.csv, the place/village/point data or routing/{text,places,lexicon,nearest_place}.py.
"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    from chalicelib.domain.directory import get_directory
    from chalicelib.domain.routing import compiled
    from chalicelib.domain.routing.lexicon import build_index_data

    t = time.perf_counter()
    core, places = compiled.compile_index(lambda: build_index_data(get_directory()))
    for path, blob in ((compiled.INDEX_FILE, core), (compiled.PLACES_FILE, places)):
        with open(path, "wb") as fh:
            fh.write(blob)
        print(f"wrote {path}: {len(blob) / 1e6:.2f} MB")
    print(f"built in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
