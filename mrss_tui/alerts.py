"""The one place APScheduler (3.x) is set up.

Every ``Job`` in ``workflow.jobs.all_jobs()`` is scheduled: in the TUI on an AsyncIOScheduler
that shares Textual's event loop, and in ``mrss worker`` on a BlockingScheduler. Jobs hold no
state: each run reads what is due from the store, and every write is idempotent, so a restart
(or ten processes at once) loses and doubles nothing.

Sync jobs run in threads, each run on its own connection (``Session.for_thread``); coroutine
jobs run on the loop with the process's session and are cancelled at shutdown, so they must
write only in short transactions.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Protocol

from mrss_tui.errors import DatabaseDamaged, DatabaseReadOnly, DiskFull, MrssError
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.jobs import Job, all_jobs

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

log = logging.getLogger("mrss.jobs")

STOPS_THE_WORKER = (DatabaseDamaged, DatabaseReadOnly)


class JobHost(Protocol):
    """What the TUI's jobs need from the app (the app is not imported: no circle)."""

    session: Session

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def data_written(self) -> None: ...

    def report_unexpected(self, exc: BaseException) -> None: ...


# Catch up on one missed run at most (coalesce); a run may start up to a minute late.
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}


def jobs_for(*, headless: bool, session: Session | None = None) -> list[Job]:
    """The TUI runs every job but those meant only for the headless worker, and only those
    the logged-in role may do (each run still acts as the system)."""
    return [job for job in all_jobs() if headless or (
        not job.headless_only and (session is None or job.may_run_for(session.actor.role)))]


def run_job(job: Job, session: Session) -> Any:
    """One run on a private connection, as the system; failures are logged by kind only."""
    own = session.for_thread().as_system()
    try:
        result = job.run(own)
        if inspect.isawaitable(result):
            result = asyncio.run(result)
        return result
    except Exception as exc:  # noqa: BLE001 - one failed run must not stop the scheduler
        log.warning("job %s failed: %s", job.id, type(exc).__name__)
        raise
    finally:
        own.store.close()


def _add(scheduler: "BaseScheduler", job: Job, func: Callable[[], Any], session: Session, *,
         at_start: bool = True, stagger_seconds: float = 0.0) -> None:
    trigger = dict(job.trigger(session.config))
    kind = trigger.pop("trigger")
    extra: dict[str, Any] = {}
    if job.run_at_start and at_start:
        extra["next_run_time"] = datetime.now(timezone.utc)
    elif kind == "interval" and stagger_seconds:
        # Spread the first runs so the jobs never all wake in the same second.
        extra["next_run_time"] = (datetime.now(timezone.utc)
                                  + timedelta(seconds=_interval_seconds(trigger) + stagger_seconds))
    scheduler.add_job(func, kind, id=job.id, name=job.description or job.id, replace_existing=True,
                      **trigger, **extra)


def _interval_seconds(trigger: dict[str, Any]) -> float:
    units = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
    return sum(float(trigger.get(unit, 0)) * size for unit, size in units.items())


# -- the TUI ------------------------------------------------------------------------------------


STAGGER_SECONDS = 1.5


def start_tui_scheduler(app: "JobHost") -> "BaseScheduler":
    """Start the jobs on Textual's loop (the app calls this after its first frame); stop with
    ``stop_scheduler``. The catch-up runs that would all fire at once run one after another in
    one thread, and the screen reloads once after them; the regular runs are staggered."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    _quiet_in_the_terminal()
    scheduler = AsyncIOScheduler(event_loop=asyncio.get_running_loop(), job_defaults=JOB_DEFAULTS)
    jobs = jobs_for(headless=False, session=app.session)
    for index, job in enumerate(jobs):
        _add(scheduler, job, _tui_runner(app, job), app.session, at_start=False,
             stagger_seconds=index * STAGGER_SECONDS)
    scheduler.start()
    catch_up = [job for job in jobs if job.run_at_start]
    if catch_up:
        scheduler.add_job(_catch_up_runner(app, catch_up), id="catch-up", name="catch up at start",
                          next_run_time=datetime.now(timezone.utc))
    return scheduler


def _tell(app: "JobHost", callback: Callable[..., Any], *args: Any) -> None:
    """Hand a job's outcome to the UI thread. A job that was still running when the person quit
    finds no app to tell (Textual: "App is not running"); that is nothing to report, and a
    traceback must never reach the (remote) terminal."""
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:
        pass


def _quiet_in_the_terminal() -> None:
    """The TUI owns the terminal: logging without a handler would print warnings and
    APScheduler's job tracebacks over the screen (the worker sets up its own handler)."""
    for name in ("apscheduler", "mrss.jobs"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _catch_up_runner(app: "JobHost", jobs: list[Job]) -> Callable[[], None]:
    def run_in_thread() -> None:
        changed = False
        for job in jobs:
            try:
                changed = bool(run_job(job, app.session)) or changed
            except Exception as exc:  # noqa: BLE001 - reported once, the next job still runs
                _tell(app, _report_once, app, job.id, exc)
        if changed:
            _tell(app, app.data_written)

    return run_in_thread


def _tui_runner(app: "JobHost", job: Job) -> Callable[[], Any]:
    if inspect.iscoroutinefunction(job.run):
        async def run_on_loop() -> None:
            try:
                if await job.run(app.session.as_system()):
                    app.data_written()
            except Exception as exc:  # noqa: BLE001
                log.warning("job %s failed: %s", job.id, type(exc).__name__)

        return run_on_loop

    def run_in_thread() -> None:
        try:
            changed = run_job(job, app.session)
        except Exception as exc:  # noqa: BLE001 - shown once as a report, the app keeps running
            _tell(app, _report_once, app, job.id, exc)
            return
        if changed:
            _tell(app, app.data_written)

    return run_in_thread


_REPORTED: set[str] = set()


def _report_once(app: "JobHost", job_id: str, exc: BaseException) -> None:
    """A failing job runs again in seconds: tell the user once, not every time."""
    if job_id not in _REPORTED:
        _REPORTED.add(job_id)
        if isinstance(exc, MrssError):
            app.notify_error(exc)
        else:
            app.report_unexpected(exc)


def stop_scheduler(scheduler: "BaseScheduler | None") -> None:
    """Stop scheduling; running coroutine jobs are cancelled, thread jobs are not waited for."""
    if scheduler is not None and scheduler.running:
        scheduler.shutdown(wait=False)


# -- the headless worker --------------------------------------------------------------------------


def make_worker_scheduler(session: Session,
                          on_fatal: Callable[[MrssError], None] | None = None) -> "BaseScheduler":
    """A BlockingScheduler with every job (the worker's ``start()`` blocks until shutdown).

    A damaged or read-only database is not a failed run to retry every few seconds: ``on_fatal``
    hears of it (the worker stops and says why). A full disk is one line per run, no traceback."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(job_defaults=JOB_DEFAULTS, timezone=session.config.zone)
    for job in jobs_for(headless=True):
        _add(scheduler, job, _worker_runner(job, session, on_fatal), session)
    return scheduler


def _worker_runner(job: Job, session: Session,
                   on_fatal: Callable[[MrssError], None] | None) -> Callable[[], Any]:
    def run() -> Any:
        try:
            return run_job(job, session)
        except STOPS_THE_WORKER as exc:
            if on_fatal is None:
                raise
            on_fatal(exc)
            return None
        except DiskFull as exc:  # retried on the next run; one line, no traceback
            log.warning("job %s: %s", job.id, exc)
            return None

    return run


def result_summary(result: Any) -> str:
    """One line about a job's result that names nobody: a count, counts by status, or the
    text a job returns for this purpose (jobs return references, never PHI, in text)."""
    if result is None or result is True:
        return "done"
    if result is False:
        return "nothing to do"
    if isinstance(result, int):
        return str(result)
    if isinstance(result, str):
        return result
    if isinstance(result, (list, tuple)):
        counts: dict[str, int] = {}
        for item in result:
            status = getattr(item, "status", None)
            key = str(getattr(status, "value", status)) if status is not None else "item"
            counts[key] = counts.get(key, 0) + 1
        return ", ".join(f"{n} {key}" for key, n in sorted(counts.items())) or "nothing due"
    return "done"


def run_all_once(session: Session, *, headless: bool = True) -> dict[str, Any]:
    """Run every job once, in order (``mrss worker --once``; tests). Failures are collected."""
    results: dict[str, Any] = {}
    # The sender goes last, after the checks and reminders that feed it.
    for job in sorted(jobs_for(headless=headless), key=lambda j: (j.runs_last, j.headless_only)):
        try:
            results[job.id] = run_job(job, session)
        except Exception as exc:  # noqa: BLE001 - reported by the caller, kind only
            results[job.id] = exc
    return results
