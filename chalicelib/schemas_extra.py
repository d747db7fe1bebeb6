"""Pydantic models documented in /openapi.json that live outside chalicelib.models.

Feature modules register theirs with ``register`` at import; openapi collects them.
"""
from __future__ import annotations

_EXTRA: dict[str, type] = {}


def register(model: type) -> type:
    _EXTRA[model.__name__] = model
    return model


def models() -> dict[str, type]:
    return dict(_EXTRA)
