"""Run a program in a pseudo-terminal, as a user's terminal would, and watch what it writes.

Used by the start-up and idle-bytes benchmarks. Every failure is loud: a program that exits
before drawing what we wait for, writes a traceback or an mrss "unexpected problem", or never
draws it within the time limit raises ``ProgramFailed`` (the benchmark then exits non-zero).
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass, field

FAILURE_SIGNS = (b"Traceback (most recent call last)", b"unexpected problem", b"StylesheetError",
                 b"mrss stopped after")


class ProgramFailed(RuntimeError):
    pass


@dataclass
class PtyRun:
    """One program running in its own pseudo-terminal."""

    argv: list[str]
    columns: int = 120
    rows: int = 40
    env: dict[str, str] = field(default_factory=dict)
    output: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **self.env}
        env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the program closed its terminal
            chunk = b""
        if not chunk:
            raise ProgramFailed(self._why("exited before drawing what was expected"))
        self.output += chunk
        if any(sign in self.output for sign in FAILURE_SIGNS):
            raise ProgramFailed(self._why("reported an error"))
        return chunk

    def wait_for(self, marker: bytes, timeout: float = 60.0) -> float:
        """Seconds from start until ``marker`` appears in the output."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output:
            if time.perf_counter() > deadline:
                raise ProgramFailed(self._why(f"did not draw {marker!r} within {timeout:.0f} s"))
            self._read(0.05)
        return time.perf_counter() - self.started

    def count_bytes(self, seconds: float) -> int:
        """Bytes the program writes in the next ``seconds`` (nothing is typed)."""
        before = len(self.output)
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            self._read(min(left, 0.2))
        return len(self.output) - before

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def stop(self, quit_keys: bytes = b"\x11", limit: float = 30.0) -> int:
        """Ask the program to quit (ctrl+q) and wait for it to exit; returns its exit code.
        A program that closed its terminal is left to finish (it may still be saving); only
        one still running after ``limit`` seconds is killed (exit code -9, a failure)."""
        try:
            self.send(quit_keys)
        except OSError:
            pass
        end = time.perf_counter() + limit
        while self.proc.poll() is None and time.perf_counter() < end:
            self._drain(0.1)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        code = self.proc.wait(timeout=10)
        os.close(self.master)
        return code

    def _drain(self, timeout: float) -> None:
        """Read and keep what the program writes while it quits; never raises."""
        try:
            ready, _, _ = select.select([self.master], [], [], timeout)
            chunk = os.read(self.master, 65536) if ready else b""
        except OSError:  # EIO: the terminal is closed; the program is finishing
            chunk = b""
        if chunk:
            self.output += chunk
        elif ready:
            time.sleep(timeout)

    def peak_rss_mb(self) -> float:
        """The program's peak resident memory so far (VmHWM), while it runs."""
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise ProgramFailed("no VmHWM in /proc status")

    def time_key(self, keys: bytes, marker: bytes, timeout: float = 30.0) -> float:
        """Seconds from sending ``keys`` until ``marker`` is drawn."""
        before = len(self.output)
        started = time.perf_counter()
        self.send(keys)
        deadline = started + timeout
        while marker not in self.output[before:]:
            if time.perf_counter() > deadline:
                raise ProgramFailed(self._why(f"did not draw {marker!r} after {keys!r}"))
            self._read(0.02)
        return time.perf_counter() - started

    def _why(self, what: str) -> str:
        tail = self.output[-600:].decode("utf-8", "replace")
        code = self.proc.poll()
        if code is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        return f"{' '.join(self.argv[:3])} {what} (exit {self.proc.returncode}); last output: {tail!r}"
