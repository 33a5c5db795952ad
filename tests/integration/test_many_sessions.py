"""Several sessions on one file: a stale save is refused with a message saying who changed what;
another process's write reaches an open screen without losing the user's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Role
from mrss_tui.errors import ConflictError
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.staff import add_staff, set_active
from tests.conftest import T0


def two_supervisors(db: Path):
    first = open_session(db, build_config({}), "super", FrozenClock(T0))
    add_staff(first, login="super2", name="Sky Second", role=Role.SUPERVISOR)
    second = open_session(db, build_config({}), "super2", FrozenClock(T0))
    assert first.store.conn is not second.store.conn
    return first, second


def test_second_save_of_the_same_record_is_refused_and_says_what_changed(demo_db: Path) -> None:
    first, second = two_supervisors(demo_db)
    target = first.store.staff.by_login("iglen")
    seen_by_second = second.store.staff.get(target.id)  # both opened version 1
    set_active(first, target.id, False, target.version)
    with pytest.raises(ConflictError) as refused:
        set_active(second, seen_by_second.id, True, seen_by_second.version)
    message = str(refused.value)
    assert message.startswith("not saved: super saved this staff first (changed active, 13:30)")
    assert "Reload" in message
    now = second.store.staff.get(target.id)
    assert now.active is False and now.version == target.version + 1  # no silent overwrite
    # after reloading, the second person's save goes through
    assert set_active(second, now.id, True, now.version).active is True


def test_store_level_conflict_between_two_connections(demo_db: Path) -> None:
    a = Store.open(demo_db, clock=FrozenClock(T0))
    b = Store.open(demo_db, clock=FrozenClock(T0))
    person = a.persons.get(1)
    a.persons.update("coord", 1, expected_version=person.version, town="Burns")
    with pytest.raises(ConflictError, match="someone else saved this person"):
        b.persons.update("coord2", 1, expected_version=person.version, town="Hines")
    assert b.persons.get(1).town == "Burns"
    a.close()
    b.close()
