"""The referral directory: search as you type, filters, a service's detail; the supervisor
adds, edits and marks services verified."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from mrss_tui.domain.directory import format_hours, is_stale
from mrss_tui.domain.enums import AgeBand, ServiceStatus, label
from mrss_tui.screens.base import MrssScreen
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.form_base import show_failure
from mrss_tui.screens.form_drafts import DraftedForm
from mrss_tui.widgets.directory import ServiceTable, detail_text
from mrss_tui.widgets.marks import MarkedCheckbox
from mrss_tui.workflow.directory import (
    COUNT_CAP,
    DirectoryChoices,
    DirectoryPage,
    DirectoryQuery,
    ServiceForm,
    directory_choices,
    mark_verified,
    save_service,
    search_directory,
    service_detail,
)
from mrss_tui.workflow.drafts import discard_draft
from mrss_tui.workflow.permissions import Action
from mrss_tui.widgets.safe import plain

BANDS = [(label(b), b.value) for b in AgeBand if b is not AgeBand.UNKNOWN]


class DirectoryScreen(MrssScreen):
    nav_id = "directory"
    # Costly to build on the key (three dropdowns and a checkbox):
    # mounted, filled and drawn in idle time (screens/premount.py).
    build_ahead = True
    arrival_focus = "#dir-search"  # "d crisis" searches, whatever the last visit left focused
    CSS_PATH = "directory.tcss"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="directory.search",
                tooltip="Type to search names, descriptions and categories"),
        Binding("escape", "leave_search", "Results", id="directory.results", show=False,
                tooltip="Leave the search box for the results (letters are keys again)"),
        Binding("ctrl+o", "toggle_open", "Open now", id="directory.open_now",
                tooltip="Show only services open at this moment"),
        Binding("ctrl+l", "clear_filters", "Clear", id="directory.clear",
                tooltip="Clear the search text and every filter"),
        Binding("n", "new", "New", id="directory.new",
                tooltip="Add a service (supervisor)"),
        Binding("e", "edit", "Edit", id="directory.edit",
                tooltip="Edit the highlighted service (supervisor)"),
        Binding("v", "verify", "Verified", id="directory.verify",
                tooltip="Mark the highlighted service verified today (supervisor)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page: DirectoryPage | None = None
        self.choices_loaded = False

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="Search services, organizations, categories…", id="dir-search",
                    compact=True)
        with Horizontal(id="dir-filters"):
            yield Select([], prompt="Any county", id="dir-county", compact=True)
            yield Select(BANDS, prompt="Any age", id="dir-band", compact=True)
            yield Select([], prompt="Any category", id="dir-category", compact=True)
            yield MarkedCheckbox("Open", id="dir-open", compact=True)
        yield Static(id="dir-status")
        yield ServiceTable(id="dir-results")

    # -- permissions: the editing keys exist only for the supervisor -----------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "verify"):
            return self.app.may(Action.EDIT_DIRECTORY)  # type: ignore[attr-defined]
        return True

    # -- data ------------------------------------------------------------------------------------
    def query_now(self) -> DirectoryQuery:
        def value(selector: str) -> str:
            chosen = self.query_one(selector, Select).value
            return "" if chosen in (Select.BLANK, Select.NULL) else str(chosen)

        return DirectoryQuery(text=self.query_one("#dir-search", Input).value,
                              county=value("#dir-county"),
                              band=AgeBand(value("#dir-band") or AgeBand.UNKNOWN.value),
                              category=value("#dir-category"),
                              open_now=self.query_one("#dir-open", Checkbox).value)

    def first_read(self):
        """The filter choices and every service, as a first visit asks (screens/read_ahead.py)."""
        def work(session):
            return directory_choices(session), search_directory(session, DirectoryQuery())

        def show(read: tuple[DirectoryChoices, DirectoryPage]) -> None:
            self.show_choices(read[0])
            self.show_page(read[1])

        return work, show

    def refresh_data(self) -> None:
        if not self.choices_loaded:
            self.run_db(directory_choices, self.show_choices, group="dir-choices")
        query = self.query_now()
        self.run_db(lambda s: search_directory(s, query), self.show_page, group="dir-search")

    def show_choices(self, choices: DirectoryChoices) -> None:
        self.choices_loaded = True
        with self.prevent(Select.Changed):
            self.query_one("#dir-county", Select).set_options((c, c) for c in choices.counties)
            self.query_one("#dir-category", Select).set_options(
                (name, term_id) for term_id, name in choices.categories)

    def show_page(self, page: DirectoryPage) -> None:
        self.page = page
        now = self.session.now()
        stale = sum(is_stale(s.last_verified_at, now) for s in page.services)
        shown = len(page.services)
        more = f" (first {shown})" if shown < page.total <= COUNT_CAP else ""
        status = page.total_text + more
        if stale:
            status += f" · {stale} STALE (not verified in 12 months)"
        status += "   Enter: details"
        self.query_one("#dir-status", Static).update(status)
        self.query_one(ServiceTable).show(page.services, now, "Nothing matches. Try fewer words "
                                          "or clear the filters (ctrl+l).", keep_if_same=True)

    # -- events ------------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "dir-search":
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "dir-search":
            self.query_one(ServiceTable).focus()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.refresh_data()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self.refresh_data()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        service_id = self.query_one(ServiceTable).selected_id
        if service_id:
            self.app.push_screen(ServiceDetailScreen(service_id))

    # -- actions ------------------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#dir-search", Input).focus()

    def action_leave_search(self) -> None:
        if self.focused is self.query_one("#dir-search", Input):
            self.query_one(ServiceTable).focus()
            self.notify("In the results: enter shows details, / searches again.", timeout=3)

    def action_toggle_open(self) -> None:
        box = self.query_one("#dir-open", Checkbox)
        box.value = not box.value

    def action_clear_filters(self) -> None:
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            self.query_one("#dir-search", Input).value = ""
            for selector in ("#dir-county", "#dir-band", "#dir-category"):
                self.query_one(selector, Select).clear()
            self.query_one("#dir-open", Checkbox).value = False
        self.refresh_data()
        self.action_focus_search()

    def action_new(self) -> None:
        self.app.push_screen(ServiceEditScreen(ServiceForm(), None, None), self._saved)

    def action_edit(self) -> None:
        service_id = self.query_one(ServiceTable).selected_id
        if service_id:
            open_editor(self, service_id, self._saved)

    def action_verify(self) -> None:
        service_id = self.query_one(ServiceTable).selected_id
        summary = next((s for s in (self.page.services if self.page else []) if s.id == service_id),
                       None)
        if summary is not None:
            self.run_db(lambda s: mark_verified(s, summary.id, summary.version),
                        lambda _r: self._verified(summary.name), group="dir-write")

    def _verified(self, name: str) -> None:
        self.notify(f"{name}: marked verified today.")
        self.app.data_written()  # type: ignore[attr-defined]

    def _saved(self, service_id: str | None) -> None:
        if service_id:
            self.choices_loaded = False
            self.refresh_data()


def open_editor(screen, service_id: str, then) -> None:
    """Load a service into the editor (off the UI thread) and push it."""
    def load(session):
        detail = service_detail(session, service_id)
        return detail, ServiceForm.from_detail(detail, format_hours(detail.summary.hours))

    def push(loaded) -> None:
        detail, form = loaded
        screen.app.push_screen(ServiceEditScreen(form, service_id, detail.summary.version), then)

    screen.app.run_db(screen, load, push, group="dir-load")


class ServiceDetailScreen(ModalScreen[None]):
    """One service: phones, hours, address, eligibility, when it was last verified."""

    DEFAULT_CSS = """
    ServiceDetailScreen { align: center middle; }
    #service-box { width: 100%; max-width: 100; height: 1fr; border: round $accent;
                   background: $surface; padding: 0 1; }
    #service-keys { height: 1; width: 100%; max-width: 100; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="service.close", tooltip="Back to the list"),
        Binding("e", "edit", "Edit", id="service.edit", tooltip="Edit this service (supervisor)"),
        Binding("v", "verify", "Verified", id="service.verify",
                tooltip="Mark verified today (supervisor)"),
    ]

    def __init__(self, service_id: str) -> None:
        super().__init__()
        self.service_id = service_id
        self.version: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="service-box"):
            yield Static("Loading…", id="service-text")
        yield Static("escape: back   e: edit   v: mark verified", id="service-keys")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "verify"):
            return self.app.may(Action.EDIT_DIRECTORY)  # type: ignore[attr-defined]
        return True

    def on_mount(self) -> None:
        if not self.app.may(Action.EDIT_DIRECTORY):  # type: ignore[attr-defined]
            self.query_one("#service-keys", Static).update("escape: back")
        self.load()

    def load(self) -> None:
        self.app.run_db(self, lambda s: service_detail(s, self.service_id), self.show,  # type: ignore[attr-defined]
                        group="service")

    def show(self, detail) -> None:
        self.version = detail.summary.version
        session = self.app.session  # type: ignore[attr-defined]
        self.query_one("#service-text", Static).update(
            plain(detail_text(detail, session.now(), session.config.zone)))

    def action_edit(self) -> None:
        open_editor(self, self.service_id, lambda saved: saved and self.load())

    def action_verify(self) -> None:
        def done(_result: None) -> None:
            self.notify("Marked verified today.")
            self.load()

        self.app.run_db(self, lambda s: mark_verified(s, self.service_id, self.version),  # type: ignore[attr-defined]
                        done, group="service-write")


FORM_FIELDS: list[tuple[str, str, str]] = [
    ("name", "Service", "e.g. Youth counseling"),
    ("organization", "Organization", "an existing name links to it"),
    ("status", "Status", "active / inactive / defunct / temporarily closed"),
    ("phone", "Phone", "(541) 555-0100"),
    ("address_1", "Address", "street and number"),
    ("city", "Town", ""),
    ("state_province", "State", ""),
    ("postal_code", "ZIP", ""),
    ("hours", "Hours", "Mo-Fr 08:00-17:00; Sa 10:00-14:00; Every day all day"),
    ("minimum_age", "Min age", "empty = no limit"),
    ("maximum_age", "Max age", "empty = no limit"),
    ("counties", "Counties", "comma-separated"),
    ("categories", "Categories", "comma-separated category names"),
    ("languages", "Languages", "comma-separated"),
    ("description", "Description", ""),
]


class ServiceEditScreen(DraftedForm, ModalScreen[str | None]):
    """Add or edit a service; saving also marks it verified. Returns the service id or None."""

    PROBLEM_FIELDS = {name: f"#edit-{name}" for name, _caption, _hint in FORM_FIELDS}

    DEFAULT_CSS = """
    ServiceEditScreen { align: center middle; }
    #edit-box { width: 100%; max-width: 100; height: 100%; border: round $accent;
                background: $surface; padding: 0 1; }
    #edit-title { height: 1; text-style: bold; }
    #edit-fields { height: 1fr; }
    .edit-row { height: 1; }
    .edit-label { width: 13; }
    .edit-row Input { width: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="service_edit.save",
                tooltip="Save and mark verified today"),
        Binding("escape", "cancel", "Close", id="service_edit.cancel",
                tooltip="Close; what you typed is kept as a draft"),
    ]

    def __init__(self, form: ServiceForm, service_id: str | None, version: int | None) -> None:
        super().__init__()
        self.form = form
        self.service_id = service_id
        self.version = version
        self.draft_form = f"service:{service_id or 'new'}"
        self.draft_title = f"{'Edit' if service_id else 'New'} service {form.name}".strip()
        self.draft_how = "Directory (d), then " + ("e on the service" if service_id else "n")

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box"):
            yield Static(("Edit service" if self.service_id else "New service")
                         + "   ctrl+s: save   escape: cancel", id="edit-title")
            with VerticalScroll(id="edit-fields"):
                for name, caption, hint in FORM_FIELDS:
                    with Horizontal(classes="edit-row"):
                        yield Label(caption, classes="edit-label")
                        yield Input(str(getattr(self.form, name)), placeholder=hint,
                                    id=f"edit-{name}", compact=True)

    def on_mount(self) -> None:
        self.query_one("#edit-fields").can_focus = False  # tab goes field to field
        self.query_one("#edit-name", Input).focus()
        self.start_drafts()

    def action_cancel(self) -> None:
        self.keep_as_draft()
        self.dismiss(None)

    def action_save(self) -> None:
        values = {name: self.query_one(f"#edit-{name}", Input).value for name, _c, _h in FORM_FIELDS}
        if values["status"].strip().lower() in {s.value for s in ServiceStatus}:
            values["status"] = values["status"].strip().lower()
        form = ServiceForm(**values)
        service_id, version, draft = self.service_id, self.version, self.draft_form

        def work(session) -> str | ValidationFailed:
            try:
                with session.store.atomic():
                    saved = save_service(session, form, service_id=service_id,
                                         expected_version=version)
                    discard_draft(session, draft)
                return saved
            except ValidationFailed as exc:
                return exc

        self.app.run_db(self, work, self._done, group="service-save",  # type: ignore[attr-defined]
                        hold_keys="save")

    def _done(self, service_id: str | ValidationFailed) -> None:
        if isinstance(service_id, ValidationFailed):
            show_failure(self, service_id)
            return
        self.notify("Saved and marked verified today.")
        self.dismiss(service_id)

