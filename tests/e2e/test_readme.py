"""README's shell blocks marked ``<!-- readme: run -->`` run as written against the local run, top to bottom in
one shell (only the address is this run's instead of 127.0.0.1:8000), and none answers an error."""
from __future__ import annotations

import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MARK = "<!-- readme: run -->"


def readme_blocks() -> list[str]:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    return re.findall(re.escape(MARK) + r"\s*```sh\n(.*?)```", text, flags=re.S)


def test_every_marked_block_is_a_shell_block():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        marks = fh.read().count(MARK)
    assert marks - 1 == len(readme_blocks()) >= 6  # (one mention in the prose)


def test_readme_commands_run_as_written(local_run):
    host = local_run["url"].split("//", 1)[1]
    script = "set -eu\n" + "\n".join(readme_blocks()).replace("127.0.0.1:8000", host)
    env = dict(os.environ, MAKEFLAGS="-o .venv/.installed")  # the installed venv counts as up to date
    try:
        res = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    finally:
        if os.path.exists(os.path.join(ROOT, "mail.eml")):  # the email example writes it
            os.remove(os.path.join(ROOT, "mail.eml"))
    assert res.returncode == 0, (res.stdout[-3000:], res.stderr[-3000:])
    errors = [m.start() for m in re.finditer(r'\{"error": \{"code"', res.stdout)]  # an error answer, not a schema
    assert not errors, [res.stdout[max(0, i - 300):i + 600] for i in errors]
    assert "dieskalasi ke Biro Organisasi Pemerintah Provinsi Bali" in res.stdout  # make outbox after the sweeps
    assert '"status": "assigned"' in res.stdout or '"status": "in_progress"' in res.stdout
