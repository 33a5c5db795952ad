"""The board's figures line on narrow terminals: labels shorten first, the urgent count goes last."""

from __future__ import annotations

from mrss_tui.domain.enums import Phase
from mrss_tui.domain.board_rows import AlertCounts, BoardSummary
from mrss_tui.widgets.board_stats import LINE_MARGIN, STAT_MARGIN, fitted_stats

SUMMARY = BoardSummary(open_calls=[], open_calls_total=12, dispatches=[], dispatches_total=4,
                       phase_counts={Phase.CRISIS: 75, Phase.STABILIZATION: 1127},
                       alerts=AlertCounts(open=305, urgent=128))


def line(width: int) -> str:
    return " | ".join(t.plain for t in fitted_stats(SUMMARY, width) if t.plain)


def used(width: int) -> int:
    return sum(t.cell_len + STAT_MARGIN for t in fitted_stats(SUMMARY, width) if t.cell_len) \
        + LINE_MARGIN


def test_every_width_keeps_the_urgent_count_and_fits_where_it_can() -> None:
    for width in range(20, 140):
        assert "128 urgent" in line(width), width
        if width >= 16:
            assert used(width) <= width or line(width) == "128 urgent", width


def test_wide_shows_everything_narrow_cuts_in_order() -> None:
    assert line(120) == "Open calls 12 | Teams out 4 | Crisis 75  Stabilizing 1127 | Alerts 305 (128 urgent)"
    assert line(80) == "Calls 12 | Teams 4 | Crisis 75 Stab 1127 | Alerts 305 (128 urgent)"
    assert line(60) == "Calls 12 | Teams 4 | Alerts 305 (128 urgent)"
    assert line(30) == "Alerts 305 (128 urgent)"
    assert line(20) == "128 urgent"
