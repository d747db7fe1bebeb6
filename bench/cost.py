"""What one complaint costs on AWS, counted through the real handlers on moto.

    python -m bench.cost [--cases 20] [--per-month 1000000]       (make cost)

The lifecycle goes through the HTTP API (``chalice.test.Client``: API-key and case reads of the HTTP layer
included) — file -> accept -> respond (agency API key) -> reporter accepts with a rating -> the sweep closes
it 40 days later (escalations queue) — and every consumer runs as Lambda would run it: ``scripts/worker.py``
drains the queues and (where the code has them) the complaints table's stream through the very handlers
``app.py`` registers.  The month's statistics items are seeded to a realistic size first.

Counted (botocore hooks on every call): DynamoDB write units from item sizes (1 WRU per 1 KB of the larger
of old/new item, x2 inside TransactWriteItems; a failed conditional write by the existing item's size) plus
every global secondary index write (per index, from infra/template.json's projections: ALL, INCLUDE,
KEYS_ONLY; only when that index's keys or projected attributes change; a delete when an index key leaves or
changes);
read units (4 KB, eventually consistent half); SQS requests (sends, the consumers' receives and deletes);
DynamoDB Streams reads (free when Lambda reads them); log bytes (the functions' JSON lines and metrics, plus
Lambda's START/END/REPORT lines per invocation unless infra/package.py's LOGGING_CONFIG filters system logs
at WARN); Lambda invocations: HTTP requests, one per SQS message
(no batching window on the queues: at this rate a message arrives alone), and for stream consumers records /
the batch a shard fills within the mapping's window at ``--per-month`` complaints (infra/streams.py);
X-Ray traces recorded (infra/cloud.json's sampling rule, else Lambda's default: 1 per second + 5 %, on the
functions that trace).

Assumed (stated in the output): Lambda duration = 20 ms + 8 ms per AWS call made, at the stage's memory;
4 stream shards.  Prices: us-east-1 on-demand list prices (ap-southeast-3 is ~10-25 % higher):
  DynamoDB $0.625 / M WRU, $0.125 / M RRU; SQS $0.40 / M requests; Lambda $0.20 / M + $0.0000166667 / GB-s;
  API Gateway REST $3.50 / M; CloudWatch Logs $0.50 / GB ingested; X-Ray $5.00 / M traces recorded;
  DynamoDB Streams reads by Lambda: free.
Not included: SES and SMS (per message sent), webhook HTTP, storage, data transfer, fixed monthly costs.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import math
import os
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

PRICES = {"wru": 0.625, "rru": 0.125, "sqs": 0.40, "lambda_req": 0.20, "lambda_gbs": 0.0000166667,
          "apigw": 3.50, "logs_gb": 0.50, "xray_trace": 5.00}
BASE_MS, PER_CALL_MS = 20, 8
LAMBDA_LOG_BYTES = 350      # START, END and REPORT lines of one invocation (system logs at INFO)
SHARDS = 4
SECONDS_PER_MONTH = 30 * 86400
AGENCY = "pemkot-51.71"


def lambda_memory_mb() -> int:
    with open(os.path.join(ROOT, ".chalice", "config.json"), encoding="utf-8") as fh:
        return int(json.load(fh)["stages"]["prod"].get("lambda_memory_size", 128))


def consumer_memory_mb() -> int:
    """The consumers' memory when infra/package.py sets one, else the stage's."""
    import re

    with open(os.path.join(ROOT, "infra", "package.py"), encoding="utf-8") as fh:
        found = re.search(r"^CONSUMER_MEMORY_MB = (\d+)", fh.read(), re.M)
    return int(found.group(1)) if found else lambda_memory_mb()


def tracing_mode() -> str:
    """'all' when every function traces actively, 'api' when consumers pass through (infra/package.py)."""
    with open(os.path.join(ROOT, "infra", "package.py"), encoding="utf-8") as fh:
        return "api" if "PassThrough" in fh.read() else "all"


def _template() -> dict:
    with open(os.path.join(ROOT, "infra", "template.json"), encoding="utf-8") as fh:
        return json.load(fh)


_GSIS: dict = {}


def gsis_of(table: str) -> dict:
    """index -> (hash, range, kept attributes or 'ALL'/'KEYS') for the template table behind ``table``."""
    kind = table_kind(table)
    if kind not in _GSIS:
        res = _template()["Resources"].get(kind, {}).get("Properties", {})
        out = {}
        for g in res.get("GlobalSecondaryIndexes", []):
            keys = {k["KeyType"]: k["AttributeName"] for k in g["KeySchema"]}
            proj = g["Projection"]
            keep = {"ALL": "ALL", "KEYS_ONLY": "KEYS"}.get(proj["ProjectionType"]) or \
                frozenset(proj.get("NonKeyAttributes", []))
            out[g["IndexName"]] = (keys["HASH"], keys.get("RANGE"), keep)
        _GSIS[kind] = out
    return _GSIS[kind]


def table_kind(table: str) -> str:
    """The template's logical table id behind a physical name (moto: <stack>-<Logical>-<suffix>)."""
    for logical in ("ComplaintsTable", "AgenciesTable", "StatsTable"):
        if logical.lower() in table.lower():
            return logical
    return table


def projected(item: dict | None, keep, index_keys: tuple = ()) -> dict:
    """The index item DynamoDB keeps of ``item``: the table's keys, this index's own keys and ``keep`` (another
    index's key attributes are not in it: "KEYS_ONLY – each item in the index consists only of the table
    partition key and sort key values, plus the index key values", Developer Guide, GSI projections)."""
    if not item:
        return {}
    if keep == "ALL":
        return item
    base = {k: v for k, v in item.items() if k in ("PK", "SK", *index_keys)}
    if keep == "KEYS":
        return base
    return {**base, **{k: v for k, v in item.items() if k in keep}}


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
        self.gsi_wru: Counter = Counter()
        self.in_api = False
        self.api_calls = 0
        self.case_transactions = 0
        self.by_table: Counter = Counter()

    def reset(self) -> None:
        self.__init__()

    # images ----------------------------------------------------------------------
    def image(self, table: str, key: dict) -> dict | None:
        return self.raw.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    def _key(self, table: str, item: dict) -> dict:
        return {k: item[k] for k in ("PK", "SK") if k in item}

    def _gsi_writes(self, table: str, old: dict | None, new: dict | None) -> int:
        """One index write per 1 KB of the projected item where it changed; a delete where a key left/changed.
        No write where neither this index's keys nor its projected attributes changed (DynamoDB writes to an
        index only for what it holds: the Developer Guide's "write activity" rules for GSIs)."""
        n = 0
        for index, (hash_, range_, keep) in gsis_of(table).items():
            had = old is not None and hash_ in old
            has = new is not None and hash_ in new
            same_key = had and has and old[hash_] == new[hash_] and old.get(range_) == new.get(range_)
            keys = (hash_, range_) if range_ else (hash_,)
            if has and not (same_key and projected(old, keep, keys) == projected(new, keep, keys)):
                size = item_size(projected(new, keep, keys))
                n += kb(size, 1024)
                self.gsi_wru[index] += kb(size, 1024)
            if had and not same_key:
                n += 1
                self.gsi_wru[index] += 1
        return n

    def write_cost(self, table: str, key: dict, before: dict | None, factor: int) -> None:
        after = self.image(table, key)
        units = factor * kb(max(item_size(before), item_size(after)), 1024)
        self.wru += units
        self.by_table[table_kind(table)] += units
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
        self.api_calls += 1 if self.in_api else 0
        if service == "dynamodb" and op == "DescribeTable":
            self.calls[f"{service}.{op}"] -= 1  # the local worker finding the stream
            return
        if service == "dynamodbstreams":
            return  # read by Lambda's event source mapping: free (counted as calls only)
        if service == "sqs":
            entries = params.get("Entries")
            if op in ("GetQueueUrl", "GetQueueAttributes") or (op == "ReceiveMessage"
                                                                and not parsed.get("Messages")):
                self.calls[f"{service}.{op}"] -= 1  # the local worker's lookups and empty polls
                return
            self.sqs_requests += 1
            if op in ("SendMessage", "SendMessageBatch"):
                name = params["QueueUrl"].rsplit("/", 1)[-1].replace("salur-", "")
                self.messages_sent[name] += len(entries) if entries else 1
            return
        if service != "dynamodb":
            return
        if http_response.status_code >= 300:
            code = (parsed.get("Error") or {}).get("Code")
            if op in ("PutItem", "UpdateItem", "DeleteItem") and code == "ConditionalCheckFailedException":
                # billed all the same: "If a ConditionExpression evaluates to false during a conditional write,
                # DynamoDB still consumes write capacity from the table ... dependent on the size of the existing
                # item (or a minimum of 1)" (Developer Guide, condition expressions); no index is written
                units = kb(item_size(context.get("before")), 1024)
                self.wru += units
                self.by_table[table_kind(params["TableName"])] += units
            return
        if op in ("PutItem", "UpdateItem", "DeleteItem"):
            key = params.get("Key") or self._key(params["TableName"], params["Item"])
            self.write_cost(params["TableName"], key, context.get("before"), 1)
        elif op == "TransactWriteItems":
            if any(table_kind(t) == "ComplaintsTable" and k.get("SK", {}).get("S") == "CASE"
                   for _kind, t, k, _b in context.get("befores", [])):
                self.case_transactions += 1
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


def seed_month(month: str) -> None:
    """A month's counters as a busy month leaves them (every province, matter, channel, bucket, level)."""
    from chalicelib.adapters.stats_store import StatsStore
    from chalicelib.domain.stats_rules import NATIONAL

    provinces = [f"{p:02d}" for p in list(range(11, 20)) + list(range(31, 37)) + list(range(51, 54))
                 + list(range(61, 66)) + list(range(71, 77)) + [81, 82, 91, 92, 93, 94, 95, 96]]
    national = {"received": 90000, "routed": 88000, "auto_routed": 70000, "confidence_count": 88000,
                "confidence_sum": 71234.5, "responded": 60000, "completed": 50000, "transfers": 900,
                "rating_count": 20000, "rating_sum": 81000, "breaches": 4000}
    national.update({f"province.{p}": 2400 for p in provinces})
    national.update({f"matter.matter_{i:02d}": 1100 for i in range(80)})
    national.update({f"channel.{c}": 9000 for c in ("web", "api", "mobile", "sms", "email", "chat", "open311")})
    national.update({f"kind.{k}": 30000 for k in ("complaint", "aspiration", "information")})
    national.update({f"frt.{b}": 9000 for b in ("lt1d", "1-3d", "3-5d", "5-10d", "10-30d", "gt30d")})
    national.update({f"rating.{r}": 4000 for r in range(1, 6)})
    national.update({f"breach_level.{lv}": 1000 for lv in range(1, 5)})
    agency = {k: v // 100 for k, v in national.items() if not k.startswith("province.")}
    StatsStore().replace_period_items({(month, NATIONAL): national, (month, f"AGENCY#{AGENCY}"): agency},
                                      f"{month}-01T00:00:00Z")


class Invocations:
    """Counts the worker's handler calls (one Lambda invocation each) and the records they were given."""

    def __init__(self, worker) -> None:
        self.calls: Counter = Counter()
        self.records: Counter = Counter()
        self.kinds: dict[str, str] = {}
        original = worker._handler

        def counted(src):
            fn = original(src)
            name = src.name
            self.kinds[name] = "stream" if src.__class__.__name__ == "DynamoDBEventConfig" else "sqs"

            def call(event, context):
                self.calls[name] += 1
                self.records[name] += len((event or {}).get("Records", []))
                return fn(event, context)
            return call

        worker._handler = counted


def drain(worker) -> None:
    for _ in range(50):
        if not worker.drain_once():
            return


def report_of(i: int, distinct: bool) -> dict:
    """The bench's report; with ``distinct`` each case from its own reporter (a new contact: its confirmation
    mail and claims are part of that lifecycle, as for most real reporters)."""
    if not distinct:
        return REPORT
    return {**REPORT, "reporter": {"name": "Made", "email": f"made.{i}@example.com", "phone": f"+6281234{i:06d}"}}


def run(n_cases: int, distinct_reporters: bool = False) -> dict:
    import boto3
    from chalice.test import Client

    from bench.moto_world import fake_env, moto_world

    fake_env(SALUR_STAGE="bench")
    logging.getLogger("salur").setLevel(logging.INFO)
    meter = Meter()
    emitted = io.StringIO()
    with moto_world(stack="salur-cost") as _env, contextlib.redirect_stdout(emitted):
        import app as app_module
        from chalicelib.adapters import observability
        from chalicelib.adapters.api_key_repository import KeyRepository
        from chalicelib.adapters.complaint_repository import ComplaintRepository
        from chalicelib.services import sweeper
        from scripts.worker import Worker

        boto3.client("ses").verify_domain_identity(Domain="salur.go.id")
        log_bytes = io.StringIO()
        handler = logging.StreamHandler(log_bytes)
        handler.setFormatter(observability.logger().registered_formatter)
        logging.getLogger("salur").addHandler(handler)
        api_key = KeyRepository().issue(AGENCY, "officer", label="bench")[1]
        worker = Worker(app_module)
        start = datetime(2030, 2, 3, 2, tzinfo=timezone.utc)
        seed_month("2030-02")
        with Client(app_module.app, stage_name="local") as client:
            def post(path, body, **headers):
                meter.in_api = True
                res = client.http.post(path, headers={"Content-Type": "application/json", **headers},
                                       body=json.dumps(body))
                meter.in_api = False
                assert res.status_code in (200, 201), (path, res.status_code, res.body)
                return res.json_body

            def lifecycle_http(filed: list) -> int:
                http = 0
                for i in range(len(filed)):
                    filed[i] = post("/v1/complaints", report_of(i, distinct_reporters))
                    http += 1
                drain(worker)
                for step in ({"action": "accept"}, {"action": "respond", "message": "Sudah kami perbaiki."}):
                    for out in filed:
                        # the version the agency read in its inbox listing (not a request of this lifecycle)
                        meter.paused = True
                        version = int(ComplaintRepository().get(out["tracking_id"])["version"])
                        meter.paused = False
                        post(f"/v1/agency/complaints/{out['tracking_id']}/actions", {**step, "version": version},
                             **{"X-Api-Key": api_key})
                        http += 1
                    drain(worker)
                for out in filed:
                    post(f"/v1/complaints/{out['tracking_id']}/feedback", {"decision": "accept", "rating": 5},
                         **{"X-Access-Code": out["access_code"]})
                    http += 1
                drain(worker)
                return http

            # warm-up (directory, clients, stream positions), not counted
            lifecycle_http([None])
            sweeper.sweep(now=datetime.now(timezone.utc) + timedelta(days=40))
            drain(worker)
            invocations = Invocations(worker)
            if getattr(worker, "_readers", None):
                worker._readers = None  # rebuilt with the counted handlers, positioned at the stream's end
                for reader in worker.streams():
                    reader.skip_to_end()
            meter.raw = boto3.session.Session().client("dynamodb", region_name="ap-southeast-3")
            boto3.setup_default_session()
            boto3.DEFAULT_SESSION.events.register("provide-client-params", meter.before)
            boto3.DEFAULT_SESSION.events.register("after-call", meter.after)
            from chalicelib.adapters import aws_clients

            aws_clients.reset()
            worker.sqs = boto3.client("sqs")
            log_bytes.truncate(0), log_bytes.seek(0)
            emitted.truncate(0), emitted.seek(0)

            http = lifecycle_http([None] * n_cases)
            sweeper.sweep(now=datetime.now(timezone.utc) + timedelta(days=40))  # closes them (escalations)
            drain(worker)
            logs = len(log_bytes.getvalue().encode()) + len(
                "".join(x for x in emitted.getvalue().splitlines(True) if x.startswith('{"_aws"')).encode())
        logging.getLogger("salur").removeHandler(handler)
    return {"n": n_cases, "http": http, "meter": meter, "invocations": invocations, "log_bytes": logs}


#: calls not counted as billed requests: stream reads by Lambda are free; SES/SNS are priced per message sent
UNBILLED = ("dynamodbstreams.", "ses.", "sns.")


def sampled_share(traced_per_second: float) -> float:
    """X-Ray's sampling: infra/cloud.json's rule when it has one, else the default (1 per second + 5 %)."""
    with open(os.path.join(ROOT, "infra", "cloud.json"), encoding="utf-8") as fh:
        rules = [r["Properties"]["SamplingRule"] for r in json.load(fh)["Resources"].values()
                 if r["Type"] == "AWS::XRay::SamplingRule"]
    reservoir, rate = (rules[0]["ReservoirSize"], rules[0]["FixedRate"]) if rules else (1, 0.05)
    if traced_per_second <= 0:
        return 0.0
    first = min(traced_per_second, reservoir)
    return (first + rate * (traced_per_second - first)) / traced_per_second


def system_log_bytes() -> int:
    """Lambda's own lines per invocation: none when the package's logging config sends system logs at WARN only."""
    from infra.package import LOGGING_CONFIG

    return LAMBDA_LOG_BYTES if LOGGING_CONFIG.get("SystemLogLevel", "INFO") in ("DEBUG", "INFO") else 0


def stream_settings() -> dict:
    try:
        from infra.streams import consumers
    except ImportError:
        return {}
    return consumers()


def report(r: dict, per_month: int, out=sys.stdout) -> dict:
    n, m, inv = r["n"], r["meter"], r["invocations"]
    per = lambda x: x / n  # noqa: E731
    http = per(r["http"])
    settings = stream_settings()
    complaints_per_s = per_month / SECONDS_PER_MONTH
    lambda_rows = [("API (HTTP requests)", http)]
    for name in sorted(inv.records):
        records = per(inv.records[name])
        if inv.kinds.get(name) == "stream":
            spec = settings.get(name, {})
            fill = records * complaints_per_s / SHARDS * max(1, spec.get("window", 0))
            batch = max(1.0, min(spec.get("batch_size", 100), fill))
            lambda_rows.append((f"{name} (stream: {records:.2f} records, ~{batch:.1f} per batch)",
                                min(records, records / batch * 1.0) if fill > 1 else records))
        else:
            lambda_rows.append((f"{name} (SQS: one per message)", records))
    invocations = sum(v for _, v in lambda_rows)
    calls = per(sum(m.calls.values()))
    mb, consumer_mb = lambda_memory_mb(), consumer_memory_mb()
    api_calls = per(m.api_calls)
    gbs = ((http * BASE_MS + api_calls * PER_CALL_MS) * mb
           + ((invocations - http) * BASE_MS + (calls - api_calls) * PER_CALL_MS) * consumer_mb) / 1000 / 1024
    traced = invocations if tracing_mode() == "all" else http
    traces = traced * sampled_share(traced * complaints_per_s)
    sqs = per(m.sqs_requests)
    logs = per(r["log_bytes"]) + invocations * system_log_bytes()
    aws_requests = per(sum(v for k, v in m.calls.items() if not k.startswith(UNBILLED))) + http
    costs = {
        "DynamoDB writes": per(m.wru) * PRICES["wru"],
        "DynamoDB reads": per(m.rru) * PRICES["rru"],
        "DynamoDB Streams reads (by Lambda: free)": 0.0,
        "SQS requests": sqs * PRICES["sqs"],
        "Lambda requests": invocations * PRICES["lambda_req"],
        "Lambda compute": gbs * 1e6 * PRICES["lambda_gbs"],
        "API Gateway": http * PRICES["apigw"],
        "CloudWatch Logs": logs * 1e6 / 1e9 * PRICES["logs_gb"],
        "X-Ray traces": traces * PRICES["xray_trace"],
    }
    total = sum(costs.values())
    # The floor with the same guarantees: per state change one version-conditioned transaction of a 1 KB head
    # and a 1 KB timeline item (4 WRU) plus the filing's content (2 WRU); the index writes as measured; per
    # counted stream record one transactional guard (2 WRU), counters amortised over full batches; per
    # message sent one claim and its mark (2 WRU); everything else as measured.
    sends = per(sum(v for k, v in m.calls.items() if k in ("ses.SendEmail", "ses.SendRawEmail", "sns.Publish")))
    counted_records = per(sum(v for k, v in inv.records.items() if k == "count_stats"))
    floor_wru = 4 * per(m.case_transactions) + 2 + per(sum(m.gsi_wru.values())) + 2 * counted_records + 2 * sends
    floor = {**costs, "DynamoDB writes": floor_wru * PRICES["wru"]}
    floor_total = sum(floor.values())
    w = out.write
    w(f"Per complaint, full lifecycle through the handlers (mean of {n}): file -> accept -> respond -> reporter "
      f"accepts (rating) -> closed by the sweep; every consumer run\n\n")
    w(f"{'AWS calls':<52}{'per complaint':>14}\n")
    for k, v in sorted(m.calls.items()):
        if v:
            w(f"  {k:<50}{v / n:>14.2f}{'  (not billed here)' if k.startswith(UNBILLED) else ''}\n")
    w(f"\n{'quantity':<52}{'per complaint':>14}\n")
    rows = [("DynamoDB WRU", per(m.wru))] + \
        [(f"  of which table {t}", per(v)) for t, v in sorted(m.by_table.items())] + \
        [(f"  of which index {i}", per(v)) for i, v in sorted(m.gsi_wru.items())] + \
        [("DynamoDB RRU", per(m.rru)), ("SQS requests", sqs), ("HTTP requests", http)] + \
        [(f"Lambda: {label}", v) for label, v in lambda_rows] + \
        [("Lambda invocations", invocations), ("billed AWS requests (excl. free stream reads)", aws_requests),
         ("log bytes (function lines + metrics + Lambda's own)", logs),
         (f"X-Ray traces recorded (tracing: {tracing_mode()})", traces)]
    for label, v in rows:
        w(f"  {label:<50}{v:>14.2f}\n")
    w(f"\nCost per million complaints (us-east-1 on-demand; {per_month:,} complaints/month for batching and "
      f"sampling; Lambda {BASE_MS} ms + {PER_CALL_MS} ms per AWS call at {mb} MB (API) / {consumer_mb} MB "
      f"(consumers) assumed; SES/SMS excluded)\n")
    w(f"  {'':<50}{'measured':>14}{'floor':>10}\n")
    for k, v in costs.items():
        w(f"  {k:<50}{'$':>4}{v:>10.2f}{floor[k]:>10.2f}\n")
    w(f"  {'TOTAL':<50}{'$':>4}{total:>10.2f}{floor_total:>10.2f}\n")
    w(f"\nfloor: {floor_wru:.1f} WRU ({per(m.case_transactions):.1f} case transactions, {counted_records:.1f} counted "
      f"records, {sends:.2f} messages sent); measured {per(m.wru):.1f} WRU\n")
    return {"total_per_million": total, "floor_per_million": floor_total, "costs": costs, "invocations": invocations, "aws_requests": aws_requests,
            "wru": per(m.wru), "rru": per(m.rru)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cost")
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--per-month", type=int, default=1_000_000)
    parser.add_argument("--distinct-reporters", action="store_true",
                        help="each case from a new reporter (default: one reporter files every case)")
    args = parser.parse_args(argv)
    report(run(args.cases, args.distinct_reporters), args.per_month)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
