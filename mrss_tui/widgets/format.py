"""Display formatting shared by screens: local times, labels and clock styles."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text

from mrss_tui.domain.deadlines import ResponseClock, ResponseState, format_duration
from mrss_tui.domain.enums import Acuity, RiskLevel, label


def local_time(dt: datetime | None, zone: ZoneInfo, with_day: bool = False) -> str:
    if dt is None:
        return ""
    local = dt.astimezone(zone)
    return local.strftime("%a %d %b %H:%M") if with_day else local.strftime("%H:%M")


def risk_text(level: RiskLevel | None) -> Text:
    if level is None:
        return Text("not screened", style="dim")
    styles = {RiskLevel.HIGH: "bold reverse red", RiskLevel.MODERATE: "bold yellow",
              RiskLevel.LOW: "green", RiskLevel.NONE: "dim"}
    word = "HIGH" if level is RiskLevel.HIGH else label(level)
    return Text(word, style=styles[level])


def risk_now_text(intake: RiskLevel | None, reassessed: RiskLevel | None,
                  reassessed_at: datetime | None, zone: ZoneInfo) -> Text:
    """The risk that holds now, in words: the latest re-assessment (with its time) or intake's."""
    if reassessed is None:
        return risk_text(intake)
    text = risk_text(reassessed)
    if reassessed is RiskLevel.MODERATE:  # "Mod 14:05" fits a 10-column cell
        text = Text("Mod", style=text.style)
    text.append(f" {local_time(reassessed_at, zone)}", style="dim")
    return text


def risk_history_text(intake: RiskLevel | None, reassessed: RiskLevel | None,
                      reassessed_at: datetime | None, zone: ZoneInfo) -> Text:
    """'Risk HIGH at intake; re-assessed Low Fri 20 Nov 14:05' (words, not colour alone)."""
    text = Text("Risk ")
    text.append_text(risk_text(intake))
    text.append(" at intake")
    if reassessed is not None:
        text.append("; re-assessed ")
        text.append_text(risk_text(reassessed))
        text.append(f" {local_time(reassessed_at, zone, with_day=True)}")
    return text


def screener_risk_text(level: RiskLevel | None, partial: bool) -> Text:
    """A screener with "unknown" answers gives only a floor: never shown as a plain level."""
    if not partial:
        return risk_text(level)
    if level in (None, RiskLevel.NONE):
        return Text("incomplete (no risk reported so far)", style="bold yellow")
    text = Text("incomplete (at least ", style="bold yellow")
    text.append_text(risk_text(level))
    text.append(")", style="bold yellow")
    return text


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
