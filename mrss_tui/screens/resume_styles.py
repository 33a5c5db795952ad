"""A screen coming back to the top is restyled only when a style it uses may have changed.

Textual restyles a whole screen every time it returns to the top (the styles may have changed
while it was covered: a theme, a stylesheet read meanwhile). For the board that is every table
and line, 30-70 ms each time a call is recorded and the board comes back, in a burst too; for
the intake form built ahead (screens/intake_spare.py) it is a hundred widgets on F2.

Here the stylesheet's state is noted when the screen's widgets were styled (as it mounted, and
each time it is restyled), and compared as it returns: the same sheet, variables, theme and app
state, every source ranked as before, and no CSS added but that scoped to widget classes this
screen has none of (Textual adds each widget class's CSS as it first mounts), means every rule
its widgets match gives what it gave. Otherwise Textual restyles it, as before.
"""

from __future__ import annotations

from typing import Any

from textual import events

_NOTED = "_style_state_when_styled"


def note_styled(screen: Any) -> None:
    """The screen's widgets have just been styled (call as it mounts)."""
    setattr(screen, _NOTED, _state(screen.app))


def skip_needless_restyle(screen: Any, event: events.ScreenResume) -> None:
    """Call from ``on_screen_resume``: tells Textual not to restyle when nothing can differ."""
    noted = getattr(screen, _NOTED, None)
    if noted is not None and _unchanged_for(screen, noted, _state(screen.app)):
        event.refresh_styles = False
    elif event.refresh_styles:
        note_styled(screen)  # Textual restyles it now


def restyle_if_stale(screen: Any) -> None:
    """Restyle ``screen`` now (idle time) if CSS read since it was styled could change it,
    instead of on a key press as it next returns to the top."""
    noted = getattr(screen, _NOTED, None)
    if noted is not None and not _unchanged_for(screen, noted, _state(screen.app)):
        screen.update_node_styles(animate=False)
        note_styled(screen)


def _state(app: Any) -> tuple[Any, ...]:
    sheet = app.stylesheet
    return (id(sheet), id(getattr(sheet, "_variables", None)), app.theme,
            frozenset(app.get_pseudo_classes()), dict(sheet.source))


def _unchanged_for(screen: Any, before: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    if before[:-1] != now[:-1]:
        return False
    sources_before, sources_now = before[-1], now[-1]
    if not _same_rules(sources_before, sources_now):
        return False
    added = [source for where, source in sources_now.items() if where not in sources_before]
    if not added:
        return True
    if not all(source.is_defaults and source.scope for source in added):
        return False
    present = {name for node in screen.walk_children(with_self=True)
               for name in node._css_type_names}
    return not any(source.scope in present for source in added)


def _same_rules(before: dict[Any, Any], now: dict[Any, Any]) -> bool:
    """Every source there before is still there with the same CSS, and the sources rank as
    before (a widget class mounted for the first time lowers the tie-breaker of each class it
    is built on: Widget's, for one, which may change which rule wins)."""
    ranks = []
    for where, source in before.items():
        later = now.get(where)
        if later is None or (later.content, later.is_defaults, later.scope) != (
                source.content, source.is_defaults, source.scope):
            return False  # a source changed or went (a stylesheet read again)
        ranks.append((source.tie_breaker, later.tie_breaker))
    ranks.sort()
    return all((a[0] < b[0]) == (a[1] < b[1]) and (a[0] == b[0]) == (a[1] == b[1])
               for a, b in zip(ranks, ranks[1:]))
