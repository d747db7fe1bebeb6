"""The door command parser (SMS 1708 and chat): properties over any text, and the reporter's commands."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.identifiers import ALPHABET, normalize_tracking_id
from chalicelib.services import reporter_commands
from chalicelib.services import text_commands as commands

KNOWN = {"file", "status", "stop", "start", "confirm", "help", "unknown"} | set(reporter_commands.COMMANDS)
WORDS = {**{w: (c, lang) for c, table in (("file", commands.FILE_WORDS), ("status", commands.STATUS_WORDS),
                                          ("stop", commands.STOP_WORDS), ("start", commands.START_WORDS),
                                          ("confirm", commands.CONFIRM_WORDS), ("help", commands.HELP_WORDS))
            for w, lang in table.items()}, **commands.REPORTER_WORDS}
tids = st.text(alphabet=ALPHABET, min_size=8, max_size=8).map(lambda s: f"{s[:4]}-{s[4:]}")
free = st.text(alphabet=string.ascii_letters + string.digits + " .,-:!?/àé", max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_to_a_known_command(text):
    command, arg, lang = commands.parse(text)
    assert command in KNOWN and lang in ("id", "en") and isinstance(arg, str)
    if command == "unknown":
        assert arg == text.strip()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WORDS)), st.sampled_from(["", " ", "  ", ": ", " - "]), tids, free,
       st.sampled_from([str.upper, str.lower, str.title]))
def test_keyword_id_and_text_round_trip(word, sep, tid, rest, case_of):
    text = f"{case_of(word)}{sep or ' '}{tid} {rest}"
    command, arg, lang = commands.parse(text)
    assert (command, lang) == WORDS[word]
    if command in reporter_commands.COMMANDS:
        got_tid, got_rest = reporter_commands.split_tid(arg)
        assert got_tid == normalize_tracking_id(tid)
        assert got_rest == (" " + rest).lstrip(" :.,-").strip()


@given(free)
def test_split_tid_without_an_id_keeps_the_text(rest):
    tid, got = reporter_commands.split_tid("!" + rest)
    assert tid is None and got == ("!" + rest).strip()


def test_reporter_words_in_both_languages():
    assert commands.parse("INFO abcd-1234 lubang di depan rumah no 5") == \
        ("info", "abcd-1234 lubang di depan rumah no 5", "id")
    assert commands.parse("terima ABCD-1234")[:2] == ("accept", "ABCD-1234")
    assert commands.parse("Terima kasih, sudah beres")[0] == "unknown"  # "thank you" is not a command
    assert commands.parse("REJECT ABCD-1234 still broken") == ("reject", "ABCD-1234 still broken", "en")
    assert commands.parse("nilai ABCD 1234 5")[0] == "rate"
    assert reporter_commands.split_tid("ABCD 1234 5") == ("ABCD-1234", "5")
    assert reporter_commands.split_tid("abcd-1234: masih rusak") == ("ABCD-1234", "masih rusak")


@given(st.sampled_from(["Jl.", "Jln.", "Kec.", "Kab.", "No.", "Gg."]), st.text(alphabet=string.ascii_letters, min_size=3,
                                                                          max_size=20))
def test_titles_keep_the_place_after_an_abbreviation(abbrev, name):
    text = f"Lampu jalan mati di {abbrev} {name} Denpasar. Sudah dua minggu."
    title = commands.complaint_from_text(text, None, "sms")["title"]
    assert title == f"Lampu jalan mati di {abbrev} {name} Denpasar."
