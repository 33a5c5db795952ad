"""The audit viewer's search by a name that matches several people reads each person's newest
rows and merges them (store/repos/access.py): the same rows, in the same order, page by page,
as reading every row of every match. And a generated access history keeps the chain intact."""

from __future__ import annotations

import json
from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.access import AuditFilter
from mrss_tui.workflow.access import audit_page
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def _views(people: list[int], per_person: int) -> list[dict[str, object]]:
    rows = []
    for n in range(per_person):
        for person in people:
            # Several rows share a second: the order falls back on the id, newest first.
            rows.append({"at": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00Z",
                         "actor": "coord", "action": "person.view", "entity": "person",
                         "entity_id": person, "person_id": person,
                         "detail": json.dumps({"person_ids": [person]}), "person_ids": [person]})
    return rows


def test_a_name_matching_several_people_pages_like_reading_every_row(demo_db: Path) -> None:
    sup = open_session(demo_db, build_config({}), "super", FrozenClock(T0))
    first = sup.store.scalar(
        "SELECT substr(name, 1, instr(name, ' ') - 1) AS first FROM persons WHERE name <> '' "
        "GROUP BY first HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 1")
    people = [p.id for p in sup.store.persons.search_name(first, limit=20)]
    assert len(people) >= 3
    with sup.store.atomic():
        sup.store.append_audit_history(_views(people, 12))
    marks = ", ".join("?" for _ in people)
    every = [row[0] for row in sup.store.all(
        f"SELECT id FROM audit WHERE person_id IN ({marks}) ORDER BY at DESC, id DESC", people)]
    shown = []
    for page in range(4):
        result = audit_page(sup, AuditFilter(person=first), page=page, page_size=7, record=False)
        assert result.person_matches == len(people)
        shown += [row.id for row in result.rows]
    assert shown == every[:28]
    staff_only = audit_page(sup, AuditFilter(person=first, staff="nobody"), record=False)
    assert staff_only.rows == []


def test_generated_history_keeps_the_chain_and_the_accounting(demo_db: Path) -> None:
    sup = open_session(demo_db, build_config({}), "super", FrozenClock(T0))
    before = sup.store.audit_log.count()
    rows = _views([1, 2], 3)
    rows.append({"at": "2026-11-20T13:00:00Z", "actor": "coord", "action": "intake.lookup",
                 "entity": "person", "entity_id": "", "person_id": None,
                 "detail": json.dumps({"person_ids": [1, 2]}), "person_ids": [1, 2]})
    with sup.store.atomic():
        assert sup.store.append_audit_history(rows) == 7
    assert sup.store.audit_log.count() == before + 7
    assert sup.store.audit_chain_problems() == []
    lookups = [e for e in sup.store.audit_log.disclosures(2) if e.action == "intake.lookup"]
    assert len(lookups) == 1
