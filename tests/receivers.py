"""A local apprise json:// endpoint for tests (127.0.0.1 only): records each POST and answers
with ``status`` (set it to 500 to play a broken receiver) after ``delay`` seconds (set it above
the sender's timeout to play a slow receiver). ``posted`` is set once a POST has been read, so
a test can kill the sender after its request arrived and before the answer.

Receiver-side duplicates: each page carries its id in the ``X-Mrss-Page-Id`` header; a receiver
that keeps one delivery per id sees ``len(delivered_ids)`` pages, and ``duplicates`` counts the
POSTs that repeated an id it had already seen (what a receiver without de-duplication shows
its user twice). ``port`` (default: any free one) lets a test bring a receiver back on the
address a stopped one had."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE_ID_HEADER = "X-Mrss-Page-Id"


class JsonReceiver:
    def __init__(self, port: int = 0) -> None:
        self.received: list[tuple[str, dict]] = []  # (path, body) per POST
        self.page_ids: list[str] = []  # the page id header of each POST ("" when absent)
        self.status = 200
        self.delay = 0.0
        self.posted = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                receiver.received.append((self.path, json.loads(self.rfile.read(length))))
                receiver.page_ids.append(self.headers.get(PAGE_ID_HEADER, ""))
                receiver.posted.set()
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    self.end_headers()
                except OSError:  # the sender hung up (timed out or was killed)
                    pass

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def bodies(self) -> list[dict]:
        return [body for _path, body in self.received]

    @property
    def delivered_ids(self) -> set[str]:
        return {i for i in self.page_ids if i}

    @property
    def duplicates(self) -> int:
        """POSTs that repeated a page id already received (0 when each page came once)."""
        return len([i for i in self.page_ids if i]) - len(self.delivered_ids)

    def url(self, path: str = "/") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
