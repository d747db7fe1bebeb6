"""Indonesian working-day calendar (pure, no I/O).

A *working day* (hari kerja) is Monday–Friday that is neither

* a national public holiday (hari libur nasional), nor
* a collective-leave day (cuti bersama) set by the yearly SKB 3 Menteri.

Both come from the ``holidays`` package: ``holidays.Indonesia`` exposes the
public holidays under the ``PUBLIC`` category and the cuti bersama days
(named "... Joint Holiday" / "Cuti Bersama ...") under the ``GOVERNMENT``
category, so we ask for ``categories=(PUBLIC, GOVERNMENT)``.

Caveat (holidays 0.109): cuti bersama is only known for years the SKB has
been published (data through 2027); for later years only the public holidays
(with *estimated* Islamic dates) are counted.  Upgrading ``holidays`` picks up
new SKBs automatically.

``holidays`` takes ~0.1 s to import, so it is imported lazily inside
:func:`_holiday_dates` and the holiday set is cached per year.

Deadlines
---------
:func:`add_working_days` returns 23:59:59 local time (in the handler's time
zone) of the *n*-th working day after the start's local date; the start day
itself never counts.  ``n == 0`` means "end of today" if today is a working
day, otherwise the end of the next working day.

:func:`working_days_between` counts working days ``d`` with
``local_date(start) < d <= local_date(end)``, so for ``n >= 1``::

    working_days_between(s, add_working_days(s, n, tz), tz) == n

which is what pausing/resuming the clock relies on.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = [
    "TZ_ALIASES",
    "resolve_tz",
    "holiday_dates",
    "is_working_day",
    "next_working_day",
    "add_working_days",
    "add_calendar_days",
    "end_of_local_day",
    "working_days_between",
]

TZ_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

END_OF_DAY = time(23, 59, 59)
_ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=32)
def resolve_tz(tz: str) -> ZoneInfo:
    """``"WIB"|"WITA"|"WIT"`` or an IANA name → ZoneInfo."""
    if not isinstance(tz, str) or not tz:
        raise ValueError(f"invalid time zone: {tz!r}")
    return ZoneInfo(TZ_ALIASES.get(tz.upper(), tz))


@functools.lru_cache(maxsize=64)
def _holiday_dates(year: int) -> frozenset[date]:
    # deferred: importing holidays costs ~140 ms (python -X importtime -c "import holidays")
    import holidays
    from holidays.constants import GOVERNMENT, PUBLIC

    cal = holidays.Indonesia(years=year, categories=(PUBLIC, GOVERNMENT))
    return frozenset(d for d in cal if d.year == year)


def holiday_dates(year: int) -> frozenset[date]:
    """National holidays + cuti bersama of ``year`` (may include weekends)."""
    return _holiday_dates(int(year))


def is_working_day(d: date) -> bool:
    if isinstance(d, datetime):
        d = d.date()
    return d.weekday() < 5 and d not in _holiday_dates(d.year)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    d += _ONE_DAY
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def _require_aware(dt: datetime, name: str) -> None:
    if not isinstance(dt, datetime) or dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _local_date(dt: datetime, tz: str) -> date:
    _require_aware(dt, "datetime")
    return dt.astimezone(resolve_tz(tz)).date()


def end_of_local_day(d: date, tz: str) -> datetime:
    """23:59:59 of local date ``d`` in ``tz``, as an aware UTC datetime."""
    return datetime.combine(d, END_OF_DAY, tzinfo=resolve_tz(tz)).astimezone(timezone.utc)


def add_working_days(start: datetime, n: int, tz: str) -> datetime:
    """Deadline: end (23:59:59 local) of the n-th working day after ``start``'s local date.

    The start day never counts; ``n == 0`` → end of the start day if it is a
    working day, else end of the next working day.  Returns aware UTC.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError("n must be a non-negative int")
    d = _local_date(start, tz)
    if n == 0:
        if not is_working_day(d):
            d = next_working_day(d)
    else:
        for _ in range(n):
            d = next_working_day(d)
    return end_of_local_day(d, tz)


def add_calendar_days(start: datetime, n: int, tz: str) -> datetime:
    """End (23:59:59 local) of the local date ``n`` calendar days after ``start``."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError("n must be a non-negative int")
    return end_of_local_day(_local_date(start, tz) + timedelta(days=n), tz)


def working_days_between(start: datetime, end: datetime, tz: str) -> int:
    """Working days ``d`` with ``local_date(start) < d <= local_date(end)``; 0 if end <= start."""
    a = _local_date(start, tz)
    b = _local_date(end, tz)
    if b <= a:
        return 0
    # Whole weeks contain exactly 5 weekdays; subtract holidays on weekdays.
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    d = a + timedelta(days=weeks * 7)
    for _ in range(rest):
        d += _ONE_DAY
        if d.weekday() < 5:
            count += 1
    for year in range(a.year, b.year + 1):
        for h in _holiday_dates(year):
            if a < h <= b and h.weekday() < 5:
                count -= 1
    return count
