"""The Monday job: files last week's report once, e-mails it through apprise, makes up misses."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_week import IsoWeek
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.jobs import all_jobs
from mrss_tui.workflow.reports import ReportNotWritten, run_weekly_report_job
from tests.receivers import JsonReceiver
from tests.report_data import utc

MONDAY_MIDNIGHT = utc(11, 23, 8)  # Monday 23 November 2026 00:00 PST: week 47 has just ended


def job_session(store: Store, clock: FrozenClock, folder: str = "", **report: object) -> Session:
    config = build_config({"report": report, "paths": {"filed_reports": folder}})
    return Session(store, config, SYSTEM, clock)


def writes(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM audit WHERE action = 'report.write'")


def test_declared_as_a_cron_job_from_config() -> None:
    job = next(j for j in all_jobs() if j.id == "weekly_report")
    config = build_config({"report": {"weekday": "tue", "at": "06:30:00"}})
    assert job.trigger(config) == {"trigger": "cron", "day_of_week": "tue", "hour": 6,
                                   "minute": 30, "timezone": "America/Los_Angeles"}
    assert job.run_at_start and job.run is run_weekly_report_job


def test_without_a_folder_reports_are_filed_next_to_the_database_apart_from_a_persons(
        store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    from mrss_tui.workflow.reports import report_folder, save_report

    session = job_session(store, clock)
    mine = save_report(session, IsoWeek.parse("2026-W46"), "pdf", report_folder(session, filed=False))
    before = mine.read_bytes()
    assert "2026-W46 filed" in run_weekly_report_job(session)
    filed = store.path.parent / f"{store.path.stem}-files" / "filed-reports"
    assert (filed / "mrss-weekly-2026-W46.pdf").is_file() and mine.parent != filed
    assert mine.read_bytes() == before
    again = save_report(session, IsoWeek.parse("2026-W46"), "pdf", report_folder(session, filed=False))
    assert again.name == "mrss-weekly-2026-W46-2.pdf" and mine.read_bytes() == before


def test_files_last_week_once_and_turns_over_at_local_midnight(
        store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    session = job_session(store, clock, folder=str(tmp_path / "out"))
    assert "2026-W46 filed" in run_weekly_report_job(session)  # Friday: last full week is 46
    pdf = tmp_path / "out" / "mrss-weekly-2026-W46.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out" / "mrss-weekly-2026-W46.csv").is_file()
    assert store.report_runs.get("2026-W46")["path"] == str(pdf)
    run_weekly_report_job(session)
    clock.set(MONDAY_MIDNIGHT - timedelta(seconds=1))  # Sunday 23:59:59: still week 46
    run_weekly_report_job(session)
    assert writes(store) == 1
    clock.set(MONDAY_MIDNIGHT)
    run_weekly_report_job(session)
    assert writes(store) == 2 and (tmp_path / "out" / "mrss-weekly-2026-W47.pdf").is_file()


def test_a_missed_run_is_made_up_at_the_next_start(store: Store, clock: FrozenClock,
                                                   tmp_path: Path) -> None:
    # The worker was down all Monday; started on Wednesday, the run at start files week 47.
    clock.set(utc(11, 25, 17))
    run_weekly_report_job(job_session(store, clock, folder=str(tmp_path)))
    assert (tmp_path / "mrss-weekly-2026-W47.pdf").is_file()


def test_another_process_claim_is_respected_until_stale(store: Store, clock: FrozenClock,
                                                        tmp_path: Path) -> None:
    session = job_session(store, clock, folder=str(tmp_path))
    assert store.report_runs.claim("other", "2026-W46", clock.now())
    assert "another process" in run_weekly_report_job(session)
    clock.advance(minutes=15)
    assert "another process" in run_weekly_report_job(session)
    clock.advance(seconds=1)  # a claim left for more than 15 minutes belongs to a dead process
    assert "filed" in run_weekly_report_job(session)


def test_emails_the_pdf_once(store: Store, clock: FrozenClock, tmp_path: Path,
                             receiver: JsonReceiver) -> None:
    session = job_session(store, clock, folder=str(tmp_path), email_url=receiver.url("/report"))
    assert run_weekly_report_job(session).endswith("and e-mailed")
    assert len(receiver.bodies) == 1
    body = receiver.bodies[0]
    assert "2026-W46" in body["title"]
    attachment = body["attachments"][0]
    assert attachment["filename"] == "mrss-weekly-2026-W46.pdf"
    assert base64.b64decode(attachment["base64"]).startswith(b"%PDF")
    run_weekly_report_job(session)
    assert len(receiver.bodies) == 1 and store.report_runs.get("2026-W46")["emailed"] == 1


def test_a_failed_email_is_retried_without_filing_again(store: Store, clock: FrozenClock,
                                                        tmp_path: Path, receiver: JsonReceiver) -> None:
    session = job_session(store, clock, folder=str(tmp_path), email_url=receiver.url("/report"))
    receiver.status = 500
    with pytest.raises(ReportNotWritten, match="e-mail was not sent"):
        run_weekly_report_job(session)
    assert store.report_runs.get("2026-W46")["emailed"] == 0
    receiver.status = 200
    run_weekly_report_job(session)
    assert store.report_runs.get("2026-W46")["emailed"] == 1 and writes(store) == 1


def test_an_unwritable_folder_leaves_the_week_to_retry(store: Store, clock: FrozenClock,
                                                       tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    session = job_session(store, clock, folder=str(blocker / "reports"))
    with pytest.raises(ReportNotWritten, match="cannot make the report folder"):
        run_weekly_report_job(session)
    assert store.report_runs.get("2026-W46") is None
