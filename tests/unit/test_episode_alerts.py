"""Alert rules on a real database with an injected clock: one second before, at, after."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.domain.enums import AlertKind, Role
from mrss_tui.workflow.episode_alerts import (
    run_alert_rules,
    scan_dispatches,
    scan_episode_windows,
    scan_overdue_followups,
)
from mrss_tui.workflow.episodes import change_phase, save_safety_plan
from tests.conftest import T0
from tests.episode_helpers import face_to_face, open_episode

SECOND = timedelta(seconds=1)


@pytest.fixture
def team(make_session):
    return [make_session(Role.CLINICIAN), make_session(Role.PEER)]


def kinds(session) -> list[AlertKind]:
    return sorted(a.kind for a in session.store.alerts.open(session.now(), limit=1000))


def test_follow_up_overdue_strictly_after_its_due_time(session, team, clock):
    f2f = T0 - timedelta(hours=24)
    episode = open_episode(session, received=f2f - timedelta(hours=1), team=team)
    save_safety_plan(session, episode.id, {"warning_signs": "x"})
    face_to_face(session, episode.id, f2f, staff=team[0])
    due = f2f + timedelta(hours=24)
    clock.set(due - SECOND)
    assert scan_overdue_followups(session) == 0
    clock.set(due)
    assert scan_overdue_followups(session) == 0
    clock.set(due + SECOND)
    assert scan_overdue_followups(session) == 1
    assert scan_overdue_followups(session) == 0  # once
    alert = session.store.alerts.open(clock.now())[0]
    assert alert.kind is AlertKind.FOLLOWUP_OVERDUE and alert.due_at == due
    assert "Test Youth" not in alert.message and f"E{episode.id:05d}" in alert.message


def test_crisis_window_ending_from_six_hours_before(session, team, clock):
    f2f = T0
    episode = open_episode(session, received=f2f - timedelta(hours=1), team=team)
    face_to_face(session, episode.id, f2f, staff=team[0])
    save_safety_plan(session, episode.id, {"warning_signs": "x"})
    warn = f2f + timedelta(hours=72 - 6)
    clock.set(warn - SECOND)
    assert scan_episode_windows(session) == 0
    clock.set(warn)
    assert scan_episode_windows(session) == 1
    clock.set(warn + SECOND)
    assert scan_episode_windows(session) == 0
    assert kinds(session) == [AlertKind.CRISIS_WINDOW_ENDING]
    # Moving on resolves it; stabilization then has its own window.
    change_phase(session, episode.id, {"to": "stabilization"},
                 session.store.episodes.get(episode.id).version)
    assert AlertKind.CRISIS_WINDOW_ENDING not in kinds(session)


def test_stabilization_ending_from_seven_days_before(session, team, clock):
    start = T0
    episode = open_episode(session, received=start - timedelta(hours=3), team=team)
    face_to_face(session, episode.id, start - timedelta(hours=2), staff=team[0])
    save_safety_plan(session, episode.id, {"warning_signs": "x"})
    e = change_phase(session, episode.id, {"to": "stabilization"},
                     session.store.episodes.get(episode.id).version)
    end = start + timedelta(days=56)  # no DST change between 20 Nov and 15 Jan
    warn = end - timedelta(days=7)
    clock.set(warn - SECOND)
    scan_episode_windows(session)
    assert AlertKind.STABILIZATION_ENDING not in kinds(session)
    clock.set(warn)
    assert scan_episode_windows(session) == 1
    clock.set(warn + SECOND)
    assert scan_episode_windows(session) == 0
    assert e.phase_started_at == start


def test_no_safety_plan_strictly_after_24_hours_and_not_when_there_is_one(session, team, clock):
    f2f = T0
    with_plan = open_episode(session, received=f2f, team=team)
    without = open_episode(session, received=f2f, team=team)
    for episode in (with_plan, without):
        face_to_face(session, episode.id, f2f, staff=team[0])
    save_safety_plan(session, with_plan.id, {"warning_signs": "x"})
    due = f2f + timedelta(hours=24)
    for at, expected in ((due - SECOND, 0), (due, 0), (due + SECOND, 1)):
        clock.set(at)
        assert scan_episode_windows(session) == expected
    alert = session.store.alerts.open(clock.now())[0]
    assert (alert.kind, alert.subject_id) == (AlertKind.NO_SAFETY_PLAN, without.id)
    save_safety_plan(session, without.id, {"warning_signs": "x"})
    assert session.store.alerts.open(clock.now()) == []


def test_page_unacknowledged_and_arrival_past_target(session, team, clock):
    received = T0
    episode = open_episode(session, received=received, team=team)
    call_id = session.store.episodes.get(episode.id).call_id
    paged = received + timedelta(minutes=3)
    dispatch = session.store.dispatches.create(
        session.actor.login, call_id=call_id, episode_id=episode.id, region="Harney",
        members=[(team[0].actor.staff_id, "primary")], at=paged)
    ack_due = paged + timedelta(minutes=10)
    for at, expected in ((ack_due - SECOND, 0), (ack_due, 0), (ack_due + SECOND, 1)):
        clock.set(at)
        assert scan_dispatches(session) == expected
    from mrss_tui.domain.enums import DispatchStatus

    session.store.dispatches.set_status(session.actor.login, dispatch.id,
                                        DispatchStatus.ACKNOWLEDGED, clock.now())
    arrive_due = received + timedelta(minutes=60)
    for at, expected in ((arrive_due - SECOND, 0), (arrive_due, 0), (arrive_due + SECOND, 1)):
        clock.set(at)
        assert scan_dispatches(session) == expected
    assert kinds(session) == [AlertKind.ARRIVAL_PAST_TARGET, AlertKind.PAGE_UNACKNOWLEDGED]
    message = " ".join(a.message for a in session.store.alerts.open(clock.now()))
    assert f"C{call_id:06d}" in message and "Test Youth" not in message


def test_closed_episodes_owe_nothing_and_a_restart_finds_everything_again(session, team, clock):
    episode = open_episode(session, received=T0 - timedelta(days=5), team=team)
    face_to_face(session, episode.id, T0 - timedelta(days=5), staff=team[0])
    closed = open_episode(session, received=T0 - timedelta(days=5), team=team)
    face_to_face(session, closed.id, T0 - timedelta(days=5), staff=team[0])
    change_phase(session, closed.id, {"to": "closed", "disposition": "home_community"},
                 session.store.episodes.get(closed.id).version)
    # Nothing ran while "the process was down": one pass finds all that is owed.
    assert run_alert_rules(session) == 3  # follow-up overdue, crisis window ended, no plan
    assert {a.subject_id for a in session.store.alerts.open(clock.now())} - {episode.id} <= {
        f.id for f in session.store.followups.for_episode(episode.id)}
    assert run_alert_rules(session) == 0
