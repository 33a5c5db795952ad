"""Every screen's first page, the long lists' last pages, the intake look-ups and each job's
steady-state run, as the screens call them (workflow functions, access checks included).

    .venv/bin/python benchmarks/queries.py [DB ...]   (default /tmp/bench10y.db)

Works on a copy of each DB (brought to this branch's schema, as `mrss` would). Prints one line
per measurement: median of RUNS, and the target. Exits non-zero if a measured call fails.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import working_copy  # noqa: E402

from mrss_tui.clock import FrozenClock  # noqa: E402
from mrss_tui.config import build_config  # noqa: E402
from mrss_tui.domain.access import AuditFilter  # noqa: E402
from mrss_tui.domain.enums import Phase  # noqa: E402
from mrss_tui.domain.times import parse_iso  # noqa: E402
from mrss_tui.store.db import Store  # noqa: E402
from mrss_tui.workflow.access import audit_page  # noqa: E402
from mrss_tui.workflow.alert_handling import open_alerts  # noqa: E402
from mrss_tui.workflow.board import board_summary  # noqa: E402
from mrss_tui.workflow.context import SYSTEM, Session, open_session  # noqa: E402
from mrss_tui.workflow.directory import DirectoryQuery, search_directory  # noqa: E402
from mrss_tui.domain.episodes import EpisodeRow  # noqa: E402
from mrss_tui.workflow.episodes import EPISODE_PAGE, list_episodes, my_caseload, sees_all  # noqa: E402
from mrss_tui.workflow.intake import find_matches  # noqa: E402
from mrss_tui.workflow.jobs import all_jobs  # noqa: E402

RUNS = 15
FIRST_PAGE_MS = 50.0
SEARCH_MS = 20.0


@dataclass
class Figure:
    name: str
    ms: float
    target_ms: float | None

    @property
    def ok(self) -> bool:
        return self.target_ms is None or self.ms < self.target_ms


def timed(name: str, target: float | None, work: Callable[[], object], runs: int = RUNS) -> Figure:
    work()  # warm: the first run reads pages from disk and builds pydantic validators
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return Figure(name, statistics.median(samples), target)


def sample_values(path: Path) -> dict[str, object]:
    """Numbers and names a caller might type: one known, one new."""
    with Store.open(path, migrate_schema=False) as store:
        return {
            "now": parse_iso(store.scalar("SELECT max(received_at) FROM calls")),
            "known_phone": store.scalar("SELECT phone FROM persons WHERE phone <> '' "
                                        "ORDER BY id DESC LIMIT 1"),
            "known_name": store.scalar("SELECT name FROM persons WHERE name <> '' "
                                       "ORDER BY id DESC LIMIT 1"),
            "field": store.scalar("SELECT s.login FROM staff s JOIN episode_team t "
                                  "ON t.staff_id = s.id WHERE s.role = 'clinician' "
                                  "GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"),
            "new_phone": unused_number(store),
        }


def unused_number(store: Store) -> str:
    """A fictional number (555-01xx, as the builder makes) on no person and no call in this
    database: a phone match for it is a true new-caller look-up. Fails loudly if none is left."""
    from mrss_tui.workflow.demo_phones import fictional_area_codes

    used = {row[0] for row in store.conn.execute(
        "SELECT phone FROM persons WHERE phone <> '' UNION SELECT callback_number FROM calls")}
    for area in reversed(fictional_area_codes()):
        for line in range(199, 99, -1):
            number = f"+1{area}555{line:04d}"
            if number not in used:
                return number
    raise SystemExit("every fictional number is in use: no new-caller number to measure")


def row_before_last_page(session: Session) -> EpisodeRow:
    """The row after which the last page of closed episodes begins (pages follow by key)."""
    _, total = list_episodes(session, Phase.CLOSED)
    team = ("" if session.actor.staff_id is None or sees_all(session) else
            f" AND EXISTS (SELECT 1 FROM episode_team t WHERE t.episode_id = e.id "
            f"AND t.staff_id = {int(session.actor.staff_id)})")
    row = session.store.one(
        "SELECT e.id, e.call_id, e.phase, e.opened_at, e.phase_started_at FROM episodes e "
        f"WHERE e.phase = 'closed'{team} ORDER BY e.phase_started_at DESC, e.id DESC "
        "LIMIT 1 OFFSET ?", (max(total - EPISODE_PAGE - 1, 0),))
    return EpisodeRow.model_validate(dict(row))


def measure(path: Path) -> list[Figure]:
    values = sample_values(path)
    clock = FrozenClock(values["now"])
    config = build_config({})
    coord = open_session(path, config, "coord", clock)
    field = open_session(path, config, str(values["field"]), clock)
    supervisor = open_session(path, config, "super", clock)
    known_phone = str(values["known_phone"])
    known_name = str(values["known_name"])
    last_closed = row_before_last_page(coord)
    last_field = row_before_last_page(field)
    figures = [
        timed("board", FIRST_PAGE_MS, lambda: board_summary(coord, 50)),
        timed("phone match, new caller", SEARCH_MS,
              lambda: find_matches(coord, callback=str(values["new_phone"]))),
        timed("phone match, known caller", SEARCH_MS,
              lambda: find_matches(coord, callback=known_phone)),
        timed("phone match, 7 digits typed", SEARCH_MS,
              lambda: find_matches(coord, callback=known_phone[-7:])),
        timed("name match, new caller", SEARCH_MS, lambda: find_matches(coord, name="Qzx Vwq")),
        timed("name match, known caller", SEARCH_MS,
              lambda: find_matches(coord, name=known_name)),
        timed("name match, one common first name", SEARCH_MS,
              lambda: find_matches(coord, name=known_name.split()[0])),
    ]
    for phase in Phase:
        figures.append(timed(f"episodes {phase.value}, first page", FIRST_PAGE_MS,
                             lambda phase=phase: list_episodes(coord, phase)))
    figures += [
        timed("episodes closed, last page", FIRST_PAGE_MS,
              lambda: list_episodes(coord, Phase.CLOSED, after=last_closed)),
        timed("field staff: episodes crisis, first page", FIRST_PAGE_MS,
              lambda: list_episodes(field, Phase.CRISIS)),
        timed("field staff: episodes closed, first page", FIRST_PAGE_MS,
              lambda: list_episodes(field, Phase.CLOSED)),
        timed("field staff: episodes closed, last page", FIRST_PAGE_MS,
              lambda: list_episodes(field, Phase.CLOSED, after=last_field)),
        timed("field staff: caseload", FIRST_PAGE_MS, lambda: my_caseload(field)),
        timed("alerts (coordinator)", FIRST_PAGE_MS, lambda: open_alerts(coord)),
        timed("field staff: alerts", FIRST_PAGE_MS, lambda: open_alerts(field)),
        timed("audit viewer, first page", FIRST_PAGE_MS,
              lambda: audit_page(supervisor, AuditFilter())),
        timed("directory search 'crisis'", SEARCH_MS,
              lambda: search_directory(coord, DirectoryQuery(text="crisis"))),
    ]
    system = Session(coord.store, config, SYSTEM, clock)
    for job in all_jobs():
        if job.headless_only:
            continue
        figures.append(timed(f"job {job.id} (steady state)", FIRST_PAGE_MS,
                             lambda job=job: job.run(system), runs=5))
    for session in (coord, field, supervisor):
        session.store.close()
    return figures


def main() -> None:
    dbs = sys.argv[1:] or ["/tmp/bench10y.db"]
    failed = False
    for db in dbs:
        with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
            copy = working_copy(db, Path(folder))
            with Store.open(copy) as store:  # this branch's schema, as mrss would
                store.optimize()
            print(f"\n{db} (copy), median of {RUNS} runs")
            for figure in measure(copy):
                target = f"< {figure.target_ms:.0f} ms" if figure.target_ms else ""
                flag = "" if figure.ok else "  MISSED"
                failed |= not figure.ok
                print(f"  {figure.name:<44} {figure.ms:8.2f} ms  {target}{flag}")
    if failed:
        print("\nSome targets were missed (marked MISSED).")


if __name__ == "__main__":
    main()
