"""Build the ten-year benchmark database: a busy line (100 calls a day) for 3,650 days, with
the access history such a line records (~1M audit rows: look-ups, record views, prints; see
_audit_history.py).

    .venv/bin/python benchmarks/build_tenyear.py [PATH] [DAYS]
        (default /tmp/bench10y.db, 3650 days; fewer days build a smaller database the same way)

Prints the time taken and the row counts. Reuses nothing: refuses an existing file.
The database is written to a temporary name and renamed when complete, so a half-built
file is never mistaken for a finished one.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _audit_history import add_access_history  # noqa: E402

from mrss_tui.config import build_config  # noqa: E402
from mrss_tui.store.audit_files import audit_folder  # noqa: E402
from mrss_tui.store.db import Store  # noqa: E402
from mrss_tui.workflow.demo import DemoOptions, generate_demo  # noqa: E402
from mrss_tui.workflow.profile_check import record_profile  # noqa: E402

DAYS = 3650
CALLS_PER_DAY = 100.0


def main() -> None:
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db")
    days = int(sys.argv[2]) if len(sys.argv) > 2 else DAYS
    if dest.exists():
        sys.exit(f"{dest} exists; remove it first")
    partial = dest.with_name(dest.name + f".building-{os.getpid()}")
    started = time.perf_counter()
    config = build_config({})
    with Store.open(partial, create=True) as store:
        result = generate_demo(store, config,
                               DemoOptions(seed=10, days=days, calls_per_day=CALLS_PER_DAY,
                                           resources=5000))
        result.counts["audit (access history)"] = add_access_history(store, seed=10)
        # As `mrss demo` does: a database that names its program starts without writing, so
        # the first start of a copy measures a start, not a first-start profile record.
        record_profile(store, config, "demo", "profile.init")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    partial.rename(dest)
    audit_folder(partial).rename(audit_folder(dest))  # the audit key and heads go with it
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    size = dest.stat().st_size / 1e6
    print(f"built {dest} in {elapsed:.1f} s ({size:.0f} MB)")
    for table, count in sorted(result.counts.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {table:<20} {count:>10,}")


if __name__ == "__main__":
    main()
