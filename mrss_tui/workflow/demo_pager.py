"""The demo's pager: a small receiver on 127.0.0.1 that accepts the demo staff's pages.

``mrss demo`` gives every fictional staff member a paging address on this receiver, and the TUI
and ``mrss worker`` start it while they run on a database whose staff page it, so a newcomer
sees pages go out ("sent") instead of a page failing every few minutes. It listens on 127.0.0.1
only, answers 200 to a POST under /page/, keeps nothing (the body is read and dropped; no log),
and stops with the process. If another mrss process already holds the port, that one answers.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mrss_tui.store.db import Store

HOST, PORT = "127.0.0.1", 8765
URL_PREFIX = f"json://{HOST}:{PORT}/page/"
MAX_BODY = 64 * 1024


def demo_paging_url(login: str) -> str:
    """The paging address the demo gives a staff member (the one place it is spelled)."""
    return f"{URL_PREFIX}{login}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        self.rfile.read(length)  # dropped: the demo pager keeps nothing
        self.send_response(200 if self.path.startswith("/page/") else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.pages += self.path.startswith("/page/")  # type: ignore[attr-defined]

    def log_message(self, *_args: object) -> None:
        pass  # nothing on the terminal (the TUI owns it) and nothing kept


class DemoPager:
    """The running receiver; ``pages`` counts the pages it accepted."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, name="demo-pager",
                                       daemon=True)
        self.thread.start()

    @property
    def pages(self) -> int:
        return self.server.pages  # type: ignore[attr-defined]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_demo_pager(store: Store) -> DemoPager | None:
    """Start the receiver when some staff member pages it (a demo database); None otherwise,
    or when the port is taken (another mrss process on the demo answers)."""
    if not store.staff.pages_to(URL_PREFIX):
        return None
    try:
        server = ThreadingHTTPServer((HOST, PORT), _Handler)
    except OSError:
        return None
    server.daemon_threads = True
    server.pages = 0  # type: ignore[attr-defined]
    return DemoPager(server)
