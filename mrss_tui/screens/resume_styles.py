"""A screen coming back to the top is restyled only when a style it uses may have changed.

Textual restyles a whole screen every time it returns to the top (the styles may have changed
while it was covered: a theme, a stylesheet read meanwhile). For the board that is every row
widget and table, 30-70 ms each time a call is recorded and the board comes back, in a burst
too. Here the stylesheet's state is noted when the screen is covered or left, and compared when
it returns: the same sheet, variables, theme and app state, and no CSS added but that scoped to
widget classes this screen has none of (Textual adds each widget class's CSS as it first mounts:
Page team's lists, a dialog), means every rule the screen's widgets match is unchanged. At the
first resume the widgets were styled as they were mounted a moment ago.
"""

from __future__ import annotations

from typing import Any

from textual import events

_NOTED = "_style_state_at_suspend"


def note_styles_at_suspend(screen: Any) -> None:
    """Call from ``on_screen_suspend``."""
    setattr(screen, _NOTED, _state(screen.app))


def skip_needless_restyle(screen: Any, event: events.ScreenResume) -> None:
    """Call from ``on_screen_resume``: tells Textual not to restyle when nothing can differ."""
    if not getattr(screen, "_resumed_once", False):
        screen._resumed_once = True
        event.refresh_styles = False
        return
    noted = getattr(screen, _NOTED, None)
    if noted is not None and _unchanged_for(screen, noted, _state(screen.app)):
        event.refresh_styles = False


def _state(app: Any) -> tuple[Any, ...]:
    sheet = app.stylesheet
    return (id(sheet), id(getattr(sheet, "_variables", None)), app.theme,
            frozenset(app.get_pseudo_classes()), dict(sheet.source))


def _unchanged_for(screen: Any, before: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    if before[:-1] != now[:-1]:
        return False
    sources_before, sources_now = before[-1], now[-1]
    if any(sources_now.get(where) != source for where, source in sources_before.items()):
        return False  # a source changed or went (a stylesheet read again)
    added = [source for where, source in sources_now.items() if where not in sources_before]
    if not added:
        return True
    if not all(source.is_defaults and source.scope for source in added):
        return False
    present = {name for node in screen.walk_children(with_self=True)
               for name in node._css_type_names}
    return not any(source.scope in present for source in added)
