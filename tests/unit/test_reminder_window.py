"""The reminder's window (pure): never before the run's time, at most 40 hours, tiling day after day, and
reaching back to the watermark after a missed day."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.clock import iso, parse
from chalicelib.services.notifications import REMINDER_FROM, REMINDER_UNTIL, reminder_window

times = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=timezone.utc))


@given(times, st.one_of(st.none(), times))
def test_bounded_and_never_before_now(now, mark):
    lo, hi = (parse(x) for x in reminder_window(now, iso(mark) if mark else None))
    assert now <= lo <= now + REMINDER_FROM
    assert hi == now + REMINDER_UNTIL
    assert hi - lo <= REMINDER_UNTIL


@given(times, st.integers(min_value=1, max_value=5))
def test_consecutive_runs_tile_and_a_missed_day_is_caught_up(first, missed):
    _lo, hi = reminder_window(first, None)
    later = first + timedelta(days=missed)
    lo2, _hi2 = reminder_window(later, hi)
    assert parse(lo2) == max(parse(hi), later) if missed > 1 else parse(lo2) == parse(hi)
