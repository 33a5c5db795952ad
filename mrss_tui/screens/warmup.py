"""After the first frame: get the screens a person is likely to open next ready in idle time.

A screen's first visit would otherwise import its module (Textual widgets, workflow, models:
100-200 ms), re-parse the whole stylesheet for its CSS (its files, and the default CSS of
widget classes not mounted before) and wait for its first read on the key press. Here, once the
screen on show has its data, each screen the role may open is imported in a thread (the UI
thread keeps handling keys meanwhile); a kept screen is then built, installed and its CSS read,
one screen at a time. Its widgets are not mounted until it is first shown (a screen mounted
while hidden can be shown half-built if its key arrives mid-mount). Last, each kept screen's
first data is read in a thread (screens/read_ahead.py), recording nothing (no audit row is
written, no byte is sent); the first visit shows it and reads again, as every visit does.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Sequence
from typing import Any

from mrss_tui.screens.nav import NavEntry
from mrss_tui.screens.premount import lay_out_hidden, mount_hidden
from mrss_tui.screens.read_ahead import read_ahead
from mrss_tui.screens.warm_css import add_default_css, load_css

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
                add_default_css(app, nav)
                await asyncio.sleep(PAUSE_SECONDS)
        load_css(app, kept)
        await asyncio.sleep(PAUSE_SECONDS)
        for screen in kept:  # once every CSS is read: a later read would restyle them all
            if app.is_running:
                await _ready(app, screen)
                await asyncio.sleep(PAUSE_SECONDS)
        if getattr(app, "run_jobs", False):
            await asyncio.to_thread(_import_jobs)
        if not app.is_headless:  # tests run many apps in one process: each would stay
            _settle_memory()
    finally:
        then()


async def _ready(app: Any, screen: Any) -> None:
    """Mount ``screen`` hidden while its first data is read in a thread (the read waits on
    the database, the mount on the UI thread: they overlap), show the data into it, lay it
    out."""
    mounting = asyncio.ensure_future(mount_hidden(app, screen))
    try:
        await read_ahead(app, screen, mounted=mounting)
    finally:
        await mounting
    await lay_out_hidden(app, screen)


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
    on a first visit's key press. One collection first, so no garbage is kept for good."""
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
