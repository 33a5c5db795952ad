from __future__ import annotations

from datetime import datetime
from typing import Any

from mrss_tui.domain.answers import stored_json
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import CallStatus
from mrss_tui.domain.models import Call
from mrss_tui.domain.risk_others import RiskOthersAnswers
from mrss_tui.errors import NotFound
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo

CALL_FIELDS = (
    "received_at", "line", "callback_number", "callback_valid", "caller_name", "caller_relation",
    "person_id", "age_band", "address", "town", "county", "region", "situation", "weapons",
    "hazards", "violence_history", "substance_use", "police_needed", "cssrs", "risk_level",
    "acuity", "triage", "incident_number", "status", "closed_at", "origin_received_at",
    "linked_episode_id", "risk_others", "others_level", "transferred_to",
)


def _to_db(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in CALL_FIELDS:
            raise ValueError(f"not a call field: {key}")
        if isinstance(value, datetime):
            value = iso(value)
        elif isinstance(value, (CssrsAnswers, RiskOthersAnswers)):  # screener answers
            value = stored_json(value)
        elif isinstance(value, bool):
            value = int(value)
        elif hasattr(value, "value"):
            value = value.value
        out[key] = value
    return out


class Calls(Repo):
    def create(self, actor: str, **values: Any) -> Call:
        data = _to_db(values)
        now = self.s.now()
        data.update(taken_by=actor, created_at=now, updated_at=now)
        data.setdefault("received_at", now)
        with self.s.atomic():
            call_id = self.s.insert("calls", data)
            self.s.audit(actor, "call.create", "call", call_id, person_id=data.get("person_id"),
                         after=data)
        return self.get(call_id)

    def get(self, call_id: int) -> Call:
        row = self.s.one("SELECT * FROM calls WHERE id = ?", (call_id,))
        if row is None:
            raise NotFound(f"no call #{call_id}")
        return Call.model_validate(dict(row))

    def update(self, actor: str, call_id: int, *, expected_version: int | None, **changes: Any) -> Call:
        values = _to_db(changes)
        values["updated_at"] = self.s.now()
        with self.s.atomic():
            before = self.s.update_versioned("calls", call_id, values, expected_version=expected_version)
            self.s.audit(actor, "call.update", "call", call_id, person_id=before["person_id"],
                         before={k: before[k] for k in changes}, after=values)
        return self.get(call_id)

    def close(self, actor: str, call_id: int, at: datetime) -> Call:
        return self.update(actor, call_id, expected_version=None,
                           status=CallStatus.CLOSED, closed_at=at)

    def for_person(self, person_id: int, limit: int = 10) -> list[Call]:
        rows = self.s.all("SELECT * FROM calls WHERE person_id = ? ORDER BY received_at DESC LIMIT ?",
                          (person_id, limit))
        return [Call.model_validate(dict(r)) for r in rows]

    def by_callback_since(self, e164: str, since: datetime, limit: int = 10) -> list[Call]:
        """Calls from this number received at or after ``since`` (index calls_callback)."""
        rows = self.s.all(
            "SELECT * FROM calls WHERE callback_number = ? AND received_at >= ? "
            "ORDER BY received_at DESC LIMIT ?", (e164, iso(since), limit))
        return [Call.model_validate(dict(r)) for r in rows]

    def by_callback(self, e164: str, limit: int = 10) -> list[Call]:
        if not e164:
            return []
        # "<> ''" repeats the partial index's condition: without it SQLite may not use it.
        rows = self.s.all(
            "SELECT * FROM calls WHERE callback_number = ? AND callback_number <> '' "
            "ORDER BY received_at DESC LIMIT ?", (e164, limit))
        return [Call.model_validate(dict(r)) for r in rows]

    def count(self) -> int:
        return int(self.s.scalar("SELECT count(*) FROM calls"))


REPOS = {"calls": Calls}
