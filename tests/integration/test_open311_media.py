"""Issue 16: an Open311 request's ``media_url`` is fetched off the request path — the chat photos' path
(stream → fetches queue → guarded GET → the upload's checks): only through the outbound guard, at most 10 MiB,
its type read from its bytes, EXIF stripped, a bounded number of tries, one GET per try, then a state the agency
sees.  A local HTTP server (allowlisted as the webhook and chat photo tests do) stands in for the requester's
image host; AWS is moto."""
from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from channels_support import handler, purge, queue, sqs_event
from PIL import Image
from stream_support import invoke, records, skip
from test_attachments import jpeg_with_gps
from test_open311 import code, file, matters  # noqa: F401 - fixtures and the filing helper

BIG = 10 * 1024 * 1024 + 1


class Site:
    """The stand-in image host: ``files[path] = (status, content type, body, extra headers)``; every GET logged."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, str, bytes, dict]] = {}
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.requests.append(self.path)
                status, ctype, body, extra = site.files.get(self.path, (404, "text/plain", b"no", {}))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client stopped reading (too large)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(client, monkeypatch):
    s = Site()
    monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", f"127.0.0.1:{s.port}")
    purge("fetches")
    skip("deliver_events")
    yield s
    s.stop()


def _record(tid: str) -> dict:
    from chalicelib.adapters.media_store import MediaStore

    [record] = MediaStore().list(tid)
    return record


def _filed(client, code, url: str) -> tuple[str, dict]:  # noqa: F811
    tid = file(client, code, media_url=url)["service_request_id"]
    return tid, _record(tid)


def _message(tid: str, record: dict, attempt: int = 1) -> dict:
    from chalicelib.services import media_fetches

    return {"kind": media_fetches.FETCH_KIND, "tracking_id": tid, "media_id": record["media_id"], "attempt": attempt}


def _queued_fetches() -> list[dict]:
    import boto3

    got = boto3.client("sqs").receive_message(QueueUrl=queue("fetches"), MaxNumberOfMessages=10,
                                              VisibilityTimeout=0, WaitTimeSeconds=0).get("Messages", [])
    return [m for m in got if json.loads(m["Body"]).get("kind") == "media_fetch"]


def test_a_linked_photo_is_fetched_once_off_the_request_path_and_arrives_without_exif(site, client,
                                                                                      code):  # noqa: F811
    from chalicelib.adapters.media_store import MediaStore
    from chalicelib.domain import media as rules
    from chalicelib.services import media_fetches

    site.files["/p/1.jpg"] = (200, "text/html", jpeg_with_gps(), {})  # the server's word is not what counts
    tid, record = _filed(client, code, f"{site.base}/p/1.jpg")
    assert record["state"] == rules.PENDING_FETCH and site.requests == []  # 201 without calling the host
    recs = records("deliver_events")
    assert invoke("deliver_events", recs) == [] and invoke("deliver_events", recs) == []  # the stream redelivers
    msgs = _queued_fetches()
    assert [json.loads(m["Body"])["tracking_id"] for m in msgs] == [tid, tid] and site.requests == []
    for m in msgs:  # two fetch messages for one file: one GET
        assert handler("fetch_media")(sqs_event([m]), None)["batchItemFailures"] == []
    assert site.requests == ["/p/1.jpg"]
    record = _record(tid)
    assert (record["state"], record["content_type"], record["source"]) == (rules.AVAILABLE, "image/jpeg", "open311")
    stored = MediaStore().read(rules.stored_key(tid, record["media_id"]), rules.MAX_BYTES)
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif() and img.size == (64, 48)  # re-encoded: no EXIF/GPS left
    # a redelivered fetch message, or the stream record's redelivery: nothing is fetched again
    assert handler("fetch_media")(sqs_event(msgs), None)["batchItemFailures"] == []
    assert media_fetches.fetch(_message(tid, record)) == rules.AVAILABLE
    assert site.requests == ["/p/1.jpg"]
    view = client.http.get(f"/open311/v2/requests/{tid}.json").json_body[0]
    assert view["media_url"] == f"{site.base}/p/1.jpg"  # unpublished: the requester's own link, as before


@pytest.mark.parametrize("url, resolves_to", [
    ("https://10.1.2.3/x.jpg", None),
    ("https://169.254.169.254/latest/meta-data/iam", None),
    ("https://[::ffff:127.0.0.1]/x.jpg", None),
    ("https://photos.example.org/x.jpg", "192.168.1.20"),  # a public-looking name that resolves inside
    ("https://photos.example.org/x.jpg", "127.0.0.1"),
])
def test_a_link_to_a_private_address_is_refused_without_a_connection(site, client, code, monkeypatch, url,  # noqa: F811
                                                                     resolves_to):
    import ipaddress

    from chalicelib.adapters import webhook_http, webhook_urls
    from chalicelib.domain import media as rules
    from chalicelib.services import media_fetches

    connects = []
    monkeypatch.setattr(webhook_http.socket, "create_connection", lambda *a, **k: connects.append(a))
    monkeypatch.setattr(webhook_urls, "resolve", lambda host: [ipaddress.ip_address(resolves_to)])
    tid, record = _filed(client, code, url)
    queued = []
    assert media_fetches.fetch(_message(tid, record), enqueue=lambda m, d: queued.append(m)) == "gave_up"
    record = _record(tid)
    assert (record["state"], record["reason"], record["fetch_error"]) == \
        (rules.REJECTED, rules.NOT_FETCHED, "url_non_public_address")
    assert connects == [] and queued == []  # no connection, no retry: the refusal is final


def test_the_local_server_itself_is_refused_when_not_allowlisted(site, client, code, monkeypatch):  # noqa: F811
    from chalicelib.services import media_fetches

    site.files["/p/2.jpg"] = (200, "image/jpeg", jpeg_with_gps(), {})
    monkeypatch.setenv("WEBHOOK_TEST_ALLOWLIST", "")
    for url in (f"{site.base}/p/2.jpg", f"https://127.0.0.1:{site.port}/p/2.jpg"):
        tid, record = _filed(client, code, url)
        assert media_fetches.fetch(_message(tid, record), enqueue=lambda m, d: None) == "gave_up"
        assert _record(tid)["fetch_error"].startswith("url_")
    assert site.requests == []


@pytest.mark.parametrize("answer, outcome, reason", [
    ((200, "image/jpeg", b"\xff\xd8\xff" + b"0" * (BIG - 3), {}), "gave_up", ("not_fetched", "too_large")),
    ((200, "image/jpeg", b"<!doctype html><html><body>login</body></html>", {}), "rejected", ("type", None)),
    ((200, "image/png", b"%PDF-1.4 but not really a PNG", {}), "pending_scan|available", (None, None)),
    ((302, "text/html", b"", {"Location": "http://169.254.169.254/"}), "gave_up", ("not_fetched", "http_302")),
    ((404, "text/html", b"gone", {}), "gave_up", ("not_fetched", "http_404")),
])
def test_an_oversized_html_or_redirected_answer_is_not_kept(site, client, code, answer, outcome, reason):  # noqa: F811
    from chalicelib.services import media_fetches

    site.files["/p/3"] = answer
    tid, record = _filed(client, code, f"{site.base}/p/3")
    queued = []
    got = media_fetches.fetch(_message(tid, record), enqueue=lambda m, d: queued.append(m))
    assert got in outcome.split("|") and queued == [] and site.requests == ["/p/3"]  # one GET, no redirect followed
    record = _record(tid)
    if reason[0]:
        assert (record["state"], record.get("reason"), record.get("fetch_error")) == ("rejected", *reason)
    else:  # a PDF is a PDF whatever the server called it: sniffed from its bytes
        assert record["content_type"] == "application/pdf"


def test_a_server_that_is_down_is_retried_with_backoff_then_given_up(site, client, code):  # noqa: F811
    from chalicelib.domain import media as rules
    from chalicelib.services import media_fetches

    site.files["/p/4.jpg"] = (503, "text/plain", b"busy", {})
    tid, record = _filed(client, code, f"{site.base}/p/4.jpg")
    msg, delays, now = _message(tid, record), [], 1_000_000
    for n in range(1, rules.FETCH_ATTEMPTS + 1):
        queued = []
        got = media_fetches.fetch(msg, enqueue=lambda m, d: queued.append((m, d)), now=now)
        if n < rules.FETCH_ATTEMPTS:
            assert got == "retry" and _record(tid)["state"] == rules.PENDING_FETCH
            # the same try again (a redelivered message): no second GET, no second retry
            assert media_fetches.fetch(msg, enqueue=lambda m, d: queued.append((m, d)), now=now + 10_000) == \
                "duplicate"
            if n > 1:  # the stream record's redelivery (try 1 again) once the chain is further on: nothing
                first = _message(tid, record)
                assert media_fetches.fetch(first, enqueue=lambda m, d: queued.append((m, d)), now=now) == "duplicate"
            [(msg, delay)] = queued
            delays.append(delay)
            assert msg["attempt"] == n + 1
        else:
            assert got == "gave_up" and queued == []
        now += 1000
    assert len(site.requests) == rules.FETCH_ATTEMPTS  # one GET per try, a bounded number of tries
    assert delays == sorted(delays) and delays[0] > 0 and delays[-1] > delays[0]
    record = _record(tid)
    assert (record["state"], record["reason"], record["fetch_error"]) == (rules.REJECTED, "not_fetched", "http_503")
    site.stop()  # and a host that does not answer at all: connection refused, retried the same way
    tid, record = _filed(client, code, f"{site.base}/p/4.jpg")
    queued = []
    assert media_fetches.fetch(_message(tid, record), enqueue=lambda m, d: queued.append(m)) == "retry"
    assert _record(tid)["fetch_error"] == "connection_error" and queued[0]["attempt"] == 2


def test_a_try_held_by_a_message_that_crashed_is_taken_over_after_its_lease(site, client, code):  # noqa: F811
    from chalicelib import config
    from chalicelib.adapters.media_store import MediaStore
    from chalicelib.domain import media as rules
    from chalicelib.services import media_fetches

    site.files["/p/5.jpg"] = (200, "image/jpeg", jpeg_with_gps(), {})
    tid, record = _filed(client, code, f"{site.base}/p/5.jpg")
    now = 2_000_000
    assert MediaStore().claim_fetch(tid, record["media_id"], 1, now, config.MEDIA_FETCH_SECONDS)  # then it crashed
    assert media_fetches.fetch(_message(tid, record), now=now + 1) == "duplicate" and site.requests == []
    assert config.MEDIA_FETCH_SECONDS < config.QUEUE_VISIBILITY_SECONDS  # SQS redelivers after the lease
    later = now + config.QUEUE_VISIBILITY_SECONDS
    assert media_fetches.fetch(_message(tid, record), now=later) == rules.AVAILABLE
    assert site.requests == ["/p/5.jpg"]
