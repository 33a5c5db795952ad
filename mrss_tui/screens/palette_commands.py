"""What the command palette (ctrl+p) offers: the screens the role may open, finding an
episode, the keys of this screen, setting the unlock PIN, and quitting. Nothing while the
session is locked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.app import SystemCommand

from mrss_tui.workflow.permissions import Action


def palette_commands(app: Any) -> Iterator[SystemCommand]:
    if app.idle.locked:
        return
    for nav in app.allowed_entries():
        yield SystemCommand(f"Go to {nav.title}", nav.description,
                            lambda nav_id=nav.id: app.action_go(nav_id))
    if app.may(Action.VIEW_OWN_EPISODES):
        yield SystemCommand("Find an episode", "By person name, phone, episode (E00144) or "
                            "call number (C000312)", app.action_find_episode)
    yield SystemCommand("Help: list every key", "Show the keys of the current screen",
                        app.action_help)
    yield SystemCommand("Set my unlock PIN", "The PIN or passphrase that unlocks your "
                        "session after it locks when idle", app.action_set_unlock_secret)
    yield SystemCommand("Quit", "Leave mrss; unfinished forms stay as drafts", app.exit)
