"""Display formatting shared by screens: local times, labels and clock styles."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text

from mrss_tui.domain.deadlines import ResponseClock, ResponseState, format_duration
from mrss_tui.domain.enums import Acuity, label


def local_time(dt: datetime | None, zone: ZoneInfo, with_day: bool = False) -> str:
    if dt is None:
        return ""
    local = dt.astimezone(zone)
    return local.strftime("%a %d %b %H:%M") if with_day else local.strftime("%H:%M")


def acuity_text(acuity: Acuity | None) -> Text:
    if acuity is None:
        return Text("-", style="dim")
    styles = {Acuity.EMERGENT: "bold red", Acuity.URGENT: "yellow", Acuity.ROUTINE: ""}
    return Text(label(acuity), style=styles[acuity])


def clock_text(clock: ResponseClock) -> Text:
    """The response clock: elapsed / target, coloured by state, with words (not colour alone)."""
    elapsed = format_duration(clock.elapsed)
    target = format_duration(clock.target)
    if clock.state is ResponseState.ALARM:
        return Text(f"{elapsed}/{target} LATE", style="bold reverse red")
    if clock.state is ResponseState.WARNING:
        return Text(f"{elapsed}/{target} near", style="bold yellow")
    if clock.state is ResponseState.MISSED:
        return Text(f"{elapsed}/{target} late", style="red")
    return Text(f"{elapsed}/{target}", style="green")
