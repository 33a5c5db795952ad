"""ISO weeks in the line's time zone, and the small statistics a weekly report needs. Pure.

A report week runs from local Monday 00:00 to the next local Monday 00:00; in UTC that is 167
or 169 hours long in a week with a daylight-saving change, which is why bounds are computed
from local midnights and never by adding 7 x 24 hours.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> "IsoWeek":
        """'2026-W47' -> IsoWeek(2026, 47); ValueError with a readable message otherwise."""
        match = WEEK_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not an ISO week; write it like 2026-W47")
        year, week = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> "IsoWeek":
        year, week, _ = day.isocalendar()
        return cls(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def shift(self, weeks: int) -> "IsoWeek":
        return IsoWeek.containing(self.monday + timedelta(weeks=weeks))

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) in UTC: local Monday 00:00 to the next local Monday 00:00."""
        return local_midnight(self.monday, zone), local_midnight(self.monday + timedelta(days=7), zone)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(timezone.utc)


def last_full_week(now: datetime, zone: ZoneInfo) -> IsoWeek:
    """The most recent week that has ended at ``now`` (local time)."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: times must carry a zone")
    return IsoWeek.containing(now.astimezone(zone).date()).shift(-1)


def median(values: list[float]) -> float | None:
    """The middle value; the mean of the two middle values for an even count."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        return None
    if not 0 < p <= 100:
        raise ValueError("percentile must be in (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]
