"""``mrss check`` reads and never writes (issue 20): it opens read-only, so a leftover -wal is
neither checkpointed nor removed; a read-only file or folder is checked, not reported as damage;
a full disk is "disk full" (exit 10) here and in every other command, never "restore a backup"."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import fill, run_tool
from tests.faults.soak_check import ROOT, cli, env

LEFT_WAL = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("INSERT INTO app_meta(key, value) VALUES ('test.left_wal', '1')")
conn.commit()
os._exit(0)  # dies holding the file: its -wal and -shm stay behind, as after a crash
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "mrss.db"
    db.parent.mkdir()
    assert cli(db, "demo", "--days", "20", "--resources", "40", "--quiet",
               home=tmp_path).returncode == 0
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _no_restore_advice(result) -> None:
    assert "restore" not in (result.stdout + result.stderr).lower(), result.stderr
    assert "Traceback" not in result.stderr


def test_check_leaves_a_leftover_wal_as_it_found_it(demo: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", LEFT_WAL, str(demo)], check=True, timeout=60)
    wal = Path(f"{demo}-wal")
    assert wal.stat().st_size > 0
    before = (_digest(demo), _digest(wal))
    result = cli(demo, "check", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "integrity: ok" in result.stdout
    assert (_digest(demo), _digest(wal)) == before  # no checkpoint, no removal


def test_check_on_a_read_only_disk_checks_and_leaves_nothing(demo: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    if not (run_tool("mount", "--bind", str(demo.parent), str(ro))
            and run_tool("mount", "-o", "remount,ro,bind", str(ro))):
        run_tool("umount", str(ro))
        pytest.skip("cannot make a read-only bind mount here (needs root)")
    try:
        result = cli(ro / demo.name, "check", home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "integrity: ok" in result.stdout and "is read-only" in result.stdout
        _no_restore_advice(result)
    finally:
        run_tool("umount", str(ro))
    assert sorted(p.name for p in demo.parent.iterdir()) == [demo.name, f"{demo.name}.audit"]


def test_check_on_a_read_only_file_and_folder(demo: Path, tmp_path: Path) -> None:
    if not run_tool("chattr", "+i", str(demo)):
        pytest.skip("chattr +i is not available here (needs root and a file system with flags)")
    try:
        result = cli(demo, "check", home=tmp_path)
        assert result.returncode == 0 and "integrity: ok" in result.stdout, result.stderr
        _no_restore_advice(result)
        assert sorted(p.name for p in demo.parent.iterdir()) == [demo.name, f"{demo.name}.audit"]  # nothing left
    finally:
        run_tool("chattr", "-i", str(demo))
    assert run_tool("chattr", "+i", str(demo.parent))
    try:
        result = cli(demo, "check", home=tmp_path)
        assert result.returncode == 0 and "integrity: ok" in result.stdout, result.stderr
        _no_restore_advice(result)
    finally:
        run_tool("chattr", "-i", str(demo.parent))


def test_a_full_disk_is_disk_full_for_check_and_every_command(small_disk: Path, demo: Path,
                                                              tmp_path: Path) -> None:
    db = small_disk / "mrss.db"
    assert cli(demo, "backup", str(db), home=tmp_path).returncode == 0
    fill(small_disk, leave=0)
    checked = cli(db, "check", home=tmp_path)
    _no_restore_advice(checked)
    assert checked.returncode in (0, 10), checked.stderr  # read if it can; never "damaged"
    if checked.returncode == 10:
        assert checked.stderr.startswith("mrss: disk full"), checked.stderr
    for args in (("ssh-key", "list"), ("worker", "--once")):
        result = subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), "--as",
                                 "super", *args], capture_output=True, text=True, timeout=120,
                                cwd=ROOT, env=env(tmp_path))
        assert result.returncode == 10, (args, result.stderr)
        assert "disk full" in result.stderr and "Traceback" not in result.stderr
