"""After the first frame: get the screens a person is likely to open next ready in idle time.

A screen's first visit would otherwise import its module (Textual widgets, workflow, models:
100-200 ms), re-parse the whole stylesheet for its CSS (its files, and the default CSS of
widget classes not mounted before) and wait for its first read on the key press. Here, once the
screen on show has its data, each screen the role may open is imported in a thread (the UI
thread keeps handling keys meanwhile); a kept screen is then built, installed and its CSS read,
one screen at a time. Its widgets are not mounted until it is first shown (a screen mounted
while hidden can be shown half-built if its key arrives mid-mount). Last, each kept screen's
first data is read in a thread (screens/read_ahead.py), recording nothing (no audit row is
written, no byte is sent); the first visit shows it and reads again, as every visit does. Then
a form opened often and at speed (intake) gets a blank copy built and mounted hidden, for its
opener to show (``NavEntry.spare``, screens/intake_spare.py): it is never shown half-built.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Sequence
from typing import Any

from mrss_tui.screens.nav import NavEntry
from mrss_tui.screens.read_ahead import read_ahead

# Between two screens the UI thread gets a moment for whatever the user typed.
PAUSE_SECONDS = 0.05
# Rounds of "wait for the other workers" before warming anyway (a screen that polls forever).
MAX_WAITS = 5


def warm_up(app: Any, entries: Sequence[NavEntry], install: Callable[[NavEntry], Any], *,
            then: Callable[[], None]) -> None:
    """Start warming ``entries`` (in order: most likely first) on ``app``. ``install`` builds
    and installs a kept screen (the app's own way of keeping one copy of each) and returns its
    name. ``then`` runs when the warm-up ends, however it ends."""
    app.run_worker(_warm(app, list(entries), install, then), group="warm-up", exclusive=True,
                   exit_on_error=False)


async def _warm(app: Any, entries: list[NavEntry], install: Callable[[NavEntry], Any],
                then: Callable[[], None]) -> None:
    try:
        await _start_work_done(app)
        kept = []
        for nav in entries:
            await asyncio.to_thread(nav.screen_class)  # the import: off the UI thread
            if nav.keep and app.is_running:
                kept.append(app.get_screen(install(nav)))
                _read_css(app, kept[-1], nav)
            await asyncio.sleep(PAUSE_SECONDS)
        for screen in kept:
            if app.is_running:
                await read_ahead(app, screen)
        for nav in entries:  # a blank form built ahead (screens/intake_spare.py)
            build_spare = nav.spare_builder()
            if build_spare is not None and app.is_running:
                await build_spare(app)
        if getattr(app, "run_jobs", False):
            await asyncio.to_thread(_import_jobs)
        if not app.is_headless:  # tests run many apps in one process: each would stay
            _settle_memory()
    finally:
        then()


def _read_css(app: Any, screen: Any, nav: NavEntry) -> None:
    """Read the screen's CSS now, as Textual does on the first switch to a screen: its CSS
    files, and the default CSS of every widget class it is built of (Textual adds that as the
    first widget of a class mounts, and then parses the whole stylesheet again, 30-80 ms on
    the key press). One private step of Textual 8: a Textual without it just skips this, and
    the visit then does it."""
    load_css = getattr(app, "_load_screen_css", None)
    if load_css is None or app.screen is screen:
        return
    read_default_css(app, nav.factory())
    load_css(screen)
    app.stylesheet.rules  # noqa: B018 - parses what load_css did not (a screen with no CSS file)


def read_default_css(app: Any, screen: Any) -> None:
    """Add the default CSS of ``screen`` (a throwaway copy, never mounted) and of the widget
    classes it is built of, as Textual adds it when they first mount (a source already read
    then ranks as that mount would leave it: screens/resume_styles.py)."""
    sheet = app.stylesheet
    for read_from, css, tie_breaker, scope in _default_css(screen):
        sheet.add_source(css, read_from=read_from, is_default_css=True,
                         tie_breaker=tie_breaker, scope=scope)


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


def _import_jobs() -> None:
    """The scheduled jobs start a moment after the warm-up (MrssApp._start_jobs); starting them
    imports APScheduler and every workflow module that declares a job, 150-250 ms on the UI
    thread, on a key pressed then. Imported here, in a thread."""
    import apscheduler.schedulers.asyncio  # noqa: F401

    import mrss_tui.alerts  # noqa: F401
    from mrss_tui.workflow.jobs import all_jobs

    all_jobs()


def _settle_memory() -> None:
    """What exists now (modules, screens, styles) lives as long as the program: move it out
    of the collector's way. A full collection otherwise walks all of it, 80-230 ms measured
    on a first visit's key press. One collection first, so no garbage is kept for good: also
    of what the start set aside at the first frame (commands/tui.py)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


async def _start_work_done(app: Any) -> None:
    """Wait until no other worker runs: the start's database work (the home screen's data, the
    drafts notice, the unfinished-call check that follows the data) is done, so the user sees
    data before anything is warmed."""
    for _ in range(MAX_WAITS):
        others = [w for w in app.workers if w.group != "warm-up" and not w.is_finished]
        if not others:
            return
        await asyncio.gather(*(w.wait() for w in others), return_exceptions=True)
        await asyncio.sleep(PAUSE_SECONDS)
