"""Finding an episode by the person's name, a phone number, the episode or the call number.

Names go through persons_fts, the index intake uses for its look-ups; phones through the
persons_phone and calls_callback indexes; numbers through the primary keys. Each finds persons
or calls first (few rows), then their episodes (episodes_person, episodes_call).
"""

from __future__ import annotations

from mrss_tui.domain.episodes import EpisodeRow
from mrss_tui.store.repos import Repo
from mrss_tui.store.repos.episode_views import NEXT_DUE, ON_TEAM_EACH
from mrss_tui.store.repos.persons import fts_prefix_query

SEARCH_LIMIT = 50
_SELECT = (f"SELECT e.id, e.call_id, e.phase, e.opened_at, e.face_to_face_at, e.phase_started_at, "
           f"e.closed_at, e.version, c.town, {NEXT_DUE} AS next_due_at, p.id AS person_id, "
           "coalesce(p.name, '') AS person_name FROM episodes e JOIN calls c ON c.id = e.call_id "
           "LEFT JOIN persons p ON p.id = e.person_id ")


class EpisodeSearch(Repo):
    def find(self, *, episode_id: int | None = None, call_id: int | None = None,
             phone: str = "", name: str = "", staff_id: int | None = None,
             limit: int = SEARCH_LIMIT) -> list[tuple[EpisodeRow, int | None, str]]:
        """Episodes matching one of the keys (newest first) as (row, person id, person name);
        with ``staff_id`` only the episodes that staff member is on."""
        params: dict[str, object] = {"staff": staff_id, "limit": limit}
        if episode_id is not None:
            where, params["id"] = "e.id = :id", episode_id
        elif call_id is not None:
            where, params["id"] = "e.call_id = :id", call_id
        elif phone:
            where, params["phone"] = ("(e.person_id IN (SELECT id FROM persons WHERE phone = :phone "
                                      "AND phone <> '') OR e.call_id IN (SELECT id FROM calls "
                                      "WHERE callback_number = :phone AND callback_number <> ''))",
                                      phone)
        else:
            query = fts_prefix_query(name)
            if query is None:
                return []
            where, params["q"] = ("e.person_id IN (SELECT rowid FROM persons_fts "
                                  "WHERE persons_fts MATCH :q)", query)
        if staff_id is not None:
            where += f" AND {ON_TEAM_EACH}"
        rows = self.s.all(f"{_SELECT} WHERE {where} ORDER BY e.opened_at DESC, e.id DESC "
                          "LIMIT :limit", params)
        found = []
        for row in rows:
            data = dict(row)
            person_id, person_name = data.pop("person_id"), data.pop("person_name")
            found.append((EpisodeRow.model_validate(data), person_id, person_name))
        return found


REPOS = {"episode_search": EpisodeSearch}
