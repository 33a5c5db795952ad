"""The demo's pager: a small receiver on 127.0.0.1 that accepts the demo staff's pages.

``mrss demo`` gives every fictional staff member a paging address on this receiver, and the TUI
and ``mrss worker`` start it while they run on a database whose staff page it, so a newcomer
sees pages go out ("sent") instead of a page failing every few minutes. It listens on 127.0.0.1
only, answers 200 to a POST under /page/, keeps nothing (the body is read and dropped; no log),
and stops with the process. If another mrss process already holds the port, that one answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mrss_tui.store.db import Store

if TYPE_CHECKING:
    from mrss_tui.workflow.demo_pager_server import DemoPager

HOST, PORT = "127.0.0.1", 8765
URL_PREFIX = f"json://{HOST}:{PORT}/page/"


def demo_paging_url(login: str) -> str:
    """The paging address the demo gives a staff member (the one place it is spelled)."""
    return f"{URL_PREFIX}{login}"


def start_demo_pager(store: Store) -> "DemoPager | None":
    """Start the receiver when some staff member pages it (a demo database); None otherwise,
    or when the port is taken (another mrss process on the demo answers). The HTTP server is
    imported only for a demo database (start-up time)."""
    if not store.staff.pages_to(URL_PREFIX):
        return None
    from mrss_tui.workflow.demo_pager_server import serve

    return serve(HOST, PORT)
