"""What every top-level screen shares: the top bar, the footer, data refresh and db workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen

from mrss_tui.screens.messages import DataChanged
from mrss_tui.screens.read_ahead import show_read_ahead
from mrss_tui.screens.resume_styles import note_styled, skip_needless_restyle
from mrss_tui.widgets.keys_footer import KeysFooter
from mrss_tui.widgets.topbar import TopBar
from mrss_tui.workflow.context import Session

T = TypeVar("T")

# For run_db: writing a file (a report's PDF, an episode or referral print) takes seconds and
# only ends in a notice. The screen is ready meanwhile: keys act on it at once (scroll, another
# period, leave) instead of freezing behind the writing.
WRITING_HOLDS_NO_KEYS = "none"


class MrssScreen(Screen):
    """Subclasses compose their body in ``compose_body`` and load data in ``refresh_data``."""

    nav_id: str = ""
    letter_nav: bool = True  # forms set False so typed letters never jump to another screen
    _reloading: bool = False  # refresh_data set off by a write (see on_data_changed)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reload_owed: dict[str, tuple[Any, Any, bool]] = {}  # group -> a deferred reload
        self._loading: set[str] = set()  # groups whose load (through run_db) is on its way

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    # Focused whenever the screen is arrived at (first open, or switched back to), not when a
    # dialog it opened closes: where typing goes on arrival does not depend on the last visit.
    arrival_focus: str = ""

    def on_mount(self) -> None:
        """Subclasses set up here; data is loaded on resume (which follows the first mount)."""

    @on(events.Mount)
    def _styled_as_mounted(self) -> None:
        note_styled(self)  # its widgets were styled as they mounted (screens/resume_styles.py)

    def on_screen_suspend(self) -> None:
        self._resumed = False
        # Still on the stack: a dialog or screen of its own was opened over it.
        self._left = self not in self.app.screen_stack

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Also the first load: a screen is resumed right after it is first mounted. The keys
        # typed meanwhile wait for the focus set here and for the load (screens/key_gate.py).
        skip_needless_restyle(self, event)
        self._resumed = True
        focus = getattr(self, "_focus_once", "") or (
            self.arrival_focus if getattr(self, "_left", True) else "")
        self._focus_once = ""
        if focus:
            self.query_one(focus).focus()
        show_read_ahead(self)  # a first visit shows what the warm-up read until this read ends
        self.refresh_data()

    def _compositor_refresh(self) -> None:
        """A screen covered by another (a dialog, help, the episode over the list) draws
        nothing until it is on top again. Textual hands what changed below (the clock of the
        top bar, a response clock ticking) to the screen on top, which then repaints whole:
        7-18 kB every 30-60 s over a metered link for a line nobody can read under a dialog.
        Resuming repaints the screen, so nothing stays stale once it is seen."""
        app = self.app
        if app._batch_count and self is app.screen:
            # Textual would draw the whole screen and then drop the drawing (no output during
            # a batch, e.g. while the app mounts): the first frame of the board was drawn
            # twice. What is dirty stays dirty and is drawn once the batch ends.
            return
        if self is not app.screen and self in app._background_screens:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        compositor = self._compositor
        whole = self is app.screen and compositor.size.region in compositor._dirty_regions
        super()._compositor_refresh()
        if whole:
            # The whole screen was just drawn: a repaint asked for before it (the screen's
            # own, as it resumes) is done. Textual drew it again at once: the first frame
            # went twice over the link (~11 kB at 120x40).
            self._repaint_required = False

    def _screen_resized(self, size: Any) -> None:
        """A dialog opening over this screen tells the screens below the terminal's size, and
        Textual lays each of them out again, whole: 30-100 ms for the intake form under Page
        team. A covered screen is laid out only if it shows through (a dialog's dimmed
        background) and its layout is not already current at this size. Skipped, it is laid
        out as it returns to the top: Textual does that for a changed size or a layout owed."""
        if self is not self.app.screen and (self._hidden_below() or (
                self._compositor.size == size and not self._layout_widgets
                and not self._layout_required)):
            return
        super()._screen_resized(size)

    def _hidden_below(self) -> bool:
        """A screen above this one is opaque: nothing of this one is drawn."""
        stack = self.app.screen_stack
        above = stack[stack.index(self) + 1:] if self in stack else []
        return any(screen.styles.background.a >= 1 for screen in above)

    def focus_on_arrival(self, selector: str) -> None:
        """Focus ``selector`` now, or as the screen arrives if it is still on its way."""
        if getattr(self, "_resumed", False):
            self.query_one(selector).focus()
        else:
            self._focus_once = selector

    def on_data_changed(self, _message: DataChanged) -> None:
        # A write (ours or another session's): the rows on show stay usable while they are
        # read again, so keys need not wait for the new ones (after paging, the board's
        # reload for the delivery report no longer holds the typist).
        self._reloading = True
        try:
            self.refresh_data()
        finally:
            self._reloading = False

    def refresh_data(self) -> None:
        """Reload what the screen shows; must keep the user's place and unsaved input."""

    def run_db(self, work: Callable[[Session], T], then: Callable[[T], None] | None = None,
               *, group: str = "db", exclusive: bool = True,
               hold_keys: str | None = None) -> None:
        if self._reloading and then is not None and hold_keys is None:
            keys = self.app.keys  # type: ignore[attr-defined]
            if group in self._loading and keys.holding((id(self), group)):
                # A load the keys wait for is on its way: read again once it is shown
                # (replacing it now would make the keys wait for this one too).
                self._reload_owed[group] = (work, then, exclusive)
                return
            hold_keys = "none"
        if then is not None and exclusive:
            then = self._then_reload_owed(group, then)
        self.app.run_db(self, work, then, group=group, exclusive=exclusive,  # type: ignore[attr-defined]
                        hold_keys=hold_keys)

    def _then_reload_owed(self, group: str, then: Callable[[T], None]) -> Callable[[T], None]:
        self._loading.add(group)

        def shown(result: T) -> None:
            self._loading.discard(group)
            then(result)
            owed = self._reload_owed.pop(group, None)
            if owed is not None:  # the keys waited for the load just shown, not for this
                work, owed_then, exclusive = owed
                self.run_db(work, owed_then, group=group, exclusive=exclusive, hold_keys="none")

        return shown

    @property
    def session(self) -> Session:
        return self.app.session  # type: ignore[attr-defined]

    def local(self, value: Any, with_day: bool = False) -> str:
        from mrss_tui.widgets.format import local_time

        return local_time(value, self.session.config.zone, with_day)
