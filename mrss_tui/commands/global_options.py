"""The global options of ``mrss`` (``--db``, ``--config``, ``--as``), declared once: cli.py makes
click options of them, and ``plain_start`` reads them without click for plain ``mrss`` (the TUI),
whose start must not wait for click's import. ``CliContext`` is what every command receives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class GlobalOption(NamedTuple):
    flag: str
    dest: str  # the CliContext field it sets
    envvar: str  # read when the flag is not given (an empty value counts as not set)
    is_path: bool
    metavar: str | None
    help: str


GLOBAL_OPTIONS = (
    GlobalOption("--db", "db_opt", "MRSS_DB", True, None,
                 "Database file (default: $MRSS_DB or the XDG data folder: "
                 "~/.local/share/mrss/mrss.db)."),
    GlobalOption("--config", "config_opt", "MRSS_CONFIG", True, None,
                 "config.toml (default: $MRSS_CONFIG or ~/.config/mrss/config.toml; "
                 "built-in profile defaults if absent)."),
    GlobalOption("--as", "login_opt", "MRSS_AS", False, "LOGIN",
                 "The acting staff member's login (default: $MRSS_AS or your user name)."),
)


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


def plain_start(argv: Sequence[str], environ: Mapping[str, str]) -> CliContext | None:
    """The context of a plain ``mrss`` start (only global options, as ``--db X`` or ``--db=X``),
    or None for anything else (a sub-command, --help, --version, a typo, a value that starts
    with '-' or is empty): click then reads the command line, with its own messages."""
    by_flag = {option.flag: option for option in GLOBAL_OPTIONS}
    given: dict[str, str] = {}
    index = 0
    while index < len(argv):
        flag, has_value, value = argv[index].partition("=")
        option = by_flag.get(flag)
        if option is None:
            return None
        if not has_value:
            if index + 1 == len(argv):
                return None
            value = argv[index + 1]
            index += 1
        if not value or value.startswith("-"):
            return None
        given[option.dest] = value
        index += 1
    values: dict[str, Path | str | None] = {}
    for option in GLOBAL_OPTIONS:
        raw = given.get(option.dest) or environ.get(option.envvar) or None
        values[option.dest] = Path(raw) if raw is not None and option.is_path else raw
    return CliContext(**values)
