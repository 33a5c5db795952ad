"""Fictional but realistic demo data for the configured profile.

Deterministic for a given seed and clock. Rows are generated in Python and bulk-loaded a month at
a time, so ten years of a busy line (100 calls a day) takes well under a few minutes.
Data ends at the clock's "now": a few calls are open, a few teams are on the road, episodes sit in
every phase, and some follow-ups are overdue.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable

from mrss_tui.config import Config
from mrss_tui.domain.ages import age_band
from mrss_tui.domain.cssrs import CssrsAnswers, risk_level, suggested_acuity
from mrss_tui.domain.deadlines import add_local_days
from mrss_tui.domain.enums import (
    Acuity,
    AlertKind,
    Disposition,
    Line,
    Phase,
    RiskLevel,
    Role,
    Severity,
    Triage,
)
from mrss_tui.domain.models import episode_ref
from mrss_tui.domain.times import iso
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.bulk import load_batch
from mrss_tui.store.db import Store
from mrss_tui.workflow import demo_names as names
from mrss_tui.workflow.demo_phones import DemoPhones

DEMO_ACTOR = "demo"
AREA_CODES = {"oregon-mrss": "541", "ct-emps": "860", "okc-crt": "405"}


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 7
    days: int = 60
    calls_per_day: float = 5.0
    resources: int = 60


@dataclass
class DemoResult:
    counts: dict[str, int]
    logins: dict[str, str]  # login -> role


@dataclass
class _Rows:
    """Rows waiting for the next batch, in insert order (parents before children)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def take(self) -> list[tuple[str, list[dict[str, Any]]]]:
        order = ["staff", "shifts", "persons", "calls", "episodes", "episode_phases",
                 "episode_team", "dispatches", "dispatch_members", "contacts", "followups",
                 "safety_plans", "organizations", "services", "locations", "addresses",
                 "service_at_location", "phones", "schedules", "taxonomy_terms",
                 "service_taxonomy", "service_areas", "languages", "directory_fts", "referrals",
                 "referral_events", "alerts"]
        batch = [(t, self.tables[t]) for t in order if self.tables.get(t)]
        self.tables = {}
        return batch


class _Ids:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 0) + 1
        self._next[table] = value
        return value


def generate_demo(store: Store, config: Config, options: DemoOptions,
                  progress: Callable[[str], None] | None = None) -> DemoResult:
    """Fill an empty database. Refuses one that already holds calls or staff."""
    if any(store.row_counts(("calls", "staff")).values()):
        raise ValidationFailed("this database already holds data; demo data goes into a new file")
    return _Generator(store, config, options, progress or (lambda _m: None)).run()


class _Generator:
    def __init__(self, store: Store, config: Config, options: DemoOptions,
                 progress: Callable[[str], None]) -> None:
        self.store = store
        self.config = config
        self.opt = options
        self.rng = random.Random(options.seed)
        self.now = store.clock.now().replace(microsecond=0)
        self.zone = config.zone
        self.ids = _Ids()
        self.rows = _Rows()
        self.counts: dict[str, int] = {}
        self.progress = progress
        self.area = AREA_CODES.get(config.profile, "541")
        self.team_roles = self._team_roles()
        self.staff_by_region: dict[str, dict[Role, list[int]]] = {}
        self.logins: dict[str, str] = {}
        self.login_of: dict[int, str] = {}
        self.recent_persons: list[tuple[int, dict[str, Any]]] = []
        self.services: list[tuple[str, list[str], set[str]]] = []
        self.phone_serial = 0
        self.phones = DemoPhones(options.seed)

    # -- driver --------------------------------------------------------------------------
    def run(self) -> DemoResult:
        self._roster()
        self._directory()
        self._flush("roster and directory")
        with self.store.atomic():  # the directory's search index, as an import builds it
            self.store.directory.reindex()
        start_local = (self.now.astimezone(self.zone) - timedelta(days=self.opt.days)).date()
        day = start_local
        end_local = self.now.astimezone(self.zone).date()
        month_start = day
        while day <= end_local:
            self._day(day)
            day += timedelta(days=1)
            if (day - month_start).days >= 31:
                self._flush(f"calls to {day.isoformat()}")
                month_start = day
        self._live_calls()
        self._rota(end_local - timedelta(days=min(self.opt.days, 30)), end_local + timedelta(days=14))
        self._flush("rota and live calls")
        return DemoResult(self.counts, self.logins)

    def _flush(self, label: str) -> None:
        batch = self.rows.take()
        loaded = load_batch(self.store, DEMO_ACTOR, batch, label=f"demo: {label}")
        for table, n in loaded.items():
            self.counts[table] = self.counts.get(table, 0) + n
        self.progress(f"{label}: {sum(loaded.values())} rows")

    # -- helpers ----------------------------------------------------------------------------
    def _team_roles(self) -> list[Role]:
        groups = self.config.response.required_team or [[Role.CLINICIAN], [Role.PEER]]
        roles = [group[0] for group in groups]
        return roles if len(roles) > 1 else roles * 2

    def _local(self, day: date, minutes: int) -> datetime:
        naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
        return naive.replace(tzinfo=self.zone).astimezone(timezone.utc).replace(microsecond=0)

    def _name(self) -> str:
        return f"{self.rng.choice(names.FIRST)} {self.rng.choice(names.LAST)}"

    def _phone(self) -> str:
        # 555-0100..0199 are reserved for fiction in the North American plan.
        self.phone_serial += 1
        return f"+1{self.area}555{100 + self.phone_serial % 100:04d}"

    def _person_phone(self) -> str:
        return self.phones.new() if self.rng.random() < 0.6 else ""

    def _pick(self, weighted: list[tuple[Any, float]]) -> Any:
        values, weights = zip(*weighted)
        return self.rng.choices(values, weights=weights)[0]

    # -- staff and rota ------------------------------------------------------------------------
    def _staff(self, login: str, name: str, role: Role, credentials: str = "",
               region: str = "") -> int:
        staff_id = self.ids("staff")
        stamp = iso(self.now - timedelta(days=self.opt.days + 30))
        self.rows.add("staff", {
            "id": staff_id, "login": login, "name": name, "role": role.value,
            "credentials": credentials, "phone": self._phone(),
            "paging_url": f"json://127.0.0.1:8765/page/{login}", "region": region, "active": 1,
            "created_at": stamp, "updated_at": stamp, "version": 1})
        self.logins[login] = role.value
        self.login_of[staff_id] = login
        return staff_id

    def _roster(self) -> None:
        self._staff("super", "Sam Supervisor", Role.SUPERVISOR, "LCSW")
        self._staff("coord", "Casey Coordinator", Role.COORDINATOR)
        self._staff("coord2", "Robin Nightdesk", Role.COORDINATOR)
        self._staff("county", "Alex County", Role.COUNTY_ADMIN)
        credentials = {Role.CLINICIAN: ["LCSW", "LPC", "LMFT", "LADC"], Role.PEER: ["PSS", "QMHA"],
                       Role.PARAMEDIC: ["Paramedic"], Role.NAVIGATOR: ["BHN"]}
        used: set[str] = set(self.logins)
        for region in self.config.regions:
            pool: dict[Role, list[int]] = {}
            for role in dict.fromkeys(self.team_roles):
                for _ in range(2):
                    first, last = self.rng.choice(names.FIRST), self.rng.choice(names.LAST)
                    login = f"{first[0]}{last}".lower()
                    while login in used:
                        login += str(self.rng.randint(1, 9))
                    used.add(login)
                    cred = self.rng.choice(credentials.get(role, [""]))
                    pool.setdefault(role, []).append(
                        self._staff(login, f"{first} {last}", role, cred, region))
            self.staff_by_region[region] = pool

    def _on_shift(self, region: str, when: datetime) -> tuple[list[int], int]:
        """The rota as a pure function of (region, half-day): team members and the backup."""
        local = when.astimezone(self.zone)
        half = 0 if 7 <= local.hour < 19 else 1
        index = local.date().toordinal() * 2 + half - (1 if local.hour < 7 else 0) * 2
        pool = self.staff_by_region[region]
        roles = list(dict.fromkeys(self.team_roles))
        if len(roles) == 1:
            people = pool[roles[0]]
            return [people[index % 2]], people[(index + 1) % 2]
        team = [pool[role][index % 2] for role in roles]
        return team, pool[roles[0]][(index + 1) % 2]

    def _rota(self, first: date, last: date) -> None:
        day = first
        stamp = iso(self.now - timedelta(days=40))
        while day <= last:
            for start_hour in (7, 19):
                starts = self._local(day, start_hour * 60)
                ends = self._local(day, start_hour * 60 + 12 * 60)
                for region in self.config.regions:
                    team, backup = self._on_shift(region, starts + timedelta(minutes=1))
                    for staff_id, slot in [(s, "primary") for s in team] + [(backup, "backup")]:
                        self.rows.add("shifts", {
                            "id": self.ids("shifts"), "staff_id": staff_id, "region": region,
                            "slot": slot, "starts_at": iso(starts), "ends_at": iso(ends),
                            "created_at": stamp})
            day += timedelta(days=1)

    # -- calls -------------------------------------------------------------------------------------
    def _day(self, day: date) -> None:
        mean = self.opt.calls_per_day
        count = max(0, round(self.rng.gauss(mean, math.sqrt(mean))))
        for _ in range(count):
            # More calls after school and in the evening.
            minute = int(self._pick([(self.rng.randint(0, 419), 1), (self.rng.randint(420, 899), 3),
                                     (self.rng.randint(900, 1439), 4)]))
            received = self._local(day, minute)
            if received >= self.now - timedelta(minutes=90):
                continue  # the last hour and a half is scripted by _live_calls
            self._call(received)

    def _person(self, received: datetime, town: Any) -> tuple[int, dict[str, Any]]:
        if self.recent_persons and self.rng.random() < 0.2:
            return self.rng.choice(self.recent_persons)
        person_id = self.ids("persons")
        youth = self.config.profile != "okc-crt"
        age = self.rng.randint(6, 20) if youth else self.rng.randint(16, 72)
        local_day = received.astimezone(self.zone).date()
        birth = None
        stated = None
        if self.rng.random() < 0.75:
            birth = local_day - timedelta(days=age * 365 + self.rng.randint(0, 364))
        elif self.rng.random() < 0.8:
            stated = age
        name = self._name() if self.rng.random() > 0.05 else ""
        stamp = iso(received)
        person = {"id": person_id, "name": name, "birth_date": birth.isoformat() if birth else None,
                  "stated_age": stated, "phone": self._person_phone(),
                  "town": town.name, "county": town.county, "created_at": stamp,
                  "updated_at": stamp, "version": 1}
        self.rows.add("persons", person)
        entry = (person_id, person)
        self.recent_persons.append(entry)
        if len(self.recent_persons) > 400:
            self.recent_persons.pop(0)
        return entry

    def _answers(self) -> CssrsAnswers:
        r = self.rng.random
        q1 = r() < 0.6
        q2 = r() < (0.55 if q1 else 0.15)
        q3 = q4 = q5 = None
        if q2:
            q3, q4, q5 = r() < 0.6, r() < 0.3, r() < 0.2
        q6 = r() < 0.2
        recent = (r() < 0.5) if q6 else None
        return CssrsAnswers(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, q6=q6, q6_recent=recent)

    def _triage(self, risk: RiskLevel) -> Triage:
        table = {
            RiskLevel.HIGH: [(Triage.MOBILE_DISPATCH, 75), (Triage.TRANSFER_911, 25)],
            RiskLevel.MODERATE: [(Triage.MOBILE_DISPATCH, 70), (Triage.PHONE_ONLY, 30)],
            RiskLevel.LOW: [(Triage.MOBILE_DISPATCH, 40), (Triage.PHONE_ONLY, 40),
                            (Triage.REFERRAL_ONLY, 15), (Triage.INFORMATION, 5)],
            RiskLevel.NONE: [(Triage.MOBILE_DISPATCH, 15), (Triage.PHONE_ONLY, 35),
                             (Triage.REFERRAL_ONLY, 25), (Triage.INFORMATION, 25)],
        }
        return self._pick(table[risk])

    def _line(self) -> Line:
        usual = Line(self.config.program.usual_line)
        others = [line for line in Line if line is not usual]
        return self._pick([(usual, 70)] + [(line, 6) for line in others])

    def _call(self, received: datetime, *, scripted: dict[str, Any] | None = None) -> None:
        scripted = scripted or {}
        town = self.rng.choice(self.config.towns)
        person_id, person = self._person(received, town)
        answers = scripted.get("answers") or self._answers()
        risk = risk_level(answers, allow_incomplete=bool(scripted.get("unscreened")))
        triage = scripted.get("triage") or self._triage(risk)
        acuity = suggested_acuity(risk)
        if acuity is Acuity.ROUTINE and triage is Triage.MOBILE_DISPATCH:
            acuity = Acuity.URGENT
        birth = date.fromisoformat(person["birth_date"]) if person["birth_date"] else None
        band = age_band(on=received.astimezone(self.zone).date(), birth_date=birth,
                        stated_age=person["stated_age"])
        call_id = self.ids("calls")
        open_call = scripted.get("open", False)
        police = self.rng.random() < (0.35 if self.config.profile == "okc-crt" else 0.12)
        relation = "self" if self.config.profile == "okc-crt" and self.rng.random() < 0.4 \
            else self.rng.choice(names.RELATIONS)
        self.rows.add("calls", {
            "id": call_id, "received_at": iso(received), "line": self._line().value,
            "callback_number": self.phones.callback(person["phone"]), "callback_valid": 1,
            "caller_name": person["name"] if relation == "self" else self._name(),
            "caller_relation": relation, "person_id": person_id, "age_band": band.value,
            "address": f"{self.rng.randint(10, 9999)} {self.rng.choice(names.STREETS)}",
            "town": town.name, "county": town.county, "region": town.region,
            "situation": self.rng.choice(names.SITUATIONS),
            "weapons": int(self.rng.random() < 0.08), "hazards": self.rng.choice(names.HAZARDS),
            "violence_history": int(self.rng.random() < 0.15),
            "substance_use": int(self.rng.random() < 0.2), "police_needed": int(police),
            "cssrs": None if scripted.get("unscreened") else json.dumps(answers.model_dump()),
            "risk_level": None if scripted.get("unscreened") else risk.value,
            "acuity": None if scripted.get("unscreened") else acuity.value,
            "triage": None if open_call else triage.value,
            "incident_number": (f"OKC-{received:%y}-{call_id:06d}"
                                if self.config.response.record_911_incident else ""),
            "status": "open" if open_call else "closed",
            "closed_at": None if open_call else iso(received + timedelta(minutes=self.rng.randint(12, 45))),
            "taken_by": self.rng.choice(["coord", "coord2"]), "created_at": iso(received),
            "updated_at": iso(received), "version": 1})
        if triage is Triage.MOBILE_DISPATCH and not open_call:
            self._dispatch(call_id, person_id, received, town, risk, police, scripted)

    # -- dispatch and episode ---------------------------------------------------------------------
    def _dispatch(self, call_id: int, person_id: int, received: datetime, town: Any,
                  risk: RiskLevel, police: bool, scripted: dict[str, Any]) -> None:
        target = self.config.response.target_minutes
        paged = received + timedelta(minutes=self.rng.randint(2, 7))
        ack = paged + timedelta(minutes=self.rng.randint(1, 6))
        en_route = ack + timedelta(minutes=self.rng.randint(1, 4))
        travel = scripted.get("arrive_after") or max(
            (en_route - received).total_seconds() / 60 + 5,
            self.rng.lognormvariate(math.log(target * 0.72), 0.32))
        arrived = received + timedelta(minutes=int(travel))
        cleared = arrived + timedelta(minutes=self.rng.randint(60, 180))
        stages = [("acknowledged", ack), ("en_route", en_route), ("arrived", arrived),
                  ("cleared", cleared)]
        status, times = "paged", {}
        for name, at in stages:
            if at <= self.now:
                status, times[name] = name, at
        dispatch_id = self.ids("dispatches")
        episode_id = self._episode(call_id, person_id, received, times.get("arrived"), risk)
        team, _backup = self._on_shift(town.region, received)
        self.rows.add("dispatches", {
            "id": dispatch_id, "call_id": call_id, "episode_id": episode_id, "region": town.region,
            "status": status, "paged_at": iso(paged),
            "acknowledged_at": iso(times.get("acknowledged")),
            "en_route_at": iso(times.get("en_route")), "arrived_at": iso(times.get("arrived")),
            "cleared_at": iso(times.get("cleared")), "cancelled_at": None, "escalated_at": None,
            "le_coresponse": int(police and self.rng.random() < 0.6), "created_by": "coord",
            "updated_at": iso(paged), "version": 1})
        for staff_id in team:
            self.rows.add("dispatch_members", {
                "dispatch_id": dispatch_id, "staff_id": staff_id, "slot": "primary",
                "acknowledged_at": iso(times.get("acknowledged"))})
            self.rows.add("episode_team", {"episode_id": episode_id, "staff_id": staff_id,
                                           "added_at": iso(paged)})
        if "arrived" in times:
            self._episode_course(episode_id, person_id, team, times["arrived"], risk)

    def _episode(self, call_id: int, person_id: int, opened: datetime, f2f: datetime | None,
                 risk: RiskLevel) -> int:
        episode_id = self.ids("episodes")
        self.rows.add("episodes", {
            "id": episode_id, "call_id": call_id, "person_id": person_id,
            "phase": Phase.CRISIS.value, "opened_at": iso(opened), "face_to_face_at": iso(f2f),
            "phase_started_at": iso(opened), "closed_at": None, "disposition": None,
            "close_reason": "", "created_by": "coord", "updated_at": iso(opened), "version": 1})
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
            "medical": None, "note": "", "created_by": "coord", "created_at": iso(at)})
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
    def _live_calls(self) -> None:
        high = CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False, q6=False)
        moderate = CssrsAnswers(q1=True, q2=True, q3=True, q4=False, q5=False, q6=False)
        target = self.config.response.target_minutes
        warn = self.config.response.warn_minutes
        self._call(self.now - timedelta(minutes=target + 12),
                   scripted={"answers": high, "triage": Triage.MOBILE_DISPATCH,
                             "arrive_after": 10_000})
        self._call(self.now - timedelta(minutes=target - warn // 2),
                   scripted={"answers": moderate, "triage": Triage.MOBILE_DISPATCH,
                             "arrive_after": 10_000})
        self._call(self.now - timedelta(minutes=14),
                   scripted={"answers": high, "triage": Triage.MOBILE_DISPATCH,
                             "arrive_after": 10_000})
        self._call(self.now - timedelta(minutes=6), scripted={"answers": moderate, "open": True})
        self._call(self.now - timedelta(minutes=2),
                   scripted={"answers": CssrsAnswers(), "open": True, "unscreened": True})

    # -- referral directory ----------------------------------------------------------------------------
    def _directory(self) -> None:
        for code, name in names.CATEGORIES:
            self.rows.add("taxonomy_terms", {"id": f"cat-{code}", "code": code, "name": name,
                                             "description": "", "parent_id": None,
                                             "taxonomy": "mrss"})
        counties = self.config.counties
        org_count = max(1, self.opt.resources // 3)
        org_ids = []
        for index in range(org_count):
            org_id = f"org-{index + 1:05d}"
            org_name = f"{self.rng.choice(names.ORG_WORDS)} {self.rng.choice(names.ORG_KINDS)}"
            self.rows.add("organizations", {"id": org_id, "name": org_name, "alternate_name": "",
                                            "description": f"{org_name} serves families in the region.",
                                            "email": "", "website": ""})
            org_ids.append((org_id, org_name))
        for index in range(self.opt.resources):
            self._service(index, self.rng.choice(org_ids), counties)

    def _service(self, index: int, org: tuple[str, str], counties: list[str]) -> None:
        org_id, org_name = org
        service_id = f"svc-{index + 1:05d}"
        cats = self.rng.sample(names.CATEGORIES, self.rng.choice([1, 1, 2]))
        cat_names = [c[1] for c in cats]
        name = f"{cat_names[0]} - {org_name.split()[0]}"
        served = set(self.rng.sample(counties, min(len(counties), self.rng.randint(1, 3))))
        status = self._pick([("active", 92), ("inactive", 3), ("temporarily closed", 3),
                             ("defunct", 2)])
        verified = self.now - timedelta(days=self.rng.randint(5, 330) if self.rng.random() < 0.85
                                        else self.rng.randint(380, 900))
        youth_only = self.rng.random() < 0.4
        description = (f"{cat_names[0]} for {'children and youth' if youth_only else 'all ages'}"
                       f" in {', '.join(sorted(served))} county.")
        self.rows.add("services", {
            "id": service_id, "organization_id": org_id, "name": name, "alternate_name": "",
            "description": description, "url": "", "email": "", "status": status,
            "eligibility_description": "", "minimum_age": 0 if youth_only else None,
            "maximum_age": 20 if youth_only else None, "fees_description": "Sliding scale",
            "application_process": "Call to schedule an intake",
            "last_verified_at": iso(verified), "verified_by": "super", "updated_at": iso(verified),
            "version": 1})
        town = self.rng.choice([t for t in self.config.towns if t.county in served])
        location_id = f"loc-{index + 1:05d}"
        self.rows.add("locations", {"id": location_id, "organization_id": org_id, "name": name,
                                    "location_type": "physical", "description": "",
                                    "latitude": None, "longitude": None})
        self.rows.add("addresses", {
            "id": f"adr-{index + 1:05d}", "location_id": location_id, "attention": "",
            "address_1": f"{self.rng.randint(10, 999)} {self.rng.choice(names.STREETS)}",
            "address_2": "", "city": town.name, "region": town.county, "state_province": "",
            "postal_code": f"{self.rng.randint(10000, 99999)}", "country": "US",
            "address_type": "physical"})
        self.rows.add("service_at_location", {"id": f"sal-{index + 1:05d}", "service_id": service_id,
                                              "location_id": location_id})
        self.rows.add("phones", {"id": f"ph-{index + 1:05d}", "organization_id": None,
                                 "service_id": service_id, "location_id": None,
                                 "number": f"({self.area}) 555-01{index % 100:02d}",
                                 "extension": "", "type": "voice", "description": ""})
        always = "crisis" in name.lower() or self.rng.random() < 0.1
        self.rows.add("schedules", {
            "id": f"sch-{index + 1:05d}", "service_id": service_id, "location_id": None,
            "byday": "MO,TU,WE,TH,FR,SA,SU" if always else "MO,TU,WE,TH,FR",
            "opens_at": "00:00" if always else "08:00", "closes_at": "23:59" if always else "17:00",
            "freq": "WEEKLY", "description": "Open every day, all day" if always else "Weekdays"})
        for code, _label in cats:
            self.rows.add("service_taxonomy", {"service_id": service_id,
                                               "taxonomy_term_id": f"cat-{code}"})
        for n, county in enumerate(sorted(served)):
            self.rows.add("service_areas", {"id": f"area-{index + 1:05d}-{n}",
                                            "service_id": service_id, "name": county,
                                            "description": ""})
        self.rows.add("languages", {"id": f"lang-{index + 1:05d}", "service_id": service_id,
                                    "location_id": None, "name": "English", "code": "en"})
        if self.rng.random() < 0.3:
            self.rows.add("languages", {"id": f"lang-{index + 1:05d}-es", "service_id": service_id,
                                        "location_id": None, "name": "Spanish", "code": "es"})
        if status == "active":
            self.services.append((service_id, [c[0] for c in cats], served))
