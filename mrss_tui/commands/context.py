"""What every sub-command receives: the global options of ``mrss`` (``--db``, ``--config``,
``--as``). Here, not in cli.py, so command modules never import the CLI that loads them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass
class CliContext:
    db_opt: Path | None
    config_opt: Path | None
    login_opt: str | None

    @property
    def db_path(self) -> Path:
        from mrss_tui.commands.paths import default_db_path

        return self.db_opt or default_db_path()

    def config(self):
        from mrss_tui.config import default_config_path, load_config

        return load_config(self.config_opt or default_config_path())

    @property
    def login(self) -> str:
        from mrss_tui.commands.paths import default_login

        return self.login_opt or default_login()


pass_ctx = click.make_pass_decorator(CliContext)
