"""Read-only look-ups the intake screen runs while the coordinator types."""

from __future__ import annotations

from mrss_tui.domain.models import Call, Episode, Person
from mrss_tui.store.repos import Repo


class IntakeLookup(Repo):
    def open_episodes(self, person_ids: list[int]) -> list[Episode]:
        if not person_ids:
            return []
        marks = ",".join("?" * len(person_ids))
        rows = self.s.all(
            f"SELECT * FROM episodes WHERE person_id IN ({marks}) AND phase <> 'closed' "
            "ORDER BY opened_at DESC", tuple(person_ids))
        return [Episode.model_validate(dict(r)) for r in rows]

    def last_calls(self, person_ids: list[int]) -> dict[int, Call]:
        """The latest call of each person (index calls_person)."""
        found: dict[int, Call] = {}
        for person_id in person_ids:
            row = self.s.one("SELECT * FROM calls WHERE person_id = ? ORDER BY received_at DESC "
                             "LIMIT 1", (person_id,))
            if row is not None:
                found[person_id] = Call.model_validate(dict(row))
        return found

    def persons(self, ids: list[int]) -> list[Person]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.s.all(f"SELECT * FROM persons WHERE id IN ({marks})", tuple(ids))
        by_id = {r["id"]: Person.model_validate(dict(r)) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def episode_of_call(self, call_id: int) -> int | None:
        """The episode the call opened, or the open episode a repeat call was added to."""
        return self.s.scalar(
            "SELECT coalesce((SELECT id FROM episodes WHERE call_id = ? ORDER BY id LIMIT 1), "
            "(SELECT linked_episode_id FROM calls WHERE id = ?))", (call_id, call_id))


REPOS = {"intake_lookup": IntakeLookup}
