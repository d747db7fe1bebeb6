"""Lazily created boto3 clients, one per process.

boto3 is imported on first use, not at module import, so a cold start that only
serves a cached page never pays for it.  ``AWS_ENDPOINT_URL`` (moto's server
locally) is honoured by boto3 itself.
"""
from __future__ import annotations

import functools
import os

DEFAULT_REGION = "ap-southeast-3"  # Jakarta


@functools.lru_cache(maxsize=None)
def client(service: str):
    import boto3
    from botocore.config import Config

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
    cfg = Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=3, read_timeout=10)
    return boto3.client(service, region_name=region, config=cfg)


def reset() -> None:
    """Forget cached clients (tests switch between moto contexts)."""
    client.cache_clear()
