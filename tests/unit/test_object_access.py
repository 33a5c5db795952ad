"""The roles matrix, extended to objects: every workflow function that takes an episode,
dispatch, alert, referral or person id, called by every role on an object of their own team and
on someone else's. Field staff reach only their own; coordinator and supervisor every one; the
county administrator none (no PHI)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.domain.directory import ServiceDraft
from mrss_tui.domain.enums import (
    AlertKind,
    ContactMode,
    DispatchStatus,
    ReferralStatus,
    Role,
    Service,
    Severity,
)
from mrss_tui.errors import PermissionDenied
from mrss_tui.workflow import access, alert_handling, episodes, paging, referrals
from mrss_tui.workflow.safety_plan_print import export_plan
from tests.conftest import T0
from tests.episode_helpers import open_episode

SEES_ALL = {Role.COORDINATOR, Role.SUPERVISOR}


def world(make_session, store, role: Role, tmp_path: Path) -> dict[str, dict[str, int | str]]:
    """An 'own' set of objects whose team includes the acting role's staff member, and an
    'other' set whose team is someone else (built through the store, as the app would)."""
    coord = make_session(Role.COORDINATOR, login="w_coord")
    me = make_session(role)
    stranger = make_session(Role.CLINICIAN, login="w_stranger")
    service = store.directory.save_service("system", ServiceDraft(name="Counseling",
                                                                  organization="Org"),
                                           verified_at=T0)
    sets = {}
    for name, member in (("own", me), ("other", stranger)):
        episode = open_episode(coord, received=T0 - timedelta(hours=3), team=[member])
        dispatch = store.dispatches.create(
            "w_coord", call_id=episode.call_id, episode_id=episode.id, region="Harney",
            members=[(member.actor.staff_id, "primary")], at=T0 - timedelta(hours=2))
        alert = store.alerts.raise_once(
            "system", kind=AlertKind.FOLLOWUP_OVERDUE, subject_type="episode",
            subject_id=episode.id, due_at=T0 - timedelta(minutes=len(name)),
            severity=Severity.WARNING, message=f"test {name}")
        referral = store.referrals.create(
            "w_coord", episode_id=episode.id, service_id=service, category="",
            status=ReferralStatus.SUGGESTED, at=T0 - timedelta(hours=1),
            person_id=episode.person_id)
        sets[name] = {"episode": episode.id, "dispatch": dispatch.id, "alert": alert.id,
                      "referral": referral.id, "person": episode.person_id, "service": service}
    return sets


def calls(tmp_path: Path) -> dict[str, Callable]:
    at = T0 - timedelta(minutes=30)
    return {
        "episodes.episode_detail": lambda s, o: episodes.episode_detail(s, o["episode"]),
        "episodes.safety_plan_versions": lambda s, o: episodes.safety_plan_versions(
            s, o["episode"]),
        "episodes.add_followup": lambda s, o: episodes.add_followup(
            s, o["episode"], due_at=T0 + timedelta(hours=5)),
        "episodes.log_contact": lambda s, o: episodes.log_contact(s, o["episode"], {
            "at": at, "mode": ContactMode.PHONE, "staff_id": s.actor.staff_id,
            "services": [Service.CARE_COORDINATION], "minutes": 10}),
        "episodes.save_safety_plan": lambda s, o: episodes.save_safety_plan(
            s, o["episode"], {"warning_signs": "pacing"}),
        "episodes.ensure_rule_followups": lambda s, o: episodes.ensure_rule_followups(
            s, o["episode"]),
        "safety_plan_print.export_plan": lambda s, o: export_plan(s, o["episode"],
                                                                  tmp_path / "plans"),
        "access.open_person": lambda s, o: access.open_person(s, o["person"]),
        "referrals.refer_context": lambda s, o: referrals.refer_context(s, o["episode"]),
        "referrals.refer": lambda s, o: referrals.refer(s, o["episode"], o["service"]),
        "referrals.episode_referrals": lambda s, o: referrals.episode_referrals(s, o["episode"]),
        "referrals.print_referral_list": lambda s, o: referrals.print_referral_list(
            s, o["episode"]),
        "referrals.set_status": lambda s, o: referrals.set_status(
            s, o["referral"], ReferralStatus.DECLINED, expected_version=None),
        "referrals.referral_history": lambda s, o: referrals.referral_history(s, o["referral"]),
        "paging.dispatch_view": lambda s, o: paging.dispatch_view(s, o["dispatch"]),
        "paging.pages_for": lambda s, o: paging.pages_for(s, o["dispatch"]),
        "paging.set_le_coresponse": lambda s, o: paging.set_le_coresponse(s, o["dispatch"], True),
        "paging.set_team_status": lambda s, o: paging.set_team_status(
            s, o["dispatch"], DispatchStatus.EN_ROUTE),
        "alert_handling.acknowledge": lambda s, o: alert_handling.acknowledge(s, o["alert"]),
        "alert_handling.snooze": lambda s, o: alert_handling.snooze(s, o["alert"], 30),
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_function_each_role_own_and_other_object(role, make_session, store,
                                                      tmp_path) -> None:
    sets = world(make_session, store, role, tmp_path)
    session = make_session(role)
    wrong: list[str] = []
    for name, call in calls(tmp_path).items():
        for which in ("own", "other"):
            should_pass = role is not Role.COUNTY_ADMIN and (which == "own" or role in SEES_ALL)
            try:
                call(session, sets[which])
                refused = False
            except PermissionDenied:
                refused = True
            except Exception:  # noqa: BLE001 - another refusal (bad state) is not access
                refused = False
            if refused == should_pass:
                wrong.append(f"{name} on {which}: {'refused' if refused else 'allowed'}")
    assert wrong == []


def test_field_staff_cannot_credit_a_contact_to_someone_outside_the_team(make_session,
                                                                        store) -> None:
    coord = make_session(Role.COORDINATOR)
    peer = make_session(Role.PEER)
    outsider = make_session(Role.CLINICIAN, login="outsider")
    episode = open_episode(coord, received=T0 - timedelta(hours=3), team=[peer])
    with pytest.raises(PermissionDenied):
        episodes.log_contact(peer, episode.id, {
            "at": T0 - timedelta(minutes=5), "mode": ContactMode.PHONE,
            "staff_id": outsider.actor.staff_id, "services": [Service.CARE_COORDINATION],
            "minutes": 10})
    contact = episodes.log_contact(peer, episode.id, {
        "at": T0 - timedelta(minutes=5), "mode": ContactMode.PHONE,
        "staff_id": peer.actor.staff_id, "services": [Service.CARE_COORDINATION], "minutes": 10})
    assert contact.staff_id == peer.actor.staff_id
