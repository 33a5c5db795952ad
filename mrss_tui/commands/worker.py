"""``mrss worker``: the scheduled jobs without a screen (for when nobody is logged in)."""

from __future__ import annotations

import click

from mrss_tui.commands.context import CliContext, pass_ctx


@click.command()
@click.option("--once", is_flag=True, help="Run every job once and exit (for cron or a check).")
@pass_ctx
def worker(ctx: CliContext, once: bool) -> None:
    """Run alert checks, follow-up rules, paging and reports on schedule, headless."""
    import logging
    import signal

    from mrss_tui.alerts import make_worker_scheduler, run_all_once
    from mrss_tui.clock import SystemClock
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.context import SYSTEM, Session

    config = ctx.config()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # One line per send or per job run is noise in the journal; failures still show.
    logging.getLogger("apprise").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    session = Session(Store.open(ctx.db_path), config, SYSTEM, SystemClock())
    try:
        if once:
            failed = 0
            for job_id, result in run_all_once(session).items():
                if isinstance(result, Exception):
                    failed += 1
                    click.echo(f"{job_id}: failed ({type(result).__name__})", err=True)
                else:
                    click.echo(f"{job_id}: {result if result is not None else 'done'}")
            if failed:
                raise SystemExit(1)
            return
        scheduler = make_worker_scheduler(session)
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        click.echo(f"mrss worker: {len(scheduler.get_jobs())} jobs on {ctx.db_path}; "
                   "stop with Ctrl+C or SIGTERM", err=True)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            pass
    finally:
        session.store.optimize()
        session.store.close()


COMMANDS = [worker]
