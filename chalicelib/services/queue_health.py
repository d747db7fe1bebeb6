"""Operational health as metrics: DLQ depths and the age of the oldest case awaiting verification."""
from __future__ import annotations

import os
from datetime import datetime, timezone

from chalicelib.adapters import observability as obs
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain.directory import get_directory

DLQ_ENV = ("ESCALATIONS_DLQ_URL", "NOTIFICATIONS_DLQ_URL", "DELIVERIES_DLQ_URL", "FETCHES_DLQ_URL", "STATS_DLQ_URL",
           "EVENTS_DLQ_URL", "SCHEDULES_DLQ_URL")


def queue_health() -> dict:
    """DLQ depths (``ApproximateNumberOfMessages``) and the oldest case awaiting verification, as metrics."""
    depths = {}
    sqs = client("sqs")
    for env in DLQ_ENV:
        url = os.environ.get(env)
        if not url:
            continue
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        depth = int(attrs["Attributes"]["ApproximateNumberOfMessages"])
        name = url.rsplit("/", 1)[-1]
        depths[name] = depth
        obs.metric("DLQDepth", depth, Queue=name)
    return {"dlq_depth": depths, "verification_queue_oldest_hours": verification_queue_age()}


def verification_queue_age(now=None) -> float | None:
    """Age (hours) of the oldest case awaiting verification: one Limit-1 Query per province
    queue + the national one (~39 x 0.5 RRU per run), never a Scan."""
    repo = ComplaintRepository()
    scopes = sorted(code for code, r in get_directory().regions.items() if r.level == "province") + ["NAT"]
    now = now or datetime.now(timezone.utc)
    oldest = None
    for scope in scopes:
        items, _ = repo.verification_queue(scope, 1, None)
        for item in items:
            created = datetime.fromisoformat(item["created_at"].replace("Z", "+00:00"))
            age = (now - created).total_seconds() / 3600
            oldest = age if oldest is None else max(oldest, age)
    if oldest is not None:
        obs.metric("VerificationQueueOldestHours", round(oldest, 2), unit="None")
    return None if oldest is None else round(oldest, 2)
