"""A terminal that can vanish: Textual's Linux driver, told what a dropped link looks like.

When the link drops, sshd closes the terminal. From then on every write to it fails (EIO) and
every read returns nothing. Textual's own driver takes neither well:
- its output thread dies on the first failed write, and once 30 frames are queued behind it
  every later frame blocks the app for good: the process never ended, and the hang-up never
  finished saving what was typed (seen over SSH under load);
- its input thread reads "nothing" in a tight loop, or on EIO asks the app to panic, which
  ended the app before the keys typed were in the draft.

Here a vanished terminal is one event, however it is noticed first (a failed write, a failed
read, the SIGHUP, or its settings unreadable when looked at each second): reading and writing stop quietly and the app hears a hang-up once
(screens/hang_up.py), which saves what was typed and ends the session.
"""

from __future__ import annotations

import asyncio
import errno
import sys
import termios
from typing import IO, Any

from textual.drivers.linux_driver import LinuxDriver

from mrss_tui.screens.hang_up import heard_hang_up

# What a write or read to a terminal that has gone away fails with; anything else is a fault.
GONE_ERRNOS = frozenset({errno.EIO, errno.EPIPE, errno.ENXIO, errno.EBADF})
LOOK_SECONDS = 1.0  # how often the terminal is looked at (one system call)


def is_terminal_gone(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in GONE_ERRNOS


class _OutputUntilGone:
    """The terminal's output for Textual's writer thread: once a write finds the terminal
    gone, the rest is dropped (nobody is there to see it) instead of killing the thread."""

    def __init__(self, file: IO[str], on_gone: Any) -> None:
        self._file = file
        self._on_gone = on_gone
        self.gone = False

    def write(self, text: str) -> None:
        self._guarded(self._file.write, text)

    def flush(self) -> None:
        self._guarded(self._file.flush)

    def _guarded(self, act: Any, *args: Any) -> None:
        if self.gone:
            return
        try:
            act(*args)
        except OSError as error:
            if not is_terminal_gone(error):
                raise
            self.gone = True
            self._on_gone()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return self._file.isatty()


class TerminalDriver(LinuxDriver):
    """Textual's Linux driver, ending quietly when the terminal goes away."""

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        self._output = _OutputUntilGone(self._file, self.terminal_gone)
        self._file = self._output  # type: ignore[assignment]  # Textual's writer writes here
        self._look: asyncio.TimerHandle | None = None

    def start_application_mode(self) -> None:
        super().start_application_mode()
        self._look = self._loop.call_later(LOOK_SECONDS, self._look_at_terminal)

    def stop_application_mode(self) -> None:
        if self._look is not None:
            self._look.cancel()
        super().stop_application_mode()

    def _look_at_terminal(self) -> None:
        """A terminal closed without a SIGHUP (it was not this session's controlling terminal)
        reads as end-of-input forever and an idle screen writes nothing: neither of the other
        signs ever comes. Asking for its settings does fail (EIO), at once."""
        if self._output.gone:
            return
        try:
            termios.tcgetattr(self.fileno)
        except termios.error as error:
            if error.args and error.args[0] in GONE_ERRNOS:
                self.terminal_gone()
                return
        self._look = self._loop.call_later(LOOK_SECONDS, self._look_at_terminal)

    def terminal_gone(self) -> None:
        """From any thread, any number of times: stop reading, stop drawing, hang up once."""
        self._output.gone = True
        self.exit_event.set()  # the input thread stops instead of reading nothing forever
        try:
            self._loop.call_soon_threadsafe(heard_hang_up, self._app)
        except RuntimeError:
            pass  # the app's loop has already closed: it has ended

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError as error:
            if not is_terminal_gone(error):
                raise  # Textual's own handling: the app panics with the traceback
            self.terminal_gone()

def terminal_driver_class() -> type[LinuxDriver] | None:
    """The driver for a real terminal here; None leaves Textual's choice (Windows)."""
    return None if sys.platform == "win32" else TerminalDriver
