"""The complaints stream in the tests: read it as the consumers' event source mappings would (the local
worker's ``StreamReader``: same filters), hand records to the very handlers app.py registers."""
from __future__ import annotations

import itertools

_READERS: dict = {}
_SEQ = itertools.count(1)


def reader(name: str):
    """The worker's reader of consumer ``name`` for the current moto world (one per table stream)."""
    import os

    import boto3

    import app as app_module
    from infra.streams import consumers
    from scripts.worker import StreamReader

    table = os.environ["COMPLAINTS_TABLE"]
    arn = boto3.client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
    if (name, arn) not in _READERS:
        _READERS[(name, arn)] = StreamReader(name, app_module.app.handler_map[name], consumers()[name], table)
    return _READERS[(name, arn)]


def records(name: str) -> list[dict]:
    """New records on the stream that consumer ``name``'s filters select (taken: the next call sees newer)."""
    r = reader(name)
    r.read()
    out, r.pending = r.pending, []
    return out


def skip(*names: str) -> None:
    for name in names:
        reader(name).skip_to_end()


def invoke(name: str, recs: list[dict], batch: int = 100) -> list[dict]:
    """Hand ``recs`` to the handler in batches; returns the batch item failures."""
    import app as app_module

    handler = app_module.app.handler_map[name]
    failures: list[dict] = []
    for i in range(0, len(recs), batch):
        failures += (handler({"Records": recs[i:i + batch]}, None) or {}).get("batchItemFailures", [])
    return failures


def messages(recs: list[dict]) -> list[dict]:
    from chalicelib.adapters.event_stream import batch_messages

    return batch_messages(recs)


def stream_record(item: dict) -> dict:
    """A Lambda-shaped INSERT record of ``item`` (a plain dict) for hand-made inputs."""
    from chalicelib.adapters.dynamo import to_item

    image = to_item(item)
    return {"eventID": f"hand-{next(_SEQ)}", "eventName": "INSERT", "eventSource": "aws:dynamodb",
            "eventVersion": "1.1", "awsRegion": "ap-southeast-3",
            "dynamodb": {"Keys": {"PK": image["PK"], "SK": image["SK"]}, "NewImage": image,
                         "SequenceNumber": f"{next(_SEQ):021d}", "SizeBytes": 100, "StreamViewType": "NEW_IMAGE"},
            "eventSourceARN": "arn:aws:dynamodb:ap-southeast-3:123456789012:table/t/stream/x"}
