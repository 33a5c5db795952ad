"""Pure rules of paging: team requirements, page text, retry timing.

No I/O and no clock reads: every time is an argument.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.call_facts import yes_no as _yes_no
from mrss_tui.domain.deadlines import is_past
from mrss_tui.domain.enums import Acuity, Role, ShiftSlot, label
from mrss_tui.domain.risk_summary import RiskSummary, risk_words
from mrss_tui.domain.models import Page
from mrss_tui.domain.records import call_ref, OnCall, Staff
from mrss_tui.domain.plain_text import one_line, strip_controls
from mrss_tui.domain.phones import shown_number
from mrss_tui.domain.page_fields import DEFAULT_PAGE_FIELDS, PAGE_FIELDS


def team_gaps(required_team: list[list[Role]], members: list[Staff]) -> list[str]:
    """What the profile requires that the chosen team lacks, as words ('a clinician')."""
    roles = {m.role for m in members}
    gaps = []
    for group in required_team:
        if not roles.intersection(group):
            gaps.append(" or ".join(label(r).lower() for r in group))
    return gaps


def proposed_members(on_call: list[OnCall], busy: set[int]) -> list[int]:
    """Who Page team ticks: the free primaries, and for each busy primary a free backup on
    call (one of the same role when there is one), so a busy team never leaves the coordinator
    to find the backup by hand."""
    primaries = [o for o in on_call if o.slot is ShiftSlot.PRIMARY]
    proposed = [o.staff.id for o in primaries if o.staff.id not in busy]
    backups = [o.staff for o in on_call if o.slot is ShiftSlot.BACKUP and o.staff.id not in busy
               and o.staff.id not in proposed]
    for missing in (o.staff for o in primaries if o.staff.id in busy):
        pick = next((b for b in backups if b.role is missing.role), backups[0] if backups else None)
        if pick is not None:
            proposed.append(pick.id)
            backups.remove(pick)
    return proposed


def role_and_credentials(role: Role, credentials: str) -> str:
    """'Clinician LCSW'; a credential that only repeats the role is not said twice
    ('Paramedic', not 'Paramedic Paramedic')."""
    words = label(role)
    if credentials.strip() and credentials.strip().casefold() != words.casefold():
        words += f" {credentials.strip()}"
    return words


class PageFacts(BaseModel):
    """What the team needs to go: dispatch essentials, location, acuity, call reference, and
    the risk summary in words (to self and to others, when assessed). Never screening answers or diagnosis; which of the rest a
    page carries is ``paging.page_fields`` (a page travels through SMS gateways and mail
    servers: minimum necessary)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    call_id: int
    acuity: Acuity | None
    received_at: datetime
    address: str = ""
    town: str = ""
    county: str = ""
    first_name: str = ""
    age: int | None = None
    callback: str = ""
    situation: str = ""
    weapons: bool | None = None
    hazards: str = ""
    violence_history: bool | None = None
    substance_use: bool | None = None
    police_needed: bool | None = None
    cit_police: bool = False
    le_coresponse: bool = False
    risk: RiskSummary | None = None
    team_safety: str = ""  # from the risk-to-others screen (risk_others.page_safety_line)


SITUATION_LIMIT = 160


def page_title(facts: PageFacts) -> str:
    acuity = label(facts.acuity).upper() if facts.acuity else "MOBILE"
    return strip_controls(
        f"{acuity} mobile response {call_ref(facts.call_id)} - {facts.town or 'town unknown'}")


def _field_lines(facts: PageFacts, zone: ZoneInfo) -> dict[str, str]:
    person = facts.first_name or "name unknown"
    if facts.age is not None:
        person += f", {facts.age}"
    place = ", ".join(p for p in (facts.address, facts.town) if p)
    if facts.county:
        place += f" ({facts.county} County)"
    police = _yes_no(facts.police_needed)
    if facts.police_needed:
        police += "; CIT officers in town" if facts.cit_police else "; no CIT officers in town"
    if facts.le_coresponse:
        police += "; co-response arranged"
    situation = facts.situation.strip().replace("\n", " ")
    if len(situation) > SITUATION_LIMIT:
        situation = situation[: SITUATION_LIMIT - 1] + "…"
    return {
        "risk": risk_words(facts.risk, zone),
        "where": f"Where: {place or 'unknown'}",
        "person": f"Person: {person}",
        "callback": f"Callback: {shown_number(facts.callback) or 'none'}",
        "weapons": f"Weapons: {_yes_no(facts.weapons)}; dogs/hazards: "
                   f"{facts.hazards or 'none known'}",
        "violence": f"Violence history: {_yes_no(facts.violence_history)}",
        "substance": f"Substance use: {_yes_no(facts.substance_use)}",
        "police": f"Police coordination: {police}",
        "team_safety": facts.team_safety,
        "situation": f"Situation: {situation}" if situation else "",
    }


def page_body(facts: PageFacts, zone: ZoneInfo,
              fields: tuple[str, ...] | list[str] = DEFAULT_PAGE_FIELDS) -> str:
    """The page text: the title, the call time, then one configured fact per line so it reads
    on a phone's lock screen. Control characters never reach a page."""
    lines = [page_title(facts),
             f"Call at {facts.received_at.astimezone(zone):%H:%M} - reply/ack in mrss"]
    by_field = _field_lines(facts, zone)
    lines += [by_field[f] for f in PAGE_FIELDS if f in fields and by_field[f]]
    return "\n".join(one_line(strip_controls(line)) for line in lines)  # one fact, one line


def page_key(page_id: int) -> str:
    """The stable id a receiver sees on every send of one page (to drop repeats)."""
    return f"mrss-page-{page_id}"


def with_page_key(body: str, page_id: int) -> str:
    return f"{body}\nPage id: {page_key(page_id)}"


def retry_at(attempts: int, now: datetime, base_seconds: int) -> datetime:
    """When to try again after ``attempts`` failed tries: base, 2x base, 4x base..."""
    return now + timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0))


def ack_deadline(paged_at: datetime, ack_timeout_minutes: int) -> datetime:
    return paged_at + timedelta(minutes=ack_timeout_minutes)


def needs_escalation(paged_at: datetime, acknowledged_at: datetime | None, now: datetime,
                     ack_timeout_minutes: int) -> bool:
    """Unacknowledged strictly past the timeout (an ack at the exact minute is in time)."""
    return acknowledged_at is None and is_past(ack_deadline(paged_at, ack_timeout_minutes), now)


class PageToSend(BaseModel):
    """A claimed outbox row with the address to send it to."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    page: Page
    url: str
    title: str
    name: str = ""  # who the page is for (alerts name them)
