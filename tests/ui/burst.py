"""Typing a whole form in one burst, the way a stalled SSH link delivers it: every key event is
handed to the app at once, with no pause for the app to catch up (unlike ``pilot.press``)."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.pilot import Pilot

from tests.ui.helpers import settle

NAMED = {" ": "space", "'": "apostrophe", "-": "minus", ".": "full_stop", ",": "comma",
         "/": "slash", ":": "colon", "%": "percent_sign", "!": "exclamation_mark"}


def keys_of(steps: list[tuple[str, str]]) -> list[str]:
    """("type", text) steps become one key per character; ("key", name) steps stay as they are."""
    keys: list[str] = []
    for kind, value in steps:
        keys.extend(NAMED.get(ch, ch) for ch in value) if kind == "type" else keys.append(value)
    return keys


def key_event(key: str) -> events.Key:
    if len(key) == 1:
        return events.Key(key, key)
    try:
        char: str | None = unicodedata.lookup(key.upper().replace("_", " "))
    except KeyError:
        char = {"space": " ", "enter": "\r", "tab": "\t"}.get(key)
    return events.Key(key, char if char and len(char) == 1 else None)


async def burst(pilot: Pilot, keys: list[str], *, then_settle: bool = True) -> None:
    """Hand every key to the app in one go, then wait until all of them were handled."""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    if then_settle:
        await until_keys_handled(pilot)


async def until_keys_handled(pilot: Pilot) -> None:
    for _ in range(400):
        await settle(pilot)
        gate = pilot.app.keys
        if not gate._waiting and not gate._busy and not gate._holds:
            await settle(pilot)
            return
    raise AssertionError("the app did not handle the burst of keys")
