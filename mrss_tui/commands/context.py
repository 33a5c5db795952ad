"""What every sub-command receives: the global options of ``mrss`` (``--db``, ``--config``,
``--as``). Here, not in cli.py, so command modules never import the CLI that loads them."""

from __future__ import annotations

import click

from mrss_tui.commands.global_options import CliContext

__all__ = ["CliContext", "pass_ctx"]

pass_ctx = click.make_pass_decorator(CliContext)
