"""Read models of episode work: the timeline, lists by phase, a field worker's caseload."""

from __future__ import annotations

import json
from datetime import datetime

from mrss_tui.domain.enums import Phase, label
from mrss_tui.domain.episodes import CaseloadFollowup, EpisodeRow, TimelineEntry
from mrss_tui.domain.timeline_text import contact_text, followup_what
from mrss_tui.domain.records import call_ref
from mrss_tui.domain.times import iso
from mrss_tui.store.repos import Repo
from mrss_tui.store.risk_columns import risk_columns_sql

F_PENDING = "f.done_at IS NULL AND f.cancelled_at IS NULL"  # followups.PENDING, aliased
NEXT_DUE = f"(SELECT min(f.due_at) FROM followups f WHERE f.episode_id = e.id AND {F_PENDING})"
# Test membership per episode by the team's primary key, instead of listing every episode a
# long-serving staff member was ever on (tens of thousands at ten years).
ON_TEAM_EACH = ("EXISTS (SELECT 1 FROM episode_team t WHERE t.episode_id = e.id "
                "AND t.staff_id = :staff)")
OPEN_PHASE = "e.phase <> 'closed'"  # the condition of the partial index episodes_open
COUNT_CAP = 1000  # closed episodes are counted up to this (and one more: "more than 1000")
DISPATCH_TIMES = [("paged_at", "Team paged"), ("acknowledged_at", "Page acknowledged"),
                  ("en_route_at", "Team en route"), ("arrived_at", "Team arrived"),
                  ("cleared_at", "Team cleared"), ("escalated_at", "Page escalated to backup"),
                  ("cancelled_at", "Dispatch cancelled")]
AUDIT_COLUMN = {"dispatch.acknowledged": "acknowledged_at", "dispatch.en_route": "en_route_at",
                "dispatch.arrived": "arrived_at", "dispatch.cleared": "cleared_at",
                "dispatch.escalate": "escalated_at", "dispatch.cancelled": "cancelled_at"}


class EpisodeViews(Repo):
    def is_on_team(self, episode_id: int, staff_id: int | None) -> bool:
        return staff_id is not None and self.s.one(
            "SELECT 1 FROM episode_team WHERE episode_id = ? AND staff_id = ?",
            (episode_id, staff_id)) is not None

    def is_on_call_team(self, call_id: int, staff_id: int | None) -> bool:
        """On a team sent for the call, or on the team of its episode (or the episode it joined)."""
        return staff_id is not None and self.s.one(
            "SELECT 1 FROM dispatch_members m JOIN dispatches d ON d.id = m.dispatch_id "
            "WHERE d.call_id = :call AND m.staff_id = :staff "
            "UNION ALL SELECT 1 FROM episode_team t JOIN episodes e ON e.id = t.episode_id "
            "WHERE e.call_id = :call AND t.staff_id = :staff "
            "UNION ALL SELECT 1 FROM episode_team t JOIN calls c ON c.linked_episode_id = "
            "t.episode_id WHERE c.id = :call AND t.staff_id = :staff LIMIT 1",
            {"call": call_id, "staff": staff_id}) is not None

    def team_roles(self, episode_id: int) -> set[str]:
        return {r[0] for r in self.s.all(
            "SELECT st.role FROM episode_team t JOIN staff st ON st.id = t.staff_id "
            "WHERE t.episode_id = ?", (episode_id,))}

    # -- lists ---------------------------------------------------------------------------------
    def by_phase(self, phase: Phase, *, staff_id: int | None, limit: int,
                 after: tuple[datetime, int] | None = None) -> tuple[list[EpisodeRow], int]:
        """One page of episodes in ``phase`` (newest phase first) and how many there are;
        with ``staff_id`` only the episodes that staff member is on. ``after`` is the
        (phase_started_at, id) of the last row already shown: pages follow it by key, so the
        last page of ten years costs what the first does (OFFSET would walk every row before)."""
        where = "e.phase = :phase" + (f" AND {ON_TEAM_EACH}" if staff_id is not None else "")
        params = {"phase": phase.value, "staff": staff_id, "limit": limit,
                  "after_at": iso(after[0]) if after else None, "after_id": after[1] if after else None}
        since = " AND (e.phase_started_at, e.id) < (:after_at, :after_id)" if after else ""
        rows = self.s.all(
            f"SELECT e.id, e.call_id, e.phase, e.opened_at, e.face_to_face_at, e.phase_started_at, "
            f"e.closed_at, e.version, c.town, {NEXT_DUE} AS next_due_at FROM episodes e "
            f"JOIN calls c ON c.id = e.call_id WHERE {where}{since} "
            "ORDER BY e.phase_started_at DESC, e.id DESC LIMIT :limit", params)
        return [EpisodeRow.model_validate(dict(r)) for r in rows], self._count(phase, staff_id)

    def _count(self, phase: Phase, staff_id: int | None) -> int:
        """How many episodes the list holds; closed ones only up to COUNT_CAP + 1 (ten years
        hold ~170k: counting them all costs more than the page itself, and says little)."""
        where = "e.phase = :phase" + (f" AND {ON_TEAM_EACH}" if staff_id is not None else "")
        params = {"phase": phase.value, "staff": staff_id}
        if phase is not Phase.CLOSED:  # open episodes: a few hundred at most
            return int(self.s.scalar(f"SELECT count(*) FROM episodes e WHERE {where}", params))
        if staff_id is not None:  # from the staff member's own team rows, not every episode
            return int(self.s.scalar(
                "SELECT count(*) FROM (SELECT 1 FROM episode_team t JOIN episodes e "
                "ON e.id = t.episode_id WHERE t.staff_id = :staff AND e.phase = :phase "
                f"LIMIT {COUNT_CAP + 1})", params))
        return int(self.s.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM episodes e WHERE {where} "
            f"LIMIT {COUNT_CAP + 1})", params))

    def caseload(self, staff_id: int, limit: int = 200) -> tuple[list[EpisodeRow],
                                                                 list[CaseloadFollowup]]:
        """A field worker's open episodes and their follow-ups still to do, soonest first."""
        params = {"staff": staff_id, "limit": limit}
        episodes = self.s.all(
            f"SELECT e.id, e.call_id, e.phase, e.opened_at, e.face_to_face_at, e.phase_started_at, "
            f"e.closed_at, e.version, c.town, {NEXT_DUE} AS next_due_at, "
            f"{risk_columns_sql('c', 'e.id')} FROM episodes e "
            f"JOIN calls c ON c.id = e.call_id WHERE {OPEN_PHASE} AND {ON_TEAM_EACH} "
            "ORDER BY next_due_at IS NULL, next_due_at, e.id LIMIT :limit", params)
        followups = self.s.all(
            "SELECT f.id, f.episode_id, f.kind, f.due_at, f.note, c.town, e.phase "
            "FROM followups f INDEXED BY followups_pending "
            "JOIN episodes e ON e.id = f.episode_id JOIN calls c ON c.id = e.call_id "
            f"WHERE {F_PENDING} AND {OPEN_PHASE} "
            f"AND {ON_TEAM_EACH} ORDER BY f.due_at, f.id LIMIT :limit", params)
        return ([EpisodeRow.model_validate(dict(r)) for r in episodes],
                [CaseloadFollowup.model_validate(dict(r)) for r in followups])

    # -- the timeline ------------------------------------------------------------------------------
    def timeline(self, episode_id: int) -> list[TimelineEntry]:
        """Everything dated in the episode, oldest first, each with who."""
        entries: list[TimelineEntry] = []
        with self.s.read_snapshot():
            episode = self.s.one("SELECT call_id FROM episodes WHERE id = ?", (episode_id,))
            if episode is None:
                return []
            entries += self._call(episode["call_id"])
            entries += self._coresponse(episode["call_id"])
            entries += self._dispatches(episode_id, episode["call_id"])
            entries += self._phases(episode_id)
            entries += self._team(episode_id)
            entries += self._contacts(episode_id)
            entries += self._followups(episode_id)
            entries += self._safety_plans(episode_id)
            entries += self._referrals(episode_id)
        return sorted(entries, key=lambda e: e.at)

    def _call(self, call_id: int) -> list[TimelineEntry]:
        row = self.s.one("SELECT received_at, line, taken_by FROM calls WHERE id = ?", (call_id,))
        return [TimelineEntry(at=row["received_at"], kind="call", by=row["taken_by"],
                              text=f"Call {call_ref(call_id)} received ({label(row['line'])})")]

    def _coresponse(self, call_id: int) -> list[TimelineEntry]:
        row = self.s.one("SELECT * FROM le_coresponse WHERE call_id = ?", (call_id,))
        if row is None:
            return []
        if not row["on_scene"]:
            text = "Law enforcement: not on scene"
        else:
            cit = {1: "CIT-trained", 0: "not CIT-trained"}.get(row["cit_trained"], "CIT unknown")
            text = (f"Law enforcement on scene ({cit}; {row['agency'] or 'agency not given'}; "
                    f"requested by {label(row['requested_by']).lower() or '-'})")
        return [TimelineEntry(at=row["recorded_at"], kind="coresponse", by=row["recorded_by"],
                              text=text)]

    def _dispatches(self, episode_id: int, call_id: int) -> list[TimelineEntry]:
        rows = self.s.all(
            "SELECT d.*, (SELECT group_concat(st.name, ', ') FROM dispatch_members m "
            "JOIN staff st ON st.id = m.staff_id WHERE m.dispatch_id = d.id) AS team "
            "FROM dispatches d WHERE d.episode_id = ? OR d.call_id = ?", (episode_id, call_id))
        entries = []
        for row in rows:
            recorders = self._dispatch_recorders(row["id"])
            for column, text in DISPATCH_TIMES:
                if row[column]:
                    # Credit who recorded the step (the audit's actor), not the team paged.
                    by = row["created_by"] if column == "paged_at" else recorders.get(column, "")
                    suffix = f" ({row['team']})" if column == "paged_at" and row["team"] else ""
                    entries.append(TimelineEntry(at=row[column], kind="dispatch", by=by,
                                                 text=text + suffix))
        return entries

    def _dispatch_recorders(self, dispatch_id: int) -> dict[str, str]:
        """Dispatch time column -> the login that recorded it (from the audit of each step)."""
        found: dict[str, str] = {}
        for row in self.s.all("SELECT actor, action FROM audit WHERE entity = 'dispatch' "
                              "AND entity_id = ? AND action LIKE 'dispatch.%' ORDER BY id",
                              (str(dispatch_id),)):
            column = AUDIT_COLUMN.get(row["action"])
            if column:
                found.setdefault(column, row["actor"])
        return found

    def _phases(self, episode_id: int) -> list[TimelineEntry]:
        rows = self.s.all("SELECT * FROM episode_phases WHERE episode_id = ? ORDER BY id",
                          (episode_id,))
        dispositions = self._dispositions(episode_id)
        entries, previous = [], None
        for row in rows:
            if row["phase"] == Phase.CLOSED.value:
                disposition = dispositions.get(row["started_at"])
                text = "Closed" + (f": {label(disposition)}" if disposition else "")
            elif previous == Phase.CLOSED.value:
                text = f"Reopened into {row['phase']}"
            else:
                text = "Crisis phase began" if row["phase"] == "crisis" else "Stabilization began"
            if row["note"]:
                text += f" - {row['note']}"
            entries.append(TimelineEntry(at=row["started_at"], kind="phase", by=row["by_login"],
                                         text=text))
            previous = row["phase"]
        return entries

    def _dispositions(self, episode_id: int) -> dict[str, str]:
        """Closing time -> disposition, for every close (a reopening clears the episode's own
        disposition, so earlier ones come from the audit of each phase change)."""
        found = {}
        for row in self.s.all("SELECT detail FROM audit WHERE entity = 'episode' AND entity_id = ? "
                              "AND action = 'episode.phase'", (str(episode_id),)):
            after = json.loads(row["detail"]).get("after", {})
            if after.get("closed_at") and after.get("disposition"):
                found[after["closed_at"]] = after["disposition"]
        current = self.s.one("SELECT closed_at, disposition FROM episodes WHERE id = ?", (episode_id,))
        if current["closed_at"] and current["disposition"]:
            found[current["closed_at"]] = current["disposition"]
        return found

    def _team(self, episode_id: int) -> list[TimelineEntry]:
        rows = self.s.all("SELECT t.staff_id, t.added_at, st.name, st.role FROM episode_team t "
                          "JOIN staff st ON st.id = t.staff_id WHERE t.episode_id = ?", (episode_id,))
        added_by = {json.loads(r["detail"]).get("staff_id"): r["actor"] for r in self.s.all(
            "SELECT actor, detail FROM audit WHERE entity = 'episode' AND entity_id = ? "
            "AND action = 'episode.team_add'", (str(episode_id),))}
        return [TimelineEntry(at=r["added_at"], kind="team", by=added_by.get(r["staff_id"], ""),
                              text=f"{r['name']} ({label(r['role'])}) joined the team") for r in rows]

    def _contacts(self, episode_id: int) -> list[TimelineEntry]:
        """Each contact with who delivered it, its note and its assessments; credited to the
        login that recorded it."""
        # The episode's on-scene outcome shows on the contact that recorded it.
        rows = self.s.all("SELECT c.*, st.name AS staff_name, s2.name AS second_name, "
                          "CASE WHEN e.scene_outcome_contact_id = c.id THEN e.scene_outcome END "
                          "AS outcome FROM contacts c JOIN episodes e ON e.id = c.episode_id "
                          "LEFT JOIN staff st ON st.id = c.staff_id "
                          "LEFT JOIN staff s2 ON s2.id = c.second_staff_id "
                          "WHERE c.episode_id = ?", (episode_id,))
        return [TimelineEntry(at=r["at"], kind="contact", by=r["created_by"],
                              text=contact_text(dict(r))) for r in rows]

    def _followups(self, episode_id: int) -> list[TimelineEntry]:
        """A follow-up still to do at its due time (planned by whom); a done or cancelled one
        only when it was done or cancelled (it is no longer due)."""
        rows = self.s.all("SELECT * FROM followups WHERE episode_id = ?", (episode_id,))
        entries = []
        for r in rows:
            what = followup_what(r["kind"], r["note"])
            if r["window_reason"]:
                what += f" (after the window: {r['window_reason']})"
            if not r["done_at"] and not r["cancelled_at"]:
                entries.append(TimelineEntry(at=r["due_at"], kind="followup", by=r["created_by"],
                                             text=f"Follow-up due: {what}"))
            elif r["done_at"]:
                entries.append(TimelineEntry(at=r["done_at"], kind="followup", by=r["done_by"] or "",
                                             text=f"Follow-up done: {what}"))
            elif r["cancelled_at"]:
                entries.append(TimelineEntry(at=r["cancelled_at"], kind="followup", by="",
                                             text=f"Follow-up cancelled at closing: {what}"))
        return entries

    def _safety_plans(self, episode_id: int) -> list[TimelineEntry]:
        rows = self.s.all("SELECT version_no, created_by, created_at FROM safety_plans "
                          "WHERE episode_id = ?", (episode_id,))
        return [TimelineEntry(at=r["created_at"], kind="safety_plan", by=r["created_by"],
                              text=f"Safety plan version {r['version_no']} saved") for r in rows]

    def _referrals(self, episode_id: int) -> list[TimelineEntry]:
        rows = self.s.all(
            "SELECT ev.at, ev.by_login, ev.status, coalesce(sv.name, r.category) AS what "
            "FROM referral_events ev JOIN referrals r ON r.id = ev.referral_id "
            "LEFT JOIN services sv ON sv.id = r.service_id WHERE r.episode_id = ?", (episode_id,))
        return [TimelineEntry(at=r["at"], kind="referral", by=r["by_login"],
                              text=f"Referral {label(r['status'])}: {r['what'] or 'resource'}")
                for r in rows]


REPOS = {"episode_views": EpisodeViews}
