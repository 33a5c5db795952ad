"""``mrss check`` on the audit trail: triggers, key, ids, links, signatures, the people each row
revealed, and the heads recorded outside the database. Read only; each finding is one line
naming the rows (never their content)."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from mrss_tui.store.audit_chain import FIELDS, KEYED_FROM_META, TRIGGERS, row_hash
from mrss_tui.store.audit_files import AuditKey, heads_path, key_path, load_key, read_heads

FINDINGS = {
    "missing": "missing (deleted; the ids have a gap)",
    "unlinked": "do not follow the row before them (rows removed, inserted or replaced)",
    "changed": "changed after they were written, or re-hashed without the audit key",
    "head": "differ from the chain head recorded outside the database (rows replaced)",
    "people": "name other people than audit_people holds for them (audit_people edited)",
}


def audit_problems(conn: sqlite3.Connection, db_path: Path) -> list[str]:
    problems = _trigger_problems(conn)
    key = load_key(db_path)
    marker = conn.execute("SELECT value FROM app_meta WHERE key = ?",
                          (KEYED_FROM_META,)).fetchone()
    keyed_from = int(marker[0]) if marker else None
    heads = read_heads(db_path)
    if key is None and (keyed_from is not None or heads):
        problems.append(f"audit key {key_path(db_path)} is missing: rows from "
                        f"{keyed_from or min(heads)} on cannot be verified")
    elif key is not None and keyed_from is not None and key.keyed_from != keyed_from:
        problems.append(f"audit key {key_path(db_path)} was replaced: the chain was keyed from "
                        f"row {keyed_from}, this key signs from row {key.keyed_from}")
    found, last_id = _walk(conn, key, keyed_from, heads)
    for kind, ids in found.items():
        if ids:
            problems.append(f"audit rows {_ranges(ids)}: {FINDINGS[kind]}")
    if heads and max(heads) > last_id:
        problems.append(f"audit rows {last_id + 1}-{max(heads)} were deleted: {heads_path(db_path)} "
                        f"records row {max(heads)} as written, the database ends at {last_id}")
    return problems


def _trigger_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    present = {name: (table, sql or "") for name, table, sql in rows}
    problems = []
    for name, table in TRIGGERS.items():
        have = present.get(name)
        if have is None or have[0] != table or "RAISE" not in have[1].upper():
            problems.append(f"audit trigger {name} is missing or altered: {table} can be edited")
    return problems


def _walk(conn: sqlite3.Connection, key: AuditKey | None, keyed_from: int | None,
          heads: dict[int, set[str]]) -> tuple[dict[str, list[int]], int]:
    """One pass over the log in id order; returns the ids of each kind of finding, last id."""
    found: dict[str, list[int]] = defaultdict(list)
    people = _people_by_row(conn)
    unverifiable_from = keyed_from if key is None else min(keyed_from or key.keyed_from,
                                                            key.keyed_from)
    prev_hash, last_id = "", 0
    cursor = conn.execute(f"SELECT {', '.join(FIELDS)}, prev_hash, row_hash FROM audit ORDER BY id")
    for row in cursor:
        values, stored_prev, stored = tuple(row[:len(FIELDS)]), row[-2], row[-1]
        row_id = values[0]
        found["missing"].extend(range(last_id + 1, row_id))
        if stored_prev != prev_hash:
            found["unlinked"].append(row_id)
        if not _signed_right(key, unverifiable_from, values, stored_prev, stored):
            found["changed"].append(row_id)
        if row_id in heads and heads[row_id] != {stored}:
            found["head"].append(row_id)
        if _named_people(values[-1]) != people.pop(row_id, []):
            found["people"].append(row_id)
        prev_hash, last_id = stored, row_id
    found["people"].extend(sorted(people))  # audit_people rows for no audit row
    return found, last_id


def _signed_right(key: AuditKey | None, unverifiable_from: int | None, values: tuple,
                  stored_prev: str, stored: str) -> bool:
    row_id = values[0]
    if key is not None and row_id >= key.keyed_from:
        return row_hash(stored_prev, values, key.secret) == stored
    if unverifiable_from is not None and row_id >= unverifiable_from:
        return True  # signed with a key that is gone: reported once above
    return row_hash(stored_prev, values) == stored


def _people_by_row(conn: sqlite3.Connection) -> dict[int, list[int]]:
    people: dict[int, list[int]] = defaultdict(list)
    for person_id, audit_id in conn.execute("SELECT person_id, audit_id FROM audit_people"):
        people[audit_id].append(person_id)
    return {audit_id: sorted(ids) for audit_id, ids in people.items()}


def _named_people(detail: str | None) -> list[int]:
    if not detail or '"person_ids"' not in detail:
        return []
    try:
        return sorted(int(p) for p in json.loads(detail).get("person_ids", []))
    except (ValueError, TypeError, AttributeError):
        return [-1]  # unreadable detail: never equal to what audit_people holds


def _ranges(ids: list[int], shown: int = 8) -> str:
    runs: list[list[int]] = []
    for row_id in sorted(set(ids)):
        if runs and row_id == runs[-1][1] + 1:
            runs[-1][1] = row_id
        else:
            runs.append([row_id, row_id])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs[:shown])
    return text + (f" and {len(runs) - shown} more ranges" if len(runs) > shown else "")
