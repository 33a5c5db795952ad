"""Which program profile a database belongs to (app_meta 'program.profile')."""

from __future__ import annotations

from mrss_tui.store.repos import Repo

PROFILE_KEY = "program.profile"


class ProgramMeta(Repo):
    def profile(self) -> str | None:
        row = self.s.one("SELECT value FROM app_meta WHERE key = ?", (PROFILE_KEY,))
        return None if row is None else str(row[0])

    def set_profile(self, actor: str, profile: str, *, action: str = "profile.set",
                    **detail: object) -> None:
        with self.s.atomic():
            before = self.profile()
            self.s.conn.execute(
                "INSERT INTO app_meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (PROFILE_KEY, profile))
            self.s.audit(actor, action, "app_meta", PROFILE_KEY, before={"profile": before},
                         after={"profile": profile}, **detail)

    def adult_band_calls(self) -> list[tuple[int, str | None, int | None, str]]:
        """(call id, birth date, stated age, received_at) of calls in an adult band: the ones
        whose band depends on the profile's scheme."""
        return [(r[0], r[1], r[2], r[3]) for r in self.s.all(
            "SELECT c.id, p.birth_date, p.stated_age, c.received_at FROM calls c "
            "LEFT JOIN persons p ON p.id = c.person_id "
            "WHERE c.age_band IN ('adult', 'adult_26_64', 'older_adult')")]

    def set_call_band(self, call_id: int, band: str) -> None:
        """Part of a profile change (audited once for all calls by the caller)."""
        self.s.conn.execute("UPDATE calls SET age_band = ? WHERE id = ?", (band, call_id))


REPOS = {"program_meta": ProgramMeta}
