"""Small helpers over the low-level DynamoDB client: typed (de)serialisation and errors."""
from __future__ import annotations

import base64
import json
import zlib
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from chalicelib.adapters.aws_clients import client
from chalicelib.domain.refusals import Malformed


def _serializer():
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

    return TypeSerializer(), TypeDeserializer()


_SER = None


def _pair():
    global _SER
    if _SER is None:
        _SER = _serializer()
    return _SER


def _to_dynamo_values(value: Any) -> Any:
    # floats are not allowed by DynamoDB; a JSON round-trip turns them into Decimal and drops None in maps
    return json.loads(json.dumps(value, default=str), parse_float=Decimal)


def _strip_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def to_item(data: dict) -> dict:
    ser, _ = _pair()
    clean = _strip_none(_to_dynamo_values(data))
    return {k: ser.serialize(v) for k, v in clean.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


def pack_json(value: Any) -> bytes:
    """A large, rarely queried value as deflated JSON (a Binary attribute: fewer bytes, fewer write units);
    ``unpack_json`` gives back what ``from_item`` would have read from the plain attribute."""
    plain = _plain(_strip_none(_to_dynamo_values(value)))
    return zlib.compress(json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode(), 9)


def unpack_json(blob: Any) -> Any:
    return json.loads(zlib.decompress(getattr(blob, "value", blob)).decode())


def from_item(item: dict | None) -> dict | None:
    if item is None:
        return None
    _, de = _pair()
    return {k: _plain(de.deserialize(v)) for k, v in item.items()}


def query_partition(table: str, pk: str, sk_prefix: str | None = None, **extra: Any) -> list[dict]:
    """Every item of one partition (optionally one SK prefix), all pages: for small, bounded partitions."""
    return list(iter_partition(table, pk, sk_prefix, **extra))


def iter_partition(table: str, pk: str, sk_prefix: str | None = None, **extra: Any) -> Iterator[dict]:
    """The items of one partition in key order, a page (≤ 1 MB) read at a time."""
    cond, values = "PK = :pk", {":pk": {"S": pk}}
    if sk_prefix:
        cond += " AND begins_with(SK, :sk)"
        values[":sk"] = {"S": sk_prefix}
    kwargs: dict[str, Any] = {"TableName": table, "KeyConditionExpression": cond,
                              "ExpressionAttributeValues": values, **extra}
    while True:
        res = ddb().query(**kwargs)
        yield from (from_item(i) for i in res.get("Items", []))
        if "LastEvaluatedKey" not in res:
            return
        kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]


def fill_page(kwargs: dict, keys: set[str], limit: int, convert: Callable[[dict], dict],
              read_size: int | None = None, max_reads: int | None = None) -> tuple[list[dict], str | None]:
    """One page of ``limit`` items from a Query (``kwargs``), reading on while a filtered read comes back short.

    ``keys``: the index's key attributes, for the cursor of the last item returned; ``read_size``: items read per
    Query (default: what is still missing); ``max_reads``: at most that many Queries (bounded time: the cursor
    then points after what was read)."""
    out: list[dict] = []
    reads = 0
    while True:
        kwargs["Limit"] = read_size or limit - len(out)
        res = ddb().query(**kwargs)
        reads += 1
        items = res.get("Items", [])
        for i, raw in enumerate(items):
            out.append(convert(from_item(raw)))
            if len(out) == limit:
                more = i < len(items) - 1 or "LastEvaluatedKey" in res
                return out, encode_cursor({k: raw[k] for k in keys}) if more else None
        if "LastEvaluatedKey" not in res:
            return out, None
        if max_reads is not None and reads >= max_reads:
            return out, encode_cursor(res["LastEvaluatedKey"])
        kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]


def put_all(table: str, items: list[dict], attempts: int = 8) -> None:
    """Put ``items`` (DynamoDB-typed) with BatchWriteItem, 25 a request, retrying what comes back unprocessed
    (backing off); still unprocessed after ``attempts`` raises, so the caller's message is retried (a put is
    idempotent)."""
    for i in range(0, len(items), 25):
        batch = {table: [{"PutRequest": {"Item": it}} for it in items[i:i + 25]]}
        for n in range(attempts):
            batch = ddb().batch_write_item(RequestItems=batch).get("UnprocessedItems") or {}
            if not batch:
                break
            backoff_pause(min(0.05 * 2 ** n, 1.0))
        else:
            raise RuntimeError("BatchWriteItem left items unprocessed")


def put_new(table: str, item: dict) -> bool:
    """Put ``item`` unless its key exists: True when created, False when it was there already."""
    return conditional_write(ddb().put_item, TableName=table, Item=to_item(item),
                             ConditionExpression="attribute_not_exists(PK)")


def key(pk: str, sk: str) -> dict:
    return {"PK": {"S": pk}, "SK": {"S": sk}}


def ddb():
    return client("dynamodb")


def backoff_pause(seconds: float) -> None:
    import time

    time.sleep(seconds)


def write_after_effect(write: Callable[[], Any], tries: int = 4, pause: Callable[[float], Any] | None = None) -> bool:
    """Record the outcome of an effect outside Salur (a mail the provider accepted or refused, a POST an agency
    answered): retried in-process with a short backoff, never raised — failing the message now would make
    its retry repeat the effect, or leave its claim held.  False if every try failed (the caller logs it)."""
    pause = pause or backoff_pause
    for attempt in range(tries):
        try:
            write()
            return True
        except Exception:  # noqa: BLE001 - throttled or unavailable: try again, then give up quietly
            if attempt + 1 < tries:
                pause(0.05 * 2 ** attempt)
    return False


def conditional_write(call: Callable[..., Any], **kwargs: Any) -> bool:
    """One conditional write (``ddb().put_item``, ``update_item``, ``delete_item`` with its
    ``ConditionExpression``): True if it was written, False if the condition refused it; other errors raise."""
    from botocore.exceptions import ClientError

    try:
        call(**kwargs)
        return True
    except ClientError as exc:
        if error_code(exc) == "ConditionalCheckFailedException":
            return False
        raise


def error_code(exc: Exception) -> str:
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


def cancellation_reasons(exc: Exception) -> list[str]:
    return [r.get("Code", "None") for r in getattr(exc, "response", {}).get("CancellationReasons", [])]


def encode_cursor(last_key: dict | None) -> str | None:
    if not last_key:
        return None

    return base64.urlsafe_b64encode(json.dumps(last_key, separators=(",", ":")).encode()).decode().rstrip("=")


class BadCursor(Malformed, ValueError):
    """A pagination cursor that is malformed or does not belong to the query it is given to.

    Answered 400 ``invalid_cursor`` (chalicelib.api.errors), so a cursor can never reach DynamoDB as an
    ExclusiveStartKey it would reject (a 500).  It stays a ``ValueError`` for callers that catch that."""

    def __init__(self, reason: str = "bad cursor") -> None:
        super().__init__("invalid_cursor", fields={"cursor": "invalid"})
        self.reason = reason


def decode_cursor(cursor: str | None, allowed_keys: Iterable[str], *, equals: dict[str, str] | None = None,
                  prefixes: dict[str, str | None] | None = None,
                  ranges: dict[str, tuple[str, str]] | None = None) -> dict | None:
    """Decode a pagination cursor for one query; anything that does not fit raises ``BadCursor`` (→ 400).

    ``allowed_keys``: the exact key attributes of the index queried (table keys + index keys; DynamoDB
    rejects an ExclusiveStartKey with fewer or more).  ``equals``: attributes fixed by the key condition
    (the partition).  ``prefixes`` / ``ranges``: a ``begins_with`` / ``BETWEEN`` sort-key condition the
    start key must satisfy (DynamoDB rejects a start key outside the query's bounds)."""
    if not cursor:
        return None

    if len(cursor) > 4096:
        raise BadCursor("bad cursor")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except Exception as exc:  # noqa: BLE001 - any garbage is a bad cursor
        raise BadCursor("bad cursor") from exc
    if not isinstance(data, dict) or set(data) != set(allowed_keys):
        raise BadCursor("bad cursor")
    for v in data.values():
        if not (isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) and v["S"]):
            raise BadCursor("bad cursor")
    for name, value in (equals or {}).items():
        if data[name]["S"] != value:
            raise BadCursor("bad cursor")
    for name, prefix in (prefixes or {}).items():
        if prefix and not data[name]["S"].startswith(prefix):
            raise BadCursor("bad cursor")
    for name, (low, high) in (ranges or {}).items():
        if not low <= data[name]["S"] <= high:
            raise BadCursor("bad cursor")
    return data
