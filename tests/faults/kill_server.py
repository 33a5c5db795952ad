"""SIGKILL at random moments during multi-table writes, many times, cheaply.

Run as ``python -m tests.faults.kill_server DB FOLDER KILLS SEED``. This process imports mrss
once and holds no connection; each round forks a child that opens its own session (a connection
is never carried across fork: SQLite, "How To Corrupt", 2.6) and writes as fast as it can (calls
that open episodes, contacts, pages: each one transaction over several tables), journaling each
write after it returned. Once the child has journaled its first write, the parent SIGKILLs it
after a random 20-400 ms. Prints ``KILLED n``.

The kill waits for that first write (a state), not only for a time: on a busy machine a child
could spend the whole interval opening its session, and the kills then cut nothing (a run under
load journaled 27 writes for 100 kills).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

from tests.faults.soak_worker import Worker


def child(db: Path, journal: Path, seed: int) -> None:
    try:
        rng = random.Random(seed)
        worker = Worker(db, journal, rng)
        actions = [worker.call, worker.contact, worker.page]
        while True:
            rng.choices(actions, weights=[3, 3, 2])[0]()
    except BaseException as exc:  # noqa: BLE001 - only a kill should end this child
        print(f"ERROR {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        os._exit(3)


FIRST_WRITE_LIMIT_SECONDS = 60.0  # a child that never writes (it failed) is killed anyway


def wait_for_first_write(journal: Path) -> None:
    """Until the journal holds a write (a line after the "#open" one the session writes)."""
    deadline = time.monotonic() + FIRST_WRITE_LIMIT_SECONDS
    while time.monotonic() < deadline and not _has_write(journal):
        time.sleep(0.005)


def _has_write(journal: Path) -> bool:
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return False
    return any(line and not line.startswith("#") for line in lines)


def main() -> None:
    db, folder, kills, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    killed = failed = 0
    for round_no in range(kills):
        journal = folder / f"kill-journal-{round_no}.txt"
        pid = os.fork()
        if pid == 0:
            child(db, journal, rng.getrandbits(32))
        wait_for_first_write(journal)
        time.sleep(rng.uniform(0.02, 0.4))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed += 1
        else:
            failed += 1
    print(f"KILLED {killed} FAILED {failed}", flush=True)


if __name__ == "__main__":
    main()
