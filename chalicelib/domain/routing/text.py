"""Text normalisation shared by the matter matcher and the place resolver."""
from __future__ import annotations

import json
import os
import re
import unicodedata

MAX_CHARS = 6000  # longer texts are truncated before matching (keeps p95 bounded)
MAX_WORD = 40     # a "word" longer than this is cut: no Indonesian word or place name is, and typo lookups
                  # (one candidate per deleted letter) must stay bounded

def _load_synonyms() -> dict:
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "data",
                        "synonyms.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _load_abbreviations() -> dict[str, str]:
    """Informal spellings and abbreviations -> normal form (chalicelib/data/synonyms.json)."""
    return _load_synonyms()["abbreviations"]


_ABBREV = _load_abbreviations()
# an abbreviation that is also an acronym ("dpt": Daftar Pemilih Tetap, or SMS "dapat") is the ordinary word
# only right after one of its verb-context words ("gk dpt", "blm dpt", "yg dpt"): {short: (word, {before})}
_AFTER = {k: (v["word"], frozenset(v["after"])) for k, v in _load_synonyms().get("after_words", {}).items()
          if not k.startswith("_")}


def _expand(w: str, prev: str):
    """The normal form(s) of the raw word ``w`` after the normalised word ``prev`` (None: unchanged)."""
    ctx = _AFTER.get(w)
    if ctx is not None and prev in ctx[1]:
        return ctx[0]
    return _ABBREV.get(w)

_SPLIT = re.compile(r"[^a-z0-9]+")
_REDUP = re.compile(r"\b([a-z]{2,})2\b")
_DIGIT_UNIT = re.compile(r"\b(\d+)(kg|kwh|km|m|l|lt|liter|jt|juta|rb|ribu|k|gb|mb|x)\b")


def _fold(text: str) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text


def tokens(text: str) -> list[str]:
    """Lower-case, accent-free word tokens with informal abbreviations expanded."""
    t = _fold(text).lower().replace("'", "").replace("\u2019", "").replace("&", " dan ")
    t = _REDUP.sub(r"\1", t)
    t = _DIGIT_UNIT.sub(r"\1 \2", t)
    out: list[str] = []
    for w in _SPLIT.split(t):
        if not w:
            continue
        if len(w) > MAX_WORD:
            w = w[:MAX_WORD]
        exp = _expand(w, out[-1] if out else "")
        if exp is not None:
            out.extend(exp.split())
            continue
        if len(w) > 6 and w.endswith("nya"):
            w = w[:-3]
        out.append(w)
    return out


_WORD = re.compile(r"[A-Za-z0-9]+")


def cased_tokens(text: str) -> list[tuple[str, bool]]:
    """Tokens as in :func:`tokens`, each with 'was written Capitalised, not at a sentence start'.

    Used by the place resolver: a capital letter is evidence of a proper noun only mid-sentence.
    """
    t = _fold(text).replace("'", "").replace("\u2019", "").replace("&", " dan ")
    t = re.sub(r"\b([A-Za-z]{2,})2\b", r"\1", t)
    t = re.sub(r"\b(\d+)(kg|Kg|KG|kwh|kWh|KWH|km|KM|jt|rb|k|gb|GB|x)\b", r"\1 \2", t)
    out: list[tuple[str, bool]] = []
    last_end = 0
    prev = ""
    for mt in _WORD.finditer(t):
        w = mt.group(0)[:MAX_WORD]
        gap = t[last_end:mt.start()]
        sentence_start = (last_end == 0 and not out) or any(ch in gap for ch in ".!?\n:;")
        if sentence_start and gap.strip() == "." and 0 < len(prev) <= 4:
            sentence_start = False  # "Jl. Bandung", "Kec. Depok", "Kab. Bogor": abbreviation, not a sentence end
        last_end = mt.end()
        prev = w
        cap = w[0].isupper() and not sentence_start
        lw = w.lower()
        exp = _expand(lw, out[-1][0] if out else "")
        if exp is not None:
            for e in exp.split():
                out.append((e, cap))
            continue
        if len(lw) > 6 and lw.endswith("nya"):
            lw = lw[:-3]
        out.append((lw, cap))
    return out


def deletes1(word: str) -> list[str]:
    """All strings obtained by deleting one character (symmetric-delete typo matching)."""
    return [word[:i] + word[i + 1:] for i in range(len(word))]
