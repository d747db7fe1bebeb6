"""Issue 17 (low): outside development no public fallback for SALUR_PEPPER, and prod refuses to start
without its secrets (the Lambda init fails), while packaging — which imports the app — still works."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chalicelib import config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRETS = {n: "s3cr3t-" + n for n in config.REQUIRED_SECRETS["prod"]}


def start(stage: str, **env) -> subprocess.CompletedProcess:
    """Import app.py as a Lambda runtime would (AWS_LAMBDA_FUNCTION_NAME set)."""
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, "SALUR_STAGE": stage, "AWS_LAMBDA_FUNCTION_NAME": "salur-" + stage, **env})


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_prod_refuses_to_start_without_any_one_secret(missing):
    out = start("prod", **{k: v for k, v in SECRETS.items() if k != missing})
    assert out.returncode != 0 and "MissingSecrets" in out.stderr and missing in out.stderr


def test_prod_starts_with_its_secrets_and_dev_needs_the_pepper():
    assert start("prod", **SECRETS).returncode == 0
    dev = start("dev")
    assert dev.returncode != 0 and "SALUR_PEPPER" in dev.stderr
    assert start("dev", SALUR_PEPPER="p").returncode == 0
    assert start("local").returncode == 0


def test_packaging_imports_the_app_without_secrets():
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS and k != "AWS_LAMBDA_FUNCTION_NAME"}
    out = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, capture_output=True, text=True,
                         env={**clean, "SALUR_STAGE": "prod"})
    assert out.returncode == 0, out.stderr


def test_no_public_pepper_outside_development(monkeypatch):
    monkeypatch.delenv("SALUR_PEPPER", raising=False)
    for stage in ("prod", "dev", "staging"):
        monkeypatch.setenv("SALUR_STAGE", stage)
        with pytest.raises(config.MissingSecrets):
            config.secret_pepper()
    monkeypatch.setenv("SALUR_STAGE", "local")
    assert config.secret_pepper() == b"local-development-pepper"
