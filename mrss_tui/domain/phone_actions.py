"""Answering a page from the phone: the three actions, the SMS reply grammar, and how the links
ride along in a page. Pure: signing, storage and the web service live in workflow/ and web/.

A paged member can acknowledge, say they are en route (with an ETA by SMS) or that they have
arrived. Statuses only move forward, so a late or repeated answer is "already recorded" and
changes nothing.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from mrss_tui.domain.enums import DispatchStatus


class PhoneAction(StrEnum):
    ACKNOWLEDGE = "ack"
    EN_ROUTE = "enroute"
    ARRIVED = "arrived"

    @property
    def status(self) -> DispatchStatus:
        return _STATUS[self]

    @property
    def label(self) -> str:
        return _LABEL[self]

    @property
    def done_words(self) -> str:
        return _DONE[self]


_STATUS = {PhoneAction.ACKNOWLEDGE: DispatchStatus.ACKNOWLEDGED,
           PhoneAction.EN_ROUTE: DispatchStatus.EN_ROUTE,
           PhoneAction.ARRIVED: DispatchStatus.ARRIVED}
_LABEL = {PhoneAction.ACKNOWLEDGE: "Acknowledge", PhoneAction.EN_ROUTE: "En route",
          PhoneAction.ARRIVED: "Arrived"}
_DONE = {PhoneAction.ACKNOWLEDGE: "acknowledged", PhoneAction.EN_ROUTE: "en route",
         PhoneAction.ARRIVED: "arrived"}

CHANNEL_WORDS = {"link": "by phone link", "sms": "by SMS"}


class PhoneReply(NamedTuple):
    """One answer to a page that came from a phone and was acted on (a stored row:
    ``stored_rows.from_row``)."""

    id: int
    reply_key: str
    channel: str  # "link" or "sms"
    page_id: int
    dispatch_id: int
    staff_id: int
    action: PhoneAction
    at: datetime
    eta_minutes: int | None = None

    def describe(self, zone) -> str:
        """E.g. "en route by SMS 10:02, ETA 25 min (10:27)"."""
        local = self.at.astimezone(zone)
        text = f"{self.action.done_words} {CHANNEL_WORDS[self.channel]} {local:%H:%M}"
        if self.eta_minutes is not None:
            text += f", ETA {self.eta_minutes} min ({local + timedelta(minutes=self.eta_minutes):%H:%M})"
        return text

# The team's statuses in the order they happen; a status never moves back.
_PROGRESS = [DispatchStatus.AWAITING, DispatchStatus.PAGED, DispatchStatus.ACKNOWLEDGED,
             DispatchStatus.EN_ROUTE, DispatchStatus.ARRIVED, DispatchStatus.CLEARED]


def already_done(action: PhoneAction, dispatch_status: DispatchStatus,
                 member_acknowledged: bool) -> bool:
    """True when ``action`` would change nothing: the member already acknowledged, or the team
    is already at or past the status (a cancelled dispatch counts as past everything)."""
    if dispatch_status is DispatchStatus.CANCELLED:
        return True
    if action is PhoneAction.ACKNOWLEDGE and member_acknowledged:
        return True
    if action is PhoneAction.ACKNOWLEDGE and dispatch_status is DispatchStatus.PAGED:
        return False  # the member's own acknowledgement is what is recorded
    return _PROGRESS.index(dispatch_status) >= _PROGRESS.index(action.status)


def answered_by_phone(statuses: dict[int, DispatchStatus],
                      latest: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Dispatch id -> channel, where the team's current status is the latest phone answer's."""
    return {dispatch_id: channel for dispatch_id, (channel, action) in latest.items()
            if statuses.get(dispatch_id) is PhoneAction(action).status}


def status_with_channel(status_words: str, channel: str | None) -> str:
    """"Enroute·SMS" on the board (11 columns) when the phone answered; the words alone
    otherwise."""
    if not channel:
        return status_words
    short = {"Acknowledged": "Ack", "En route": "Enroute"}.get(status_words, status_words)
    return f"{short}·{'SMS' if channel == 'sms' else 'link'}"


# -- SMS replies ------------------------------------------------------------------------------------

_SMS_LETTERS = {"A": PhoneAction.ACKNOWLEDGE, "E": PhoneAction.EN_ROUTE, "R": PhoneAction.ARRIVED}
# "A 123", "E 123 25", "R 123"; a phone may add spaces, a page-id prefix or a trailing full stop.
# Compiled (and cached by re) at the first reply, not at import: the board imports this module
# before its first frame, and compiling the pattern took ~2 ms of it (issue 24).
_SMS = (r"^\s*([AERaer])\s*[ .,:]?\s*(?:mrss-page-)?(\d{1,9})(?:\s*[ .,:]\s*(\d{1,3}))?"
        r"\s*(?:min|mins|minutes)?\s*\.?\s*$")
SMS_HELP = "Reply A <page> to acknowledge, E <page> <minutes> when en route, R <page> on arrival"


class SmsReply(NamedTuple):
    action: PhoneAction
    page_id: int
    eta_minutes: int | None = None


class BadSmsReply(ValueError):
    """A text that is not a reply mrss understands (the message never repeats the text)."""


def parse_sms_reply(text: str) -> SmsReply:
    match = re.match(_SMS, text or "", re.IGNORECASE)
    if match is None:
        raise BadSmsReply("not a page reply; " + SMS_HELP)
    action = _SMS_LETTERS[match.group(1).upper()]
    eta = int(match.group(3)) if match.group(3) else None
    if eta is not None and action is not PhoneAction.EN_ROUTE:
        raise BadSmsReply("only an en-route reply (E) takes minutes; " + SMS_HELP)
    if eta is not None and not 0 <= eta <= 600:
        raise BadSmsReply("minutes must be 0 to 600")
    return SmsReply(action, int(match.group(2)), eta)


# -- links in the page ------------------------------------------------------------------------------


def link_lines(links: dict[PhoneAction, str]) -> str:
    """Plain links for transports without buttons (SMS gateways, e-mail)."""
    return "\n".join(f"{action.label}: {url}" for action, url in links.items())


def sms_hint(page_id: int) -> str:
    return f"Reply A {page_id} ack, E {page_id} MIN en route, R {page_id} arrived"


def ntfy_actions(links: dict[PhoneAction, str]) -> str:
    """ntfy's action-button header: one ``http`` POST button per action (at most three)."""
    return "; ".join(f"http, {action.label}, {url}, method=POST, clear=true"
                     for action, url in links.items())
