"""The top line: program, who is acting (and as what), and the time in the line's zone."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static
from mrss_tui.widgets.safe import plain


class TopBar(Static):
    DEFAULT_CSS = """
    TopBar { dock: top; height: 1; background: $primary-background; color: $text; }
    """

    _shown: Text | None = None

    def on_mount(self) -> None:
        self._render_bar()
        # Checked every second, drawn only when it changes (once a minute: the clock shows
        # minutes), so an idle screen sends nothing over a slow link.
        self.set_interval(1.0, self._render_bar)

    def _render_bar(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        bar = plain(self.compose_bar(session.config.program.name, session.actor.name,
                                     session.actor.role.value.replace("_", " "),
                                     session.now().astimezone(session.config.zone),
                                     # as it mounts, not yet laid out: the line is as wide
                                     # as the terminal (drawn once, not also for 0 columns)
                                     max(self.size.width or self.app.size.width, 1)))
        if bar != self._shown:
            self._shown = bar
            self.update(bar)

    @staticmethod
    def compose_bar(program: str, name: str, role: str, now, width: int) -> Text:
        """The program always stays (a shared terminal must say which line it is): when the
        line is narrow the clock loses its date first, then the role goes, then the name is
        shortened."""
        for with_date, with_role in ((True, True), (False, True), (False, False)):
            who = Text.assemble((name, "bold"), f" · {role}" if with_role else "")
            left = Text.assemble((f" {program} ", "bold"), " │ ", who)
            right = Text(now.strftime("%a %d %b %H:%M %Z " if with_date else "%H:%M "))
            gap = width - left.cell_len - right.cell_len
            if gap >= 1:
                return Text.assemble(left, " " * gap, right)
        left.truncate(max(width - right.cell_len - 1, 1), overflow="ellipsis")
        return Text.assemble(left, " " * max(width - left.cell_len - right.cell_len, 1), right)

    def on_resize(self) -> None:
        self._render_bar()
