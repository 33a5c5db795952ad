"""The board's figures line, fitted to the terminal's width.

On a narrow terminal (a phone over SSH: 60 columns) labels shorten first, then the less urgent
figures go; the count of teams awaiting (nobody paged) and of urgent alerts are the last
things cut.
"""

from __future__ import annotations

from rich.text import Text

from mrss_tui.domain.enums import Phase
from mrss_tui.domain.board_rows import BoardSummary

STAT_MARGIN = 4  # columns between two figures (counted after each one when fitting)
LINE_MARGIN = 2  # #board-stats { margin: 1 1 0 1 }


def _figure(label: str, value: object) -> Text:
    return Text.assemble((label, "dim"), (str(value), "bold")) if label else Text(str(value))


def _alerts(summary: BoardSummary, short: bool) -> Text:
    alerts = summary.alerts
    style = "bold reverse red" if alerts.urgent else ("bold yellow" if alerts.open else "")
    if short and alerts.urgent:
        return Text.assemble((f"{alerts.urgent} urgent", "bold reverse red"))
    return Text.assemble(("Alerts ", "dim"), (str(alerts.open), style),
                         (f" ({alerts.urgent} urgent)" if alerts.urgent else "", "red"),
                         (f" +{alerts.other_teams} other teams" if alerts.other_teams else "",
                          "dim"))


AWAITING_STYLE = "bold reverse yellow"


def _teams(summary: BoardSummary, label: str, awaiting_word: str) -> Text:
    """'Teams out 11, 2 AWAITING': calls nobody was paged for are counted at every width."""
    text = _figure(label, summary.dispatches_total)
    if summary.awaiting_total:
        text.append(", " if label else "")
        text.append(f"{summary.awaiting_total} {awaiting_word}", style=AWAITING_STYLE)
    return text


def _awaiting_only(summary: BoardSummary) -> Text:
    if not summary.awaiting_total:
        return Text()
    return Text(f"{summary.awaiting_total} AWAITING", style=AWAITING_STYLE)


def stat_variants(summary: BoardSummary) -> list[tuple[Text, Text, Text, Text]]:
    """(calls, teams, episodes, alerts), widest first; an empty Text is a figure left out."""
    crisis = summary.phase_counts[Phase.CRISIS]
    stabilizing = summary.phase_counts[Phase.STABILIZATION]
    calls = summary.open_calls_total
    episodes = Text.assemble(("Crisis ", "dim"), (str(crisis), "bold"),
                             ("  Stabilizing ", "dim"), (str(stabilizing), "bold"))
    short_episodes = Text.assemble(("Crisis ", "dim"), (str(crisis), "bold"),
                                   (" Stab ", "dim"), (str(stabilizing), "bold"))
    none = Text()
    alerts, urgent_only = _alerts(summary, False), _alerts(summary, True)
    awaiting = _awaiting_only(summary)
    return [
        (_figure("Open calls ", calls), _teams(summary, "Teams out ", "AWAITING"), episodes, alerts),
        (_figure("Calls ", calls), _teams(summary, "Teams ", "AWAITING"), short_episodes, alerts),
        (_figure("Calls ", calls), _teams(summary, "Teams ", "await"), short_episodes, alerts),
        (_figure("Calls ", calls), _teams(summary, "Teams ", "await"), none, alerts),
        (_figure("Calls ", calls), awaiting, none, alerts),
        (none, awaiting, none, alerts),
        (none, awaiting, none, urgent_only),
        (none, none, none, urgent_only),
    ]


def stats_line(figures: tuple[Text, Text, Text, Text]) -> Text:
    """The figures shown, on one line, STAT_MARGIN columns apart: one widget for the line
    (a widget per figure in a row cost the board's first frame ~8% of its work)."""
    return Text(" " * STAT_MARGIN).join(figure for figure in figures if figure.cell_len)


def fitted_stats(summary: BoardSummary, width: int) -> tuple[Text, Text, Text, Text]:
    """The widest variant that fits ``width`` columns (the last one if none does)."""
    variants = stat_variants(summary)
    for variant in variants:
        shown = [t for t in variant if t.cell_len]
        if sum(t.cell_len + STAT_MARGIN for t in shown) + LINE_MARGIN <= width:
            return variant
    return variants[-1]
