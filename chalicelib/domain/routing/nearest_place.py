"""Coordinates -> place, offline: the nearest known points of each regency/city, with a distance-aware certainty.

Points (compiled into the routing index, ``routing/compiled.py``):

* ``place_points.csv``: the seat (town centre) of 193 regencies/cities — every province capital and the
  larger towns — written for this project from general knowledge (about ±5 km);
* ``islands.csv``: 17,373 named islands with their regency (idn-area-data, ODbL).

There are no boundaries, so a point is placed by its nearest points: each of the ``K`` nearest within
``MAX_KM`` votes for its regency with weight ``exp(-km / SCALE_KM)`` (a seat counts double: it is inside its
regency, an island may lie off a neighbour's coast).  Certainty of the regency =
``share of the votes × exp(-nearest_km / TRUST_KM)`` (capped at 0.9: a point is never as sure as a code or a
name), so a point 5 km from a seat with agreeing neighbours is ~0.75 sure and one 60 km from anything is
~0.1 — below what a regional matter needs to be routed without verification.  The province is scored the same
way over provinces.  ``bench/coordinate_accuracy.py`` prints the accuracy on points whose region is known.
"""
from __future__ import annotations

import math

CELL_DEG = 0.5        # grid cell for the nearest-point search
MAX_RINGS = 4         # search at most 4 cells (~220 km) around the point
K = 6
MAX_KM = 150.0
SCALE_KM = 20.0
TRUST_KM = 35.0
SEAT_WEIGHT = 2.0
CAP = 0.9
# Indonesia's bounding box (with its sea): points outside are not Indonesian places
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.5, 141.5)


def cell(lat: float, lon: float) -> str:
    return f"{math.floor(lat / CELL_DEG)},{math.floor(lon / CELL_DEG)}"


def grid(points) -> dict[str, tuple]:
    """``points``: (lat, lon, region_code, is_seat) -> {cell: ((lat, lon, region_code, is_seat), ...)}."""
    out: dict[str, list] = {}
    for p in points:
        out.setdefault(cell(p[0], p[1]), []).append(tuple(p))
    return {k: tuple(v) for k, v in out.items()}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def nearest(cells: dict, lat: float, lon: float) -> list[tuple[float, tuple]]:
    """The ``K`` nearest points as (km, point), nearest first (bounded search: at most 81 cells)."""
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        return []
    ci, cj = math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)
    found: list[tuple[float, tuple]] = []
    for ring in range(MAX_RINGS + 1):
        for i in range(ci - ring, ci + ring + 1):
            for j in range(cj - ring, cj + ring + 1):
                if max(abs(i - ci), abs(j - cj)) != ring:
                    continue
                for p in cells.get(f"{i},{j}", ()):
                    found.append((km(lat, lon, p[0], p[1]), p))
        found.sort(key=lambda t: t[0])
        found = found[:K]
        # every point in a further ring is at least ring * CELL_DEG away (~55 km per 0.5 degree of latitude)
        if len(found) >= K and found[-1][0] <= ring * CELL_DEG * 111.0 * math.cos(math.radians(min(abs(lat), 60))):
            break
    return [f for f in found if f[0] <= MAX_KM]


def locate(cells: dict, lat: float, lon: float):
    """-> (regency_code, certainty, province_code, province_certainty, nearest_km) or None."""
    near = nearest(cells, lat, lon)
    if not near:
        return None
    votes: dict[str, float] = {}
    pvotes: dict[str, float] = {}
    for d, p in near:
        w = math.exp(-d / SCALE_KM) * (SEAT_WEIGHT if p[3] else 1.0)
        votes[p[2]] = votes.get(p[2], 0.0) + w
        pvotes[p[2][:2]] = pvotes.get(p[2][:2], 0.0) + w
    total = sum(votes.values())
    if total <= 0:
        return None
    best = max(sorted(votes), key=lambda c: votes[c])
    pbest = max(sorted(pvotes), key=lambda c: pvotes[c])
    d0 = near[0][0]
    cert = min(CAP, votes[best] / total * math.exp(-d0 / TRUST_KM))
    pcert = min(CAP, pvotes[pbest] / total * math.exp(-d0 / (TRUST_KM * 4)))
    return best, round(cert, 4), pbest, round(pcert, 4), round(d0, 1)
