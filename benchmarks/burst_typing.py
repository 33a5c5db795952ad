"""A whole intake typed as one burst (a stalled SSH link delivering it at once), against a bare
Textual form of 14 inputs given the same keys (goal: within 4x).

Both run headless in this process, alternating, on fresh copies of one seed-7 demo database.
Two figures for mrss, each against the bare form given the same keys:
- the whole burst: from handing the app f2, the call, ctrl+s and p to the call recorded, the
  team paged and the board back (opening intake, the draft check, recording and paging are in
  it; the bare form has none of them);
- the typing: the call's keys into the open intake form (f2 was handled before), until every
  key has been handled.
Medians and ratios are printed, of wall-clock time and of the CPU time the process spent (its
threads too; on a shared machine it moves less). If mrss crashed or the call was not recorded
and paged exactly as typed, it prints no figure and exits 1.

mrss runs with the warm-up the real app has after its first frame (screens/warmup.py: the next
screens imported and installed, a blank intake form built ahead, screens/intake_spare.py), and
each run waits for the warm-up to end before the burst: a person at the real app finds it warmed
up a moment after the board shows. (The Pilot tests run without it; polling for other sessions'
writes and the scheduled jobs stay off here, as in the tests: neither is part of a burst.) The
bare form has no warm-up to wait for; it is given the same keys, timed the same way. Before
each burst, mrss's or the bare form's, memory is settled as the real app's warm-up does
(``settle_memory``).

    .venv/bin/python benchmarks/burst_typing.py [RUNS]
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mrss_tui.app  # noqa: E402,F401 - first: the app scans the screens
from textual import events  # noqa: E402
from textual.widgets import Input  # noqa: E402
from _bare_form import DONE_KEY, BareForm  # noqa: E402
from mrss_tui.clock import FrozenClock  # noqa: E402
from mrss_tui.config import build_config  # noqa: E402
from mrss_tui.screens.board import BoardScreen  # noqa: E402
from mrss_tui.store.db import Store  # noqa: E402
from mrss_tui.workflow.demo import DemoOptions, generate_demo  # noqa: E402
from tests.conftest import T0  # noqa: E402
from tests.ui.burst import burst, keys_of  # noqa: E402
from mrss_tui.app import MrssApp  # noqa: E402
from mrss_tui.screens.intake_spare import spare_ready  # noqa: E402
from mrss_tui.workflow.context import open_session  # noqa: E402
from tests.ui.intake_helpers import HIGH_RISK_CALL, RECORD_AND_PAGE, settle  # noqa: E402

GOAL_RATIO = 4.0
POLL_SECONDS = 0.002
LIMIT_SECONDS = 120.0
KEYS = keys_of([("key", "f2"), *HIGH_RISK_CALL, *RECORD_AND_PAGE])
TYPING = keys_of(HIGH_RISK_CALL)  # into the open form, before ctrl+s


def settle_memory() -> None:
    """What the real app does at the end of its warm-up (screens/warmup.py, skipped when
    headless): collect once, then move everything alive out of the collector's way. Without
    it, full collections of the whole heap (every app this process ran before) took 0.1-0.2 s
    inside some bursts and not others. Done for the bare form too, before its burst, so both
    start alike; ``gc.unfreeze`` after each run lets the next collect what this one left."""
    gc.collect()
    gc.freeze()


class Stopwatch:
    """Wall-clock seconds, and the CPU seconds this process spent meanwhile (its threads too:
    the database workers). On a machine shared with other work the CPU figure moves less."""

    def __init__(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self._wall, time.process_time() - self._cpu


class Failed(Exception):
    """mrss crashed or did not record the intake: no figure is printed."""


async def _until(done, what: str) -> None:
    deadline = time.perf_counter() + LIMIT_SECONDS
    while not done():
        if time.perf_counter() > deadline:
            raise Failed(f"{what} not done within {LIMIT_SECONDS:.0f} s")
        await asyncio.sleep(POLL_SECONDS)


async def bare_once(keys: list[str]) -> tuple[float, float]:
    app = BareForm()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        settle_memory()
        watch = Stopwatch()
        await burst(pilot, [*keys, DONE_KEY], then_settle=False)
        await _until(lambda: app.done and _bare_idle(app), "the bare form")
        return watch.read()


def _bare_idle(app: BareForm) -> bool:
    """Every key handed over has been handled. DONE_KEY is the app's own binding: the app meets
    it once it has routed the keys before it to the fields, maybe before the fields handled
    them (and stopping then left their changes to a closed app)."""
    return all(pump._message_queue.empty()
               for pump in [app, app.screen, *app.screen.query(Input)])


def _gate_idle(app) -> bool:
    """Every key handed over has been handled: none left in the app's queue or the gate."""
    gate = app.keys
    return (not gate._waiting and not gate._busy and not gate._holds
            and not any(isinstance(m, events.Key) for m in list(app._message_queue.values)))


def make_app(db: Path) -> MrssApp:
    """The app as tests build it (demo data, frozen clock), with the real app's warm-up."""
    session = open_session(db, build_config({}), "coord", FrozenClock(T0))
    return MrssApp(session, poll_seconds=0, warm_screens=True)


async def warmed_up(pilot) -> None:
    """The board shown and the warm-up over (its last step builds the spare intake form)."""
    app = pilot.app
    await settle(pilot)
    await _until(lambda: spare_ready(app) and not any(
        w.group == "warm-up" and not w.is_finished for w in app.workers), "the warm-up")
    await settle(pilot)


async def mrss_typing_once(db: Path) -> tuple[float, float]:
    """The call's keys into the open intake form; then ctrl+s p records it (checked, untimed)."""
    with Store.open(db) as store:
        calls_before = store.calls.count()
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed_up(pilot)
        await burst(pilot, ["f2"])
        settle_memory()
        watch = Stopwatch()
        await burst(pilot, TYPING, then_settle=False)
        await _until(lambda: _gate_idle(app), "the typing")
        elapsed = watch.read()
        await burst(pilot, keys_of(RECORD_AND_PAGE), then_settle=False)
        await _until(lambda: isinstance(app.screen, BoardScreen) and _gate_idle(app),
                     "the recording")
        await settle(pilot)
    if app._exception is not None:
        raise Failed(f"mrss stopped: {app._exception!r}")
    _check_recorded(db, calls_before)
    return elapsed


async def mrss_once(db: Path) -> tuple[float, float]:
    with Store.open(db) as store:
        calls_before = store.calls.count()
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await warmed_up(pilot)

        def finished() -> bool:
            return (isinstance(app.screen, BoardScreen) and _gate_idle(app)
                    and app.session.store.calls.count() > calls_before)

        settle_memory()
        watch = Stopwatch()
        await burst(pilot, KEYS, then_settle=False)
        await _until(finished, "the intake")
        elapsed = watch.read()
        await settle(pilot)
    if app.return_code not in (None, 0) or app._exception is not None:
        raise Failed(f"mrss stopped: {app._exception!r}")
    _check_recorded(db, calls_before)
    return elapsed


def _check_recorded(db: Path, calls_before: int) -> None:
    with Store.open(db) as store:
        if store.calls.count() != calls_before + 1:
            raise Failed("the call was not recorded")
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        dispatch_id = store.scalar("SELECT id FROM dispatches WHERE call_id = ?", (call.id,))
        pages = store.pages.for_dispatch(dispatch_id) if dispatch_id else []
    typed = (call.callback_number, call.caller_name, call.caller_relation, call.address,
             call.town, call.situation, call.hazards, call.weapons, call.triage.value)
    if typed != ("+15415550123", "Pat Rivers", "mother", "12 Main St", "Burns",
                 "Barricaded in room with a knife", "dog", True, "mobile_dispatch"):
        raise Failed(f"the call was not stored as typed: {typed}")
    if not pages or not all("Weapons: YES" in page.body for page in pages):
        raise Failed("the team was not paged with the weapons warning")


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    figures: dict[str, list[tuple[float, float]]] = {
        "bare whole": [], "mrss whole": [], "bare typing": [], "mrss typing": []}
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        with Store.open(template, create=True, clock=FrozenClock(T0)) as store:
            generate_demo(store, build_config({}), DemoOptions(seed=7))
        try:
            for run in range(runs):
                whole, typing = Path(folder) / f"whole{run}.db", Path(folder) / f"typing{run}.db"
                with Store.open(template, migrate_schema=False) as store:
                    store.backup(whole)
                    store.backup(typing)
                for what, run_once in (("bare whole", lambda: bare_once(KEYS)),
                                       ("mrss whole", lambda: mrss_once(whole)),
                                       ("bare typing", lambda: bare_once(TYPING)),
                                       ("mrss typing", lambda: mrss_typing_once(typing))):
                    try:
                        figures[what].append(asyncio.run(run_once()))
                    finally:
                        gc.unfreeze()
        except Failed as exc:
            print(f"burst typing: FAILED, no figure: {exc}", file=sys.stderr)
            return 1
    print(f"bursts at 80x24, {runs} runs alternating with a bare Textual form of 14 inputs:")
    for what, keys in (("whole", KEYS), ("typing", TYPING)):
        words = ("f2, a whole high-risk call, ctrl+s, p (recorded, paged, board back)"
                 if what == "whole" else "the call's keys into the open intake form")
        print(f"  {what}: {len(keys)} keys, {words}")
        for index, clock in ((0, "wall"), (1, "CPU")):
            bare = [run[index] for run in figures[f"bare {what}"]]
            mrss = [run[index] for run in figures[f"mrss {what}"]]
            ratio = statistics.median(mrss) / statistics.median(bare)
            print(f"    {clock}: bare form median {statistics.median(bare):.3f} s "
                  f"(all {', '.join(f'{t:.3f}' for t in bare)})\n"
                  f"    {clock}: mrss      median {statistics.median(mrss):.3f} s "
                  f"(all {', '.join(f'{t:.3f}' for t in mrss)})\n"
                  f"    {clock}: ratio {ratio:.1f}x (goal <= {GOAL_RATIO:.0f}x: "
                  f"{'met' if ratio <= GOAL_RATIO else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
