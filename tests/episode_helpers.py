"""Building episodes for tests through the store and workflow (no raw SQL)."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import ContactMode, Line, Service
from mrss_tui.domain.models import Episode
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.episodes import log_contact


def open_episode(session: Session, *, received: datetime, team: list[Session] = (),
                 town: str = "Burns", region: str = "Harney") -> Episode:
    store = session.store
    person = store.persons.create(session.actor.login, name="Test Youth", town=town)
    call = store.calls.create(session.actor.login, received_at=received, line=Line.L988,
                              person_id=person.id, town=town, region=region)
    episode = store.episodes.open(session.actor.login, call_id=call.id, person_id=person.id,
                                  at=received)
    for member in team:
        store.episodes.add_team_member(session.actor.login, episode.id, member.actor.staff_id)
    return episode


def face_to_face(session: Session, episode_id: int, at: datetime, staff: Session | None = None,
                 **extra) -> None:
    staff_id = (staff or session).actor.staff_id
    log_contact(session, episode_id, {"at": at, "mode": ContactMode.FACE_TO_FACE,
                                      "staff_id": staff_id, "services": [Service.ASSESSMENT],
                                      "minutes": 60, "outcome": "stabilized_in_place", **extra})

