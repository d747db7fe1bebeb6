"""Lazily created boto3 clients, one per process.

boto3 and botocore.config are imported on first use, not at module import (~495 ms for boto3,
~150 ms for botocore.config: ``python -X importtime``), so a cold start that only serves a page
never pays for them.  ``AWS_ENDPOINT_URL`` (moto's server
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
