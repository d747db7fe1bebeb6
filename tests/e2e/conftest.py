"""End-to-end fixtures: the real local run (moto server + chalice local + worker) over HTTP."""
from __future__ import annotations

import socket

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def local_run():
    """One local run shared by the end-to-end tests (starting it takes a few seconds)."""
    import os

    saved = dict(os.environ)
    from chalicelib.adapters import aws_clients
    from scripts.local_run import start

    url, stop, env, worker = start(port=_free_port(), quiet=True)
    try:
        yield {"url": url, "env": env, "worker": worker}
    finally:
        stop()
        os.environ.clear()
        os.environ.update(saved)
        aws_clients.reset()
