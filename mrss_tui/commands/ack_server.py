"""``mrss ack-server``, ``mrss ack-key rotate`` and ``mrss sms-reply``: answering pages from a
phone (a signed link, an ntfy button or an SMS reply) without an SSH login."""

from __future__ import annotations

import os

import click

from mrss_tui.commands.context import CliContext, pass_ctx


@click.command("ack-server")
@click.option("--listen", metavar="HOST:PORT", help="Where to listen (default: [ack] listen).")
@pass_ctx
def ack_server(ctx: CliContext, listen: str | None) -> None:
    """Serve the answer links that pages carry ([ack] base_url). Run it as its own service
    behind the line's HTTPS reverse proxy; it writes the database like every other process."""
    import logging

    import uvicorn

    from mrss_tui.store.db import Store
    from mrss_tui.web.ack_app import make_app
    from mrss_tui.workflow.phone_ack import key_file, read_keys
    from mrss_tui.workflow.profile_check import check_profile

    config = ctx.config()
    if not config.ack.base_url:
        raise click.UsageError("set [ack] base_url in config.toml first: it is the address in "
                               "the links the phones open")
    store = Store.open(ctx.db_path)  # migrates and refuses a damaged or foreign file, once
    try:
        check_profile(store, config)
    finally:
        store.close()
    read_keys(key_file(config, ctx.db_path), create=True)
    host, _, port = (listen or config.ack.listen).rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("must be HOST:PORT", param_hint="--listen")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"mrss ack-server: listening on {host}:{port} for {config.ack.base_url}", err=True)
    # No access log: a request line carries a token, which is a capability until it is used.
    uvicorn.run(make_app(ctx.db_path, config), host=host.strip("[]"), port=int(port),
                access_log=False, log_level="warning", server_header=False)


@click.group("ack-key")
def ack_key() -> None:
    """The keys that sign answer links (kept beside the database, never in it)."""


@ack_key.command("rotate")
@pass_ctx
def rotate(ctx: CliContext) -> None:
    """Add a new signing key; links already sent keep working until they expire."""
    from mrss_tui.workflow.phone_ack import key_file, rotate_keys

    path = key_file(ctx.config(), ctx.db_path)
    keys = rotate_keys(path)
    click.echo(f"New signing key in {path} ({len(keys)} kept; the newest signs).")


@click.command("sms-reply")
@click.argument("message_ids", nargs=-1)
@click.option("--from", "sender", metavar="NUMBER", help="The sender (default: gammu's SMS_n_NUMBER).")
@click.option("--text", metavar="TEXT", help="The text (default: gammu's SMS_n_TEXT).")
@pass_ctx
def sms_reply(ctx: CliContext, message_ids: tuple[str, ...], sender: str | None,
              text: str | None) -> None:
    """Record SMS replies to pages: 'A 123' acknowledges page 123, 'E 123 25' is en route with
    25 minutes to go, 'R 123' arrived. gammu-smsd's RunOnReceive calls this with the message ids
    and the texts in SMS_1_NUMBER, SMS_1_TEXT... Nothing identifying is printed or logged."""
    from mrss_tui.clock import SystemClock
    from mrss_tui.domain.phone_actions import BadSmsReply
    from mrss_tui.errors import MrssError
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.phone_ack import record_sms_reply

    messages = [(sender, text, "")] if sender is not None or text is not None \
        else _gammu_messages(message_ids)
    if not messages:
        raise click.UsageError("no message: pass --from and --text, or run from gammu-smsd")
    config = ctx.config()
    store = Store.open(ctx.db_path)
    failed = 0
    try:
        for number, body, message_id in messages:
            try:
                answer = record_sms_reply(store, config, SystemClock(), sender=number or "",
                                          text=body or "", message_id=message_id)
                click.echo(f"sms reply: {answer.message}")
            except (BadSmsReply, MrssError) as exc:  # one bad text must not stop the others
                failed += 1
                click.echo(f"sms reply ignored: {exc}", err=True)
    finally:
        store.close()
    if failed:
        raise SystemExit(1)


def _gammu_messages(message_ids: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """What gammu-smsd's RunOnReceive passes: SMS_MESSAGES, SMS_n_NUMBER and SMS_n_TEXT in the
    environment, the message ids (inbox file names) as arguments."""
    count = int(os.environ.get("SMS_MESSAGES", "0") or 0)
    found = []
    for n in range(1, count + 1):
        number = os.environ.get(f"SMS_{n}_NUMBER", "")
        text = os.environ.get(f"SMS_{n}_TEXT", "")
        message_id = message_ids[n - 1] if n - 1 < len(message_ids) else ""
        found.append((number, text, message_id))
    return found


COMMANDS = [ack_server, ack_key, sms_reply]
