"""One dispatch: the team's status (acknowledged, en route, arrived, cleared), each member's
acknowledgement and every page with its delivery state. Opened with enter on the board.

A team member records their own status; a coordinator can record it on their behalf.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mrss_tui.domain.enums import DispatchStatus, PageStatus, label
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.messages import DataChanged
from mrss_tui.screens.page_team import kick_sending
from mrss_tui.widgets.format import acuity_text, local_time
from mrss_tui.widgets.call_facts import CallFactsView
from mrss_tui.widgets.risk_text import risk_summary_text
from mrss_tui.workflow.disclosures import record_dispatch_view
from mrss_tui.workflow.dispatch_care import cancel_dispatch, correct_typed_time, set_origin_time
from mrss_tui.widgets.quiet import show_if_changed
from mrss_tui.workflow.paging import (
    DispatchView,
    dispatch_view,
    retry_failed_pages,
    set_le_coresponse,
    set_team_status,
)
from mrss_tui.widgets.safe import plain

STATUS_KEYS = [("a", DispatchStatus.ACKNOWLEDGED), ("e", DispatchStatus.EN_ROUTE),
               ("r", DispatchStatus.ARRIVED), ("c", DispatchStatus.CLEARED)]
PAGE_STYLE = {PageStatus.SENT: "green", PageStatus.QUEUED: "yellow",
              PageStatus.FAILED: "bold reverse red", PageStatus.UNKNOWN: "bold reverse yellow",
              PageStatus.STOPPED: "dim"}
PAGE_WORDS = {PageStatus.UNKNOWN: "NOT CONFIRMED", PageStatus.STOPPED: "stopped (team answered)"}


class DispatchModal(ModalScreen[None]):
    DEFAULT_CSS = """
    DispatchModal { align: center middle; }
    #dispatch-box { width: 90; max-width: 100%; height: auto; max-height: 100%;
                    border: thick $accent; background: $surface; padding: 0 1; }
    #dispatch-head, #dispatch-body { height: auto; }
    #dispatch-facts { max-height: 100%; padding: 0; margin: 1 0 0 0; }
    """
    BINDINGS = [
        *[Binding(key, f"status('{status.value}')", label(status), id=f"dispatch.{status.value}",
                  tooltip=f"Record '{label(status)}' now (for yourself, or for the team)")
          for key, status in STATUS_KEYS],
        Binding("l", "toggle_le", "Police co-resp.", id="dispatch.le",
                tooltip="Record law-enforcement co-response on/off"),
        Binding("w", "officers", "Officers", id="dispatch.officers",
                tooltip="Record law enforcement at the call: on scene, CIT-trained, agency, "
                        "who asked"),
        Binding("t", "retry", "Retry failed", id="dispatch.retry",
                tooltip="Queue failed or unconfirmed pages again and send them now"),
        Binding("p", "page", "Page team", id="dispatch.page",
                tooltip="Page a team for this call, or add a member to the team out"),
        Binding("x", "cancel_dispatch", "Cancel…", id="dispatch.cancel",
                tooltip="Cancel this dispatch (a reason is asked and kept)"),
        Binding("b", "backdate", "Correct time…", id="dispatch.backdate",
                tooltip="Correct a status time entered late (a reason is asked and kept)"),
        Binding("o", "origin", "Origin time…", id="dispatch.origin",
                tooltip="When 988, 2-1-1 or 911 received this call: the clock runs from then"),
        Binding("escape", "dismiss(None)", "Close", id="dispatch.close", tooltip="Back"),
    ]

    def __init__(self, dispatch_id: int) -> None:
        super().__init__()
        self.dispatch_id = dispatch_id
        self.view: DispatchView | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dispatch-box"):  # scrolls whole at 80x24 (arrow keys)
            yield Static("Loading…", id="dispatch-head")
            yield CallFactsView(id="dispatch-facts")
            yield Static(id="dispatch-body")

    def on_mount(self) -> None:
        self.app.run_db(self, lambda s: record_dispatch_view(s, self.dispatch_id),  # type: ignore[attr-defined]
                        group="dispatch-record", exclusive=False)
        self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    def reload(self) -> None:
        self.app.run_db(self, lambda s: dispatch_view(s, self.dispatch_id),  # type: ignore[attr-defined]
                        self.show, group="dispatch-view")

    def show(self, view: DispatchView) -> None:
        self.view = view
        zone = self.app.session.config.zone  # type: ignore[attr-defined]
        d, call = view.dispatch, view.call
        text = Text.assemble(("Dispatch for ", "bold"), (call.ref, "bold"), f" · {call.town} · ",
                             acuity_text(call.acuity), " · ", (label(d.status), "bold reverse"))
        text.append("\n")
        text.append_text(risk_summary_text(view.risk, zone))
        show_if_changed(self.query_one("#dispatch-head", Static), plain(text))
        self.query_one(CallFactsView).show(view.facts)
        text = Text()
        if call.origin_received_at:
            text.append(f"\nCall received by the {label(call.line)} line at "
                        f"{local_time(call.origin_received_at, zone)}; clock runs from then")
        if d.awaiting:
            text.append(f"\nAWAITING TEAM since {local_time(d.paged_at, zone)}: nobody paged. "
                        "p page a team · x cancel with a reason\n", style="bold")
        if d.gap_reason:
            text.append(f"\nTeam incomplete, paged because: {d.gap_reason}", style="yellow")
        if d.cancel_reason:
            text.append(f"\nCancelled: {d.cancel_reason}", style="yellow")
        steps = [("Paged", None if d.awaiting else d.paged_at), ("Acknowledged", d.acknowledged_at),
                 ("En route", d.en_route_at), ("Arrived", d.arrived_at),
                 ("Cleared", d.cleared_at)]
        text.append("\n" + "  ".join(f"{name} {local_time(at, zone) or '-'}" for name, at in steps))
        if d.escalated_at:
            text.append(f"\nEscalated to backup at {local_time(d.escalated_at, zone)}",
                        style="bold yellow")
        text.append(f"\nPolice co-response: {'YES' if d.le_coresponse else 'no'}\n")
        for staff, slot, acked in view.members:
            text.append(f"\n{staff.name}", style="bold")
            text.append(f"  {label(staff.role)} [{slot}]  ")
            text.append(f"ack {local_time(acked, zone)}" if acked else "not acknowledged",
                        style="green" if acked else "yellow")
            for reply in view.phone_replies_of(staff.id):
                text.append(f"\n   {reply.describe(zone)}", style="green")
            for page in view.pages_of(staff.id):
                text.append("\n   page ")
                text.append(PAGE_WORDS.get(page.status, page.status.value.upper()),
                            style=PAGE_STYLE[page.status])
                text.append(f" ({page.kind}, {page.attempts} attempt"
                            f"{'s' if page.attempts != 1 else ''})")
                if page.status is PageStatus.QUEUED and page.next_attempt_at and page.attempts:
                    text.append(f" next try {local_time(page.next_attempt_at, zone)}")
                if page.last_error:
                    text.append(f": {page.last_error}", style="red")
        text.append("\n\na ack  e en route  r arrived  c cleared  l police  w officers  t retry  "
                    "p page  x cancel  b correct time  o origin time  esc close", style="dim")
        show_if_changed(self.query_one("#dispatch-body", Static), plain(text))

    def _write(self, work) -> None:
        def guarded(session):
            try:
                return work(session)
            except ValidationFailed as exc:
                return exc

        def done(result) -> None:
            if isinstance(result, ValidationFailed):
                self.notify(str(result), severity="warning", timeout=5)
            self.app.data_written()  # type: ignore[attr-defined]
            self.reload()

        self.app.run_db(self, guarded, done, group="dispatch-write")  # type: ignore[attr-defined]

    def action_status(self, status: str) -> None:
        self._write(lambda s: set_team_status(s, self.dispatch_id, DispatchStatus(status)))

    def action_toggle_le(self) -> None:
        if self.view is not None:
            value = not self.view.dispatch.le_coresponse
            self._write(lambda s: set_le_coresponse(s, self.dispatch_id, value))

    def action_page(self) -> None:
        """Page a team for an awaiting dispatch, or add a member to the team already out."""
        if self.view is None:
            return
        from mrss_tui.screens.page_team import PageTeamModal

        self.app.push_screen(PageTeamModal(self.view.call, self.view.dispatch.episode_id),
                             lambda _result: self.reload())

    def action_cancel_dispatch(self) -> None:
        from mrss_tui.screens.prompt import PromptModal

        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                self._write(lambda s: cancel_dispatch(s, self.dispatch_id, values["reason"]))

        self.app.push_screen(PromptModal("Cancel this dispatch", [
            ("reason", "Why? (kept on the dispatch and in the audit)", "family declined")]),
            answered)

    def action_backdate(self) -> None:
        from mrss_tui.screens.prompt import PromptModal

        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                self._write(lambda s: correct_typed_time(
                    s, self.dispatch_id, values["status"], values["at"], values["reason"]))

        self.app.push_screen(PromptModal("Correct a status time entered late", [
            ("status", "Which status: a ack, e en route, r arrived, c cleared", "r"),
            ("at", "When it really happened (local time)", "14:05"),
            ("reason", "Why? (the original stays in the audit)", "entered after the visit")]),
            answered)

    def action_origin(self) -> None:
        from mrss_tui.screens.prompt import PromptModal

        if self.view is None:
            return
        call_id = self.view.call.id

        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                self._write(lambda s: set_origin_time(s, call_id, values["at"]))

        self.app.push_screen(PromptModal("When did the originating line receive this call?", [
            ("at", "Local time (the response clock and the report measure from it)", "14:02")]),
            answered)

    def action_officers(self) -> None:
        from mrss_tui.screens.coresponse_form import CoResponseForm
        from mrss_tui.workflow.coresponse import coresponse_of

        if self.view is None:
            return
        call = self.view.call

        def saved(message: str | None) -> None:
            if message:
                self.notify(message, timeout=4)
                self.app.data_written()  # type: ignore[attr-defined]

        self.app.run_db(self, lambda s: coresponse_of(s, call.id),  # type: ignore[attr-defined]
                        lambda now: self.app.push_screen(CoResponseForm(call.id, call.ref, now),
                                                         saved), group="dispatch-write")

    def action_retry(self) -> None:
        def queued(pages) -> None:
            if pages:
                kick_sending(self.app)
            else:
                self.notify("No failed page to retry.", timeout=3)
            self.reload()

        self.app.run_db(self, lambda s: retry_failed_pages(s, self.dispatch_id),  # type: ignore[attr-defined]
                        queued, group="dispatch-write")
