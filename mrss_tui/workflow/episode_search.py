"""Search episodes by person name, phone, episode number (E00144) or call number (C000312)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mrss_tui.domain.episodes import EpisodeRow
from mrss_tui.domain.phones import check_phone
from mrss_tui.workflow.context import Session, sees_all
from mrss_tui.workflow.permissions import Action

EPISODE_RE = re.compile(r"^[Ee]\s*0*(\d{1,9})$")
CALL_RE = re.compile(r"^[Cc]\s*0*(\d{1,9})$")
PHONE_RE = re.compile(r"^[\d\s()+.-]{7,}$")


@dataclass(frozen=True)
class EpisodeHit:
    row: EpisodeRow
    person_name: str


def describe_query(text: str) -> str:
    """What the search will look for, in words (shown above the results)."""
    text = text.strip()
    if EPISODE_RE.match(text):
        return "episode number"
    if CALL_RE.match(text):
        return "call number"
    if PHONE_RE.match(text):
        return "phone number"
    return "name"


def search_episodes(session: Session, text: str, *, record: bool = True) -> list[EpisodeHit]:
    """Matching episodes the actor may see, newest first. Recorded in the audit log with the
    persons it revealed: one row per search (``record``: a screen's refresh of the search it
    shows is not a new search)."""
    session.require(Action.VIEW_OWN_EPISODES)
    text = text.strip()
    staff_id = None if sees_all(session) else (session.actor.staff_id or -1)
    kind = describe_query(text)
    search = session.store.episode_search
    if kind == "episode number":
        found = search.find(episode_id=int(EPISODE_RE.match(text)[1]), staff_id=staff_id)
    elif kind == "call number":
        found = search.find(call_id=int(CALL_RE.match(text)[1]), staff_id=staff_id)
    elif kind == "phone number":
        phone = check_phone(text)
        found = search.find(phone=phone.e164, staff_id=staff_id) if phone.e164 else []
    elif len(text) >= 2:
        found = search.find(name=text, staff_id=staff_id)
    else:
        found = []
    persons = sorted({person for _row, person, _name in found if person is not None})
    if record:  # the kind of search and what it revealed, never the words typed
        session.store.audit_log.record_access(session.actor.login, "episode.search", "episode",
                                              "", persons, search_kind=kind, hits=len(found))
    return [EpisodeHit(row, name) for row, _person, name in found]
