"""Pydantic models documented in /openapi.json that live outside chalicelib.models.

Feature modules register theirs with ``register`` at import; openapi collects them.
"""
from __future__ import annotations

_EXTRA: dict[str, type] = {}
_LAZY: list[str] = []  # modules whose import registers models; imported only when the document is built


def register(model: type) -> type:
    _EXTRA[model.__name__] = model
    return model


def register_module(module_name: str) -> None:
    """Register models lazily: ``module_name`` is imported (and calls ``register``) at document build."""
    if module_name not in _LAZY:
        _LAZY.append(module_name)


def models() -> dict[str, type]:
    import importlib

    for name in _LAZY:
        importlib.import_module(name)
    return dict(_EXTRA)
