from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import Role, ShiftSlot
from mrss_tui.domain.records import OnCall, Shift, Staff
from mrss_tui.domain.stored_rows import from_row
from mrss_tui.errors import NotFound, ValidationFailed
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo

# Fields ``update`` may change. ``active`` is not one of them: deactivating a person is one act
# (``set_active`` here, called only by workflow/staff.set_active) that also revokes their keys.
STAFF_FIELDS = ("login", "name", "role", "credentials", "phone", "paging_url", "region")


class StaffRepo(Repo):
    def create(
        self,
        actor: str,
        *,
        login: str,
        name: str,
        role: Role,
        credentials: str = "",
        phone: str = "",
        paging_url: str = "",
        region: str = "",
        active: bool = True,
    ) -> Staff:
        now = self.s.now()
        values = {
            "login": login, "name": name, "role": str(role), "credentials": credentials,
            "phone": phone, "paging_url": paging_url, "region": region, "active": int(active),
            "created_at": now, "updated_at": now,
        }
        with self.s.atomic():
            if self.s.scalar("SELECT 1 FROM staff WHERE login = ?", (login,)):
                raise ValidationFailed(f"login '{login}' is taken", {"login": "already in use"})
            staff_id = self.s.insert("staff", values)
            # The paging address is a credential of sorts: keep it out of the audit detail.
            shown = {k: v for k, v in values.items() if k != "paging_url"}
            self.s.audit(actor, "staff.create", "staff", staff_id, after=shown)
        return self.get(staff_id)

    def get(self, staff_id: int) -> Staff:
        row = self.s.one("SELECT * FROM staff WHERE id = ?", (staff_id,))
        if row is None:
            raise NotFound(f"no staff member #{staff_id}")
        return from_row(Staff, row)

    def by_login(self, login: str) -> Staff | None:
        row = self.s.one("SELECT * FROM staff WHERE login = ?", (login,))
        return None if row is None else from_row(Staff, row)

    def list(self, *, active_only: bool = False) -> list[Staff]:
        where = "WHERE active = 1" if active_only else ""
        rows = self.s.all(f"SELECT * FROM staff {where} ORDER BY active DESC, role, name")
        return [from_row(Staff, r) for r in rows]

    def pages_to(self, url_prefix: str) -> bool:
        """Whether an active staff member's paging address starts with ``url_prefix``."""
        return self.s.one("SELECT 1 FROM staff WHERE active = 1 AND substr(paging_url, 1, ?) = ?",
                          (len(url_prefix), url_prefix)) is not None

    def count(self) -> int:
        return int(self.s.scalar("SELECT count(*) FROM staff"))

    def update(self, actor: str, staff_id: int, *, expected_version: int, **changes: object) -> Staff:
        unknown = set(changes) - set(STAFF_FIELDS)
        if unknown:
            raise ValueError(f"not staff fields: {sorted(unknown)}")
        values = {k: (int(v) if isinstance(v, bool) else str(v) if isinstance(v, Role) else v)
                  for k, v in changes.items()}
        values["updated_at"] = self.s.now()
        with self.s.atomic():
            before = self.s.update_versioned("staff", staff_id, values, expected_version=expected_version)
            self.s.audit(actor, "staff.update", "staff", staff_id,
                         before={k: before[k] for k in changes if k != "paging_url"},
                         after={k: v for k, v in values.items() if k != "paging_url"})
        return self.get(staff_id)

    def set_active(self, actor: str, staff_id: int, *, expected_version: int,
                   active: bool) -> Staff:
        """Activate or deactivate; deactivating revokes every live SSH key in the same
        transaction, and reactivating restores none (a new key must be added)."""
        with self.s.atomic():
            before = self.s.update_versioned("staff", staff_id,
                                             {"active": int(active), "updated_at": self.s.now()},
                                             expected_version=expected_version)
            self.s.audit(actor, "staff.update", "staff", staff_id,
                         before={"active": before["active"]}, after={"active": int(active)})
            if not active:
                self.s.ssh_keys.revoke_all_of(actor, staff_id)
        return self.get(staff_id)


class Shifts(Repo):
    def add(
        self, actor: str, *, staff_id: int, region: str, slot: ShiftSlot,
        starts_at: datetime, ends_at: datetime,
    ) -> Shift:
        if ends_at <= starts_at:
            raise ValidationFailed("a shift must end after it starts", {"ends_at": "before start"})
        values = {"staff_id": staff_id, "region": region, "slot": str(slot),
                  "starts_at": iso(starts_at), "ends_at": iso(ends_at), "created_at": self.s.now()}
        with self.s.atomic():
            shift_id = self.s.insert("shifts", values)
            self.s.audit(actor, "shift.create", "shift", shift_id, after=values)
        return from_row(Shift, self.s.one("SELECT * FROM shifts WHERE id = ?", (shift_id,)))

    def remove(self, actor: str, shift_id: int) -> None:
        with self.s.atomic():
            row = self.s.one("SELECT * FROM shifts WHERE id = ?", (shift_id,))
            if row is None:
                raise NotFound(f"no shift #{shift_id}")
            self.s.conn.execute("DELETE FROM shifts WHERE id = ?", (shift_id,))
            self.s.audit(actor, "shift.delete", "shift", shift_id, before=dict(row))

    def on_call(self, at: datetime, region: str | None = None) -> list[OnCall]:
        """Who is on call at an instant (primary first), optionally for one region."""
        sql = (
            "SELECT sh.id AS shift_id, sh.slot AS shift_slot, sh.region AS shift_region, "
            "sh.starts_at AS shift_starts, sh.ends_at AS shift_ends, st.* "
            "FROM shifts sh JOIN staff st ON st.id = sh.staff_id "
            "WHERE sh.starts_at <= :at AND sh.ends_at > :at AND st.active = 1"
        )
        params: dict[str, object] = {"at": iso(at)}
        if region is not None:
            sql += " AND sh.region = :region"
            params["region"] = region
        sql += " ORDER BY sh.region, sh.slot = 'backup', st.name"
        result = []
        for row in self.s.all(sql, params):
            shift = {"shift_id": row["shift_id"], "slot": row["shift_slot"],
                     "region": row["shift_region"], "starts_at": row["shift_starts"],
                     "ends_at": row["shift_ends"]}
            result.append(from_row(OnCall, shift, staff=from_row(Staff, row)))
        return result

    def between(self, start: datetime, end: datetime) -> list[Shift]:
        rows = self.s.all(
            "SELECT * FROM shifts WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at, region, slot",
            (iso(end), iso(start)),
        )
        return [from_row(Shift, r) for r in rows]


REPOS = {"staff": StaffRepo, "shifts": Shifts}
