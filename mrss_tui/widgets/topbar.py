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
        actor = session.actor
        now = session.now().astimezone(session.config.zone)
        who = Text.assemble((actor.name, "bold"), f" · {actor.role.value.replace('_', ' ')}")
        left = Text.assemble((f" {session.config.program.name} ", "bold"), " │ ", who)
        right = Text(now.strftime("%a %d %b %H:%M %Z "))
        width = max(self.size.width, 1)
        if width - left.cell_len - right.cell_len < 1:  # narrow: who and what before the program
            left = Text.assemble(" ", who)
            right = Text(now.strftime("%H:%M "))
        gap = width - left.cell_len - right.cell_len
        if gap < 1:
            left.truncate(max(width - right.cell_len - 1, 1), overflow="ellipsis")
            gap = 1
        bar = plain(Text.assemble(left, " " * gap, right))
        if bar != self._shown:
            self._shown = bar
            self.update(bar)

    def on_resize(self) -> None:
        self._render_bar()
