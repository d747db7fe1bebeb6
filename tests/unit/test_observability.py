"""Cold-start discipline: importing the app loads no X-Ray SDK, no Metrics, no boto3."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _loaded_after(code: str, env_extra: dict) -> set[str]:
    env = {**os.environ, "PYTHONPATH": ROOT, "AWS_DEFAULT_REGION": "ap-southeast-3", **env_extra}
    probe = code + "; import sys; print(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    return set(out.split(","))


def test_import_app_is_lean():
    mods = _loaded_after("import app", {"POWERTOOLS_TRACE_DISABLED": "true"})
    assert "aws_lambda_powertools.logging.logger" in mods  # the Logger is configured at import
    assert not any(m.startswith("aws_xray_sdk") for m in mods)
    # Powertools' package __init__ imports its Metrics/Tracer modules and botocore (user agent);
    # what we control: no boto3, no X-Ray SDK, no Metrics object until a worker emits one.
    assert "boto3" not in mods
    created = _loaded_after("import app; from chalicelib.adapters import observability as o; "
                            "sys_mod = __import__('sys'); sys_mod.modules['created_' + str(o._metrics is None)] = o",
                            {"POWERTOOLS_TRACE_DISABLED": "true"})
    assert "created_True" in created


def test_tracer_is_lazy_even_when_enabled():
    mods = _loaded_after("import app", {"POWERTOOLS_TRACE_DISABLED": "false"})
    assert not any(m.startswith("aws_xray_sdk") for m in mods)  # only on the first invocation


def test_metric_never_raises():
    from chalicelib.adapters import observability as obs

    obs.metric("Test", 1, Queue="q")
    obs.metric("Test", 1)
    obs.flush_metrics()
