"""Logs, metrics and tracing for every handler (filled in by the observability work)."""


def register(app) -> None:
    """Attach logging/metrics middleware to ``app``."""
