"""Local stand-in for Lambda's event sources: `chalice local` serves routes only.

Polls each SQS queue an ``@app.on_sqs_message`` handler listens to and calls that very
handler with a Lambda-shaped SQS event; messages the handler reports in
``batchItemFailures`` (or all, if it raises) stay on the queue and are retried after the
visibility timeout the deployed queue has (``infra.bootstrap.queue_timing``: the one setting in
``chalicelib.config`` the send claims' lease also derives from), then moved to the DLQ by SQS's redrive
policy.  Fires each
``@app.schedule`` handler at its rate with a CloudWatch scheduled event whose ``time``
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

    def _handler(self, src):
        """The decorated handler: an attribute of app.py, or (blueprints) found by its handler string."""
        fn = getattr(self.module, src.name, None)
        if fn is None:
            import importlib

            module_name, _, attr = src.handler_string.rpartition(".")
            fn = getattr(importlib.import_module(module_name), attr)
        return fn

    def _sqs_sources(self):
        for src in self.app.event_sources:
            if src.__class__.__name__ == "SQSEventConfig":
                name = src.queue or src.queue_arn.rsplit(":", 1)[1]
                url = self.sqs.get_queue_url(QueueName=name)["QueueUrl"]
                arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
                yield self._handler(src), url, arn, src.batch_size, retry_after_seconds(name)

    def _schedules(self):
        for src in self.app.event_sources:
            if src.__class__.__name__ == "ScheduledEventConfig":
                yield self._handler(src), schedule_seconds(src.schedule_expression)

    def drain_once(self, wait_seconds: int = 0) -> int:
        """Deliver what is on every queue once; returns the number of messages handled."""
        handled = 0
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
