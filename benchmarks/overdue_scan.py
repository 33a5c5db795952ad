"""The overdue follow-up scan (and the other alert rules) on the ten-year database.

    python benchmarks/overdue_scan.py [/tmp/bench10y.db]

Make the database once with ``mrss --db /tmp/bench10y.db demo --days 3650 --calls-per-day 100``.
The shared file is never changed: it is copied (SQLite backup API) to a private file beside it,
which is brought to this branch's schema. Target: the overdue scan under 10 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.times import parse_iso
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.episodes import ensure_all_rule_followups
from mrss_tui.workflow.episode_alerts import (
    scan_dispatches,
    scan_episode_windows,
    scan_overdue_followups,
)

RUNS = 50


def private_copy(shared: Path) -> Path:
    copy = shared.with_name(shared.stem + ".overdue-bench.db")
    if not copy.exists():
        partial = copy.with_name(copy.name + ".partial")
        with Store.open(shared, migrate_schema=False) as source:
            source.backup(partial)
        partial.rename(copy)
    return copy


def timed(label: str, fn, runs: int = RUNS) -> None:
    fn()  # warm the page cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    print(f"{label:<44} median {statistics.median(samples):7.2f} ms   "
          f"p95 {samples[int(len(samples) * 0.95) - 1]:7.2f} ms   max {samples[-1]:7.2f} ms")


def main() -> None:
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db")
    if not shared.exists():
        sys.exit(f"no database at {shared}; make it with: mrss --db {shared} demo --days 3650 "
                 "--calls-per-day 100")
    path = private_copy(shared)
    with Store.open(path, migrate_schema=False) as probe:
        now = parse_iso(probe.scalar("SELECT max(received_at) FROM calls"))
    store = Store.open(path, clock=FrozenClock(now))  # migrates the private copy only
    session = Session(store, build_config({}), SYSTEM, FrozenClock(now))
    counts = {t: store.scalar(f"SELECT count(*) FROM {t}")
              for t in ("calls", "episodes", "followups", "alerts")}
    print(f"database {shared} (private copy {path.name}), now = {now:%Y-%m-%d %H:%M}Z")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    plan = store.all("EXPLAIN QUERY PLAN SELECT f.id FROM followups f INDEXED BY followups_pending "
                     "JOIN episodes e ON e.id = f.episode_id WHERE f.done_at IS NULL AND "
                     "f.cancelled_at IS NULL AND f.due_at < ? AND e.phase <> 'closed'",
                     (now.isoformat(),))
    print("plan: " + " | ".join(r["detail"] for r in plan))
    print(f"first pass raised {scan_overdue_followups(session)} overdue alerts; steady state:")
    timed("overdue scan (query only)", lambda: store.episode_watch.overdue_followups(now))
    timed("overdue follow-up job (scan + raise)", lambda: scan_overdue_followups(session))
    scan_episode_windows(session)
    timed("episode windows job", lambda: scan_episode_windows(session))
    timed("dispatch job", lambda: scan_dispatches(session))
    print(f"rule follow-ups first pass made {ensure_all_rule_followups(session)}")
    timed("follow-up rules job", lambda: ensure_all_rule_followups(session), runs=10)
    staff_id = store.scalar("SELECT staff_id FROM episode_team GROUP BY staff_id "
                            "ORDER BY count(*) DESC LIMIT 1")
    timed("caseload of the busiest staff member", lambda: store.episode_views.caseload(staff_id))
    from mrss_tui.domain.enums import Phase

    timed("closed episodes, page 100 of the list",
          lambda: store.episode_views.by_phase(Phase.CLOSED, staff_id=None, limit=50, offset=5000))
    store.close()


if __name__ == "__main__":
    main()
