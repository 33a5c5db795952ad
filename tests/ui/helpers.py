"""Building the real app for Pilot and snapshot tests: demo data, frozen clock, no polling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import Config, build_config
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def make_app(db: Path, login: str = "coord", config: Config | None = None,
             clock: FrozenClock | None = None) -> MrssApp:
    session = open_session(db, config or build_config({}), login, clock or FrozenClock(T0))
    return MrssApp(session, poll_seconds=0)


async def settle(pilot: Pilot) -> None:
    """Let database workers finish and the screen repaint.

    A worker of a screen that was left (say the board, when a resumed draft opens intake) is
    cancelled; that is normal and not a failure of the test.
    """
    from textual.worker import WorkerCancelled

    await pilot.pause(0.05)
    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()


async def until(pilot: Pilot, reached: Callable[[], bool], what: str,
                limit_seconds: float = 60.0) -> None:
    """Wait for a state (a debounced save, a look-up shown), not for a time: whatever the
    machine's speed, the test goes on as soon as ``reached()`` holds. The limit only ends a
    test that would otherwise hang."""
    steps = int(limit_seconds / 0.05)
    for _ in range(steps):
        await settle(pilot)
        if reached():
            return
    raise AssertionError(f"never reached: {what}")


async def episode_shown(pilot: Pilot, screen) -> None:
    """An episode screen loaded, its timeline scrolled to its cursor. The screen scrolls there
    a refresh after filling the rows; asking again here (the same scroll, so idempotent) makes
    a screenshot independent of when that refresh comes."""
    from textual.widgets import DataTable

    await until(pilot, lambda: screen.detail is not None, "the episode shown")
    table = screen.query_one("#ep-timeline", DataTable)
    table.move_cursor(row=table.cursor_row, animate=False)
    await pilot.hover(offset=(0, 0))  # the mouse over the top bar: no row drawn as hovered
    # Every scrolled part of the screen at rest: the same offsets three refreshes running.
    seen: list[tuple[float, ...]] = []

    def state() -> tuple:
        # Each scroll offset and what its scroll bar shows (a bar drawn before the last
        # scroll or row count showed its thumb at the top of a list scrolled to its end).
        return tuple((w.scroll_y, w.vertical_scrollbar.position,
                      w.vertical_scrollbar.window_virtual_size,
                      w.vertical_scrollbar.window_size)
                     for w in screen.query("*") if w.is_scrollable)

    def at_rest() -> bool:
        seen.append(state())
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    await until(pilot, at_rest, "the episode screen's scrolling at rest")
    for widget in screen.query("*"):  # every bar drawn afresh from the state at rest
        if widget.is_scrollable and widget.show_vertical_scrollbar:
            widget.vertical_scrollbar.refresh()
    seen.clear()
    await until(pilot, at_rest, "the episode screen's scroll bars drawn at rest")


async def without_scroll_bars(pilot: Pilot, screen) -> None:
    """For a picture: the screen with no scroll bars. Where a scrolled list's thumb is drawn
    depends on which refresh drew it last (top or bottom, run to run, for the same rows), so a
    snapshot pins the content and leaves the bars out."""
    for widget in screen.query("*"):
        if widget.is_scrollable:
            widget.styles.scrollbar_size_vertical = 0
            widget.styles.scrollbar_size_horizontal = 0
    await pilot.pause()

