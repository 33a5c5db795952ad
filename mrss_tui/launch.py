"""The ``mrss`` program. Plain ``mrss`` (the TUI, with at most the global options) starts without
importing click, whose import is a noticeable part of the time to the first frame; any other
command line (a sub-command, --help, --version, a mistake) goes to the click CLI in cli.py."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # Everything the start makes (modules, config, the first screen) lives on, yet the cyclic
    # collector would walk it about 120 times before the first frame: 60-100 ms under load,
    # against ~20 ms for a bare Textual app. It is off until the board is on screen
    # (commands/tui.py turns it back on then).
    gc.disable()
    from mrss_tui.no_pydantic_plugins import turn_off

    turn_off()
    from mrss_tui.commands.global_options import plain_start

    context = plain_start(sys.argv[1:], os.environ)
    if context is None:
        gc.enable()
        from mrss_tui.cli import main as cli_main

        cli_main()
        return
    from mrss_tui.commands.guard import run_guarded
    from mrss_tui.commands.tui import run_tui

    run_guarded(lambda: run_tui(context), lambda: context)
    sys.exit(0)
