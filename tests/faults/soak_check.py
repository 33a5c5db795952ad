"""Shared by the soak and kill tests: start worker processes, and check the file afterwards.

The check: SQLite's integrity_check is ok; every write a worker journaled (it journals only after
the write returned) is in the file with exactly its data; and the audit matches the data exactly:
every call, contact, dispatch and page made since the baseline has one creating audit row, and
no creating audit row names a row that is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mrss_tui.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
MRSS = "import sys; from mrss_tui.cli import main; sys.argv[0] = 'mrss'; main()"
CREATED = {"calls": "call.create", "contacts": "contact.create", "dispatches": "dispatch.create",
           "pages": "page.queue"}
# Alert reminders are pages too, audited once per alert ('alert.reminder_queue'), not per page.
ONLY = {"pages": "AND alert_id IS NULL"}


def cli(db: Path, *args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", MRSS, "--db", str(db), "--as", "super", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env(home))


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state"),
            "XDG_DATA_HOME": str(home / "data"), "MRSS_AUTHORIZED_KEYS": str(home / "authorized_keys"),
            "PYTHONPATH": str(ROOT)}


def spawn_worker(db: Path, journal: Path, seed: int, ops: int, home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.faults.soak_worker", str(db), str(journal),
                             str(seed), str(ops)], cwd=ROOT, env=env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def baseline(db: Path) -> dict[str, int]:
    with Store.open(db, migrate_schema=False) as store:
        return {t: int(store.scalar(f"SELECT coalesce(max(id), 0) FROM {t}")) for t in CREATED}


@dataclass
class Verdict:
    integrity: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)
    writes_checked: int = 0
    opens: int = 0

    @property
    def problems(self) -> list[str]:
        return self.integrity + self.missing[:20] + self.audit[:20]


def check(db: Path, journals: list[Path], base: dict[str, int]) -> Verdict:
    verdict = Verdict()
    with Store.open(db, migrate_schema=False) as store:
        verdict.integrity = store.integrity_problems()
        for journal in journals:
            if journal.exists():
                _check_journal(store, journal, verdict)
        _check_audit(store, base, verdict)
        _check_whole(store, base, verdict)
    return verdict


# Parts of one use case that must exist together (each use case is one transaction).
WHOLE = {
    "a mobile-dispatch call without its episode":
        "SELECT c.id FROM calls c WHERE c.id > :calls AND c.triage = 'mobile_dispatch' "
        "AND NOT EXISTS (SELECT 1 FROM episodes e WHERE e.call_id = c.id)",
    # No call left behind (issue 11): the dispatch, awaiting a team, is written with the call.
    "a mobile-dispatch call without its dispatch":
        "SELECT c.id FROM calls c WHERE c.id > :calls AND c.triage = 'mobile_dispatch' "
        "AND NOT EXISTS (SELECT 1 FROM dispatches d WHERE d.call_id = c.id)",
    "a paged dispatch without its members":
        "SELECT d.id FROM dispatches d WHERE d.id > :dispatches AND d.status <> 'awaiting' "
        "AND NOT EXISTS (SELECT 1 FROM dispatch_members m WHERE m.dispatch_id = d.id)",
    "a paged dispatch without its pages":
        "SELECT d.id FROM dispatches d WHERE d.id > :dispatches AND d.status <> 'awaiting' "
        "AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.dispatch_id = d.id)",
}


def _check_whole(store: Store, base: dict[str, int], verdict: Verdict) -> None:
    for what, sql in WHOLE.items():
        for (row_id,) in store.all(sql, base):
            verdict.audit.append(f"{what}: {row_id}")


def _check_journal(store: Store, journal: Path, verdict: Verdict) -> None:
    for line in journal.read_text(encoding="utf-8").splitlines():
        kind, *rest = line.split()
        if kind == "#open":
            verdict.opens += int(rest[0])
            continue
        verdict.writes_checked += 1
        if kind == "call":
            token, call_id = rest
            found = store.scalar("SELECT situation FROM calls WHERE id = ?", (int(call_id),))
            if found != f"soak {token}":
                verdict.missing.append(f"{journal.name}: call {call_id} ({token}): found {found!r}")
        elif kind == "contact":
            token, contact_id = rest
            found = store.scalar("SELECT note FROM contacts WHERE id = ?", (int(contact_id),))
            if found != f"soak {token}":
                verdict.missing.append(f"{journal.name}: contact {contact_id}: found {found!r}")
        elif kind == "dispatch":
            dispatch_id, *page_ids = (int(x) for x in rest)
            pages = {r[0] for r in store.all("SELECT id FROM pages WHERE dispatch_id = ?", (dispatch_id,))}
            if store.scalar("SELECT 1 FROM dispatches WHERE id = ?", (dispatch_id,)) is None \
                    or not pages >= set(page_ids):  # members added later join the dispatch
                verdict.missing.append(f"{journal.name}: dispatch {dispatch_id} with pages {page_ids}: "
                                       f"found pages {sorted(pages)}")


def _check_audit(store: Store, base: dict[str, int], verdict: Verdict) -> None:
    for table, action in CREATED.items():
        rows = {r[0] for r in store.all(f"SELECT id FROM {table} WHERE id > ? {ONLY.get(table, '')}",
                                        (base[table],))}
        audited: dict[int, int] = {}
        for (entity_id,) in store.all("SELECT entity_id FROM audit WHERE action = ?", (action,)):
            if int(entity_id) > base[table]:
                audited[int(entity_id)] = audited.get(int(entity_id), 0) + 1
        for row_id in sorted(rows - audited.keys()):
            verdict.audit.append(f"{table} {row_id} has no '{action}' audit row")
        for row_id in sorted(audited.keys() - rows):
            verdict.audit.append(f"audit '{action}' names {table} {row_id}, which is not there")
        for row_id, count in sorted(audited.items()):
            if count != 1:
                verdict.audit.append(f"{table} {row_id} has {count} '{action}' audit rows")
