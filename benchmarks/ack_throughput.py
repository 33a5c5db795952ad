"""Answering pages from the phone under a burst: 100 concurrent POSTs of distinct links to a real
`mrss ack-server` (uvicorn on 127.0.0.1), against the same server's /healthz in the same run.

    python benchmarks/ack_throughput.py [--posts 100]

Builds a fresh database in a temporary folder with one paged member per call (through the
workflow functions), starts `mrss ack-server`, fires every POST at once, and then checks the
database: every member acknowledged, one phone-answer row each. Target: p95 under 100 ms.
Exits non-zero, printing no figure, when the server died, a POST failed or a write is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx2 as httpx

from mrss_tui.clock import FrozenClock, SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, Role, ShiftSlot, Triage
from mrss_tui.domain.phone_actions import PhoneAction
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Actor, Session
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team
from mrss_tui.workflow.phone_ack import PhoneLinks
from mrss_tui.workflow.staff import add_shift, add_staff


def build(db: Path, config, posts: int) -> list[str]:
    """``posts`` calls, each with one member paged; returns one acknowledge link per page."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store.open(db, create=True, clock=SystemClock()) as store:
        boss = Session(store, config, SYSTEM, SystemClock())
        coordinator = add_staff(boss, login="coord", name="Bench Coordinator",
                                role=Role.COORDINATOR)
        session = Session(store, config, Actor.of(coordinator), SystemClock())
        links = PhoneLinks.for_store(config, db, SystemClock(), create_key=True)
        urls = []
        for n in range(posts):
            member = add_staff(boss, login=f"clin{n}", name=f"Bench Clinician {n}",
                               role=Role.CLINICIAN, region="Harney",
                               paging_url="json://127.0.0.1:9/never")
            add_shift(boss, staff_id=member.id, region="Harney", slot=ShiftSlot.PRIMARY,
                      starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8))
            call = record_call(session, IntakeForm(
                received_at=now.isoformat(), callback_number="541-555-0123", line=Line.L988,
                person_name="Bench Person", born_or_age="14", address="1 Main St",
                town="Burns", situation="bench", cssrs=CssrsAnswers(q1=False, q2=False, q6=False),
                triage=Triage.MOBILE_DISPATCH, new_episode=True))
            result = page_team(session, call_id=call.call.id, staff_ids=[member.id],
                               gap_reason="benchmark: one member per call")
            urls.append(links.links(result.pages[0])[PhoneAction.ACKNOWLEDGE])
        return urls


async def fire(method: str, urls: list[str], at_once: int) -> list[float]:
    """Each request's time from its start; at most ``at_once`` in flight."""
    gate = asyncio.Semaphore(at_once)
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=at_once)) as client:
        async def one(url: str) -> float:
            async with gate:
                start = time.perf_counter()
                response = await client.request(method, url)
                took = (time.perf_counter() - start) * 1000
            if response.status_code != 200 or (method == "POST" and "Recorded" not in response.text):
                raise SystemExit(f"{method} {response.status_code}: {response.text[:200]}")
            return took
        return list(await asyncio.gather(*(one(u) for u in urls)))


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100)
    posts = parser.parse_args().posts
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        db, cfg_path = Path(folder) / "bench.db", Path(folder) / "config.toml"
        cfg_path.write_text(f'[ack]\nbase_url = "{base}"\nlisten = "127.0.0.1:{port}"\n'
                            '[response]\nrequired_team = [["clinician"]]\n')
        config = build_config({"ack": {"base_url": base, "listen": f"127.0.0.1:{port}"},
                               "response": {"required_team": [["clinician"]]}})
        urls = build(db, config, 2 * posts)
        env = {**os.environ, "MRSS_DB": str(db), "MRSS_CONFIG": str(cfg_path)}
        server = subprocess.Popen([sys.executable, "-m", "mrss_tui", "ack-server"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        figures = {}
        try:
            for _ in range(200):
                if server.poll() is not None:
                    raise SystemExit(f"ack-server died: {server.stderr.read().decode()[-500:]}")
                try:
                    httpx.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            asyncio.run(fire("GET", [f"{base}/healthz"] * 10, 10))  # warm the thread pool
            for at_once, batch in ((posts, urls[:posts]), (10, urls[posts:])):
                health = asyncio.run(fire("GET", [f"{base}/healthz"] * posts, at_once))
                wall = time.perf_counter()
                answers = asyncio.run(fire("POST", batch, at_once))
                figures[at_once] = (health, answers, (time.perf_counter() - wall) * 1000)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
        with Store.open(db, clock=FrozenClock(datetime.now(timezone.utc))) as store:
            acked = store.scalar("SELECT count(*) FROM dispatch_members WHERE acknowledged_at "
                                 "IS NOT NULL")
            rows = store.scalar("SELECT count(*) FROM phone_replies WHERE channel = 'link'")
        if acked != 2 * posts or rows != 2 * posts:
            raise SystemExit(f"lost writes: {acked} of {2 * posts} acknowledged, {rows} rows")
    print(f"POSTs of distinct answer links to a real mrss ack-server (uvicorn, 127.0.0.1), "
          f"each against GET /healthz with the same concurrency in the same run")
    for at_once, (health, answers, wall) in figures.items():
        print(f"  {posts} requests, {at_once:3d} in flight: healthz p95 {p95(health):7.1f} ms | "
              f"POST median {statistics.median(answers):7.1f} ms, p95 {p95(answers):7.1f} ms "
              f"(ratio {p95(answers) / p95(health):.1f}x), all in {wall:.0f} ms")
    print(f"  recorded {rows} of {2 * posts}, none lost (target: p95 under 100 ms)")


if __name__ == "__main__":
    main()
