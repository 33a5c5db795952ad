"""Shared Pilot steps for the intake tests, snapshots and benchmark: a scripted high-risk call."""

from __future__ import annotations



# (kind, value): "type" is text typed into a field, "key" a keypress that is not typed text.
HIGH_RISK_CALL: list[tuple[str, str]] = [
    ("type", "5415550123"), ("key", "enter"),
    ("key", "1"),  # line 988
    ("type", "Pat Rivers"), ("key", "enter"),
    ("type", "mother"), ("key", "enter"),
    ("type", "Jo Rivers"), ("key", "enter"),
    ("type", "14"), ("key", "enter"),
    ("type", "12 Main St"), ("key", "enter"),
    ("type", "bur"), ("key", "enter"),  # completes to Burns
    ("type", "Barricaded in room with a knife"), ("key", "enter"),
    ("key", "y"),  # weapons
    ("type", "dog"), ("key", "enter"),
    ("key", "n"), ("key", "n"), ("key", "y"),  # violence, substances, police needed
    ("key", "y"), ("key", "y"), ("key", "y"), ("key", "y"), ("key", "n"), ("key", "n"),  # C-SSRS
]
RECORD_AND_PAGE: list[tuple[str, str]] = [
    ("key", "enter"),  # keep the suggested (emergent) acuity
    ("key", "m"),  # triage: mobile dispatch
    ("key", "ctrl+s"),  # record: opens Page team
    ("key", "p"),  # page the proposed team
]


from tests.ui.helpers import make_app, settle  # noqa: E402,F401 - shared with other UI tests


async def play(pilot, steps: list[tuple[str, str]]) -> int:
    """Run the steps; returns how many keypresses were not typed text."""
    keys = 0
    for kind, value in steps:
        if kind == "type":
            await pilot.press(*[("space" if ch == " " else ch) for ch in value])
        else:
            keys += 1
            await pilot.press(value)
            await settle(pilot)
    return keys
