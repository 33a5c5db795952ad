"""Referrals from episodes to directory services, with every status change kept as an event."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.directory import ReferralEvent, ReferralLine
from mrss_tui.domain.enums import ReferralStatus
from mrss_tui.domain.models import Referral
from mrss_tui.errors import NotFound, ValidationFailed
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class Referrals(Repo):
    def create(self, actor: str, *, episode_id: int, service_id: str, category: str,
               status: ReferralStatus, at: datetime, note: str = "",
               person_id: int | None = None) -> Referral:
        when = iso(at)
        values = {"episode_id": episode_id, "service_id": service_id, "category": category,
                  "status": status.value, "status_at": when, "status_by": actor, "note": note,
                  "created_by": actor, "created_at": when}
        with self.s.atomic():
            referral_id = self.s.insert("referrals", values)
            self._event(referral_id, status, when, actor, note)
            self.s.audit(actor, "referral.create", "referral", referral_id, person_id=person_id,
                         after=values)
        return self.get(referral_id)

    def set_status(self, actor: str, referral_id: int, *, status: ReferralStatus, at: datetime,
                   expected_version: int | None, note: str = "",
                   person_id: int | None = None) -> Referral:
        with self.s.atomic():
            current = self.get(referral_id)
            if current.status is status:
                raise ValidationFailed(f"the referral is already {status.value.replace('_', '-')}")
            when = iso(at)
            changes = {"status": status.value, "status_at": when, "status_by": actor}
            self.s.update_versioned("referrals", referral_id, changes,
                                    expected_version=expected_version)
            self._event(referral_id, status, when, actor, note)
            self.s.audit(actor, "referral.status", "referral", referral_id, person_id=person_id,
                         before={"status": current.status.value}, after=changes)
        return self.get(referral_id)

    def _event(self, referral_id: int, status: ReferralStatus, when: str, actor: str,
               note: str) -> None:
        self.s.insert("referral_events", {"referral_id": referral_id, "status": status.value,
                                          "at": when, "by_login": actor, "note": note})

    def get(self, referral_id: int) -> Referral:
        row = self.s.one("SELECT * FROM referrals WHERE id = ?", (referral_id,))
        if row is None:
            raise NotFound(f"no referral #{referral_id}")
        return Referral.model_validate(dict(row))

    def events(self, referral_id: int) -> list[ReferralEvent]:
        rows = self.s.all("SELECT status, at, by_login, note FROM referral_events "
                          "WHERE referral_id = ? ORDER BY at, id", (referral_id,))
        return [ReferralEvent.model_validate(dict(r)) for r in rows]

    def for_episode(self, episode_id: int) -> list[ReferralLine]:
        """The episode's referrals with the service's name, phones, address and hours."""
        rows = self.s.all(
            "SELECT r.id, r.episode_id, r.service_id, r.category, r.status, r.status_at, "
            "r.status_by, r.created_at, r.version, coalesce(s.name, '(removed service)') AS service_name, "
            "coalesce(o.name, '') AS organization, s.last_verified_at "
            "FROM referrals r LEFT JOIN services s ON s.id = r.service_id "
            "LEFT JOIN organizations o ON o.id = s.organization_id "
            "WHERE r.episode_id = ? ORDER BY r.created_at, r.id", (episode_id,))
        lines = []
        for row in rows:
            values = dict(row)
            if row["service_id"] is not None and values["service_name"] != "(removed service)":
                detail = self.s.directory.get(row["service_id"])  # type: ignore[attr-defined]
                values["phones"] = tuple(
                    p.number + (f" ext. {p.extension}" if p.extension else "") for p in detail.phones)
                values["address"] = detail.addresses[0].one_line() if detail.addresses else ""
                values["hours"] = detail.summary.hours
            lines.append(ReferralLine.model_validate(values))
        return lines

    def open_for_service(self, episode_id: int, service_id: str) -> Referral | None:
        """A referral of this episode to this service that is still in play (not declined)."""
        row = self.s.one("SELECT * FROM referrals WHERE episode_id = ? AND service_id = ? "
                         "AND status IN ('suggested', 'referred', 'connected') ORDER BY id DESC LIMIT 1",
                         (episode_id, service_id))
        return None if row is None else Referral.model_validate(dict(row))


REPOS = {"referrals": Referrals}
