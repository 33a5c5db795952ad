"""Answering a page from the phone: signed single-use links and SMS replies (issue 25).

One act, one function: every answer, whichever channel it came by, is recorded by
``record_phone_answer``, which consumes its single-use key and moves the dispatch on through
``workflow.paging.set_team_status`` (the function the dispatch view uses), acting as the paged
member, all in one transaction.

Links are signed with itsdangerous over (page, dispatch, member, action, nonce). The keys live in
a file beside the database, never in it: whoever can read a backup cannot mint links. The
newest key signs; every key in the file verifies, so a rotation does not break links in flight.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from mrss_tui.clock import Clock
from mrss_tui.config import Config
from mrss_tui.domain.models import Page
from mrss_tui.domain.records import call_ref
from mrss_tui.domain.paging import page_key
from mrss_tui.domain.phone_actions import (
    PhoneAction,
    already_done,
    link_lines,
    ntfy_actions,
    parse_sms_reply,
    sms_hint,
)
from mrss_tui.domain.phones import check_phone
from mrss_tui.errors import MrssError, NotFound, ValidationFailed
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Actor, Session
from mrss_tui.workflow.files import write_private_text

log = logging.getLogger("mrss.phone_ack")
SALT = "mrss.page-action.v1"
KEEP_KEYS = 3  # the newest signs; older ones keep verifying links already sent


# -- keys -------------------------------------------------------------------------------------------


def key_file(config: Config, db_path: Path) -> Path:
    if config.ack.key_file:
        return Path(config.ack.key_file).expanduser()
    return db_path.with_name(db_path.name + ".ack-keys")


def read_keys(path: Path, *, create: bool = False) -> list[str]:
    """The signing keys, oldest first. ``create`` makes the file (0600) with one key."""
    try:
        keys = [line.strip() for line in path.read_text(encoding="ascii").splitlines()
                if line.strip() and not line.startswith("#")]
    except FileNotFoundError:
        keys = []
    except (OSError, UnicodeDecodeError) as exc:
        raise MrssError(f"cannot read the phone-link key file {path} ({type(exc).__name__})") \
            from exc
    if not keys and create:
        return rotate_keys(path)
    if not keys:
        raise MrssError(f"no phone-link key in {path}: run 'mrss ack-key rotate' once")
    return keys


def rotate_keys(path: Path) -> list[str]:
    """Add a new newest key and keep the last few older ones (0600, written whole)."""
    try:
        old = read_keys(path)
    except MrssError:
        old = []
    keys = (old + [secrets.token_urlsafe(32)])[-KEEP_KEYS:]
    write_private_text(path, "# mrss phone-link signing keys, oldest first; keep private\n"
                       + "\n".join(keys) + "\n")
    return keys


class _ClockSerializer:
    """itsdangerous' timed serializer on the injected clock, so expiry is tested exactly."""

    def __init__(self, keys: list[str], clock: Clock) -> None:
        from itsdangerous import URLSafeTimedSerializer

        clock_now = clock.now

        class Serializer(URLSafeTimedSerializer):
            default_signer = None  # set below: a TimestampSigner reading our clock

        from itsdangerous import TimestampSigner

        class ClockSigner(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(clock_now().timestamp())

        Serializer.default_signer = ClockSigner
        self._serializer = Serializer(keys, salt=SALT)
        self._clock = clock

    def dumps(self, payload: dict) -> str:
        return self._serializer.dumps(payload)

    def loads(self, token: str, max_age: int) -> dict:
        from itsdangerous import BadData, SignatureExpired

        try:
            data = self._serializer.loads(token, max_age=max_age)
        except SignatureExpired as exc:
            raise LinkRefused(410, "This link has expired. Answer the page in mrss or by "
                              "phoning the line.") from exc
        except BadData as exc:
            raise LinkRefused(403, "This link is not valid.") from exc
        return data


class LinkRefused(MrssError):
    """A tampered, foreign or expired link: nothing changed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class PhoneLinks:
    """Signs and reads the links of one database's pages."""

    base_url: str
    serializer: _ClockSerializer
    max_age_seconds: int

    @classmethod
    def for_store(cls, config: Config, db_path: Path, clock: Clock, *,
                  create_key: bool = False) -> "PhoneLinks":
        keys = read_keys(key_file(config, db_path), create=create_key)
        return cls(config.ack.base_url, _ClockSerializer(keys, clock), config.ack.link_minutes * 60)

    def links(self, page: Page) -> dict[PhoneAction, str]:
        return {action: f"{self.base_url}/a/{self.token(page, action)}" for action in PhoneAction}

    def token(self, page: Page, action: PhoneAction) -> str:
        return self.serializer.dumps({"p": page.id, "d": page.dispatch_id, "s": page.staff_id,
                                      "a": action.value, "n": secrets.token_urlsafe(12)})

    def read(self, token: str) -> "LinkClaim":
        data = self.serializer.loads(token, self.max_age_seconds)
        try:
            return LinkClaim(int(data["p"]), int(data["d"]), int(data["s"]),
                             PhoneAction(data["a"]), str(data["n"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise LinkRefused(403, "This link is not valid.") from exc


@dataclass(frozen=True)
class LinkClaim:
    page_id: int
    dispatch_id: int
    staff_id: int
    action: PhoneAction
    nonce: str


# -- what a page carries ----------------------------------------------------------------------------


def page_extras(config: Config, db_path: Path, clock: Clock):
    """A function (url, page) -> (url, extra body text) adding the answer links and the SMS
    hint to one dispatch page, or None when neither is configured."""
    links = (PhoneLinks.for_store(config, db_path, clock, create_key=True)
             if config.ack.base_url else None)
    if links is None and not config.ack.sms_replies:
        return None

    def extras(url: str, page: Page) -> tuple[str, str]:
        if page.dispatch_id is None:  # an alert reminder: nothing to acknowledge by phone
            return url, ""
        lines = []
        if links is not None:
            urls = links.links(page)
            lines.append(link_lines(urls))
            if url.split("://", 1)[0].lower() in ("ntfy", "ntfys"):
                from urllib.parse import quote

                url += f"{'&' if '?' in url else '?'}actions={quote(ntfy_actions(urls), safe='')}"
        if config.ack.sms_replies:
            lines.append(sms_hint(page.id))
        return url, "\n".join(lines)

    return extras


# -- recording an answer ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    recorded: bool  # False: it was already recorded (or is behind the team), nothing changed
    message: str  # plain words for the phone; no PHI


def describe_claim(store: Store, claim: LinkClaim) -> str:
    """What a link would do, for the confirmation page (no PHI: call number and member)."""
    page = _page_of(store, claim.page_id, claim.staff_id, claim.dispatch_id)
    staff = store.staff.get(page.staff_id)
    dispatch = store.dispatches.get(claim.dispatch_id)
    return (f"{claim.action.label}: {staff.name} for {call_ref(dispatch.call_id)} "
            f"({page_key(page.id)})")


def record_link_answer(store: Store, config: Config, clock: Clock, claim: LinkClaim) -> Answer:
    return record_phone_answer(store, config, clock, page_id=claim.page_id,
                               staff_id=claim.staff_id, dispatch_id=claim.dispatch_id,
                               action=claim.action, channel="link", reply_key=claim.nonce)


def record_sms_reply(store: Store, config: Config, clock: Clock, *, sender: str, text: str,
                     message_id: str = "") -> Answer:
    """An SMS reply: the sender's number must be the roster phone of the page's member."""
    reply = parse_sms_reply(text)
    try:
        page = store.pages.get(reply.page_id)
    except NotFound:
        raise ValidationFailed("no such page") from None
    staff = store.staff.get(page.staff_id)
    if page.dispatch_id is None or not _same_number(sender, staff.phone):
        raise ValidationFailed("the sender is not the member this page went to")
    key = f"sms:{message_id}" if message_id else f"sms:{secrets.token_hex(12)}"
    return record_phone_answer(store, config, clock, page_id=page.id, staff_id=staff.id,
                               dispatch_id=page.dispatch_id, action=reply.action, channel="sms",
                               reply_key=key, eta_minutes=reply.eta_minutes)


def record_phone_answer(store: Store, config: Config, clock: Clock, *, page_id: int, staff_id: int,
                        dispatch_id: int, action: PhoneAction, channel: str, reply_key: str,
                        eta_minutes: int | None = None) -> Answer:
    """Consume the answer's key and move the team on, as the paged member, in one transaction.

    A key used before, or a status the team is already at or past, changes nothing."""
    from mrss_tui.workflow.paging import set_team_status

    page = _page_of(store, page_id, staff_id, dispatch_id)
    staff = store.staff.get(page.staff_id)
    if not staff.active:
        raise ValidationFailed("this member is no longer active")
    session = Session(store, config, Actor.of(staff), clock)
    with store.atomic():
        dispatch = store.dispatches.get(dispatch_id)
        acknowledged = any(m.staff_id == staff.id and m.acknowledged_at is not None
                           for m in store.dispatches.members(dispatch_id))
        if already_done(action, dispatch.status, acknowledged):
            return Answer(False, f"Already recorded: the team is {_status_words(dispatch)}. "
                                 "Nothing was changed.")
        if not store.phone_replies.record(staff.login, reply_key=reply_key, channel=channel,
                                          page_id=page.id, dispatch_id=dispatch_id,
                                          staff_id=staff.id, action=action.value,
                                          at=clock.now(), eta_minutes=eta_minutes):
            return Answer(False, "Already recorded: this link was used before. Nothing was "
                                 "changed.")
        set_team_status(session, dispatch_id, action.status)
    log.info("page answer recorded: %s %s by %s", page_key(page.id), action.value, channel)
    return Answer(True, f"Recorded: {action.done_words} for {call_ref(dispatch.call_id)}.")


def _page_of(store: Store, page_id: int, staff_id: int, dispatch_id: int) -> Page:
    try:
        page = store.pages.get(page_id)
    except NotFound:
        raise LinkRefused(404, "This page is not known here.") from None
    if page.staff_id != staff_id or page.dispatch_id != dispatch_id:
        raise LinkRefused(403, "This link is not valid.")
    return page


def _status_words(dispatch) -> str:
    return dispatch.status.value.replace("_", " ")


def _same_number(sender: str, roster_phone: str) -> bool:
    a, b = check_phone(sender), check_phone(roster_phone)
    return bool(a.e164 and a.e164 == b.e164)
