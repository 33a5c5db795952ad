"""A terminal that vanishes ends the session as a hang-up: what was typed is saved, and the
process ends (screens/terminal_driver.py).

Over SSH under load, a dropped link left sessions that never ended: Textual's output thread died
on the first write to the vanished terminal, and the frames queued behind it blocked the app for
good, before the hang-up had saved the draft. These run the real app in a real pseudo-terminal
and close the terminal's other end, as sshd does when the link drops.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from mrss_tui.screens.terminal_driver import _OutputUntilGone, is_terminal_gone
from mrss_tui.store.db import Store

REPO = Path(__file__).resolve().parents[2]
MRSS = [sys.executable, "-m", "mrss_tui"]
CONFIG = REPO / "config.toml"


def test_output_to_a_vanished_terminal_is_dropped_and_heard_once() -> None:
    master, slave = os.openpty()
    terminal = os.fdopen(slave, "w")
    heard: list[str] = []
    output = _OutputUntilGone(terminal, lambda: heard.append("gone"))
    output.write("before")
    output.flush()
    assert os.read(master, 100) == b"before"
    os.close(master)  # the link dropped: sshd closed its end
    for _ in range(3):
        output.write("x" * 10_000)  # never raises: nobody is there to see it
        output.flush()
    assert heard == ["gone"]
    terminal.close = lambda: None  # type: ignore[method-assign]  # its buffer cannot be written


def test_a_terminal_closed_without_sighup_is_found_gone_by_looking_at_it() -> None:
    """An idle screen writes nothing and a closed terminal only reads as ended: the driver's
    look each second (its settings can no longer be read) is what finds it gone."""
    import asyncio
    from types import SimpleNamespace

    from mrss_tui.screens.terminal_driver import TerminalDriver

    master, slave = os.openpty()
    heard: list[str] = []
    loop = asyncio.new_event_loop()
    try:
        driver = SimpleNamespace(_output=SimpleNamespace(gone=False), fileno=slave, _loop=loop,
                                 terminal_gone=lambda: heard.append("gone"), _look=None)
        driver._look_at_terminal = lambda: TerminalDriver._look_at_terminal(driver)
        driver._look_at_terminal()  # the terminal is there: look again later
        assert heard == [] and driver._look is not None
        driver._look.cancel()
        os.close(master)  # the other end closed, with no SIGHUP to anyone
        driver._look_at_terminal()
        assert heard == ["gone"]
    finally:
        loop.close()
        os.close(slave)


def test_only_a_vanished_terminal_counts_as_gone() -> None:
    import errno

    assert is_terminal_gone(OSError(errno.EIO, "Input/output error"))
    assert not is_terminal_gone(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_terminal_gone(ValueError("no"))


def _own_terminal() -> None:
    """In the child: a new session whose controlling terminal is its stdin, as under sshd,
    so closing the other end sends it SIGHUP."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _screen_has(master: int, seen: bytearray, marker: bytes, timeout: float) -> bool:
    import select

    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                return False
    return marker in seen


def _plain(seen: bytearray) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;?<>$]*[a-zA-Z]", "", seen.decode(errors="replace"))[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("controlling", [True, False], ids=["with-sighup", "without-sighup"])
def test_closing_the_terminal_saves_the_typing_and_ends_the_session(
        demo_db: Path, controlling: bool) -> None:
    """With SIGHUP, as under sshd; and without it (the terminal was not the session's own):
    then reads only end and an idle screen writes nothing, and the driver's look at the
    terminal each second is what finds it gone."""
    with Store.open(demo_db) as store:
        store.drafts.discard("coord", "intake")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    app = subprocess.Popen([*MRSS, "--db", str(demo_db), "--config", str(CONFIG), "--as", "coord"],
                           stdin=slave, stdout=slave, stderr=slave, env=env, cwd=demo_db.parent,
                           preexec_fn=_own_terminal if controlling else os.setsid,
                           close_fds=True)
    os.close(slave)
    seen = bytearray()
    try:
        assert _screen_has(master, seen, b"Open calls", 60), bytes(seen[-400:])
        os.write(master, b"\x1bOQ")  # F2: a new call
        assert _screen_has(master, seen, b"Callback", 60), bytes(seen[-400:])
        os.write(master, b"5415550123\r1Dana Whitlock\rgrandson")
        # Drawn once the app has read it all (the placeholder says "mother, school...").
        assert _screen_has(master, seen, b"grandson", 60), _plain(seen)
        os.close(master)  # the link drops
        master = -1
        code = app.wait(timeout=60)  # it ends by itself, never hangs
    finally:
        if master >= 0:
            os.close(master)
        if app.poll() is None:
            app.kill()
            app.wait()
    assert code == 0
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake").payload
    assert (draft["callback_number"], draft["caller_name"], draft["caller_relation"]) == (
        "5415550123", "Dana Whitlock", "grandson")
    assert not list(demo_db.parent.rglob("crash-*"))
