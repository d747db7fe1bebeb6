"""Working-day calendar: examples from the SKB 3 Menteri and property tests
against a deliberately slow, obviously-correct reference implementation."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import workdays
from chalicelib.domain.workdays import (add_calendar_days, add_working_days, holiday_dates, is_working_day,
                                        next_working_day, resolve_tz, working_days_between)

UTC = timezone.utc


# --------------------------------------------------------------------------- reference
# Fixed offsets on purpose (Indonesia has no DST) – independent of zoneinfo.
REF_OFFSET_HOURS = {
    "WIB": 7, "WITA": 8, "WIT": 9,
    "Asia/Jakarta": 7, "Asia/Pontianak": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9,
}
_REF_CACHE: dict[int, set[date]] = {}


def ref_days_off(year: int) -> set[date]:
    """Public holidays and cuti bersama, fetched as two separate calendars."""
    if year not in _REF_CACHE:
        import holidays

        public = holidays.Indonesia(years=year)  # default category = public
        cuti = holidays.Indonesia(years=year, categories=("government",))
        _REF_CACHE[year] = set(public.keys()) | set(cuti.keys())
    return _REF_CACHE[year]


def ref_is_working(d: date) -> bool:
    return d.isoweekday() <= 5 and d not in ref_days_off(d.year)


def ref_local_date(dt: datetime, tz: str) -> date:
    return (dt.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=REF_OFFSET_HOURS[tz])).date()


def ref_end_of_day_utc(d: date, tz: str) -> datetime:
    naive = datetime(d.year, d.month, d.day, 23, 59, 59) - timedelta(hours=REF_OFFSET_HOURS[tz])
    return naive.replace(tzinfo=UTC)


def ref_add(start: datetime, n: int, tz: str) -> datetime:
    d = ref_local_date(start, tz)
    if n == 0:
        while not ref_is_working(d):
            d = d + timedelta(days=1)
        return ref_end_of_day_utc(d, tz)
    counted = 0
    while counted < n:
        d = d + timedelta(days=1)
        if ref_is_working(d):
            counted += 1
    return ref_end_of_day_utc(d, tz)


def ref_between(start: datetime, end: datetime, tz: str) -> int:
    a, b = ref_local_date(start, tz), ref_local_date(end, tz)
    total = 0
    d = a + timedelta(days=1)
    while d <= b:
        if ref_is_working(d):
            total += 1
        d = d + timedelta(days=1)
    return total


# --------------------------------------------------------------------------- strategies
TZS = st.sampled_from(sorted(REF_OFFSET_HOURS))
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31, 23, 59, 59), timezones=st.just(UTC)
)
# Around Lebaran, Nyepi, Christmas and New Year of 2024–2028.
ANCHORS = [
    date(2024, 4, 10), date(2025, 3, 31), date(2026, 3, 20), date(2027, 3, 10), date(2028, 2, 27),
    date(2024, 3, 11), date(2025, 3, 29), date(2026, 3, 19),
    *(date(y, 12, 25) for y in range(2024, 2029)),
    *(date(y, 1, 1) for y in range(2024, 2029)),
]


@st.composite
def near_holidays(draw):
    anchor = draw(st.sampled_from(ANCHORS))
    offset = draw(st.integers(min_value=-10 * 24 * 60, max_value=10 * 24 * 60))  # minutes
    return datetime.combine(anchor, time(12), tzinfo=UTC) + timedelta(minutes=offset)


starts = st.one_of(instants, near_holidays())


# --------------------------------------------------------------------------- examples
def test_import_is_cheap_and_lazy():
    code = "import sys, chalicelib.domain.workdays; print('holidays' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),  # Tahun Baru
        date(2025, 3, 28),  # cuti bersama Nyepi
        date(2025, 3, 31), date(2025, 4, 1),  # Idul Fitri
        date(2025, 4, 2), date(2025, 4, 3), date(2025, 4, 4), date(2025, 4, 7),  # cuti bersama Idul Fitri
        date(2025, 8, 18),  # cuti bersama HUT RI
        date(2025, 12, 25), date(2025, 12, 26),  # Natal + cuti bersama
        date(2024, 4, 8), date(2024, 4, 9), date(2024, 4, 10), date(2024, 4, 11), date(2024, 4, 12),
        date(2024, 4, 15),  # Lebaran 2024 incl. cuti bersama
        date(2024, 12, 25), date(2024, 12, 26),
        date(2026, 1, 1), date(2027, 1, 1), date(2028, 1, 3) - timedelta(days=2),
        date(2025, 4, 5), date(2025, 4, 6),  # weekend
    ],
)
def test_days_off(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 4, 8), date(2025, 1, 2), date(2024, 4, 16), date(2025, 12, 29)])
def test_ordinary_working_days(day):
    assert is_working_day(day)


def test_cuti_bersama_included():
    # 2 April 2025 is cuti bersama only (GOVERNMENT category), not a public holiday
    assert date(2025, 4, 2) in holiday_dates(2025)
    import holidays

    assert date(2025, 4, 2) not in holidays.Indonesia(years=2025)


def test_is_working_day_accepts_datetime():
    assert is_working_day(datetime(2025, 4, 8, 10, tzinfo=UTC))


def test_add_working_days_over_lebaran_2025():
    # Thu 27 Mar 2025 11:00 WITA; Fri 28 cuti, 31 Mar–7 Apr off → 8,9,10,11,14 Apr
    start = datetime(2025, 3, 27, 3, 0, tzinfo=UTC)
    assert add_working_days(start, 5, "WITA") == datetime(2025, 4, 14, 15, 59, 59, tzinfo=UTC)
    assert add_working_days(start, 1, "WIB") == datetime(2025, 4, 8, 16, 59, 59, tzinfo=UTC)


def test_deadline_ends_2359_local_in_each_zone():
    start = datetime(2025, 6, 2, 1, 0, tzinfo=UTC)  # Monday
    for tz, offset in (("WIB", 7), ("WITA", 8), ("WIT", 9)):
        due = add_working_days(start, 1, tz)
        assert due.tzinfo == UTC
        local = due + timedelta(hours=offset)
        assert (local.date(), local.time()) == (date(2025, 6, 3), time(23, 59, 59))


def test_local_date_decides_the_start_day():
    # 2025-06-02 20:00 UTC is Mon in UTC but already Tue 03:00 in WIB
    start = datetime(2025, 6, 2, 20, 0, tzinfo=UTC)
    assert add_working_days(start, 1, "Asia/Jakarta") == datetime(2025, 6, 4, 16, 59, 59, tzinfo=UTC)


def test_zero_days():
    monday = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)
    assert add_working_days(monday, 0, "WIB") == datetime(2025, 6, 2, 16, 59, 59, tzinfo=UTC)
    saturday = datetime(2025, 6, 7, 2, 0, tzinfo=UTC)  # Mon 9 Jun 2025 is cuti bersama Idul Adha
    assert add_working_days(saturday, 0, "WIB") == datetime(2025, 6, 10, 16, 59, 59, tzinfo=UTC)


def test_new_year_and_christmas():
    start = datetime(2025, 12, 24, 3, tzinfo=UTC)  # Wed; 25,26 off; 27-28 weekend; 1 Jan off
    assert add_working_days(start, 3, "WIT") == datetime(2025, 12, 31, 14, 59, 59, tzinfo=UTC)
    assert add_working_days(start, 4, "WIT") == datetime(2026, 1, 2, 14, 59, 59, tzinfo=UTC)


def test_calendar_days():
    start = datetime(2025, 1, 10, 3, tzinfo=UTC)
    assert add_calendar_days(start, 30, "WIB") == datetime(2025, 2, 9, 16, 59, 59, tzinfo=UTC)


def test_between_examples():
    a = datetime(2025, 3, 27, 3, tzinfo=UTC)
    assert working_days_between(a, add_working_days(a, 5, "WIB"), "WIB") == 5
    assert working_days_between(a, a, "WIB") == 0
    assert working_days_between(a + timedelta(days=3), a, "WIB") == 0


def test_next_working_day():
    assert next_working_day(date(2025, 3, 27)) == date(2025, 4, 8)


@pytest.mark.parametrize("alias,name", [("WIB", "Asia/Jakarta"), ("wita", "Asia/Makassar"), ("WIT", "Asia/Jayapura")])
def test_resolve_tz(alias, name):
    assert resolve_tz(alias).key == name


def test_bad_inputs():
    with pytest.raises(ValueError):
        add_working_days(datetime(2025, 1, 2), 1, "WIB")  # naive
    with pytest.raises(ValueError):
        add_working_days(datetime(2025, 1, 2, tzinfo=UTC), -1, "WIB")
    with pytest.raises(ValueError):
        add_working_days(datetime(2025, 1, 2, tzinfo=UTC), True, "WIB")
    with pytest.raises(Exception):
        add_working_days(datetime(2025, 1, 2, tzinfo=UTC), 1, "Mars/Olympus")
    with pytest.raises(ValueError):
        working_days_between(datetime(2025, 1, 2), datetime(2025, 1, 9, tzinfo=UTC), "WIB")


def test_holiday_cache_per_year():
    workdays._holiday_dates.cache_clear()
    is_working_day(date(2025, 5, 5))
    is_working_day(date(2025, 6, 5))
    info = workdays._holiday_dates.cache_info()
    assert (info.misses, info.hits) == (1, 1)


# --------------------------------------------------------------------------- properties
@settings(max_examples=400, deadline=None)
@given(day=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)))
def test_is_working_day_matches_reference(day):
    assert is_working_day(day) == ref_is_working(day)


@settings(max_examples=600, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=40), tz=TZS)
def test_add_working_days_matches_reference(start, n, tz):
    due = add_working_days(start, n, tz)
    assert due == ref_add(start, n, tz)
    assert due.utcoffset() == timedelta(0)
    local_due = ref_local_date(due, tz)
    assert ref_is_working(local_due)
    assert due > start or n == 0
    if n >= 1:
        assert working_days_between(start, due, tz) == n


@settings(max_examples=600, deadline=None)
@given(start=starts, delta=st.timedeltas(min_value=timedelta(days=-20), max_value=timedelta(days=120)), tz=TZS)
def test_working_days_between_matches_reference(start, delta, tz):
    end = start + delta
    assert working_days_between(start, end, tz) == ref_between(start, end, tz)


@settings(max_examples=300, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=30), tz=TZS)
def test_add_is_monotonic(start, n, tz):
    assert add_working_days(start, n, tz) <= add_working_days(start, n + 1, tz)
    assert add_working_days(start, n, tz) < add_working_days(start, n + 1, tz) or n == 0
