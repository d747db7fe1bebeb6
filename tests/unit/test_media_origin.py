"""Issue 16: the origin the pages' CSP ``connect-src`` lists for uploads (``config.media_origin``) is the very origin
of the presigned POST (and GET) the app's S3 client signs, in the cloud's region and others — the bucket's regional
virtual host, never the legacy global ``<bucket>.s3.amazonaws.com`` that Jakarta's buckets refuse.  Signing is
local: no AWS call is made."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def region(monkeypatch):
    from chalicelib.adapters import aws_clients

    def use(name: str) -> None:
        monkeypatch.setenv("AWS_REGION", name)
        monkeypatch.setenv("AWS_DEFAULT_REGION", name)
        monkeypatch.setenv("MEDIA_BUCKET", "salur-prod-mediabucket-1x2y3z4w5v6u")
        monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
        aws_clients.reset()

    yield use
    aws_clients.reset()


@pytest.mark.parametrize("name", ["ap-southeast-3", "ap-southeast-1", "us-east-1", "eu-north-1", "eu-west-1",
                                  "cn-north-1"])
def test_the_csp_names_the_origin_of_the_signed_upload_and_view(region, name):
    from chalicelib import config
    from chalicelib.adapters.media_store import MediaStore

    region(name)
    store = MediaStore(table="unused")
    post = store.presigned_post("uploads/T/M", "image/jpeg", 1000)
    view = store.view_url("media/T/M", "image/jpeg", "inline")
    assert _origin(post["url"]) == _origin(view) == config.media_origin()
    assert f".s3.{name}." in config.media_origin()  # regional, never the global s3.amazonaws.com
    assert f"/{name}/s3/aws4_request" in post["fields"]["x-amz-credential"]


def test_the_default_addressing_would_name_the_global_host_the_csp_does_not_list(region):
    """Why the S3 client sets its addressing (``aws_clients.s3_addressing``): botocore's default fails this."""
    import boto3

    from chalicelib import config

    region("ap-southeast-3")
    default = boto3.client("s3", region_name="ap-southeast-3").generate_presigned_post(config.media_bucket(), "k")
    assert _origin(default["url"]) == f"https://{config.media_bucket()}.s3.amazonaws.com" != config.media_origin()


def test_a_local_endpoint_is_the_origin_and_keeps_path_style(region, monkeypatch):
    from chalicelib import config
    from chalicelib.adapters import aws_clients
    from chalicelib.adapters.media_store import MediaStore

    region("ap-southeast-3")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5055/")
    aws_clients.reset()
    post = MediaStore(table="unused").presigned_post("uploads/T/M", "image/jpeg", 1000)
    assert config.media_origin() == "http://127.0.0.1:5055" == _origin(post["url"])
    assert urlsplit(post["url"]).path.startswith(f"/{config.media_bucket()}")
