"""What each role may do. Enforced in workflow functions, not only hidden in the UI."""

from __future__ import annotations

from enum import StrEnum

from mrss_tui.domain.enums import FIELD_ROLES, Role


class Action(StrEnum):
    VIEW_BOARD = "view the board"
    TAKE_CALL = "take calls (intake)"
    PAGE_TEAM = "page a team"
    UPDATE_DISPATCH = "update a dispatch's status"
    VIEW_ALL_EPISODES = "see every episode"
    VIEW_OWN_EPISODES = "see their own episodes"
    EDIT_EPISODE = "change an episode"
    LOG_CONTACT = "log contacts"
    EDIT_SAFETY_PLAN = "edit safety plans"
    REFER = "make referrals"
    VIEW_DIRECTORY = "search the directory"
    EDIT_DIRECTORY = "edit the directory"
    MANAGE_ROSTER = "manage staff and the on-call rota"
    MANAGE_KEYS = "manage SSH keys"
    VIEW_AUDIT = "view the audit log"
    HANDLE_ALERTS = "acknowledge or snooze alerts"
    VIEW_REPORTS = "view county reports"
    VIEW_REPLICATION = "see whether the standby replica keeps up"

    def describe(self) -> str:
        return self.value


_FIELD = {
    Action.VIEW_BOARD, Action.UPDATE_DISPATCH, Action.VIEW_OWN_EPISODES, Action.EDIT_EPISODE,
    Action.LOG_CONTACT, Action.EDIT_SAFETY_PLAN, Action.REFER, Action.VIEW_DIRECTORY,
    Action.HANDLE_ALERTS,
}
_COORDINATOR = _FIELD | {
    Action.TAKE_CALL, Action.PAGE_TEAM, Action.VIEW_ALL_EPISODES, Action.VIEW_REPORTS,
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.COORDINATOR: frozenset(_COORDINATOR),
    Role.SUPERVISOR: frozenset(Action),
    Role.COUNTY_ADMIN: frozenset({Action.VIEW_REPORTS}),
    **{role: frozenset(_FIELD) for role in FIELD_ROLES},
}


def allowed(role: Role, action: Action) -> bool:
    return action in PERMISSIONS.get(role, frozenset())
