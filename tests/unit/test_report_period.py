"""Report periods (domain/report_period.py) at their boundaries."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from mrss_tui.domain.report_period import Period, current_period, last_full_period

LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(("kind", "text", "first", "last"), [
    ("week", "2026-W44", date(2026, 10, 26), date(2026, 11, 1)),
    ("month", "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ("quarter", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("year", "2026", date(2026, 1, 1), date(2026, 12, 31))])
def test_parse_and_label(kind: str, text: str, first: date, last: date) -> None:
    period = Period.parse(kind, text)  # type: ignore[arg-type]
    assert (period.first_day, period.last_day, str(period)) == (first, last, text)


@pytest.mark.parametrize(("kind", "text"), [("month", "2026-13"), ("quarter", "2026-Q5"),
                                            ("month", "Nov"), ("week", "2026-W54")])
def test_bad_labels_say_how_to_write_them(kind: str, text: str) -> None:
    with pytest.raises(ValueError):
        Period.parse(kind, text)  # type: ignore[arg-type]


def test_shift_across_years() -> None:
    assert str(Period.parse("month", "2026-12").shift(1)) == "2027-01"
    assert str(Period.parse("quarter", "2026-Q1").shift(-1)) == "2025-Q4"
    assert str(Period.parse("week", "2026-W01").shift(-1)) == "2025-W52"


def test_bounds_are_local_midnights() -> None:
    start, end = Period.parse("month", "2026-11").bounds(LA)
    assert start == datetime(2026, 11, 1, 7, tzinfo=timezone.utc)  # still PDT
    assert end == datetime(2026, 12, 1, 8, tzinfo=timezone.utc)


def test_current_and_last_full_at_the_boundary() -> None:
    first_instant = datetime(2026, 10, 1, 7, tzinfo=timezone.utc)  # 1 Oct 00:00 PDT
    assert str(current_period("quarter", first_instant, LA)) == "2026-Q4"
    assert str(last_full_period("quarter", first_instant, LA)) == "2026-Q3"
    one_before = datetime(2026, 10, 1, 6, 59, 59, tzinfo=timezone.utc)
    assert str(current_period("quarter", one_before, LA)) == "2026-Q3"
