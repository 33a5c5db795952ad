"""Run one mrss command in this process while an audit hook watches for any Python-level open,
remove, rename, truncate, copy or mmap of the database file, its -wal or its -shm.

Usage: python -m tests.faults.fd_watch DB mrss-args...   Prints one ``HIT event path`` line per
forbidden touch and ``CONNECT n`` (how many SQLite connections went to DB, so a run that never
opened the database cannot pass by accident).
"""

from __future__ import annotations

import os
import sys

WATCHED_EVENTS = {"open", "os.remove", "os.rename", "os.truncate", "os.link", "os.chmod",
                  "os.chown", "shutil.copyfile", "shutil.copymode", "shutil.copystat",
                  "shutil.move", "shutil.rmtree"}


def main() -> None:
    db = os.path.abspath(sys.argv[1])
    watched = {db, f"{db}-wal", f"{db}-shm"}
    hits: list[str] = []
    connects = [0]

    def hook(event: str, args: tuple) -> None:
        if event == "mmap.__new__":
            hits.append("mmap.__new__ (any mmap while the database is open)")
        elif event == "sqlite3.connect":
            target = str(args[0])
            if db in target:
                connects[0] += 1
        elif event in WATCHED_EVENTS:
            for arg in args[:2]:
                if isinstance(arg, (str, bytes, os.PathLike)):
                    text = os.fsdecode(arg)
                    if os.path.abspath(text) in watched:
                        hits.append(f"{event} {text}")

    sys.addaudithook(hook)
    from mrss_tui.cli import main as mrss

    try:
        mrss(["--db", db, *sys.argv[2:]], standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    for hit in hits:
        print(f"HIT {hit}")
    print(f"CONNECT {connects[0]}")
    print(f"EXIT {code}")


if __name__ == "__main__":
    main()
