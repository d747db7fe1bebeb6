"""A moto world for the benchmarks: fake credentials, the stack from infra/template.json, fresh clients."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_ENV = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "ap-southeast-3",
             "AWS_REGION": "ap-southeast-3", "POWERTOOLS_TRACE_DISABLED": "true"}


def fake_env(**extra: str) -> None:
    """Point boto3 at moto's in-process mock, never at a real account or a local moto server."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    os.environ.update({**BENCH_ENV, **extra})
    os.environ.pop("AWS_ENDPOINT_URL", None)


@contextmanager
def moto_world(stack: str = "salur-bench", seed: bool = True):
    """Yield the app's environment inside ``mock_aws`` with Salur's resources created (and the directory seeded)."""
    from moto import mock_aws

    with mock_aws():
        from chalicelib.adapters import aws_clients
        from infra.bootstrap import bootstrap

        aws_clients.reset()
        env = bootstrap(stack=stack, seed=seed)
        os.environ.update(env)
        try:
            yield env
        finally:
            aws_clients.reset()
