"""``mrss ssh-key add|list|revoke``: staff keys in the service account's authorized_keys.

Run these as the service account, acting as a supervisor, e.g.
``sudo -u mrss mrss --as lead ssh-key add jdoe /tmp/jdoe.pub``.
"""

from __future__ import annotations

from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx
from mrss_tui.errors import ValidationFailed

_FILE_OPTIONS = [
    click.option("--authorized-keys", "authorized_keys", type=click.Path(path_type=Path),
                 envvar="MRSS_AUTHORIZED_KEYS",
                 help="The service account's authorized_keys (needed the first time; then "
                      "remembered in the database)."),
    click.option("--wrapper", envvar="MRSS_SSH_WRAPPER",
                 help="Absolute path of the forced-command wrapper (default: the one used "
                      "last, else /usr/local/bin/mrss-ssh)."),
]


def _file_options(fn):
    for option in reversed(_FILE_OPTIONS):
        fn = option(fn)
    return fn


def _session(ctx: CliContext):
    from mrss_tui.workflow.context import open_session

    return open_session(ctx.db_path, ctx.config(), ctx.login)


def _files(session, authorized_keys: Path | None, wrapper: str | None):
    """The files named on the command line, the rest filled in from what was used last."""
    from mrss_tui.workflow.keys import DEFAULT_WRAPPER, KeyFiles, remembered_files

    if authorized_keys is None and wrapper is None:
        return None
    last = remembered_files(session)
    if authorized_keys is None and last is None:
        raise ValidationFailed("the first time, name the service account's authorized_keys "
                               "with --authorized-keys")
    return KeyFiles(authorized_keys or last.authorized_keys,
                    wrapper or (last.wrapper if last else DEFAULT_WRAPPER))


@click.group("ssh-key")
def ssh_key() -> None:
    """Staff SSH keys: each key opens mrss as its owner and nothing else."""


@ssh_key.command("add")
@click.argument("login")
@click.argument("pubkey_file", type=click.Path(path_type=Path))
@_file_options
@pass_ctx
def add(ctx: CliContext, login: str, pubkey_file: Path, authorized_keys: Path | None,
        wrapper: str | None) -> None:
    """Let LOGIN in with the public key in PUBKEY_FILE (their id_ed25519.pub)."""
    from mrss_tui.workflow.keys import add_key

    try:
        text = pubkey_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"cannot read {pubkey_file}: "
                               f"{getattr(exc, 'strerror', None) or 'not text'}") from None
    session = _session(ctx)
    try:
        key = add_key(session, login, text, _files(session, authorized_keys, wrapper))
        where = session.store.ssh_keys.files()
    finally:
        session.store.close()
    click.echo(f"Added {key.key_type} key {key.fingerprint} for {key.login} ({key.name}) "
               f"to {where[0] if where else 'authorized_keys'}.")


@ssh_key.command("list")
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked keys.")
@pass_ctx
def list_(ctx: CliContext, include_revoked: bool) -> None:
    """List staff keys: login, name, fingerprint, when added and by whom."""
    from mrss_tui.widgets.format import local_time
    from mrss_tui.workflow.keys import list_keys

    session = _session(ctx)
    try:
        keys = list_keys(session, include_revoked)
    finally:
        session.store.close()
    if not keys:
        click.echo("No SSH keys." if include_revoked else "No live SSH keys.")
        return
    zone = session.config.zone
    for key in keys:
        state = (f"revoked {local_time(key.revoked_at, zone, True)} by {key.revoked_by}"
                 if key.revoked_at else "live")
        click.echo(f"{key.login:<16} {key.name[:24]:<24} {key.fingerprint}  {key.key_type}  "
                   f"added {local_time(key.added_at, zone, True)} by {key.added_by}  {state}")


@ssh_key.command("revoke")
@click.argument("login")
@_file_options
@pass_ctx
def revoke(ctx: CliContext, login: str, authorized_keys: Path | None, wrapper: str | None) -> None:
    """Remove every key of LOGIN; they can no longer log in over SSH."""
    from mrss_tui.workflow.keys import revoke_keys

    session = _session(ctx)
    try:
        revoked = revoke_keys(session, login, _files(session, authorized_keys, wrapper))
    finally:
        session.store.close()
    if not revoked:
        click.echo(f"{login} had no live keys; authorized_keys checked.")
        return
    click.echo(f"Revoked {len(revoked)} key(s) of {login}: "
               + ", ".join(k.fingerprint for k in revoked) + ".")


@ssh_key.command("sync")
@_file_options
@pass_ctx
def sync(ctx: CliContext, authorized_keys: Path | None, wrapper: str | None) -> None:
    """Rewrite mrss's block of authorized_keys from the database (after a restore on a standby,
    or to repair the file): the live keys, each with its forced command."""
    from mrss_tui.workflow.keys import write_key_block

    session = _session(ctx)
    try:
        count = write_key_block(session, _files(session, authorized_keys, wrapper))
        where = session.store.ssh_keys.files()
    finally:
        session.store.close()
    click.echo(f"Wrote {count} live key(s) to {where[0] if where else 'authorized_keys'}.")


COMMANDS = [ssh_key]
