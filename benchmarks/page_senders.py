"""Pages under load: real sender processes, a real receiver on 127.0.0.1 counting POSTs per page
id (issue 20's goal). Prints the figures; exits non-zero if a goal is missed or a sender crashed.

    .venv/bin/python benchmarks/page_senders.py [PAGES]      (default 100)

1. PAGES pages due at once, 3 senders, a receiver answering in 0.5 s, nothing failing:
   0 duplicates, 0 "unknown"; again with 4 processes spinning on the CPU. Baseline: the same
   pages sent by 1 sender (time ratio).
2. The receiver down (refused connections) until every page failed once, then back: every
   page delivered once, none unknown or failed.
3. A sender killed (SIGKILL) while its POSTs wait for an answer, then 2 others: every page
   delivered, at most one repeat per page, each repeat carrying the same page id.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mrss_tui.clock import SystemClock  # noqa: E402
from mrss_tui.domain.cssrs import CssrsAnswers  # noqa: E402
from mrss_tui.domain.enums import Line, Role, ShiftSlot, Triage  # noqa: E402
from mrss_tui.store.db import Store  # noqa: E402
from mrss_tui.workflow.context import Actor, Session  # noqa: E402
from mrss_tui.workflow.intake import IntakeForm, record_call  # noqa: E402
from mrss_tui.workflow.paging import page_team  # noqa: E402
from mrss_tui.workflow.staff import add_shift, add_staff  # noqa: E402
from tests.receivers import JsonReceiver  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from _page_sender_child import bench_config  # noqa: E402

CHILD = ROOT / "benchmarks" / "_page_sender_child.py"
BOUND = 180.0  # seconds: the most any state may take to arrive


def make_db(path: Path, url: str, pages: int) -> None:
    """PAGES dispatch pages due now, two per call (clinician and peer), built by the workflow."""
    clock = SystemClock()
    with Store.open(path, create=True, clock=clock) as store:
        config = bench_config()
        boss = store.staff.create("system", login="boss", name="Bench Boss",
                                  role=Role.SUPERVISOR, credentials="", paging_url="")
        coord = store.staff.create("system", login="coord", name="Bench Coord",
                                   role=Role.COORDINATOR, credentials="", paging_url="")
        admin = Session(store, config, Actor.of(boss), clock)
        session = Session(store, config, Actor.of(coord), clock)
        ids = []
        for login, role in (("clin", Role.CLINICIAN), ("peer", Role.PEER)):
            staff = add_staff(admin, login=login, name=f"Bench {login}", role=role,
                              credentials="LCSW" if role is Role.CLINICIAN else "",
                              paging_url=f"{url}/page/{login}", region="Harney")
            add_shift(admin, staff_id=staff.id, region="Harney", slot=ShiftSlot.PRIMARY,
                      starts_at=clock.now().replace(hour=0, minute=0),
                      ends_at=clock.now().replace(hour=23, minute=59))
            ids.append(staff.id)
        for n in range(pages // 2):
            call = record_call(session, IntakeForm(
                received_at=clock.now().isoformat(), callback_number=f"541-555-{n:04d}",
                line=Line.L988, person_name=f"Bench Person {n}", born_or_age="15",
                address=f"{n} Elm Rd", town="Hines", triage=Triage.MOBILE_DISPATCH,
                cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=True, q6=False))).call
            page_team(session, call_id=call.id, staff_ids=ids, gap_reason="bench",
                      confirm_busy=True)


def count(db: Path, where: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute(f"SELECT count(*) FROM pages WHERE {where}").fetchone()[0]


def wait_for(what: str, ready) -> None:
    deadline = time.monotonic() + BOUND
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"FAILED: {what} did not happen within {BOUND:.0f} s")
        time.sleep(0.2)


class Senders:
    def __init__(self, db: Path, count_: int) -> None:
        self.procs = [subprocess.Popen([sys.executable, str(CHILD), str(db)], cwd=ROOT,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                      for _ in range(count_)]
        for proc in self.procs:
            if proc.stdout.readline().strip() != b"READY":
                raise SystemExit(f"FAILED: a sender did not start: {proc.stderr.read()[-500:]}")

    def kill(self, index: int) -> None:
        self.procs[index].send_signal(signal.SIGKILL)
        self.procs[index].wait()

    def stop(self) -> None:
        """SIGTERM each; any sender that had already ended by itself crashed."""
        for proc in self.procs:
            if proc.poll() is not None and proc.returncode != -signal.SIGKILL:
                raise SystemExit(f"FAILED: a sender crashed: {proc.stderr.read()[-800:]!r}")
            proc.terminate()
        for proc in self.procs:
            proc.wait(30)


@dataclass
class Figures:
    name: str
    seconds: float
    posts: int
    delivered: int
    duplicates: int
    most_per_id: int
    unknown: int
    failed: int
    no_id: int

    def line(self) -> str:
        return (f"{self.name:<44} {self.seconds:6.1f} s  POSTs {self.posts:4}  pages "
                f"delivered {self.delivered:4}  duplicates {self.duplicates:3}  most per id "
                f"{self.most_per_id}  unknown {self.unknown}  failed {self.failed}")


def figures(name: str, db: Path, receiver: JsonReceiver, started: float) -> Figures:
    per_id = Counter(receiver.page_ids)
    return Figures(name, time.monotonic() - started, len(receiver.page_ids),
                   len(receiver.delivered_ids), receiver.duplicates,
                   max(per_id.values(), default=0), count(db, "status = 'unknown'"),
                   count(db, "status = 'failed'"), per_id.get("", 0))


def all_settled(db: Path) -> bool:
    return count(db, "status = 'queued'") == 0


def at_once(folder: Path, pages: int, senders: int, name: str = "") -> Figures:
    receiver = JsonReceiver()
    receiver.delay = 0.5
    db = folder / f"at-once-{senders}{name}.db"
    try:
        make_db(db, receiver.url().rstrip("/"), pages)
        group = Senders(db, senders)
        started = time.monotonic()
        wait_for("every page sent", lambda: all_settled(db))
        group.stop()
        return figures(f"{pages} pages at once, {senders} sender(s)", db, receiver, started)
    finally:
        receiver.close()


BURN = "import time\nwhile True:\n    sum(range(100_000))\n"


def at_once_under_load(folder: Path, pages: int, burners: int = 4) -> Figures:
    """The same with the machine kept busy by ``burners`` processes spinning on the CPU (the
    issue's duplicates came from a loaded machine, where sends queue and slow down)."""
    spinning = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(burners)]
    try:
        row = at_once(folder, pages, 3, name="under-load")
    finally:
        for proc in spinning:
            proc.kill()
            proc.wait()
    row.name = f"{pages} pages at once, 3 senders, {burners} CPU burners"
    return row


def down_then_back(folder: Path, pages: int) -> Figures:
    holder = JsonReceiver()  # only to learn a free port; closed before any page is sent
    port = holder.port
    holder.close()
    db = folder / "down.db"
    make_db(db, f"json://127.0.0.1:{port}", pages)
    started = time.monotonic()
    group = Senders(db, 3)
    wait_for("every page refused once", lambda: count(db, "attempts = 0") == 0)
    receiver = JsonReceiver(port)
    try:
        wait_for("every page sent once the receiver is back", lambda: all_settled(db))
        group.stop()
        return figures("receiver down, then back (3 senders)", db, receiver, started)
    finally:
        receiver.close()


def killed_mid_send(folder: Path, pages: int) -> tuple[Figures, int]:
    receiver = JsonReceiver()
    receiver.delay = 60  # hold the answers: the sender dies while its POSTs wait
    db = folder / "kill.db"
    try:
        make_db(db, receiver.url().rstrip("/"), pages)
        started = time.monotonic()
        first = Senders(db, 1)
        held = min(pages, 8)  # a full round of sends, all waiting for their answer
        wait_for("the sender's POSTs", lambda: len(receiver.page_ids) >= held)
        first.kill(0)
        in_flight = len(receiver.page_ids)
        receiver.delay = 0
        others = Senders(db, 2)
        wait_for("every page sent after the kill", lambda: all_settled(db))
        others.stop()
        first.stop()
        return figures("sender killed mid-send, then 2 senders", db, receiver, started), in_flight
    finally:
        receiver.close()


def main() -> int:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    problems = []
    with tempfile.TemporaryDirectory(prefix="mrss-pages-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        baseline = at_once(folder, pages, 1)
        three = at_once(folder, pages, 3)
        loaded = at_once_under_load(folder, pages)
        back = down_then_back(folder, pages)
        killed, in_flight = killed_mid_send(folder, pages)
    for row in (baseline, three, loaded, back, killed):
        print(row.line())
        if row.delivered != pages or row.unknown or row.failed or row.no_id:
            problems.append(f"{row.name}: not every page delivered once with its id")
    print(f"3 senders vs 1 (baseline): {three.seconds:.1f} s / {baseline.seconds:.1f} s = "
          f"ratio {three.seconds / baseline.seconds:.2f}")
    print(f"killed sender: {in_flight} POST(s) held when it died; repeats {killed.duplicates}")
    for row in (baseline, three, loaded, back):
        if row.duplicates:
            problems.append(f"{row.name}: {row.duplicates} duplicate(s) with no fault")
    if killed.most_per_id > 2 or killed.duplicates > in_flight:
        problems.append("killed sender: more than one repeat of a page")
    for problem in problems:
        print("MISSED:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
