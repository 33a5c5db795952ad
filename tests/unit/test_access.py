"""Access accounting (opening a person's record is recorded) and the audit viewer's queries."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.access import AuditFilter
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.access import audit_page, open_person, parse_audit_filter
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def session_of(db: Path, login: str, clock: FrozenClock | None = None):
    return open_session(db, build_config({}), login, clock or FrozenClock(T0))


def team_member_and_person(db: Path) -> tuple[str, int, int]:
    """(a field login on an episode team, that episode's person, a person they are not on)."""
    s = session_of(db, "super")
    row = s.store.one("SELECT st.login, e.person_id FROM episode_team t JOIN staff st ON st.id = "
                      "t.staff_id JOIN episodes e ON e.id = t.episode_id WHERE e.person_id IS NOT "
                      "NULL ORDER BY e.id LIMIT 1")
    login, person = row[0], row[1]
    staff_id = s.store.staff.by_login(login).id
    other = next(pid for (pid,) in s.store.all("SELECT id FROM persons ORDER BY id")
                 if not s.store.access.staff_linked_to_person(staff_id, pid))
    s.store.close()
    return login, person, other


def test_opening_a_record_is_recorded_with_the_person(demo_db: Path) -> None:
    coord = session_of(demo_db, "coord")
    person = open_person(coord, 1)
    assert person.id == 1
    entries = coord.store.audit_log.find(actor="coord", person_id=1)
    assert [(e.action, e.entity_id) for e in entries] == [("person.view", "1")]


def test_field_staff_open_only_their_own_people_and_refusals_are_not_recorded(demo_db: Path) -> None:
    login, mine, other = team_member_and_person(demo_db)
    field = session_of(demo_db, login)
    assert open_person(field, mine).id == mine
    with pytest.raises(PermissionDenied, match="own episodes or dispatches"):
        open_person(field, other)
    with pytest.raises(PermissionDenied, match="county_admin"):
        open_person(session_of(demo_db, "county"), mine)
    views = field.store.audit_log.find(actor=login)
    assert [(e.action, e.person_id) for e in views if e.action == "person.view"] == [
        ("person.view", mine)]


def test_audit_page_filters_by_person_staff_and_local_days(demo_db: Path) -> None:
    clock = FrozenClock(T0)
    sup = session_of(demo_db, "super", clock)
    open_person(session_of(demo_db, "coord", clock), 2)
    clock.advance(timedelta(days=1))  # 21:30 UTC Nov 21 = 13:30 Nov 21 in Oregon
    open_person(session_of(demo_db, "coord", clock), 2)
    open_person(session_of(demo_db, "coord2", clock), 3)
    by_person = audit_page(sup, AuditFilter(person="2")).rows
    assert [r.actor for r in by_person if r.action == "person.view"] == ["coord", "coord"]
    assert all(r.person_id == 2 for r in by_person)
    views = audit_page(sup, AuditFilter(staff="coord", day_from=date(2026, 11, 21),
                                        day_to=date(2026, 11, 21))).rows
    assert [(r.person_id, r.action) for r in views] == [(2, "person.view")]
    # Local day boundaries: 2026-11-20 in Oregon ends at 08:00 UTC on the 21st.
    day_20 = audit_page(sup, AuditFilter(staff="coord", day_to=date(2026, 11, 20))).rows
    assert [r.action for r in day_20 if r.action == "person.view"] == ["person.view"]
    name = sup.store.persons.get(3).name
    by_name = audit_page(sup, AuditFilter(person=name)).rows
    assert any(r.person_id == 3 and r.actor == "coord2" for r in by_name)
    assert by_name[0].person_name is not None
    with pytest.raises(PermissionDenied):
        audit_page(session_of(demo_db, "coord"), AuditFilter())


def test_audit_pages_do_not_overlap_and_end(demo_db: Path) -> None:
    sup = session_of(demo_db, "super")
    coord = session_of(demo_db, "coord")
    for person_id in range(1, 21):
        open_person(coord, person_id)
    first = audit_page(sup, AuditFilter(), page=0, page_size=7)
    second = audit_page(sup, AuditFilter(), page=1, page_size=7)
    assert first.has_more and len(first.rows) == len(second.rows) == 7
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}
    assert first.rows[-1].id > second.rows[0].id or first.rows[-1].at >= second.rows[0].at
    total = sup.store.audit_log.count()
    last = audit_page(sup, AuditFilter(), page=(total - 1) // 7, page_size=7)
    assert not last.has_more and 1 <= len(last.rows) <= 7


def test_filter_text_is_checked() -> None:
    assert parse_audit_filter(" #12 ", "coord", "2026-11-01", "").day_from == date(2026, 11, 1)
    with pytest.raises(ValidationFailed, match="YYYY-MM-DD") as bad:
        parse_audit_filter(day_from="11/01/2026")
    assert bad.value.problems == {"day_from": "not a date"}
    with pytest.raises(ValidationFailed, match="before"):
        parse_audit_filter(day_from="2026-11-02", day_to="2026-11-01")
