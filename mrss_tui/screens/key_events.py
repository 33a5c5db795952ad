"""Keys as the gate passes them on (screens/key_gate.py): a key again after it waited, a run of
characters as one insertion, Escape-then-letter as typed, and which fields take text.

Kept apart from the gate's bookkeeping of holds and waiting keys: these are pure translations
of key events, the same whatever the gate's state.
"""

from __future__ import annotations

import sys
from typing import Any

from textual import events
from textual.widgets import Input


def takes_joined_text(field: Any) -> bool:
    """A field that takes a run of characters at once exactly as it takes them one by one:
    no limit or pattern that would turn the whole run away where it took some of them."""
    if isinstance(field, text_area_classes()):
        return True
    return (isinstance(field, Input) and not field.max_length and not field.restrict
            and field.type == "text")


def joined(run: list[events.Key | events.Paste]) -> list[events.Key | events.Paste]:
    """A run of characters for one field as one insertion (a paste of what was typed): the
    field and everything that reacts to its changes (checks, look-ups, notes) then work once
    for the run instead of once a character. A real paste stays on its own (an input takes
    only the first line of a paste)."""
    joined: list[events.Key | events.Paste] = []
    keys: list[events.Key] = []
    for key in [*run, None]:
        if isinstance(key, events.Key):
            keys.append(key)
            continue
        if len(keys) > 1:
            joined.append(events.Paste("".join(k.character or "" for k in keys)))
        elif keys:
            joined.append(fresh_event(keys[0]))
        keys = []
        if key is not None:
            joined.append(fresh_event(key))
    return joined


def fresh_event(key: events.Key | events.Paste) -> events.Key | events.Paste:
    """A fresh event for a key that waited (the one that arrived was not handled)."""
    return events.Paste(key.text) if isinstance(key, events.Paste) else events.Key(
        key.key, key.character)


def alt_character(event: events.Key | events.Paste) -> str | None:
    """The printable character of an Alt+character key ("alt+e", "alt+shift+e"), else None."""
    parts = getattr(event, "key", "").split("+")
    if len(parts) < 2 or parts[0] != "alt" or any(p != "shift" for p in parts[1:-1]):
        return None
    char = event.character
    if not char or len(char) != 1:
        last = parts[-1]
        char = None if len(last) != 1 else last.upper() if "shift" in parts else last
    return char if char is not None and char.isprintable() else None


def read_escape_then_letter_as_typed() -> None:
    """Textual reads ESC b as ctrl+left, ESC f as ctrl+right and ESC 1 as "¡" (the keys of
    editors that treat Escape as Meta). Over SSH, Escape then a letter typed at once arrive in
    one read: "d Escape b" must leave the search box and press b, not move the cursor a word
    left. Here they read as Alt+letter, which the gate splits back into Escape and the letter.
    Real word-moving keys send their own sequences (ESC [ 1 ; 5 D).

    Each is a whole sequence in the table, so it is read at once: Textual otherwise waits for
    what follows, and when that is another Escape ("Escape d Escape e", or "Escape e" then an
    arrow key, ESC [ B) it gave up and typed "^d" into the field. Not ESC N, O, P or X: they
    begin the F-keys and terminal replies (those four then read as before)."""
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    for sequence in [s for s in ANSI_SEQUENCES_KEYS
                     if len(s) == 2 and s[0] == "\x1b" and s[1].isalnum()]:
        del ANSI_SEQUENCES_KEYS[sequence]
    for char in "abcdefghijklmnopqrstuvwxyz0123456789":
        ANSI_SEQUENCES_KEYS["\x1b" + char] = (_KeyName(f"alt+{char}"),)
    for char in "ABCDEFGHIJKLMQRSTUVWYZ":
        ANSI_SEQUENCES_KEYS["\x1b" + char] = (_KeyName(f"alt+shift+{char.lower()}"),)


def read_newline_as_enter() -> None:
    """Keys typed before mrss has the terminal (`mrss`, Enter, then a call typed at once, as a
    person who knows the screens does over SSH) meet the terminal in its line mode, which turns
    each Enter into a newline. Textual reads a newline as ctrl+j, which nothing here binds, so
    the Enter that should have run a search or moved to the next field was lost. In the raw
    mode mrss works in, Enter sends a carriage return and only ctrl+j a newline; ctrl+j acting
    as Enter is what shells (readline) do too."""
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
    from textual.keys import Keys

    ANSI_SEQUENCES_KEYS["\n"] = (Keys.Enter,)


class _KeyName(str):
    """A key name where Textual's table expects a member of its Keys enum (it reads .value)."""

    @property
    def value(self) -> str:
        return str(self)


def text_area_classes() -> tuple[type, ...]:
    """Textual's TextArea once a screen has imported it (none exists before that): its module
    costs start-up time the board does not need."""
    # Another thread may be importing it right now (the warm-up): the module is then in
    # sys.modules without its class, and no TextArea can exist yet. Reading the class off a
    # half-imported module raised, inside the gate, and every later key waited for good.
    text_area = getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", None)
    return (text_area,) if text_area is not None else ()
