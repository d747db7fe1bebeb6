"""SQS entry points: each queue's Lambda handler hands its batch to the consumer service.

Every handler answers with a partial batch response (``ReportBatchItemFailures``): only the failed
messages return to the queue, and its redrive policy takes poison messages to the DLQ.
"""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.services import media_fetches, notifications, sweeper, webhook_delivery

bp = Blueprint(__name__)


@bp.on_sqs_message(queue="salur-escalations", batch_size=10)
def handle_escalation(event):
    """Overdue cases found by the sweep → escalate, auto-complete, close or expire (one per message)."""
    return sweeper.handle_batch(event)


@bp.on_sqs_message(queue="salur-notifications", batch_size=10)
def send_notifications(event):
    """'Deadline tomorrow' reminders → agency emails, each (event, recipient) sent once."""
    return notifications.handle_batch(event)


@bp.on_sqs_message(queue="salur-deliveries", batch_size=10)
def deliver_webhooks(event):
    """Webhook retry attempts (and manual redeliveries) → agency webhooks (Standard Webhooks signed)."""
    return webhook_delivery.handle_batch(event)


@bp.on_sqs_message(queue="salur-fetches", batch_size=1, maximum_concurrency=10)
def fetch_media(event):
    """Chat photos and Open311 links → fetched through the outbound guard, checked, re-encoded, scanned; one file
    per invocation, within the function's own timeout (``config.MEDIA_FETCH_SECONDS``, set by infra/package.py);
    at most 10 at once, whatever the backlog."""
    return media_fetches.handle_batch(event)
