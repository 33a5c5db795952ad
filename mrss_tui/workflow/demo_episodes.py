"""Demo data: an episode's course after the team arrives (contacts, follow-ups, safety plans,
phase changes, referrals, closing), as a part of the demo generator (``demo.py``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from mrss_tui.domain.deadlines import add_local_days
from mrss_tui.domain.enums import AlertKind, Disposition, Phase, RiskLevel, Severity
from mrss_tui.domain.records import episode_ref
from mrss_tui.domain.times import iso
from mrss_tui.workflow.demo_rows import DEMO_ACTOR


def demo_okc_assessment(episode_id: int) -> dict[str, str]:
    """The medical screen and clinical assessment of an okc-crt team's first contact, varied by
    the episode id (fictional vitals within normal ranges)."""
    medical = {"heart_rate": 72 + episode_id % 30, "systolic": 112 + episode_id % 25,
               "diastolic": 70 + episode_id % 15, "spo2": 95 + episode_id % 5,
               "medically_cleared": episode_id % 9 != 0, "transport_needed": episode_id % 9 == 0}
    statuses = ["anxious_agitated", "depressed_withdrawn", "within_normal_limits",
                "psychotic_features", "intoxicated"]
    assessment = {"mental_status": statuses[episode_id % len(statuses)],
                  "recommendation": "remain_home" if episode_id % 4 else "outpatient_followup"}
    return {"medical": json.dumps(medical), "assessment": json.dumps(assessment)}


# On-scene outcomes of demo responses, cycled by episode id (14 of 20 stabilized in place).
DEMO_OUTCOMES = (["stabilized_in_place"] * 14 + ["voluntary_transport"] * 3
                 + ["involuntary_hold", "refused_not_found", "arrest"])


class DemoEpisodes:
    """Mixed into the generator, whose ``rows``, ``ids``, ``rng``, ``config`` and ``now`` it uses."""

    def _episode(self, call_id: int, person_id: int, opened: datetime, f2f: datetime | None,
                 risk: RiskLevel) -> int:
        episode_id = self.ids("episodes")
        self.rows.add("episodes", {
            "id": episode_id, "call_id": call_id, "person_id": person_id,
            "phase": Phase.CRISIS.value, "opened_at": iso(opened), "face_to_face_at": iso(f2f),
            "phase_started_at": iso(opened), "closed_at": None, "disposition": None,
            "close_reason": "", "created_by": "coord", "updated_at": iso(opened), "version": 1,
            "scene_outcome": None, "scene_outcome_contact_id": None})
        self._phase_row(episode_id, Phase.CRISIS, opened, "coord")
        return episode_id

    def _phase_row(self, episode_id: int, phase: Phase, at: datetime, by: str, note: str = "") -> None:
        self.rows.add("episode_phases", {"id": self.ids("episode_phases"), "episode_id": episode_id,
                                         "phase": phase.value, "started_at": iso(at),
                                         "by_login": by, "note": note})

    def _episode_course(self, episode_id: int, person_id: int, team: list[int], f2f: datetime,
                        risk: RiskLevel) -> None:
        """Contacts, follow-ups, safety plans, phase changes and closing, cut at ``now``."""
        episode = self.rows.tables["episodes"][-1]
        clinician = team[0]
        windows = self.config.windows
        self._contact(episode_id, f2f, "face_to_face", clinician,
                      ["assessment", "de_escalation"], self.rng.randint(60, 150), risk)
        # The on-scene outcome follows from the episode id (no extra random draw, so the rest of
        # the demo stays the same for a seed): mostly stabilized in place, as programs report.
        episode.update(scene_outcome=DEMO_OUTCOMES[episode_id % len(DEMO_OUTCOMES)],
                       scene_outcome_contact_id=self.rows.tables["contacts"][-1]["id"])
        if len(team) > 1:
            self.rows.tables["contacts"][-1]["second_staff_id"] = team[1]
        if self.config.profile == "okc-crt":
            self.rows.tables["contacts"][-1].update(demo_okc_assessment(episode_id))
        if self.rng.random() < 0.92:
            self._safety_plan(episode_id, f2f + timedelta(hours=self.rng.uniform(0.5, 20)), team)
        crisis_end = f2f + timedelta(hours=self.rng.uniform(12, windows.crisis_hours))
        goes_on = self.rng.random() < 0.65
        first_due = f2f + timedelta(hours=self.config.followups.first_contact_hours)
        self._followup(episode_id, first_due, "first_contact", clinician, until=crisis_end)
        if crisis_end > self.now:
            return
        if not goes_on:
            self._close(episode, crisis_end, early=False)
            return
        episode.update(phase=Phase.STABILIZATION.value, phase_started_at=iso(crisis_end))
        self._phase_row(episode_id, Phase.STABILIZATION, crisis_end, self.staff_login(clinician))
        length = self.rng.randint(14, windows.stabilization_days)
        stab_end = add_local_days(crisis_end, length, self.zone)
        week = 1
        while True:
            due = add_local_days(crisis_end, self.config.followups.stabilization_every_days * week,
                                 self.zone)  # the same rule as ensure_rule_followups
            if due > stab_end:
                break
            self._followup(episode_id, due, f"weekly_{week}", team[-1], until=stab_end)
            week += 1
            if due > self.now:
                break
        for _ in range(self.rng.choice([0, 1, 1, 2])):
            self._referral(episode_id, crisis_end + timedelta(days=self.rng.uniform(1, 10)), stab_end)
        if stab_end <= self.now:
            self._close(episode, stab_end, early=length < windows.stabilization_days - 14)

    def staff_login(self, staff_id: int) -> str:
        return self.login_of[staff_id]

    def _close(self, episode: dict[str, Any], at: datetime, *, early: bool) -> None:
        disposition = self._pick([(Disposition.HOME_COMMUNITY, 80), (Disposition.EMERGENCY_DEPARTMENT, 8),
                                  (Disposition.INPATIENT, 6), (Disposition.LAW_ENFORCEMENT_CUSTODY, 2),
                                  (Disposition.OTHER, 4)])
        reason = "family declined further services" if early and self.rng.random() < 0.5 else ""
        episode.update(phase=Phase.CLOSED.value, phase_started_at=iso(at), closed_at=iso(at),
                       disposition=disposition.value, close_reason=reason)
        self._phase_row(episode["id"], Phase.CLOSED, at, "coord", reason)

    def _contact(self, episode_id: int, at: datetime, mode: str, staff_id: int,
                 services: list[str], minutes: int, risk: RiskLevel | None) -> int:
        contact_id = self.ids("contacts")
        self.rows.add("contacts", {
            "id": contact_id, "episode_id": episode_id, "at": iso(at), "mode": mode,
            "staff_id": staff_id, "services": json.dumps(services), "minutes": minutes,
            "successful": 1, "cssrs": None, "risk_level": risk.value if risk else None,
            "medical": None, "note": "", "created_by": "coord", "created_at": iso(at),
            "second_staff_id": None, "assessment": None})
        return contact_id

    def _followup(self, episode_id: int, due: datetime, kind: str, staff_id: int,
                  *, until: datetime) -> None:
        """A follow-up; done near its due time unless it is still ahead or left overdue."""
        done_at = due - timedelta(hours=self.rng.uniform(0, 20))
        if self.rng.random() < 0.12:
            done_at = due + timedelta(hours=self.rng.uniform(1, 40))  # done late
        recent = self.now - timedelta(days=4) < due < self.now
        left_overdue = recent and until > self.now and self.rng.random() < 0.3
        followup_id = self.ids("followups")
        contact_id = None
        if done_at <= self.now and not left_overdue:
            mode = self._pick([("phone", 5), ("face_to_face", 3), ("video", 2)])
            services = self.rng.sample(["therapy", "skills_training", "peer_support",
                                        "care_coordination"], self.rng.randint(1, 2))
            contact_id = self._contact(episode_id, done_at, mode, staff_id, services,
                                       self.rng.randint(20, 90), None)
        else:
            done_at = None
        self.rows.add("followups", {
            "id": followup_id, "episode_id": episode_id, "due_at": iso(due), "kind": kind,
            "origin": "rule", "assigned_to": staff_id, "done_at": iso(done_at),
            "done_by": "coord" if done_at else None, "contact_id": contact_id, "note": "",
            "created_by": DEMO_ACTOR, "created_at": iso(due - timedelta(days=1)), "version": 1})
        if left_overdue:
            late = self.now - due
            self.rows.add("alerts", {
                "id": self.ids("alerts"), "kind": AlertKind.FOLLOWUP_OVERDUE.value,
                "subject_type": "followup", "subject_id": followup_id, "due_at": iso(due),
                "severity": (Severity.URGENT if late > timedelta(hours=24) else Severity.WARNING).value,
                "message": f"Follow-up for {episode_ref(episode_id)} was due "
                           f"{due.astimezone(self.zone):%a %d %b %H:%M}",
                "raised_at": iso(min(self.now, due + timedelta(minutes=5))), "raised_by": DEMO_ACTOR,
                "acknowledged_at": None, "acknowledged_by": None, "snoozed_until": None,
                "resolved_at": None})

    def _safety_plan(self, episode_id: int, at: datetime, team: list[int]) -> None:
        if at > self.now:
            return
        versions = 2 if self.rng.random() < 0.3 else 1
        for version in range(1, versions + 1):
            when = at + timedelta(days=7 * (version - 1))
            if when > self.now:
                break
            self.rows.add("safety_plans", {
                "id": self.ids("safety_plans"), "episode_id": episode_id, "version_no": version,
                "warning_signs": "Stops talking; stays in room; gives belongings away",
                "coping_strategies": "Music with headphones; drawing; a walk with the dog",
                "distractions": "Grandparent's house; youth group on Wednesdays",
                "help_contacts": "Aunt (text first); school counselor",
                "professionals": "Mobile crisis line; 988; family doctor",
                "environment_safety": "Medications locked; firearms stored off site",
                "reasons_for_living": "Little sister; basketball season; the dog",
                "created_by": "coord", "created_at": iso(when)})

    def _referral(self, episode_id: int, at: datetime, stab_end: datetime) -> None:
        if at > self.now or not self.services:
            return
        service_id, categories, _counties = self.rng.choice(self.services)
        closed = stab_end <= self.now
        status = self._pick([("connected", 55), ("referred", 25), ("declined", 10), ("no_show", 10)]
                            if closed else [("referred", 60), ("suggested", 20), ("connected", 20)])
        referral_id = self.ids("referrals")
        self.rows.add("referrals", {
            "id": referral_id, "episode_id": episode_id, "service_id": service_id,
            "category": categories[0], "status": status, "status_at": iso(at), "status_by": "coord",
            "note": "", "created_by": "coord", "created_at": iso(at), "version": 1})
        self.rows.add("referral_events", {"id": self.ids("referral_events"), "referral_id": referral_id,
                                          "status": status, "at": iso(at), "by_login": "coord",
                                          "note": ""})

    # -- the last ninety minutes, scripted so the board always has something live -------------------
