from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mrss_tui.domain.deadlines import (
    ResponseState,
    add_local_days,
    crisis_window_end,
    ends_within,
    format_duration,
    is_overdue,
    response_clock,
    stabilization_end,
)

UTC = timezone.utc
S = timedelta(seconds=1)
PT = ZoneInfo("America/Los_Angeles")


def test_overdue_only_strictly_after_due() -> None:
    due = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    assert not is_overdue(due, None, due - S)
    assert not is_overdue(due, None, due)
    assert is_overdue(due, None, due + S)
    assert not is_overdue(due, due + timedelta(hours=1), due + timedelta(hours=2))


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        is_overdue(datetime(2026, 1, 1), None, datetime(2026, 1, 2, tzinfo=UTC))


@pytest.mark.parametrize("target", [45, 60])
def test_response_clock_states_at_exact_boundaries(target: int) -> None:
    received = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    deadline = received + timedelta(minutes=target)
    warn_at = deadline - timedelta(minutes=10)

    def state(now: datetime, arrived: datetime | None = None) -> ResponseState:
        return response_clock(received, now, target_minutes=target, warn_minutes=10,
                              arrived_at=arrived).state

    assert state(warn_at - S) is ResponseState.RUNNING
    assert state(warn_at) is ResponseState.WARNING
    assert state(deadline) is ResponseState.WARNING
    assert state(deadline + S) is ResponseState.ALARM
    assert state(deadline + timedelta(hours=5), arrived=deadline) is ResponseState.MET
    assert state(deadline + timedelta(hours=5), arrived=deadline + S) is ResponseState.MISSED


def test_crisis_window_is_elapsed_hours_even_across_dst() -> None:
    # 31 Oct 2026 12:00 PDT; clocks fall back on 1 Nov 2026.
    start = datetime(2026, 10, 31, 19, 0, tzinfo=UTC)
    end = crisis_window_end(start, 72)
    assert end - start == timedelta(hours=72)
    assert end.astimezone(PT).hour == 11  # one wall-clock hour earlier after fall-back


def test_stabilization_ends_at_same_local_time_across_dst() -> None:
    start = datetime(2026, 10, 20, 21, 0, tzinfo=UTC)  # 14:00 PDT
    end = stabilization_end(start, 56, PT)
    local = end.astimezone(PT)
    assert (local.month, local.day, local.hour, local.minute) == (12, 15, 14, 0)
    assert end - start == timedelta(days=56, hours=1)


def test_spring_forward_gap_is_moved_on() -> None:
    # 14 Mar 2027 02:30 does not exist in Los Angeles (clocks jump 02:00 -> 03:00).
    start = datetime(2027, 3, 13, 10, 30, tzinfo=UTC)  # 02:30 PST on 13 March
    end = add_local_days(start, 1, PT)
    assert end.astimezone(PT).hour == 3


def test_ends_within_is_inclusive_at_both_ends() -> None:
    deadline = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    lead = timedelta(hours=6)
    assert not ends_within(deadline, deadline - lead - S, lead)
    assert ends_within(deadline, deadline - lead, lead)
    assert ends_within(deadline, deadline, lead)
    assert not ends_within(deadline, deadline + S, lead)


def test_format_duration() -> None:
    assert format_duration(timedelta(minutes=5)) == "0:05"
    assert format_duration(timedelta(hours=1, minutes=12)) == "1:12"
    assert format_duration(timedelta(days=2, hours=3)) == "2d 3h"
    assert format_duration(-timedelta(minutes=7)) == "-0:07"
