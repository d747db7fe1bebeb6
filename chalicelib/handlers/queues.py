"""SQS entry points: each queue's Lambda handler hands its batch to the consumer service.

Every handler answers with a partial batch response (``ReportBatchItemFailures``): only the failed
messages return to the queue, and its redrive policy takes poison messages to the DLQ.
"""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.services import notifications, sweeper, webhook_delivery
from chalicelib.services import stats_consumer as stats_counting

bp = Blueprint(__name__)


@bp.on_sqs_message(queue="salur-escalations", batch_size=10)
def handle_escalation(event):
    """Overdue cases found by the sweep → escalate, auto-complete, close or expire (one per message)."""
    return sweeper.handle_batch(event)


@bp.on_sqs_message(queue="salur-notifications", batch_size=10)
def send_notifications(event):
    """Domain events → emails (SES) and SMS (SNS), each (event, recipient) sent once."""
    return notifications.handle_batch(event)


@bp.on_sqs_message(queue="salur-deliveries", batch_size=10)
def deliver_webhooks(event):
    """Domain events and retry attempts → agency webhooks (Standard Webhooks signed)."""
    return webhook_delivery.handle_batch(event.to_dict().get("Records", []))


# A few concurrent consumers are plenty (a batch of 10 takes ~100 ms) and keep transaction
# conflicts on the month's NATIONAL counter item rare.
@bp.on_sqs_message(queue="salur-stats", batch_size=10, maximum_concurrency=5)
def stats_consumer(event):
    """Domain events → public statistics counters, each event counted once."""
    return stats_counting.handle_batch(event)
