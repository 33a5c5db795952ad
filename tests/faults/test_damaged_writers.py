"""A damaged file is never written (issue 20): every process that opens the database to write
runs SQLite's quick_check first (once), so a corrupt middle page nobody has touched yet is found
before the first write: one line, exit 8, the file unchanged, the damage mark left for everyone.
The TUI opens through the same place (``open_session`` -> ``Store.open``), with the check in the
background so its first frame does not wait for it: its writes wait for the verdict instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.app import MrssApp
from mrss_tui.config import build_config
from mrss_tui.errors import DatabaseDamaged
from mrss_tui.store.connect import damage_mark
from mrss_tui.workflow.context import file_check_finding, open_session
from tests.faults.soak_check import cli
from tests.faults.test_bad_files import _digest, _one_line, _root_page, _scribble
from tests.ui.helpers import until


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, Path]:
    """A demo database with one middle page (the services table's root) overwritten, and a
    directory package exported while it was whole."""
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "20", "--resources", "40", "--quiet",
               home=tmp_path).returncode == 0
    package = tmp_path / "package"
    assert cli(db, "directory", "export", str(package), home=tmp_path).returncode == 0
    _scribble(db, _root_page(db, "services"))
    return db, package


@pytest.mark.parametrize("command", [("directory", "import", "PACKAGE"), ("worker", "--once"),
                                     ("ssh-key", "list")], ids=lambda c: c[0])
def test_a_writer_refuses_a_file_that_fails_quick_check(damaged, tmp_path: Path, command) -> None:
    db, package = damaged
    before = _digest(db)
    argv = [str(package) if arg == "PACKAGE" else arg for arg in command]
    _one_line(cli(db, *argv, home=tmp_path), "quick_check", 8)
    assert _digest(db) == before
    assert damage_mark(db).exists()
    # Every later process is refused by the mark alone, with what to do.
    _one_line(cli(db, *argv, home=tmp_path), "mrss check", 8)
    assert _digest(db) == before


def test_the_tui_session_refuses_a_damaged_file(damaged) -> None:
    db, _package = damaged
    before = _digest(db)
    with pytest.raises(DatabaseDamaged, match="quick_check.*mrss check"):
        open_session(db, build_config({}), "coord")
    assert _digest(db) == before


def test_the_tui_checks_in_the_background_and_no_write_passes_damage(damaged) -> None:
    db, _package = damaged
    before = _digest(db)
    session = open_session(db, build_config({}), "coord", check_in_background=True)
    try:  # the session opened and reads; its first write waits for the check, then is refused
        with pytest.raises(DatabaseDamaged, match="quick_check.*mrss check"):
            with session.store.atomic():
                session.store.audit("coord", "test.write", "nothing")
        done, problem = file_check_finding(session)
        assert done and problem is not None and "damaged" in problem
    finally:
        session.store.close()
    assert _digest(db) == before
    assert damage_mark(db).exists()


def test_a_whole_file_checked_in_the_background_takes_writes(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "5", "--resources", "5", "--quiet",
               home=tmp_path).returncode == 0
    session = open_session(db, build_config({}), "coord", check_in_background=True)
    try:
        assert file_check_finding(session) == (False, None)  # deferred: nothing started it
        with session.store.atomic():  # starts the check, waits for the verdict, then writes
            session.store.audit("coord", "test.write", "nothing")
        assert file_check_finding(session) == (True, None)
        thread = session.for_thread()  # a worker's connection does not check again
        thread.store.close()
    finally:
        session.store.close()
    assert not damage_mark(db).exists()


@pytest.mark.asyncio
async def test_the_app_shows_the_board_then_says_the_file_is_damaged(damaged) -> None:
    """The board is read and drawn; the check begins after the first frame, finds the damage,
    and one plain notice says so. Nothing is written."""
    db, _package = damaged
    before = _digest(db)
    session = open_session(db, build_config({}), "coord", check_in_background=True)
    app = MrssApp(session, poll_seconds=0)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: any(n.title == "Database damaged"
                                           for n in app._notifications), "the damage notice")
            notice = next(n for n in app._notifications if n.title == "Database damaged")
            assert "mrss check" in notice.message and "nothing you save" in notice.message
    finally:
        session.store.close()
    assert _digest(db) == before
    assert damage_mark(db).exists()
