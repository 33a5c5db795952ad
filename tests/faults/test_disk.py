"""A full disk and read-only files, made real: a small tmpfs, a read-only bind mount, and the
immutable flag (which stops even root, who ignores file modes). These need root to mount or
chattr; without it they are skipped with the reason."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import fill as _fill, run_tool as _run
from tests.faults.soak_check import ROOT, baseline, check, cli, env


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "30", "--resources", "60", "--quiet", home=tmp_path).returncode == 0
    return db


def test_writes_on_a_full_disk_say_disk_full_and_keep_what_was_saved(small_disk: Path, demo: Path,
                                                                     tmp_path: Path) -> None:
    db = small_disk / "mrss.db"
    assert cli(demo, "backup", str(db), home=tmp_path).returncode == 0
    base = baseline(db)
    _fill(small_disk, leave=200_000)
    journal = tmp_path / "journal.txt"
    writer = subprocess.run([sys.executable, "-m", "tests.faults.contend", "writer", str(db),
                             str(journal), "60", "1"], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env=env(tmp_path))
    assert writer.returncode == 3, (writer.stdout, writer.stderr)
    assert "ERROR DiskFull: disk full: the change being saved was not saved" in writer.stderr
    assert "Traceback" not in writer.stderr
    (small_disk / "ballast").unlink()
    verdict = check(db, [journal], base)
    assert verdict.problems == [] and verdict.writes_checked > 0, verdict.problems
    assert cli(db, "check", home=tmp_path).returncode == 0


def test_backup_to_a_full_disk_leaves_nothing_and_says_why(small_disk: Path, demo: Path,
                                                           tmp_path: Path) -> None:
    _fill(small_disk, leave=demo.stat().st_size // 3)
    dest = small_disk / "copy.db"
    result = cli(demo, "backup", str(dest), home=tmp_path)
    assert result.returncode == 10, result.stderr
    assert result.stderr.startswith("mrss: disk full: no space for the backup")
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast"]


def test_a_read_only_disk_is_named_at_open(demo: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    if not (_run("mount", "--bind", str(demo.parent), str(ro))
            and _run("mount", "-o", "remount,ro,bind", str(ro))):
        _run("umount", str(ro))
        pytest.skip("cannot make a read-only bind mount here (needs root)")
    try:
        for args in (("ssh-key", "list"), ("worker",)):
            result = cli(ro / demo.name, *args, home=tmp_path, timeout=60)
            assert result.returncode == 9, result.stderr
            assert "read-only disk" in result.stderr and "Traceback" not in result.stderr
        copy = cli(demo, "backup", str(ro / "copy.db"), home=tmp_path)
        assert copy.returncode == 9 and "permission denied" in copy.stderr, copy.stderr
        assert not (demo.parent / "copy.db").exists()
    finally:
        _run("umount", str(ro))


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    marked: list[Path] = []
    yield marked
    for path in marked:
        _run("chattr", "-i", str(path))


def test_a_read_only_file_or_folder_is_named_at_open(demo: Path, tmp_path: Path,
                                                     immutable: list[Path]) -> None:
    if not _run("chattr", "+i", str(demo)):
        pytest.skip("chattr +i is not available here (needs root and a file system with flags)")
    immutable.append(demo)
    result = cli(demo, "worker", home=tmp_path, timeout=60)
    assert result.returncode == 9 and "is read-only for this user" in result.stderr, result.stderr
    _run("chattr", "-i", str(demo))
    assert _run("chattr", "+i", str(demo.parent))
    immutable.append(demo.parent)
    result = cli(demo, "ssh-key", "list", home=tmp_path)
    assert result.returncode == 9 and f"the folder {demo.parent} is read-only" in result.stderr, result.stderr


def test_a_call_not_saved_for_a_full_disk_keeps_its_draft(small_disk: Path, demo: Path,
                                                          tmp_path: Path) -> None:
    """What the intake screen relies on: the failed save says 'disk full', records nothing,
    and the draft saved before is still there (the screen keeps the form open meanwhile)."""
    from mrss_tui.clock import SystemClock
    from mrss_tui.config import build_config
    from mrss_tui.domain.cssrs import CssrsAnswers
    from mrss_tui.domain.enums import Line, Triage
    from mrss_tui.errors import DiskFull
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.intake import IntakeForm, load_draft, record_call, save_draft

    db = small_disk / "mrss.db"
    assert cli(demo, "backup", str(db), home=tmp_path).returncode == 0
    session = open_session(db, build_config({}), "super", SystemClock())
    try:
        calls_before = session.store.scalar("SELECT count(*) FROM calls")
        form = IntakeForm(received_at="2026-11-20T21:25:00Z", callback_number="541-555-0123",
                          line=Line.L988, caller_name="Pat Rivers", person_name="Jo Rivers",
                          born_or_age="14", town="Burns", situation="x" * 3000,
                          cssrs=CssrsAnswers(q1=False, q2=False, q6=False), triage=Triage.PHONE_ONLY,
                          new_episode=True)
        save_draft(session, form)
        _fill(small_disk, leave=0)
        with pytest.raises(DiskFull, match="^disk full: the change being saved was not saved"):
            record_call(session, form.model_copy(update={"situation": "y" * 3000}))
        (small_disk / "ballast").unlink()
        draft = load_draft(session)
        assert draft is not None and draft[0].situation == form.situation
        assert session.store.integrity_problems() == []
        assert session.store.scalar("SELECT count(*) FROM calls") == calls_before
    finally:
        session.store.close()
