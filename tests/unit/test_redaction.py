"""Logs never carry e-mail addresses, Indonesian phone numbers or NIKs."""
from __future__ import annotations

import io
import json
import logging

import pytest

from chalicelib.adapters.observability import RedactingFilter, redact, redact_value


@pytest.mark.parametrize("text,secret", [
    ("hubungi made@example.com segera", "made@example.com"),
    ("email: Siti.Aminah+lapor@dinas.jakarta.go.id", "Siti.Aminah+lapor@dinas.jakarta.go.id"),
    ("telp 081234567890", "081234567890"),
    ("telp +6281234567890.", "+6281234567890"),
    ("wa 6285712345678", "6285712345678"),
    ("hp 0812-3456-7890", "0812-3456-7890"),
    ("hp +62 812 3456 7890", "+62 812 3456 7890"),
    ("NIK 3171234567890001 milik pelapor", "3171234567890001"),
    ("nik=5171010101900003;", "5171010101900003"),
])
def test_redact_masks(text, secret):
    out = redact(text)
    assert secret not in out
    assert "[" in out


@pytest.mark.parametrize("text", [
    "tracking HSZ9-BDM5 status assigned",
    "due 2031-03-10T16:59:59+00:00",
    "kode wilayah 51.71.01, 12 kasus",
    "nomor antrean 0212345",  # a landline-like short number is not a mobile number
    "id 12345678901234567",  # 17 digits: not a NIK
])
def test_redact_keeps_ordinary_text(text):
    assert redact(text) == text


def test_redact_value_nested_and_sensitive_keys():
    data = {"reporter": {"name": "Made"}, "note": "email made@example.com",
            "items": ["0812-3456-7890", 5, None], "phone": "+6281234567890", "email": None}
    out = redact_value(data)
    assert out["reporter"] == "[redacted]"
    assert out["phone"] == "[redacted]"
    assert out["email"] is None
    assert "made@example.com" not in out["note"]
    assert out["items"][0] == "[phone]" and out["items"][1] == 5


def _json_lines(buf: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def test_powertools_logger_redacts_message_extras_and_exception():
    from chalicelib.adapters import observability as obs

    lg = obs.logger()
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(lg.registered_formatter)  # the one that carries the appended keys
    std = logging.getLogger("salur")
    std.addHandler(handler)
    try:
        obs.append_keys(tracking_id="HSZ9-BDM5", request_id="req-1")
        child = logging.getLogger("salur.intake")
        child.warning("filed by %s", "made@example.com", extra={"contact_note": "wa 081234567890",
                                                                 "nik": "3171234567890001"})
        try:
            raise ValueError("bad NIK 3171234567890001 for 081234567890")
        except ValueError:
            lg.exception("failed for made@example.com")
    finally:
        std.removeHandler(handler)
        obs.append_keys(tracking_id=None, request_id=None)
    text = buf.getvalue()
    for secret in ("made@example.com", "081234567890", "3171234567890001"):
        assert secret not in text
    lines = _json_lines(buf)
    assert lines[0]["tracking_id"] == "HSZ9-BDM5" and lines[0]["request_id"] == "req-1"
    assert lines[0]["service"] == "salur"
    assert lines[0]["message"] == "filed by [email]"
    assert lines[0]["contact_note"] == "wa [phone]"
    assert lines[0]["nik"] == "[redacted]"
    assert "exception" in lines[1] and "[nik]" in lines[1]["exception"]


def test_stdlib_filter_redacts_record():
    record = logging.LogRecord("salur.x", logging.INFO, __file__, 1, "to %s", ("made@example.com",), None)
    record.phone = "081234567890"
    record.detail = {"text": "NIK 3171234567890001"}
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "to [email]"
    assert record.phone == "[redacted]"
    assert record.detail == {"text": "NIK [nik]"}


# -- issue 17: the redactor must not corrupt ids, and published text is masked more eagerly ----------------
@pytest.mark.parametrize("value", [
    "evt_0812345678901234abcdef01",            # an event id whose hex holds a phone-shaped run
    "c6af9ac6-0812-4567-8901-93e8deadbeef",     # a UUID with one too
    "msg_a3171234567890001b00000000000000",      # a NIK-shaped run inside a hex id
    "dlv_20261201232149000000abcd1234",
    "slr_3f08123456789abc_",
])
def test_log_redaction_leaves_ids_intact(value):
    assert redact(f"delivery {value} done") == f"delivery {value} done"


def test_id_fields_are_kept_even_when_all_digits():
    out = redact_value({"key_id": "3171234567890001", "event_id": "evt_6281234567890", "note": "3171234567890001"})
    assert out["key_id"] == "3171234567890001" and out["event_id"] == "evt_6281234567890"
    assert out["note"] == "[nik]"
    assert redact_value({"key_id": "made@example.com"})["key_id"] == "[email]"  # not id-shaped: redacted


def test_published_text_masks_glued_and_foreign_numbers_and_the_reporter():
    from chalicelib.domain.personal_data import redact_known

    reporter = {"name": "Made Wirawan", "email": "made@example.com", "phone": "+6281234567890"}
    text = ("hp081234567890 wa +966 51 234 5678 kantor (0361) 234567 NIK:3171234567890001 "
            "ditulis Pak Wirawan, 0812-3456-7890, MADE@example.com")
    out = redact_known(text, reporter)
    for secret in ("081234567890", "966", "234567", "3171234567890001", "Wirawan", "0812-3456-7890", "MADE@"):
        assert secret not in out, secret
    assert redact_known("Jalan Jl. Sudirman No. 12 rusak sejak 2026-11-01, 3 km", None) == \
        "Jalan Jl. Sudirman No. 12 rusak sejak 2026-11-01, 3 km"
