"""The lexicon: every phrase, facility, agency name and place name the router looks up, built from the data.

``build_index_data`` is what ``scripts/build_routing_index.py`` compiles (``routing/compiled.py``); it
depends on this module, ``text.py`` (tokens), ``places.py`` (gazetteer, aliases) and the data files only, so
that changing the decision logic in ``engine.py`` does not make the compiled index stale.
"""
from __future__ import annotations

from chalicelib.domain.routing import taxonomy
from chalicelib.domain.routing.places import gazetteer_data
from chalicelib.domain.routing.text import deletes1, tokens

W_STRONG, W_NORMAL, W_WEAK = 3.0, 1.5, 0.6
AGENCY_NAME_WEIGHT = 1.5    # "Kemnaker", "BPOM", "Kementerian Agama" named in the text

# Short names that are too ambiguous to count as naming the agency.
_NAME_BLACKLIST = {"ma", "ky", "bi", "kip", "pu", "pos", "tni au", "ham", "lps", "bps"}


def build_index_data(d) -> dict:
    """Every lookup the matcher and the place resolver use, as plain dicts/tuples (see ``routing/compiled.py``)."""
    from chalicelib.domain.routing.compiled import read_islands, read_place_points, read_villages
    from chalicelib.domain.routing.nearest_place import grid

    matter_idx = {m["id"]: i for i, m in enumerate(taxonomy.MATTERS)}
    kw: dict[str, list] = {}        # first token -> [(tokens tuple, target key, weight, phrase)]
    single_typo: dict[str, set] = {}  # deletes -> single-token keywords (len >= 6)
    vocab: set[str] = set()

    def add(phrase: str, key, weight: float) -> None:
        toks = tuple(tokens(phrase))
        if not toks:
            return
        kw.setdefault(toks[0], []).append((toks, key, weight, " ".join(toks)))
        vocab.update(toks)
        if len(toks) == 1 and len(toks[0]) >= 6:
            for dk in deletes1(toks[0]) + [toks[0]]:
                single_typo.setdefault(dk, set()).add(toks[0])

    for i, m in enumerate(taxonomy.MATTERS):
        for tier, w in (("strong", W_STRONG), ("normal", W_NORMAL), ("weak", W_WEAK)):
            for ph in m[tier]:
                add(ph, ("m", i), w)
    for fi, f in enumerate(taxonomy.FACILITIES):
        if f["owner"] in d.agencies:
            add(f["phrase"], ("o", f["owner"], tuple(f["matters"]), fi), W_STRONG)
            cue = {"normal": W_NORMAL, "weak": W_WEAK}.get(f.get("cue", ""))
            if cue and f["matters"][0] in matter_idx:
                # a distinctive facility name ("PLBN", "Taman Nasional ...") also names its first matter
                add(f["phrase"], ("m", matter_idx[f["matters"][0]]), cue)
    for ph in taxonomy.PROVINCE_BODY_WORDS:
        add(ph, ("province_body",), W_NORMAL)
    for ph in taxonomy.LOCAL_GOVERNMENT_WORDS:
        add(ph, ("local_body",), W_NORMAL)
    for a in d.agencies.values():
        if a.level != "national":
            continue
        names = {a.name, a.short_name, a.id.replace("-", " ")}
        for part in a.name.split("/") + a.short_name.split("/"):
            names.add(part)
        for nm in sorted(names):
            nm = nm.split("(")[0].strip()
            t = " ".join(tokens(nm))
            if not t or t in _NAME_BLACKLIST or (len(t) <= 2):
                continue
            add(t, ("a", a.id), AGENCY_NAME_WEIGHT)
    villages = [(c, dc, n) for c, dc, n in read_villages() if dc in d.districts]
    island_rows = [row for row in read_islands() if row[1] in d.regions]
    islands = [(c, rc, n) for c, rc, n, _lat, _lon, _pop in island_rows]
    points = [(lat, lon, rc, True) for lat, lon, rc in read_place_points() if rc in d.regions]
    points += [(lat, lon, rc, False) for _c, rc, _n, lat, lon, _pop in island_rows]
    return {
        "kw": kw,
        "single_typo": {k: tuple(sorted(v)) for k, v in single_typo.items()},
        "vocab": tuple(sorted(vocab)),
        "max_phrase": max((len(e[0]) for v in kw.values() for e in v), default=1),
        "points": grid(points),
        "gaz": gazetteer_data(d, tokens, keyword_vocab=vocab, villages=villages, islands=islands),
    }
