"""The CLI as a user runs it: a real process, real files, exit codes and one-line messages."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

MRSS = str(Path(sys.executable).parent / "mrss")


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("MRSS_")}
    full_env.update(env or {})
    return subprocess.run([MRSS, *args], capture_output=True, text=True, timeout=120,
                          env=full_env, cwd=cwd)


def assert_clean_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_init_creates_then_refuses_to_overwrite(tmp_path: Path) -> None:
    db = tmp_path / "line.db"
    first = run("--db", str(db), "init", "--login", "boss", "--name", "Pat Boss")
    assert first.returncode == 0, first.stderr
    assert "supervisor 'boss'" in first.stdout
    size = db.stat().st_size
    again = run("--db", str(db), "init", "--login", "other", "--name", "Other")
    assert_clean_error(again, "already exists")
    assert db.stat().st_size == size


def test_init_rejects_a_bad_login_and_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "line.db"
    result = run("--db", str(db), "init", "--login", "Bad Login!", "--name", "X")
    assert_clean_error(result, "login")
    assert not db.exists()


def test_demo_check_and_backup(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    made = run("--db", str(db), "demo", "--days", "20", "--seed", "3")
    assert made.returncode == 0, made.stderr
    assert "calls" in made.stdout and "coord" in made.stdout
    skipped = run("--db", str(db), "demo", "--if-missing")
    assert skipped.returncode == 0 and "existing database" in skipped.stdout
    checked = run("--db", str(db), "check")
    assert checked.returncode == 0, checked.stderr
    assert "integrity: ok" in checked.stdout and "schema: v" in checked.stdout
    copy = tmp_path / "copy.db"
    backed = run("--db", str(db), "backup", str(copy))
    assert backed.returncode == 0, backed.stderr
    assert run("--db", str(copy), "check").returncode == 0
    assert_clean_error(run("--db", str(db), "backup", str(copy)), "already exists")


def test_check_fails_on_a_damaged_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run("--db", str(db), "demo", "--days", "10", "--quiet").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 4, min(len(data), page * 12), page):
        data[offset + 20: offset + 200] = b"\x00\xff" * 90
    db.write_bytes(bytes(data))
    result = run("--db", str(db), "check")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("profile = [oops\n", "not valid TOML"),
        ('profile = "nebraska"\n', "key 'profile'"),
        ("[windows]\ncrisis_hours = -3\n", "windows.crisis_hours"),
        ("[paging]\nack_timout_minutes = 5\n", "unknown key 'paging.ack_timout_minutes'"),
    ],
)
def test_bad_config_stops_with_one_line_and_changes_nothing(tmp_path: Path, content: str,
                                                            fragment: str) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(content)
    db = tmp_path / "x.db"
    result = run("--config", str(cfg), "--db", str(db), "demo")
    assert_clean_error(result, fragment)
    assert not db.exists()


def test_the_tui_refuses_to_start_without_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run("--db", str(db), "demo", "--days", "5", "--quiet").returncode == 0
    result = run("--db", str(db), "--as", "coord")
    assert_clean_error(result, "needs a terminal")


def test_database_problems_are_one_line(tmp_path: Path) -> None:
    assert_clean_error(run("--db", str(tmp_path / "none.db"), "check"), "no database at")
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all")
    assert_clean_error(run("--db", str(junk), "check"), "not an SQLite database")
