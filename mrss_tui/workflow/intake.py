"""Taking a call: the intake form, its validation, look-ups while typing, drafts, triage.

The screen keeps an ``IntakeForm`` (raw text and choices, exactly what was typed) and hands it
here; ``check_intake`` turns it into clean values or a ``ValidationFailed`` whose ``problems``
name each field, and ``record_call`` stores the call (and for a mobile dispatch an episode in
the crisis phase) in one transaction.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from mrss_tui.config import Config, Town
from mrss_tui.domain.ages import age_band, age_on
from mrss_tui.domain.cssrs import (
    CssrsAnswers,
    CssrsError,
    check_consistent,
    next_question,
    risk_level,
)
from mrss_tui.domain.enums import Acuity, DispatchStatus, Line, RiskLevel, Triage
from mrss_tui.domain.risk_others import RiskOthersAnswers, others_level
from mrss_tui.domain.risk_others import suggested_acuity as both_acuity
from mrss_tui.workflow.intake_program import (
    age_of,
    age_outside_served,
    book_handoff_check,
    check_out_of_area,
    handoff_booked,
    hands_off_to_adult_service,
    out_of_area_county,
    out_of_area_town,
)
from mrss_tui.domain.models import Call, Episode, Person
from mrss_tui.domain.records import call_ref
from mrss_tui.domain.phones import PhoneCheck, check_phone
from mrss_tui.domain.text import PlainTextModel
from mrss_tui.errors import AlreadyRecorded, ValidationFailed
from mrss_tui.domain.times import iso, parse_iso
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.dispatch_care import origin_from_form
from mrss_tui.workflow.drafts import INTAKE_FORM
from mrss_tui.workflow.duplicates import RepeatCall, repeat_candidates
from mrss_tui.workflow.permissions import Action

DRAFT_FORM = INTAKE_FORM
UNKNOWN_NAMES = {"unknown", "?", "unk", "n/a", "none"}
INCIDENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,23}$")
# Triage decisions that may be recorded before the screener is finished (the call is handed on).
MAY_SKIP_SCREENER = {Triage.TRANSFER_911, Triage.INFORMATION, Triage.OUT_OF_AREA}


class IntakeForm(PlainTextModel):
    """Everything typed so far, as typed. This is also the draft payload."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    long_text: ClassVar[frozenset[str]] = frozenset({"situation", "hazards", "address"})
    # Address and hazards go on a page line of their own: one line each, so a typed or pasted
    # "12 Oak St\nWeapons: no" cannot forge a page line.
    multi_line: ClassVar[frozenset[str] | None] = frozenset({"situation"})
    sanitize: ClassVar[bool] = True

    received_at: str = ""  # ISO UTC, set when the intake screen opened
    origin_received_at: str = ""  # ISO UTC: when 988/2-1-1/911 received a call handed on to us
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
    risk_others: RiskOthersAnswers = Field(default_factory=RiskOthersAnswers)
    acuity: Acuity | None = None
    triage: Triage | None = None
    transferred_to: str = ""  # out-of-area triage: the provider the call went to
    incident_number: str = ""
    # A repeat call (workflow/duplicates.py): the coordinator's choice once it was offered.
    join_episode_id: int | None = None  # add the call to this open episode
    new_episode: bool = False  # "it is a new episode" (said by the coordinator)
    draft_id: str = ""  # set when the intake opens; it can become a call only once

    def is_blank(self) -> bool:
        """Nothing typed yet (the start time, the preset line and the id do not count)."""
        return self == IntakeForm(received_at=self.received_at, line=self.line,
                                  draft_id=self.draft_id)


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
    risk_others: RiskOthersAnswers | None
    others: RiskLevel | None
    acuity: Acuity | None
    triage: Triage
    transferred_to: str
    incident_number: str
    origin_received_at: datetime | None = None

    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)


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
    if form.town.strip() and town is None and form.triage is not Triage.OUT_OF_AREA:
        problems["town"] = "not a town this line serves; pick one from the list"
    try:
        check_consistent(form.cssrs)
    except CssrsError as exc:
        problems["cssrs"] = str(exc)
    risk: RiskLevel | None = None
    if "cssrs" not in problems and form.cssrs.answered():
        risk = risk_level(form.cssrs, allow_incomplete=True)
    others = others_level(form.risk_others) if form.risk_others.answered() else None
    provider = check_out_of_area(form, config, problems)
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
        if form.acuity is None and risk is None and others is None:
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
    origin = origin_from_form(form.origin_received_at, form.line, received_at, problems)
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
        risk_others=form.risk_others if others is not None else None, others=others,
        acuity=form.acuity or both_acuity(risk, others),
        triage=form.triage, transferred_to=provider, incident_number=incident,
        origin_received_at=origin)


def _summary(problems: dict[str, str]) -> str:
    count = len(problems)
    return f"{count} field{'s' if count > 1 else ''} need{'s' if count == 1 else ''} attention"


@dataclass
class IntakeResult:
    call: Call
    person: Person
    episode: Episode | None
    warnings: list[str] = field(default_factory=list)  # recorded anyway (age outside served)


def record_call(session: Session, form: IntakeForm) -> IntakeResult:
    """Store a finished intake. A mobile dispatch opens an episode in the crisis phase and a
    dispatch awaiting a team, all in one transaction."""
    session.require(Action.TAKE_CALL)
    # A draft already recorded says so first, whatever has become of its fields meanwhile (a
    # stale copy may no longer pass today's checks); the transaction below checks it again.
    _refuse_if_recorded(session, form.draft_id)
    now = session.now()
    clean = check_intake(form, session.config, now)
    store = session.store
    actor = session.actor.login
    with store.atomic():  # BEGIN IMMEDIATE: no other session records between check and mark
        _refuse_if_recorded(session, form.draft_id)
        join = _episode_to_join(session, form, clean)
        if join is not None:
            clean = clean.model_copy(update={"person_id": join.person_id})
        person = _person_for(session, clean)
        # A linked person may know the birth date this call did not ask for.
        band = age_band(on=clean.received_at.astimezone(session.config.zone).date(),
                        birth_date=clean.birth_date or person.birth_date,
                        stated_age=clean.stated_age if clean.stated_age is not None
                        else person.stated_age, scheme=session.config.program.age_bands)
        call = store.calls.create(
            actor, received_at=clean.received_at, line=clean.line,
            callback_number=clean.callback.e164 if clean.callback else "",
            callback_valid=bool(clean.callback and clean.callback.valid),
            caller_name=clean.caller_name, caller_relation=clean.caller_relation,
            person_id=person.id, age_band=band, address=clean.address,
            town=clean.town.name if clean.town else out_of_area_town(form),
            county=clean.town.county if clean.town else out_of_area_county(
                session.config, form.town, clean.transferred_to),
            region=clean.town.region if clean.town else "", situation=clean.situation,
            weapons=clean.weapons, hazards=clean.hazards, violence_history=clean.violence_history,
            substance_use=clean.substance_use, police_needed=clean.police_needed,
            cssrs=clean.cssrs, risk_level=clean.risk, acuity=clean.acuity, triage=clean.triage,
            incident_number=clean.incident_number, origin_received_at=clean.origin_received_at,
            linked_episode_id=join.id if join is not None else None,
            risk_others=clean.risk_others, others_level=clean.others,
            transferred_to=clean.transferred_to)
        episode = join
        if clean.triage is Triage.MOBILE_DISPATCH:
            if episode is None:
                episode = store.episodes.open(actor, call_id=call.id, person_id=person.id, at=now)
            # No call left behind: the dispatch exists, awaiting a team, before anyone is paged
            # (unless the episode joined already has a team out or awaiting).
            if store.dispatches.active_for_episode(episode.id) is None:
                store.dispatches.create(actor, call_id=call.id, episode_id=episode.id,
                                        region=call.region, members=[], at=now,
                                        status=DispatchStatus.AWAITING)
        handoff = episode is None and hands_off_to_adult_service(
            session.config, clean.transferred_to, clean.risk, clean.others, clean.acuity)
        if handoff:
            episode = book_handoff_check(session, call, now)
        call = store.calls.close(actor, call.id, now)
        if form.draft_id:
            store.recorded_drafts.mark(form.draft_id, call.id)
        store.drafts.discard(actor, DRAFT_FORM)
    today = clean.received_at.astimezone(session.config.zone).date()
    age = age_of(clean.birth_date or person.birth_date,
                 clean.stated_age if clean.stated_age is not None else person.stated_age, today)
    warnings = [w for w in [age_outside_served(session.config, age)] if w]
    if handoff:
        warnings.append(handoff_booked(session.config, episode))
    return IntakeResult(call, person, episode, warnings)


def _episode_to_join(session: Session, form: IntakeForm, clean: CleanIntake) -> Episode | None:
    """The open episode the coordinator chose to add this call to; refuses (``RepeatCall``)
    while the call may repeat one and nobody has chosen."""
    store = session.store
    if form.join_episode_id is not None:
        episode = store.episodes.get(form.join_episode_id)
        if episode.closed_at is not None:
            raise ValidationFailed(f"episode E{episode.id:05d} is closed; record a new episode",
                                   {"repeat": "that episode is closed"})
        return episode
    if form.new_episode:
        return None
    phone = clean.callback.e164 if clean.callback else ""
    candidates = repeat_candidates(store, person_id=clean.person_id, callback_e164=phone,
                                   now=session.now())
    if candidates:
        raise RepeatCall(candidates)
    return None


def _refuse_if_recorded(session: Session, draft_id: str) -> None:
    """A second ctrl+s, from this or any session (or a stale draft brought back), records
    nothing and says which call the intake already became."""
    call_id = session.store.recorded_drafts.call_for(draft_id) if draft_id else None
    if call_id is not None:
        raise AlreadyRecorded(call_ref(call_id))


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


def find_matches(session: Session, *, callback: str = "", name: str = "", limit: int = 6,
                 already_recorded: frozenset[int] = frozenset()) -> list[Match]:
    """Earlier persons matching the callback number (exact, normalised) or the name (prefix).

    Looked up as the name is typed: "Robert" is one search, not five. A look-up is recorded
    when it shows someone this intake has not yet recorded (``already_recorded``), with every
    person it shows."""
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
    if set(ids) - already_recorded:  # names, birth dates and open episodes were shown
        store.audit_log.record_access(session.actor.login, "intake.lookup", "person", "", ids)
    by_person: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_person.setdefault(episode.person_id or 0, []).append(episode)
    return [Match(p, last.get(p.id), by_person.get(p.id, []), found[p.id]) for p in persons]


# -- drafts --------------------------------------------------------------------------------------


def save_draft(session: Session, form: IntakeForm) -> str | None:
    """Keep the unfinished intake. An intake that already became a call is not kept again (a
    session that was frozen on a dead link must not bring it back): returns that call's ref."""
    session.require(Action.TAKE_CALL)
    store = session.store
    with store.atomic():
        call_id = store.recorded_drafts.call_for(form.draft_id) if form.draft_id else None
        if call_id is not None:
            store.drafts.discard(session.actor.login, DRAFT_FORM)
            return call_ref(call_id)
        store.drafts.save(session.actor.login, DRAFT_FORM, form.model_dump(mode="json"))
    return None


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
                      line=Line(session.config.program.usual_line),
                      draft_id=secrets.token_hex(8))
