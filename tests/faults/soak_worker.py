"""One process of the soak and kill tests (run as ``python -m tests.faults.soak_worker``).

It opens a session on DB and does OPS random things as a real user and the scheduler would:
record calls (some opening episodes), log contacts, page teams, run every scheduled job (each run
on its own connection, as in the app), open and close extra stores, and close and reopen its
session. After each write *returned* (committed), it appends one line to its own JOURNAL and
fsyncs it, so the journal never claims a write that was not saved; the checker then demands every
journaled write, with its audit rows. The parent may SIGKILL it at any moment.

Journal lines:  #open N (N connections opened) | call TOKEN CALL_ID | contact TOKEN CONTACT_ID | dispatch DISPATCH_ID PAGE_IDS...
Exit: 0 after the last operation (closing normally, or ``os._exit`` without closing);
3 with ``ERROR kind: message`` on stderr when anything raised.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import timedelta
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import ContactMode, Line, Service, Triage
from mrss_tui.store.db import Store, iso
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.episodes import log_contact
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team

LOGIN = "super"


class Worker:
    def __init__(self, db: Path, journal: Path, rng: random.Random) -> None:
        self.db = db
        self.rng = rng
        self.config = build_config({})
        self.journal = journal.open("a", encoding="utf-8")
        self.session = open_session(db, self.config, LOGIN, SystemClock())
        self.note("#open 1")
        self.episodes: list[tuple[int, int]] = []  # (call id, episode id) recorded by this process
        self.pageable = [s.id for s in self.session.store.staff.list(active_only=True)
                         if s.paging_url.strip()]
        self.staff_id = self.session.actor.staff_id

    def note(self, line: str) -> None:
        self.journal.write(line + "\n")
        self.journal.flush()
        os.fsync(self.journal.fileno())

    def token(self) -> str:
        return f"{os.getpid()}-{self.rng.getrandbits(48):012x}"

    def call(self) -> None:
        token = self.token()
        mobile = self.rng.random() < 0.6
        form = IntakeForm(
            received_at=iso(self.session.now() - timedelta(minutes=3)), callback_number="541-555-0123",
            line=Line.L988, caller_name="Soak Caller", caller_relation="mother",
            person_name="Soak Person", born_or_age="14", address="1 Test Rd", town="Burns",
            situation=f"soak {token}", cssrs=CssrsAnswers(q1=False, q2=False, q6=False),
            triage=Triage.MOBILE_DISPATCH if mobile else Triage.PHONE_ONLY,
            new_episode=True)  # the same test caller again is a new episode (no repeat prompt)
        result = record_call(self.session, form)
        self.note(f"call {token} {result.call.id}")
        if result.episode is not None:
            self.episodes.append((result.call.id, result.episode.id))

    def contact(self) -> None:
        if not self.episodes:
            return self.call()
        _call_id, episode_id = self.rng.choice(self.episodes)
        token = self.token()
        contact = log_contact(self.session, episode_id, {
            "at": self.session.now() - timedelta(minutes=1), "mode": ContactMode.PHONE,
            "staff_id": self.staff_id, "services": [Service.CARE_COORDINATION], "minutes": 5,
            "note": f"soak {token}"})
        self.note(f"contact {token} {contact.id}")

    def page(self) -> None:
        if not self.episodes or not self.pageable:
            return self.call()
        call_id, episode_id = self.rng.choice(self.episodes)
        team = self.rng.sample(self.pageable, k=min(2, len(self.pageable)))
        result = page_team(self.session, call_id=call_id, staff_ids=team, episode_id=episode_id,
                           gap_reason="soak: whoever is free", confirm_busy=True)
        self.note(f"dispatch {result.dispatch.id} " + " ".join(str(p.id) for p in result.pages))

    def jobs(self) -> None:
        from mrss_tui.alerts import run_all_once

        results = run_all_once(self.session, headless=self.rng.random() < 0.3)
        self.note(f"#open {len(results)}")  # each job run opens and closes its own connection
        for job_id, result in results.items():
            if isinstance(result, Exception):
                raise RuntimeError(f"job {job_id} failed: {type(result).__name__}: {result}")

    def side_store(self) -> None:
        """What the app does for every background job: a second connection, opened and closed."""
        with Store.open(self.db, migrate_schema=False) as other:
            other.data_version()
        self.note("#open 1")

    def reopen(self) -> None:
        self.session.store.close()
        self.session = open_session(self.db, self.config, LOGIN, SystemClock())
        self.note("#open 1")

    def run(self, ops: int) -> None:
        actions = [self.call, self.contact, self.page, self.jobs, self.side_store, self.reopen]
        for _ in range(ops):
            self.rng.choices(actions, weights=[5, 4, 2, 1, 2, 1])[0]()


def main() -> None:
    db, journal, seed, ops = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    try:
        worker = Worker(db, journal, rng)
        worker.run(ops)
    except Exception as exc:  # noqa: BLE001 - the parent reads this line and fails the test
        print(f"ERROR {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        os._exit(3)
    print("DONE", flush=True)
    if rng.random() < 0.3:
        os._exit(0)  # exit without closing: the connection dies with the process
    worker.session.store.close()


if __name__ == "__main__":
    main()
