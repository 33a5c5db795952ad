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
from mrss_tui.workflow.roster import (
    LOCAL_FORMAT,
    RosterView,
    add_shift_from_form,
    remove_shift,
    roster,
    save_staff,
    set_staff_active,
)


class RosterScreen(MrssScreen):
    nav_id = "roster"
    DEFAULT_CSS = """
    #roster-lists { height: 1fr; margin: 0 1; }
    #roster-staff { height: 1fr; }
    #roster-shifts { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add_staff", "Add staff", id="roster.add_staff",
                tooltip="Add a staff member (role, credentials, paging address)"),
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
            yield DataTable(id="roster-staff", cursor_type="row", zebra_stripes=True)
            yield Static("On call, next 7 days", classes="list-title")
            yield DataTable(id="roster-shifts", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#roster-staff", DataTable).add_columns(
            "Name", "Login", "Role", "Cred.", "Region", "Paging", "Active")
        self.query_one("#roster-shifts", DataTable).add_columns(
            "Starts", "Ends", "Region", "Slot", "Who", "Role")
        super().on_mount()

    def refresh_data(self) -> None:
        self.run_db(roster, self.show, group="roster")

    def show(self, view: RosterView) -> None:
        self.view = view
        staff = self.query_one("#roster-staff", DataTable)
        keep = staff.cursor_row
        staff.clear()
        for s in view.staff:
            staff.add_row(s.name, s.login, label(s.role), s.credentials, s.region or "-",
                          "set" if s.paging_url else Text("NONE", style="bold red"),
                          "yes" if s.active else Text("no", style="dim"), key=str(s.id))
        staff.move_cursor(row=min(keep, max(staff.row_count - 1, 0)))
        shifts = self.query_one("#roster-shifts", DataTable)
        keep = shifts.cursor_row
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
        self._edit_staff(None)

    def _edit_staff(self, staff) -> None:
        config = self.session.config
        fields = [
            ("login", "Login", staff.login if staff else "", [], staff is None),
            ("name", "Name", staff.name if staff else "", [], True),
            ("role", "Role", staff.role.value if staff else "", [r.value for r in Role], True),
            ("credentials", "Credentials", staff.credentials if staff else "",
             ["LCSW", "LPC", "LMFT", "LADC", "QMHA", "PSS", "Paramedic"], True),
            ("phone", "Phone", staff.phone if staff else "", [], True),
            ("paging_url", "Paging URL", staff.paging_url if staff else "",
             ["json://", "mailto://", "tgram://"], True),
            ("region", "Region", staff.region if staff else "", config.regions, True),
        ]
        title = f"Edit {staff.name}" if staff else "Add a staff member"
        self.app.push_screen(FormModal(title, fields, lambda s, v: save_staff(
            s, {k: val for k, val in v.items() if staff is None or k != "login"}, staff)),
            self._saved)

    def action_toggle_active(self) -> None:
        staff = self._staff()
        if staff is not None:
            self.run_db(lambda s: set_staff_active(s, staff, not staff.active), self._saved)

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
                                       lambda s, v: add_shift_from_form(s, **v)), self._saved)

    def action_remove_shift(self) -> None:
        key = self._selected("#roster-shifts")
        if key is not None:
            self.run_db(lambda s: remove_shift(s, int(key)), self._saved)

    def _saved(self, result: Any) -> None:
        if result is not None:
            self.app.data_written()  # type: ignore[attr-defined]
            self.refresh_data()


class FormModal(ModalScreen[Any]):
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
    #form-box .problem { height: auto; color: $error; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save"),
        Binding("escape", "dismiss(None)", "Cancel", id="form.cancel", tooltip="Close unsaved"),
    ]

    def __init__(self, title: str, fields: list[tuple[str, str, str, list[str], bool]],
                 save: Callable[[Any, dict[str, str]], Any]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(Text(self.title_text, style="bold"))
            for name, title, value, suggestions, editable in self.fields:
                with Horizontal(classes="row"):
                    yield Label(title)
                    yield Input(value, id=f"form-{name}", disabled=not editable,
                                suggester=SuggestFromList(suggestions, case_sensitive=False)
                                if suggestions else None)
                yield Static(id=f"form-problem-{name}", classes="problem")
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

        def work(session):
            try:
                return self.save(session, values)
            except ValidationFailed as exc:
                return exc

        self.app.run_db(self, work, self._done, group="form-save")  # type: ignore[attr-defined]

    def _done(self, result: Any) -> None:
        for problem in self.query(".problem").results(Static):
            problem.update("")
        if isinstance(result, ValidationFailed):
            for field, problem in (result.problems or {"login": str(result)}).items():
                target = self.query(f"#form-problem-{field}")
                if target:
                    target.first(Static).update(f"  ! {problem}")
            self.notify(str(result), severity="warning", timeout=5)
            return
        self.dismiss(result)

