"""Reading an inbound RFC 5322 mail in time linear in its size (pure: standard library, no AWS).

The standard library's ``policy.default`` header parser is quadratic on some inputs (a ``From:`` of
repeated ``(c)``: 7 s at 20 KB, 283 s at 140 KB) and so is ``html.parser`` (an unclosed ``<!--`` repeated:
97 s at 320 KB on Python 3.11.7).  So:

* the header block is bounded before anything parses it: ``MAX_HEADER_BYTES`` in all, ``MAX_HEADERS``
  fields, ``MAX_FIELD_BYTES`` per field (unfolded) and ``MAX_ADDRESS_BYTES`` for ``From``;
* the mail is parsed with ``policy.compat32`` (header values are kept as text, nothing structured is
  parsed), the sender with ``email.utils.parseaddr`` (linear) on at most ``MAX_ADDRESS_BYTES``, encoded words
  decoded only in bounded fields;
* at most ``MAX_LINES`` lines in all (the parser's cost is per line), a multipart mail may hold at most ``MAX_BOUNDARY_LINES`` boundary lines (parts and nesting levels: the
  parser builds every part), at most ``MAX_PARTS`` MIME parts are looked at, at most ``MAX_TEXT_CHARS`` of the chosen body are kept, and
  HTML is reduced to text by a single forward scan (``html_to_text``), never ``html.parser``.

Worst case measured at the maximum mail (10 MB): ``python -m bench.mail_bench`` (figures in its docstring).
"""
from __future__ import annotations

import html
import re
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import parseaddr

from chalicelib.domain import media as media_rules

MAX_HEADER_BYTES = 256 * 1024
MAX_HEADERS = 500
MAX_FIELD_BYTES = 32 * 1024
MAX_ADDRESS_BYTES = 2048
MAX_SUBJECT_BYTES = 4096
MAX_PARTS = 100
#: boundary-like lines ("\n--") a multipart mail may hold: parts and nesting levels are bounded before parsing
MAX_BOUNDARY_LINES = 2000
#: lines in the whole mail: 10 MB of base64 (76-character lines) is 138k, so 300k leaves room for any real mail
MAX_LINES = 300_000
MAX_TEXT_CHARS = 64 * 1024
MAX_HTML_CHARS = 1024 * 1024

_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_TAG_NAME = re.compile(r"/?([a-z][a-z0-9]{0,15})")
_QUOTE = re.compile(r"\n(?:On .{0,200}wrote:|Pada .{0,200}menulis:|-{2,} ?Original Message|>).*", re.S)
_SPACES = re.compile(r"[ \t\r\f\v]+")


class MailTooComplex(ValueError):
    """The mail is beyond what Salur reads (too many or too long header fields, no header end)."""


def header_block(raw: bytes) -> bytes:
    """The header block (up to and including the blank line), bounded; MailTooComplex beyond the bounds."""
    ends = [at for at in (raw.find(b"\r\n\r\n", 0, MAX_HEADER_BYTES + 4), raw.find(b"\n\n", 0, MAX_HEADER_BYTES + 2))
            if at >= 0]
    if ends:
        at = min(ends)
        head = raw[:at + (4 if raw.startswith(b"\r\n\r\n", at) else 2)]
    elif len(raw) <= MAX_HEADER_BYTES:
        head = raw  # headers only, no body
    else:
        raise MailTooComplex("header_block")
    if len(head) > MAX_HEADER_BYTES + 4:
        raise MailTooComplex("header_block")
    fields, size = 0, 0
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):  # a folded continuation of the field before
            size += len(line)
        elif line.strip():
            fields, size = fields + 1, len(line)
        if fields > MAX_HEADERS:
            raise MailTooComplex("header_count")
        if size > MAX_FIELD_BYTES:
            raise MailTooComplex("header_field")
    return head


def _field(msg: Message, name: str, limit: int = MAX_FIELD_BYTES) -> str:
    value = msg.get(name)
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise MailTooComplex(name.lower())
    return text


def decoded(value: str) -> str:
    """RFC 2047 encoded words decoded (bounded input); the raw text if they cannot be."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # noqa: BLE001 - unknown charsets, broken encodings: keep the text as sent
        return value


def sender_of(msg: Message) -> tuple[str, str]:
    """(display name, lower-case address) of ``From`` (at most ``MAX_ADDRESS_BYTES``)."""
    raw = _field(msg, "From", MAX_ADDRESS_BYTES)
    try:
        name, address = parseaddr(raw)
    except (RecursionError, IndexError, ValueError):
        name, address = "", ""
    return " ".join(decoded(name).split())[:200], address.strip().lower()


def html_to_text(value: str, limit: int = MAX_HTML_CHARS) -> str:
    """Visible text of HTML in one forward scan: tags dropped, script/style skipped, entities decoded."""
    value = value[:limit]
    lower = value.lower()
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        lt = value.find("<", i)
        if lt < 0:
            out.append(value[i:])
            break
        out.append(value[i:lt])
        if value.startswith("<!--", lt):
            end = value.find("-->", lt + 4)
            if end < 0:
                break  # an unclosed comment hides the rest
            i = end + 3
            continue
        gt = value.find(">", lt + 1)
        if gt < 0:
            break  # an unclosed tag: the rest is markup
        m = _TAG_NAME.match(lower, lt + 1, gt)
        name = m.group(1) if m else ""
        i = gt + 1
        if name in _SKIP_TAGS and not lower.startswith("/", lt + 1):
            close = lower.find("</" + name, i)
            if close < 0:
                break
            gt = lower.find(">", close)
            i = n if gt < 0 else gt + 1
        elif name in _BLOCK_TAGS:
            out.append("\n")
    return _SPACES.sub(" ", html.unescape("".join(out))).strip()


def _payload_text(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def body_text(msg: Message) -> str:
    """The first inline text/plain part (else text/html reduced to text), at most ``MAX_PARTS`` parts looked at."""
    plain = html_part = None
    for count, part in enumerate(msg.walk()):
        if count >= MAX_PARTS:
            break
        if part.is_multipart() or (part.get("Content-Disposition") or "").lower().startswith("attachment"):
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
            break
        if ctype == "text/html" and html_part is None:
            html_part = part
    if plain is not None:
        return _payload_text(plain)[:MAX_TEXT_CHARS]
    if html_part is not None:
        return html_to_text(_payload_text(html_part))[:MAX_TEXT_CHARS]
    return ""


def attached_files(msg: Message) -> list[tuple[str, bytes]]:
    """(content type, bytes) of the parts that are files Salur keeps (``domain.media.CONTENT_TYPES``): at most
    ``MAX_FILES`` of at most ``MAX_BYTES`` each, among the first ``MAX_PARTS`` parts.  Their content is
    checked (and images re-encoded) by ``services.attachments`` like any upload."""
    out: list[tuple[str, bytes]] = []
    for count, part in enumerate(msg.walk()):
        if count >= MAX_PARTS or len(out) >= media_rules.MAX_FILES:
            break
        if part.is_multipart() or part.get_content_type() not in media_rules.CONTENT_TYPES:
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and media_rules.MIN_BYTES <= len(data) <= media_rules.MAX_BYTES:
            out.append((part.get_content_type(), data))
    return out


def attachment_count(msg: Message) -> int:
    """Attachments (and inline non-text parts) among the first ``MAX_PARTS`` parts, kept or not."""
    count = 0
    for seen, part in enumerate(msg.walk()):
        if seen >= MAX_PARTS:
            break
        if part.is_multipart():
            continue
        attached = (part.get("Content-Disposition") or "").lower().startswith("attachment")
        if attached or part.get_content_maintype() not in ("text",):
            count += 1
    return count


def parse_mail(raw: bytes) -> dict:
    """{'message_id','sender','name','subject','text','auto','files','attachments'} of a raw RFC 5322 message:
    ``files`` the ones Salur keeps, ``attachments`` how many others it does not (the reporter is told).

    Raises MailTooComplex beyond the bounds above (the door answers 'unreadable')."""
    head = header_block(raw)
    if raw.count(b"\n") > MAX_LINES:
        raise MailTooComplex("lines")  # the parser's cost is per line (10 MB of newlines: 13 s)
    if b"multipart/" in head.lower() and raw.count(b"\n--", len(head)) > MAX_BOUNDARY_LINES:
        raise MailTooComplex("parts")  # the parser would build every part (260k parts: 11 s)
    msg = BytesParser(policy=policy.compat32).parsebytes(raw)
    name, sender = sender_of(msg)
    subject = " ".join(decoded(_field(msg, "Subject", MAX_SUBJECT_BYTES)).split())
    text = _QUOTE.sub("", "\n" + body_text(msg)).strip()
    auto = _field(msg, "Auto-Submitted").strip().lower() not in ("", "no") or bool(msg.get("List-Id")) \
        or _field(msg, "Precedence").strip().lower() in ("bulk", "junk", "list")
    files = attached_files(msg)
    return {"message_id": _field(msg, "Message-ID", 998).strip(), "sender": sender, "name": name,
            "subject": subject, "text": text, "auto": auto, "files": files,
            "attachments": max(0, attachment_count(msg) - len(files))}
