"""The CSS of the screens warmed after the first frame (screens/warmup.py), read before
they are mounted, as Textual would read it on each first switch to a screen: the screen's CSS
files, and the default CSS of every widget class it is built of (Textual adds that as the first
widget of a class mounts, then parses the whole stylesheet again: 30-80 ms on the key press).

Every screen's sources are added first and the stylesheet is parsed once for all of them, not
once per screen (each parse, and the restyle of every mounted widget after it, took 20-100 ms
of the UI thread). Private steps of Textual 8 (``App._load_screen_css``,
``Widget._get_default_css``): a Textual without them skips this, and the visit reads the CSS.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from mrss_tui.screens.nav import NavEntry


def add_default_css(app: Any, nav: NavEntry) -> None:
    """Add the default CSS of ``nav``'s screen and of its widgets to the stylesheet, unparsed."""
    if getattr(app, "_load_screen_css", None) is None:
        return
    read_default_css(app, nav.factory())


def read_default_css(app: Any, screen: Any) -> None:
    """Add the default CSS of ``screen`` (a throwaway copy, never mounted) and of the widget
    classes it is built of, as Textual adds it when they first mount: a source already read
    then ranks as that mount would leave it (screens/resume_styles.py), and costs no parse."""
    sheet = app.stylesheet
    for read_from, css, tie_breaker, scope in _default_css(screen):
        sheet.add_source(css, read_from=read_from, is_default_css=True,
                         tie_breaker=tie_breaker, scope=scope)


def load_css(app: Any, screens: Sequence[Any]) -> None:
    """Read each screen's own CSS (files, class CSS) as its first switch would, and parse the
    stylesheet once (restyling what is mounted once)."""
    load_screen_css = getattr(app, "_load_screen_css", None)
    if load_screen_css is None:
        return
    sheet = app.stylesheet
    with _one_parse(app, sheet):
        for screen in screens:
            if screen is not app.screen:
                load_screen_css(screen)
    sheet.rules  # noqa: B018 - parses what was added without a reparse (default CSS only)


@contextmanager
def _one_parse(app: Any, sheet: Any) -> Iterator[None]:
    """Within: ``sheet.reparse()`` and ``sheet.update(root)`` are noted, not done; once at
    the end if any was asked for."""
    asked: list[str] = []
    sheet.reparse = lambda: asked.append("parse")  # the instance's own, over the methods
    sheet.update = lambda _root, animate=False: asked.append("update")
    try:
        yield
    finally:
        del sheet.reparse, sheet.update
    if asked:
        sheet.reparse()
        sheet.update(app)


def _default_css(screen: Any) -> list[tuple[Any, str, int, str]]:
    """The default CSS of the screen and of each widget class its compose builds (a throwaway
    copy's: nothing is mounted, the copy is dropped)."""
    sources: list[tuple[Any, str, int, str]] = []
    seen: set[type] = set()
    for node in _composed(screen):
        if type(node) not in seen:
            seen.add(type(node))
            sources.extend(node._get_default_css())
    return sources


def _composed(node: Any, depth: int = 0) -> list[Any]:
    """``node`` and the widgets its compose yields, theirs in turn (a few levels deep). A
    widget whose compose needs it mounted (a footer asks for its screen) yields nothing
    here; its own classes are then read on the visit as before."""
    from textual._context import active_message_pump
    from textual.compose import compose

    found = [node]
    if depth > 4:
        return found
    mounted_as = active_message_pump.set(node)  # as when Textual composes it (data_bind)
    try:
        children = [*compose(node), *getattr(node, "_pending_children", ())]  # with-blocks
    except Exception:  # noqa: BLE001 - only a missed warm-up, never a failure
        return found
    finally:
        active_message_pump.reset(mounted_as)
    for child in children:
        found.extend(_composed(child, depth + 1))
    return found
