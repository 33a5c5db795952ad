"""A damaged file is never written to (issue 20): SQLite's quick_check once per file and process
before the first write, and a mark beside a file found damaged so every process refuses it.

The check reads the whole file: 12 ms on a demo, seconds on ten years of calls. A short
command runs it at open (``refuse_damaged``). The TUI must not wait for it before its first
frame, so it defers it (``defer_check``) and starts it in a thread on its own connection once
the frame is out (``begin_check``): reads go on meanwhile, and every write transaction starts
the check if need be and waits for the verdict first (``hold_writes``), so nothing is written
before the file is known whole.

Nothing here opens the database file itself; SQLite does (connections come from the caller).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mrss_tui.errors import DatabaseDamaged

# Primary result codes (the low byte of sqlite_errorcode) that mean a damaged file.
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26

_damaged: set[str] = set()  # database paths this process saw damage in
_found_whole: set[str] = set()  # paths this process's quick_check passed


def error_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code (the low byte of the extended one)."""
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def damage_mark(path: Path) -> Path:
    """A separate small file (never the database, -wal or -shm) that tells every process."""
    return path.with_name(f"{path.name}.damaged")


def known_damaged(path: Path) -> bool:
    return str(path) in _damaged or damage_mark(path).exists()


def clear_damage(path: Path) -> bool:
    """Called by ``mrss check`` once the file is whole again (e.g. a backup was restored)."""
    _damaged.discard(str(path))
    mark = damage_mark(path)
    if mark.exists():
        mark.unlink()
        return True
    return False


def record_damage(path: Path) -> None:
    _damaged.add(str(path))
    try:
        fd = os.open(damage_mark(path), os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
    except OSError:  # a read-only folder: this process still stops; check will find the rest
        pass


def _damaged_text(path: Path, problem: str) -> str:
    return (f"{path} is damaged (quick_check: {problem}); nothing was written and no mrss "
            "process will write to it. Run 'mrss check', then restore the latest backup that "
            "passes it")


def _problems(conn: sqlite3.Connection) -> list[str]:
    """What quick_check reports (empty: whole). Other errors (a full disk, an interrupt) pass."""
    try:
        rows = conn.execute("PRAGMA quick_check(20)").fetchall()
    except sqlite3.DatabaseError as exc:  # the check itself stopped on damage
        if error_code(exc) not in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise
        return [str(exc)]
    return [str(r[0]) for r in rows if r[0] != "ok"]


def refuse_damaged(conn: sqlite3.Connection, path: Path) -> None:
    """The check now, once per file and process, before the first write: a file that fails it
    is marked for every process and refused. Skipped where a background check already holds
    this process's writes (``defer_check``)."""
    if str(path) in _found_whole or str(path) in _checks:
        return
    problems = _problems(conn)
    if problems:
        record_damage(path)
        raise DatabaseDamaged(_damaged_text(path, problems[0]))
    _found_whole.add(str(path))


def check_before_writing(conn: sqlite3.Connection, path: Path,
                         connect: Callable[[], sqlite3.Connection], *, background: bool) -> None:
    """At open: the check now, or later in the background where opening itself writes nothing
    (the file already in WAL mode; the caller knows no migration is due)."""
    if background and str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        defer_check(path, connect)
    else:
        refuse_damaged(conn, path)


@dataclass
class _Check:
    """One background quick_check: ``done`` is set once it has a verdict or could not finish."""

    connect: Callable[[], sqlite3.Connection]
    started: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    problem: str | None = None  # set when the file failed the check
    failed: bool = False  # the check itself could not finish (writes then check for themselves)
    conn: sqlite3.Connection | None = None
    stopping: bool = False


_checks: dict[str, _Check] = {}
_checks_lock = threading.Lock()


def defer_check(path: Path, connect: Callable[[], sqlite3.Connection]) -> None:
    """Hold this process's writes on ``path`` until quick_check, run in a thread on a connection
    of its own (``connect()``), has passed. The check starts with ``begin_check`` (the TUI: once
    its first frame is out) or with the first write, whichever comes first."""
    key = str(path)
    with _checks_lock:
        if key not in _found_whole and key not in _checks:
            _checks[key] = _Check(connect)


def begin_check(path: Path) -> None:
    """Start the deferred check of ``path`` if it has not started yet."""
    with _checks_lock:
        check = _checks.get(str(path))
        if check is None or check.started:
            return
        check.started = True
    threading.Thread(target=_run_check, args=(path, check), daemon=True,
                     name="mrss-quick-check").start()


def _run_check(path: Path, check: _Check) -> None:
    try:
        check.conn = check.connect()
        if check.stopping:
            raise InterruptedError("the process is ending")
        problems = _problems(check.conn)
    except Exception:  # noqa: BLE001 - interrupted, or no verdict: the first write checks
        check.failed = True
    else:
        if problems:
            check.problem = problems[0]
            record_damage(path)
        else:
            _found_whole.add(str(path))
    finally:
        conn, check.conn = check.conn, None
        if conn is not None:
            conn.close()
        check.done.set()


def hold_writes(conn: sqlite3.Connection, path: Path) -> None:
    """Before a write transaction: wait for this process's background check of ``path``, and
    refuse the write if the file failed it. If the check could not finish, run it here."""
    key = str(path)
    if key in _found_whole:
        return
    check = _checks.get(key)
    if check is None:
        return
    begin_check(path)
    check.done.wait()
    if check.problem is not None:
        raise DatabaseDamaged(_damaged_text(path, check.problem))
    if check.failed:
        with _checks_lock:
            _checks.pop(key, None)
        refuse_damaged(conn, path)


def check_finding(path: Path) -> tuple[bool, str | None]:
    """(whether this process's background check of ``path`` is over or was never started,
    what it found wrong, in the user's words); never waits."""
    check = _checks.get(str(path))
    if check is None or not check.done.is_set():
        return check is None, None  # not yet started counts as not over
    return True, _damaged_text(path, check.problem) if check.problem is not None else None


def writes_cleared(path: Path) -> bool:
    """No background check is still pending or failed for ``path`` (best-effort writes such
    as refreshing statistics skip a file not yet known whole rather than wait)."""
    check = _checks.get(str(path))
    return check is None or (check.done.is_set() and check.problem is None and not check.failed)


def stop_background_check(path: Path) -> None:
    """At exit: interrupt a check still running, so its connection closes before the process."""
    check = _checks.get(str(path))
    if check is None or not check.started:
        return
    check.stopping = True
    conn = check.conn
    if conn is not None:
        try:
            conn.interrupt()
        except sqlite3.Error:
            pass
    check.done.wait(5.0)
