"""Audit viewer and access-accounting speed on a big audit log.

    .venv/bin/python benchmarks/audit_viewer.py [--rows 1000000] [--db /tmp/x.db]

Makes a demo database (unless --db names an existing one, which is copied, never changed),
appends ROWS synthetic "person.view" audit rows spread over ten years through the store's own
audit writer, then times the viewer's queries (one page of 100) and one open_person().
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.access import AuditFilter
from mrss_tui.store.db import Store
from mrss_tui.workflow.access import audit_page, open_person
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.demo import DemoOptions, generate_demo

START = date(2016, 11, 20)


def build(db: Path, rows: int, source: Path | None) -> None:
    clock = FrozenClock(time_at(START))
    if source:
        with Store.open(source, migrate_schema=False) as original:
            original.backup(db)
    else:
        with Store.open(db, create=True, clock=clock) as store:
            generate_demo(store, build_config({}), DemoOptions(seed=7, days=30))
    rng = random.Random(7)
    with Store.open(db, clock=clock) as store:
        logins = [s.login for s in store.staff.list()]
        people = int(store.scalar("SELECT max(id) FROM persons"))
        started = time.perf_counter()
        with store.atomic():
            for i in range(rows):
                clock.set(time_at(START) + timedelta(seconds=i * (3650 * 86400 // max(rows, 1))))
                person = rng.randint(1, people)
                store.audit(rng.choice(logins), "person.view", "person", person, person_id=person)
        print(f"appended {rows:,} audit rows in {time.perf_counter() - started:.1f} s")


def time_at(day: date):
    from datetime import datetime, timezone

    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)


def timed(label: str, fn) -> None:
    best = min(_once(fn) for _ in range(5))
    print(f"{label:<48} {best * 1000:8.1f} ms")


def _once(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="an existing database to copy first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        build(db, args.rows, args.db)
        sup = open_session(db, build_config({}), "super", FrozenClock(time_at(date(2026, 11, 20))))
        print(f"audit rows: {sup.store.audit_log.count():,}")
        timed("first page, no filter", lambda: audit_page(sup, AuditFilter()))
        timed("page 100 (rows 10,001-10,100), no filter",
              lambda: audit_page(sup, AuditFilter(), page=100))
        timed("one staff member", lambda: audit_page(sup, AuditFilter(staff="coord")))
        timed("one staff member, one month", lambda: audit_page(sup, AuditFilter(
            staff="coord", day_from=date(2021, 3, 1), day_to=date(2021, 3, 31))))
        timed("one person by number", lambda: audit_page(sup, AuditFilter(person="7")))
        name = sup.store.persons.get(7).name.split()[0]
        timed(f"people by a first name ({name!r}, up to 20)",
              lambda: audit_page(sup, AuditFilter(person=name)))
        coord = open_session(db, build_config({}), "coord", FrozenClock(time_at(date(2026, 11, 20))))
        timed("open_person (read + audit row, committed)", lambda: open_person(coord, 7))


if __name__ == "__main__":
    main()
