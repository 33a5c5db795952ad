"""Law enforcement at a call: on scene, CIT-trained, the agency and who asked for them. One
record per call (it is counted once however many dispatches the call had)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from mrss_tui.domain.assessment import CoResponse, RequestedBy
from mrss_tui.domain.enums import label
from mrss_tui.screens.form_base import FormModal, submit
from mrss_tui.workflow.coresponse import record_coresponse

YES_NO = [("Yes", "yes"), ("No", "no")]


class CoResponseForm(FormModal):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="coresponse.cancel", tooltip="Record nothing"),
        Binding("ctrl+s", "save", "Save", id="coresponse.save", tooltip="Record law enforcement"),
    ]

    def __init__(self, call_id: int, call_ref: str, current: CoResponse | None = None) -> None:
        super().__init__()
        self.call_id, self.call_ref, self.current = call_id, call_ref, current

    def compose(self) -> ComposeResult:
        now = self.current
        with Vertical(id="coresponse-box", classes="form-box"):
            yield Static(f"Law enforcement at {self.call_ref}  [dim](ctrl+s saves)[/]",
                         classes="form-title")
            yield from self._row("On scene", Select(YES_NO, id="le-on-scene", prompt="-",
                                                    compact=True, value=_yes_no(now and now.on_scene)))
            yield from self._row("CIT-trained", Select(
                YES_NO, id="le-cit", prompt="unknown", compact=True,
                value=_yes_no(now.cit_trained if now else None)))
            yield from self._row("Agency", Input(now.agency if now else "", id="le-agency",
                                                 max_length=80, compact=True))
            yield from self._row("Requested by", Select(
                [(label(r), r.value) for r in RequestedBy], id="le-requested", prompt="-",
                compact=True, value=now.requested_by.value if now and now.requested_by
                else Select.NULL))
            yield Static(classes="form-problem")
            yield Button("Save (ctrl+s)", id="le-save", variant="primary", compact=True)

    @staticmethod
    def _row(title: str, control) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(title, classes="form-label")
            yield control

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.action_save()

    def _value(self, selector: str):
        value = self.query_one(selector, Select).value
        return None if value == Select.NULL else value

    def action_save(self) -> None:
        on_scene, cit = self._value("#le-on-scene"), self._value("#le-cit")
        data = {"on_scene": None if on_scene is None else on_scene == "yes",
                "cit_trained": None if cit is None else cit == "yes",
                "agency": self.query_one("#le-agency", Input).value,
                "requested_by": self._value("#le-requested")}
        call_id = self.call_id
        submit(self, lambda s: record_coresponse(s, call_id, data),
               lambda saved: self.dismiss(f"Law enforcement recorded for {self.call_ref}"))


def _yes_no(value: bool | None):
    return Select.NULL if value is None else ("yes" if value else "no")
