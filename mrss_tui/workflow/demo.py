"""Fictional but realistic demo data for the configured profile.

Deterministic for a given seed and clock. Rows are generated in Python and bulk-loaded a month at
a time, so ten years of a busy line (100 calls a day) takes well under a few minutes.
Data ends at the clock's "now": a few calls are open, a few teams are on the road, episodes sit in
every phase, and some follow-ups are overdue.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable

from mrss_tui.config import Config
from mrss_tui.domain.ages import age_band
from mrss_tui.domain.answers import stored_json
from mrss_tui.domain.cssrs import CssrsAnswers, risk_level, suggested_acuity
from mrss_tui.domain.enums import Acuity, Line, RiskLevel, Role, Triage
from mrss_tui.domain.times import iso
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.bulk import load_batch
from mrss_tui.store.db import Store
from mrss_tui.workflow import demo_names as names
from mrss_tui.workflow.demo_directory import DemoDirectory
from mrss_tui.workflow.demo_pager import demo_paging_url
from mrss_tui.workflow.demo_episodes import DemoEpisodes
from mrss_tui.workflow.demo_phones import DemoPhones
from mrss_tui.workflow.demo_rows import DEMO_ACTOR, _Ids, _Rows

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


def generate_demo(store: Store, config: Config, options: DemoOptions,
                  progress: Callable[[str], None] | None = None) -> DemoResult:
    """Fill an empty database. Refuses one that already holds calls or staff."""
    if any(store.row_counts(("calls", "staff")).values()):
        raise ValidationFailed("this database already holds data; demo data goes into a new file")
    return _Generator(store, config, options, progress or (lambda _m: None)).run()


class _Generator(DemoEpisodes, DemoDirectory):
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
            "paging_url": demo_paging_url(login), "region": region, "active": 1,
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
        self._program_staff(used)

    def _program_staff(self, used: set[str]) -> None:
        """Staff the program's own text names beyond its dispatched teams: Oklahoma City's CRT
        has licensed clinicians (LPC, LADC, LMFT, LCSW) and peer recovery support specialists
        for on-scene assessment and follow-up. Drawn from their own generator so the rest of
        the demo stays the same for a seed."""
        if self.config.profile != "okc-crt":
            return
        rng = random.Random(f"{self.opt.seed}-program-staff")
        for role, credentials in [(Role.CLINICIAN, ["LPC", "LADC", "LMFT", "LCSW"]),
                                  (Role.PEER, ["PRSS", "PRSS"])]:
            for cred in credentials:
                first, last = rng.choice(names.FIRST), rng.choice(names.LAST)
                login = f"{first[0]}{last}".lower()
                while login in used:
                    login += str(rng.randint(1, 9))
                used.add(login)
                self._staff(login, f"{first} {last}", role, cred)

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
                        stated_age=person["stated_age"], scheme=self.config.program.age_bands)
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
            "cssrs": None if scripted.get("unscreened") else stored_json(answers),
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
        le = int(police and self.rng.random() < 0.6)
        self.rows.add("dispatches", {
            "id": dispatch_id, "call_id": call_id, "episode_id": episode_id, "region": town.region,
            "status": status, "paged_at": iso(paged),
            "acknowledged_at": iso(times.get("acknowledged")),
            "en_route_at": iso(times.get("en_route")), "arrived_at": iso(times.get("arrived")),
            "cleared_at": iso(times.get("cleared")), "cancelled_at": None, "escalated_at": None,
            "le_coresponse": le, "created_by": "coord",
            "updated_at": iso(paged), "version": 1})
        if le and "arrived" in times:
            # Officers on scene, as the team recorded it (no random draw: the rest stays as it was).
            self.rows.add("le_coresponse", {
                "call_id": call_id, "on_scene": 1, "cit_trained": int(town.cit_police),
                "agency": f"{town.name} Police", "recorded_by": "coord",
                "requested_by": "team" if call_id % 3 else "dispatch_911",
                "recorded_at": iso(times["arrived"])})
        for staff_id in team:
            self.rows.add("dispatch_members", {
                "dispatch_id": dispatch_id, "staff_id": staff_id, "slot": "primary",
                "acknowledged_at": iso(times.get("acknowledged"))})
            self.rows.add("episode_team", {"episode_id": episode_id, "staff_id": staff_id,
                                           "added_at": iso(paged)})
        if "arrived" in times:
            self._episode_course(episode_id, person_id, team, times["arrived"], risk)

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
