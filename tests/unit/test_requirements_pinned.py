"""Every runtime and development dependency is pinned == (#11), transitive ones included, and the pins are what
the tests run against — so a `holidays` (or any) release cannot move a deadline by itself."""
from __future__ import annotations

import importlib.metadata as md
import os

import pytest

from scripts.requirements_lock import ROOT, canonical, closure, pins, requirement_lines

FILES = ("requirements.txt", "requirements-dev.txt", "constraints.txt")


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_pinned_exactly(name):
    path = os.path.join(ROOT, name)
    assert requirement_lines(path), name
    pins(path)  # raises on any line that is not name[extras]==version


def test_pins_refuse_ranges(tmp_path):
    path = tmp_path / "r.txt"
    for line in ("holidays>=0.60", "holidays", "holidays~=0.109", "holidays==0.*", "holidays==0.109,<1",
                 "pydantic>=2.7,<3", "git+https://example.org/holidays.git"):
        path.write_text(line + "\n")
        with pytest.raises(ValueError):
            pins(str(path))
    path.write_text("moto[server,cloudformation]==5.2.5  # comment\nholidays==0.109\n")
    assert pins(str(path)) == {"moto": ("5.2.5", ("server", "cloudformation")), "holidays": ("0.109", ())}


def test_the_runtime_lock_holds_every_package_the_lambda_needs():
    runtime = pins(os.path.join(ROOT, "requirements.txt"))
    missing = set(closure({k: v for k, v in runtime.items()})) - set(runtime)
    assert not missing, f"requirements.txt lacks (run python -m scripts.requirements_lock): {sorted(missing)}"


def test_the_dev_constraints_hold_everything_else():
    locked = {**pins(os.path.join(ROOT, "requirements.txt")), **pins(os.path.join(ROOT, "constraints.txt")),
              **pins(os.path.join(ROOT, "requirements-dev.txt"))}
    missing = set(closure(pins(os.path.join(ROOT, "requirements-dev.txt")))) - set(locked)
    assert not missing, f"constraints.txt lacks (run python -m scripts.requirements_lock): {sorted(missing)}"


def test_the_installed_runtime_is_the_locked_one():
    for name, (version, _extras) in pins(os.path.join(ROOT, "requirements.txt")).items():
        assert md.version(name) == version, f"{name}: installed {md.version(name)}, locked {version} (make install)"
    assert canonical("Jinja2") in pins(os.path.join(ROOT, "requirements.txt"))
