"""Oregon's run: what the line records is shown again (intake facts, contact notes, follow-up
tasks) and each timeline step is credited to who recorded it."""

from __future__ import annotations

from datetime import timedelta

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import DispatchStatus, Line, Role, ShiftSlot, Triage
from mrss_tui.domain.call_facts import call_facts_lines
from mrss_tui.workflow.episodes import add_followup, change_phase, episode_detail
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team, set_team_status
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0
from tests.episode_helpers import face_to_face

NONE = CssrsAnswers(q1=False, q2=False, q6=False)


def _dispatched(session, make_session):
    boss = make_session(Role.SUPERVISOR)
    clin = add_staff(boss, login="clin", name="Clin Person", role=Role.CLINICIAN,
                     paging_url="json://127.0.0.1:9/p", region="Harney")
    add_shift(boss, staff_id=clin.id, region="Harney", slot=ShiftSlot.PRIMARY,
              starts_at=T0 - timedelta(hours=2), ends_at=T0 + timedelta(hours=10))
    result = record_call(session, IntakeForm(
        received_at="2026-11-20T21:20:00Z", line=Line.L988, address="12 Main St", town="Burns",
        situation="Locked in room, shouting", weapons=True, hazards="two dogs",
        violence_history=False, cssrs=NONE, triage=Triage.MOBILE_DISPATCH, acuity="urgent"))
    dispatch = page_team(session, call_id=result.call.id, staff_ids=[clin.id],
                         gap_reason="only the clinician is free").dispatch
    return result, dispatch, clin


def test_the_episode_shows_the_intake_facts(session, make_session):
    result, _dispatch, _clin = _dispatched(session, make_session)
    detail = episode_detail(session, result.episode.id)
    facts = "\n".join(f"{name}: {value}" for name, value in call_facts_lines(detail.facts))
    for expected in ("Where: 12 Main St, Burns", "Situation: Locked in room, shouting",
                     "weapons YES", "hazards/dogs two dogs", "violence history no"):
        assert expected in facts


def test_acknowledgments_are_credited_to_who_recorded_them(session, make_session):
    result, dispatch, _clin = _dispatched(session, make_session)
    set_team_status(session, dispatch.id, DispatchStatus.ACKNOWLEDGED)  # the coordinator, for them
    timeline = episode_detail(session, result.episode.id).timeline
    ack = next(e for e in timeline if e.text == "Page acknowledged")
    assert ack.by == session.actor.login
    joined = next(e for e in timeline if e.kind == "team")
    assert joined.by == session.actor.login


def test_contact_notes_and_follow_up_tasks_show_on_the_timeline(session, make_session):
    result, _dispatch, clin = _dispatched(session, make_session)
    clin_session = make_session(Role.CLINICIAN, login="clin")
    face_to_face(clin_session, result.episode.id, T0, note="Agreed to a safety plan tonight")
    add_followup(session, result.episode.id, due_at=T0 + timedelta(days=2),
                 note="Call the school counselor about Monday")
    timeline = episode_detail(session, result.episode.id).timeline
    contact = next(e for e in timeline if e.kind == "contact")
    assert contact.text.endswith("- Agreed to a safety plan tonight")
    assert contact.by == "clin" and "by Clin Person" in contact.text
    task = [e for e in timeline if e.kind == "followup" and "school counselor" in e.text]
    assert task and task[0].text == "Follow-up due: Call the school counselor about Monday"
    assert task[0].by == session.actor.login


def test_ct_follow_up_after_the_six_week_window_warns_and_needs_a_reason(make_session):
    """Connecticut meets the family for up to six weeks: a later follow-up needs a reason."""
    import pytest

    from mrss_tui.config import build_config
    from mrss_tui.errors import ValidationFailed
    from tests.episode_helpers import open_episode

    ct = build_config({"profile": "ct-emps"})
    coord = make_session(Role.COORDINATOR, login="ct_coord", cfg=ct)
    clin = make_session(Role.CLINICIAN, login="ct_clin", cfg=ct)
    episode = open_episode(coord, received=T0 - timedelta(hours=2), team=[clin],
                           town="Torrington", region="Northwest")
    face_to_face(clin, episode.id, T0 - timedelta(hours=1))
    current = coord.store.episodes.get(episode.id)
    change_phase(coord, episode.id, {"to": "stabilization"}, expected_version=current.version)
    inside = add_followup(coord, episode.id, due_at=T0 + timedelta(days=41), note="Last visit")
    assert inside.window_reason == ""
    with pytest.raises(ValidationFailed) as late:
        add_followup(coord, episode.id, due_at=T0 + timedelta(days=43), note="Check-in")
    assert "after the program's window" in str(late.value)
    assert "window_reason" in late.value.problems
    kept = add_followup(coord, episode.id, due_at=T0 + timedelta(days=43), note="Check-in",
                        window_reason="Family asked to meet after the school break")
    assert kept.window_reason.startswith("Family asked")
    entry = [e for e in episode_detail(coord, episode.id).timeline if "Check-in" in e.text]
    assert "after the window: Family asked" in entry[0].text


def test_the_window_boundary_is_exact():
    from zoneinfo import ZoneInfo

    from mrss_tui.domain.followup_window import window_problem

    zone, end = ZoneInfo("America/New_York"), T0 + timedelta(days=42)
    assert window_problem(end, end, "", zone) == ""
    assert window_problem(end + timedelta(seconds=1), end, "", zone)
    assert window_problem(end + timedelta(seconds=1), end, "ok!", zone) == ""
    assert window_problem(end + timedelta(seconds=1), end, "  a ", zone)  # not words
