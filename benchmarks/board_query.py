"""How long the board's read takes on the ten-year database (median of 50 runs).

    .venv/bin/python benchmarks/board_query.py [DB]
"""

from __future__ import annotations

import statistics
import sys
import time

from mrss_tui.store.db import Store


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    with Store.open(db, migrate_schema=False) as store:
        now = store.clock.now()
        store.board.summary(now)
        times = []
        for _ in range(50):
            started = time.perf_counter()
            summary = store.board.summary(now)
            times.append(time.perf_counter() - started)
        calls = store.scalar("SELECT count(*) FROM calls")
        plans = [r[3] for r in store.all(
            "EXPLAIN QUERY PLAN SELECT id FROM calls WHERE status = 'open' "
            "ORDER BY received_at DESC LIMIT 50")]
    print(f"{db}: {calls:,} calls; board shows {summary.open_calls_total} open calls, "
          f"{summary.dispatches_total} teams out, {summary.alerts.open} alerts")
    print(f"board summary: median {statistics.median(times) * 1000:.2f} ms, "
          f"max {max(times) * 1000:.2f} ms over {len(times)} runs")
    print("open-calls plan: " + "; ".join(plans))


if __name__ == "__main__":
    main()
