"""Issue 16 #2: similar reports at filing, from the Similar index (moto): same matter, near in place, similar
words; confidential and closed reports never; one bounded read however large the table is."""
from __future__ import annotations

import json
import time

import pytest

from chalicelib.domain import similarity

JSON = {"Content-Type": "application/json"}
POTHOLE = {"title": "Jalan berlubang besar di Jalan Gatot Subroto",
           "body": "Ada lubang besar di jalan Gatot Subroto dekat pasar, sudah dua minggu, motor sering jatuh "
                   "di lubang jalan itu."}
LIGHT = {"title": "Lampu jalan mati di Jalan Teuku Umar",
         "body": "Lampu penerangan jalan umum mati total sejak sebulan, gelap dan rawan kejahatan malam hari."}


def file(client, report: dict, district: str = "51.71.01", **extra) -> dict:
    body = {**report, "location": {"district_code": district}, **extra}
    res = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(body))
    assert res.status_code == 201, res.body
    return res.json_body


def similar(client, report: dict, district: str = "51.71.01", **location) -> list[dict]:
    body = {**report, "location": {"district_code": district, **location}}
    res = client.http.post("/v1/similar-reports", headers=JSON, body=json.dumps(body))
    assert res.status_code == 200, res.body
    return res.json_body["items"]


def test_the_same_problem_nearby_is_found_and_others_are_not(client):
    first = file(client, POTHOLE)
    assert first["status"] == "assigned"
    tid = first["tracking_id"]
    again = {"title": "Lubang besar di Jalan Gatot Subroto",
             "body": "Lubang jalan besar di Gatot Subroto dekat pasar, motor jatuh di lubang itu kemarin."}
    found = similar(client, again)
    assert [f["tracking_id"] for f in found] == [tid]
    assert found[0]["similarity"] >= similarity.SIMILAR_FROM and "body" not in found[0]
    assert tid not in [f["tracking_id"] for f in similar(client, LIGHT)]  # other words (and matter)
    assert tid not in [f["tracking_id"] for f in similar(client, again, district="51.71.02")]  # other kecamatan


def test_coordinates_use_the_radius(client):
    here = {"lat": -8.6700, "lon": 115.2100}
    report = {"title": "Saluran air tersumbat di Jalan Diponegoro",
              "body": "Selokan di Jalan Diponegoro tersumbat sampah plastik, air meluap ke jalan setiap hujan."}
    body = {**report, "location": {"district_code": "51.71.03", **here}}
    tid = client.http.post("/v1/complaints", headers=JSON, body=json.dumps(body)).json_body["tracking_id"]
    near = similar(client, report, "51.71.03", lat=-8.6750, lon=115.2120)  # ~600 m
    far = similar(client, report, "51.71.03", lat=-8.7000, lon=115.2500)   # ~5 km
    assert tid in [f["tracking_id"] for f in near] and tid not in [f["tracking_id"] for f in far]


def test_confidential_reports_are_never_suggested(client):
    report = {"title": "Jembatan kayu retak di Desa Sanur Kaja",
              "body": "Jembatan kayu penghubung banjar retak parah, warga takut melintas, anak sekolah lewat sana."}
    secret = file(client, report, "51.71.02", confidential=True)
    assert secret["tracking_id"] not in [f["tracking_id"] for f in similar(client, report, "51.71.02")]


def test_a_lookup_reads_a_bounded_number_of_items_on_a_table_of_100k(client):
    """100,000 open public reports seeded straight into the Similar index (90,000 of them in the very
    partition the lookup reads): the lookup reads at most READ_LIMIT (100) items."""
    import boto3

    from chalicelib import config
    from chalicelib.adapters.complaint_repository import ComplaintRepository, similar_key
    from chalicelib.services import intake, similar_reports

    ddb = boto3.client("dynamodb")
    decision = intake.decide({**POTHOLE, "location": {"district_code": "51.71.01"}})
    pk = similar_key(decision.matter["id"], "51.71")
    sig = similarity.encode(similarity.signature(POTHOLE["title"] + " " + POTHOLE["body"]))
    start = time.time()
    for batch in range(4000):
        items = []
        for i in range(25):
            n = batch * 25 + i
            part = pk if n % 10 else similar_key(decision.matter["id"], "51.03")
            items.append({"PutRequest": {"Item": {
                "PK": {"S": f"C#SEED{n:06d}"}, "SK": {"S": "CASE"}, "tracking_id": {"S": f"SEED{n:06d}"},
                "kind": {"S": "complaint"}, "title": {"S": "Jalan berlubang"}, "status": {"S": "assigned"},
                "created_at": {"S": f"2026-01-01T00:{n // 6000:02d}:{(n // 100) % 60:02d}.{n % 100:02d}Z"},
                "GSI9PK": {"S": part}, "GSI9Sig": {"S": sig},
                "GSI9District": {"S": "51.71.01"}}}})
        ddb.batch_write_item(RequestItems={config.complaints_table(): items})
    print(f"seeded 100k in {time.time() - start:.0f} s")
    found, read = similar_reports.matches({**POTHOLE, "location": {"district_code": "51.71.01"}}, decision,
                                          ComplaintRepository())
    print(f"similar-report lookup read {read} items of 100,000 (limit {similarity.READ_LIMIT})")
    assert read <= similarity.READ_LIMIT
    assert len(found) == similarity.SHOWN and all(f["same"] for f in found)


@pytest.mark.parametrize("text,other,expected", [
    ("jalan berlubang di depan pasar", "jalan berlubang di depan pasar", 1.0),
    ("jalan berlubang di depan pasar", "lampu taman mati total malam", 0.0),
])
def test_signature_similarity_estimates_jaccard(text, other, expected):
    a, b = similarity.signature(text), similarity.signature(other)
    assert similarity.similarity(a, similarity.decode(similarity.encode(b))) == expected


def test_a_failed_lookup_does_not_cost_the_filing(client, monkeypatch):
    from chalicelib.services import similar_reports

    def throttled(*_a, **_k):
        raise RuntimeError("ProvisionedThroughputExceededException")

    monkeypatch.setattr(similar_reports, "matches", throttled)
    out = file(client, POTHOLE)
    assert out["cluster_id"] is None and out["status"] == "assigned"


def test_the_similar_entry_is_compact_on_the_case_head(client):
    """The MinHash signature is 128 bytes (32-bit minima, binary), the Similar entry ~0.2 KB of the head,
    and the index item a lookup reads fits one write unit (measured with bench.cost's DynamoDB item size)."""
    import boto3

    from bench.cost import item_size
    from chalicelib.adapters.complaint_repository import ComplaintRepository, case_pk
    from chalicelib.adapters.dynamo import key

    tid = file(client, POTHOLE)["tracking_id"]
    repo = ComplaintRepository()
    head = boto3.client("dynamodb").get_item(TableName=repo.table, Key=key(case_pk(tid), "CASE"))["Item"]
    entry = {k: v for k, v in head.items() if k.startswith("GSI9")}
    assert len(entry["GSI9Sig"]["B"]) == 4 * similarity.PERMUTATIONS == 128
    assert item_size(entry) <= 200
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "infra" / "template.json"
    template = json.loads(path.read_text())["Resources"]["ComplaintsTable"]["Properties"]
    (index,) = [i for i in template["GlobalSecondaryIndexes"] if i["IndexName"] == "Similar"]
    projected = {"PK", "SK", "GSI9PK", "created_at", *index["Projection"]["NonKeyAttributes"]}
    assert item_size({k: v for k, v in head.items() if k in projected}) <= 1024
