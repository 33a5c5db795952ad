"""`mrss report weekly` as a county administrator runs it."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from mrss_tui.cli import main
from mrss_tui.config import build_config
from mrss_tui.domain.report_week import IsoWeek, last_full_week
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.text import render_csv
from mrss_tui.store.db import Store


def run(db: Path, *args: str, login: str = "county") -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["--db", str(db), "--as", login, "report", "weekly", *args])
    return result.exit_code, result.stdout, result.stderr


def fake_lp(folder: Path, *, exit_code: int = 0, message: str = "") -> Path:
    """A stand-in for CUPS' lp (no printer here): keeps a copy of what it was asked to print."""
    folder.mkdir(exist_ok=True)
    script = folder / "lp"
    script.write_text(f"#!/bin/sh\nfor last; do :; done\ncp \"$last\" {folder}/printed.pdf\n"
                      f"echo \"$@\" > {folder}/args\necho '{message}' >&2\nexit {exit_code}\n")
    script.chmod(0o755)
    return folder


def test_default_is_the_last_full_week_as_text(demo_db: Path) -> None:
    code, out, _ = run(demo_db)
    expected = last_full_week(datetime.now(timezone.utc), ZoneInfo("America/Los_Angeles"))
    assert code == 0
    assert out.startswith("High Desert Youth MRSS\nServes: Children, youth and young adults "
                          "under 21, and their families\nWeekly county report " + str(expected))
    assert "Appendix: definitions" in out


def test_csv_for_a_chosen_week(demo_db: Path) -> None:
    code, out, _ = run(demo_db, "--week", "2026-W45", "--format", "csv")
    assert code == 0
    with Store.open(demo_db) as store:
        expected = render_csv(compute_report(store, build_config({}), IsoWeek.parse("2026-W45"),
                                             datetime.now(timezone.utc)))
    assert out == expected and out.startswith("section,figure,value,suppressed,reason,revised\nCalls,Calls,")


@pytest.mark.parametrize(("week", "message"), [
    ("2026-W99", "2026 has no week 99"), ("47", "write it like 2026-W47"),
    ("2099-W01", "has not begun yet")])
def test_bad_weeks_get_one_clear_line(demo_db: Path, week: str, message: str) -> None:
    code, out, err = run(demo_db, "--week", week)
    assert code == 7 and out == ""
    assert err.startswith("mrss: ") and message in err and len(err.splitlines()) == 1


def test_the_current_month_is_shown_as_provisional(demo_db: Path) -> None:
    code, out, _ = run(demo_db, "--period", "month", "--of", "current")
    month = datetime.now(timezone.utc).astimezone(ZoneInfo("America/Los_Angeles"))
    assert code == 0
    assert out.splitlines()[2].startswith(  # after the program's name and whom it serves
        f"Monthly county report {month:%Y-%m} (provisional: the month has not ended)")
    assert "12-month trend" in out


def test_last_full_quarter_by_default(demo_db: Path) -> None:
    code, out, _ = run(demo_db, "--period", "quarter", "--format", "csv")
    assert code == 0 and "4-quarter trend" in out


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "month", "--of", "2026-13"), "has no month 13"),
    (("--period", "quarter", "--of", "2026-11"), "write it like 2026-Q4")])
def test_bad_periods_get_one_clear_line(demo_db: Path, args: tuple[str, ...],
                                        message: str) -> None:
    code, out, err = run(demo_db, *args)
    assert code == 7 and out == "" and message in err and len(err.splitlines()) == 1


def test_pdf_to_a_file_on_a4(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "w45.pdf"
    code, _, err = run(demo_db, "--week", "2026-W45", "--format", "pdf", "--paper", "a4",
                       "--out", str(out))
    assert code == 0 and "Wrote the pdf report for 2026-W45" in err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Week 2026-W45: Mon 02 Nov 2026 – Sun 08 Nov 2026" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "(A4)" in info


def test_field_staff_may_not_see_county_reports(demo_db: Path) -> None:
    with Store.open(demo_db) as store:
        clinician = store.scalar("SELECT login FROM staff WHERE role = 'clinician' LIMIT 1")
    code, out, err = run(demo_db, login=clinician)
    assert code == 4 and out == "" and "may not view county reports" in err


def test_print_without_lp_is_a_clear_error(demo_db: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run(demo_db, "--print")
    assert code == 13
    assert "the 'lp' command is not installed" in err and "cups-client" in err


def test_print_sends_the_pdf_to_lp(demo_db: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    printer = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{printer}{os.pathsep}{os.environ['PATH']}")
    code, out, err = run(demo_db, "--week", "2026-W45", "--print")
    assert code == 0 and "Sent the report for 2026-W45 to the default printer" in err
    assert (printer / "printed.pdf").read_bytes().startswith(b"%PDF")
    assert "-t Weekly county report 2026-W45" in (printer / "args").read_text()
    assert out.startswith("High Desert Youth MRSS")  # the text still goes to stdout


def test_a_printer_refusal_is_reported(demo_db: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    printer = fake_lp(tmp_path / "bin", exit_code=1, message="lp: No default destination.")
    monkeypatch.setenv("PATH", f"{printer}{os.pathsep}{os.environ['PATH']}")
    code, _, err = run(demo_db, "--week", "2026-W45", "--format", "pdf", "--print")
    assert code == 13 and "lp could not print (lp: No default destination.)" in err
