"""The one tiny HTTP client the end-to-end tests speak to the local run with (standard library only)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request


def http(method, url, body=None, headers=None):
    """(status, parsed JSON) for a JSON request; ``body`` may be a dict or an already-encoded string."""
    data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=15) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")
