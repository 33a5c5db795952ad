"""`mrss directory import|export` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mrss_tui.cli import main
from mrss_tui.store.db import Store
from tests.conftest import T0
from tests.unit.test_hsds_import import EXAMPLE, broken_package


def run(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), "--as", "super", "directory", *args])


def test_import_reports_broken_rows_and_exits_1(demo_db: Path, tmp_path: Path) -> None:
    result = run(demo_db, "import", str(broken_package(tmp_path / "broken")))
    assert result.exit_code == 1
    assert "error: services.csv:3: organization_id 'nope' refers to no row in organizations" \
        in result.output
    assert "6 broken row(s) skipped" in result.output


def test_strict_import_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    with Store.open(demo_db) as store:
        before = store.directory.count()
    result = run(demo_db, "import", "--strict", str(broken_package(tmp_path / "broken")))
    assert result.exit_code == 7
    assert "with --strict nothing was imported" in result.output
    assert "Traceback" not in result.output
    with Store.open(demo_db) as store:
        assert store.directory.count() == before


def test_example_then_export(demo_db: Path, tmp_path: Path) -> None:
    result = run(demo_db, "import", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "warning: funding.csv: table not used by mrss; ignored" in result.output
    result = run(demo_db, "export", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "datapackage.json").is_file()
    again = run(demo_db, "export", str(tmp_path / "out"))
    assert again.exit_code == 1 and "not an empty folder" in again.output


def test_coordinator_may_not_import(demo_db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(demo_db), "--as", "coord", "directory",
                                       "import", str(EXAMPLE)])
    assert result.exit_code == 4
    assert "may not edit the directory" in result.output


def test_export_is_private_and_spreadsheet_safe_under_umask_022(demo_db: Path,
                                                                 tmp_path: Path) -> None:
    """Issue 22: 0600 files in a 0700 folder whatever the umask; no cell runs as a formula,
    and the package still reads back exactly."""
    import csv
    import os
    import stat

    from mrss_tui.domain.directory import ServiceDraft

    formulas = {"=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3+cmd|x", "@SUM(1)"}
    with Store.open(demo_db) as store:
        for n, name in enumerate(sorted(formulas)):
            store.directory.save_service("super", ServiceDraft(name=name, organization=f"O{n}"),
                                         verified_at=T0)
    old = os.umask(0o022)
    try:
        result = run(demo_db, "export", str(tmp_path / "out"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    for path in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    with (tmp_path / "out" / "services.csv").open(newline="") as handle:
        names = {row["name"] for row in csv.DictReader(handle)}
    assert {f"'{f}" for f in formulas} <= names
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in names)
    copy = tmp_path / "copy.db"
    assert CliRunner().invoke(main, ["--db", str(copy), "init", "--login", "super", "--name",
                                     "Sup"]).exit_code == 0
    assert run(copy, "import", str(tmp_path / "out")).exit_code == 0
    with Store.open(copy) as store:
        stored = {s["name"] for s in store.conn.execute("SELECT name FROM services")}
    assert formulas <= stored
