"""``mrss worker``: the scheduled jobs without a screen (for when nobody is logged in)."""

from __future__ import annotations

import click

from mrss_tui.commands.context import CliContext, pass_ctx
from mrss_tui.errors import DatabaseDamaged, DatabaseReadOnly, MrssError


@click.command()
@click.option("--once", is_flag=True, help="Run every job once and exit (for cron or a check).")
@pass_ctx
def worker(ctx: CliContext, once: bool) -> None:
    """Run alert checks, follow-up rules, paging and reports on schedule, headless."""
    import logging
    import signal

    from mrss_tui.alerts import make_worker_scheduler, result_summary, run_all_once
    from mrss_tui.clock import SystemClock
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.context import SYSTEM, Session, fit_checkpoints

    config = ctx.config()
    # Output goes to cron mail and the journal: mrss's own warnings only (they carry no PHI),
    # never a library's chatter (fontTools lists glyphs at INFO whenever a PDF is written;
    # apprise and APScheduler log addresses and job reprs).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    handler.addFilter(lambda record: record.name.split(".")[0] == "mrss")
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    from mrss_tui.workflow.profile_check import check_profile

    store = Store.open(ctx.db_path)
    fit_checkpoints(store, config)
    try:
        check_profile(store, config)
    except BaseException:
        store.close()
        raise
    session = Session(store, config, SYSTEM, SystemClock())
    from mrss_tui.workflow.demo_pager import start_demo_pager

    pager = start_demo_pager(store)  # only on a demo database
    try:
        if once:
            failed = 0
            for job_id, result in run_all_once(session).items():
                if isinstance(result, (DatabaseDamaged, DatabaseReadOnly)):
                    raise result
                if isinstance(result, Exception):
                    failed += 1
                    click.echo(f"{job_id}: failed ({type(result).__name__})", err=True)
                else:
                    click.echo(f"{job_id}: {result_summary(result)}")
            if failed:
                raise SystemExit(1)
            return
        fatal: list[MrssError] = []

        def stop(exc: MrssError) -> None:
            fatal.append(exc)
            scheduler.shutdown(wait=False)

        scheduler = make_worker_scheduler(session, on_fatal=stop)
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        click.echo(f"mrss worker: {len(scheduler.get_jobs())} jobs on {ctx.db_path}; "
                   "stop with Ctrl+C or SIGTERM", err=True)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            pass
        if fatal:
            raise fatal[0]  # one line and its exit code, not a traceback every few seconds
    finally:
        if pager is not None:
            pager.stop()
        session.store.optimize()
        session.store.close()


COMMANDS = [worker]
