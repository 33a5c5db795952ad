"""Taking a call: the intake form, its validation, look-ups while typing, drafts, triage.

The screen keeps an ``IntakeForm`` (raw text and choices, exactly what was typed) and hands it
here; ``check_intake`` turns it into clean values or a ``ValidationFailed`` whose ``problems``
name each field, and ``record_call`` stores the call (and for a mobile dispatch an episode in
the crisis phase) in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from mrss_tui.config import Config, Town
from mrss_tui.domain.ages import age_band, age_on
from mrss_tui.domain.cssrs import (
    CssrsAnswers,
    CssrsError,
    check_consistent,
    next_question,
    risk_level,
    suggested_acuity,
)
from mrss_tui.domain.enums import Acuity, Line, RiskLevel, Triage
from mrss_tui.domain.models import Call, Episode, Person
from mrss_tui.domain.phones import PhoneCheck, check_phone
from mrss_tui.errors import ValidationFailed
from mrss_tui.domain.times import iso, parse_iso
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action

DRAFT_FORM = "intake"
UNKNOWN_NAMES = {"unknown", "?", "unk", "n/a", "none"}
INCIDENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,23}$")
# Triage decisions that may be recorded before the screener is finished (the call is handed on).
MAY_SKIP_SCREENER = {Triage.TRANSFER_911, Triage.INFORMATION}


class IntakeForm(BaseModel):
    """Everything typed so far, as typed. This is also the draft payload."""

    model_config = ConfigDict(extra="ignore")

    received_at: str = ""  # ISO UTC, set when the intake screen opened
    callback_number: str = ""
    line: Line | None = None
    caller_name: str = ""
    caller_relation: str = ""
    person_id: int | None = None  # an earlier person this call is linked to
    person_name: str = ""
    born_or_age: str = ""  # a birth date (2011-04-02, 4/2/2011) or an approximate age (14)
    address: str = ""
    town: str = ""
    situation: str = ""
    weapons: bool | None = None
    hazards: str = ""
    violence_history: bool | None = None
    substance_use: bool | None = None
    police_needed: bool | None = None
    cssrs: CssrsAnswers = Field(default_factory=CssrsAnswers)
    acuity: Acuity | None = None
    triage: Triage | None = None
    incident_number: str = ""

    def is_blank(self) -> bool:
        """Nothing typed yet (the start time and the preset line do not count)."""
        return self == IntakeForm(received_at=self.received_at, line=self.line)


class CleanIntake(BaseModel):
    """A validated intake, ready to store."""

    received_at: datetime
    line: Line
    callback: PhoneCheck | None
    caller_name: str
    caller_relation: str
    person_id: int | None
    person_name: str
    birth_date: date | None
    stated_age: int | None
    address: str
    town: Town | None
    situation: str
    weapons: bool | None
    hazards: str
    violence_history: bool | None
    substance_use: bool | None
    police_needed: bool | None
    cssrs: CssrsAnswers | None
    risk: RiskLevel | None
    acuity: Acuity | None
    triage: Triage
    incident_number: str

    model_config = ConfigDict(arbitrary_types_allowed=True)


def parse_born_or_age(text: str, today: date) -> tuple[date | None, int | None]:
    """'14' -> stated age; '2011-04-02' or '4/2/2011' -> birth date. Raises ValueError."""
    text = text.strip()
    if not text:
        return None, None
    if text.isdigit() and len(text) <= 3:
        age = int(text)
        if age > 120:
            raise ValueError("an age must be 0-120")
        return None, age
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
        try:
            born = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if born > today:
            raise ValueError("the birth date is in the future")
        if age_on(born, today) > 120:
            raise ValueError("the birth date is more than 120 years ago")
        return born, None
    raise ValueError("type an age (14) or a birth date (2011-04-02 or 4/2/2011)")


def screener_state(answers: CssrsAnswers) -> tuple[RiskLevel | None, str | None]:
    """The live risk so far (None before any answer) and the next question to ask."""
    if not answers.answered():
        return None, next_question(answers)
    return risk_level(answers, allow_incomplete=True), next_question(answers)


def resolve_town(config: Config, text: str) -> Town | None:
    """The configured town named (or uniquely begun) by ``text``."""
    exact = config.town(text)
    if exact is not None or not text.strip():
        return exact
    key = text.strip().casefold()
    starts = [t for t in config.towns if t.name.casefold().startswith(key)]
    return starts[0] if len(starts) == 1 else None


def town_info(config: Config, town: Town, police_needed: bool | None) -> str:
    """One line shown once the town is chosen: county, covering team, CIT police."""
    text = f"{town.county} County · team: {town.region}"
    cit = "CIT officers available" if town.cit_police else "no CIT-trained officers"
    if police_needed:
        text += f" · police: {cit}"
    else:
        text += f" · police {cit.replace('available', 'there')}"
    return text


def check_intake(form: IntakeForm, config: Config, now: datetime) -> CleanIntake:
    """Validate everything at once: every problem is reported next to its field."""
    problems: dict[str, str] = {}
    local_today = now.astimezone(config.zone).date()

    callback = check_phone(form.callback_number) if form.callback_number.strip() else None
    if callback is not None and not callback.e164:
        problems["callback_number"] = callback.problem
    if form.line is None:
        problems["line"] = "choose the line the call came in on"
    birth_date = stated_age = None
    try:
        birth_date, stated_age = parse_born_or_age(form.born_or_age, local_today)
    except ValueError as exc:
        problems["born_or_age"] = str(exc)
    town = resolve_town(config, form.town)
    if form.town.strip() and town is None:
        problems["town"] = "not a town this line serves; pick one from the list"
    try:
        check_consistent(form.cssrs)
    except CssrsError as exc:
        problems["cssrs"] = str(exc)
    risk: RiskLevel | None = None
    if "cssrs" not in problems and form.cssrs.answered():
        risk = risk_level(form.cssrs, allow_incomplete=True)
    missing = next_question(form.cssrs)
    if form.triage is None:
        problems["triage"] = "choose a triage decision"
    elif missing is not None and form.triage not in MAY_SKIP_SCREENER and "cssrs" not in problems:
        problems["cssrs"] = f"finish the screener: question {missing[1:].replace('_recent', ' (when)')}"
    if form.triage is Triage.MOBILE_DISPATCH:
        if town is None and "town" not in problems:
            problems["town"] = "a mobile response needs the town"
        if not form.address.strip():
            problems["address"] = "a mobile response needs an address or directions"
        if form.acuity is None and risk is None:
            problems["acuity"] = "choose the acuity for the team"
    incident = form.incident_number.strip()
    if config.response.record_911_incident and form.line is Line.L911 and not incident:
        problems["incident_number"] = "911 calls keep the 911 incident number"
    if incident and not INCIDENT_RE.match(incident):
        problems["incident_number"] = "3-24 letters, digits or '-'"
    try:
        received_at = parse_iso(form.received_at) or now
    except ValueError:
        received_at = now
    if received_at > now:
        problems["received_at"] = "the call cannot be received in the future"
    if problems:
        raise ValidationFailed(_summary(problems), problems)
    name = form.person_name.strip()
    return CleanIntake(
        received_at=received_at, line=form.line, callback=callback,
        caller_name=form.caller_name.strip(), caller_relation=form.caller_relation.strip(),
        person_id=form.person_id, person_name="" if name.casefold() in UNKNOWN_NAMES else name,
        birth_date=birth_date, stated_age=stated_age, address=form.address.strip(), town=town,
        situation=form.situation.strip(), weapons=form.weapons, hazards=form.hazards.strip(),
        violence_history=form.violence_history, substance_use=form.substance_use,
        police_needed=form.police_needed,
        cssrs=form.cssrs if form.cssrs.answered() else None, risk=risk,
        acuity=form.acuity or (suggested_acuity(risk) if risk else None),
        triage=form.triage, incident_number=incident)


def _summary(problems: dict[str, str]) -> str:
    count = len(problems)
    return f"{count} field{'s' if count > 1 else ''} need{'s' if count == 1 else ''} attention"


@dataclass
class IntakeResult:
    call: Call
    person: Person
    episode: Episode | None


def record_call(session: Session, form: IntakeForm) -> IntakeResult:
    """Store a finished intake. A mobile dispatch opens an episode in the crisis phase."""
    session.require(Action.TAKE_CALL)
    now = session.now()
    clean = check_intake(form, session.config, now)
    store = session.store
    actor = session.actor.login
    with store.atomic():
        person = _person_for(session, clean)
        # A linked person may know the birth date this call did not ask for.
        band = age_band(on=clean.received_at.astimezone(session.config.zone).date(),
                        birth_date=clean.birth_date or person.birth_date,
                        stated_age=clean.stated_age if clean.stated_age is not None
                        else person.stated_age)
        call = store.calls.create(
            actor, received_at=clean.received_at, line=clean.line,
            callback_number=clean.callback.e164 if clean.callback else "",
            callback_valid=bool(clean.callback and clean.callback.valid),
            caller_name=clean.caller_name, caller_relation=clean.caller_relation,
            person_id=person.id, age_band=band, address=clean.address,
            town=clean.town.name if clean.town else "", county=clean.town.county if clean.town else "",
            region=clean.town.region if clean.town else "", situation=clean.situation,
            weapons=clean.weapons, hazards=clean.hazards, violence_history=clean.violence_history,
            substance_use=clean.substance_use, police_needed=clean.police_needed,
            cssrs=clean.cssrs, risk_level=clean.risk, acuity=clean.acuity, triage=clean.triage,
            incident_number=clean.incident_number)
        episode = None
        if clean.triage is Triage.MOBILE_DISPATCH:
            episode = store.episodes.open(actor, call_id=call.id, person_id=person.id, at=now)
        call = store.calls.close(actor, call.id, now)
        store.drafts.discard(actor, DRAFT_FORM)
    return IntakeResult(call, person, episode)


def _person_for(session: Session, clean: CleanIntake) -> Person:
    """The linked earlier person (filling in what they lacked) or a new one."""
    store = session.store
    actor = session.actor.login
    phone = clean.callback.e164 if clean.callback and clean.callback.valid else ""
    if clean.person_id is not None:
        person = store.persons.get(clean.person_id)
        changes: dict[str, object] = {}
        if clean.person_name and not person.name:
            changes["name"] = clean.person_name
        if clean.birth_date and not person.birth_date:
            changes["birth_date"] = clean.birth_date
        if clean.stated_age is not None and person.birth_date is None:
            changes["stated_age"] = clean.stated_age
        if clean.town and person.town != clean.town.name:
            changes.update(town=clean.town.name, county=clean.town.county)
        if changes:
            person = store.persons.update(actor, person.id, expected_version=person.version,
                                          **changes)
        return person
    return store.persons.create(
        actor, name=clean.person_name, birth_date=clean.birth_date, stated_age=clean.stated_age,
        phone=phone, town=clean.town.name if clean.town else "",
        county=clean.town.county if clean.town else "")


# -- look-ups while typing ---------------------------------------------------------------------


@dataclass
class Match:
    """An earlier person, with their latest call and open episode, to link the call to."""

    person: Person
    last_call: Call | None = None
    open_episodes: list[Episode] = field(default_factory=list)
    why: str = ""


def find_matches(session: Session, *, callback: str = "", name: str = "",
                 limit: int = 6) -> list[Match]:
    """Earlier persons matching the callback number (exact, normalised) or the name (prefix)."""
    session.require(Action.TAKE_CALL)
    store = session.store
    found: dict[int, str] = {}
    phone = check_phone(callback) if callback.strip() else None
    with store.read_snapshot():
        if phone is not None and phone.e164:
            for person in store.persons.by_phone(phone.e164, limit):
                found.setdefault(person.id, "same phone")
            for call in store.calls.by_callback(phone.e164, limit):
                if call.person_id is not None:
                    found.setdefault(call.person_id, "called from this number")
        if len(name.strip()) >= 2 and name.strip().casefold() not in UNKNOWN_NAMES:
            for person in store.persons.search_name(name, limit):
                found.setdefault(person.id, "name")
        ids = list(found)[:limit]
        persons = store.intake_lookup.persons(ids)
        last = store.intake_lookup.last_calls(ids)
        episodes = store.intake_lookup.open_episodes(ids)
    by_person: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_person.setdefault(episode.person_id or 0, []).append(episode)
    return [Match(p, last.get(p.id), by_person.get(p.id, []), found[p.id]) for p in persons]


# -- drafts --------------------------------------------------------------------------------------


def save_draft(session: Session, form: IntakeForm) -> None:
    session.require(Action.TAKE_CALL)
    session.store.drafts.save(session.actor.login, DRAFT_FORM, form.model_dump(mode="json"))


def load_draft(session: Session) -> tuple[IntakeForm, datetime] | None:
    """The unfinished intake of the acting staff member, if any (with when it was saved)."""
    session.require(Action.TAKE_CALL)
    draft = session.store.drafts.get(session.actor.login, DRAFT_FORM)
    if draft is None:
        return None
    return IntakeForm.model_validate(draft.payload), draft.updated_at


def discard_draft(session: Session) -> None:
    session.require(Action.TAKE_CALL)
    session.store.drafts.discard(session.actor.login, DRAFT_FORM)


def new_form(session: Session) -> IntakeForm:
    """A blank intake whose response clock starts now, on the program's usual line."""
    return IntakeForm(received_at=iso(session.now()) or "",
                      line=Line(session.config.program.usual_line))
