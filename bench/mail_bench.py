"""Worst-case inbound-mail parse time at the maximum mail (issue 17 #5).

    python -m bench.mail_bench

Each hostile shape is built at the door's maximum (10 MB, ``email_door.MAX_BYTES``) and timed through what
the door runs before it touches AWS: ``mail_reader.parse_mail`` and ``complaint_from_text``.  The slowest
shape is the bound (the Lambda timeout is 30 s).  Measured 2026-12-01 on the shared 2-core machine (load ~4):
worst 1.27 s (an HTML body of ``<p>x</p>`` tags, 10 MB); every shape beyond a bound (header size or count,
lines, MIME parts) is refused in under 10 ms.  Before issue 17 a ``From:`` of repeated ``(c)`` took 7 s at
20 KB and 283 s at 140 KB, and an HTML body of repeated ``<!--`` 97 s at 320 KB.
"""
from __future__ import annotations

import base64
import sys
import time

from chalicelib.services.email_door import MAX_BYTES
from chalicelib.services.mail_reader import parse_mail
from chalicelib.services.text_commands import complaint_from_text

HEAD = b"From: Budi <budi@example.com>\r\nSubject: Lampu mati\r\nMessage-ID: <b@example.com>\r\n"


def _fill(unit: bytes, room: int) -> bytes:
    return unit * (room // len(unit))


def shapes() -> dict[str, bytes]:
    room = MAX_BYTES - 4096
    html = HEAD + b"Content-Type: text/html; charset=utf-8\r\n\r\n"
    plain = HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    boundary = b"b0"
    parts = b"".join(b"--b0\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(room // 40))
    return {
        "From (c) x 80k (header bound)": b"From: " + b"(c)" * 80_000 + b" <a@b.c>\r\n\r\nisi",
        "header fields x 100k": HEAD + _fill(b"X-A: b\r\n", room) + b"\r\nisi",
        "html '<!--' x 2.6M": html + _fill(b"<!--", room),
        "html '<' x 10M": html + _fill(b"<", room),
        "html '<a ' x 3.5M": html + _fill(b"<a ", room),
        "html tags '<p>x</p>'": html + _fill(b"<p>x</p>", room),
        "html unclosed <script>": html + b"<script>" + _fill(b"a", room),
        "plain quote-like '\\n-' lines": plain + _fill(b"\n" + b"-" * 60, room),
        "plain 'di ' x 3.5M (place search)": plain + _fill(b"di ", room),
        "plain one 10 MB line": plain + _fill(b"a", room),
        "base64 10 MB body": HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(b"x" * (room * 3 // 4 - 1024)),
        "multipart 260k parts": HEAD + b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n"
        + parts + b"--b0--\r\n",
        "multipart 2000 parts of 5 KB": HEAD + b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n"
        + b"".join(b"--b0\r\nContent-Type: text/html\r\n\r\n" + b"<p>x" * 1250 + b"\r\n" for _ in range(1999))
        + b"--b0--\r\n",
        "plain newlines x 10M": plain + _fill(b"\n", room),
        "plain 299k lines (line bound)": plain + (b"Pada hari itu > di -- jalan\n" + b"a" * 6 + b"\n") * 149_000,
        "nested multipart x 20k": HEAD + b"".join(f"Content-Type: multipart/mixed; boundary=n{i}\r\n\r\n--n{i}\r\n"
                                                  .encode() for i in range(20_000)) + b"\r\nx",
    }


def run() -> list[tuple[str, int, float, str]]:
    rows = []
    for name, raw in shapes().items():
        start = time.perf_counter()
        try:
            parsed = parse_mail(raw)
            complaint_from_text(parsed["text"] or "x" * 20, None, "email", email=parsed["sender"] or None)
            outcome = "parsed"
        except Exception as exc:  # noqa: BLE001 - the door answers "unreadable": that is a result too
            outcome = type(exc).__name__
        rows.append((name, len(raw), time.perf_counter() - start, outcome))
    return rows


def main() -> int:
    rows = run()
    width = max(len(r[0]) for r in rows)
    print(f"{'shape':<{width}}  {'bytes':>10}  {'seconds':>8}  outcome")
    for name, size, seconds, outcome in rows:
        print(f"{name:<{width}}  {size:>10}  {seconds:>8.3f}  {outcome}")
    worst = max(rows, key=lambda r: r[2])
    print(f"\nworst case: {worst[2]:.3f} s ({worst[0]}, {worst[1]} bytes); Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
