"""Roster: staff records and on-call shifts typed in local time."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mrss_tui.domain.enums import Role, ShiftSlot
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.staff import set_active
from mrss_tui.workflow.roster import (
    add_shift_from_form,
    remove_shift,
    roster,
    save_staff,
)


@pytest.fixture
def boss(make_session):
    return make_session(Role.SUPERVISOR)


def test_add_and_edit_staff_with_version_check(boss):
    staff = save_staff(boss, {"login": "rgale", "name": "Rae Gale", "role": "peer",
                              "paging_url": "json://127.0.0.1:9/page/rgale", "region": "Lake"})
    edited = save_staff(boss, {"name": "Rae Gale", "role": "peer", "credentials": "QMHA",
                               "paging_url": "json://127.0.0.1:9/p", "region": "Lake"}, staff)
    assert edited.credentials == "QMHA" and edited.version == staff.version + 1
    with pytest.raises(Exception, match="someone else saved"):
        save_staff(boss, {"name": "Rae G", "role": "peer"}, staff)  # stale version
    with pytest.raises(ValidationFailed) as err:
        save_staff(boss, {"name": "", "role": "wizard"}, edited)
    assert set(err.value.problems) == {"name", "role"}


def test_shift_typed_in_local_time_is_stored_in_utc_and_listed(boss):
    staff = save_staff(boss, {"login": "rgale", "name": "Rae Gale", "role": "peer"})
    shift = add_shift_from_form(boss, login="rgale", region="Lake", slot="backup",
                                starts="2026-11-20 19:00", hours="12")
    assert shift.slot is ShiftSlot.BACKUP
    assert shift.starts_at == datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)  # PST = UTC-8
    assert shift.ends_at == datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
    view = roster(boss)
    assert [(s.id, who.login) for s, who in view.shifts] == [(shift.id, "rgale")]
    remove_shift(boss, shift.id)
    assert roster(boss).shifts == []
    set_active(boss, staff.id, False, staff.version)
    with pytest.raises(ValidationFailed):
        add_shift_from_form(boss, login="rgale", region="Lake", slot="primary",
                            starts="2026-11-20 19:00", hours="12")


@pytest.mark.parametrize("fields,problem", [
    ({"region": "Atlantis"}, "region"), ({"starts": "tomorrow"}, "starts"),
    ({"hours": "0"}, "hours"), ({"slot": "third"}, "slot"), ({"login": "nobody"}, "login")])
def test_bad_shift_input_names_the_field(boss, fields, problem):
    save_staff(boss, {"login": "rgale", "name": "Rae Gale", "role": "peer"})
    values = {"login": "rgale", "region": "Lake", "slot": "primary",
              "starts": "2026-11-20 19:00", "hours": "12"} | fields
    with pytest.raises(ValidationFailed) as err:
        add_shift_from_form(boss, **values)
    assert problem in err.value.problems


def test_only_supervisors_manage_the_roster(make_session):
    with pytest.raises(PermissionDenied):
        roster(make_session(Role.COORDINATOR))
