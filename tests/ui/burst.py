"""Typing a whole form in one burst, the way a stalled SSH link delivers it: every key event is
handed to the app at once, with no pause for the app to catch up (unlike ``pilot.press``)."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from tests.ui.helpers import settle



def keys_of(steps: list[tuple[str, str]]) -> list[str]:
    """("type", text) steps become one key per character; ("key", name) steps stay as they are."""
    keys: list[str] = []
    for kind, value in steps:
        keys.extend(value) if kind == "type" else keys.append(value)
    return keys


def key_event(key: str) -> events.Key:
    """The event a terminal key makes, built the way ``pilot.press`` builds it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


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


async def contact_form_over(pilot: Pilot, episode_id: int):
    """The contact form opened with ``c`` (as typed) over episode ``episode_id``."""
    from mrss_tui.screens.contact_form import ContactFormScreen
    from mrss_tui.screens.episode import EpisodeScreen

    await settle(pilot)
    await pilot.app.push_screen(EpisodeScreen(episode_id))
    await settle(pilot)
    await burst(pilot, ["c"])
    form = pilot.app.screen
    assert isinstance(form, ContactFormScreen), form
    return form
