"""After the first frame: get the screens a person is likely to open next ready in idle time.

A screen's first visit would otherwise import its module (Textual widgets, workflow, models:
100-200 ms), re-parse the whole stylesheet for its CSS, mount its widgets, wait for its first
read, lay it out and draw it, all on the key press. Here, once the screen on show has its
data, each screen the role may open is imported in a thread (the UI thread keeps handling
keys meanwhile); each kept screen is built and installed, and the CSS of all of them is read
at once (screens/warm_css.py). Their first data is then read, one screen after another in a
thread (screens/read_ahead.py), recording nothing (no audit row is written, no byte is sent),
and shown on the first visit, which reads again as every visit does.

Then the screens that are costly to build (``build_ahead``: dropdowns, hundreds of rows, a
long report) are mounted while hidden, one at a time, most likely first
(screens/premount.py): their data is shown into them, and they are laid out and drawn once
off screen, so that their key only switches to a drawn screen. The others cost less to build
on the key than to keep ready. Before them, a form opened often and at speed (intake) gets a
blank copy built and mounted hidden, for its opener to show (``NavEntry.spare``,
screens/intake_spare.py): it is never shown half-built.

Only the logged-in person's screens are readied (``MrssApp.allowed_entries``): a session
never changes hands (the lock opens only for the same person), and the process ends with it.
Between steps the warm-up yields, and waits while other work runs (a visit reading its data,
keys waiting for it): a key pressed meanwhile is handled first.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Sequence
from typing import Any

from mrss_tui.screens.nav import NavEntry
from mrss_tui.screens.premount import lay_out_hidden, mount_hidden
from mrss_tui.screens.read_ahead import read_all, show_into_hidden
from mrss_tui.screens.warm_css import add_default_css, load_css

# Between two screens the UI thread gets a moment for whatever the user typed.
PAUSE_SECONDS = 0.02
# Rounds of "wait for the other workers" before warming anyway (a screen that polls forever),
# and how long one round waits at most (a worker that never ends).
MAX_WAITS = 5
MAX_WAIT_SECONDS = 2.0


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
                await _breathe(app)
        load_css(app, kept)  # once for all: a later read would restyle every mounted screen
        # Every screen's data first: a visit before its screen is mounted shows it on arrival
        # (the audit viewer's own read may wait seconds for the file check on a big file).
        await read_all(app, kept, lambda: _others_done(app))
        # The call-taking form before the others: F2 on a live call matters most.
        for nav in entries:  # a blank form built ahead (screens/intake_spare.py)
            build_spare = nav.spare_builder()
            if build_spare is not None and app.is_running:
                await _breathe(app)
                await build_spare(app)
        for screen in kept:
            if getattr(screen, "build_ahead", False) and app.is_running:
                await _breathe(app)
                await mount_hidden(app, screen)
                show_into_hidden(app, screen)
                await lay_out_hidden(app, screen, lambda: _breathe(app))
        if getattr(app, "run_jobs", False):
            await asyncio.to_thread(_import_jobs)
        if not app.is_headless:  # tests run many apps in one process: each would stay
            _settle_memory()
    finally:
        then()


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
    await _others_done(app)


async def _breathe(app: Any) -> None:
    """Between two steps: a moment for whatever the user typed, and if that set off work (a
    screen opened meanwhile reads its data, keys wait for it), let that work finish first:
    the warm-up only takes the time nobody else wants."""
    await asyncio.sleep(PAUSE_SECONDS)
    await _others_done(app)


async def _others_done(app: Any) -> None:
    for _ in range(MAX_WAITS):
        others = [w for w in app.workers if w.group != "warm-up" and not w.is_finished]
        if not others:
            return
        await asyncio.wait([asyncio.ensure_future(w.wait()) for w in others],
                           timeout=MAX_WAIT_SECONDS)
        await asyncio.sleep(PAUSE_SECONDS)
