"""Who is acting, on which database, with which config and clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from mrss_tui.clock import Clock, SystemClock
from mrss_tui.config import Config
from mrss_tui.domain.enums import Role
from mrss_tui.domain.records import Staff
from mrss_tui.errors import PermissionDenied
from mrss_tui.store.damage import begin_check, check_finding
from mrss_tui.store.db import Store
from mrss_tui.workflow.permissions import Action, allowed
from mrss_tui.workflow.profile_check import check_profile


class Actor(NamedTuple):
    login: str
    name: str
    role: Role
    staff_id: int | None = None

    @classmethod
    def of(cls, staff: Staff) -> "Actor":
        return cls(staff.login, staff.name, staff.role, staff.id)


SYSTEM = Actor("system", "mrss (automatic)", Role.SUPERVISOR)


@dataclass
class Session:
    """Everything a use case needs. One per process (or per worker thread: see ``for_thread``)."""

    store: Store
    config: Config
    actor: Actor
    clock: Clock

    def now(self) -> datetime:
        return self.clock.now()

    def require(self, action: Action) -> None:
        """Raise PermissionDenied unless the acting role may do ``action``."""
        if not allowed(self.actor.role, action):
            raise PermissionDenied(
                f"{self.actor.login} ({self.actor.role.value}) may not {action.describe()}"
            )

    def require_all_episodes(self, what: str) -> None:
        """Work over every episode (alert rules, rule follow-ups): the system, or a role that
        sees every episode anyway."""
        if self.is_system or allowed(self.actor.role, Action.VIEW_ALL_EPISODES):
            return
        raise PermissionDenied(f"{self.actor.login} ({self.actor.role.value}) may not {what}")

    def as_system(self) -> "Session":
        """The same database and clock acting as the system (background jobs), never as
        whoever happens to be logged in."""
        return Session(self.store, self.config, SYSTEM, self.clock)

    @property
    def is_system(self) -> bool:
        return self.actor == SYSTEM

    def for_thread(self) -> "Session":
        """A copy on its own connection, for a worker thread."""
        store = Store.open(self.store.path, clock=self.clock, migrate_schema=False)
        fit_checkpoints(store, self.config)
        return Session(store, self.config, self.actor, self.clock)


def sees_all(session: Session) -> bool:
    """Whether the acting role sees every episode (else only their teams')."""
    return allowed(session.actor.role, Action.VIEW_ALL_EPISODES)


def fit_checkpoints(store: Store, config: Config) -> None:
    """While [replica] is set, Litestream runs every checkpoint (workflow/replica.py)."""
    if config.replica.url:
        store.leave_checkpoints_to_replication()


def open_session(db_path: Path, config: Config, login: str, clock: Clock | None = None, *,
                 check_in_background: bool = False) -> Session:
    """Open the database and resolve the acting staff member, refusing unknown or inactive logins.
    ``check_in_background``: the file's quick_check runs while the session reads; its writes
    wait for it (the TUI, whose first frame must not wait; see ``file_check_finding``)."""
    clock = clock or SystemClock()
    store = Store.open(db_path, clock=clock, check_in_background=check_in_background)
    fit_checkpoints(store, config)
    staff = store.staff.by_login(login)
    if staff is None:
        store.close()
        raise PermissionDenied(f"no staff member with login '{login}' in {db_path}")
    if not staff.active:
        store.close()
        raise PermissionDenied(f"staff member '{login}' is inactive")
    try:
        check_profile(store, config)  # the database's recorded program must be the config's
    except BaseException:
        store.close()
        raise
    return Session(store, config, Actor.of(staff), clock)


def begin_file_check(session: Session) -> None:
    """Start the file's quick_check that ``check_in_background`` deferred (writes wait for it)."""
    begin_check(session.store.path)


def file_check_finding(session: Session) -> tuple[bool, str | None]:
    """(whether the file's background quick_check is over, the damage it found if any)."""
    return check_finding(session.store.path)
