"""A database belongs to one program profile. ``mrss init`` and ``mrss demo`` record it; opening
the database with a config for another profile is refused (a Connecticut database must not
report as the Oklahoma City team); ``mrss config set-profile`` moves it on purpose, audited.

A database made before profiles were recorded takes the profile of the first config that opens
it (recorded and audited as the system).
"""

from __future__ import annotations

from mrss_tui.config import Config
from mrss_tui.errors import ConfigError
from mrss_tui.store.db import Store


class ProfileMismatch(ConfigError):
    exit_code = 2


def record_profile(store: Store, config: Config, actor: str, action: str) -> None:
    store.program_meta.set_profile(actor, config.profile, action=action)


def check_profile(store: Store, config: Config) -> None:
    """Refuse a config whose profile is not the database's (clear message, nothing changed)."""
    recorded = store.program_meta.profile()
    if recorded is None:
        record_profile(store, config, "system", "profile.adopt")
        return
    if recorded != config.profile:
        raise ProfileMismatch(
            f"{store.path} belongs to the '{recorded}' program, but the config selects "
            f"'{config.profile}'. Use this database's own config (profile = \"{recorded}\"), or "
            f"move the database on purpose with: mrss --db {store.path} config set-profile "
            f"{config.profile}")
