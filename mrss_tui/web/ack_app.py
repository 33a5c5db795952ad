"""``mrss ack-server``: the small web service behind the links in a page.

- ``GET /a/<token>`` shows what the link would do and one button; it changes nothing, because
  mail scanners and link previews fetch links.
- ``POST /a/<token>`` records it (ntfy's action buttons send exactly this) through
  ``workflow.phone_ack``; a replay answers "already recorded".
- A tampered, foreign or expired token gets a 4xx and a plain page; nothing changes.

Pages are plain HTML with every value escaped, no scripts, no external resources, and headers
that keep the token out of referrers and caches. Each worker thread keeps its own connection.
"""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from mrss_tui.clock import Clock, SystemClock
from mrss_tui.config import Config
from mrss_tui.errors import DatabaseError, MrssError
from mrss_tui.store.db import Store
from mrss_tui.workflow.phone_ack import (
    LinkRefused,
    PhoneLinks,
    describe_claim,
    record_link_answer,
)

log = logging.getLogger("mrss.ack_server")
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                      "form-action 'self'"}


def page(title: str, text: str, *, button: str = "", status: int = 200) -> HTMLResponse:
    form = (f'<form method="post"><button type="submit" style="font-size:1.4em;padding:.6em 1.2em">'
            f"{html.escape(button)}</button></form>") if button else ""
    body = (f"<!doctype html><html><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>{html.escape(title)}</title></head>"
            f"<body style='font-family:sans-serif;max-width:30em;margin:2em auto;padding:0 1em'>"
            f"<h1 style='font-size:1.3em'>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
            f"{form}</body></html>")
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def make_app(db_path: Path, config: Config, clock: Clock | None = None) -> Starlette:
    clock = clock or SystemClock()
    local = threading.local()
    # One writer at a time inside this process: threads queue on a lock and take the write at
    # once, instead of contending in SQLite's busy handler, which sleeps in growing steps.
    write_lock = threading.Lock()
    links = PhoneLinks.for_store(config, db_path, clock)

    def store() -> Store:
        # Starlette runs sync endpoints in a thread pool: one connection per thread.
        if getattr(local, "store", None) is None:
            local.store = Store.open(db_path, clock=clock, migrate_schema=False)
        return local.store

    def confirm(request: Request) -> HTMLResponse:
        try:
            claim = links.read(request.path_params["token"])
            what = describe_claim(store(), claim)
        except LinkRefused as exc:
            return page("Not recorded", str(exc), status=exc.status)
        return page("Answer the page", what, button=claim.action.label)

    def record(request: Request) -> HTMLResponse:
        try:
            claim = links.read(request.path_params["token"])
            with write_lock:
                answer = record_link_answer(store(), config, clock, claim)
        except LinkRefused as exc:
            return page("Not recorded", str(exc), status=exc.status)
        except DatabaseError as exc:
            log.warning("answer not recorded: %s", type(exc).__name__)
            return page("Not recorded", "The line's database is not available; phone the "
                        "line to answer the page.", status=503)
        except MrssError as exc:
            return page("Not recorded", str(exc), status=409)
        return page("Recorded" if answer.recorded else "Already recorded", answer.message)

    def health(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok", headers=HEADERS)

    return Starlette(routes=[
        Route("/a/{token}", confirm, methods=["GET"]),
        Route("/a/{token}", record, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
    ])
