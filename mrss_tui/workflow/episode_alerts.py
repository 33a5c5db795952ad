"""Alert rules, run as scheduled jobs in every process (the TUI and ``mrss worker``).

Each rule reads what is open from the store and raises an alert keyed by (kind, subject, due
time); the UNIQUE key makes "exactly once" hold however many processes run the rule at the same
moment. Messages name only call and episode references, never a person.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mrss_tui.domain.deadlines import is_past
from mrss_tui.domain.enums import AlertKind, Phase, Severity
from mrss_tui.domain.episodes import (
    ending_alert_due,
    no_safety_plan_alert_due,
    phase_deadline,
    safety_plan_due,
)
from mrss_tui.domain.records import call_ref, episode_ref
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.episodes import ensure_all_rule_followups
from mrss_tui.workflow.jobs import Job, every

SEVERITY = {
    AlertKind.FOLLOWUP_OVERDUE: Severity.WARNING,
    AlertKind.CRISIS_WINDOW_ENDING: Severity.WARNING,
    AlertKind.STABILIZATION_ENDING: Severity.INFO,
    AlertKind.NO_SAFETY_PLAN: Severity.WARNING,
    AlertKind.PAGE_UNACKNOWLEDGED: Severity.URGENT,
    AlertKind.ARRIVAL_PAST_TARGET: Severity.URGENT,
}


def _when(session: Session, at: datetime) -> str:
    return at.astimezone(session.config.zone).strftime("%a %d %b %H:%M")


def _raise(session: Session, kind: AlertKind, subject_type: str, subject_id: int,
           due_at: datetime, message: str) -> bool:
    alert = session.store.alerts.raise_once(
        SYSTEM.login, kind=kind, subject_type=subject_type, subject_id=subject_id, due_at=due_at,
        severity=SEVERITY[kind], message=message)
    return alert is not None


def scan_overdue_followups(session: Session) -> int:
    """Follow-up overdue: not done and strictly after its due time."""
    session.require_all_episodes("run the alert rules")
    raised, now, after = 0, session.now(), None
    while batch := session.store.episode_watch.overdue_followups(now, after=after):
        after = (batch[-1].due_at, batch[-1].id)
        for due in batch:
            raised += _raise(session, AlertKind.FOLLOWUP_OVERDUE, "followup", due.id,
                             due.due_at, f"Follow-up for {episode_ref(due.episode_id)} was due "
                                         f"{_when(session, due.due_at)}")
    return raised


def scan_episode_windows(session: Session) -> int:
    """Crisis window ending, stabilization ending, no safety plan after the face-to-face."""
    session.require_all_episodes("run the alert rules")
    config, now, store = session.config, session.now(), session.store
    warn_crisis = timedelta(hours=config.followups.crisis_ending_warn_hours)
    warn_stab = timedelta(days=config.followups.stabilization_ending_warn_days)
    windows = config.windows
    candidates = store.episode_watch.episodes_near_deadlines(
        crisis_cut=now - (timedelta(hours=windows.crisis_hours) - warn_crisis),
        # a day of slack: stabilization counts local days, which DST makes 23 or 25 hours long
        stabilization_cut=now - (timedelta(days=windows.stabilization_days) - warn_stab)
        + timedelta(days=1),
        plan_cut=now - timedelta(hours=config.followups.safety_plan_within_hours))
    raised = 0
    for episode, has_plan in candidates:
        ref = episode_ref(episode.id)
        deadline = phase_deadline(episode, config.windows, config.zone)
        if episode.phase is Phase.CRISIS:
            kind, lead, what = AlertKind.CRISIS_WINDOW_ENDING, warn_crisis, "Crisis window"
        else:
            kind, lead, what = AlertKind.STABILIZATION_ENDING, warn_stab, "Stabilization"
        if ending_alert_due(deadline, lead, now) and not store.episode_watch.alert_exists(
                kind, "episode", episode.id, deadline):
            verb = "ended" if is_past(deadline, now) else "ends"
            raised += _raise(session, kind, "episode", episode.id, deadline,
                             f"{what} of {ref} {verb} {_when(session, deadline)}")
        if no_safety_plan_alert_due(episode, config.followups, has_plan, now):
            due = safety_plan_due(episode, config.followups)
            if not store.episode_watch.alert_exists(AlertKind.NO_SAFETY_PLAN, "episode",
                                                    episode.id, due):
                raised += _raise(session, AlertKind.NO_SAFETY_PLAN, "episode", episode.id, due,
                                 f"No safety plan for {ref}; it was due {_when(session, due)}")
    return raised


def scan_dispatches(session: Session) -> int:
    """Page not acknowledged in time; team not arrived by the response target."""
    session.require_all_episodes("run the alert rules")
    config, now, watch = session.config, session.now(), session.store.episode_watch
    ack_timeout = timedelta(minutes=config.paging.ack_timeout_minutes)
    target = timedelta(minutes=config.response.target_minutes)
    raised = 0
    for dispatch in watch.active_dispatches():
        ref = call_ref(dispatch.call_id)
        ack_due = dispatch.paged_at + ack_timeout
        if (dispatch.acknowledged_at is None and is_past(ack_due, now)
                and not watch.alert_exists(AlertKind.PAGE_UNACKNOWLEDGED, "dispatch", dispatch.id,
                                           ack_due)):
            raised += _raise(session, AlertKind.PAGE_UNACKNOWLEDGED, "dispatch", dispatch.id,
                             ack_due, f"Page for {ref} not acknowledged since "
                                      f"{_when(session, dispatch.paged_at)}")
        arrive_due = dispatch.received_at + target
        if (dispatch.arrived_at is None and is_past(arrive_due, now)
                and not watch.alert_exists(AlertKind.ARRIVAL_PAST_TARGET, "dispatch", dispatch.id,
                                           arrive_due)):
            raised += _raise(session, AlertKind.ARRIVAL_PAST_TARGET, "dispatch", dispatch.id,
                             arrive_due, f"Team for {ref} not arrived; target was "
                                         f"{_when(session, arrive_due)}")
    return raised


def run_alert_rules(session: Session) -> int:
    """Every rule once (what the jobs do between them); returns how many alerts were raised."""
    session.require_all_episodes("run the alert rules")
    return scan_dispatches(session) + scan_episode_windows(session) + scan_overdue_followups(session)


JOBS = [
    Job("alerts.dispatches", scan_dispatches, every(20),
        "Raise alerts for pages not acknowledged and teams past the arrival target"),
    Job("alerts.episodes", scan_episode_windows, every(60),
        "Raise alerts for crisis/stabilization windows ending and missing safety plans"),
    Job("alerts.followups", scan_overdue_followups, every(60),
        "Raise alerts for overdue follow-ups"),
    Job("followups.rules", ensure_all_rule_followups, every(300),
        "Create the follow-ups the profile's rules ask for in every open episode"),
]
