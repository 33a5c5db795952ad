"""The safety plan editor: Stanley-Brown sections and reasons for living. Every save is a new
version; earlier versions can be looked at ([ and ]) and the latest printed (text and PDF)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static, TextArea

from mrss_tui.domain.models import SAFETY_PLAN_SECTIONS, SafetyPlan
from mrss_tui.domain.records import episode_ref
from mrss_tui.screens.base import MrssScreen
from mrss_tui.screens.form_base import submit
from mrss_tui.workflow.disclosures import record_episode_screen
from mrss_tui.workflow.episodes import save_safety_plan, safety_plan_versions
from mrss_tui.domain.plain_text import strip_controls


class SafetyPlanScreen(MrssScreen):
    letter_nav = False  # a form: letters are typed, not used to jump screens
    CSS_PATH = "episodes.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save version", id="plan.save",
                tooltip="Save the plan as a new version"),
        Binding("ctrl+o", "export", "Print copy", id="plan.export",
                tooltip="Write the latest version as text and PDF to hand over"),
        Binding("ctrl+g", "print", "Send to printer", id="plan.print",
                tooltip="Write the PDF and send it to the default printer with lp"),
        Binding("left_square_bracket", "older", "Older", id="plan.older",
                tooltip="Show the previous version (read only)"),
        Binding("right_square_bracket", "newer", "Newer", id="plan.newer",
                tooltip="Show the next version; the newest can be edited"),
        Binding("escape", "back", "Back", id="plan.back",
                tooltip="Back to the episode (asks again if there are unsaved changes)"),
    ]

    def __init__(self, episode_id: int) -> None:
        super().__init__()
        self.episode_id = episode_id
        self.versions: list[SafetyPlan] = []
        self.shown: int | None = None  # index into versions; None = a new plan
        self.loaded: dict[str, str] = {}
        self.leaving = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="plan-head")
        with VerticalScroll(id="plan-sections"):
            for field, heading in SAFETY_PLAN_SECTIONS.items():
                yield Label(heading, classes="plan-label")
                yield TextArea(id=f"plan-{field}", classes="plan-text", soft_wrap=True, compact=True,
                               tab_behavior="focus")
        yield Static(classes="form-problem")

    def on_mount(self) -> None:
        # The plan shows the person's record: its opening is recorded once per visit.
        self.run_db(lambda s: record_episode_screen(s, self.episode_id, "safety_plan"),
                    group="plan-view")
        super().on_mount()

    def refresh_data(self) -> None:
        # Keys typed before the plan arrives go in after it is shown (never overwritten by it).
        self.run_db(lambda s: safety_plan_versions(s, self.episode_id), self.show_versions,
                    group="plan", hold_keys="load")

    def show_versions(self, versions: list[SafetyPlan]) -> None:
        self.versions = versions
        if self.loaded and self.dirty():
            self._head()  # someone saved meanwhile: keep the user's words, say so in the header
            return
        self._show(len(versions) - 1 if versions else None)

    def _show(self, index: int | None) -> None:
        self.shown = index
        plan = self.versions[index] if index is not None else None
        for field in SAFETY_PLAN_SECTIONS:
            area = self.query_one(f"#plan-{field}", TextArea)
            area.text = strip_controls(getattr(plan, field)) if plan else ""
            area.read_only = not self._editing()
        self.loaded = self._texts()
        self._head()
        if not self.focused or not isinstance(self.focused, TextArea):
            self.query_one(f"#plan-{next(iter(SAFETY_PLAN_SECTIONS))}", TextArea).focus()

    def _editing(self) -> bool:
        return self.shown is None or self.shown == len(self.versions) - 1

    def _head(self) -> None:
        head = Text.assemble(("Safety plan ", "bold"), (episode_ref(self.episode_id), "bold"), "  ")
        if self.shown is None:
            head.append("no plan yet: write one and press ctrl+s", style="yellow")
        else:
            plan = self.versions[self.shown]
            head.append(f"version {plan.version_no} of {len(self.versions)}, saved "
                        f"{self.local(plan.created_at, with_day=True)} by {plan.created_by}")
            if not self._editing():
                head.append("  READ ONLY (] for newer)", style="bold yellow")
        if self.dirty():
            head.append("  unsaved", style="bold")
        self.query_one("#plan-head", Static).update(head)

    def _texts(self) -> dict[str, str]:
        return {f: self.query_one(f"#plan-{f}", TextArea).text for f in SAFETY_PLAN_SECTIONS}

    def dirty(self) -> bool:
        return self._editing() and self._texts() != self.loaded

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.leaving = False
        self._head()

    # -- actions -------------------------------------------------------------------------------------
    def action_save(self) -> None:
        if not self._editing():
            self.notify("This is an older version; press ] to go to the newest to edit.")
            return
        if self.versions and not self.dirty():
            self.notify("Nothing changed since the last version.")
            return
        texts = self._texts()

        def done(plan: SafetyPlan) -> None:
            self.versions.append(plan)
            self.query_one(".form-problem", Static).update("")
            self._show(len(self.versions) - 1)
            self.notify(f"Saved as version {plan.version_no}.", title=episode_ref(self.episode_id))
            self.app.data_written()  # type: ignore[attr-defined]

        submit(self, lambda session: save_safety_plan(session, self.episode_id, texts), done)

    def action_export(self, to_printer: bool = False) -> None:
        from mrss_tui.workflow.safety_plan_print import export_plan

        def done(paths) -> None:
            text_path, pdf_path = paths
            sent = " and sent to the printer" if to_printer else ""
            self.notify(f"Printable copy written{sent}:\n{pdf_path}\n{text_path.name}", timeout=10)

        submit(self, lambda session: export_plan(session, self.episode_id,
                                                 to_printer=to_printer), done)

    def action_print(self) -> None:
        self.action_export(to_printer=True)

    def action_older(self) -> None:
        if self.shown and not self.dirty():
            self._show(self.shown - 1)

    def action_newer(self) -> None:
        if self.shown is not None and self.shown < len(self.versions) - 1:
            self._show(self.shown + 1)

    def action_back(self) -> None:
        if self.dirty() and not self.leaving:
            self.leaving = True
            self.notify("Unsaved changes: ctrl+s saves them; escape again leaves without saving.",
                        severity="warning")
            return
        self.app.pop_screen()
