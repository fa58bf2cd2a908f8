"""Dates of the portal, in one place: deadlines in working days (Monday to Friday, without
Dutch public holidays) and months added or taken off (measurement due dates, evaluations of
a right to challenge, the retention period)."""

import bisect
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_on_weekdays(year):
    """The year's Dutch public holidays that fall Monday to Friday, sorted (a tuple: a lookup
    in the holidays library's own mapping costs more than the rest of a working-day count)."""
    return tuple(sorted(d for d in holidays.country_holidays("NL", years=year) if d.weekday() < 5))


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    found = _holidays_on_weekdays(day.year)
    i = bisect.bisect_left(found, day)
    return not (i < len(found) and found[i] == day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _weekdays_through(day: datetime.date) -> int:
    """Monday-to-Friday days from 1 January of year 1 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return 5 * weeks + min(rest, 5)


def _weekday_holidays_between(start: datetime.date, end: datetime.date) -> int:
    """Weekday holidays after `start` up to and including `end`."""
    count = 0
    for year in range(start.year, end.year + 1):
        found = _holidays_on_weekdays(year)
        count += bisect.bisect_right(found, end) - bisect.bisect_right(found, start)
    return count


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later).
    Counted, not walked day by day: a queue of 50 long-overdue items took 70 ms that way."""
    if end <= start:
        return 0
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    return weekdays - _weekday_holidays_between(start, end)


def add_months(day, months):
    """The same day `months` later (earlier when negative; the 28th where the month is
    shorter). Works on dates and datetimes. ValueError past the calendar's ends."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"year {year} out of range")
    for candidate in (day.day, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: the 28th exists in every month")


def months_ago(moment, months):
    return add_months(moment, -months)
