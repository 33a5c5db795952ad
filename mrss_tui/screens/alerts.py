"""Open alerts, most urgent first: acknowledge, snooze, or open the episode behind one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from mrss_tui.domain.enums import Severity, label
from mrss_tui.domain.records import Alert
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.episode_format import short_when
from mrss_tui.workflow import alert_handling
from mrss_tui.widgets.safe import SafeTable

SEVERITY_STYLE = {Severity.URGENT: "bold reverse red", Severity.WARNING: "bold yellow",
                  Severity.INFO: "dim"}


class AlertsScreen(MrssScreen):
    nav_id = "alerts"
    CSS_PATH = "episodes.tcss"
    BINDINGS = [
        Binding("k", "acknowledge", "Acknowledge", id="alerts.acknowledge",
                tooltip="Mark the selected alert as seen and handled"),
        Binding("z", "snooze(60)", "Snooze 1h", id="alerts.snooze",
                tooltip="Hide the selected alert for an hour"),
        Binding("Z", "snooze(240)", "Snooze 4h", id="alerts.snooze_long", show=False,
                tooltip="Hide the selected alert for four hours"),
        Binding("enter", "open", "Open episode", id="alerts.open", show=False,
                tooltip="Open the episode the selected alert is about"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.alerts: list[Alert] = []

    def compose_body(self) -> ComposeResult:
        yield Static(id="alerts-title", classes="list-title")
        yield SafeTable(id="alerts-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self._add_columns()
        super().on_mount()

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Level", key="level", width=7)
        table.add_column("Due", key="due", width=12)
        table.add_column("Alert", key="message", width=self._message_width())

    # The level and due columns, each cell's padding, the table's margin and its scrollbar.
    FIXED_COLUMNS = 7 + 12 + 3 * 2 + 2 + 2

    def _message_width(self) -> int:
        """The message takes the room the screen has (51 at 80 columns, 91 at 120)."""
        return max(self.size.width - self.FIXED_COLUMNS, 30) if self.size.width else 51

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        column = table.columns.get(ColumnKey("message"))
        if column is not None and column.width != self._message_width():
            table.clear(columns=True)
            self._add_columns()
            self.show_alerts(self.alerts)

    def first_read(self):
        """The open alerts (screens/read_ahead.py)."""
        return alert_handling.open_alerts, self.show_alerts

    def refresh_data(self) -> None:
        self.run_db(alert_handling.open_alerts, self.show_alerts, group="alerts")

    def show_alerts(self, alerts: list[Alert]) -> None:
        self.alerts = alerts
        table = self.query_one(SafeTable)
        keep = table.cursor_row
        zone = self.session.config.zone
        with table.filling():
            table.clear()
            for alert in alerts:
                severity = Text(label(alert.severity).upper(), style=SEVERITY_STYLE[alert.severity])
                table.add_row(severity, short_when(alert.due_at, zone), alert.message,
                              key=str(alert.id))
            if not alerts:
                table.add_row("", "", Text("No open alerts.", style="dim"))
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))
        urgent = sum(1 for a in alerts if a.severity is Severity.URGENT)
        self.query_one("#alerts-title", Static).update(Text.assemble(
            ("Open alerts", "bold"), f"  {len(alerts)}", (f", {urgent} urgent", "bold red") if urgent
            else "", ("   k ack · z snooze 1h · Z 4h · enter opens", "dim")))

    def _selected(self) -> Alert | None:
        row = self.query_one(DataTable).cursor_row
        return self.alerts[row] if 0 <= row < len(self.alerts) else None

    def action_acknowledge(self) -> None:
        alert = self._selected()
        if alert is not None:
            self.run_db(lambda s: alert_handling.acknowledge(s, alert.id), self._changed, group="ack")

    def action_snooze(self, minutes: int) -> None:
        alert = self._selected()
        if alert is not None:
            self.run_db(lambda s: alert_handling.snooze(s, alert.id, minutes), self._changed,
                        group="ack")

    def _changed(self, alert: Alert) -> None:
        done = "acknowledged" if alert.acknowledged_at else "snoozed"
        self.notify(f"Alert {done}.")
        self.app.data_written()  # type: ignore[attr-defined]

    def action_open(self) -> None:
        alert = self._selected()
        if alert is not None:
            self.run_db(lambda s: alert_handling.episode_of(s, alert), self._open_episode,
                        group="alert-open")

    def _open_episode(self, episode_id: int | None) -> None:
        if episode_id is None:
            self.notify("This alert is not about an episode.")
            return
        from mrss_tui.screens.episode import EpisodeScreen

        self.app.push_screen(EpisodeScreen(episode_id))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

