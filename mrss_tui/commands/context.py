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

    def crash_folder(self) -> Path:
        """Where this command's crash report goes: [paths] of its config, or the defaults (next
        to the database) when the config itself cannot be read."""
        from mrss_tui.config import PathsConfig
        from mrss_tui.workflow.files import output_place

        try:
            paths = self.config().paths
        except Exception:  # noqa: BLE001 - a crash report must still find a folder
            paths = PathsConfig()
        return output_place(paths, self.db_path, "crash")

    @property
    def login(self) -> str:
        from mrss_tui.commands.paths import default_login

        return self.login_opt or default_login()


pass_ctx = click.make_pass_decorator(CliContext)
