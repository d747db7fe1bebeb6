"""Local stand-in for Lambda's event sources: `chalice local` serves routes only.

Polls each SQS queue an ``@app.on_sqs_message`` handler listens to and calls that very
handler with a Lambda-shaped SQS event; messages the handler reports in
``batchItemFailures`` (or all, if it raises) stay on the queue and are retried after the
visibility timeout the deployed queue has (``infra.bootstrap.queue_timing``: the one setting in
``chalicelib.config`` the send claims' lease also derives from), then moved to the DLQ by SQS's redrive
policy.

Reads the complaints table's stream for each ``@app.on_dynamodb_record`` handler the way Lambda's event
source mapping does (``StreamReader``): GetShardIterator/GetRecords on every shard, the consumer's filter
patterns from ``infra/streams.py``, batches of its size, a partial batch response resuming at the first
failed record, bisection of a failing batch, and after its retries the record's position sent to the
consumer's on-failure queue.

Fires each ``@app.schedule`` handler at its rate with a CloudWatch scheduled event whose ``time``
is now.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from datetime import datetime, timezone

import boto3

log = logging.getLogger("salur.worker")

_UNIT_SECONDS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def schedule_seconds(expr) -> float:
    text = expr.to_string() if hasattr(expr, "to_string") else str(expr)
    if text.startswith("rate(") and text.endswith(")"):
        value, unit = text[5:-1].split()
        return int(value) * _UNIT_SECONDS[unit.lower()]
    return 3600.0  # cron expressions: hourly locally


def sqs_event(messages: list[dict], queue_arn: str) -> dict:
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": {k: str(v) for k, v in m.get("Attributes", {}).items()},
        "messageAttributes": {}, "md5OfBody": m.get("MD5OfBody", ""), "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn, "awsRegion": "ap-southeast-3"} for m in messages]}


def scheduled_event(now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": "ap-southeast-3",
            "resources": [], "detail": {}}


def streams_client():
    """The DynamoDB Streams client.  moto's in-process mock (``mock_aws``) answers DescribeStream with a 404
    unless the client names the streams endpoint (tests/integration/test_stream_outbox.py shows it); moto's
    server (``AWS_ENDPOINT_URL``) routes by the request's target and needs nothing."""
    import os

    if os.environ.get("AWS_ENDPOINT_URL"):
        return boto3.client("dynamodbstreams")
    region = os.environ.get("AWS_DEFAULT_REGION", "ap-southeast-3")
    return boto3.client("dynamodbstreams", endpoint_url=f"https://streams.dynamodb.{region}.amazonaws.com")


class StreamReader:
    """One consumer's position on the complaints table's stream (one event source mapping)."""

    def __init__(self, name: str, handler, settings: dict, table: str | None = None) -> None:
        import os

        self.name, self.handler, self.settings = name, handler, settings
        self.table = table or os.environ.get("COMPLAINTS_TABLE", "salur-complaints")
        self.client = streams_client()
        self.arn = boto3.client("dynamodb").describe_table(TableName=self.table)["Table"]["LatestStreamArn"]
        self.iterators: dict[str, str | None] = {}
        self.pending: list[dict] = []  # read, not yet handed over (a batch waits for its turn)
        self.attempts = 0
        self.failed_to_queue = 0

    def _shards(self) -> list[str]:
        desc = self.client.describe_stream(StreamArn=self.arn)["StreamDescription"]
        return [s["ShardId"] for s in desc.get("Shards", [])]

    def read(self) -> None:
        """Take every new record of every shard, keeping those the consumer's filters select."""
        from infra.streams import selected

        for shard in self._shards():
            if shard not in self.iterators:
                self.iterators[shard] = self.client.get_shard_iterator(
                    StreamArn=self.arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while self.iterators[shard]:
                res = self.client.get_records(ShardIterator=self.iterators[shard], Limit=1000)
                self.iterators[shard] = res.get("NextShardIterator")
                records = res.get("Records", [])
                self.pending += [_lambda_record(r, self.arn) for r in records if selected(self.name, _plain(r))]
                if not records:
                    break

    def skip_to_end(self) -> None:
        """Forget what is on the stream now (a consumer started at LATEST)."""
        self.read()
        self.pending = []

    def _invoke(self, batch: list[dict]) -> set[str]:
        """Sequence numbers that failed (all of them if the handler raised)."""
        try:
            result = self.handler({"Records": batch}, None) or {}
            return {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception:  # noqa: BLE001 - like Lambda: the whole batch failed
            log.exception("stream handler failed", extra={"consumer": self.name})
            return {r["dynamodb"]["SequenceNumber"] for r in batch}

    def _process(self, batch: list[dict], retries_left: int) -> None:
        """Lambda's loop for one batch: resume at the first failure; bisect; give up to the on-failure queue."""
        while batch:
            self.attempts += 1
            failed = self._invoke(batch)
            if not failed:
                return
            first = next(i for i, r in enumerate(batch) if r["dynamodb"]["SequenceNumber"] in failed)
            batch = batch[first:]
            if retries_left <= 0:
                self._on_failure(batch[:1])
                batch = batch[1:]
                retries_left = self.settings.get("retries", 0)
                continue
            retries_left -= 1
            if len(batch) > 1:  # BisectBatchOnFunctionError
                half = len(batch) // 2
                self._process(batch[:half], retries_left)
                batch = batch[half:]

    def _on_failure(self, records: list[dict]) -> None:
        import os

        env_name = {"StatsDLQ": "STATS_DLQ_URL", "EventsDLQ": "EVENTS_DLQ_URL"}.get(self.settings.get("on_failure"))
        url = os.environ.get(env_name or "")
        body = {"requestContext": {"condition": "RetryAttemptsExhausted", "functionArn": self.name},
                "DDBStreamBatchInfo": {"streamArn": self.arn, "batchSize": len(records),
                                       "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
                                       "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"]}}
        if url:
            boto3.client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps(body))
        self.failed_to_queue += len(records)
        log.warning("stream records sent to the on-failure queue", extra={"consumer": self.name})

    def drain(self) -> int:
        """Read the stream and hand every selected record over in batches; returns how many."""
        self.read()
        handled = 0
        size = int(self.settings.get("batch_size", 100))
        while self.pending:
            batch, self.pending = self.pending[:size], self.pending[size:]
            self._process(batch, self.settings.get("retries", 0))
            handled += len(batch)
        return handled


def _plain(record: dict) -> dict:
    """A GetRecords record as the filters see it (JSON, not boto3's datetimes)."""
    return json.loads(json.dumps(record, default=str))


def _lambda_record(record: dict, arn: str) -> dict:
    rec = _plain(record)
    rec.update(eventSource="aws:dynamodb", eventSourceARN=arn, awsRegion="ap-southeast-3")
    return rec


def retry_after_seconds(queue_name: str) -> int:
    """The deployed visibility timeout of ``queue_name`` (from the same definition the cloud package uses)."""
    from infra.bootstrap import queue_timing

    return queue_timing()[queue_name]["VisibilityTimeout"]


class Worker:
    def __init__(self, app_module) -> None:
        self.module = app_module
        self.app = app_module.app
        self.sqs = boto3.client("sqs")
        self.stop = threading.Event()
        self._readers: list[StreamReader] | None = None

    def _handler(self, src):
        """The decorated handler: an attribute of app.py, or (blueprints) found by its handler string."""
        fn = getattr(self.module, src.name, None)
        if fn is None:
            import importlib

            module_name, _, attr = src.handler_string.rpartition(".")
            fn = getattr(importlib.import_module(module_name), attr)
        return fn

    def _sqs_sources(self):
        """(handler, url, arn, batch, retry delay) per queue, looked up once (the queues live as long as the run)."""
        if getattr(self, "_sources", None) is None:
            sources = []
            for src in self.app.event_sources:
                if src.__class__.__name__ == "SQSEventConfig":
                    name = src.queue or src.queue_arn.rsplit(":", 1)[1]
                    url = self.sqs.get_queue_url(QueueName=name)["QueueUrl"]
                    arn = self.sqs.get_queue_attributes(QueueUrl=url,
                                                        AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
                    sources.append((self._handler(src), url, arn, src.batch_size, retry_after_seconds(name)))
            self._sources = sources
        return self._sources

    def _stream_sources(self):
        for src in self.app.event_sources:
            if src.__class__.__name__ == "DynamoDBEventConfig":
                yield src.name, self._handler(src)

    def streams(self) -> list[StreamReader]:
        """One reader per stream consumer, created on first use (the table must exist)."""
        if getattr(self, "_readers", None) is None:
            from infra.streams import consumers

            settings = consumers()
            self._readers = [StreamReader(name, fn, settings.get(name, {})) for name, fn in self._stream_sources()]
        return self._readers

    def _schedules(self):
        for src in self.app.event_sources:
            if src.__class__.__name__ == "ScheduledEventConfig":
                yield self._handler(src), schedule_seconds(src.schedule_expression)

    def drain_once(self, wait_seconds: int = 0) -> int:
        """Deliver what is on every stream and queue once; returns the number of records/messages handled."""
        handled = sum(reader.drain() for reader in self.streams())
        for handler, url, arn, batch, retry_after in self._sqs_sources():
            res = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(batch, 10),
                                           WaitTimeSeconds=wait_seconds, AttributeNames=["All"])
            msgs = res.get("Messages", [])
            if not msgs:
                continue
            failed: set[str] = set()
            try:
                result = handler(sqs_event(msgs, arn), None) or {}
                failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            except Exception:  # noqa: BLE001 - like Lambda: the whole batch returns to the queue
                log.exception("handler failed")
                failed = {m["MessageId"] for m in msgs}
            for m in msgs:
                if m["MessageId"] not in failed:
                    self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                else:
                    # like Lambda's event source: hidden for the queue's deployed timeout, never a local shortcut
                    # (a shorter one would hand a message out again while its send claims are still leased)
                    self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"],
                                                       VisibilityTimeout=retry_after)
            handled += len(msgs)
        return handled

    def fire_schedules(self, now: datetime | None = None) -> None:
        for handler, _period in self._schedules():
            handler(scheduled_event(now), None)

    def run(self) -> None:
        next_fire = {}
        for handler, period in self._schedules():
            next_fire[handler] = time.monotonic() + min(period, 60)
        while not self.stop.is_set():
            try:
                if not self.drain_once(wait_seconds=1):
                    self.stop.wait(0.2)
                now = time.monotonic()
                for handler, period in self._schedules():
                    if now >= next_fire.get(handler, 0):
                        handler(scheduled_event(), None)
                        next_fire[handler] = now + period
            except Exception:  # noqa: BLE001 - keep the local worker alive
                log.exception("worker loop error")
                self.stop.wait(1)


def _json(obj) -> str:
    return json.dumps(obj)
