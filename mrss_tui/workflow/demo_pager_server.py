"""The demo pager's HTTP receiver (workflow/demo_pager.py decides when it runs)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 64 * 1024


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




def serve(host: str, port: int) -> DemoPager | None:
    """The receiver running on ``host:port``; None when the port is taken."""
    try:
        server = ThreadingHTTPServer((host, port), _Handler)
    except OSError:
        return None
    server.daemon_threads = True
    server.pages = 0  # type: ignore[attr-defined]
    return DemoPager(server)
