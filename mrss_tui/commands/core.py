"""init, demo, check, backup."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx
from mrss_tui.errors import DatabaseError


@click.command()
@click.option("--login", required=True, help="Login of the first supervisor.")
@click.option("--name", required=True, help="Full name of the first supervisor.")
@pass_ctx
def init(ctx: CliContext, login: str, name: str) -> None:
    """Create a new database and its first supervisor account (never overwrites)."""
    from mrss_tui.store.create import create_database
    from mrss_tui.workflow.profile_check import record_profile
    from mrss_tui.workflow.staff import create_first_supervisor

    path = ctx.db_path
    if path.exists():
        raise DatabaseError(f"{path} already exists; init never overwrites a database")
    config = ctx.config()  # a broken config should stop us before a file is made
    path.parent.mkdir(parents=True, exist_ok=True)

    def build(store):
        first = create_first_supervisor(store, login=login, name=name)
        record_profile(store, config, first.login, "profile.init")
        return first

    staff = create_database(path, build)
    click.echo(f"Created {path} (schema v{_schema(path)}, program '{config.profile}') with "
               f"supervisor '{staff.login}'.")
    click.echo(f"Start the app with: mrss --db {path} --as {staff.login}")


def _schema(path: Path) -> int:
    from mrss_tui.store.db import Store

    with Store.open(path, migrate_schema=False) as store:
        return store.schema_version()


@click.command()
@click.option("--seed", default=7, show_default=True, help="Random seed: same seed, same data.")
@click.option("--days", default=60, show_default=True, type=click.IntRange(1, 3660),
              help="How many days of history to make, ending now.")
@click.option("--calls-per-day", default=5.0, show_default=True, type=click.FloatRange(0.1, 1000),
              help="Average calls a day.")
@click.option("--resources", default=60, show_default=True, type=click.IntRange(1, 100_000),
              help="Services in the referral directory.")
@click.option("--if-missing", is_flag=True, help="Do nothing if the database already exists.")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@pass_ctx
def demo(ctx: CliContext, seed: int, days: int, calls_per_day: float, resources: int,
         if_missing: bool, quiet: bool) -> None:
    """Create a new database full of fictional but realistic data for the configured profile."""
    from mrss_tui.store.create import AlreadyExists, create_database
    from mrss_tui.workflow.demo import DemoOptions, generate_demo
    from mrss_tui.workflow.profile_check import record_profile

    path = ctx.db_path
    if path.exists():
        if if_missing:
            if not quiet:
                click.echo(f"Using the existing database {path}.")
            return
        raise DatabaseError(f"{path} already exists; demo data goes into a new file")
    config = ctx.config()
    path.parent.mkdir(parents=True, exist_ok=True)
    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"  {m}", err=True))

    def build(store):
        made = generate_demo(store, config, DemoOptions(seed, days, calls_per_day, resources),
                             progress=say)
        record_profile(store, config, "demo", "profile.init")
        return made

    try:
        result = create_database(path, build)
    except AlreadyExists:
        if not if_missing:
            raise
        if not quiet:  # another process made it meanwhile: use it, as --if-missing says
            click.echo(f"Using the existing database {path}.")
        return
    if quiet:
        return
    total = sum(result.counts.values())
    click.echo(f"Created {path}: {result.counts.get('calls', 0)} calls, "
               f"{result.counts.get('episodes', 0)} episodes, {total} rows "
               f"({config.profile}, seed {seed}).")
    by_role: dict[str, list[str]] = {}
    for login, role in result.logins.items():
        by_role.setdefault(role, []).append(login)
    click.echo("Logins: " + "; ".join(f"{role}: {', '.join(v)}" for role, v in by_role.items()))


CHECKED_TABLES = ("staff", "shifts", "persons", "calls", "episodes", "dispatches", "pages",
                  "contacts", "followups", "safety_plans", "services", "referrals", "alerts",
                  "drafts", "audit")


@click.command()
@pass_ctx
def check(ctx: CliContext) -> None:
    """Check the database: integrity, schema version and counts. Exits 1 on any problem.

    Never writes to the file. A damaged file gets SQLite's own findings, not a crash."""
    from mrss_tui.store.diagnose import diagnose
    from mrss_tui.store.migrations import latest_version

    result = diagnose(ctx.db_path, CHECKED_TABLES)
    trail: list[str] = []  # what was done to the audit trail or authorized_keys
    if not result.problems and result.version == latest_version():
        trail = _audit_and_key_problems(ctx)
    click.echo(f"database: {ctx.db_path}")
    latest = latest_version()
    state = "current" if result.version == latest else f"older; opening it migrates to v{latest}"
    if result.version > latest:
        state = f"newer than this mrss (knows up to v{latest})"
    click.echo(f"schema: v{result.version} ({state})")
    for table, count in result.counts.items():
        click.echo(f"  {table:<13} {count:>10,}")
    if result.problems or trail:
        if result.problems:
            click.echo(f"integrity: {len(result.problems)} problem(s) found by SQLite", err=True)
        else:
            click.echo(f"audit trail and keys: {len(trail)} problem(s) found", err=True)
        for problem in (result.problems or trail)[:20]:
            click.echo(f"  {problem}", err=True)
        click.echo("Stop using this file: restore the latest backup that 'mrss check' passes."
                   if result.problems else
                   "Not damage: the audit trail or authorized_keys is not what mrss wrote (each "
                   "line says what). Keep the file and its .audit folder as they are and compare "
                   "the heads with syslog ('mrss-audit').", err=True)
        sys.exit(1)
    click.echo("integrity: ok")
    if result.note:
        click.echo(f"note: {result.note}")
    if result.mark_cleared:
        click.echo("The damage mark left by an earlier session was removed; mrss may write again.")
    _replica_warning(ctx)


def _replica_warning(ctx: CliContext) -> None:
    """When [replica] is set: ask the replica how far it has got; warn when it is stale."""
    config = ctx.config()
    if not config.replica.url:
        return
    from mrss_tui.clock import SystemClock
    from mrss_tui.errors import MrssError
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.replica import live_replica_health

    with Store.open(ctx.db_path, migrate_schema=False) as store:
        try:
            health = live_replica_health(store, config, SystemClock().now())
        except MrssError as exc:
            click.echo(f"warning: replica: {exc}", err=True)
            return
    click.echo(("warning: " if health.stale else "") + health.summary(),
               err=health.stale)


@click.command()
@click.argument("dest", type=click.Path(path_type=Path))
@pass_ctx
def backup(ctx: CliContext, dest: Path) -> None:
    """Write a checked copy of the database to DEST, safely while others are working.

    The copy is written beside DEST under a temporary name, checked, and only then named DEST;
    on any failure nothing is left at DEST."""
    from mrss_tui.store.backup import verified_backup
    from mrss_tui.store.connect import refuse_database_target
    from mrss_tui.store.db import Store

    refuse_database_target(dest, ctx.db_path, "a backup")

    with Store.open(ctx.db_path, migrate_schema=False) as store:
        verified_backup(store, dest)
        # A copy of every record: recorded (who, where to) in the accounting of access.
        store.audit_log.record_access(ctx.login, "database.backup", "database", str(dest), [],
                                      everyone=True)
    click.echo(f"Backed up {ctx.db_path} to {dest} (integrity ok).")


def _audit_and_key_problems(ctx: CliContext) -> list[str]:
    """What only a whole file can show: breaks in the audit hash chain, and authorized_keys
    lines for revoked keys or inactive logins."""
    from mrss_tui.store.diagnose import read_only_store

    with read_only_store(ctx.db_path) as store:  # check never writes
        return store.audit_chain_problems() + _key_problems(ctx, store)


def _key_problems(ctx: CliContext, store) -> list[str]:
    """authorized_keys lines for revoked keys or inactive logins (the file mrss remembers)."""
    from mrss_tui.clock import SystemClock
    from mrss_tui.workflow.context import SYSTEM, Session
    from mrss_tui.workflow.keys import key_file_problems

    return key_file_problems(Session(store, ctx.config(), SYSTEM, SystemClock()))


COMMANDS = [init, demo, check, backup]
