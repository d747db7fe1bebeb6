"""Small helpers over the low-level DynamoDB client: typed (de)serialisation and errors."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable

from .aws import client


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


def from_item(item: dict | None) -> dict | None:
    if item is None:
        return None
    _, de = _pair()
    return {k: _plain(de.deserialize(v)) for k, v in item.items()}


def key(pk: str, sk: str) -> dict:
    return {"PK": {"S": pk}, "SK": {"S": sk}}


def ddb():
    return client("dynamodb")


def error_code(exc: Exception) -> str:
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


def cancellation_reasons(exc: Exception) -> list[str]:
    return [r.get("Code", "None") for r in getattr(exc, "response", {}).get("CancellationReasons", [])]


def encode_cursor(last_key: dict | None) -> str | None:
    if not last_key:
        return None
    import base64

    return base64.urlsafe_b64encode(json.dumps(last_key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, allowed_keys: Iterable[str]) -> dict | None:
    """Decode a pagination cursor; anything malformed raises ValueError (→ 400)."""
    if not cursor:
        return None
    import base64

    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except Exception as exc:  # noqa: BLE001 - any garbage is a bad cursor
        raise ValueError("bad cursor") from exc
    allowed = set(allowed_keys)
    if not isinstance(data, dict) or not data or set(data) - allowed:
        raise ValueError("bad cursor")
    for v in data.values():
        if not (isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str)):
            raise ValueError("bad cursor")
    return data
