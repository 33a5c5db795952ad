"""Forms that save through a workflow function in a thread and show what went wrong in place
(the form stays open with the user's input; nothing half-saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from mrss_tui.errors import MrssError, ValidationFailed
from mrss_tui.screens.form_drafts import DraftedForm
from mrss_tui.screens.form_problems import show_problems
from mrss_tui.workflow.drafts import discard_draft
from mrss_tui.workflow.context import Session
from mrss_tui.widgets.safe import plain

T = TypeVar("T")


def show_failure(screen: Screen, exc: MrssError, fields: dict[str, str] | None = None) -> None:
    """In words, next to the fields (``fields``, by default the screen's ``PROBLEM_FIELDS``,
    maps workflow field names to widgets), with the focus on the first problem; the summary
    also on the form's problem line and in a notice."""
    message = str(exc)
    if isinstance(exc, ValidationFailed):
        message = show_problems(screen, exc, fields or getattr(screen, "PROBLEM_FIELDS", {}))
    for problem in screen.query(".form-problem").results(Static):
        problem.update(plain(message))
    screen.notify(message, title=getattr(exc, "title", "Not saved"), severity="error",
                  timeout=8)


def submit(screen: Screen, work: Callable[[Session], T], done: Callable[[T], None]) -> None:
    """Run ``work`` on a private connection; ``done(result)`` on success, else the error text
    goes into the screen's ``.form-problem`` line."""
    app: Any = screen.app
    # Keys typed while saving never become commands of the screen behind the form.
    held = app.keys.hold()

    def show(exc: MrssError) -> None:
        show_failure(screen, exc)

    forget = getattr(screen, "draft_form", "")  # a saved form's draft is done with

    def said_then_done(result: T) -> None:
        app.keys.said_saved(held, screen)
        done(result)

    def job() -> None:
        try:
            try:
                with app.thread_session() as session:
                    result = work(session)
                    if forget:
                        discard_draft(session, forget)
            except MrssError as exc:
                app.call_from_thread(show, exc)
                return
            except Exception as exc:  # noqa: BLE001 - reported without PHI, the form stays open
                app.call_from_thread(app.report_unexpected, exc)
                return
            app.call_from_thread(said_then_done, result)
        finally:
            app.call_from_thread(app.keys.release, held)

    worker = screen.run_worker(job, thread=True, exclusive=True, group="form",
                               exit_on_error=False)
    app.keys.watch(held, worker)


class FormModal(DraftedForm, ModalScreen[str | None]):
    """A modal form that returns a one-line summary of what it saved, or None when closed.
    What was typed is kept as a draft (see DraftedForm) until it is saved."""

    CSS_PATH = "episodes.tcss"

    def on_mount(self) -> None:
        self.start_drafts()

    def action_cancel(self) -> None:
        self.keep_as_draft()
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field goes to the next one; only ctrl+s (or the Save button) saves, so a
        note typed on after enter is never cut off by a save."""
        event.stop()
        self.focus_next()
