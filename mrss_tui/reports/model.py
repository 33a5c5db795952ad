"""The published shape of a weekly report: only values that may be shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal["count", "share", "minutes", "days", "average"]


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str  # stable id, e.g. "calls.line.988"
    label: str  # "988"
    shown: str  # "123", "1-10", "45%", "suppressed", "n/a"
    value: float | None  # for charts; None when suppressed or not applicable
    suppressed: bool
    # why it is not shown exactly: "" (exact), "small" (1..threshold), "protects" (hidden to
    # protect another cell), "base_hidden", "few_values" (statistics), "rounded" (nearest 5)
    reason: str = ""
    kind: Kind = "count"


class Table(BaseModel):
    """A breakdown of a total, drawn as a bar chart where it is a count."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    title: str
    figures: list[Figure]

    @property
    def chartable(self) -> bool:
        return all(f.kind == "count" for f in self.figures)

    def bar_fractions(self) -> list[float | None]:
        """Each figure's bar length as a share of the largest shown one (None: no bar)."""
        return bar_fractions([f.value for f in self.figures])


def bar_fractions(values: list[float | None]) -> list[float | None]:
    largest = max((v for v in values if v is not None), default=0)
    return [None if v is None else (v / largest if largest else 0.0) for v in values]


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    title: str
    figures: list[Figure]  # headline figures
    tables: list[Table] = []


class TrendWeek(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    week: str  # "2026-W47"
    monday: date
    calls: Figure
    responses: Figure
    within_target: Figure


class Definition(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    sentence: str


def published_key(kind: str, label: str) -> str:
    """A period ('week', '2026-W47') as the record of published figures knows it."""
    return label if kind == "week" else f"{kind} {label}"


def figure_texts(published: dict[str, str]) -> dict[str, str]:
    """'section|figure key' -> text, as recorded, to figure key -> text (trend rows, whose
    keys repeat per period, are left out)."""
    return {key.rsplit("|", 1)[1]: text for key, text in published.items()
            if not key.rsplit("|", 1)[1].startswith("trend.")}


class Report(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    program: str
    week: str  # the period's label: 2026-W47, 2026-11, 2026-Q4 or 2026
    first_day: date  # a Monday for a week
    last_day: date
    period_kind: Literal["week", "month", "quarter", "year"] = "week"
    provisional: bool = False  # made before the period ended: figures will still change
    revised: list[str] = []  # figure keys that differ from what was first published
    timezone: str
    generated_at: datetime  # local, zone-aware
    threshold: int
    target_minutes: int
    sections: list[Section]
    trend: list[TrendWeek]  # oldest first, ending with this week
    definitions: list[Definition]
    serves: str = ""  # [program].serves: who the program serves

    @property
    def title(self) -> str:
        adjective = {"week": "Weekly", "month": "Monthly", "quarter": "Quarterly",
                     "year": "Annual"}[self.period_kind]
        title = f"{adjective} county report {self.week}"
        return f"{title} (provisional: the {self.period_kind} has not ended)" if (
            self.provisional) else title

    @property
    def published_key(self) -> str:
        """The period as the record of published figures knows it."""
        return published_key(self.period_kind, self.week)

    def published_figures(self) -> dict[str, str]:
        return {f"{name}|{figure.key}": figure.shown for _section, name, figure in self.rows()}

    @property
    def revision_note(self) -> str:
        """One line naming the figures revised since this period was first published."""
        if not self.revised:
            return ""
        names = [name for _s, name, f in self.rows() if f"{name}|{f.key}" in self.revised]
        return ("Revised since first published (a correction to the records): "
                + "; ".join(names) + ".")

    @property
    def trend_title(self) -> str:
        return f"{len(self.trend)}-{self.period_kind} trend"

    @property
    def week_range(self) -> str:
        return f"{self.first_day:%a %d %b %Y} – {self.last_day:%a %d %b %Y}"

    @property
    def suppression_note(self) -> str:
        return (f"Counts from 1 to {self.threshold} are shown as 1-{self.threshold}. 'suppressed' "
                "marks a figure hidden only so that a small count elsewhere cannot be worked "
                "out, or a share or time built on a hidden count or on too few values; it says "
                "nothing about its size. See the appendix.")

    def rows(self) -> Iterator[tuple[str, str, Figure]]:
        """Every published figure as (section, figure name, figure), in reading order."""
        for section in self.sections:
            for figure in section.figures:
                yield section.title, figure.label, figure
            for table in section.tables:
                for figure in table.figures:
                    yield section.title, f"{table.title}: {figure.label}", figure
        for week in self.trend:
            for figure in (week.calls, week.responses, week.within_target):
                yield self.trend_title, f"{week.week}: {figure.label}", figure
