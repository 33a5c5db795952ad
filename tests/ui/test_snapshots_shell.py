"""Snapshots of the shell on the seed-7 demo with a frozen clock, at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import make_app, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_board(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:
    """With a high-risk mobile-dispatch call that nobody has paged yet: AWAITING, in words."""
    from mrss_tui.domain.cssrs import CssrsAnswers
    from mrss_tui.domain.enums import Line, Triage
    from mrss_tui.workflow.intake import IntakeForm, record_call

    app = make_app(demo_db)
    record_call(app.session, IntakeForm(
        received_at="2026-11-20T21:18:00Z", line=Line.L988, person_name="Ari Test",
        address="1 Oak St", town="Burns", triage=Triage.MOBILE_DISPATCH,
        cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False, q6=False)))
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_help_screen(snap_compare, demo_db: Path) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=open_help)
