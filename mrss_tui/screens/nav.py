"""Screens that can be jumped to: a static table of ids, keys and labels.

Importing a screen costs start-up time (Textual widgets, workflow, models), so the table names
each screen's class by its dotted path and ``NavEntry.factory()`` imports it on first open. A
feature adds its screen with one row here; ``tests/unit/test_nav_table.py`` checks every row
imports and names a screen whose ``nav_id`` is the row's id.
Entries the acting role may not use are hidden from the footer, the help and the palette.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from mrss_tui.workflow.permissions import Action

if TYPE_CHECKING:
    from textual.screen import Screen


class NavEntry(NamedTuple):
    id: str  # stable id: binding id is "nav.<id>", remappable in config [keys]
    title: str
    key: str
    description: str
    needs: Action  # the permission a role needs to open it
    screen: str  # "module:Class" under mrss_tui.screens, imported on first open
    order: int = 50
    show: bool = True  # shown in the footer
    # Lists are built once and refreshed on return (a key press then costs a reload, not a
    # rebuild); forms start blank each time.
    keep: bool = True
    # "module:function" under mrss_tui.screens that opens the screen instead of a plain switch:
    # it is called with the app and a function that shows the screen it builds (intake asks
    # about an unfinished call first, over the screen already on show).
    opener: str = ""
    # "module:function" under mrss_tui.screens that builds a blank copy of a form in idle time
    # (an async function of the app), for the opener to show at once (see the warm-up).
    spare: str = ""

    def screen_class(self) -> type["Screen"]:
        module, _, name = self.screen.partition(":")
        return getattr(importlib.import_module(f"mrss_tui.screens.{module}"), name)

    def factory(self) -> "Screen":
        return self.screen_class()()

    def opener_function(self) -> Callable[..., None] | None:
        return _function(self.opener)

    def spare_builder(self) -> Callable[..., Any] | None:
        return _function(self.spare)


def _function(dotted: str) -> Callable[..., Any] | None:
    if not dotted:
        return None
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(f"mrss_tui.screens.{module}"), name)


_ENTRIES = (
    NavEntry("board", "Board", "b", "Open calls, teams on the road, episodes and alerts",
             Action.VIEW_BOARD, "board:BoardScreen", order=0),
    NavEntry("intake", "New call", "f2", "Take a call: intake, C-SSRS, triage and paging",
             Action.TAKE_CALL, "intake:IntakeScreen", order=5, keep=False,
             opener="intake_open:open_intake", spare="intake_spare:build_spare"),
    NavEntry("caseload", "My caseload", "m", "My episodes and the follow-ups due, soonest first",
             Action.VIEW_OWN_EPISODES, "caseload:CaseloadScreen", order=15),
    NavEntry("episodes", "Episodes", "e", "Episodes by phase: crisis, stabilization, closed",
             Action.VIEW_OWN_EPISODES, "episodes:EpisodesScreen", order=20),
    NavEntry("alerts", "Alerts", "a", "Open alerts: acknowledge or snooze them",
             Action.HANDLE_ALERTS, "alerts:AlertsScreen", order=30),
    NavEntry("directory", "Directory", "d", "Referral directory: search services, hours and phones",
             Action.VIEW_DIRECTORY, "directory:DirectoryScreen", order=40),
    NavEntry("roster", "Roster", "o", "Staff, paging addresses and the on-call rota",
             Action.MANAGE_ROSTER, "roster:RosterScreen", order=80, show=False),
    NavEntry("staff", "New staff", "s", "Add a staff member (their SSH key is added with "
             "'mrss ssh-key add')", Action.MANAGE_ROSTER, "staff_form:StaffFormScreen", order=85,
             show=False, keep=False),
    NavEntry("reports", "Reports", "r", "County reports by week, month, quarter or year: "
             "figures, charts, PDF and CSV",
             Action.VIEW_REPORTS, "reports:ReportsScreen", order=90, show=False),
    NavEntry("audit", "Audit", "u", "Who did or opened what: filter by person, staff and day",
             Action.VIEW_AUDIT, "audit:AuditScreen", order=95, show=False),
)


def all_entries() -> tuple[NavEntry, ...]:
    return _ENTRIES


def entry(nav_id: str) -> NavEntry | None:
    return next((e for e in _ENTRIES if e.id == nav_id), None)
