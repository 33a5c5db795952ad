"""How episode phases, countdowns and follow-up due times look on screen (words, not colour alone)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text

from mrss_tui.domain.deadlines import format_duration, is_past
from mrss_tui.domain.enums import Phase, label

PHASE_STYLE = {Phase.CRISIS: "bold red", Phase.STABILIZATION: "bold cyan", Phase.CLOSED: "dim"}


def phase_badge(phase: Phase) -> Text:
    return Text(f" {phase.value.upper()} ", style=f"reverse {PHASE_STYLE[phase]}")


def countdown(deadline: datetime | None, now: datetime, *, warn: timedelta) -> Text:
    """Time left in the phase window: plain, 'soon' inside the warning lead, 'PAST' after."""
    if deadline is None:
        return Text("no face-to-face", style="dim")
    left = deadline - now
    if is_past(deadline, now):
        return Text(f"ENDED {format_duration(-left)} ago", style="bold reverse red")
    if left <= warn:
        return Text(f"{format_duration(left)} left SOON", style="bold yellow")
    return Text(f"{format_duration(left)} left", style="green")


def short_when(dt: datetime | None, zone: ZoneInfo) -> str:
    """'22 Nov 06:35': a date and time in 12 columns, for lists."""
    return "" if dt is None else dt.astimezone(zone).strftime("%d %b %H:%M")


def due_text(due_at: datetime | None, now: datetime, zone: ZoneInfo) -> Text:
    """A due time; overdue ones say LATE (not colour alone), the next 24 hours are yellow."""
    if due_at is None:
        return Text("-", style="dim")
    when = short_when(due_at, zone)
    if is_past(due_at, now):
        return Text(f"LATE {when}", style="bold red")
    if due_at - now <= timedelta(hours=24):
        return Text(f"soon {when}", style="yellow")
    return Text(when)


def kind_text(kind: str, note: str = "") -> str:
    """A follow-up's task as typed (a manual one's note), else the name of its rule."""
    return note.strip() or label(kind)
