"""End-to-end fixtures: the real local run (moto server + chalice local + worker) over HTTP."""
from __future__ import annotations

import socket

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def local_run(tmp_path_factory):
    """One local run shared by the end-to-end tests (starting it takes a few seconds).

    A port is set aside for a webhook receiver (``webhook_port``) and put on the SSRF guard's test allowlist,
    the only way a receiver on this machine is reachable; the API's access log goes to ``api_log``."""
    import os

    saved = dict(os.environ)
    from chalicelib.adapters import aws_clients
    from scripts.local_run import start

    webhook_port = _free_port()
    os.environ["WEBHOOK_TEST_ALLOWLIST"] = f"127.0.0.1:{webhook_port}"
    api_log = str(tmp_path_factory.mktemp("local-run") / "api.log")
    url, stop, env, worker = start(port=_free_port(), quiet=True, api_log=api_log)
    try:
        yield {"url": url, "env": env, "worker": worker, "webhook_port": webhook_port, "api_log": api_log}
    finally:
        stop()
        os.environ.clear()
        os.environ.update(saved)
        aws_clients.reset()
