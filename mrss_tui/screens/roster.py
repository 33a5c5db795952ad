"""Roster (supervisors): staff with their roles, credentials and paging addresses, and the
on-call shifts for the week ahead (primary and backup slots per region)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Static

from mrss_tui.domain.enums import Role, label
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.base import MrssScreen
from mrss_tui.screens.form_base import show_failure
from mrss_tui.screens.form_drafts import DraftedForm
from mrss_tui.screens.form_problems import clear_problems
from mrss_tui.workflow.drafts import discard_draft
from mrss_tui.workflow.roster import (
    LOCAL_FORMAT,
    RosterView,
    add_shift_from_form,
    remove_shift,
    roster,
    save_staff,
)
from mrss_tui.workflow.staff import set_active
from mrss_tui.widgets.safe import SafeTable


class RosterScreen(MrssScreen):
    nav_id = "roster"
    # Costly to build on the key (two tables, every staff member a row):
    # mounted, filled and drawn in idle time (screens/premount.py).
    build_ahead = True
    DEFAULT_CSS = """
    #roster-lists { height: 1fr; margin: 0 1; }
    #roster-staff { height: 1fr; }
    #roster-shifts { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add_staff", "Add staff", id="roster.add_staff",
                tooltip="Add a staff member (the New staff form; kept as a draft until saved)"),
        Binding("s", "add_shift", "Add shift", id="roster.add_shift",
                tooltip="Put someone on call (primary or backup) for a region"),
        Binding("x", "toggle_active", "Active on/off", id="roster.active",
                tooltip="Make the selected staff member inactive (or active again)"),
        Binding("delete", "remove_shift", "Remove shift", id="roster.remove_shift",
                tooltip="Remove the selected shift"),
        Binding("tab", "app.focus_next", "Next list", show=False, id="roster.next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: RosterView | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="roster-lists"):
            yield Static("Staff  [dim]enter edits[/]", classes="list-title")
            yield SafeTable(id="roster-staff", cursor_type="row", zebra_stripes=True)
            yield Static("On call, next 7 days", classes="list-title")
            yield SafeTable(id="roster-shifts", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#roster-staff", DataTable).add_columns(
            "Name", "Login", "Role", "Cred.", "Region", "Paging", "Active")
        self.query_one("#roster-shifts", DataTable).add_columns(
            "Starts", "Ends", "Region", "Slot", "Who", "Role")
        super().on_mount()

    def first_read(self):
        """Staff and the week's shifts (screens/read_ahead.py)."""
        return roster, self.show

    def refresh_data(self) -> None:
        self.run_db(roster, self.show, group="roster")

    def show(self, view: RosterView) -> None:
        if view == self.view:
            return  # a refresh that changed nothing: rows, cursor and layout stay as they are
        self.view = view
        staff = self.query_one("#roster-staff", SafeTable)
        keep = staff.cursor_row
        # The cursor stays on the same person, who may have moved (inactive staff sort last):
        # a second x must undo the first, not deactivate whoever took their row.
        kept_key = self._selected("#roster-staff")
        with staff.filling():
            staff.clear()
            for s in view.staff:
                staff.add_row(s.name, s.login, label(s.role), s.credentials, s.region or "-",
                              "set" if s.paging_url else Text("NONE", style="bold red"),
                              "yes" if s.active else Text("no", style="dim"), key=str(s.id))
        keys = [str(s.id) for s in view.staff]
        staff.move_cursor(row=keys.index(kept_key) if kept_key in keys
                          else min(keep, max(staff.row_count - 1, 0)))
        shifts = self.query_one("#roster-shifts", SafeTable)
        keep = shifts.cursor_row
        with shifts.filling():
            shifts.clear()
            for shift, who in view.shifts:
                shifts.add_row(self.local(shift.starts_at, True), self.local(shift.ends_at, True),
                               shift.region, shift.slot.value, who.name, label(who.role),
                               key=str(shift.id))
        shifts.move_cursor(row=min(keep, max(shifts.row_count - 1, 0)))

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _staff(self):
        key = self._selected("#roster-staff")
        return next((s for s in self.view.staff if str(s.id) == key), None) if self.view else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "roster-staff":
            self._edit_staff(self._staff())

    def action_add_staff(self) -> None:
        """One way to add staff, with drafts: the New staff form (screens/staff_form.py)."""
        self.app.action_go("staff")  # type: ignore[attr-defined]

    def _edit_staff(self, staff) -> None:
        """Change an existing staff member (new ones come through the New staff form)."""
        if staff is None:
            return
        config = self.session.config
        fields = [
            ("login", "Login", staff.login, [], False),
            ("name", "Name", staff.name, [], True),
            ("role", "Role", staff.role.value, [r.value for r in Role], True),
            ("credentials", "Credentials", staff.credentials,
             ["LCSW", "LPC", "LMFT", "LADC", "QMHA", "PSS", "Paramedic"], True),
            ("phone", "Phone", staff.phone, [], True),
            ("paging_url", "Paging URL", staff.paging_url,
             ["json://", "mailto://", "tgram://"], True),
            ("region", "Region", staff.region, config.regions, True),
        ]
        self.app.push_screen(FormModal(f"Edit {staff.name}", fields, lambda s, v: save_staff(
            s, {k: val for k, val in v.items() if k != "login"}, staff),
            draft=f"staff-edit:{staff.id}"), self._saved)

    def action_toggle_active(self) -> None:
        staff = self._staff()
        if staff is not None:
            self.run_db(lambda s: set_active(s, staff.id, not staff.active, staff.version),
                        self._saved)

    def action_add_shift(self) -> None:
        config = self.session.config
        logins = [s.login for s in (self.view.staff if self.view else []) if s.active]
        start = self.session.now().astimezone(config.zone).strftime(LOCAL_FORMAT)
        fields = [
            ("login", "Staff login", "", logins, True),
            ("region", "Region", config.regions[0] if config.regions else "", config.regions, True),
            ("slot", "Slot", "primary", ["primary", "backup"], True),
            ("starts", "Starts (local)", start, [], True),
            ("hours", "Hours", "12", [], True),
        ]
        self.app.push_screen(FormModal("Put someone on call", fields,
                                       lambda s, v: add_shift_from_form(s, **v),
                                       draft="shift"), self._saved)

    def action_remove_shift(self) -> None:
        key = self._selected("#roster-shifts")
        if key is not None:
            self.run_db(lambda s: remove_shift(s, int(key)), self._saved)

    def _saved(self, result: Any) -> None:
        if result is not None:
            self.app.data_written()  # type: ignore[attr-defined]
            self.refresh_data()


class FormModal(DraftedForm, ModalScreen[Any]):
    """A small form: one Input per field; enter on the last field (or ctrl+s) saves through
    ``save(session, values)`` in a worker, showing problems next to their fields."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    #form-box { width: 76; max-width: 100%; height: auto; border: thick $accent;
                background: $surface; padding: 0 1; }
    #form-box .row { height: 1; }
    #form-box Label { width: 16; color: $text-muted; }
    #form-box Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $panel; }
    #form-box Input:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save"),
        Binding("escape", "close", "Close", id="form.cancel",
                tooltip="Close; what you typed is kept as a draft"),
    ]

    def __init__(self, title: str, fields: list[tuple[str, str, str, list[str], bool]],
                 save: Callable[[Any, dict[str, str]], Any], draft: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save = save
        self.draft_form = draft
        self.draft_title = title
        self.draft_how = "open the roster (o) and do it again"

    def on_mount(self) -> None:
        self.start_drafts()

    def action_close(self) -> None:
        self.keep_as_draft()
        self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(Text(self.title_text, style="bold"))
            for name, title, value, suggestions, editable in self.fields:
                with Horizontal(classes="row"):
                    yield Label(title)
                    yield Input(value, id=f"form-{name}", disabled=not editable,
                                suggester=SuggestFromList(suggestions, case_sensitive=False)
                                if suggestions else None)
            yield Static(Text("enter: next field / save on the last  escape: cancel",
                              style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = [i for i in self.query(Input) if not i.disabled]
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#form-{name}", Input).value
                  for name, _t, _v, _s, editable in self.fields if editable}

        draft = self.draft_form

        def work(session):
            try:
                with session.store.atomic():
                    saved = self.save(session, values)
                    if draft:
                        discard_draft(session, draft)
                    return saved
            except ValidationFailed as exc:
                return exc

        self.app.run_db(self, work, self._done, group="form-save",  # type: ignore[attr-defined]
                        hold_keys="save")

    def _done(self, result: Any) -> None:
        clear_problems(self)
        if isinstance(result, ValidationFailed):
            fields = {name: f"#form-{name}" for name, *_rest in self.fields}
            show_failure(self, result if result.problems else ValidationFailed(
                str(result), {"login": str(result)}), fields)
            return
        self.dismiss(result)

