"""The lock: every runtime and development dependency pinned ``==``, transitive ones included.

    python -m scripts.requirements_lock          # rewrite the lock block of requirements.txt and constraints.txt

``requirements.txt`` lists the direct runtime dependencies (hand-written, each pinned) and, below
``LOCK_MARKER``, every package they pull in (``chalice package`` installs this file into the Lambda bundle,
so a transitive upgrade cannot slip in); ``requirements-dev.txt`` pins the test tools, and
``constraints.txt`` (``make install`` passes it with ``-c``) pins everything they pull in.  Versions are
read from the installed distributions' metadata (``importlib.metadata``): install, test, then lock.
"""
from __future__ import annotations

import importlib.metadata as md
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCK_MARKER = "# -- lock: what the lines above pull in (python -m scripts.requirements_lock; do not edit by hand)"
PIN_RE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[(?P<extras>[a-z0-9,_-]+)\])?==(?P<version>[0-9][A-Za-z0-9.+!]*)\s*(?:;.*)?$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(path: str) -> list[str]:
    """The requirement lines of a file (no comments, blank lines or ``-r``/``-c`` options)."""
    with open(path, encoding="utf-8") as fh:
        lines = [ln.split("#", 1)[0].strip() for ln in fh]
    return [ln for ln in lines if ln and not ln.startswith("-")]


def pins(path: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """{canonical name: (version, extras)} of a requirements file; raises ValueError for an unpinned line."""
    out = {}
    for line in requirement_lines(path):
        m = PIN_RE.match(line)
        if not m:
            raise ValueError(f"{os.path.basename(path)}: not pinned with ==: {line!r}")
        out[canonical(m["name"])] = (m["version"], tuple((m["extras"] or "").split(",")) if m["extras"] else ())
    return out


def closure(direct: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """{canonical name: installed version} of ``direct`` and everything it requires (markers evaluated here)."""
    from packaging.requirements import Requirement

    seen: dict[str, str] = {}
    stack = [(name, extras) for name, (_v, extras) in direct.items()]
    while stack:
        name, extras = stack.pop()
        dist = md.distribution(name)
        key = canonical(dist.metadata["Name"])
        if key in seen and not extras:
            continue
        seen[key] = dist.version
        for raw in dist.requires or []:
            req = Requirement(raw)
            if req.marker and not any(req.marker.evaluate({"extra": e}) for e in ("", *extras)):
                continue
            stack.append((req.name, tuple(req.extras)))
    return seen


def lock_lines(versions: dict[str, str], skip: set[str]) -> list[str]:
    return [f"{name}=={version}" for name, version in sorted(versions.items()) if name not in skip]


def main() -> int:
    runtime_path = os.path.join(ROOT, "requirements.txt")
    with open(runtime_path, encoding="utf-8") as fh:
        head = fh.read().split(LOCK_MARKER)[0].rstrip("\n")
    with open(runtime_path, "w", encoding="utf-8") as fh:
        fh.write(head + "\n")
    runtime = pins(runtime_path)
    runtime_all = closure(runtime)
    with open(runtime_path, "w", encoding="utf-8") as fh:
        fh.write(head + "\n" + LOCK_MARKER + "\n" + "\n".join(lock_lines(runtime_all, set(runtime))) + "\n")
    dev = pins(os.path.join(ROOT, "requirements-dev.txt"))
    dev_all = closure(dev)
    with open(os.path.join(ROOT, "constraints.txt"), "w", encoding="utf-8") as fh:
        fh.write("# Every package the test tools (requirements-dev.txt) pull in, pinned: make install passes this with -c.\n"
                 "# Written by python -m scripts.requirements_lock; do not edit by hand.\n"
                 + "\n".join(lock_lines(dev_all, set(dev) | set(runtime_all))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
