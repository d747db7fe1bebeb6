"""`make run` itself (scripts.local_run's main) in its own state directory: state survives a restart, FRESH=1
starts empty, and a run killed by SIGKILL leaves no local AWS or API process behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from httpclient import http

from scripts.local_state import port_free

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(tmp, port, fresh=False):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SALUR_", "COMPLAINTS_", "AGENCIES_"))
           and not k.endswith(("_QUEUE_URL", "_TABLE", "_TOPIC_ARN"))}
    env.update(PORT=str(port), FRESH="1" if fresh else "", SALUR_LOCAL_STATE_DIR=str(tmp / "state"),
               SALUR_LOCAL_ENV_FILE=str(tmp / "local.env"))
    log = open(tmp / f"run-{time.monotonic_ns()}.log", "w+")  # noqa: SIM115 - read while it runs
    proc = subprocess.Popen([sys.executable, "-m", "scripts.local_run"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        log.seek(0)
        if "Salur is running" in log.read():
            return proc, env
        assert proc.poll() is None, open(log.name).read()[-3000:]
        time.sleep(0.5)
    raise AssertionError(open(log.name).read()[-3000:])


def moto_port(tmp) -> int:
    return int((tmp / "state" / "moto.port").read_text())


def test_state_survives_a_restart_fresh_starts_empty_and_sigkill_leaves_nothing(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc, _ = launch(tmp_path, port, fresh=True)
    status, out = http("POST", base + "/v1/complaints", {
        "title": "Sampah menumpuk di pasar",
        "body": "Sampah di Pasar Badung, Kota Denpasar tidak diangkut seminggu, bau dan mengganggu pedagang.",
        "location": {"region_code": "51.71"}})
    assert status == 201, out
    tid = out["tracking_id"]
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0 and not (tmp_path / "local.env").exists()

    proc, _ = launch(tmp_path, port)  # the same state, replayed
    status, view = http("GET", f"{base}/v1/complaints/{tid}")
    assert status == 200 and view["tracking_id"] == tid
    aws_port = moto_port(tmp_path)
    proc.kill()  # SIGKILL: no handler runs, the children go by PR_SET_PDEATHSIG
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (port_free(port) and port_free(aws_port)):
        time.sleep(0.3)
    assert port_free(port) and port_free(aws_port), "a child of the killed run is still listening"

    proc, _ = launch(tmp_path, port, fresh=True)
    try:
        status, _ = http("GET", f"{base}/v1/complaints/{tid}")
        assert status == 404
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
