"""``mrss replicate`` (Litestream, until stopped) and ``mrss restore`` (into a new file)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from datetime import datetime
from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx

STOP_TIMEOUT_SECONDS = 40  # Litestream's last upload on SIGTERM (its own limit is 30 s)


@click.command()
@pass_ctx
def replicate(ctx: CliContext) -> None:
    """Stream every transaction to the [replica] url with Litestream, until stopped.

    Runs as its own service beside the worker (deploy/mrss-replicate.service). Every few
    seconds it asks the replica how far it has got and records that for `mrss check` and the
    supervisors' board."""
    from mrss_tui.clock import SystemClock
    from mrss_tui.store.db import Store
    from mrss_tui.workflow import replica as rep

    config = ctx.config()
    rep.require_replica(config.replica)
    rep.litestream_program()
    with Store.open(ctx.db_path, migrate_schema=False):
        pass  # an mrss database, not damaged, before anything is streamed
    os.umask(0o077)  # the replica holds every record: Litestream's files are private
    rep.prepare_target(config.replica)
    settings = rep.write_litestream_config(config.paths, ctx.db_path, config.replica)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    child = subprocess.Popen(rep.replicate_command(settings))
    click.echo(f"mrss: replicating {ctx.db_path} every {config.replica.sync_interval:g} s",
               err=True)
    every = max(2.0, min(15.0, config.replica.stale_after_seconds / 4))
    clock = SystemClock()
    while child.poll() is None and not stop.wait(every):
        try:
            position = rep.query_position(settings, ctx.db_path, clock.now())
            rep.record_position(config.paths, ctx.db_path, position)
        except (rep.ReplicaError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            click.echo(f"mrss: replica position unknown ({type(exc).__name__}: "
                       f"{str(exc)[:200]})", err=True)
    _stop(child)
    if not stop.is_set():
        raise rep.ReplicaError(f"Litestream stopped (exit {child.returncode}); see its messages "
                               "above")


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()  # Litestream uploads what it has, then exits
        try:
            child.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@click.command()
@click.option("--from", "source", required=True, metavar="URL",
              help="The replica: file:///..., sftp://user@host/path or s3://bucket/path.")
@click.option("--at", "at_text", metavar="TIME",
              help="Restore the state at this time (ISO 8601; without an offset, the program's "
                   "time zone). Default: the newest.")
@click.argument("dest", type=click.Path(path_type=Path, dir_okay=False))
@pass_ctx
def restore(ctx: CliContext, source: str, at_text: str | None, dest: Path) -> None:
    """Restore the replica into DEST, a new file (never overwrites), then check it.

    Prints the newest transaction time and counts (no personal data)."""
    from mrss_tui.commands.core import CHECKED_TABLES
    from mrss_tui.workflow.restore import parse_restore_time, restore_replica

    config = ctx.config()
    at = parse_restore_time(at_text, config.zone) if at_text else None
    started = datetime.now().astimezone()
    result = restore_replica(config, source, dest, at, CHECKED_TABLES)
    seconds = (datetime.now().astimezone() - started).total_seconds()
    zone = config.zone
    newest = result.newest_write
    click.echo(f"restored: {result.path} (0600) in {seconds:.1f} s")
    click.echo("newest transaction: " + (
        f"{newest.astimezone(zone):%Y-%m-%d %H:%M:%S %Z} ({newest:%Y-%m-%dT%H:%M:%SZ})"
        if newest else "none (no writes recorded)"))
    for table, count in result.counts.items():
        click.echo(f"  {table:<13} {count:>10,}")
    if result.problems:
        click.echo(f"integrity: {len(result.problems)} problem(s) found by SQLite", err=True)
        for problem in result.problems[:20]:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(8)
    click.echo("integrity: ok")
    _say_audit_chain(result)


def _say_audit_chain(result) -> None:
    if not result.audit_problems:
        click.echo(f"audit chain: verified with the key at {result.audit_key}")
        return
    click.echo(f"audit chain: cannot be verified ({len(result.audit_problems)} finding(s))",
               err=True)
    for problem in result.audit_problems[:20]:
        click.echo(f"  {problem}", err=True)
    if result.audit_key_missing:
        click.echo(f"  Copy the primary's audit key to {result.audit_key} (owner mrss, folder "
                   "0700, file 0600) before mrss writes to this file: its first write would "
                   "start a new key, and the rows restored could never be verified again "
                   "(deploy/README.md, 'The standby').", err=True)


COMMANDS = [replicate, restore]
