"""Test fixtures: AWS is moto (``mock_aws``), created from infra/template.json by the same
bootstrap the local run uses; the app is driven through ``chalice.test.Client``."""
from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_SESSION_TOKEN", "testing")
os.environ["AWS_DEFAULT_REGION"] = "ap-southeast-3"
os.environ["AWS_REGION"] = "ap-southeast-3"
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.setdefault("SALUR_STAGE", "test")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Salur")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("WEBHOOK_SUBSCRIPTIONS_TTL_SECONDS", "0")  # tests register and expect at once


@pytest.fixture(scope="module")
def aws():
    """A fresh moto world per test module, built from infra/template.json and seeded.

    Per module, not per session: moto copies a whole table for every TransactWriteItems item, so a
    world shared by the suite gets slower with every complaint filed; per test would cost a bootstrap each.
    """
    from moto import mock_aws

    from chalicelib.adapters import aws_clients

    with mock_aws():
        aws_clients.reset()
        from infra.bootstrap import bootstrap

        env = bootstrap(stack="salur-test")
        os.environ.update(env)
        yield env
    aws_clients.reset()


@pytest.fixture(scope="module")
def app(aws):
    import app as app_module

    return app_module.app


@pytest.fixture
def client(app):
    from chalice.test import Client

    with Client(app, stage_name="local") as c:
        yield c


def pytest_collection_modifyitems(config, items):
    """Run tests/e2e last: its session-wide local run sets AWS_ENDPOINT_URL (moto server) and starts a
    worker thread, which would otherwise capture the moto-mocked integration tests that follow."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace("\\", "/"))
