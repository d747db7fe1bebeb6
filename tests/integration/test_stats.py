"""Public statistics: counters fed by the stats queue, exactly once, reconcilable, served by /v1/stats."""
from __future__ import annotations

import io
import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
from stream_support import messages, records, stream_record

from chalicelib.adapters.stats_store import StatsStore
from chalicelib.domain.stats_rules import NATIONAL

T0 = datetime(2031, 3, 3, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB; a period no other test uses

REPORT = {
    "title": "Jalan rusak parah di Denpasar",
    "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, sering terjadi kecelakaan.",
    "location": {"region_code": "51.71"},
    "reporter": {"name": "Made", "email": "made@example.com", "phone": "+6281234567890"},
}


def receive_all() -> list[dict]:
    """Every stream record the stats consumer's filters select since the last call."""
    return records("count_stats")


def deliver(client, recs: list[dict]) -> list:
    """Hand records to the Lambda handler in batches of 100 (as the event source mapping would)."""
    failures = []
    for i in range(0, len(recs), 100):
        res = client.lambda_.invoke("count_stats", {"Records": recs[i:i + 100]})
        failures += res.payload["batchItemFailures"]
    return failures


def file(data, now):
    from chalicelib.services.intake import file_complaint

    out, _ = file_complaint(dict(data), now=now)
    return out["tracking_id"]


def ensure_assigned(tid, now):
    """Whatever the router decided, end up assigned to an agency."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.services import cases

    case = ComplaintRepository().get(tid)
    if case["status"] == "awaiting_verification":
        target = (case.get("routing") or {}).get("agency_id") or "pemkot-51.71"
        cases.transition(tid, "dispose", "verifier", now=now, target_agency_id=target)
        case = ComplaintRepository().get(tid)
    return case


@pytest.fixture(scope="module")
def lifecycle(aws, app):
    """Two cases through their lifecycle in March 2031; the stats queue delivered once."""
    from chalice.test import Client

    from chalicelib.services import cases

    with Client(app, stage_name="local") as client:
        deliver(client, receive_all())  # whatever other tests left: counted in their own periods
        a = file(REPORT, T0)
        case_a = ensure_assigned(a, T0 + timedelta(hours=1))
        cases.transition(a, "accept", "officer", now=T0 + timedelta(hours=2))
        cases.transition(a, "respond", "officer", now=T0 + timedelta(hours=30), message="Sudah kami perbaiki.")
        cases.transition(a, "reporter_accept", "reporter", now=T0 + timedelta(days=2), rating=5)

        b = file({**REPORT, "kind": "aspiration", "title": "Usul taman kota di Denpasar"}, T0 + timedelta(minutes=5))
        case_b = ensure_assigned(b, T0 + timedelta(hours=1))
        cases.transition(b, "escalate", "system", now=T0 + timedelta(days=9))  # first deadline: 5 working days
        cases.transition(b, "respond", "officer", now=T0 + timedelta(days=10), message="Usul diterima.")
        cases.transition(b, "reporter_accept", "reporter", now=T0 + timedelta(days=11))
        cases.transition(b, "rate", "reporter", now=T0 + timedelta(days=12), rating=2)

        bodies = receive_all()
        failures = deliver(client, bodies)
    return {"a": a, "b": b, "agency_a": case_a["agency_id"], "agency_b": case_b["agency_id"],
            "bodies": bodies, "failures": failures}


def national(period="2031-03"):
    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.domain.stats_rules import NATIONAL

    return StatsStore().item(period, NATIONAL)


def test_counters_after_lifecycle(lifecycle):
    assert lifecycle["failures"] == []
    types = [m["type"] for m in messages(lifecycle["bodies"])]
    assert types.count("complaint.submitted") == 2
    n = national()
    assert n["received"] == 2
    assert n["kind.complaint"] == 1 and n["kind.aspiration"] == 1
    assert n["channel.web"] == 2
    assert n["routed"] == 2
    assert sum(v for k, v in n.items() if k.startswith("province.")) == 2
    assert sum(v for k, v in n.items() if k.startswith("matter.")) == 2
    assert n["responses"] == 2 and n["responses_on_time"] == 1
    assert n["first_responses"] == 2
    assert n["frt.48"] == 1  # 30 h after filing
    assert n["escalations"] == 1 and n["escalation_level.1"] == 1
    assert n["completed"] == 2
    assert n["rating_count"] == 2 and n["rating_sum"] == 7
    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.domain.stats_rules import NATIONAL

    year = StatsStore().counters("2031", NATIONAL)  # the sum of the year's months
    assert year["received"] == 2 and year["rating_sum"] == 7
    from chalicelib.adapters.stats_store import StatsStore

    ag_b = StatsStore().item("2031-03", f"AGENCY#{lifecycle['agency_b']}")
    assert ag_b["breaches"] >= 1 and ag_b["breach_level.1"] >= 1


def test_redelivery_counts_once(lifecycle, client):
    before = national()
    failures = deliver(client, lifecycle["bodies"] + lifecycle["bodies"][:3])
    assert failures == []
    assert _same(before, national())


def _same(a, b):
    strip = lambda d: {k: v for k, v in d.items() if k != "updated_at"}  # noqa: E731
    return strip(a) == strip(b)


def test_redelivery_unchanged_exactly(lifecycle, client):
    before = national()
    deliver(client, list(reversed(lifecycle["bodies"])))
    assert _same(before, national())


def test_concurrent_updates_and_duplicates(aws, monkeypatch):
    """Threads race distinct events and duplicate deliveries onto the same counter items.

    moto's in-memory backend is not thread-safe (DynamoDB itself serialises each item
    write), so only moto's request dispatch is serialised here; everything of ours —
    building the transaction, the marker condition, retries — runs concurrently."""
    from moto.core.botocore_stubber import BotocoreStubber

    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.domain.stats_rules import NATIONAL

    lock = threading.Lock()
    original = BotocoreStubber.__call__

    def serialised(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", serialised)

    store = StatsStore()
    at = "2032-01-15T03:00:00+00:00"

    def event(i):
        return {"event_id": f"conc-{i}.0", "type": "complaint.feedback", "tracking_id": f"T-{i}", "occurred_at": at,
                "agency_id": "kemenpanrb", "data": {"case": {"agency_id": "kemenpanrb"}, "action": "rate",
                                                    "role": "reporter", "rating": 1 + i % 5}}

    events = [event(i) for i in range(60)]
    errors = []

    def worker(chunk):
        try:
            for ev in chunk:
                store.record(ev)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    # 6 threads; each event is delivered by two different threads (a duplicate racing the original)
    chunks = [events[k::3] for k in range(3)] * 2
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    item = store.item("2032-01", NATIONAL)
    assert item["rating_count"] == 60
    assert item["rating_sum"] == sum(1 + i % 5 for i in range(60))
    agency = store.item("2032-01", "AGENCY#kemenpanrb")
    assert agency["rating_count"] == 60


def test_no_counter_item_outgrows_one_write_unit(lifecycle):
    """A busy month: every province and matter, every channel — each stored part stays under 1 KB."""
    from bench.cost import item_size, seed_month

    from chalicelib.adapters.dynamo import query_partition, to_item

    seed_month("2035-07")
    items = query_partition(StatsStore().table, "STATS#2035-07")
    assert len(items) > 5
    assert max(item_size(to_item(i)) for i in items) < 1024
    assert StatsStore().item("2035-07", NATIONAL)["received"] == 90000


def test_a_batch_is_applied_in_one_transaction_and_once(lifecycle, client, monkeypatch):
    from chalicelib.adapters import dynamo

    recs = lifecycle["bodies"]
    calls = []
    original = dynamo.ddb

    class Counting:
        def __init__(self, real):
            self.real = real

        def __getattr__(self, name):
            if name == "transact_write_items":
                calls.append(name)
            return getattr(self.real, name)

    monkeypatch.setattr("chalicelib.adapters.stats_store.ddb", lambda: Counting(original()))
    before = national()
    assert deliver(client, recs) == []
    assert len(calls) <= 2  # all redelivered: one try, the markers' refusals, then nothing left to write
    assert _same(before, national())


def test_reconcile_equals_live(lifecycle):
    from chalicelib.services import stats_consumer as stats
    from scripts.stats import main

    expected = stats.recompute([lifecycle["a"], lifecycle["b"]])
    assert ("2031-03", NATIONAL) in expected
    assert stats.diff(expected, StatsStore()) == {}
    out = io.StringIO()
    assert main(["reconcile", "--tracking-ids", lifecycle["a"], lifecycle["b"]], out=out) == 0
    assert json.loads(out.getvalue())["differences"] == {}
    out = io.StringIO()
    assert main(["reconcile", "--days", "2031-03-01..2031-03-05"], out=out) == 0
    report = json.loads(out.getvalue())
    assert report["cases"] == 2 and report["differences"] == {}


def test_reconcile_repairs_lost_counts(lifecycle):
    from chalicelib.adapters.dynamo import ddb, key
    from scripts.stats import main

    store = StatsStore()
    before = store.item("2031-03", NATIONAL)
    from chalicelib.adapters.stats_store import part_of

    ddb().update_item(TableName=store.table, Key=key("STATS#2031-03", f"{NATIONAL}|{part_of('received')}"),
                      UpdateExpression="ADD #r :m", ExpressionAttributeNames={"#r": "received"},
                      ExpressionAttributeValues={":m": {"N": "-1"}})
    out = io.StringIO()
    assert main(["reconcile", "--days", "2031-03-03"], out=out) == 1
    assert "2031-03/NATIONAL" in json.loads(out.getvalue())["differences"]
    assert main(["reconcile", "--days", "2031-03-01..2031-03-31", "--write"], out=io.StringIO()) == 0
    after = store.item("2031-03", NATIONAL)
    assert {k: v for k, v in before.items() if k != "updated_at"} == {k: v for k, v in after.items() if k != "updated_at"}


def test_stats_endpoint_shape(lifecycle, client):
    res = client.http.get("/v1/stats?period=2031-03")
    assert res.status_code == 200
    body = res.json_body
    assert body["period"] == "2031-03"
    assert body["received"] == 2
    assert body["by_kind"] == {"aspiration": 1, "complaint": 1}
    assert body["by_channel"] == {"web": 2}
    assert sum(body["by_province"].values()) == 2
    assert body["sla_compliance"] == 0.5
    assert body["escalations"] == 1
    assert body["median_first_response_hours"] is not None
    assert body["satisfaction"]["average"] == 3.5
    assert body["satisfaction"]["response_rate"] == 1.0
    assert {"routed", "auto_routed", "auto_routed_share", "transfers"} <= set(body["routing"])
    ids = {a["agency_id"] for a in body["agencies"]}
    assert lifecycle["agency_a"] in ids
    for a in body["agencies"]:
        assert {"sla_compliance", "median_first_response_hours", "sla_breaches", "satisfaction"} <= set(a)
    assert res.headers["Cache-Control"].startswith("public")
    assert client.http.get("/v1/stats?period=2031").json_body["received"] == 2


def test_agency_endpoint(lifecycle, client):
    res = client.http.get(f"/v1/stats/agencies/{lifecycle['agency_a']}?period=2031-03")
    assert res.status_code == 200
    body = res.json_body
    assert body["agency_id"] == lifecycle["agency_a"] and body["agency_name"]
    assert body["responses"] >= 1 and body["sla_compliance"] is not None
    assert body["first_response_histogram_hours"]
    empty = client.http.get(f"/v1/stats/agencies/{lifecycle['agency_a']}?period=1999-01").json_body
    assert empty["responses"] == 0 and empty["sla_compliance"] is None


@pytest.mark.parametrize("period", ["2031-13", "31-03", "2031-3", "x", "2031-03-01", "%00"])
def test_bad_period_is_422(client, period):
    res = client.http.get(f"/v1/stats?period={period}")
    assert res.status_code == 422
    assert res.json_body["error"]["code"] == "validation_error"
    assert "period" in res.json_body["error"]["fields"]
    res = client.http.get(f"/v1/stats?period={period}", headers={"Accept-Language": "en"})
    assert res.json_body["error"]["fields"]["period"] == "Invalid value."


def test_unknown_agency_is_404(client):
    res = client.http.get("/v1/stats/agencies/no-such-agency")
    assert res.status_code == 404
    assert res.json_body["error"]["code"] == "not_found"


def test_default_period_is_current_month(client):
    res = client.http.get("/v1/stats")
    assert res.status_code == 200
    assert len(res.json_body["period"]) == 7


def test_median_from_histogram():
    from chalicelib.domain.stats_rules import frt_bucket, median_from_histogram

    assert median_from_histogram({}) is None
    assert median_from_histogram({"24": 1}) == 16.0  # midpoint of (8, 24]
    assert median_from_histogram({"4": 1, "48": 1, "120": 1}) == 36.0
    assert frt_bucket(0.5) == "1" and frt_bucket(30) == "48" and frt_bucket(10_000) == "inf"


def test_openapi_documents_stats(client):
    doc = client.http.get("/openapi.json").json_body
    assert "/v1/stats" in doc["paths"] and "/v1/stats/agencies/{agency_id}" in doc["paths"]


def test_queue_health_schedule_reports_dlq_depth(client):
    res = client.lambda_.invoke("ops_queue_health", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))
    depths = res.payload["dlq_depth"]
    assert {"salur-stats-dlq", "salur-escalations-dlq", "salur-fetches-dlq"} <= set(depths)
    assert all(isinstance(v, int) for v in depths.values())
    age = res.payload["verification_queue_oldest_hours"]
    assert age is None or age >= 0


def test_http_log_lines_carry_request_id_and_no_pii(client):
    import logging

    from chalicelib.adapters import observability as obs

    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(obs.logger().registered_formatter)
    logging.getLogger("salur").addHandler(handler)
    try:
        res = client.http.post("/v1/complaints", headers={"Content-Type": "application/json"},
                               body=json.dumps(REPORT))
    finally:
        logging.getLogger("salur").removeHandler(handler)
    assert res.status_code == 201
    lines = [json.loads(x) for x in buf.getvalue().splitlines() if x.strip()]
    filed = [x for x in lines if x.get("message") == "complaint filed"]
    assert filed and filed[0].get("request_id") and filed[0]["tracking_id"] == res.json_body["tracking_id"]
    text = buf.getvalue()
    assert "made@example.com" not in text and "81234567890" not in text


def test_partial_batch_failure_reports_only_the_bad_record(client):
    good = stream_record({"PK": "C#X", "SK": "EV#2033-05-01T03:00:00+00:00#000", "tracking_id": "X",
                          "event_id": "pbf-1", "at": "2033-05-01T03:00:00+00:00", "action": "transfer",
                          "role": "officer", "data": {"from_agency_id": "kemenpanrb"},
                          "events": ["complaint.transferred"], "snapshot": {}})
    bad = stream_record({"PK": "C#Y", "SK": "EV#2033-05-01T03:00:00+00:00#000", "tracking_id": "Y",
                         "event_id": "pbf-2", "at": "not a time", "action": "transfer", "role": "officer",
                         "events": ["complaint.transferred"]})
    res = client.lambda_.invoke("count_stats", {"Records": [bad, good]})
    assert res.payload["batchItemFailures"] == [{"itemIdentifier": bad["dynamodb"]["SequenceNumber"]}]
    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.domain.stats_rules import NATIONAL

    assert StatsStore().item("2033-05", NATIONAL)["transfers"] == 1
    assert StatsStore().item("2033-05", "AGENCY#kemenpanrb")["transfers_out"] == 1
