"""Episode use cases on a real database: phases, contacts, follow-ups, safety plans, access."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.domain.enums import ContactMode, Disposition, Phase, Role, Service
from mrss_tui.errors import ConflictError, PermissionDenied, ValidationFailed
from mrss_tui.workflow.episodes import (
    change_phase,
    ensure_rule_followups,
    episode_detail,
    list_episodes,
    log_contact,
    my_caseload,
    save_safety_plan,
)
from tests.conftest import T0
from tests.episode_helpers import face_to_face, open_episode


@pytest.fixture
def team(make_session):
    return [make_session(Role.CLINICIAN), make_session(Role.PEER)]


def test_face_to_face_contact_starts_the_window_and_plans_the_first_contact(session, team, clock):
    episode = open_episode(session, received=T0 - timedelta(hours=2), team=team)
    face_to_face(team[0], episode.id, T0 - timedelta(hours=1), staff=team[0])
    detail = episode_detail(session, episode.id)
    assert detail.episode.face_to_face_at == T0 - timedelta(hours=1)
    assert detail.deadline == T0 - timedelta(hours=1) + timedelta(hours=72)
    assert [(f.kind, f.due_at) for f in detail.pending] == [
        ("first_contact", T0 - timedelta(hours=1) + timedelta(hours=24))]
    assert ensure_rule_followups(session, episode.id) == []  # idempotent


def test_completing_a_follow_up_links_the_contact_and_resolves_its_alert(session, team, clock):
    from mrss_tui.workflow.episode_alerts import scan_overdue_followups

    episode = open_episode(session, received=T0 - timedelta(hours=30), team=team)
    face_to_face(session, episode.id, T0 - timedelta(hours=29), staff=team[0])
    assert scan_overdue_followups(session) == 1
    followup = session.store.followups.pending_for_episode(episode.id)[0]
    contact = log_contact(team[0], episode.id, {
        "at": T0, "mode": ContactMode.PHONE, "staff_id": team[0].actor.staff_id,
        "services": [Service.CARE_COORDINATION], "minutes": 15, "followup_id": followup.id})
    done = session.store.followups.get(followup.id)
    assert done.contact_id == contact.id and done.done_by == team[0].actor.login
    assert session.store.alerts.open_for_subject("followup", followup.id) == []


def test_field_staff_see_and_change_only_their_own_episodes(session, team, make_session):
    mine = open_episode(session, received=T0 - timedelta(hours=2), team=team)
    other = open_episode(session, received=T0 - timedelta(hours=3))
    clinician = team[0]
    assert episode_detail(clinician, mine.id).episode.id == mine.id
    with pytest.raises(PermissionDenied):
        episode_detail(clinician, other.id)
    with pytest.raises(PermissionDenied):
        save_safety_plan(clinician, other.id, {"warning_signs": "x"})
    rows, total = list_episodes(clinician, Phase.CRISIS)
    assert [r.id for r in rows] == [mine.id] and total == 1
    rows, total = list_episodes(session, Phase.CRISIS)
    assert total == 2
    county = make_session(Role.COUNTY_ADMIN)
    with pytest.raises(PermissionDenied):
        episode_detail(county, mine.id)


def test_caseload_lists_follow_ups_soonest_first(session, team):
    first = open_episode(session, received=T0 - timedelta(hours=5), team=team)
    second = open_episode(session, received=T0 - timedelta(hours=9), team=team)
    face_to_face(session, first.id, T0 - timedelta(hours=4), staff=team[0])
    face_to_face(session, second.id, T0 - timedelta(hours=8), staff=team[0])
    episodes, followups = my_caseload(team[1])
    assert {e.id for e in episodes} == {first.id, second.id}
    assert [f.episode_id for f in followups] == [second.id, first.id]


def test_close_needs_a_disposition_and_cancels_what_is_still_to_do(session, team, clock):
    episode = open_episode(session, received=T0 - timedelta(hours=2), team=team)
    face_to_face(session, episode.id, T0 - timedelta(hours=1), staff=team[0])
    current = session.store.episodes.get(episode.id)
    with pytest.raises(ValidationFailed) as missing:
        change_phase(session, episode.id, {"to": "closed"}, current.version)
    assert "disposition" in missing.value.problems
    closed = change_phase(session, episode.id, {"to": "closed", "disposition": "home_community"},
                          current.version)
    assert closed.phase is Phase.CLOSED and closed.disposition is Disposition.HOME_COMMUNITY
    assert session.store.followups.pending_for_episode(episode.id) == []
    with pytest.raises(ConflictError):
        change_phase(session, episode.id, {"to": "crisis", "reason": "x"}, current.version)
    actions = [a.action for a in session.store.audit_log.find(actor=session.actor.login)]
    assert "episode.phase" in actions and "followup.cancel" in actions


def test_early_close_from_stabilization_needs_a_reason(session, team, clock):
    episode = open_episode(session, received=T0 - timedelta(days=4), team=team)
    face_to_face(session, episode.id, T0 - timedelta(days=4), staff=team[0])
    e = change_phase(session, episode.id, {"to": "stabilization"},
                     session.store.episodes.get(episode.id).version)
    assert len(session.store.followups.pending_for_episode(episode.id)) == 9  # first + 8 weekly
    with pytest.raises(ValidationFailed) as exc:
        change_phase(session, episode.id, {"to": "closed", "disposition": "inpatient"}, e.version)
    assert "reason" in exc.value.problems
    closed = change_phase(session, episode.id, {"to": "closed", "disposition": "inpatient",
                                                "reason": "admitted to hospital"}, e.version)
    assert closed.close_reason == "admitted to hospital"


def test_reopened_episode_gets_a_new_window_and_new_follow_ups(session, team, clock):
    episode = open_episode(session, received=T0 - timedelta(days=10), team=team)
    face_to_face(session, episode.id, T0 - timedelta(days=10), staff=team[0])
    e = change_phase(session, episode.id, {"to": "closed", "disposition": "home_community"},
                     session.store.episodes.get(episode.id).version)
    with pytest.raises(ValidationFailed):
        log_contact(session, episode.id, {"at": T0, "mode": "phone", "minutes": 5,
                                          "staff_id": team[0].actor.staff_id,
                                          "services": ["care_coordination"]})
    reopened = change_phase(session, episode.id, {"to": "crisis", "reason": "new crisis at school"},
                            e.version)
    assert reopened.phase is Phase.CRISIS and reopened.closed_at is None
    assert reopened.disposition is None
    detail = episode_detail(session, episode.id)
    assert detail.deadline == T0 + timedelta(hours=72)
    assert [f.due_at for f in detail.pending] == [T0 + timedelta(hours=24)]
    texts = [t.text for t in detail.timeline if t.kind == "phase"]
    assert texts[-1].startswith("Reopened into crisis - new crisis at school")
    assert any(t.startswith("Closed: Remained at home") for t in texts)


def test_safety_plan_every_save_is_a_new_version(session, team):
    episode = open_episode(session, received=T0 - timedelta(hours=2), team=team)
    with pytest.raises(ValidationFailed):
        save_safety_plan(team[0], episode.id, {})
    save_safety_plan(team[0], episode.id, {"warning_signs": "Stops talking"})
    second = save_safety_plan(team[1], episode.id, {"warning_signs": "Stops talking",
                                                    "reasons_for_living": "The dog"})
    assert second.version_no == 2
    versions = session.store.safety_plans.versions(episode.id)
    assert [v.reasons_for_living for v in versions] == ["", "The dog"]


def test_contact_with_cssrs_records_risk_and_rejects_inconsistent_answers(session, team):
    episode = open_episode(session, received=T0 - timedelta(hours=2), team=team)
    base = {"at": T0, "mode": "phone", "staff_id": team[0].actor.staff_id,
            "services": ["assessment"], "minutes": 30}
    with pytest.raises(ValidationFailed):
        log_contact(session, episode.id, {**base, "cssrs": {"q1": True, "q2": False, "q3": True}})
    contact = log_contact(session, episode.id, {**base, "cssrs": {
        "q1": True, "q2": True, "q3": True, "q4": True, "q5": False, "q6": False}})
    assert contact.risk_level.value == "high"
    with pytest.raises(ValidationFailed) as bad:
        log_contact(session, episode.id, {**base, "minutes": -5, "services": []})
    assert {"minutes", "services"} <= set(bad.value.problems)
    with pytest.raises(ValidationFailed):
        log_contact(session, episode.id, {**base, "at": T0 + timedelta(minutes=5)})


def test_field_staff_see_only_alerts_about_their_episodes(session, team, make_session, clock):
    from mrss_tui.workflow.alert_handling import open_alerts
    from mrss_tui.workflow.episode_alerts import run_alert_rules

    mine = open_episode(session, received=T0 - timedelta(days=3), team=team)
    face_to_face(session, mine.id, T0 - timedelta(days=3), staff=team[0])
    other = open_episode(session, received=T0 - timedelta(days=3))
    face_to_face(session, other.id, T0 - timedelta(days=3))
    run_alert_rules(session)
    everyone = open_alerts(session)
    own = open_alerts(team[0])
    assert len(own) == 3 < len(everyone) == 6  # follow-up overdue, crisis ended, no plan
    assert {a.subject_id for a in own if a.subject_type == "episode"} == {mine.id}
