"""Runtime settings from the environment (set by .chalice/config.json in the cloud,
by the local bootstrap from the stack outputs, and by the test fixtures)."""
from __future__ import annotations

import os


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def stage() -> str:
    return env("SALUR_STAGE", "local")


def complaints_table() -> str:
    return env("COMPLAINTS_TABLE", "salur-complaints")


def agencies_table() -> str:
    return env("AGENCIES_TABLE", "salur-agencies")


def queue_url(name: str) -> str:
    """URL of one of the queues named in infra/template.json (escalations, notifications, deliveries)."""
    return env(f"{name.upper()}_QUEUE_URL")


def secret_pepper() -> bytes:
    """Server-side pepper mixed into access-code and API-key hashes."""
    return env("SALUR_PEPPER", "local-development-pepper").encode()


def public_url() -> str:
    """Where people open Salur's pages (no trailing slash): the links in notifications point here.

    Per stage: .chalice/config.json sets it for dev and prod; the local run sets it to its own URL."""
    return env("SALUR_PUBLIC_URL", "https://salur.go.id").rstrip("/")


def cors_origins() -> frozenset[str]:
    """Other web origins whose pages may call the JSON API from a browser (comma-separated
    ``SALUR_CORS_ORIGINS``); Salur's own pages are same-origin and need none."""
    return frozenset(o.strip().rstrip("/") for o in env("SALUR_CORS_ORIGINS").split(",") if o.strip())


MAX_BODY_BYTES = 64 * 1024
