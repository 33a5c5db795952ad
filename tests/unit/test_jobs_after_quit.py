"""A job still running when the person quits finds no app to tell: nothing reaches the terminal
(issue 21: APScheduler printed "RuntimeError: App is not running" to a remote session)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.schedulers.background import BackgroundScheduler
from textual.app import App

from mrss_tui import alerts
from mrss_tui.domain.enums import Role
from mrss_tui.workflow.jobs import Job


class QuitHost:
    """What the scheduler sees of the TUI after a quit: a real Textual app that is not running."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.call_from_thread = App().call_from_thread  # raises RuntimeError: App is not running

    def data_written(self) -> None: ...
    def notify_error(self, exc: Exception) -> None: ...
    def report_unexpected(self, exc: BaseException) -> None: ...


def changed(_session: Any) -> bool:
    return True


def broken(_session: Any) -> bool:
    raise ValueError("a job that failed")


def test_job_outcomes_after_quit_are_dropped_silently(make_session, capfd) -> None:
    host = QuitHost(make_session(Role.COORDINATOR))
    outcomes: list[int] = []
    finished = threading.Event()

    def seen(event: Any) -> None:
        outcomes.append(event.code)
        if len(outcomes) == 2:
            finished.set()

    alerts._quiet_in_the_terminal()
    scheduler = BackgroundScheduler()
    scheduler.add_listener(seen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    for run in (changed, broken):
        job = Job(id=run.__name__, run=run, trigger=lambda _c: {})
        scheduler.add_job(alerts._tui_runner(host, job), id=job.id)
    scheduler.start()
    try:
        assert finished.wait(30)
    finally:
        scheduler.shutdown(wait=True)
    assert outcomes == [EVENT_JOB_EXECUTED, EVENT_JOB_EXECUTED]
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "App is not running" not in out + err
    assert err == "" and out == ""


def test_the_worker_still_logs_job_failures(capfd) -> None:
    alerts._quiet_in_the_terminal()
    handler = logging.StreamHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("mrss.jobs").warning("job %s failed: %s", "x", "ValueError")
    finally:
        root.removeHandler(handler)
    assert "job x failed: ValueError" in capfd.readouterr().err
