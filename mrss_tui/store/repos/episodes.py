from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import Disposition, Phase
from mrss_tui.domain.models import Episode, PhaseChange
from mrss_tui.errors import NotFound
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class Episodes(Repo):
    def open(self, actor: str, *, call_id: int, person_id: int | None, at: datetime) -> Episode:
        when = iso(at)
        values = {"call_id": call_id, "person_id": person_id, "phase": Phase.CRISIS.value,
                  "opened_at": when, "phase_started_at": when, "created_by": actor,
                  "updated_at": self.s.now()}
        with self.s.atomic():
            episode_id = self.s.insert("episodes", values)
            self.s.insert("episode_phases", {"episode_id": episode_id, "phase": Phase.CRISIS.value,
                                             "started_at": when, "by_login": actor})
            self.s.audit(actor, "episode.open", "episode", episode_id, person_id=person_id,
                         after=values)
        return self.get(episode_id)

    def get(self, episode_id: int) -> Episode:
        row = self.s.one("SELECT * FROM episodes WHERE id = ?", (episode_id,))
        if row is None:
            raise NotFound(f"no episode #{episode_id}")
        return Episode.model_validate(dict(row))

    def change_phase(
        self, actor: str, episode_id: int, *, phase: Phase, at: datetime, expected_version: int | None,
        disposition: Disposition | None = None, reason: str = "",
    ) -> Episode:
        """Move an episode to ``phase`` (closing records the disposition; reopening clears it)."""
        when = iso(at)
        changes: dict[str, object] = {"phase": phase.value, "phase_started_at": when,
                                      "updated_at": self.s.now()}
        if phase is Phase.CLOSED:
            changes.update(closed_at=when, disposition=disposition.value if disposition else None,
                           close_reason=reason)
        else:
            changes.update(closed_at=None, disposition=None, close_reason="")
        with self.s.atomic():
            before = self.s.update_versioned("episodes", episode_id, changes,
                                             expected_version=expected_version)
            self.s.insert("episode_phases", {"episode_id": episode_id, "phase": phase.value,
                                             "started_at": when, "by_login": actor, "note": reason})
            self.s.audit(actor, "episode.phase", "episode", episode_id, person_id=before["person_id"],
                         before={"phase": before["phase"]}, after=changes)
        return self.get(episode_id)

    def record_face_to_face(self, actor: str, episode_id: int, at: datetime) -> Episode:
        """The crisis window runs from the first face-to-face contact; only the first counts."""
        with self.s.atomic():
            before = self.get(episode_id)
            if before.face_to_face_at is not None:
                return before
            self.s.update_versioned("episodes", episode_id,
                                    {"face_to_face_at": iso(at), "updated_at": self.s.now()},
                                    expected_version=None)
            self.s.audit(actor, "episode.face_to_face", "episode", episode_id,
                         person_id=before.person_id, after={"face_to_face_at": iso(at)})
        return self.get(episode_id)

    def record_scene_outcome(self, actor: str, episode_id: int, outcome: str,
                             contact_id: int) -> None:
        """The episode's one on-scene outcome; a later one replaces it, audited with the one
        it replaced (so the episode is counted once, under its latest word)."""
        with self.s.atomic():
            before = self.get(episode_id)
            after = {"scene_outcome": outcome, "scene_outcome_contact_id": contact_id}
            self.s.update_versioned("episodes", episode_id, {**after, "updated_at": self.s.now()},
                                    expected_version=None)
            action = ("episode.scene_outcome" if before.scene_outcome is None
                      else "episode.scene_outcome_replaced")
            self.s.audit(actor, action, "episode", episode_id, person_id=before.person_id,
                         before={"scene_outcome": before.scene_outcome,
                                 "scene_outcome_contact_id": before.scene_outcome_contact_id},
                         after=after)

    def correct_face_to_face(self, actor: str, episode_id: int, *, was: datetime | None,
                             at: datetime) -> None:
        """Follow a corrected arrival time when it is the one the crisis window started from."""
        with self.s.atomic():
            before = self.get(episode_id)
            if before.face_to_face_at is None or before.face_to_face_at != was:
                return
            self.s.update_versioned("episodes", episode_id,
                                    {"face_to_face_at": iso(at), "updated_at": self.s.now()},
                                    expected_version=None)
            self.s.audit(actor, "episode.face_to_face_corrected", "episode", episode_id,
                         person_id=before.person_id,
                         before={"face_to_face_at": iso(was)}, after={"face_to_face_at": iso(at)})

    def phases(self, episode_id: int) -> list[PhaseChange]:
        rows = self.s.all("SELECT * FROM episode_phases WHERE episode_id = ? ORDER BY started_at, id",
                          (episode_id,))
        return [PhaseChange.model_validate(dict(r)) for r in rows]

    def add_team_member(self, actor: str, episode_id: int, staff_id: int) -> None:
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "INSERT OR IGNORE INTO episode_team(episode_id, staff_id, added_at) VALUES (?, ?, ?)",
                (episode_id, staff_id, self.s.now()))
            if cursor.rowcount:
                self.s.audit(actor, "episode.team_add", "episode", episode_id, staff_id=staff_id)

    def team(self, episode_id: int) -> list[int]:
        return [r[0] for r in self.s.all(
            "SELECT staff_id FROM episode_team WHERE episode_id = ? ORDER BY added_at", (episode_id,))]

    def in_phase(self, phase: Phase, limit: int = 50, offset: int = 0) -> list[Episode]:
        rows = self.s.all(
            "SELECT * FROM episodes WHERE phase = ? ORDER BY phase_started_at LIMIT ? OFFSET ?",
            (phase.value, limit, offset))
        return [Episode.model_validate(dict(r)) for r in rows]


REPOS = {"episodes": Episodes}
