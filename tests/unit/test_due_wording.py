"""A deadline reminder says when the deadline ends as seen from its send time (issue 14): a run caught up
after a missed day (``reminder_window`` reaches back to the watermark) may announce a deadline that ends today,
and a late delivery one already passed — never "besok"/"tomorrow" for those, in Indonesian and English."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.clock import iso, parse
from chalicelib.domain.directory import TZ_NAMES, get_directory
from chalicelib.domain.notification_plan import DUE_TEMPLATES, due_day, plan
from chalicelib.domain.notification_templates import render
from chalicelib.services.notifications import reminder_window

AGENCY = "pemkab-51.04"  # Gianyar: WITA
WORDS = {"passed": ("sudah lewat", "past its deadline"), "today": ("hari ini", "due today"),
         "tomorrow": ("besok", "due tomorrow"), "later": ("segera berakhir", "due soon")}
times = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=timezone.utc))


def end_of_day(day, tz="WITA") -> datetime:
    """A Salur deadline: 23:59:59 of ``day`` in the agency's zone."""
    local = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=ZoneInfo(TZ_NAMES[tz]))
    return local.astimezone(timezone.utc)


def reminder(due: datetime, sent: datetime) -> dict:
    return {"event_id": f"due.T.{iso(due)}", "type": "salur.due_tomorrow", "tracking_id": "ABCD-1234",
            "occurred_at": iso(sent), "agency_id": AGENCY,
            "data": {"case": {"agency_id": AGENCY, "due_at": iso(due), "title": "Jalan rusak"}}}


@given(times, st.integers(min_value=-3, max_value=3), st.sampled_from(sorted(TZ_NAMES)))
def test_the_day_follows_the_deadline_in_the_agencys_zone(sent, offset, tz):
    zone = ZoneInfo(TZ_NAMES[tz])
    due = end_of_day(sent.astimezone(zone).date() + timedelta(days=offset), tz)
    expected = "passed" if offset < 0 else {0: "today", 1: "tomorrow"}.get(offset, "later")
    assert due_day(iso(due), iso(sent), tz) == expected


def test_unknown_times_claim_no_day():
    assert due_day(None, "2026-11-30T01:00:00Z") == due_day("x", None) == "later"


@given(times, st.integers(min_value=2, max_value=5), st.integers(min_value=0, max_value=39))
def test_a_caught_up_run_words_each_deadline_from_its_send_time(run, missed, hours):
    """Deadlines in the window of a run after ``missed`` failed days, each announced with the right word."""
    last_hi = reminder_window(run - timedelta(days=missed), None)[1]
    lo, hi = (parse(x) for x in reminder_window(run, last_hi))
    due = end_of_day((lo + timedelta(hours=hours)).astimezone(ZoneInfo(TZ_NAMES["WITA"])).date())
    if not lo <= due < hi:
        return
    notes = plan(reminder(due, run), None)
    assert notes and {n["template"] for n in notes} == {DUE_TEMPLATES[due_day(iso(due), iso(run), "WITA")]}
    day = due_day(iso(due), iso(run), "WITA")
    assert day in ("today", "tomorrow")  # the window is bounded by the run's time: never a passed deadline
    for lang, word in zip(("id", "en"), WORDS[day]):
        subject = render(notes[0]["template"], lang, notes[0]["ctx"])["subject"]
        assert word in subject and "ABCD-1234" in subject
        others = [w for d, ws in WORDS.items() if d != day for w in ws]
        assert not any(w in subject for w in others), subject


def test_each_relation_has_its_words_in_both_languages():
    sent = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)  # 09:00 WITA
    assert get_directory().agency(AGENCY).timezone == "WITA"
    for day, offset in (("passed", -1), ("today", 0), ("tomorrow", 1), ("later", 3)):
        due = end_of_day((sent + timedelta(hours=8)).date() + timedelta(days=offset))
        notes = plan(reminder(due, sent), None)
        assert notes and all(n["template"] == DUE_TEMPLATES[day] for n in notes), day
        for lang, word in zip(("id", "en"), WORDS[day]):
            content = render(notes[0]["template"], lang, notes[0]["ctx"])
            assert word in content["subject"], (day, lang, content["subject"])
            assert "Jalan rusak" in content["text"]


def test_a_late_send_words_from_when_it_goes_out_never_before_the_run():
    run = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)  # 09:00 WITA
    due = end_of_day(datetime(2026, 12, 1).date())  # tomorrow, as the run saw it
    message = reminder(due, run)
    assert {n["template"] for n in plan(message, None)} == {"agency_due_tomorrow"}
    for sent, template in ((run - timedelta(days=2), "agency_due_tomorrow"),  # a clock behind: the run's day
                           (run + timedelta(hours=20), "agency_due_today"),  # redelivered the next morning
                           (due + timedelta(minutes=1), "agency_due_passed")):
        assert {n["template"] for n in plan(message, None, sent_at=iso(sent))} == {template}, sent
