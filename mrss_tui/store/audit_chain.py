"""The audit log is tamper-evident: each row carries the hash of the row before it.

Triggers refuse UPDATE, DELETE and INSERT OR REPLACE of an existing row; the chain shows what
the triggers cannot stop (someone who drops them, or edits the file): a changed row no longer
matches its hash, a removed or inserted row breaks the link to its neighbour. ``mrss check``
walks the chain (``chain_problems``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable

FIELDS = ("id", "at", "actor", "action", "entity", "entity_id", "person_id", "detail")


def row_hash(prev_hash: str, values: Iterable[object]) -> str:
    payload = json.dumps([prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, *, at: str, actor: str, action: str, entity: str,
           entity_id: str, person_id: int | None, detail: str) -> None:
    """Insert one row linked to the last; call inside the write transaction (which serialises
    writers, so two processes never link to the same row)."""
    last = conn.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row_id, prev = (last[0] + 1, last[1]) if last else (1, "")
    digest = row_hash(prev, (row_id, at, actor, action, entity, entity_id, person_id, detail))
    conn.execute(
        "INSERT INTO audit(id, at, actor, action, entity, entity_id, person_id, detail, "
        "prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, at, actor, action, entity, entity_id, person_id, detail, prev, digest))


def append_many(conn: sqlite3.Connection, rows: Iterable[dict[str, object]]) -> int:
    """Insert many rows (keys as ``append``'s, plus ``person_ids`` for audit_people), each
    linked to the one before, in one pass: a history of generated access for benchmark
    databases. Call inside the write transaction."""
    last = conn.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row_id, prev = (last[0], last[1]) if last else (0, "")
    audit_rows: list[tuple[object, ...]] = []
    people: list[tuple[object, int]] = []
    for row in rows:
        row_id += 1
        values = (row_id, row["at"], row["actor"], row["action"], row["entity"],
                  str(row["entity_id"]), row["person_id"], row["detail"])
        digest = row_hash(prev, values)
        audit_rows.append((*values, prev, digest))
        people.extend((person, row_id) for person in row.get("person_ids") or ())  # type: ignore[union-attr]
        prev = digest
    conn.executemany(
        "INSERT INTO audit(id, at, actor, action, entity, entity_id, person_id, detail, "
        "prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", audit_rows)
    conn.executemany("INSERT INTO audit_people(person_id, audit_id) VALUES (?, ?)", people)
    return len(audit_rows)


def link_all(conn: sqlite3.Connection) -> int:
    """Give every row its hashes, in id order (the migration that starts the chain)."""
    prev, count = "", 0
    rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM audit ORDER BY id").fetchall()
    for row in rows:
        digest = row_hash(prev, tuple(row))
        conn.execute("UPDATE audit SET prev_hash = ?, row_hash = ? WHERE id = ?",
                     (prev, digest, row[0]))
        prev, count = digest, count + 1
    return count


def chain_problems(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """Every break in the chain (up to ``limit``), oldest first; [] when intact."""
    problems: list[str] = []
    prev = ""
    cursor = conn.execute(f"SELECT {', '.join(FIELDS)}, prev_hash, row_hash FROM audit "
                          "ORDER BY id")
    for row in cursor:
        values, stored_prev, stored = tuple(row[:len(FIELDS)]), row[-2], row[-1]
        if stored_prev != prev:
            problems.append(f"audit row {values[0]}: does not follow the row before it "
                            "(rows removed, inserted or replaced)")
        if row_hash(stored_prev, values) != stored:
            problems.append(f"audit row {values[0]}: its content was changed after it was written")
        prev = stored
        if len(problems) >= limit:
            break
    return problems
