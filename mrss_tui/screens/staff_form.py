"""New staff member (supervisors): a small form that autosaves a draft while it is typed, so a
dropped SSH link or an idle lock loses nothing; the draft comes back on the next visit."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from mrss_tui.domain.enums import Role, label
from mrss_tui.domain.models import Draft, Staff
from mrss_tui.screens.base import MrssScreen
from mrss_tui.workflow.drafts import discard_draft, load_draft, save_draft
from mrss_tui.workflow.staff import add_staff

FORM = "staff"  # the nav id: the login notice offers the draft with this screen's key
TEXT_FIELDS = ("login", "name", "credentials", "phone")
AUTOSAVE_SECONDS = 1.0


class StaffFormScreen(MrssScreen):
    letter_nav = False  # a form: letters are typed, not used to jump screens
    nav_id = "staff"
    CSS_PATH = "staff_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="staff.save", tooltip="Add this staff member"),
        Binding("ctrl+l", "discard", "Clear", id="staff.discard",
                tooltip="Clear the form and delete its draft"),
        Binding("escape", "leave", "Back", id="staff.back",
                tooltip="Back to the first screen; what you typed stays as a draft"),
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
                    ("phone", "Phone", "for pages and call-backs")):
                with Horizontal(classes="form-row"):
                    yield Label(title, classes="form-label")
                    yield Input(id=f"f-{field}", placeholder=hint, classes="form-input")
            with Horizontal(classes="form-row"):
                yield Label("Role", classes="form-label")
                yield Select([(label(r), r.value) for r in Role], id="f-role", allow_blank=True,
                             classes="form-input")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#f-login", Input).focus()
        self.run_db(lambda s: load_draft(s, FORM), self._restore, group="draft-load")

    # -- drafts --------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: self.query_one(f"#f-{f}", Input).value for f in TEXT_FIELDS}
        role = self.query_one("#f-role", Select).value
        data["role"] = "" if role is Select.NULL else role
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
            self.query_one(f"#f-{field}", Input).value = str(draft.payload.get(field, ""))
        role = draft.payload.get("role")
        if role in {r.value for r in Role}:
            self.query_one("#f-role", Select).value = role
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

        def work(session) -> Staff:
            with session.store.atomic():
                staff = add_staff(session, **values)
                discard_draft(session, FORM)
            return staff

        self.run_db(work, self._saved, group="staff-save")

    def _saved(self, staff: Staff) -> None:
        self._clear()
        self.notify(f"Added {staff.name} ({staff.login}, {label(staff.role)}).", title="Saved")
        self.app.data_written()  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        self.save_draft()
        home = next(iter(self.app.allowed_entries()))  # type: ignore[attr-defined]
        self.app.action_go(home.id)  # type: ignore[attr-defined]

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
        self.query_one("#draft-note", Static).update("")

