"""A slow, stalling link between an ssh client and sshd, on 127.0.0.1.

Every chunk is held ``delay`` seconds in each direction, and for ``stall`` seconds of every
``period`` nothing moves at all; what queued up then goes through at once, the way a weak mobile
link delivers a second of typing in one burst. Runs in its own thread with its own event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time


class SlowLink:
    def __init__(self, target_port: int, *, delay: float = 0.15, stall: float = 1.0,
                 period: float = 5.0) -> None:
        self.target_port = target_port
        self.delay, self.stall, self.period = delay, stall, period
        self.port = 0
        self.stalls_seen = 0
        # Bytes the client sent that the link has not yet handed on, and those it has.
        self.up_pending = 0
        self.up_delivered = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slow-link", daemon=True)
        self._started = time.monotonic()

    def __enter__(self) -> "SlowLink":
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the slow link did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._server.close()
        tasks = asyncio.all_tasks(self._loop)
        for task in tasks:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self._loop.close()

    def _release_time(self, due: float) -> float:
        """``due``, or the end of the stall it falls in."""
        into_period = (due - self._started) % self.period
        stalled_from = self.period - self.stall
        if into_period >= stalled_from:
            self.stalls_seen += 1
            return due + (self.period - into_period)
        return due

    async def _connection(self, client_r: asyncio.StreamReader,
                          client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(self._pipe(client_r, server_w, up=True),
                             self._pipe(server_r, client_w), return_exceptions=True)

    def _count(self, up: bool, queued: int = 0, delivered: int = 0) -> None:
        if up:
            self.up_pending += queued - delivered
            self.up_delivered += delivered

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    up: bool = False) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                wait = self._release_time(due) - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
                self._count(up, delivered=len(data))
            writer.close()

        sender = asyncio.ensure_future(deliver())
        try:
            while data := await reader.read(65536):
                self._count(up, queued=len(data))
                queue.put_nowait((time.monotonic() + self.delay, data))
        finally:
            queue.put_nowait((0.0, b""))
            await sender
