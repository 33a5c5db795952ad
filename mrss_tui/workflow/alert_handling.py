"""Staff acknowledging and snoozing alerts, and finding the episode an alert is about."""

from __future__ import annotations

from datetime import timedelta

from mrss_tui.domain.records import Alert
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session, sees_all
from mrss_tui.workflow.object_access import alert_episode_id, require_alert
from mrss_tui.workflow.permissions import Action

SNOOZE_CHOICES_MINUTES = (15, 60, 240)


def open_alerts(session: Session, limit: int = 200) -> list[Alert]:
    """Everything open for those who see every episode; field staff get their own episodes'."""
    session.require(Action.HANDLE_ALERTS)
    if sees_all(session):
        return session.store.alerts.open(session.now(), limit=limit)
    if session.actor.staff_id is None:
        return []
    return session.store.alerts.open_for_staff(session.now(), session.actor.staff_id, limit)


def acknowledge(session: Session, alert_id: int) -> Alert:
    require_alert(session, alert_id)
    return session.store.alerts.acknowledge(session.actor.login, alert_id)


def snooze(session: Session, alert_id: int, minutes: int) -> Alert:
    require_alert(session, alert_id)
    if not 1 <= minutes <= 24 * 60:
        raise ValidationFailed("snooze for 1 minute to 24 hours", {"minutes": "out of range"})
    return session.store.alerts.snooze(session.actor.login, alert_id,
                                       session.now() + timedelta(minutes=minutes))


def episode_of(session: Session, alert: Alert) -> int | None:
    """The episode an alert is about, when there is one."""
    return alert_episode_id(session, alert)
