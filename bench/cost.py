"""What one complaint costs on AWS, measured: every AWS call of a full lifecycle counted on moto.

    python -m bench.cost [--cases 20]

Lifecycle (the service layer the HTTP handlers call): file (intake.file_complaint: route +
assign happen inside) -> [dispose, if the router sent it to verification] -> accept ->
respond -> reporter_accept with a rating (feedback) -> close (the sweeper, 30 days later);
then the stats consumer counts every domain event (its own reads/writes are included).
Plus one overdue sweep (chalicelib.services.sweeper.sweep: DueDate Queries over the 4 shards).

How capacity is counted: botocore ``provide-client-params``/``after-call`` hooks on the
default boto3 session see every call.  DynamoDB capacity is computed from item sizes with
the DynamoDB rules (moto does not report it for every operation): writes 1 WRU per 1 KB of
the larger of old/new item (x2 inside TransactWriteItems), plus one write per GSI whose
projection changes (KEYS_ONLY/ALL), plus a delete when a GSI key is removed or changed;
reads 1 RRU per 4 KB (strongly consistent), 0.5 eventually consistent; Query sums the sizes
of the items it returns.  Item sizes follow DynamoDB's formula (name + value bytes; numbers
~ digits/2+1).  Item images are read with an un-hooked client after each write.

Prices: us-east-1 list prices, on-demand (ap-southeast-3 Jakarta is roughly 10-25% higher;
check the pricing page before budgeting):
  DynamoDB   $0.625 / million write request units, $0.125 / million read request units
  SQS        $0.40 / million requests (standard; every 64 KB chunk is a request)
  Lambda     $0.20 / million requests + $0.0000166667 / GB-second (x86)
  API GW     $3.50 / million REST API calls (first 333 M)
  CW Logs    $0.50 / GB ingested
Lambda durations are assumptions (stated in the table), not measurements: moto latency is
not AWS latency.  Not included: SES/SMS notifications (the notifications worker's calls to
SES/SNS — priced separately, per message sent), webhook HTTP calls, storage ($0.25/GB-month;
the bytes per case are printed), data transfer, the fixed monthly costs (alarms, dashboard,
schedules).
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import math
import os
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PRICES = {"wru": 0.625, "rru": 0.125, "sqs": 0.40, "lambda_req": 0.20, "lambda_gbs": 0.0000166667,
          "apigw": 3.50, "logs_gb": 0.50}
API_MS, API_MB = 150, 1024          # assumed average API handler duration / memory
WORKER_MS, WORKER_MB = 100, 1024    # assumed per-message consumer duration / memory (batch of 1)
CONSUMED_QUEUES = ("notifications", "deliveries", "stats", "escalations")  # Lambda reads them: receive + delete

GSI = {  # complaints table: index -> (hash, range, projection)
    "AgencyInbox": ("GSI1PK", "GSI1SK", "ALL"),
    "DueDate": ("GSI2PK", "GSI2SK", "KEYS_ONLY"),
    "Queue": ("GSI3PK", "GSI3SK", "ALL"),
}


# ----------------------------------------------------------------------------- sizes
def value_size(v: dict) -> int:
    (t, x), = v.items()
    if t == "S":
        return len(x.encode())
    if t == "N":
        digits = len(str(x).lstrip("-").replace(".", "").lstrip("0")) or 1
        return math.ceil(digits / 2) + 1
    if t == "B":
        return len(x)
    if t in ("BOOL", "NULL"):
        return 1
    if t == "M":
        return 3 + sum(len(k.encode()) + value_size(vv) + 1 for k, vv in x.items())
    if t == "L":
        return 3 + sum(value_size(vv) + 1 for vv in x)
    if t == "SS":
        return sum(len(s.encode()) for s in x)
    if t == "NS":
        return sum(value_size({"N": n}) for n in x)
    return 0


def item_size(item: dict | None) -> int:
    if not item:
        return 0
    return sum(len(k.encode()) + value_size(v) for k, v in item.items())


def kb(size: int, unit: int) -> int:
    return max(1, math.ceil(size / unit))


# ----------------------------------------------------------------------------- meter
class Meter:
    def __init__(self) -> None:
        self.calls: Counter = Counter()
        self.wru = 0.0
        self.rru = 0.0
        self.sqs_requests = 0
        self.messages_sent: Counter = Counter()
        self.raw = None  # un-hooked DynamoDB client for item images
        self.paused = False

    def reset(self) -> None:
        self.__init__()

    # images ----------------------------------------------------------------------
    def image(self, table: str, key: dict) -> dict | None:
        return self.raw.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    def _key(self, table: str, item: dict) -> dict:
        return {k: item[k] for k in ("PK", "SK") if k in item}

    def _gsi_writes(self, table: str, old: dict | None, new: dict | None) -> int:
        if "complaints" not in table:
            return 0
        n = 0
        for hash_, range_, proj in GSI.values():
            had = old is not None and hash_ in old
            has = new is not None and hash_ in new
            same_key = had and has and old[hash_] == new[hash_] and old.get(range_) == new.get(range_)
            if has and not (proj == "KEYS_ONLY" and same_key):
                n += kb(item_size(new) if proj == "ALL" else 100, 1024)
            if had and not same_key:
                n += 1
        return n

    def write_cost(self, table: str, key: dict, before: dict | None, factor: int) -> None:
        after = self.image(table, key)
        self.wru += factor * kb(max(item_size(before), item_size(after)), 1024)
        self.wru += self._gsi_writes(table, before, after)

    # hooks -----------------------------------------------------------------------
    def before(self, params, model, context, **_):
        if self.paused:
            return
        service = model.service_model.service_name
        op = model.name
        context["bench"] = (service, op, dict(params))
        if service == "dynamodb" and op in ("PutItem", "UpdateItem", "DeleteItem"):
            context["before"] = self.image(params["TableName"], params["Key"] if "Key" in params
                                           else self._key(params["TableName"], params["Item"]))
        elif service == "dynamodb" and op == "TransactWriteItems":
            befores = []
            for it in params["TransactItems"]:
                (kind, body), = it.items()
                k = body.get("Key") or self._key(body["TableName"], body.get("Item", {}))
                befores.append((kind, body["TableName"], k, self.image(body["TableName"], k)))
            context["befores"] = befores
        elif service == "dynamodb" and op == "BatchWriteItem":
            befores = []
            for table, reqs in params["RequestItems"].items():
                for r in reqs:
                    k = r["DeleteRequest"]["Key"] if "DeleteRequest" in r else self._key(table, r["PutRequest"]["Item"])
                    befores.append(("Batch", table, k, self.image(table, k)))
            context["befores"] = befores

    def after(self, http_response, parsed, model, context, **_):
        if self.paused or "bench" not in context:
            return
        service, op, params = context["bench"]
        self.calls[f"{service}.{op}"] += 1
        if service == "sqs":
            entries = params.get("Entries")
            self.sqs_requests += 1
            if op in ("SendMessage", "SendMessageBatch"):
                name = params["QueueUrl"].rsplit("/", 1)[-1].replace("salur-", "")
                self.messages_sent[name] += len(entries) if entries else 1
            return
        if service != "dynamodb" or http_response.status_code >= 300:
            return
        if op in ("PutItem", "UpdateItem", "DeleteItem"):
            key = params.get("Key") or self._key(params["TableName"], params["Item"])
            self.write_cost(params["TableName"], key, context.get("before"), 1)
        elif op == "TransactWriteItems":
            for kind, table, key, before in context.get("befores", []):
                if kind == "ConditionCheck":
                    self.wru += 2 * kb(item_size(before), 1024)
                else:
                    self.write_cost(table, key, before, 2)
        elif op == "BatchWriteItem":  # (unprocessed items are retried by the caller: counted then)
            unprocessed = {json.dumps(k, sort_keys=True) for reqs in parsed.get("UnprocessedItems", {}).values()
                           for r in reqs for k in r.values()}
            for _kind, table, key, before in context.get("befores", []):
                if json.dumps(key, sort_keys=True) not in unprocessed:
                    self.write_cost(table, key, before, 1)
        elif op == "GetItem":
            size = item_size(parsed.get("Item"))
            self.rru += kb(size, 4096) * (1 if params.get("ConsistentRead") else 0.5)
        elif op == "Query":
            size = sum(item_size(i) for i in parsed.get("Items", []))
            self.rru += kb(size, 4096) * (1 if params.get("ConsistentRead") else 0.5)
        elif op == "BatchGetItem":
            for items in parsed.get("Responses", {}).values():
                self.rru += sum(kb(item_size(i), 4096) * 0.5 for i in items)


# ----------------------------------------------------------------------------- scenario
REPORT = {
    "title": "Jalan rusak parah di Denpasar",
    "body": "Jalan di Jl. Gatot Subroto Barat, Kota Denpasar berlubang besar sudah 3 bulan, sering terjadi "
            "kecelakaan. Mohon segera diperbaiki sebelum musim hujan.",
    "location": {"region_code": "51.71"},
    "reporter": {"name": "Made", "email": "made@example.com", "phone": "+6281234567890"},
}


def drain_stats(meter: Meter) -> int:
    """Run the stats consumer over its queue (counted); the other queues are just emptied (not counted)."""
    from chalicelib.adapters.aws_clients import client
    from chalicelib.services import stats_consumer as stats

    sqs = client("sqs")
    n = 0
    for name in ("notifications", "deliveries", "stats", "escalations"):
        url = os.environ[f"{name.upper()}_QUEUE_URL"]
        while True:
            meter.paused = True
            res = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
            msgs = res.get("Messages", [])
            for m in msgs:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            meter.paused = False
            if not msgs:
                break
            if name == "stats":
                for m in msgs:
                    stats.handle_message(json.loads(m["Body"]))
                    n += 1
    return n


def lifecycle(now: datetime) -> tuple[str, int]:
    """One complaint from filing to closing; returns (tracking id, HTTP requests it takes)."""
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.services import cases
    from chalicelib.services.intake import file_complaint

    out, _ = file_complaint(dict(REPORT), now=now)
    tid = out["tracking_id"]
    http = 1
    if out["status"] == "awaiting_verification":
        case = ComplaintRepository().get(tid)
        cases.transition(tid, "dispose", "verifier", now=now + timedelta(hours=1),
                         target_agency_id=(case.get("routing") or {}).get("agency_id") or "pemkot-51.71")
        http += 1
    cases.transition(tid, "accept", "officer", now=now + timedelta(hours=2))
    cases.transition(tid, "respond", "officer", now=now + timedelta(days=1), message="Sudah diperbaiki.")
    cases.transition(tid, "reporter_accept", "reporter", now=now + timedelta(days=2), rating=5)
    http += 3
    cases.transition(tid, "close", "system", now=now + timedelta(days=40))  # by the escalation worker
    return tid, http


def run(n_cases: int) -> dict:
    import boto3
    from moto import mock_aws

    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="ap-southeast-3",
                      AWS_REGION="ap-southeast-3", POWERTOOLS_TRACE_DISABLED="true", SALUR_STAGE="bench")
    os.environ.pop("AWS_ENDPOINT_URL", None)
    sys.path.insert(0, ROOT)
    logging.getLogger("salur").setLevel(logging.WARNING)
    from chalicelib.adapters import aws_clients as aws

    meter = Meter()
    with mock_aws():
        from infra.bootstrap import bootstrap

        env = bootstrap(stack="salur-bench")
        os.environ.update(env)
        meter.raw = boto3.session.Session().client("dynamodb", region_name="ap-southeast-3")
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION.events.register("provide-client-params", meter.before)
        boto3.DEFAULT_SESSION.events.register("after-call", meter.after)
        aws.reset()
        log_bytes = io.StringIO()
        handler = logging.StreamHandler(log_bytes)
        from chalicelib.adapters import observability

        handler.setFormatter(observability.logger().registered_formatter)
        logging.getLogger("salur").addHandler(handler)
        logging.getLogger("salur").setLevel(logging.INFO)

        # warm-up (directory, clients), not counted
        lifecycle(datetime(2030, 1, 6, 2, tzinfo=timezone.utc))
        drain_stats(meter)
        meter.reset()
        meter.raw = boto3.session.Session().client("dynamodb", region_name="ap-southeast-3")
        log_bytes.truncate(0), log_bytes.seek(0)

        http = 0
        start = datetime(2030, 2, 3, 2, tzinfo=timezone.utc)
        tids = []
        for i in range(n_cases):
            tid, h = lifecycle(start + timedelta(minutes=i))
            tids.append(tid)
            http += h
        request_side = {"wru": meter.wru, "rru": meter.rru, "calls": Counter(meter.calls),
                        "sqs": meter.sqs_requests, "sent": Counter(meter.messages_sent)}
        meter.wru = meter.rru = 0.0
        meter.calls = Counter()
        meter.sqs_requests = 0
        consumed = drain_stats(meter)
        stats_side = {"wru": meter.wru, "rru": meter.rru, "calls": Counter(meter.calls), "messages": consumed}
        logs = len(log_bytes.getvalue().encode())

        case_bytes = sum(item_size(i) for tid in tids[:1] for i in meter.raw.query(
            TableName=os.environ["COMPLAINTS_TABLE"], KeyConditionExpression="PK = :p",
            ExpressionAttributeValues={":p": {"S": f"C#{tid}"}})["Items"])

        # one sweep with open cases in the index (none overdue) and with 10 overdue
        from chalicelib.services import sweeper

        meter.wru = meter.rru = 0.0
        meter.calls = Counter()
        meter.sqs_requests = 0
        sweep_idle = sweeper.sweep(now=start + timedelta(hours=3))
        sweep_idle_cost = {"rru": meter.rru, "calls": Counter(meter.calls), "sqs": meter.sqs_requests}
        from chalicelib.services.intake import file_complaint

        meter.paused = True
        for i in range(10):
            file_complaint(dict(REPORT), now=start - timedelta(days=30) + timedelta(minutes=i))
        meter.paused = False
        meter.rru = 0.0
        meter.calls = Counter()
        meter.sqs_requests = 0
        sweep_busy = sweeper.sweep(now=start + timedelta(hours=3))
        sweep_busy_cost = {"rru": meter.rru, "calls": Counter(meter.calls), "sqs": meter.sqs_requests}
        logging.getLogger("salur").removeHandler(handler)
    return {"n": n_cases, "http": http, "request": request_side, "stats": stats_side, "log_bytes": logs,
            "case_bytes": case_bytes, "sweep_idle": (sweep_idle, sweep_idle_cost),
            "sweep_busy": (sweep_busy, sweep_busy_cost)}


def report(r: dict, out=sys.stdout) -> dict:
    n = r["n"]
    per = lambda x: x / n  # noqa: E731
    req, st = r["request"], r["stats"]
    wru = per(req["wru"] + st["wru"])
    rru = per(req["rru"] + st["rru"])
    sent = per(sum(req["sent"].values()))
    consumed = sum(v for k, v in req["sent"].items() if k in CONSUMED_QUEUES) / n
    sqs_requests = per(req["sqs"]) + 2 * consumed  # producer calls + Lambda's receive/delete per message
    http = per(r["http"])
    lambda_invocations = http + consumed + 0.0
    gbs = http * API_MS / 1000 * API_MB / 1024 + consumed * WORKER_MS / 1000 * WORKER_MB / 1024
    million = 1_000_000
    costs = {
        "DynamoDB writes": wru * million * PRICES["wru"] / million,
        "DynamoDB reads": rru * million * PRICES["rru"] / million,
        "SQS requests": sqs_requests * PRICES["sqs"],
        "Lambda requests": lambda_invocations * PRICES["lambda_req"],
        "Lambda compute": gbs * million * PRICES["lambda_gbs"],
        "API Gateway": http * PRICES["apigw"],
        "CloudWatch Logs": per(r["log_bytes"]) * million / 1e9 * PRICES["logs_gb"],
    }
    print(f"Per complaint, full lifecycle (mean of {n}; file -> route/assign -> accept -> respond -> "
          f"feedback -> close; stats consumer included)\n", file=out)
    print(f"{'AWS calls (request side)':<44}{'per complaint':>14}", file=out)
    for k, v in sorted(req["calls"].items()):
        print(f"  {k:<42}{v / n:>14.2f}", file=out)
    print(f"{'AWS calls (stats consumer)':<44}", file=out)
    for k, v in sorted(st["calls"].items()):
        print(f"  {k:<42}{v / n:>14.2f}", file=out)
    print(f"\n{'quantity':<44}{'per complaint':>14}", file=out)
    rows = [("DynamoDB WRU (request side)", per(req["wru"])), ("DynamoDB RRU (request side)", per(req["rru"])),
            ("DynamoDB WRU (stats consumer)", per(st["wru"])), ("DynamoDB RRU (stats consumer)", per(st["rru"])),
            ("domain-event messages sent (all queues)", sent), ("SQS requests (incl. Lambda polling)", sqs_requests),
            ("HTTP requests (API GW + Lambda)", http), ("consumer Lambda invocations (batch of 1)", consumed),
            ("log bytes (JSON lines)", per(r["log_bytes"])), ("stored bytes (case + timeline)", r["case_bytes"])]
    for label, v in rows:
        print(f"  {label:<42}{v:>14.2f}", file=out)
    print(f"\nCost per million complaints (us-east-1 on-demand list prices; Lambda {API_MS} ms API / "
          f"{WORKER_MS} ms per message at 1 GB assumed)", file=out)
    total = 0.0
    for k, v in costs.items():
        print(f"  {k:<42}{'$':>4}{v:>10.2f}", file=out)
        total += v
    print(f"  {'TOTAL':<42}{'$':>4}{total:>10.2f}", file=out)
    for label, (res, cost) in (("idle sweep (open cases, none overdue)", r["sweep_idle"]),
                               ("sweep finding 10 overdue cases", r["sweep_busy"])):
        print(f"\nOne {label}: {res['queries']} Queries, {cost['rru']:.1f} RRU, "
              f"{cost['sqs']} SQS requests, calls {dict(cost['calls'])}", file=out)
    idle = r["sweep_idle"][1]
    per_month = 4 * 24 * 30
    print(f"Sweeps every 15 min: {per_month}/month -> {per_month * idle['rru']:.0f} RRU/month "
          f"= ${per_month * idle['rru'] * PRICES['rru'] / 1e6:.4f}/month + Lambda "
          f"{per_month} invocations (${per_month * PRICES['lambda_req'] / 1e6:.4f}); "
          f"fixed, independent of the number of complaints.", file=out)
    return {"total_per_million": total, "costs": costs, "wru": wru, "rru": rru}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cost")
    parser.add_argument("--cases", type=int, default=20)
    args = parser.parse_args(argv)
    report(run(args.cases))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
