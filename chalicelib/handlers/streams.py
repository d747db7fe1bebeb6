"""DynamoDB stream entry points: the complaints table's timeline items are the events.

Filters, batching windows, bisect-on-error, retries and on-failure queues: ``infra/streams.py`` (applied by
infra/package.py to these functions' event source mappings, and by the local worker).  Each handler answers a
partial batch response: the stream resumes at the first failed record.
"""
from __future__ import annotations

from chalice import Blueprint

from chalicelib import config
from chalicelib.services import event_consumer
from chalicelib.services import stats_consumer as stats_counting

bp = Blueprint(__name__)


@bp.on_dynamodb_record(stream_arn=config.complaints_stream_arn(), batch_size=100, starting_position="TRIM_HORIZON",
                       maximum_batching_window_in_seconds=60)
def count_stats(event):
    """Counted events → public statistics counters, each event counted once."""
    return stats_counting.handle_stream(event)


@bp.on_dynamodb_record(stream_arn=config.complaints_stream_arn(), batch_size=25, starting_position="TRIM_HORIZON",
                       maximum_batching_window_in_seconds=5)
def deliver_events(event):
    """Every event → agency webhooks (first attempt; retries on the deliveries queue) and notifications."""
    return event_consumer.handle_stream(event)
