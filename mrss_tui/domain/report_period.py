"""Report periods in the line's time zone: ISO week, calendar month, quarter and year. Pure.

A period runs from local midnight of its first day to local midnight after its last day, so
its UTC length changes with daylight saving (see report_week.py). Labels: 2026-W47, 2026-11,
2026-Q4, 2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from mrss_tui.domain.report_week import IsoWeek, local_midnight

PeriodKind = Literal["week", "month", "quarter", "year"]
KINDS: tuple[PeriodKind, ...] = ("week", "month", "quarter", "year")
ADJECTIVE = {"week": "Weekly", "month": "Monthly", "quarter": "Quarterly", "year": "Annual"}
EXAMPLE = {"week": "2026-W47", "month": "2026-11", "quarter": "2026-Q4", "year": "2026"}
PATTERN = {"month": re.compile(r"^(\d{4})-(\d{2})$"), "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
           "year": re.compile(r"^(\d{4})$")}
MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True, order=True)
class Period:
    kind: PeriodKind
    first_day: date

    @classmethod
    def parse(cls, kind: PeriodKind, text: str) -> "Period":
        """'2026-11' as a month, ...; ValueError with a readable message otherwise."""
        text = text.strip()
        if kind == "week":
            return cls("week", IsoWeek.parse(text).monday)
        match = PATTERN[kind].match(text)
        if not match:
            raise ValueError(f"'{text}' is not a {kind}; write it like {EXAMPLE[kind]}")
        year = int(match[1])
        if kind == "year":
            return cls("year", date(year, 1, 1))
        number = int(match[2])
        if kind == "month" and not 1 <= number <= 12:
            raise ValueError(f"'{text}' has no month {number}")
        month = number if kind == "month" else 3 * (number - 1) + 1
        return cls(kind, date(year, month, 1))

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> "Period":
        if kind == "week":
            return cls("week", IsoWeek.containing(day).monday)
        step = MONTHS[kind]
        return cls(kind, date(day.year, (day.month - 1) // step * step + 1, 1))

    @classmethod
    def of_week(cls, week: IsoWeek) -> "Period":
        return cls("week", week.monday)

    def __str__(self) -> str:
        if self.kind == "week":
            return str(IsoWeek.containing(self.first_day))
        if self.kind == "month":
            return f"{self.first_day:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first_day.year}-Q{(self.first_day.month - 1) // 3 + 1}"
        return str(self.first_day.year)

    @property
    def end_day(self) -> date:
        """The day after the last one."""
        return self.shift(1).first_day

    @property
    def last_day(self) -> date:
        return self.end_day - timedelta(days=1)

    def shift(self, steps: int) -> "Period":
        if self.kind == "week":
            return Period("week", self.first_day + timedelta(weeks=steps))
        months = self.first_day.year * 12 + self.first_day.month - 1 + steps * MONTHS[self.kind]
        return Period(self.kind, date(months // 12, months % 12 + 1, 1))

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return local_midnight(self.first_day, zone), local_midnight(self.end_day, zone)

    def weeks(self) -> int:
        return (self.end_day - self.first_day).days // 7


def sub_periods(period: Period) -> list[Period]:
    """The shorter published periods a period adds up exactly: a quarter's months, a year's
    quarters (weeks straddle months, so they add up nothing)."""
    if period.kind == "quarter":
        return [Period("month", period.first_day).shift(i) for i in range(3)]
    if period.kind == "year":
        return [Period("quarter", period.first_day).shift(i) for i in range(4)]
    return []


def current_period(kind: PeriodKind, now: datetime, zone: ZoneInfo) -> Period:
    if now.tzinfo is None:
        raise ValueError("naive datetime: times must carry a zone")
    return Period.containing(kind, now.astimezone(zone).date())


def last_full_period(kind: PeriodKind, now: datetime, zone: ZoneInfo) -> Period:
    return current_period(kind, now, zone).shift(-1)
