from __future__ import annotations

import re
from datetime import date

from mrss_tui.domain.models import Person
from mrss_tui.errors import NotFound
from mrss_tui.store.repos import Repo

PERSON_FIELDS = ("name", "birth_date", "stated_age", "phone", "town", "county")


def fts_prefix_query(text: str) -> str | None:
    """An FTS5 query matching every word of ``text`` as a prefix; None if nothing to search."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


class Persons(Repo):
    def create(
        self, actor: str, *, name: str = "", birth_date: date | None = None,
        stated_age: int | None = None, phone: str = "", town: str = "", county: str = "",
    ) -> Person:
        now = self.s.now()
        values = {"name": name, "birth_date": birth_date.isoformat() if birth_date else None,
                  "stated_age": stated_age, "phone": phone, "town": town, "county": county,
                  "created_at": now, "updated_at": now}
        with self.s.atomic():
            person_id = self.s.insert("persons", values)
            self.s.audit(actor, "person.create", "person", person_id, person_id=person_id,
                         after=values)
        return self.get(person_id)

    def get(self, person_id: int) -> Person:
        row = self.s.one("SELECT * FROM persons WHERE id = ?", (person_id,))
        if row is None:
            raise NotFound(f"no person #{person_id}")
        return Person.model_validate(dict(row))

    def update(self, actor: str, person_id: int, *, expected_version: int, **changes: object) -> Person:
        unknown = set(changes) - set(PERSON_FIELDS)
        if unknown:
            raise ValueError(f"not person fields: {sorted(unknown)}")
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()}
        values["updated_at"] = self.s.now()
        with self.s.atomic():
            before = self.s.update_versioned("persons", person_id, values,
                                             expected_version=expected_version)
            self.s.audit(actor, "person.update", "person", person_id, person_id=person_id,
                         before={k: before[k] for k in changes}, after=values)
        return self.get(person_id)

    def search_name(self, text: str, limit: int = 8) -> list[Person]:
        query = fts_prefix_query(text)
        if query is None:
            return []
        # Newest person first (rowid order, which FTS5 walks without ranking every match):
        # at ten years a common first name matches thousands, and ranking them all is slow.
        rows = self.s.all(
            "SELECT p.* FROM persons_fts f JOIN persons p ON p.id = f.rowid "
            "WHERE persons_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?",
            (query, limit),
        )
        return [Person.model_validate(dict(r)) for r in rows]

    def by_phone(self, e164: str, limit: int = 8) -> list[Person]:
        if not e164:
            return []
        # "<> ''" repeats the partial index's condition: without it SQLite may not use it.
        rows = self.s.all("SELECT * FROM persons WHERE phone = ? AND phone <> '' "
                          "ORDER BY id DESC LIMIT ?", (e164, limit))
        return [Person.model_validate(dict(r)) for r in rows]


REPOS = {"persons": Persons}
