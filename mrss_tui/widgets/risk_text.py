"""The one way a screen shows risk: ``risk_summary_text`` colours the words of
``domain.risk_summary.risk_words`` by the deciding level (the words say it all without colour:
NO_COLOR terminals and the page read the same)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text

from mrss_tui.domain.enums import RiskLevel
from mrss_tui.domain.risk_summary import RiskSummary, risk_words

STYLES = {RiskLevel.HIGH: "bold reverse red", RiskLevel.MODERATE: "bold yellow",
          RiskLevel.LOW: "green", RiskLevel.NONE: ""}
PARTIAL_STYLE = "bold yellow"


def risk_style(summary: RiskSummary | None) -> str:
    if summary is None or summary.level is None:
        return "dim"
    if summary.partial and summary.level is not RiskLevel.HIGH:
        return PARTIAL_STYLE
    return STYLES[summary.level]


def risk_summary_text(summary: RiskSummary | None, zone: ZoneInfo, *, short: bool = False) -> Text:
    """'HIGH others' in a table cell (short), or the whole sentence with when it was assessed."""
    return Text(risk_words(summary, zone, short=short), style=risk_style(summary))
