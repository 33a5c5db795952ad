"""Intake's dialogs: resuming an unfinished call, confirming a discard, and reopening intake at
start when this staff member left a call unfinished."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from mrss_tui.screens.base import MrssScreen
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.drafts import INTAKE_FORM, load_draft
from mrss_tui.workflow.permissions import Action


def asks_about_unfinished_call(app: Any) -> bool:
    """Whether the start asks this person about a call they left unfinished (and so no other
    notice need name that draft)."""
    return app.may(Action.TAKE_CALL)


def offer_unfinished_intake(screen: MrssScreen) -> None:
    """Once per start: if this staff member left a call unfinished, reopen intake to resume it."""
    app = screen.app
    if getattr(app, "_intake_draft_checked", False) or not asks_about_unfinished_call(app):
        return
    app._intake_draft_checked = True  # type: ignore[attr-defined]

    def found(unfinished: bool) -> None:
        if unfinished:
            app.action_go("intake")  # type: ignore[attr-defined]

    screen.run_db(_left_unfinished, found, group="intake-draft-check")


def _left_unfinished(session: Session) -> bool:
    """Whether this staff member left a call with something typed. Most starts find no draft
    at all, and the intake's own modules (phone numbers, C-SSRS) take ~0.1 s of the UI's time
    to import right after the first frame: they are imported only when a draft is there."""
    session.require(Action.TAKE_CALL)
    if load_draft(session, INTAKE_FORM) is None:
        return False
    from mrss_tui.workflow.intake import load_draft as load_intake_draft

    draft = load_intake_draft(session)
    return draft is not None and not draft[0].is_blank()


# With the dialogs, not in intake.tcss: the resume question is asked before the intake screen
# (and its stylesheet) is first shown (screens/intake_open.py).
DIALOG_CSS = """
{screen} { align: center middle; }
.dialog { width: 70; max-width: 95%; height: auto; border: thick $warning;
          background: $surface; padding: 1 2; }
"""


class ResumeDraftModal(ModalScreen[bool]):
    """Offered when an unfinished intake of this staff member is found."""

    DEFAULT_CSS = DIALOG_CSS.replace("{screen}", "ResumeDraftModal")

    BINDINGS = [
        Binding("enter", "dismiss(True)", "Resume", id="draft.resume",
                tooltip="Continue the unfinished call with everything typed so far"),
        Binding("n", "dismiss(False)", "New call", id="draft.new",
                tooltip="Start a new call; the unfinished one is thrown away"),
    ]

    def __init__(self, saved_at: str) -> None:
        super().__init__()
        self.saved_at = saved_at

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text.assemble(("Unfinished call", "bold"),
                                       f"\nYou were taking a call (last saved {self.saved_at}).\n",
                                       ("enter", "bold"), " resume it    ",
                                       ("n", "bold"), " start a new one (throws it away)"))


class ConfirmModal(ModalScreen[bool]):
    DEFAULT_CSS = DIALOG_CSS.replace("{screen}", "ConfirmModal")
    BINDINGS = [
        Binding("escape", "dismiss(False)", "Keep", id="confirm.no", tooltip="Do nothing"),
    ]

    def __init__(self, question: str, key: str, verb: str) -> None:
        super().__init__()
        self.question = question
        self.key = key
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text.assemble((self.question, "bold"), "\n", (self.key, "bold"),
                                       f" {self.verb.lower()}    ", ("escape", "bold"), " keep"))

    def on_key(self, event) -> None:
        if event.key == self.key:
            event.stop()
            self.dismiss(True)
