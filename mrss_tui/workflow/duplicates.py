"""Repeat calls: the same child called about again a minute later must not become a second
person, a second episode and a second page to the same team.

Before a call is stored, ``repeat_candidates`` looks for an open episode of the linked person
and for calls from the same callback number in the last ``REPEAT_HOURS`` hours. When there are
any and the coordinator has not chosen, ``record_call`` refuses with ``RepeatCall`` (nothing is
written); the screen offers "add to the open episode" or "new episode" and records again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mrss_tui.domain.records import call_ref
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.db import Store

REPEAT_HOURS = 12


@dataclass(frozen=True)
class RepeatCandidate:
    why: str  # "same person" / "same callback number"
    call_id: int | None  # an earlier call (same number)
    episode_id: int | None  # an open episode it can be added to
    at: datetime

    def describe(self) -> str:
        what = f"open episode E{self.episode_id:05d}" if self.episode_id else ""
        if self.call_id is not None:
            what = f"{call_ref(self.call_id)}" + (f" ({what})" if what else "")
        return f"{what}: {self.why}"


class RepeatCall(ValidationFailed):
    """The call may be about someone already being helped: the coordinator must choose."""

    def __init__(self, candidates: list[RepeatCandidate]) -> None:
        listed = "; ".join(c.describe() for c in candidates[:3])
        super().__init__(f"this may be a repeat call: {listed}",
                         {"repeat": "add to the open episode, or say it is a new episode"})
        self.candidates = candidates

    @property
    def open_episode_id(self) -> int | None:
        return next((c.episode_id for c in self.candidates if c.episode_id), None)


def repeat_candidates(store: Store, *, person_id: int | None, callback_e164: str,
                      now: datetime) -> list[RepeatCandidate]:
    found: list[RepeatCandidate] = []
    seen: set[int] = set()
    if person_id is not None:
        for episode in store.intake_lookup.open_episodes([person_id]):
            seen.add(episode.id)
            found.append(RepeatCandidate("same person", None, episode.id, episode.opened_at))
    if callback_e164:
        for call in store.calls.by_callback_since(callback_e164, now - timedelta(hours=REPEAT_HOURS)):
            episode_id = _open_episode_of(store, call.id, call.person_id)
            if episode_id in seen and episode_id is not None:
                continue
            if episode_id is not None:
                seen.add(episode_id)
            found.append(RepeatCandidate("same callback number", call.id, episode_id,
                                         call.received_at))
    return found


def _open_episode_of(store: Store, call_id: int, person_id: int | None) -> int | None:
    episode_id = store.intake_lookup.episode_of_call(call_id)
    if episode_id is not None and store.episodes.get(episode_id).closed_at is None:
        return episode_id
    if person_id is not None:
        open_now = store.intake_lookup.open_episodes([person_id])
        return open_now[0].id if open_now else None
    return None
