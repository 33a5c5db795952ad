"""Access per object, not only per role: may this actor touch *that* dispatch, alert or referral?

The role table (permissions.py) says what kind of thing a role may do; these checks say which
objects. Those who see every episode (coordinator, supervisor) and the system (background jobs)
pass; field staff pass only for their own team's objects; the county administrator never gets
here (the role table gives that role no PHI action at all).
"""

from __future__ import annotations

from mrss_tui.domain.models import Dispatch, Referral
from mrss_tui.domain.records import Alert, call_ref
from mrss_tui.errors import PermissionDenied
from mrss_tui.workflow.context import Session, sees_all
from mrss_tui.workflow.episodes import require_episode
from mrss_tui.workflow.permissions import Action


def require_dispatch(session: Session, dispatch_id: int,
                     action: Action = Action.VIEW_BOARD) -> Dispatch:
    """The dispatch, if the actor is on its team (or sees every episode)."""
    session.require(action)
    dispatch = session.store.dispatches.get(dispatch_id)
    if session.is_system or sees_all(session):
        return dispatch
    members = {m.staff_id for m in session.store.dispatches.members(dispatch_id)}
    on_episode = dispatch.episode_id is not None and session.store.episode_views.is_on_team(
        dispatch.episode_id, session.actor.staff_id)
    if session.actor.staff_id in members or on_episode:
        return dispatch
    raise PermissionDenied(f"{session.actor.login} is not on the team for "
                           f"{call_ref(dispatch.call_id)}")


def require_call(session: Session, call_id: int, action: Action = Action.VIEW_BOARD) -> None:
    """The call exists and the actor is on a team sent for it (or sees every episode)."""
    session.require(action)
    session.store.calls.get(call_id)  # NotFound for a call that is not there
    if session.is_system or sees_all(session):
        return
    if not session.store.episode_views.is_on_call_team(call_id, session.actor.staff_id):
        raise PermissionDenied(f"{session.actor.login} is not on the team for {call_ref(call_id)}")


def require_alert(session: Session, alert_id: int) -> Alert:
    """The alert, if it is about an episode or dispatch of the actor's own team."""
    session.require(Action.HANDLE_ALERTS)
    alert = session.store.alerts.get(alert_id)
    if session.is_system or sees_all(session):
        return alert
    if alert.subject_type == "dispatch":
        require_dispatch(session, alert.subject_id, Action.HANDLE_ALERTS)
        return alert
    episode_id = alert_episode_id(session, alert)
    if episode_id is None:
        raise PermissionDenied(f"{session.actor.login} may only handle alerts about their own "
                               "episodes")
    require_episode(session, episode_id)
    return alert


def alert_episode_id(session: Session, alert: Alert) -> int | None:
    """The episode an alert is about, when there is one."""
    store = session.store
    if alert.subject_type == "episode":
        return alert.subject_id
    if alert.subject_type == "followup":
        return store.followups.get(alert.subject_id).episode_id
    if alert.subject_type == "dispatch":
        return store.dispatches.get(alert.subject_id).episode_id
    return None


def require_referral(session: Session, referral_id: int) -> Referral:
    session.require(Action.REFER)
    referral = session.store.referrals.get(referral_id)
    require_episode(session, referral.episode_id)
    return referral
