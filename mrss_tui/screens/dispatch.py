"""One dispatch: the team's status (acknowledged, en route, arrived, cleared), each member's
acknowledgement and every page with its delivery state. Opened with enter on the board.

A team member records their own status; a coordinator can record it on their behalf.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from mrss_tui.domain.enums import DispatchStatus, PageStatus, label
from mrss_tui.errors import ValidationFailed
from mrss_tui.messages import DataChanged
from mrss_tui.screens.page_team import kick_sending
from mrss_tui.widgets.format import acuity_text, local_time
from mrss_tui.widgets.quiet import show_if_changed
from mrss_tui.workflow.paging import (
    DispatchView,
    dispatch_view,
    retry_failed_pages,
    set_le_coresponse,
    set_team_status,
)

STATUS_KEYS = [("a", DispatchStatus.ACKNOWLEDGED), ("e", DispatchStatus.EN_ROUTE),
               ("r", DispatchStatus.ARRIVED), ("c", DispatchStatus.CLEARED)]
PAGE_STYLE = {PageStatus.SENT: "green", PageStatus.QUEUED: "yellow",
              PageStatus.FAILED: "bold reverse red"}


class DispatchModal(ModalScreen[None]):
    DEFAULT_CSS = """
    DispatchModal { align: center middle; }
    #dispatch-box { width: 90; max-width: 100%; height: auto; max-height: 100%;
                    border: thick $accent; background: $surface; padding: 0 1; }
    #dispatch-body { height: auto; }
    """
    BINDINGS = [
        *[Binding(key, f"status('{status.value}')", label(status), id=f"dispatch.{status.value}",
                  tooltip=f"Record '{label(status)}' now (for yourself, or for the team)")
          for key, status in STATUS_KEYS],
        Binding("l", "toggle_le", "Police co-resp.", id="dispatch.le",
                tooltip="Record law-enforcement co-response on/off"),
        Binding("t", "retry", "Retry failed", id="dispatch.retry",
                tooltip="Queue failed pages again and send them now"),
        Binding("escape", "dismiss(None)", "Close", id="dispatch.close", tooltip="Back"),
    ]

    def __init__(self, dispatch_id: int) -> None:
        super().__init__()
        self.dispatch_id = dispatch_id
        self.view: DispatchView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dispatch-box"):
            yield Static("Loading…", id="dispatch-body")

    def on_mount(self) -> None:
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
        steps = [("Paged", d.paged_at), ("Acknowledged", d.acknowledged_at),
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
            for page in view.pages_of(staff.id):
                text.append("\n   page ")
                text.append(f"{page.status.value.upper()}", style=PAGE_STYLE[page.status])
                text.append(f" ({page.kind}, {page.attempts} attempt"
                            f"{'s' if page.attempts != 1 else ''})")
                if page.status is PageStatus.QUEUED and page.next_attempt_at and page.attempts:
                    text.append(f" next try {local_time(page.next_attempt_at, zone)}")
                if page.last_error:
                    text.append(f": {page.last_error}", style="red")
        text.append("\n\na ack  e en route  r arrived  c cleared  l police  t retry  esc close",
                    style="dim")
        show_if_changed(self.query_one("#dispatch-body", Static), text)

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

    def action_retry(self) -> None:
        def queued(pages) -> None:
            if pages:
                kick_sending(self.app)
            else:
                self.notify("No failed page to retry.", timeout=3)
            self.reload()

        self.app.run_db(self, lambda s: retry_failed_pages(s, self.dispatch_id),  # type: ignore[attr-defined]
                        queued, group="dispatch-write")
