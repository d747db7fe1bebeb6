"""Scheduled entry points (EventBridge rules).  "Now" comes from the event's ``time``, so a late or
replayed run acts as of when it was scheduled."""
from __future__ import annotations

from chalice import Blueprint, Cron, Rate

from chalicelib.domain.clock import parse
from chalicelib.services import area_alerts, notifications, queue_health, sweeper

bp = Blueprint(__name__)


@bp.schedule(Rate(15, unit=Rate.MINUTES))
def sweep_overdue(event):
    """Find the cases whose deadline passed and queue one escalation message each."""
    return sweeper.sweep(now=parse(event.time))


@bp.schedule(Cron(0, 1, "*", "*", "?", "*"))
def remind_due_tomorrow(event):
    """08:00 WIB: tell agencies which deadlines end tomorrow."""
    return {"queued": notifications.remind_due_tomorrow(now=parse(event.time))}


@bp.schedule(Cron(0, 0, "*", "*", "?", "*"))
def send_area_digests(event):
    """07:00 WIB: yesterday's new public reports and answers, one mail per area subscription at most."""
    return {"sent": area_alerts.digest(now=parse(event.time))}


@bp.schedule(Rate(5, unit=Rate.MINUTES))
def ops_queue_health(event):
    """DLQ depths and the oldest case awaiting verification, as metrics."""
    return queue_health.queue_health()
