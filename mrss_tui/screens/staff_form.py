"""New staff member (supervisors): a small form that autosaves a draft while it is typed, so a
dropped SSH link or an idle lock loses nothing; the draft comes back on the next visit.

The one way to add staff: the roster's "Add staff" key opens this form too."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from mrss_tui.domain.enums import Role, label
from mrss_tui.domain.records import Draft, Staff
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.base import MrssScreen
from mrss_tui.screens.form_base import show_failure
from mrss_tui.screens.form_problems import clear_problems
from mrss_tui.workflow.drafts import discard_draft, load_draft, save_draft
from mrss_tui.workflow.staff import add_staff
from mrss_tui.domain.plain_text import strip_controls

FORM = "staff"  # the nav id: the login notice offers the draft with this screen's key
TEXT_FIELDS = ("login", "name", "credentials", "phone", "paging_url")
AUTOSAVE_SECONDS = 1.0


class StaffFormScreen(MrssScreen):
    letter_nav = False  # a form: letters are typed, not used to jump screens
    PROBLEM_FIELDS = {name: f"#f-{name}" for name in (*TEXT_FIELDS, "role", "region")}
    nav_id = "staff"
    CSS_PATH = "staff_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="staff.save", tooltip="Add this staff member"),
        Binding("ctrl+l", "discard", "Clear", id="staff.discard",
                tooltip="Clear the form and delete its draft"),
        Binding("escape", "leave", "Roster", id="staff.back",
                tooltip="Back to the roster; what you typed stays as a draft"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._autosave = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="draft-note")
        with VerticalScroll(id="staff-form"):
            for field, title, hint in (
                    ("login", "Login", "e.g. jdoe (lowercase)"), ("name", "Full name", ""),
                    ("credentials", "Credentials", "e.g. LCSW, QMHA"),
                    ("phone", "Phone", "for pages and call-backs"),
                    ("paging_url", "Paging URL", "json://..., mailto://..., tgram://...")):
                with Horizontal(classes="form-row"):
                    yield Label(title, classes="form-label")
                    yield Input(id=f"f-{field}", placeholder=hint, classes="form-input")
            with Horizontal(classes="form-row"):
                yield Label("Role", classes="form-label")
                yield Select([(label(r), r.value) for r in Role], id="f-role", allow_blank=True,
                             classes="form-input")
            with Horizontal(classes="form-row"):
                yield Label("Region", classes="form-label")
                yield Select([(r, r) for r in self.session.config.regions], id="f-region",
                             allow_blank=True, prompt="(none: not on a team)",
                             classes="form-input")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#f-login", Input).focus()
        # Keys typed before the draft arrives go in after it is restored, never lost.
        self.run_db(lambda s: load_draft(s, FORM), self._restore, group="draft-load",
                    hold_keys="load")

    # -- drafts --------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: self.query_one(f"#f-{f}", Input).value for f in TEXT_FIELDS}
        for name in ("role", "region"):
            value = self.query_one(f"#f-{name}", Select).value
            data[name] = "" if value is Select.NULL else value
        return data

    def _restore(self, draft: Draft | None) -> None:
        if draft is None or not any(draft.payload.values()):
            return
        note = self.query_one("#draft-note", Static)
        if any(self.values().values()):  # typed before the draft arrived: never overwrite
            note.update(f"Not restored: your draft from {self.local(draft.updated_at, True)} "
                        "arrived after you started typing; this form replaces it.")
            return
        for field in TEXT_FIELDS:
            self.query_one(f"#f-{field}", Input).value = strip_controls(str(draft.payload.get(field, "")))
        role = draft.payload.get("role")
        if role in {r.value for r in Role}:
            self.query_one("#f-role", Select).value = role
        region = draft.payload.get("region")
        if region in self.session.config.regions:
            self.query_one("#f-region", Select).value = region
        note.update(
            f"Restored your unsaved draft from {self.local(draft.updated_at, True)}. "
            "ctrl+s saves it, ctrl+l clears it.")

    def on_input_changed(self) -> None:
        self._changed()

    def on_select_changed(self) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self._save_draft_in_worker)

    def _save_draft_in_worker(self) -> None:
        payload = self.values()
        if any(payload.values()):
            self.run_db(lambda s: save_draft(s, FORM, payload), group="draft-save")
        else:
            self.run_db(lambda s: discard_draft(s, FORM), group="draft-save")

    def save_draft(self) -> None:
        """Called by the idle lock: save now, on this thread, before the screen is hidden."""
        if any(self.values().values()):
            save_draft(self.session, FORM, self.values())

    # -- actions ---------------------------------------------------------------------------------
    def action_save(self) -> None:
        values = self.values()

        def work(session) -> Staff | ValidationFailed:
            try:
                with session.store.atomic():
                    staff = add_staff(session, **values)
                    discard_draft(session, FORM)
                return staff
            except ValidationFailed as exc:
                return exc

        self.run_db(work, self._saved, group="staff-save", hold_keys="save")

    def _saved(self, staff: Staff | ValidationFailed) -> None:
        if isinstance(staff, ValidationFailed):
            show_failure(self, staff)
            return
        clear_problems(self)
        self._clear()
        self.notify(f"Added {staff.name} ({staff.login}, {label(staff.role)}).", title="Saved")
        self.app.data_written()  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        self.save_draft()
        self.app.action_go("roster")  # type: ignore[attr-defined]

    def action_discard(self) -> None:
        self._clear()
        self.run_db(lambda s: discard_draft(s, FORM), group="draft-save")
        self.notify("Form cleared; its draft is deleted.")

    def _clear(self) -> None:
        if self._autosave is not None:
            self._autosave.stop()
        for field in TEXT_FIELDS:
            self.query_one(f"#f-{field}", Input).value = ""
        self.query_one("#f-role", Select).clear()
        self.query_one("#f-region", Select).clear()
        self.query_one("#draft-note", Static).update("")

