"""'Page team': who is on call now for the call's region, editable, with a warning when the team
lacks what the profile requires. Reusable: open it for a call from intake, or for an episode.

Dismisses with the ``PageResult`` (or None when cancelled). Paging only queues outbox rows;
sending starts at once in a worker thread so the screen never waits on a network.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from mrss_tui.domain.models import Call
from mrss_tui.domain.records import Staff
from mrss_tui.domain.paging import role_and_credentials
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.resume_styles import note_styled, skip_needless_restyle
from mrss_tui.widgets.format import acuity_text
from mrss_tui.workflow.page_sender import send_due_pages
from mrss_tui.workflow.paging import PageResult, TeamProposal, page_team, propose_team
from mrss_tui.widgets.safe import plain
from mrss_tui.widgets.marks import MarkedSelectionList


class PageTeamModal(ModalScreen[PageResult | None]):
    CSS_PATH = "page_team.tcss"
    BINDINGS = [
        Binding("p", "page", "Page now", id="page.send",
                tooltip="Page the ticked people now (their pages are queued and sent at once)"),
        Binding("ctrl+s", "page", "Page now", show=False, id="page.send2",
                tooltip="Page the ticked people now"),
        Binding("l", "toggle_le", "Police co-response", id="page.le",
                tooltip="Record law-enforcement co-response on this dispatch (on/off)"),
        Binding("escape", "dismiss(None)", "Not now", id="page.cancel",
                tooltip="Close without paging (page later from the board)"),
    ]

    def __init__(self, call: Call, episode_id: int | None = None) -> None:
        super().__init__()
        self.call = call
        self.episode_id = episode_id
        self.proposal: TeamProposal | None = None
        self.le_coresponse = bool(call.police_needed)
        self.confirm_busy = False  # set once the coordinator was told who is out on a call
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="page-box"):
            yield Static(plain(self._heading()), id="page-heading")
            yield Static("Finding who is on call…", id="page-hint")
            yield MarkedSelectionList[int](id="page-team")
            yield Static(id="page-gaps")
            yield Input(placeholder="why page this team anyway? (kept on the dispatch)",
                        id="page-reason", max_length=200)
            yield Static(id="page-le")

    def _heading(self) -> Text:
        call = self.call
        return Text.assemble(("Page team ", "bold"), (call.ref, "bold"), " · ",
                             (call.town or "town unknown"), " · team ", (call.region or "?", "bold"),
                             " · ", acuity_text(call.acuity))

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        skip_needless_restyle(self, event)

    def on_mount(self) -> None:
        note_styled(self)
        self.query_one("#page-reason", Input).display = False
        self._show_le()
        # p typed ahead (right after ctrl+s on intake) waits for the team it pages.
        self.app.run_db(self, lambda s: propose_team(s, self.call.region),  # type: ignore[attr-defined]
                        self._show_proposal, group="page-proposal", hold_keys="load")

    def _show_proposal(self, proposal: TeamProposal) -> None:
        self.proposal = proposal
        team = self.query_one("#page-team", SelectionList)
        ticked = set(proposal.proposed)
        for on_call in proposal.on_call:
            team.add_option(Selection(
                self._who(on_call.staff, on_call.slot.value, proposal.busy.get(on_call.staff.id)),
                on_call.staff.id, on_call.staff.id in ticked))
        for staff in proposal.others:
            where = "not on call" + (f", {staff.region}" if staff.region else "")
            team.add_option(Selection(self._who(staff, where, proposal.busy.get(staff.id)),
                                      staff.id, False))
        hint = ("space ticks/unticks; p pages the ticked people" if proposal.on_call else
                f"Nobody is on call for {proposal.region} now: tick people to page.")
        self.query_one("#page-hint", Static).update(Text(hint, style="dim" if proposal.on_call
                                                         else "bold yellow"))
        team.focus()
        self._show_gaps()

    @staticmethod
    def _who(staff: Staff, slot: str, busy_on: str | None = None) -> Text:
        warn = "" if staff.paging_url.strip() else "  (no paging address)"
        busy = f"  BUSY on {busy_on}" if busy_on else ""
        return plain(Text.assemble((staff.name, "bold"), f"  {role_and_credentials(staff.role, staff.credentials)}",
                                   (f"  [{slot}]", "cyan"), (busy, "bold yellow"),
                                   (warn, "bold red")))

    def on_selection_list_selected_changed(self, _event: SelectionList.SelectedChanged) -> None:
        self._show_gaps()

    def _show_gaps(self) -> None:
        if self.proposal is None:
            return
        chosen = list(self.query_one("#page-team", SelectionList).selected)
        required = self.app.session.config.response.required_team  # type: ignore[attr-defined]
        gaps = self.proposal.gaps(chosen, required)
        widget = self.query_one("#page-gaps", Static)
        self.query_one("#page-reason", Input).display = bool(chosen and gaps)
        if not chosen:
            widget.update(Text("! Nobody ticked", style="bold red"))
        elif gaps:
            widget.update(Text(f"! This team has no {' and no '.join(gaps)}: the program "
                               "requires one. Type why to page it anyway", style="bold yellow"))
        else:
            widget.update(Text(f"Team complete ({len(chosen)} to page)", style="green"))

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_page()

    def action_toggle_le(self) -> None:
        self.le_coresponse = not self.le_coresponse
        self._show_le()

    def _show_le(self) -> None:
        on = self.le_coresponse
        self.query_one("#page-le", Static).update(Text.assemble(
            ("l", "bold underline"), " police co-response: ",
            ("YES" if on else "no", "bold" if on else ""),
            ("  (caller said police coordination is needed)" if self.call.police_needed
             else "", "dim")))

    def action_page(self) -> None:
        if self._busy or self.proposal is None:
            return
        chosen = list(self.query_one("#page-team", SelectionList).selected)
        reason = self.query_one("#page-reason", Input).value
        confirm_busy = self.confirm_busy

        def work(session):
            try:
                return page_team(session, call_id=self.call.id, staff_ids=chosen,
                                 le_coresponse=self.le_coresponse, episode_id=self.episode_id,
                                 gap_reason=reason, confirm_busy=confirm_busy)
            except ValidationFailed as exc:
                return exc

        self._busy = True
        # Keys typed while paging never become commands of the board behind.
        self.app.run_db(self, work, self._paged, group="page-send",  # type: ignore[attr-defined]
                        hold_keys="save")

    def _paged(self, outcome: PageResult | ValidationFailed) -> None:
        self._busy = False
        if isinstance(outcome, ValidationFailed):
            message = str(outcome)
            if "busy" in outcome.problems:
                self.confirm_busy = True
                message += " Press p again to page them."
            self.query_one("#page-gaps", Static).update(Text(f"! {message}", style="bold red"))
            if "gap_reason" in outcome.problems:
                self.query_one("#page-reason", Input).focus()
            elif "busy" in outcome.problems:
                # p must page, not type into the reason box the focus may still be in
                self.query_one("#page-team", SelectionList).focus()
            return
        app = self.app
        count = len(outcome.pages)
        missing = f" Team lacks: {', '.join(outcome.gaps)}." if outcome.gaps else ""
        app.notify(f"{count} page{'s' if count != 1 else ''} queued for {self.call.ref}; "
                   f"sending now.{missing}", timeout=5,
                   severity="warning" if outcome.gaps else "information")
        kick_sending(app)
        app.data_written()  # type: ignore[attr-defined]
        self.dismiss(outcome)


def kick_sending(app) -> None:
    """Send due pages now in a worker thread (the scheduled job would in a few seconds)."""

    def report(pages) -> None:
        unknown = [p for p in pages if p.status.value == "unknown"]
        failed = [p for p in pages if p.status.value in ("queued", "failed")]
        if unknown:
            app.notify(f"{len(unknown)} page(s): delivery not confirmed (no answer). Not re-sent "
                       "automatically: call the team member.", severity="error", timeout=10)
        if failed:
            app.notify(f"{len(failed)} page(s) not delivered yet: {failed[0].last_error}. "
                       "Retrying automatically.", severity="warning", timeout=8)
        elif pages and not unknown:
            app.notify(f"{len(pages)} page(s) delivered.", timeout=4)
        app.data_written()

    app.run_db(app, send_due_pages, report, group="page-delivery", exclusive=False)
