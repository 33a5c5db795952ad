"""Default file locations (XDG through platformdirs), overridable by flags and environment."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    env = os.environ.get("MRSS_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("mrss") / "mrss.db"


def default_login() -> str:
    """The acting login when --as is not given: MRSS_AS, else the operating-system user."""
    import getpass

    return os.environ.get("MRSS_AS") or getpass.getuser()
