"""Law enforcement at a call: one row per call (so a duplicated dispatch never counts twice)."""

from __future__ import annotations

from mrss_tui.domain.assessment import CoResponse
from mrss_tui.store.repos import Repo


class CoResponses(Repo):
    def record(self, actor: str, call_id: int, data: CoResponse) -> CoResponse:
        """Set (or correct) the call's co-response; the audit keeps the one before."""
        values = {"call_id": call_id, "on_scene": int(data.on_scene),
                  "cit_trained": None if data.cit_trained is None else int(data.cit_trained),
                  "agency": data.agency,
                  "requested_by": data.requested_by.value if data.requested_by else "",
                  "recorded_by": actor, "recorded_at": self.s.now()}
        with self.s.atomic():
            before = self.get(call_id)
            self.s.conn.execute(
                "INSERT INTO le_coresponse(call_id, on_scene, cit_trained, agency, requested_by, "
                "recorded_by, recorded_at) VALUES (:call_id, :on_scene, :cit_trained, :agency, "
                ":requested_by, :recorded_by, :recorded_at) ON CONFLICT(call_id) DO UPDATE SET "
                "on_scene = excluded.on_scene, cit_trained = excluded.cit_trained, "
                "agency = excluded.agency, requested_by = excluded.requested_by, "
                "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at", values)
            self.s.audit(actor, "call.coresponse", "call", call_id,
                         before=before.model_dump(mode="json") if before else None,
                         after=data.model_dump(mode="json"))
        return data

    def get(self, call_id: int) -> CoResponse | None:
        row = self.s.one("SELECT * FROM le_coresponse WHERE call_id = ?", (call_id,))
        if row is None:
            return None
        return CoResponse(on_scene=bool(row["on_scene"]),
                          cit_trained=None if row["cit_trained"] is None else bool(row["cit_trained"]),
                          agency=row["agency"], requested_by=row["requested_by"] or None)


REPOS = {"coresponse": CoResponses}
