"""F2: ask about an unfinished call before the intake form is built (issue 19).

The look-up takes a millisecond; building and drawing the intake form for the first time takes
hundreds (many fields), and a question asked over the form waited for all of it: the resume
question came 0.5-3 s after F2. Asked over the screen already on show, it comes at once, and
the form is shown once, for the answer (resumed or new): the blank form built ahead in idle
time (screens/intake_spare.py), or built then if none is ready.

Keys typed after F2 wait while the draft is looked up (a hold, screens/key_gate.py). Without
an unfinished call they go into the new form. With one, they never answer the question: they
wait aside, and go into the new call ("n"), or are counted as not used when it is resumed.
Should the link drop while the look-up still runs, they go into a new call's draft (unless a
call is unfinished: screens/hang_up.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from mrss_tui.screens.hang_up import open_now_if_ended
from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.screens.intake_dialogs import ResumeDraftModal
from mrss_tui.screens.intake_spare import build_spare_later, take_spare
from mrss_tui.widgets.format import local_time
from mrss_tui.workflow.intake import IntakeForm, discard_draft, load_draft

LOOKUP_GROUP = "intake-load"  # tests slow it down by this name (tests/ui/slow_loads.py)


def open_intake(app: Any, show: Callable[[Any], None]) -> None:
    """Open intake through ``show`` (the app's way of showing a top-level screen)."""
    if isinstance(app.screen, ResumeDraftModal):
        return  # F2 again while the question is asked: it is answered first

    def found(draft: tuple[IntakeForm, datetime] | None) -> None:
        open_now_if_ended(app, None)
        _offer(app, show, draft)

    app.run_db(app, load_draft, found, group=LOOKUP_GROUP, hold_keys="load")
    open_now_if_ended(app, lambda: _open_at_hang_up(app, show))


def _open_at_hang_up(app: Any, show: Callable[[Any], None]) -> bool:
    """The link dropped while the look-up still ran (a loaded machine): the keys typed after
    F2 are for a new call unless one is unfinished. Looked up here, on the UI thread (nobody
    is there to wait for it), a new call's form is shown for them; an unfinished call would
    have been asked about first, so then they stay out of it."""
    for worker in app.workers:
        if worker.group == LOOKUP_GROUP:
            worker.cancel()  # its answer must not open a second form
    found = load_draft(app.session)
    if found is not None and not found[0].is_blank():
        return False
    show(_form(app))
    return True


def _form(app: Any, resume: IntakeForm | None = None) -> IntakeScreen:
    """The form for this call: the spare built in idle time if one is ready (its call begins
    now), else a new one; once it is left, another spare is built."""
    spare = take_spare(app)
    if spare is not None:
        spare.begin_call(resume)
        form = spare
    else:
        form = IntakeScreen(resume=resume)
    form.when_left = lambda: build_spare_later(app)
    return form


def _offer(app: Any, show: Callable[[Any], None],
           found: tuple[IntakeForm, datetime] | None) -> None:
    if found is None or found[0].is_blank():
        show(_form(app))
        return
    form, saved_at = found
    keys = app.keys
    keys.set_aside()  # typed before the question: never its answer

    def decided(resume: bool | None) -> None:
        typed = keys.take_aside()
        if resume:
            show(_form(app, resume=form))
            unused = (f" {len(typed)} key{'s' * (len(typed) != 1)} typed before the "
                      "question were not used.") if typed else ""
            app.notify(f"Unfinished call restored.{unused}", timeout=6)
        else:
            app.run_db(app, discard_draft)
            show(_form(app))
            keys.replay(typed)  # into the new call, once its form is on screen

    app.push_screen(ResumeDraftModal(local_time(saved_at, app.session.config.zone, True)),
                    decided)
