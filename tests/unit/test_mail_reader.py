"""The mail reader's bounds (issue 17 #5): refused before parsing, never handed to a superlinear parser."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.services import mail_reader as reader

HEAD = b"From: Ani <ani@example.com>\r\nSubject: Jalan\r\n"


@pytest.mark.parametrize("raw,why", [
    (b"From: " + b"(c)" * 1000 + b" <a@b.c>\r\n\r\nx", "from"),
    (HEAD + b"X: y\r\n" * (reader.MAX_HEADERS + 1) + b"\r\nx", "header_count"),
    (HEAD + b"X: " + b"a" * (reader.MAX_FIELD_BYTES + 1) + b"\r\n\r\nx", "header_field"),
    (HEAD + b"X: a\r\n" + b" folded\r\n" * 5000 + b"\r\nx", "header_field"),
    (HEAD + b"X: " + b"a" * (reader.MAX_HEADER_BYTES + 10), "header_block"),
    (b"From: a@b.c\r\nSubject: " + b"=?utf-8?q?a" * 1000 + b"\r\n\r\nx", "subject"),
    (HEAD + b"\r\n" + b"\n" * (reader.MAX_LINES + 1), "lines"),
    (HEAD + b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + b"--b\r\n\r\nx\r\n" * (reader.MAX_BOUNDARY_LINES + 2), "parts"),
])
def test_bounds_refuse_before_parsing(raw, why):
    with pytest.raises(reader.MailTooComplex) as exc:
        reader.parse_mail(raw)
    assert exc.value.args[0] == why


def test_html_to_text_is_one_forward_scan():
    assert reader.html_to_text("<p>a</p><script>b</script><style>c</style><br>d &amp; e<!-- f -->g") == "a\n\nd & eg"
    assert reader.html_to_text("a <!-- never closed <p>b") == "a"
    assert reader.html_to_text("a < b and c") == "a"  # an unclosed tag hides the rest, as a browser would
    assert reader.html_to_text("<SCRIPT>x</SCRIPT>y") == "y"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<", ">", "<!--", "-->", "<p>", "</p>", "<script>", "</script>", "&amp;", "&",
                                 "a", " ", "\n", "<a href='x'>", "<!", "</"]), max_size=60))
def test_html_to_text_never_leaves_a_complete_tag(tokens):
    out = reader.html_to_text("".join(tokens))
    assert "<p>" not in out and "<script>" not in out and "<a href" not in out


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_are_refused_by_a_bound(raw):
    try:
        out = reader.parse_mail(raw)
    except reader.MailTooComplex:
        return
    assert set(out) == {"message_id", "sender", "name", "subject", "text", "auto", "files", "attachments"}
    assert 0 <= out["attachments"] <= reader.MAX_PARTS
    assert len(out["text"]) <= reader.MAX_TEXT_CHARS


def test_attached_files_are_bounded_and_only_of_kept_types():
    from email.message import EmailMessage

    from chalicelib.domain import media

    msg = EmailMessage()
    msg["From"] = "a@example.com"
    msg.set_content("laporan")
    for i in range(media.MAX_FILES + 2):
        msg.add_attachment(b"%PDF-1.4 " + bytes([i]) * 40, maintype="application", subtype="pdf", filename=f"{i}.pdf")
    msg.add_attachment(b"<svg onload=alert(1)>" * 5, maintype="image", subtype="svg+xml", filename="x.svg")
    out = reader.parse_mail(msg.as_bytes())
    files = out["files"]
    assert len(files) == media.MAX_FILES and {t for t, _ in files} == {"application/pdf"}
    assert out["attachments"] == 3  # the PDFs over the limit and the SVG: not kept, the reporter is told
