"""Watch and drive the running `make run` (its local AWS is named in .salur-local.env).

    python -m scripts.local_ops sweep --at 2026-12-20T09:00+07:00   # fire every schedule as of that time
    python -m scripts.local_ops outbox [--limit 20]                  # the emails and SMS the run sent, newest first

`sweep` runs the app's schedule handlers (the overdue sweep, the outbox relay, the reminders, queue health)
with that time, against the run's local AWS: the overdue cases are queued and the running worker escalates
them and sends what follows.  `outbox` reads moto's SES and SNS stores (``/moto-api/data.json``).
Exit codes: 0 ok, 2 bad arguments, 3 no running local AWS.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scripts.local_state import NOT_RUNNING, local_aws_answers  # noqa: E402 - after the path


def parse_at(value: str) -> datetime:
    """An ISO time with its zone (``2026-12-20T09:00+07:00``, ``...Z``); a time without a zone is WIB."""
    v = value.strip().replace(" ", "T")
    if v.endswith("Z"):
        v = v[:-1] + "+00:00"
    dt = datetime.fromisoformat(v)
    if dt.tzinfo is None:
        from zoneinfo import ZoneInfo

        dt = dt.replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    return dt.astimezone(timezone.utc)


def sweep(at: datetime) -> dict:
    """Every schedule handler ``app.py`` registers, called as EventBridge would at ``at``; their results by name."""
    import contextlib
    import io

    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    import app as app_module
    from scripts.worker import Worker, scheduled_event

    worker = Worker(app_module)
    results = {}
    for src in app_module.app.event_sources:
        if src.__class__.__name__ == "ScheduledEventConfig":
            with contextlib.redirect_stdout(io.StringIO()):  # the handlers' metrics lines: not for this screen
                results[src.name] = worker._handler(src)(scheduled_event(at), None)
    return results


def wait_for_escalations(timeout: float = 120.0) -> bool:
    """Until the running worker has handled every escalation the sweep queued (the queue holds none, visible or
    in flight), at most ``timeout`` seconds: the next command then sees the cases at their new level."""
    from chalicelib import config
    from chalicelib.adapters.aws_clients import client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        attrs = client("sqs").get_queue_attributes(
            QueueUrl=config.queue_url("escalations"),
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        if not any(int(v) for v in attrs.values()):
            return True
        time.sleep(0.5)
    return False


def _moto_data(attempts: int = 20) -> dict:
    url = os.environ["AWS_ENDPOINT_URL"].rstrip("/") + "/moto-api/data.json"
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=30) as res:
                return json.loads(res.read())
        except urllib.error.HTTPError:  # the dump walks every model while the run changes them: read again
            if attempt == attempts - 1:
                raise
            time.sleep(0.3)
    return {}


def _plain(body: str) -> str:
    if "<" in body and "</" in body:
        body = re.sub(r"(?is)<head>.{0,5000}?</head>", "", body)
        body = html.unescape(re.sub(r"<[^>]{0,2000}>", " ", re.sub(r"</p>|<br\s*/?>", "\n", body)))
    return "\n".join(" ".join(line.split()) for line in body.splitlines() if line.strip())


def outbox(limit: int = 20) -> str:
    """The messages moto's SES and SNS hold, newest first, as text."""
    data = _moto_data()
    mails = list(reversed(data.get("ses", {}).get("Message", [])))[:limit]
    texts = list(reversed(data.get("sns", {}).get("SMS", [])))[:limit]
    out = [f"SMS ({len(data.get('sns', {}).get('SMS', []))} sent, newest first)"]
    for m in texts:
        out.append(f"  to {m.get('phone_number')}: {m.get('message')}")
    out.append(f"\nEmail ({len(data.get('ses', {}).get('Message', []))} sent, newest first)")
    for m in mails:
        to = ", ".join((m.get("destinations") or {}).get("ToAddresses", []))
        body = _plain(str(m.get("body") or ""))
        out.append(f"  to {to}: {m.get('subject')}\n" + "\n".join("      " + line for line in body.splitlines()[:8]))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scripts.local_ops", description="Watch and drive `make run`")
    sub = p.add_subparsers(dest="cmd", required=True)
    sw = sub.add_parser("sweep", help="fire the schedules as of a time")
    sw.add_argument("--at", required=True, help="e.g. 2026-12-20T09:00+07:00")
    ob = sub.add_parser("outbox", help="emails and SMS sent, newest first")
    ob.add_argument("--limit", type=int, default=20)
    args = p.parse_args(argv)
    if not local_aws_answers():
        print(NOT_RUNNING, file=sys.stderr)
        return 3
    if args.cmd == "sweep":
        try:
            at = parse_at(args.at)
        except ValueError:
            print(f"AT must be a time like 2026-12-20T09:00+07:00, not {args.at!r}", file=sys.stderr)
            return 2
        found = sweep(at).get("sweep_overdue") or {}
        done = wait_for_escalations()
        print(f"Schedules fired as of {at.isoformat()}: {found.get('overdue', 0)} overdue case(s) queued; "
              + ("the running worker has escalated them" if done else "the running worker is still escalating them")
              + " and sends what follows (see: make outbox).")
        return 0
    print(outbox(max(1, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
