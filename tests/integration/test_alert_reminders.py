"""Urgent alerts page the on-call staff once, through a local JSON receiver."""

from __future__ import annotations

from datetime import timedelta


from mrss_tui.domain.enums import Role, ShiftSlot
from mrss_tui.workflow.alert_reminders import queue_reminders
from mrss_tui.workflow.page_sender import send_due_pages
from mrss_tui.workflow.episode_alerts import scan_dispatches
from tests.conftest import T0
from tests.episode_helpers import open_episode


def test_urgent_alert_pages_on_call_staff_once(session, make_session, clock, receiver):
    store = session.store
    on_call = store.staff.create("system", login="oncall", name="On Call", role=Role.CLINICIAN,
                                 paging_url=receiver.url("/page"))
    store.shifts.add("system", staff_id=on_call.id, region="Harney", slot=ShiftSlot.PRIMARY,
                     starts_at=T0 - timedelta(hours=4), ends_at=T0 + timedelta(hours=8))
    episode = open_episode(session, received=T0 - timedelta(minutes=30))
    store.dispatches.create(session.actor.login, call_id=store.episodes.get(episode.id).call_id,
                            episode_id=episode.id, region="Harney",
                            members=[(on_call.id, "primary")], at=T0 - timedelta(minutes=25))
    assert scan_dispatches(session) == 1  # page not acknowledged (urgent)
    # Queued by the reminder job, sent by the one page sender, once.
    assert queue_reminders(session) == 1
    assert queue_reminders(session) == 0
    [page] = send_due_pages(session)
    assert page.kind == "alert_reminder" and page.status.value == "sent"
    assert send_due_pages(session) == []
    assert len(receiver.bodies) == 1
    body = receiver.bodies[0]["message"]
    assert "not acknowledged" in body and "Test Youth" not in body
    assert f"Page id: mrss-page-{page.id}" in body
