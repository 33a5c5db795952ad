"""Risk to self (C-SSRS) and risk to others (Brøset checklist) side by side, in words."""

from __future__ import annotations

from rich.text import Text

from mrss_tui.domain.enums import RiskLevel
from mrss_tui.widgets.format import risk_text as level_text


def risk_pair(self_level: RiskLevel | None, others_level: RiskLevel | None, *,
              short: bool = False) -> Text:
    """'Self: HIGH · Others: Moderate' (short: 'S HIGH/O Mod' style for narrow columns)."""
    if short:
        text = level_text(self_level) if others_level is None else Text.assemble(
            level_text(self_level), "/", level_text(others_level))
        return text
    text = Text.assemble(("Risk to self: ", "dim"), level_text(self_level))
    if others_level is not None:
        text.append(" · ")
        text.append("to others: ", style="dim")
        text.append_text(level_text(others_level))
    return text


def risk_text(call) -> Text:
    """The call's two risk levels (a Call or anything with risk_level and others_level)."""
    return risk_pair(call.risk_level, getattr(call, "others_level", None))
