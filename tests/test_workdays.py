"""Working days counted by arithmetic agree with walking the calendar day by day."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from leusden_portal.core.dates import is_working_day, working_days_between

DAYS = st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2035, 12, 31))


def walked(start, end):
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


@settings(max_examples=300, deadline=None)
@given(DAYS, DAYS)
def test_counting_agrees_with_walking(start, end):
    assert working_days_between(start, end) == walked(start, end)


def test_known_stretches():
    # Thursday 24 December 2026 to Tuesday 29 December: Christmas on Friday, weekend, Monday 28.
    assert working_days_between(datetime.date(2026, 12, 24), datetime.date(2026, 12, 29)) == 2
    # Koningsdag (Monday 27 April 2026) does not count; the weekend before neither.
    assert working_days_between(datetime.date(2026, 4, 24), datetime.date(2026, 4, 28)) == 1
    assert working_days_between(datetime.date(2026, 4, 28), datetime.date(2026, 4, 24)) == 0
    # A year: 261 weekdays in 2026, of which 8 are holidays (New Year, Good Friday, Easter and
    # Whit Monday, Koningsdag, Ascension, both Christmas days fall on weekdays; Liberation Day
    # 5 May counts as a holiday in the library only in lustrum years).
    year = working_days_between(datetime.date(2025, 12, 31), datetime.date(2026, 12, 31))
    assert year == 261 - sum(
        1
        for n in range(365)
        if (d := datetime.date(2026, 1, 1) + datetime.timedelta(days=n)).weekday() < 5
        and not is_working_day(d)
    )
    assert 250 <= year <= 255
