"""Coordinate accuracy: how often lat/lon alone give the right regency/city and province.

Usage: .venv/bin/python -m bench.coordinate_accuracy
1. Known points: 40 landmarks, airports and town centres whose regency/city is known (written from
   general knowledge, about +-2 km; four of them — Labuan Bajo, Wamena, Purwokerto, Tanjung Selor — are also
   seats in place_points.csv), routed with lat/lon only.
2. Leave-one-out on the 1,589 populated islands of islands.csv (each placed by the other points).
Prints regency top-1, province top-1, how many would be auto-routed for a regional matter (certainty >= 0.6)
and the precision of those.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

KNOWN = [
    ('Candi Borobudur', -7.6079, 110.2038, 'Kabupaten Magelang'),
    ('Candi Prambanan', -7.7520, 110.4915, 'Kabupaten Sleman'),
    ('Gunung Bromo', -7.9425, 112.9530, 'Kabupaten Probolinggo'),
    ('Pantai Kuta Bali', -8.7180, 115.1686, 'Kabupaten Badung'),
    ('Ubud', -8.5069, 115.2625, 'Kabupaten Gianyar'),
    ('Parapat', 2.6640, 98.9350, 'Kabupaten Simalungun'),
    ('Labuan Bajo', -8.4964, 119.8877, 'Kabupaten Manggarai Barat'),
    ('Kota Lama Semarang', -6.9680, 110.4270, 'Kota Semarang'),
    ('Malioboro', -7.7925, 110.3658, 'Kota Yogyakarta'),
    ('Monas', -6.1754, 106.8272, 'Kota Administrasi Jakarta Pusat'),
    ('Bandara Soekarno-Hatta', -6.1256, 106.6559, 'Kota Tangerang'),
    ('Bandara Juanda', -7.3798, 112.7869, 'Kabupaten Sidoarjo'),
    ('Bandara Kualanamu', 3.6422, 98.8853, 'Kabupaten Deli Serdang'),
    ('Bandara Ngurah Rai', -8.7482, 115.1672, 'Kabupaten Badung'),
    ('Bandara Sultan Hasanuddin', -5.0617, 119.5540, 'Kabupaten Maros'),
    ('Danau Toba Samosir', 2.6000, 98.8000, 'Kabupaten Samosir'),
    ('Pelabuhan Merak', -5.9280, 105.9960, 'Kota Cilegon'),
    ('Pelabuhan Tanjung Perak', -7.1980, 112.7320, 'Kota Surabaya'),
    ('Alun-alun Bandung', -6.9218, 107.6070, 'Kota Bandung'),
    ('Puncak Bogor', -6.7020, 106.9940, 'Kabupaten Bogor'),
    ('Lembang', -6.8117, 107.6175, 'Kabupaten Bandung Barat'),
    ('Cikarang', -6.2610, 107.1530, 'Kabupaten Bekasi'),
    ('Cibinong', -6.4817, 106.8540, 'Kabupaten Bogor'),
    ('Sentani', -2.5700, 140.5160, 'Kabupaten Jayapura'),
    ('Wamena', -4.0960, 138.9480, 'Kabupaten Jayawijaya'),
    ('Tenggarong', -0.4240, 116.9910, 'Kabupaten Kutai Kartanegara'),
    ('Kepanjen', -8.1300, 112.5700, 'Kabupaten Malang'),
    ('Soreang', -7.0330, 107.5180, 'Kabupaten Bandung'),
    ('Gili Trawangan', -8.3500, 116.0400, 'Kabupaten Lombok Utara'),
    ('Pulau Weh Sabang', 5.8700, 95.3200, 'Kota Sabang'),
    ('Karimunjawa', -5.8400, 110.4300, 'Kabupaten Jepara'),
    ('Tanjung Selor', 2.8400, 117.3700, 'Kabupaten Bulungan'),
    ('Kota Bukittinggi Jam Gadang', -0.3050, 100.3690, 'Kota Bukittinggi'),
    ('Pantai Losari', -5.1430, 119.4080, 'Kota Makassar'),
    ('Jembatan Ampera', -2.9920, 104.7630, 'Kota Palembang'),
    ('Sleman Kaliurang', -7.6000, 110.4260, 'Kabupaten Sleman'),
    ('Dieng', -7.2100, 109.9100, 'Kabupaten Banjarnegara'),
    ('Pacitan', -8.2000, 111.1000, 'Kabupaten Pacitan'),
    ('Ngawi', -7.4040, 111.4460, 'Kabupaten Ngawi'),
    ('Purwokerto', -7.4245, 109.2300, 'Kabupaten Banyumas'),
]


def _report(label, results):
    n = len(results)
    reg = sum(1 for ok, _p, _c in results if ok) / n
    prov = sum(1 for _ok, p, _c in results if p) / n
    sure = [ok for ok, _p, c in results if c >= 0.6]
    prec = (sum(sure) / len(sure)) if sure else float("nan")
    print(f"{label}: n={n} regency/city top-1={reg:.3f} province top-1={prov:.3f} "
          f"sure (certainty>=0.6)={len(sure) / n:.3f} precision of sure={prec:.3f}")


def main() -> None:
    from chalicelib.domain.directory import get_directory
    from chalicelib.domain.routing import RoutingInput, route
    from chalicelib.domain.routing.compiled import read_islands
    from chalicelib.domain.routing.engine import get_index
    from chalicelib.domain.routing.nearest_place import locate

    d = get_directory()
    by_name = {r.name: r for r in d.regions.values()}
    results = []
    for name, lat, lon, want in KNOWN:
        dec = route(RoutingInput(title="Jalan rusak", body="Jalan berlubang parah, mohon diperbaiki.", lat=lat, lon=lon))
        region = dec.region or {}
        code = region.get("parent_code") or region.get("code")
        exp = by_name[want]
        got = locate(get_index().points, lat, lon)
        results.append((code == exp.code, (code or "")[:2] == exp.province_code, got[1] if got else 0.0))
    _report("known points (lat/lon only)", results)
    cells = get_index().points
    loo = []
    for _c, rc, _n, lat, lon, populated in read_islands():
        if not populated or rc not in d.regions:
            continue
        got = _locate_without(cells, lat, lon)
        loo.append((got is not None and got[0] == rc, got is not None and got[2] == rc[:2], got[1] if got else 0.0))
    _report("populated islands, leave-one-out", loo)


def _locate_without(cells, lat, lon):
    """``locate`` with the point itself removed from its cell."""
    from chalicelib.domain.routing.nearest_place import cell, locate

    key = cell(lat, lon)
    saved = cells.get(key, ())
    cells[key] = tuple(p for p in saved if not (abs(p[0] - lat) < 1e-9 and abs(p[1] - lon) < 1e-9))
    try:
        return locate(cells, lat, lon)
    finally:
        cells[key] = saved


if __name__ == "__main__":
    main()
