"""Starting the TUI (``mrss`` with no sub-command)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Mapping
from typing import NamedTuple

from mrss_tui.commands.global_options import CliContext
from mrss_tui.errors import MrssError

# Over SSH an escape sequence (an arrow key) can arrive split across packets; Textual's default
# 100 ms wait would read its first byte as a lone Escape. 300 ms covers a slow rural link and is
# still quick enough for Escape itself.
SSH_ESCAPE_DELAY_MS = "300"


class TerminalSettings(NamedTuple):
    environ: dict[str, str]  # set before Textual is imported (it reads them at import)
    mouse: bool


def terminal_settings(environ: Mapping[str, str]) -> TerminalSettings:
    """What the link needs. Over SSH (SSH_CONNECTION set): no animations, no mouse tracking
    (every mouse move would cross the link) unless MRSS_MOUSE=on, and a longer escape delay.
    Settings the user already chose win."""
    updates = {"COLORTERM": "truecolor"}  # OpenSSH drops COLORTERM; most terminals do 24-bit
    over_ssh = bool(environ.get("SSH_CONNECTION"))
    if over_ssh:
        updates |= {"TEXTUAL_ANIMATIONS": "none", "ESCDELAY": SSH_ESCAPE_DELAY_MS}
    mouse_choice = environ.get("MRSS_MOUSE", "").strip().lower()
    mouse = mouse_choice in ("on", "1", "yes") if mouse_choice else not over_ssh
    return TerminalSettings({k: v for k, v in updates.items() if not environ.get(k)}, mouse)


def run_tui(ctx: CliContext) -> None:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise MrssError("mrss needs a terminal; over SSH use 'ssh -t'")
    config = ctx.config()
    from mrss_tui.store.damage import stop_background_check
    from mrss_tui.workflow.context import open_session

    # The file's quick_check (seconds on a large file) runs while the board shows: the app
    # says if it finds damage, and no save happens before it has passed (store/damage.py).
    session = open_session(ctx.db_path, config, ctx.login, check_in_background=True)
    settings = terminal_settings(os.environ)
    os.environ.update(settings.environ)
    from mrss_tui.app import MrssApp
    from mrss_tui.workflow.demo_pager import start_demo_pager

    pagers = []  # the demo's pager (only on a demo database), started after the first frame

    def after_first_frame() -> None:
        # The collector was off since the start (launch.py). What the start made is set aside
        # first, or the next collections would walk all of it (~150 ms) as the first keys
        # arrive; the warm-up's full collection takes it back and frees its garbage
        # (screens/warmup.py).
        gc.freeze()
        gc.enable()
        pagers.append(start_demo_pager(session.store))

    try:
        MrssApp(session, first_board=first_board(session),
                after_first_frame=after_first_frame).run(mouse=settings.mouse)
    finally:
        gc.enable()
        for pager in pagers:
            if pager is not None:
                pager.stop()
        session.store.optimize()
        session.store.close()
        stop_background_check(session.store.path)


COMMANDS: list = []


def first_board(session):
    """The board read before the UI starts, so its first frame already shows the data (one
    frame instead of an empty board and then a second). None when the role has no board or
    the read failed: the board then reads as on any later visit, and says why in the app."""
    from mrss_tui.errors import MrssError
    from mrss_tui.workflow.board import board_summary
    from mrss_tui.workflow.permissions import Action, allowed

    if not allowed(session.actor.role, Action.VIEW_BOARD):
        return None
    try:
        return board_summary(session)
    except MrssError:
        return None
