"""Starting the TUI (``mrss`` with no sub-command)."""

from __future__ import annotations

import os
import sys

from mrss_tui.cli import CliContext
from mrss_tui.errors import MrssError


def run_tui(ctx: CliContext) -> None:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise MrssError("mrss needs a terminal; over SSH use 'ssh -t'")
    config = ctx.config()
    from mrss_tui.workflow.context import open_session

    session = open_session(ctx.db_path, config, ctx.login)
    # OpenSSH drops COLORTERM; most terminals that reach us render 24-bit colour.
    os.environ.setdefault("COLORTERM", "truecolor")
    from mrss_tui.app import MrssApp

    try:
        MrssApp(session).run()
    finally:
        session.store.close()


COMMANDS: list = []
