"""Hand-built report weeks, made through the store's repositories with a frozen clock.

The week is 2026-W44 in America/Los_Angeles: Monday 26 October 00:00 PDT (07:00 UTC) to Monday
2 November 00:00 PST (08:00 UTC), 169 hours long because clocks fall back on Sunday 1 November.
Every record near a boundary sits one second before, at, or one second after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from mrss_tui.clock import FrozenClock
from mrss_tui.domain.enums import (
    AgeBand,
    AlertKind,
    Disposition,
    DispatchStatus,
    Line,
    Phase,
    RiskLevel,
    Severity,
    Triage,
)
from mrss_tui.store.db import Store, iso

WEEK = "2026-W44"
START = datetime(2026, 10, 26, 7, 0, tzinfo=timezone.utc)  # Monday 00:00 PDT
END = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 00:00 PST
SECOND = timedelta(seconds=1)
ACTOR = "builder"


def utc(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=timezone.utc)


@dataclass
class Built:
    calls: dict[str, int] = field(default_factory=dict)
    episodes: dict[str, int] = field(default_factory=dict)


class WeekBuilder:
    def __init__(self, store: Store, clock: FrozenClock) -> None:
        self.store = store
        self.clock = clock
        self.built = Built()

    def at(self, when: datetime) -> datetime:
        self.clock.set(when)
        return when

    def call(self, name: str, received: datetime, *, line: Line, band: AgeBand, county: str,
             triage: Triage | None, risk: RiskLevel | None, **extra: object) -> int:
        self.at(received)
        call = self.store.calls.create(
            ACTOR, received_at=received, line=line, age_band=band, county=county, town=county,
            triage=triage, risk_level=risk, status="open" if triage is None else "closed", **extra)
        self.built.calls[name] = call.id
        return call.id

    def dispatch(self, call: str, paged: datetime, *, arrived_after: timedelta | None = None,
                 cancelled: bool = False, le: bool = False) -> None:
        self.at(paged)
        received = self.store.calls.get(self.built.calls[call]).received_at
        dispatch = self.store.dispatches.create(
            ACTOR, call_id=self.built.calls[call], episode_id=None, region="", members=[],
            at=paged, le_coresponse=le)
        if cancelled:
            self.store.dispatches.set_status(ACTOR, dispatch.id, DispatchStatus.CANCELLED,
                                             self.at(paged + timedelta(minutes=3)))
        if arrived_after is not None:
            self.store.dispatches.set_status(ACTOR, dispatch.id, DispatchStatus.ARRIVED,
                                             self.at(received + arrived_after))

    def episode(self, name: str, call: str, opened: datetime,
                course: list[tuple[Phase, datetime, Disposition | None]] = ()) -> int:
        self.at(opened)
        episode = self.store.episodes.open(ACTOR, call_id=self.built.calls[call], person_id=None,
                                           at=opened)
        for phase, when, disposition in course:
            self.at(when)
            episode = self.store.episodes.change_phase(
                ACTOR, episode.id, phase=phase, at=when, expected_version=episode.version,
                disposition=disposition)
        self.built.episodes[name] = episode.id
        return episode.id

    def followup(self, episode: str, due: datetime, kind: str, done: datetime | None) -> None:
        self.at(due - timedelta(days=1))
        followup = self.store.followups.add(ACTOR, episode_id=self.built.episodes[episode],
                                            due_at=due, kind=kind)
        assert followup is not None
        if done is not None:
            self.store.followups.complete(ACTOR, followup.id, at=self.at(done), contact_id=None)

    def alert(self, raised: datetime, kind: AlertKind, subject_id: int) -> None:
        self.at(raised)
        self.store.alerts.raise_once(ACTOR, kind=kind, subject_type="episode",
                                     subject_id=subject_id, due_at=raised,
                                     severity=Severity.WARNING, message="test alert")

    def referral(self, episode: str, created: datetime, category: str, status: str) -> None:
        """There is no referrals repository on this branch yet (another issue adds it): write
        the rows with the store's generic insert, with the audit row, as a repository would."""
        self.at(created)
        with self.store.atomic():
            referral_id = self.store.insert("referrals", {
                "episode_id": self.built.episodes[episode], "service_id": None,
                "category": category, "status": status, "status_at": iso(created),
                "status_by": ACTOR, "created_by": ACTOR, "created_at": iso(created)})
            self.store.insert("referral_events", {"referral_id": referral_id, "status": status,
                                                  "at": iso(created), "by_login": ACTOR})
            self.store.audit(ACTOR, "referral.create", "referral", referral_id)


def build_hand_week(store: Store, clock: FrozenClock) -> Built:
    """The week whose every figure is worked out by hand in tests/unit/test_report_figures.py."""
    b = WeekBuilder(store, clock)
    hour = timedelta(hours=1)
    # Calls: one second before the week, at its start, inside, one second before its end, at its end.
    b.call("before", START - SECOND, line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)
    b.call("c1", START, line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)
    b.call("c2", utc(10, 27, 18), line=Line.L211, band=AgeBand.CHILD, county="Grant",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.MODERATE)
    b.call("c3", utc(10, 28, 20), line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.PHONE_ONLY, risk=RiskLevel.LOW)
    b.call("c4", utc(10, 29, 3), line=Line.L911, band=AgeBand.ADULT, county="Lake",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.MODERATE)
    b.call("c5", utc(10, 30, 12), line=Line.DIRECT, band=AgeBand.UNKNOWN, county="Harney",
           triage=Triage.REFERRAL_ONLY, risk=RiskLevel.NONE)
    # Sunday 23:59:59 PST: outside a naive "start + 7 x 24 h" week, inside the real one.
    b.call("c6", END - SECOND, line=Line.L988, band=AgeBand.YOUNG_ADULT, county="Malheur",
           triage=None, risk=None)
    b.call("after", END, line=Line.L211, band=AgeBand.CHILD, county="Grant",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)
    b.call("old", utc(10, 5, 18), line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)
    b.call("older", utc(9, 20, 18), line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)

    # Dispatches. c1 arrives exactly at the 60-minute target, c2 one second after it; c4's team
    # is cancelled; c6's team is paged in the next week but still answers c6.
    b.dispatch("c1", START + timedelta(minutes=5), arrived_after=timedelta(minutes=60), le=True)
    b.dispatch("c2", utc(10, 27, 18, 4), arrived_after=timedelta(minutes=60, seconds=1))
    b.dispatch("c4", utc(10, 29, 3, 6), cancelled=True)
    b.dispatch("c6", END + timedelta(minutes=5), arrived_after=timedelta(minutes=45))
    b.dispatch("before", START - SECOND + timedelta(minutes=2), arrived_after=timedelta(minutes=20))

    # Episodes.
    b.episode("e1", "c1", START, [(Phase.STABILIZATION, utc(10, 28, 7), None),
                                  (Phase.CLOSED, utc(10, 31, 19), Disposition.HOME_COMMUNITY)])
    b.episode("e2", "c2", utc(10, 27, 18))
    b.episode("e3", "before", START - SECOND, [(Phase.STABILIZATION, utc(10, 26, 10), None),
                                               (Phase.CLOSED, END, Disposition.HOME_COMMUNITY)])
    b.episode("e4", "old", utc(10, 20, 1), [(Phase.CLOSED, utc(10, 27, 10),
                                             Disposition.EMERGENCY_DEPARTMENT)])
    b.episode("e5", "older", utc(9, 20, 18), [(Phase.STABILIZATION, utc(10, 10, 1), None),
                                              (Phase.CLOSED, START - SECOND, Disposition.INPATIENT)])
    b.episode("e6", "c6", END - SECOND)

    # Follow-ups: due at the start and done at that second; one second late; not done (due in
    # the repeated 01:00 hour of the fall-back night); due at the end (next week); due a second
    # before the start (last week).
    b.followup("e1", START, "first_contact", done=START)
    b.followup("e1", utc(10, 29, 12), "weekly_1", done=utc(10, 29, 12) + SECOND)
    b.followup("e2", utc(11, 1, 9), "first_contact", done=None)
    b.followup("e3", END, "weekly_2", done=END - hour)
    b.followup("e3", START - SECOND, "weekly_1", done=START - hour)

    # Alerts raised in the week (2) and at its end (next week).
    b.alert(utc(10, 27, 9), AlertKind.FOLLOWUP_OVERDUE, b.built.episodes["e2"])
    b.alert(utc(10, 30, 9), AlertKind.ARRIVAL_PAST_TARGET, b.built.episodes["e2"])
    b.alert(END, AlertKind.FOLLOWUP_OVERDUE, b.built.episodes["e3"])

    # Referrals: two made in the week (one connected), one made at its end.
    b.referral("e1", utc(10, 29, 16), "counseling", "connected")
    b.referral("e2", utc(10, 30, 16), "counseling", "referred")
    b.referral("e3", END, "peer", "connected")
    return b.built


# Identifiable (fictional) details that must never appear in any report output.
SECRETS = {
    "person name": "Zebulon Quixtaffer",
    "caller name": "Marigold Thistlewaite",
    "phone": "+15415550187",
    "phone, local": "541-555-0187",
    "address": "4471 Wisteria Lane",
    "birth date": "2011-04-17",
    "situation": "frightened of the neighbour's pit bull Brutus",
    "hazards": "grandfather's shotgun in the barn",
    "close reason": "moved in with Aunt Philippa",
    "town": "Ñuñoa Flats",
}


def seed_identifiable(store: Store, clock: FrozenClock) -> None:
    """A call, person and episode in week W44 full of identifying (fictional) details."""
    b = WeekBuilder(store, clock)
    when = utc(10, 28, 23)
    b.at(when)
    person = store.persons.create(ACTOR, name=SECRETS["person name"],
                                  birth_date=date.fromisoformat(SECRETS["birth date"]),
                                  phone=SECRETS["phone"], town=SECRETS["town"], county="Harney")
    b.call("secret", when, line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH, person_id=person.id,
           caller_name=SECRETS["caller name"], callback_number=SECRETS["phone"],
           address=f"{SECRETS['address']}, {SECRETS['town']} ({SECRETS['phone, local']})",
           situation=SECRETS["situation"], hazards=SECRETS["hazards"])
    b.dispatch("secret", when + timedelta(minutes=3), arrived_after=timedelta(minutes=41))
    episode = store.episodes.open(ACTOR, call_id=b.built.calls["secret"], person_id=person.id,
                                  at=when)
    b.at(when + timedelta(days=2))
    store.episodes.change_phase(ACTOR, episode.id, phase=Phase.CLOSED, at=when + timedelta(days=2),
                                expected_version=episode.version,
                                disposition=Disposition.HOME_COMMUNITY,
                                reason=SECRETS["close reason"])
