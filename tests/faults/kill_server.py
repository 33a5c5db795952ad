"""SIGKILL at random moments during multi-table writes, many times, cheaply.

Run as ``python -m tests.faults.kill_server DB FOLDER KILLS SEED``. This process imports mrss
once and holds no connection; each round forks a child that opens its own session (a connection
is never carried across fork: SQLite, "How To Corrupt", 2.6) and writes as fast as it can (calls
that open episodes, contacts, pages: each one transaction over several tables), journaling each
write after it returned. The parent SIGKILLs it after a random 20-400 ms. Prints ``KILLED n``.
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


def main() -> None:
    db, folder, kills, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    killed = failed = 0
    for round_no in range(kills):
        pid = os.fork()
        if pid == 0:
            child(db, folder / f"kill-journal-{round_no}.txt", rng.getrandbits(32))
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
