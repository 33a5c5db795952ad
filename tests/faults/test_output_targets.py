"""Outputs never land on the live database (issue 20): ``report --out`` naming the database or
its -wal, -shm or -journal, and ``backup`` to ``<db>-journal`` (which SQLite would play back as
a hot journal) are refused with one line; the database is unchanged and no file appears."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.faults.soak_check import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("targets")
    db = folder / "mrss.db"
    assert cli(db, "demo", "--days", "10", "--resources", "20", "--quiet",
               home=folder).returncode == 0
    return db


def _state(db: Path) -> tuple[str, list[str]]:
    return (hashlib.sha256(db.read_bytes()).hexdigest(),
            sorted(p.name for p in db.parent.iterdir()))


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("command", ["report", "backup"])
def test_an_output_naming_the_live_database_is_refused(demo: Path, tmp_path: Path, suffix: str,
                                                       command: str) -> None:
    target = Path(f"{demo}{suffix}")
    before = _state(demo)
    args = (("report", "weekly", "--format", "csv", "--out", str(target)) if command == "report"
            else ("backup", str(target)))
    result = cli(demo, *args, home=tmp_path)
    assert result.returncode == 7, result.stderr
    assert "live database" in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert _state(demo) == before


def test_a_symbolic_link_to_the_database_is_refused_too(demo: Path, tmp_path: Path) -> None:
    link = tmp_path / "report.csv"
    link.symlink_to(demo)
    before = _state(demo)
    result = cli(demo, "report", "weekly", "--format", "csv", "--out", str(link), home=tmp_path)
    assert result.returncode == 7 and "live database" in result.stderr, result.stderr
    assert _state(demo) == before and link.is_symlink()
