"""Stored rows read without pydantic (domain/stored_rows.py): each value is converted by its
field's type, a value that is not of that type is refused, and what the store writes reads
back as the same record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mrss_tui.domain.enums import AlertKind, Role, Severity
from mrss_tui.domain.records import Alert, Draft, Staff
from mrss_tui.domain.stored_rows import from_row
from tests.conftest import T0


def test_text_times_enums_flags_and_json_are_converted_by_type() -> None:
    alert = from_row(Alert, {
        "id": 7, "kind": "followup_overdue", "subject_type": "followup", "subject_id": 3,
        "due_at": "2026-11-20T03:15:00Z", "severity": "urgent", "message": "m",
        "raised_at": "2026-11-20T03:16:00Z", "raised_by": "system", "acknowledged_at": None,
        "acknowledged_by": None, "snoozed_until": None, "resolved_at": None,
        "created_at": "ignored: not a field"})
    assert alert.kind is AlertKind.FOLLOWUP_OVERDUE and alert.severity is Severity.URGENT
    assert alert.due_at == datetime(2026, 11, 20, 3, 15, tzinfo=timezone.utc)
    assert alert.snoozed_until is None
    staff = from_row(Staff, {"id": 1, "login": "jo", "name": "Jo", "role": "peer", "active": 0})
    assert staff.role is Role.PEER and staff.active is False and staff.credentials == ""
    draft = from_row(Draft, {"staff_login": "jo", "form": "intake", "payload": '{"a": [1]}',
                             "updated_at": "2026-11-20T03:15:00Z"})
    assert draft.payload == {"a": [1]}


def test_a_value_not_of_the_fields_type_is_refused() -> None:
    with pytest.raises(ValueError):
        from_row(Staff, {"id": 1, "login": "jo", "name": "Jo", "role": "wizard"})
    with pytest.raises(ValueError):
        from_row(Draft, {"staff_login": "jo", "form": "f", "payload": "{}",
                         "updated_at": "yesterday"})
    with pytest.raises(TypeError):  # a column a record needs is missing
        from_row(Staff, {"id": 1, "login": "jo", "role": "peer"})


def test_what_the_store_writes_reads_back_the_same(store) -> None:
    made = store.staff.create("system", login="clin", name="Clin Person", role=Role.CLINICIAN,
                              credentials="LCSW, LADC", active=False)
    assert store.staff.get(made.id) == made == store.staff.by_login("clin")
    assert made.active is False and made.credential_list == ["LCSW", "LADC"]
    alert = store.alerts.raise_once("system", kind=AlertKind.FOLLOWUP_OVERDUE,
                                    subject_type="followup", subject_id=1, due_at=T0,
                                    severity=Severity.WARNING, message="due")
    assert alert is not None and alert.due_at == T0 and alert.raised_at.tzinfo is not None
    snoozed = store.alerts.snooze("system", alert.id, T0 + timedelta(hours=1))
    assert snoozed.snoozed_until == T0 + timedelta(hours=1)
    store.drafts.save("clin", "intake", {"caller_name": "Pat", "cssrs": {"q1": True}})
    assert store.drafts.get("clin", "intake").payload == {"caller_name": "Pat",
                                                          "cssrs": {"q1": True}}
