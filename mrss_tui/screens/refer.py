"""Refer from an episode (modal screens the episode screen opens with an episode id).

``ReferScreen(episode_id)`` suggests services for a chosen need that fit the person's age band
and county (or searches the whole directory) and returns a ``ReferResult`` (None if cancelled).
``EpisodeReferralsScreen(episode_id)`` lists the episode's referrals, changes their status and
prints the family's list; it returns nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from mrss_tui.domain.program_words import connect_question
from mrss_tui.domain.directory import CONNECT_CHECK_DAYS, Suggestion, is_stale
from mrss_tui.domain.enums import ReferralStatus, label
from mrss_tui.screens.base import WRITING_HOLDS_NO_KEYS
from mrss_tui.widgets.directory import ServiceTable
from mrss_tui.workflow.disclosures import record_episode_screen
from mrss_tui.workflow.directory import DirectoryPage, DirectoryQuery, search_directory
from mrss_tui.workflow.referrals import (
    ReferContext,
    ReferResult,
    episode_referrals,
    print_referral_list,
    refer,
    refer_context,
    set_status,
    suggestions,
)
from mrss_tui.widgets.safe import SafeTable, plain

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 100%; max-width: 110; height: 100%; border: round $accent;
                   background: $surface; padding: 0 1; }}
{name} .title {{ height: 1; text-style: bold; }}
{name} .hint {{ height: 1; color: $text-muted; }}
{name} DataTable {{ height: 1fr; }}
"""


class ReferScreen(ModalScreen[ReferResult | None]):
    DEFAULT_CSS = MODAL_CSS.format(name="ReferScreen") + """
    #refer-controls { height: 1; margin: 1 0; }
    #refer-category { width: 34; margin-right: 1; }
    #refer-search { width: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="refer.cancel", tooltip="Close without referring"),
        Binding("ctrl+s", "suggest_only", "Suggest only", id="refer.suggest",
                tooltip="Record the highlighted service as suggested, without referring yet"),
        Binding("ctrl+t", "details", "Details", id="refer.details",
                tooltip="Phones, hours and address of the highlighted service"),
    ]

    def __init__(self, episode_id: int) -> None:
        super().__init__()
        self.episode_id = episode_id
        self.context: ReferContext | None = None
        self.reasons: dict[str, str] = {}  # why each suggestion fits, shown when highlighted
        self.summary_hint = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Refer", classes="title", id="refer-title")
            with Horizontal(id="refer-controls"):
                yield Select([], prompt="Choose the need", id="refer-category", compact=True)
                yield Input(placeholder="…or search the whole directory", id="refer-search",
                            compact=True)
            yield Static("", classes="hint", id="refer-hint")
            yield ServiceTable(id="refer-results")
            yield Static("Enter refer · ctrl+s suggest only · ctrl+t details · escape cancel",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#refer-category", Select).focus()
        self.app.run_db(self, lambda s: refer_context(s, self.episode_id), self.show_context,  # type: ignore[attr-defined]
                        group="refer-context")

    def show_context(self, context: ReferContext) -> None:
        self.context = context
        place = f"{context.county} county" if context.county else "county unknown"
        self.query_one("#refer-title", Static).update(
            plain(f"Refer {context.episode_ref} · {label(context.band)} · {place}"))
        self.query_one("#refer-category", Select).set_options(
            (plain(name), term_id) for term_id, name in context.categories)
        self.query_one("#refer-hint", Static).update("Choose the need to see the best fits.")
        self.query_one(ServiceTable).show([], self.app.session.now(), "")  # type: ignore[attr-defined]

    def _category(self) -> str:
        value = self.query_one("#refer-category", Select).value
        return "" if value in (Select.BLANK, Select.NULL) else str(value)

    def reload(self) -> None:
        text = self.query_one("#refer-search", Input).value.strip()
        category, context = self._category(), self.context
        if context is None:
            return
        if text:
            query = DirectoryQuery(text=text)
            self.app.run_db(self, lambda s: search_directory(s, query), self.show_search,  # type: ignore[attr-defined]
                            group="refer-list")
        elif category:
            self.app.run_db(self, lambda s: suggestions(s, context, category),  # type: ignore[attr-defined]
                            self.show_suggestions, group="refer-list")

    def show_suggestions(self, found: list[Suggestion]) -> None:
        # The title names the band and county; the hint says how many fit and what follows.
        self.summary_hint = f"{len(found)} fit · referring books a check in {CONNECT_CHECK_DAYS} days"
        self.query_one("#refer-hint", Static).update(self.summary_hint)
        now = self.app.session.now()  # type: ignore[attr-defined]
        self.reasons = {s.service.id: ", ".join(s.reasons) for s in found}
        self.query_one(ServiceTable).show(
            [s.service for s in found], now, "No service fits this need here; search the whole "
            "directory instead.")

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        reason = self.reasons.get(self.query_one(ServiceTable).selected_id or "")
        if reason:
            self.query_one("#refer-hint", Static).update(plain(f"Fits: {reason} · {self.summary_hint}"))

    def show_search(self, page: DirectoryPage) -> None:
        self.reasons = {}
        self.query_one("#refer-hint", Static).update(f"Whole directory: {page.total_text}")
        self.query_one(ServiceTable).show(page.services, self.app.session.now(),  # type: ignore[attr-defined]
                                          "Nothing matches.")

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.query_one("#refer-search", Input).value = ""  # the need wins over an old search
        self.reload()
        self.query_one(ServiceTable).focus()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box goes to the results and says what the next enter does."""
        table = self.query_one(ServiceTable)
        table.focus()
        if table.selected_id is None:
            self.query_one("#refer-hint", Static).update(
                f"Nothing matches {event.input.value.strip()!r}: change the words or choose "
                "the need")
            self.query_one("#refer-search", Input).focus()
            return
        name = str(table.get_row_at(table.cursor_row)[0])
        self.query_one("#refer-hint", Static).update(Text.assemble(
            "In the results: enter refers ", (name, "bold"),
            " · ↑↓ choose another · ctrl+s suggest only"))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self._refer(ReferralStatus.REFERRED)

    def action_suggest_only(self) -> None:
        self._refer(ReferralStatus.SUGGESTED)

    def action_details(self) -> None:
        from mrss_tui.screens.directory import ServiceDetailScreen

        service_id = self.query_one(ServiceTable).selected_id
        if service_id:
            self.app.push_screen(ServiceDetailScreen(service_id))

    def _refer(self, status: ReferralStatus) -> None:
        service_id = self.query_one(ServiceTable).selected_id
        if not service_id:
            self.notify("Highlight a service first.", severity="warning")
            return
        category = self._category()
        self.app.run_db(self, lambda s: refer(s, self.episode_id, service_id, category,  # type: ignore[attr-defined]
                                              status=status), self._done, group="refer-write")

    def _done(self, result: ReferResult) -> None:
        verb = label(result.referral.status).lower()
        check = (f" Scheduled: {connect_question(self.app.session.config)}"  # type: ignore[attr-defined]
                 if result.followup_due_at else "")
        self.notify(f"{result.service_name}: {verb}.{check}")
        self.app.data_written()  # type: ignore[attr-defined]
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EpisodeReferralsScreen(ModalScreen[None]):
    """The episode's referrals: change status (dated, with who) and print the family's list."""

    DEFAULT_CSS = MODAL_CSS.format(name="EpisodeReferralsScreen")
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="referrals.close", tooltip="Back to the episode"),
        Binding("r", "status('referred')", "Referred", id="referrals.referred",
                tooltip="Mark referred (schedules the connection check)"),
        Binding("c", "status('connected')", "Connected", id="referrals.connected",
                tooltip="Connected with the service"),
        Binding("x", "status('declined')", "Declined", id="referrals.declined",
                tooltip="Declined the service"),
        Binding("n", "status('no_show')", "No-show", id="referrals.no_show",
                tooltip="Did not go"),
        Binding("p", "print", "Print", id="referrals.print",
                tooltip="Write the list to hand over (name, phone, address, hours) as text and PDF"),
    ]

    def __init__(self, episode_id: int) -> None:
        super().__init__()
        self.episode_id = episode_id
        self.versions: dict[int, int] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Referrals", classes="title")
            yield SafeTable(id="referrals-table", cursor_type="row", zebra_stripes=True)
            yield Static("r referred  c connected  x declined  n no-show  p print  escape close",
                         classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Service", width=24)
        table.add_column("Phone", width=14)
        table.add_column("Status", width=9)
        table.add_column("Since", width=12)
        table.add_column("By", width=6)
        table.focus()
        self.app.run_db(self, lambda s: record_episode_screen(s, self.episode_id, "referrals"),  # type: ignore[attr-defined]
                        group="referrals-view")
        self.load()

    def load(self) -> None:
        self.app.run_db(self, lambda s: episode_referrals(s, self.episode_id), self.show,  # type: ignore[attr-defined]
                        group="referrals")

    def show(self, lines) -> None:
        table = self.query_one(SafeTable)
        keep = table.cursor_row
        session = self.app.session  # type: ignore[attr-defined]
        now = session.now()
        with table.filling():
            table.clear()
            for line in lines:
                self.versions[line.id] = line.version
                name = Text(line.service_name, overflow="ellipsis")
                if is_stale(line.last_verified_at, now):
                    name.append(" STALE", style="bold yellow")
                table.add_row(name, line.phones[0] if line.phones else "", label(line.status),
                              self._when(line.status_at), line.status_by, key=str(line.id))
            if not lines:
                table.add_row(Text("No referrals yet.", style="dim"), "", "", "", "",
                              key="__empty__")
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))

    def _when(self, at) -> str:
        from mrss_tui.widgets.format import local_time

        return local_time(at, self.app.session.config.zone, with_day=True)[4:]  # type: ignore[attr-defined]

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key in (None, "__empty__") else int(key)

    def action_status(self, status: str) -> None:
        referral_id = self._selected()
        if referral_id is None:
            return
        version = self.versions.get(referral_id)
        self.app.run_db(self, lambda s: set_status(s, referral_id, ReferralStatus(status),  # type: ignore[attr-defined]
                                                   expected_version=version),
                        self._changed, group="referrals-write")

    def _changed(self, result: ReferResult) -> None:
        self.notify(f"{result.service_name}: {label(result.referral.status).lower()}.")
        self.app.data_written()  # type: ignore[attr-defined]
        self.load()

    def action_print(self) -> None:
        self.app.run_db(self, lambda s: print_referral_list(s, self.episode_id),  # type: ignore[attr-defined]
                        lambda paths: self.notify(f"Written: {paths[1]} (and .txt)", timeout=10),
                        group="referrals-print", hold_keys=WRITING_HOLDS_NO_KEYS)
