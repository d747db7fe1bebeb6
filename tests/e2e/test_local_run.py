"""`make run`'s system over real HTTP: file a complaint, read it back, see the worker act."""
from __future__ import annotations

import time

from httpclient import http


def test_file_and_check_over_http(local_run):
    base = local_run["url"]
    status, health = http("GET", base + "/v1/health")
    assert status == 200 and health["status"] == "ok"
    status, out = http("POST", base + "/v1/complaints", {
        "title": "Sampah menumpuk di pasar",
        "body": "Sampah di Pasar Badung, Kota Denpasar tidak diangkut seminggu, bau dan mengganggu pedagang.",
        "location": {"region_code": "51.71"}, "reporter": {"email": "e2e@example.com"}})
    assert status == 201, out
    tid, code = out["tracking_id"], out["access_code"]
    status, view = http("GET", f"{base}/v1/complaints/{tid}", headers={"X-Access-Code": code})
    assert status == 200 and view["view"] == "reporter" and view["agency"]
    status, public = http("GET", f"{base}/v1/complaints/{tid}")
    assert status == 200 and "reporter" not in public
    status, err = http("POST", base + "/v1/complaints", {"title": "x"}, {"Accept-Language": "en"})
    assert status == 422 and err["error"]["message"] == "The submitted data is invalid."


def test_worker_feeds_the_stream_to_its_consumers(local_run):
    """A filed complaint's events reach both stream consumers through the worker (moto server's stream)."""
    import boto3

    base = local_run["url"]
    status, out = http("POST", base + "/v1/complaints", {
        "title": "Air PDAM tidak mengalir",
        "body": "Sudah tiga hari air PDAM di Kecamatan Denpasar Selatan tidak mengalir sama sekali, mohon dicek.",
        "location": {"region_code": "51.71"}, "reporter": {"email": "pdam.e2e@example.com"}})
    assert status == 201
    env = local_run["env"]
    ddb = boto3.client("dynamodb", endpoint_url=env["AWS_ENDPOINT_URL"])
    pk = {":p": {"S": f"C#{out['tracking_id']}"}}
    deadline = time.time() + 30
    while time.time() < deadline:
        items = ddb.query(TableName=env["COMPLAINTS_TABLE"], KeyConditionExpression="PK = :p",
                          ExpressionAttributeValues=pk)["Items"]
        handled = not any("private" in i for i in items)  # the events consumer handled complaint.submitted
        counted = ddb.query(TableName=env["STATS_TABLE"], KeyConditionExpression="PK = :p AND SK = :t",
                            ExpressionAttributeValues={":p": {"S": "DAY#" + _wib_day(out["created_at"])},
                                                       ":t": {"S": out["tracking_id"]}})["Items"]
        if handled and counted:
            return
        time.sleep(0.5)
    raise AssertionError("the worker did not feed the stream to the consumers")


def _wib_day(created_at: str) -> str:
    from chalicelib.domain.clock import parse
    from chalicelib.domain.stats_rules import WIB

    return parse(created_at).astimezone(WIB).strftime("%Y-%m-%d")
