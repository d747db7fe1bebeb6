"""Issue 16: a WhatsApp photo is fetched off the request path (stream → deliveries queue → Graph API), checked,
re-encoded and scanned like an upload.  A local HTTP server stands in for the Graph API; AWS is moto."""
from __future__ import annotations

import io
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from channels_support import handler, queue, sqs_event
from PIL import Image
from stream_support import invoke, records, skip
from test_attachments import jpeg_with_gps
from test_channels_chat_email import TEXT, chat, wa_payload

TOKEN = "graph-test-token"


class Graph:
    """The stand-in: ``/v21.0/<id>`` → metadata, ``/dl/<id>`` → the bytes; ``fail`` answers 500 that many times."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.fail = 0
        self.requests: list[tuple[str, str | None]] = []
        graph = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                graph.requests.append((self.path, self.headers.get("Authorization")))
                name = self.path.rsplit("/", 1)[-1]
                if name == "slow":  # a body that trickles in, a few bytes at a time
                    return self._trickle()
                if graph.fail:
                    graph.fail -= 1
                    return self._send(500, b"{}")
                if self.headers.get("Authorization") != f"Bearer {TOKEN}" or name not in graph.files:
                    return self._send(404, b"{}")
                if self.path.startswith("/v21.0/"):
                    meta = {"url": f"{graph.base}/dl/{name}", "mime_type": "image/jpeg",
                            "file_size": len(graph.files[name]), "id": name}
                    return self._send(200, json.dumps(meta).encode())
                return self._send(200, graph.files[name])

            def _trickle(self):
                self.send_response(200)
                self.send_header("Content-Length", "400")
                self.end_headers()
                try:
                    for _ in range(40):
                        self.wfile.write(b"0" * 10)
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    pass

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def graph(client, monkeypatch):
    g = Graph()
    monkeypatch.setenv("CHAT_GRAPH_URL", f"{g.base}/v21.0")
    monkeypatch.setenv("CHAT_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", f"127.0.0.1:{g.server.server_address[1]}")
    yield g
    g.server.shutdown()


def _photo_report(client, platform_id: str) -> str:
    photo = {"from": "6281299990007", "id": f"wamid.{uuid.uuid4().hex}", "type": "image",
             "image": {"id": platform_id, "mime_type": "image/jpeg", "caption": "LAPOR " + TEXT}}
    reply = chat(client, wa_payload(photo)).json_body["replies"][0]["text"]
    return re.search(r"Nomor: ([0-9A-Z-]{9})", reply).group(1)


def _fetch_messages() -> list[dict]:
    import boto3

    sqs = boto3.client("sqs")
    got = sqs.receive_message(QueueUrl=queue("fetches"), MaxNumberOfMessages=10, VisibilityTimeout=0,
                              WaitTimeSeconds=0).get("Messages", [])
    return [m for m in got if json.loads(m["Body"]).get("kind") == "media_fetch"]


def test_a_chat_photo_is_fetched_checked_and_cleaned_off_the_request_path(graph, client):
    from chalicelib.adapters.media_store import MediaStore
    from chalicelib.domain import media as rules

    skip("deliver_events")
    graph.files["98765"] = jpeg_with_gps()
    tid = _photo_report(client, "98765")
    assert graph.requests == []  # the webhook answered without calling the platform
    [record] = MediaStore().list(tid)
    assert record["state"] == rules.PENDING_FETCH
    assert invoke("deliver_events", records("deliver_events")) == []
    msgs = _fetch_messages()
    assert len(msgs) == 1 and graph.requests == []  # the stream only enqueued it
    assert handler("fetch_media")(sqs_event(msgs), None)["batchItemFailures"] == []
    assert [p for p, _ in graph.requests] == ["/v21.0/98765", "/dl/98765"]
    assert all(auth == f"Bearer {TOKEN}" for _, auth in graph.requests)
    [record] = MediaStore().list(tid)
    assert record["state"] == rules.AVAILABLE and record["content_type"] == "image/jpeg"
    stored = MediaStore().read(rules.stored_key(tid, record["media_id"]), rules.MAX_BYTES)
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif() and img.size == (64, 48)  # re-encoded: no EXIF/GPS left


def test_a_failed_fetch_stays_pending_and_is_retried_with_backoff(graph, client):
    from chalicelib.adapters.media_store import MediaStore
    from chalicelib.domain import media as rules
    from chalicelib.services import media_fetches

    graph.files["55555"] = jpeg_with_gps()
    tid = _photo_report(client, "55555")
    [record] = MediaStore().list(tid)
    msg = {"kind": media_fetches.FETCH_KIND, "tracking_id": tid, "media_id": record["media_id"], "attempt": 1}
    graph.fail, queued = 1, []
    assert media_fetches.fetch(msg, enqueue=lambda m, d: queued.append((m, d))) == "retry"
    [record] = MediaStore().list(tid)
    assert record["state"] == rules.PENDING_FETCH and record["fetch_error"] == "http_500"
    assert queued == [({**msg, "attempt": 2}, media_fetches.retry_delay(1))] and media_fetches.retry_delay(1) > 0
    assert media_fetches.fetch(queued[0][0]) == rules.AVAILABLE
    assert media_fetches.fetch(queued[0][0]) == rules.AVAILABLE  # a redelivered message changes nothing
    last = {**msg, "attempt": media_fetches.FETCH_ATTEMPTS}
    tid2 = _photo_report(client, "55555")
    [other] = MediaStore().list(tid2)
    graph.fail = 5
    assert media_fetches.fetch({**last, "tracking_id": tid2, "media_id": other["media_id"]},
                             enqueue=lambda m, d: queued.append(m)) == "gave_up"
    [other] = MediaStore().list(tid2)  # kept, not lost: rejected for the agency to see why
    assert (other["state"], other["reason"], other["fetch_error"]) == (rules.REJECTED, "not_fetched", "http_500")
    assert len(queued) == 1


def test_a_file_over_the_limit_or_a_private_address_is_never_read(graph, monkeypatch):
    from chalicelib.adapters import graph_media

    graph.files["big"] = b"\xff\xd8\xff" + b"0" * 5000
    with pytest.raises(graph_media.FetchFailed) as exc:
        graph_media.download("big", 1000)
    assert exc.value.reason == "too_large" and not exc.value.transient
    assert [p for p, _ in graph.requests] == ["/v21.0/big"]  # the declared size stops it before the bytes
    monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", "")
    with pytest.raises(graph_media.FetchFailed) as exc:
        graph_media.download("big", 10_000)
    assert exc.value.reason.startswith("url_") and len(graph.requests) == 1
    with pytest.raises(graph_media.FetchFailed):
        graph_media.download("../etc", 10_000)


def test_a_body_longer_than_the_bound_is_refused_even_when_the_size_was_not_declared(graph):
    from chalicelib.adapters import graph_media
    from chalicelib.adapters.webhook_http import http_get
    from chalicelib.adapters.webhook_urls import resolve_target

    graph.files["quiet"] = b"0" * 5000
    target = resolve_target(f"{graph.base}/dl/quiet", "test")
    status, data, error = http_get(target, {"Authorization": f"Bearer {TOKEN}"}, 5, 1000)
    assert (status, data, error) == (200, b"", "too_large")
    assert http_get(target, {"Authorization": f"Bearer {TOKEN}"}, 5, 6000)[1:] == (b"0" * 5000, None)
    graph.fail = 1
    with pytest.raises(graph_media.FetchFailed) as exc:
        graph_media.download("quiet", 10_000)
    assert exc.value.reason == "http_500" and exc.value.transient


def test_a_body_that_trickles_in_is_cut_at_the_timeout(graph):
    from chalicelib.adapters.webhook_http import http_get
    from chalicelib.adapters.webhook_urls import resolve_target

    target = resolve_target(f"{graph.base}/dl/slow", "test")
    status, data, error = http_get(target, {}, 0.3, 1_000_000)  # the whole body would take ~2 s
    assert (status, data, error) == (200, b"", "timeout")
