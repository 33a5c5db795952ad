"""ISO report weeks in the line's zone (local Monday 00:00 to Monday 00:00) and statistics."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from mrss_tui.domain.report_week import IsoWeek, last_full_week, median, percentile

LA = ZoneInfo("America/Los_Angeles")


def test_parse_and_print() -> None:
    week = IsoWeek.parse("2026-W47")
    assert (week.year, week.week, str(week)) == (2026, 47, "2026-W47")
    assert week.monday == date(2026, 11, 16) and week.sunday == date(2026, 11, 22)


@pytest.mark.parametrize("text", ["2026-47", "2026-W7", "W47", "2026-W54", "2025-W53", ""])
def test_bad_weeks_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_week_53_exists_in_long_years() -> None:
    assert IsoWeek.parse("2026-W53").monday == date(2026, 12, 28)
    assert IsoWeek.parse("2026-W53").shift(1) == IsoWeek(2027, 1)


def test_bounds_are_local_midnights_in_utc() -> None:
    start, end = IsoWeek.parse("2026-W47").bounds(LA)
    assert start == datetime(2026, 11, 16, 8, tzinfo=timezone.utc)
    assert end == datetime(2026, 11, 23, 8, tzinfo=timezone.utc)


def test_daylight_saving_week_is_169_hours_long() -> None:
    # Sunday 1 November 2026, 02:00 PDT -> 01:00 PST: week 44 runs 26 Oct - 2 Nov.
    start, end = IsoWeek.parse("2026-W44").bounds(LA)
    assert start == datetime(2026, 10, 26, 7, tzinfo=timezone.utc)
    assert end == datetime(2026, 11, 2, 8, tzinfo=timezone.utc)
    assert (end - start).total_seconds() == 169 * 3600
    spring_start, spring_end = IsoWeek.parse("2026-W10").bounds(LA)  # Sunday 8 March 2026
    assert (spring_end - spring_start).total_seconds() == 167 * 3600


def test_last_full_week_turns_over_at_local_monday_midnight() -> None:
    monday_local_midnight = datetime(2026, 11, 23, 8, tzinfo=timezone.utc)
    one_second_before = datetime(2026, 11, 23, 7, 59, 59, tzinfo=timezone.utc)
    assert str(last_full_week(one_second_before, LA)) == "2026-W46"
    assert str(last_full_week(monday_local_midnight, LA)) == "2026-W47"
    with pytest.raises(ValueError):
        last_full_week(datetime(2026, 11, 23), LA)


def test_median_and_nearest_rank_percentile() -> None:
    assert median([]) is None and percentile([], 90) is None
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5
    values = list(range(1, 11))  # 1..10
    assert percentile(values, 90) == 9  # ceil(0.9 * 10) = 9th value
    assert percentile(values + [11], 90) == 10  # ceil(9.9) = 10th value
    assert percentile([7], 90) == 7
    with pytest.raises(ValueError):
        percentile(values, 0)
