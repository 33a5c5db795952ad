"""Deadlines and clocks. Pure functions: ``now`` is always an argument.

Conventions, tested at the exact second:
- a deadline is met by anything at or before it; it is *past* only strictly after it;
- windows counted in hours are elapsed time; windows counted in days end at the same local
  wall-clock time N days later in the line's time zone (so a stabilization window that spans a
  daylight-saving change still ends at, say, 14:00 local).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise ValueError("naive datetime: times must carry a zone")
    return dt.astimezone(timezone.utc)


def add_local_days(start: datetime, days: int, zone: ZoneInfo) -> datetime:
    """``start`` plus ``days`` calendar days at the same local wall-clock time, as UTC."""
    local = _utc(start).astimezone(zone)
    naive_end = local.replace(tzinfo=None) + timedelta(days=days)
    # fold=0 picks the first of an ambiguous hour; a time in a spring-forward gap is moved on.
    end = naive_end.replace(tzinfo=zone)
    return end.astimezone(timezone.utc)


def is_past(deadline: datetime, now: datetime) -> bool:
    return _utc(now) > _utc(deadline)


def is_overdue(due_at: datetime, done_at: datetime | None, now: datetime) -> bool:
    """A follow-up is overdue when it is not done and now is strictly after its due time."""
    return done_at is None and is_past(due_at, now)


def crisis_window_end(crisis_started_at: datetime, hours: int) -> datetime:
    return _utc(crisis_started_at) + timedelta(hours=hours)


def stabilization_end(started_at: datetime, days: int, zone: ZoneInfo) -> datetime:
    return add_local_days(started_at, days, zone)


def ends_within(deadline: datetime, now: datetime, lead: timedelta) -> bool:
    """True from ``lead`` before the deadline up to and including the deadline itself."""
    now, deadline = _utc(now), _utc(deadline)
    return deadline - lead <= now <= deadline


class ResponseState(StrEnum):
    RUNNING = "running"  # team not there yet, inside the target
    WARNING = "warning"  # team not there yet, target close
    ALARM = "alarm"  # team not there yet, target passed
    MET = "met"  # arrived at or before the target
    MISSED = "missed"  # arrived after the target


class ResponseClock(NamedTuple):
    elapsed: timedelta
    target: timedelta
    state: ResponseState

    @property
    def remaining(self) -> timedelta:
        return self.target - self.elapsed


def response_clock(
    received_at: datetime,
    now: datetime,
    *,
    target_minutes: int,
    warn_minutes: int,
    arrived_at: datetime | None = None,
) -> ResponseClock:
    """The response clock runs from when the call was received until the team arrives."""
    target = timedelta(minutes=target_minutes)
    start = _utc(received_at)
    if arrived_at is not None:
        elapsed = _utc(arrived_at) - start
        state = ResponseState.MET if elapsed <= target else ResponseState.MISSED
        return ResponseClock(elapsed, target, state)
    elapsed = _utc(now) - start
    if elapsed > target:
        state = ResponseState.ALARM
    elif elapsed >= target - timedelta(minutes=warn_minutes):
        state = ResponseState.WARNING
    else:
        state = ResponseState.RUNNING
    return ResponseClock(elapsed, target, state)


def format_duration(delta: timedelta) -> str:
    """Compact h:mm / Nd Nh text for clocks; negative durations get a minus sign."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{sign}{days}d {hours}h"
    return f"{sign}{hours}:{minutes:02d}"
