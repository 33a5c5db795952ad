"""The bottom of the screen stack: Textual's default screen, which nobody sees.

Every top-level screen is pushed over it (the board first) and covers it whole. Textual
restyles a screen each time it becomes the top one; this one becomes it once, at start, just
after it was styled as it mounted, and that restyle cost the board's first frame a few
milliseconds for nothing. It is restyled as any screen is when a style may have changed
(screens/resume_styles.py). Covered, it hands nothing to the screen on top to redraw: Textual
passed its own first layout up as the whole screen, and the board went out twice. Nor does it
get the notification rack and tooltip Textual gives every screen: nothing is shown on it
(Textual 8's ``Screen._extend_compose``; a Textual without it adds them, as before).
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.screen import Screen

from mrss_tui.screens.resume_styles import note_styled, skip_needless_restyle


class StackBase(Screen):
    @on(events.Mount)
    def _styled_as_mounted(self) -> None:
        note_styled(self)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        skip_needless_restyle(self, event)

    def _extend_compose(self, widgets: list) -> None:
        """No toast rack, no tooltip: two widgets fewer to mount before the first frame."""

    def _compositor_refresh(self) -> None:
        if self is not self.app.screen:  # under every other screen: nothing of it is seen
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()


def stack_base_for(app: Any, home: Screen | str) -> StackBase:
    """The stack's base, as the app is composed and before any CSS is parsed. The default CSS
    of every widget class of the first screen (``home``) is read now, so the stylesheet is
    parsed once before the first frame, not again as each level of the first screen's widgets
    mounts (three more times for the board, each also re-reading the classes the new level
    ranked lower: ~5 ms)."""
    from mrss_tui.screens.warm_css import read_default_css

    read_default_css(app, app.get_screen(home) if isinstance(home, str) else home)
    return StackBase(id="_default")
