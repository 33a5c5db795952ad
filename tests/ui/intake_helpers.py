"""Shared Pilot steps for the intake tests, snapshots and benchmark: a scripted high-risk call."""

from __future__ import annotations

from pathlib import Path

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.workflow.context import open_session
from tests.conftest import T0

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


def make_app(db: Path, login: str = "coord", clock: FrozenClock | None = None) -> MrssApp:
    session = open_session(db, build_config({}), login, clock or FrozenClock(T0))
    return MrssApp(session, poll_seconds=0)


async def settle(pilot) -> None:
    await pilot.pause(0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


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
