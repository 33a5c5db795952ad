from __future__ import annotations

import json
from datetime import datetime

from mrss_tui.domain.answers import stored_json
from mrss_tui.domain.episodes import ContactForm
from mrss_tui.domain.enums import RiskLevel, Service
from mrss_tui.domain.models import Contact
from mrss_tui.errors import NotFound
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class Contacts(Repo):
    def add(self, actor: str, episode_id: int, form: ContactForm,
            risk_level: RiskLevel | None, others_level: RiskLevel | None = None) -> Contact:
        values = {
            "episode_id": episode_id, "at": iso(form.at), "mode": form.mode.value,
            "staff_id": form.staff_id, "services": json.dumps([s.value for s in form.services]),
            "minutes": form.minutes, "successful": int(form.successful),
            "cssrs": stored_json(form.cssrs) if form.cssrs else None,
            "risk_level": risk_level.value if risk_level else None,
            "medical": form.medical.model_dump_json() if form.medical else None,
            "note": form.note, "created_by": actor, "created_at": self.s.now(),
            "second_staff_id": form.second_staff_id,
            "assessment": form.assessment.model_dump_json() if form.assessment else None,
            "others_level": others_level.value if others_level else None,
            "risk_others": stored_json(form.risk_others) if form.risk_others else None,
        }
        with self.s.atomic():
            contact_id = self.s.insert("contacts", values)
            # The audit keeps what was done, not what was said: notes stay in the record only.
            self.s.audit(actor, "contact.create", "contact", contact_id, episode_id=episode_id,
                         mode=values["mode"], minutes=form.minutes,
                         services=[s.value for s in form.services],
                         risk_level=values["risk_level"], medical=form.medical is not None,
                         others_level=values["others_level"],
                         outcome=form.outcome.value if form.outcome else None,
                         second_staff_id=form.second_staff_id,
                         assessment=form.assessment is not None)
        return self.get(contact_id)

    def get(self, contact_id: int) -> Contact:
        row = self.s.one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if row is None:
            raise NotFound(f"no contact #{contact_id}")
        return Contact.model_validate(dict(row))

    def for_episode(self, episode_id: int) -> list[Contact]:
        rows = self.s.all("SELECT * FROM contacts WHERE episode_id = ? ORDER BY at, id",
                          (episode_id,))
        return [Contact.model_validate(dict(r)) for r in rows]

    def face_to_face_since(self, episode_id: int, since: datetime) -> bool:
        """Whether a successful face-to-face contact was logged at or after ``since``."""
        return self.s.one(
            "SELECT 1 FROM contacts WHERE episode_id = ? AND mode = 'face_to_face' "
            "AND successful = 1 AND at >= ? LIMIT 1", (episode_id, iso(since))) is not None

    def has_assessment(self, episode_id: int) -> bool:
        """Whether an assessment was already logged (the first one carries the medical screen)."""
        return self.s.one(
            "SELECT 1 FROM contacts, json_each(contacts.services) AS s "
            "WHERE contacts.episode_id = ? AND s.value = ? LIMIT 1",
            (episode_id, Service.ASSESSMENT.value)) is not None


REPOS = {"contacts": Contacts}
