"""Moving an episode on, closing it (disposition; a reason when early) or reopening it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Select, Static

from mrss_tui.domain.enums import Disposition, Phase, label
from mrss_tui.domain.episodes import closes_early
from mrss_tui.domain.models import Episode
from mrss_tui.screens.form_base import FormModal, submit
from mrss_tui.workflow.episodes import change_phase

TITLES = {Phase.STABILIZATION: "Move on to stabilization", Phase.CLOSED: "Close the episode",
          Phase.CRISIS: "Reopen the episode"}


class PhaseFormScreen(FormModal):
    PROBLEM_FIELDS = {"to": "#phase-to", "disposition": "#phase-disposition",
                      "reason": "#phase-reason"}
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="phase.cancel",
                tooltip="Change nothing now; what you typed is kept as a draft"),
        Binding("ctrl+s", "save", "Save", id="phase.save", tooltip="Make the change"),
    ]

    def __init__(self, episode: Episode, to: Phase) -> None:
        super().__init__()
        self.episode = episode
        self.to = to
        self.draft_form = f"phase:{episode.id}:{to.value}"
        self.draft_title = f"{TITLES[to]}: {episode.ref}"
        self.draft_how = f"open episode {episode.ref} and do it again"

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        early = closes_early(self.episode, session.config.windows, session.config.zone,
                             session.now())
        with Vertical(id="phase-box", classes="form-box"):
            yield Static(f"{TITLES[self.to]}: {self.episode.ref}", classes="form-title")
            if self.to is Phase.CRISIS:
                yield Label("Reopen into")
                yield Select([("Crisis (new 72 h window from now)", Phase.CRISIS.value),
                              ("Stabilization", Phase.STABILIZATION.value)],
                             value=Phase.CRISIS.value, allow_blank=False, id="phase-to", compact=True)
            if self.to is Phase.CLOSED:
                yield Label("Disposition")
                yield Select([(label(d), d.value) for d in Disposition], id="phase-disposition",
                             compact=True,
                             prompt="Choose where the person went")
            if self.to is not Phase.STABILIZATION:
                reason = ("Reason for closing early (required)" if self.to is Phase.CLOSED and early
                          else "Reason" + (" (required)" if self.to is Phase.CRISIS else " (optional)"))
                yield Label(reason)
                yield Input(id="phase-reason", max_length=1000, compact=True)
            yield Static(classes="form-problem")
            yield Button("Save (ctrl+s)", id="phase-save", variant="primary", compact=True)

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.action_save()

    def _data(self) -> dict:
        to = self.to
        if to is Phase.CRISIS:
            to = Phase(self.query_one("#phase-to", Select).value)
        data: dict = {"to": to.value}
        if self.to is Phase.CLOSED:
            choice = self.query_one("#phase-disposition", Select).value
            data["disposition"] = None if choice == Select.NULL else choice
        if self.query("#phase-reason"):
            data["reason"] = self.query_one("#phase-reason", Input).value
        return data

    def action_save(self) -> None:
        data, episode = self._data(), self.episode

        def done(changed: Episode) -> None:
            self.dismiss(f"Now {changed.phase.value}" + (
                f": {label(changed.disposition)}" if changed.disposition else ""))

        submit(self, lambda session: change_phase(session, episode.id, data, episode.version), done)
