"""Lambda batches (SQS messages, DynamoDB stream records) through Powertools' BatchProcessor.

Each record is handed to ``record_handler`` on its own; the answer is a partial batch response
(``ReportBatchItemFailures`` on every event source mapping, set by infra/package.py): SQS retries only the
failed messages (then its redrive DLQ); a stream retries from the first failed record (bisecting on error,
then the mapping's on-failure queue).  An all-failed batch is answered the same way rather than raised, so
the local worker and Lambda see one shape.  Powertools' batch module (~90 ms to import) loads on first use.
"""
from __future__ import annotations

from typing import Any, Callable

_PROCESSORS: dict[str, Any] = {}


def _processor(kind: str):
    if kind not in _PROCESSORS:
        from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType

        event_type = {"sqs": EventType.SQS, "stream": EventType.DynamoDBStreams}[kind]
        _PROCESSORS[kind] = BatchProcessor(event_type=event_type, raise_on_entire_batch_failure=False)
    return _PROCESSORS[kind]


def _raw(event: Any) -> dict:
    """The Lambda event as a dict (a chalice event, the dict itself, or a bare list of records)."""
    if hasattr(event, "to_dict"):
        return event.to_dict()
    return {"Records": list(event)} if isinstance(event, list) else dict(event)


def process(kind: str, event: Any, record_handler: Callable[[Any], Any], context: Any = None) -> dict:
    """``kind``: 'sqs' or 'stream'.  The handler gets Powertools' record (``raw_event`` is the Lambda dict)."""
    from aws_lambda_powertools.utilities.batch import process_partial_response

    return process_partial_response(event=_raw(event), record_handler=record_handler, processor=_processor(kind),
                                    context=context)
