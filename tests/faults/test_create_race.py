"""init and demo racing on one path (issue 20): the new file is built under a private name and
linked into place only if nothing is there, so the loser says "already exists" and never
removes the winner's live database, -wal or -shm; a failed build leaves nothing behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mrss_tui.errors import DatabaseError
from mrss_tui.store.create import AlreadyExists, create_database
from mrss_tui.store.db import Store
from tests.faults.soak_check import ROOT, cli, env

HOLD_OPEN = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("INSERT INTO app_meta(key, value) VALUES ('test.live', '1')")
conn.commit()
print("OPEN", flush=True)
sys.stdin.read()  # holds the database (and its -wal) open until the test ends
"""


def other_init(db: Path, home: Path) -> subprocess.Popen:
    """Another process's init, then a process holding that live database open with a -wal."""
    made = cli(db, "init", "--login", "boss", "--name", "Other Boss", home=home)
    assert made.returncode == 0, made.stderr
    holder = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "OPEN"
    return holder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("failing", [False, True], ids=["finishes", "fails"])
def test_a_racing_init_never_touches_the_other_database(tmp_path: Path, failing: bool) -> None:
    db = tmp_path / "mrss.db"
    holders = []

    def build(store: Store) -> None:
        holders.append(other_init(db, tmp_path))  # the other init wins the race meanwhile
        store.conn.execute("SELECT 1")
        if failing:
            raise RuntimeError("our build stopped")

    try:
        with pytest.raises(AlreadyExists if not failing else RuntimeError):
            create_database(db, build)
        assert Path(f"{db}-wal").exists()  # the other's live WAL is still there
        assert leftovers(tmp_path) == []  # our private file and its side files are gone
        with Store.open(db) as store:
            assert store.staff.by_login("boss") is not None
            assert store.scalar("SELECT value FROM app_meta WHERE key = 'test.live'") == "1"
    finally:
        for holder in holders:
            holder.stdin.close()
            holder.wait(30)


def test_init_processes_racing_leave_one_whole_database(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    runs = [subprocess.Popen([sys.executable, "-m", "mrss_tui", "--db", str(db), *args],
                             cwd=ROOT, env=env(tmp_path), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for args in (["init", "--login", "a1", "--name", "A One"],
                         ["init", "--login", "b2", "--name", "B Two"],
                         ["demo", "--days", "5", "--resources", "10", "--quiet"],
                         ["init", "--login", "c3", "--name", "C Three"])]
    results = [(run.wait(300), run.stderr.read()) for run in runs]
    winners = [code for code, _err in results if code == 0]
    assert len(winners) == 1, results
    for code, err in results:
        assert code == 0 or "already exists" in err, err
        assert "Traceback" not in err
    assert cli(db, "check", home=tmp_path).returncode == 0
    assert leftovers(tmp_path) == []


def test_an_unfinished_build_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"

    def build(store: Store) -> None:
        raise DatabaseError("stopped")

    with pytest.raises(DatabaseError):
        create_database(db, build)
    assert list(tmp_path.iterdir()) == []
