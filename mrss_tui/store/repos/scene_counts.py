"""Report counts about face-to-face responses: outcomes, law enforcement per call, risk to
others. Categories and counts only, like store/repos/reports.py."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.scene_tallies import SceneTallies
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo

CALLS_IN_WEEK = "SELECT id FROM calls WHERE received_at >= :start AND received_at < :end"


class SceneCounts(Repo):
    def week(self, start: datetime, end: datetime) -> SceneTallies:
        span = {"start": iso(start), "end": iso(end)}
        with self.s.read_snapshot():
            return SceneTallies(
                # The same episodes as the care section's face-to-face responses (dated by
                # their first face-to-face time), each once under its one recorded outcome;
                # the report counts the rest of them as "Not recorded" (reports/scene.py).
                by_outcome=self._grouped(
                    "SELECT scene_outcome, count(*) FROM episodes "
                    "WHERE face_to_face_at >= :start AND face_to_face_at < :end "
                    "AND scene_outcome IS NOT NULL GROUP BY scene_outcome", span),
                le_on_scene_calls=self.s.scalar(
                    f"SELECT count(*) FROM le_coresponse WHERE on_scene = 1 "
                    f"AND call_id IN ({CALLS_IN_WEEK})", span),
                le_cit_calls=self.s.scalar(
                    f"SELECT count(*) FROM le_coresponse WHERE on_scene = 1 AND cit_trained = 1 "
                    f"AND call_id IN ({CALLS_IN_WEEK})", span),
                le_requested_by=self._grouped(
                    f"SELECT requested_by, count(*) FROM le_coresponse WHERE on_scene = 1 "
                    f"AND call_id IN ({CALLS_IN_WEEK}) GROUP BY requested_by", span),
                by_others_level=self._grouped(
                    "SELECT others_level, count(*) FROM calls WHERE others_level IS NOT NULL "
                    "AND received_at >= :start AND received_at < :end GROUP BY others_level",
                    span),
            )

    def _grouped(self, sql: str, params: dict[str, str]) -> dict[str, int]:
        return {(key or "unknown"): n for key, n in self.s.all(sql, params)}


REPOS = {"scene_counts": SceneCounts}
