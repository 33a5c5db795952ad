"""Accounting of access (HIPAA): what was shown, searched, printed or sent about a person, and
the supervisor's printed accounting of disclosures for one person.

Recording is cheap: one audit row per screen open, search or print, carrying every person id it
revealed (audit_people). Writes already carry their person in the audit row itself.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mrss_tui.domain.models import AuditEntry
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.episodes import require_episode
from mrss_tui.workflow.files import write_private_text
from mrss_tui.workflow.object_access import require_dispatch
from mrss_tui.workflow.permissions import Action


def record_dispatch_view(session: Session, dispatch_id: int) -> None:
    """Opening a dispatch shows the caller, callback, address and situation: once per visit."""
    dispatch = require_dispatch(session, dispatch_id)
    call = session.store.calls.get(dispatch.call_id)
    session.store.audit_log.record_access(session.actor.login, "dispatch.view", "dispatch",
                                          dispatch_id, [call.person_id])


# Screens that show one episode's person, and the action their opening is recorded under.
EPISODE_SCREENS = {"episode": "episode.view", "safety_plan": "safety_plan.view",
                   "referrals": "referral.list_view"}


def record_episode_screen(session: Session, episode_id: int, screen: str) -> None:
    """Opening a screen about one episode shows its person's record: one row per visit."""
    episode = require_episode(session, episode_id)
    session.store.audit_log.record_access(session.actor.login, EPISODE_SCREENS[screen], "episode",
                                          episode_id, [episode.person_id])


def accounting(session: Session, person_id: int) -> list[AuditEntry]:
    """Every recorded access to one person's record, oldest first; reading it is recorded too."""
    session.require(Action.VIEW_AUDIT)
    session.store.persons.get(person_id)  # NotFound for a wrong number
    rows = session.store.audit_log.disclosures(person_id)
    session.store.audit_log.record_access(session.actor.login, "person.accounting", "person",
                                          person_id, [person_id])
    return rows


def accounting_text(session: Session, person_id: int) -> str:
    rows = accounting(session, person_id)
    zone = session.config.zone
    lines = [f"{session.config.program.name}: accounting of access and disclosures",
             f"Person #{person_id} · printed {_local(session.now(), zone)} by "
             f"{session.actor.login}", "",
             f"{'When':<17} {'Who':<16} {'What':<22} Object", "-" * 72]
    for row in rows:
        what = row.action
        others = len(row.detail.get("person_ids", [])) - 1
        if others > 0:
            what += f" (+{others} others)"
        lines.append(f"{_local(row.at, zone):<17} {row.actor:<16} {what:<22} "
                     f"{row.entity} {row.entity_id}".rstrip())
    lines += ["", f"{len(rows)} entries."]
    return "\n".join(lines) + "\n"


def print_accounting(session: Session, person_id: int, path: Path) -> Path:
    """Write the accounting for one person to ``path`` (0600)."""
    return write_private_text(path, accounting_text(session, person_id))


def _local(at: datetime, zone) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")

