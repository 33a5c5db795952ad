"""What was typed at intake, as every later view shows it: who called and how to call back,
the person's age band and age, the 911 incident number, where, what is happening, and the
dispatch essentials (weapons, hazards, violence, substances, police).

Computed once here from the stored call and person; the episode screen and the dispatch view
render it through widgets/call_facts.py, the episode print through ``call_facts_lines``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.ages import age_on
from mrss_tui.domain.enums import AgeBand, Line, label
from mrss_tui.domain.models import Call, Person
from mrss_tui.domain.phones import shown_number


def person_age(person: Person | None, received_at: datetime, zone: ZoneInfo) -> int | None:
    """The person's age on the day of the call: the birth date wins over a stated age."""
    if person is None:
        return None
    if person.birth_date is not None:
        return age_on(person.birth_date, received_at.astimezone(zone).date())
    return person.stated_age


class CallFacts(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    line: Line
    callback: str = ""
    callback_valid: bool = False
    caller_name: str = ""
    caller_relation: str = ""
    person_name: str = ""
    age: int | None = None
    age_band: AgeBand = AgeBand.UNKNOWN
    incident_number: str = ""
    address: str = ""
    town: str = ""
    county: str = ""
    situation: str = ""
    weapons: bool | None = None
    hazards: str = ""
    violence_history: bool | None = None
    substance_use: bool | None = None
    police_needed: bool | None = None


def call_facts(call: Call, person: Person | None, zone: ZoneInfo) -> CallFacts:
    return CallFacts(
        line=call.line, callback=call.callback_number, callback_valid=call.callback_valid,
        caller_name=call.caller_name, caller_relation=call.caller_relation,
        person_name=person.name if person else "", age=person_age(person, call.received_at, zone),
        age_band=call.age_band, incident_number=call.incident_number, address=call.address,
        town=call.town, county=call.county, situation=call.situation, weapons=call.weapons,
        hazards=call.hazards, violence_history=call.violence_history,
        substance_use=call.substance_use, police_needed=call.police_needed)


def yes_no(value: bool | None) -> str:
    """Never blank: a question nobody answered reads 'unknown'."""
    return "unknown" if value is None else ("YES" if value else "no")


def call_facts_lines(facts: CallFacts) -> list[tuple[str, str]]:
    """(label, text) pairs in the order a team reads them: call back first (the call may
    drop), then who, then where and what, then what to be ready for."""
    caller = facts.caller_name or "name not given"
    if facts.caller_relation:
        caller += f" ({facts.caller_relation})"
    callback = shown_number(facts.callback) or "none given"
    if facts.callback and not facts.callback_valid:
        callback += " (not a valid number)"
    age = f"age {facts.age}" if facts.age is not None else "age not known"
    band = label(facts.age_band) if facts.age_band is not AgeBand.UNKNOWN else "band not known"
    place = ", ".join(p for p in (facts.address, facts.town) if p) or "not given"
    if facts.county:
        place += f" ({facts.county} County)"
    line = label(facts.line)
    if facts.incident_number or facts.line is Line.L911:
        line += f" · 911 incident # {facts.incident_number or 'none recorded'}"
    return [
        ("Call back", callback),
        ("Caller", caller),
        ("Person", f"{facts.person_name or '(unnamed)'} · {age} · {band}"),
        ("Line", line),
        ("Where", place),
        ("Situation", facts.situation or "-"),
        ("Essentials", f"weapons {yes_no(facts.weapons)} · hazards/dogs "
                       f"{facts.hazards or 'none known'} · violence history "
                       f"{yes_no(facts.violence_history)} · substance use "
                       f"{yes_no(facts.substance_use)} · police needed "
                       f"{yes_no(facts.police_needed)}"),
    ]
