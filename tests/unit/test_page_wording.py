"""The pages' wording and templates, checked on the source: every key in both languages, every key a template
or a script names exists, and what a script reads is embedded on its page."""
from __future__ import annotations

import json
import os
import re

import pytest

from chalicelib.api import citizen_pages, desk_pages
from chalicelib.api.page_kit import ASSETS_DIR, TEMPLATES_DIR, TEXT_DIR, script_json, text_for, wording

BUNDLES = sorted(f[:-5] for f in os.listdir(TEXT_DIR) if f.endswith(".json"))


def _files(root: str, ext: str) -> list[str]:
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(ext))


@pytest.mark.parametrize("bundle", BUNDLES)
def test_every_key_has_indonesian_and_english(bundle):
    with open(os.path.join(TEXT_DIR, f"{bundle}.json"), encoding="utf-8") as fh:
        pairs = json.load(fh, object_pairs_hook=lambda p: p)
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), "a key defined twice"
    for key, value in pairs:
        assert isinstance(value, list) and len(value) == 2 and all(v.strip() for v in value), key


def test_bundles_never_redefine_each_other():
    seen: dict[str, str] = {}
    for bundle in BUNDLES:
        for key in wording(bundle):
            assert key not in seen, f"{key} in {seen.get(key)} and {bundle}"
            seen[key] = bundle


def test_every_key_a_template_names_exists():
    known = set(text_for(tuple(BUNDLES), "id"))
    for path in _files(TEMPLATES_DIR, ".html"):
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
        for key in re.findall(r"t\['([a-z_.0-9]+)'\]", source):
            assert key in known, f"{os.path.basename(path)}: {key}"


def test_every_literal_key_a_script_reads_exists_and_is_embedded():
    known = set(text_for(tuple(BUNDLES), "id"))
    embedded = citizen_pages.SCRIPT_KEYS + desk_pages.SCRIPT_KEYS + ("js.", "file.", "privacy.", "follow.", "reports.",
                                                                     "score.", "alert.")
    for path in _files(ASSETS_DIR, ".js"):
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
        for key in re.findall(r"\bt\(\"([a-z_.0-9]+)\"", source):
            if key.endswith((".", "_")):  # a prefix completed at run time ("status." + status)
                assert any(k.startswith(key) for k in known), key
            else:
                assert key in known, f"{os.path.basename(path)}: {key}"
            assert key.startswith(embedded), f"{os.path.basename(path)}: {key} is not sent to the page"
        if os.path.basename(path) == "salur.js":  # shared by every audience: only the shared js.* wording
            assert all(k.startswith("js.") for k in re.findall(r"\bt\(\"([a-z_.0-9]+)\"", source))


def test_script_json_cannot_close_its_block():
    out = script_json({"x": "</script><script>alert(1)</script>"})
    assert "<" not in out and json.loads(out)["x"] == "</script><script>alert(1)</script>"
