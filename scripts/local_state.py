"""Where `make run` keeps local AWS state between runs, and what the ops commands check before they talk to it.

State is moto's own recorder file (every request the run made), replayed at the next start.  Before a replay
the file is compacted: requests that only read (DynamoDB gets and queries, SQS receives, describes, lists) change
nothing and are dropped, so the file grows with what the run wrote, not with the worker's polling.
"""
from __future__ import annotations

import json
import os
import socket
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: where the state is kept (SALUR_LOCAL_STATE_DIR: a test's own, so it never touches a developer's run)
STATE_DIR = os.environ.get("SALUR_LOCAL_STATE_DIR") or os.path.join(ROOT, ".salur-local")

_READ_TARGETS = ("GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable", "DescribeTimeToLive", "ListTables",
                 "ReceiveMessage", "GetQueueUrl", "GetQueueAttributes", "ListQueues")
_READ_ACTIONS = ("Describe", "List", "Get", "ReceiveMessage")


def is_read(entry: dict) -> bool:
    """Does this recorded request only read?"""
    headers = {k.lower(): v for k, v in (entry.get("headers") or {}).items()}
    target = headers.get("x-amz-target", "")
    if target:
        return target.rsplit(".", 1)[-1] in _READ_TARGETS
    if entry.get("method") == "GET":
        return True
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        return False
    action = (urllib.parse.parse_qs(body).get("Action") or [""])[0] if "Action=" in body else ""
    return bool(action) and action.startswith(_READ_ACTIONS)


def compact_recording(path: str) -> bool:
    """Drop read-only requests from the recording; True when something is left to replay."""
    if not os.path.exists(path):
        return False
    kept = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short when the last run was killed
            if not is_read(entry):
                kept.append(json.dumps(entry))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in kept)
    os.replace(tmp, path)
    return bool(kept)


def port_free(port: int) -> bool:
    """Nobody listens on ``port`` and it can be bound (as servers bind: closed connections waiting out
    TIME_WAIT do not count)."""
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def saved_moto_port(state_dir: str) -> int | None:
    """The last run's local AWS port (its queue URLs name it), if it is free again."""
    try:
        with open(os.path.join(state_dir, "moto.port"), encoding="utf-8") as fh:
            port = int(fh.read().strip())
    except (OSError, ValueError):
        return None
    return port if port_free(port) else None


NOT_RUNNING = "No local Salur is running: start it with `make run` (in another terminal), then run this again."


def local_aws_answers() -> bool:
    """Is the local AWS of a running `make run` reachable (AWS_ENDPOINT_URL from .salur-local.env)?"""
    url = os.environ.get("AWS_ENDPOINT_URL")
    if not url:
        return False
    try:
        urllib.request.urlopen(url.rstrip("/") + "/moto-api/", timeout=3).read()
    except Exception:  # noqa: BLE001 - any failure means: not reachable
        return False
    return True
