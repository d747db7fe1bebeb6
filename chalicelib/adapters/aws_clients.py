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


def s3_addressing() -> dict | None:
    """S3's presigned POST (uploads) and GET (viewing) must name the bucket's *regional* virtual host,
    ``<bucket>.s3.<region>.amazonaws.com`` — what ``config.media_origin`` lists in the pages' CSP ``connect-src``.
    botocore's default (``auto``) names the legacy global host ``<bucket>.s3.amazonaws.com`` instead, which buckets
    in regions opened after March 2019, Jakarta (ap-southeast-3) among them, refuse (IllegalLocationConstraint or
    SignatureDoesNotMatch: boto/boto3#2187, #4768), and which the CSP does not list.  A local endpoint
    (``AWS_ENDPOINT_URL``: moto's server) keeps botocore's default (path style on that host)."""
    if os.environ.get("AWS_ENDPOINT_URL"):
        return None
    return {"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"}


@functools.lru_cache(maxsize=None)
def client(service: str):
    import boto3
    from botocore.config import Config

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
    extra = {"s3": s3_addressing(), "signature_version": "s3v4"} if service == "s3" else {}
    # s3v4 always: botocore still presigns with SigV2 in older regions, which buckets made since 2020 refuse
    cfg = Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=3, read_timeout=10, **extra)
    return boto3.client(service, region_name=region, config=cfg)


def reset() -> None:
    """Forget cached clients (tests switch between moto contexts)."""
    client.cache_clear()
