"""How one page leaves the machine: the apprise transport, and what its outcome means.

SENT: the receiver accepted it. FAILED: nothing was accepted and, as far as the transport can
tell, nothing left the machine (refused, no connection made, not a valid address): safe to try
again. UNKNOWN: the request went out and no answer came: it may have arrived.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from mrss_tui.domain.paging import page_key

SENT, FAILED, UNKNOWN = "sent", "failed", "unknown"
ID_HEADER = "X-Mrss-Page-Id"


@dataclass(frozen=True)
class Delivery:
    state: str  # SENT, FAILED (safe to try again) or UNKNOWN (it may have arrived)
    reason: str = ""


# (url, title, body, timeout seconds) -> a Delivery; "" means sent, other text failed.
Sender = Callable[[str, str, str, int], "Delivery | str"]


# -- the transport ------------------------------------------------------------------------------


def idempotent_url(url: str) -> bool:
    """Receivers that get the page id in a header and so can drop a repeat."""
    return url.split("://", 1)[0].lower() in ("json", "jsons")


def url_with_page_id(url: str, page_id: int) -> str:
    """Add the page id header (apprise's ``+Header=value`` URL syntax) where supported."""
    if not idempotent_url(url):
        return url
    return f"{url}{'&' if '?' in url else '?'}+{ID_HEADER}={page_key(page_id)}"


# What requests/urllib3 say when no connection was made: nothing left the machine.
_NOT_SENT = re.compile(r"connection refused|newconnectionerror|failed to establish|"
                       r"connecttimeout|connect timeout|name or service not known|"
                       r"name resolution|nodename nor servname", re.IGNORECASE)
# What they say when the request was (or may have been) sent but no answer came.
_NO_ANSWER = re.compile(r"read timed out|connection aborted|remotedisconnected|connection reset|"
                        r"broken pipe", re.IGNORECASE)


def send_with_apprise(url: str, title: str, body: str, timeout: int) -> Delivery:
    """Send one page through its own apprise plugin object with a private logger, so what it
    says about a failure is kept per page and tells "refused" from "no answer"."""
    import apprise

    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        return Delivery(FAILED, "the paging address is not a valid apprise URL")
    for attribute in ("socket_connect_timeout", "socket_read_timeout"):
        if hasattr(plugin, attribute):  # network plugins: bound each attempt
            setattr(plugin, attribute, float(timeout))
    log = _PluginLog()
    plugin.logger = log.logger
    if plugin.notify(title=title, body=body):
        return Delivery(SENT)
    if _NO_ANSWER.search(log.detail) and not _NOT_SENT.search(log.detail):
        return Delivery(UNKNOWN, f"no answer within {timeout} s after sending")
    return Delivery(FAILED, f"not accepted: {log.reason}" if log.reason
                    else "the receiver did not accept the page")


class _PluginLog(logging.Handler):
    """A logger of its own for one plugin object: keeps the last warning and every detail."""

    _ADDRESS = re.compile(r"\S+://\S+")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.reason = ""
        self.detail = ""
        self.logger = logging.Logger("mrss.page", logging.DEBUG)  # not registered: private
        self.logger.propagate = False
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        # Never keep an address: it may carry a paging credential.
        text = self._ADDRESS.sub("<address>", record.getMessage())
        if record.levelno >= logging.WARNING:
            self.reason = text[:120]
        self.detail += text + "\n"


@functools.cache
def load_apprise() -> None:
    """Import apprise and load its plugins once, before any send (about 2 s on a busy
    machine): loading inside a send thread must not count against the send's time limit."""
    import apprise

    apprise.Apprise.instantiate("json://127.0.0.1")  # builds the plugin table; sends nothing


def as_delivery(outcome: "Delivery | str") -> Delivery:
    if isinstance(outcome, Delivery):
        return outcome
    return Delivery(SENT) if not outcome else Delivery(FAILED, outcome)
