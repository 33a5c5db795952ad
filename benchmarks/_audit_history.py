"""A realistic access history for a benchmark database: what staff looked up, opened and printed
around every call, as the app records it (the same actions, entities and detail), so the audit
viewer and the accounting of access are measured at the size ten years would give them.

Per call with a person: the intake look-up at the call (the person and a few others with a
similar name or phone), the record opened by the coordinator and later by a clinician, the
dispatch opened by the team, and for an episode the safety plan and referral list printed. About
2.7 rows per call: ~1M rows for the ten-year database's 364k calls. Every row is linked into the
tamper-evident chain (``mrss check`` passes).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from mrss_tui.store.db import Store

BATCH = 50_000


def add_access_history(store: Store, seed: int = 10) -> int:
    """Append the history for every call in ``store``; returns the rows written."""
    rng = random.Random(seed)
    logins = {role: [r[0] for r in store.conn.execute(
        "SELECT login FROM staff WHERE role = ? ORDER BY id", (role,))]
        for role in ("coordinator", "clinician", "peer", "supervisor")}
    top_person = int(store.scalar("SELECT max(id) FROM persons") or 0)
    calls = store.conn.execute(
        "SELECT c.id, c.received_at, c.person_id, d.id, e.id FROM calls c "
        "LEFT JOIN dispatches d ON d.call_id = c.id "
        "LEFT JOIN episodes e ON e.call_id = c.id "
        "WHERE c.person_id IS NOT NULL GROUP BY c.id ORDER BY c.received_at, c.id")
    written = 0
    batch: list[dict[str, object]] = []
    for call in calls:
        batch.extend(_rows_for_call(rng, logins, top_person, *call))
        if len(batch) >= BATCH:
            written += _write(store, batch)
            batch = []
    return written + _write(store, batch)


def _write(store: Store, batch: list[dict[str, object]]) -> int:
    # Rows of one call span days; the log is in the order things happened.
    batch.sort(key=lambda row: str(row["at"]))
    with store.atomic():
        return store.append_audit_history(batch)


def _rows_for_call(rng: random.Random, logins: dict[str, list[str]], top_person: int,
                   call_id: int, received_at: str, person_id: int, dispatch_id: int | None,
                   episode_id: int | None) -> Iterator[dict[str, object]]:
    at = datetime.fromisoformat(received_at.replace("Z", "+00:00")).astimezone(timezone.utc)
    coordinator = rng.choice(logins["coordinator"])
    clinician = rng.choice(logins["clinician"] or logins["coordinator"])
    others = [rng.randint(1, top_person) for _ in range(rng.randint(0, 3))]
    yield _row(at, coordinator, "intake.lookup", "person", "", [person_id, *others])
    if rng.random() < 0.5:
        yield _row(at + timedelta(minutes=rng.randint(5, 600)), coordinator, "person.view",
                   "person", person_id, [person_id])
    if dispatch_id is not None:
        yield _row(at + timedelta(minutes=rng.randint(1, 30)), rng.choice(logins["peer"] or [
            clinician]), "dispatch.view", "dispatch", dispatch_id, [person_id])
    if episode_id is not None:
        yield _row(at + timedelta(hours=rng.randint(1, 200)), clinician, "person.view",
                   "person", person_id, [person_id])
        if rng.random() < 0.6:
            yield _row(at + timedelta(hours=rng.randint(2, 72)), clinician,
                       "safety_plan.print", "safety_plan", episode_id, [person_id])
        if rng.random() < 0.4:
            yield _row(at + timedelta(days=rng.randint(1, 40)), clinician, "referral.print",
                       "episode", episode_id, [person_id])


def _row(at: datetime, actor: str, action: str, entity: str, entity_id: object,
         person_ids: list[int]) -> dict[str, object]:
    people = sorted(set(person_ids))
    return {"at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "actor": actor, "action": action,
            "entity": entity, "entity_id": entity_id,
            "person_id": people[0] if len(people) == 1 else None,
            "detail": json.dumps({"person_ids": people}, sort_keys=True), "person_ids": people}
