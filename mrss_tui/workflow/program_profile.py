"""``mrss config set-profile``: move a database to another program profile on purpose, audited
(the check that refuses a mismatch is in workflow/profile_check.py)."""

from __future__ import annotations

from datetime import date

from mrss_tui.config import build_config
from mrss_tui.domain.ages import age_band
from mrss_tui.store.db import parse_iso
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action


def set_profile(session: Session, profile: str) -> int:
    """Move the database to ``profile``: age bands of adult calls are re-derived for its scheme,
    and the change is audited. Returns how many calls had their band re-derived."""
    session.require(Action.MANAGE_ROSTER)
    target = build_config({"profile": profile}, "set-profile")
    store = session.store
    changed = 0
    with store.atomic():
        before = store.program_meta.profile()
        for call_id, born, stated, received in store.program_meta.adult_band_calls():
            on = parse_iso(received).astimezone(target.zone).date()
            band = age_band(on=on, birth_date=date.fromisoformat(born) if born else None,
                            stated_age=stated, scheme=target.program.age_bands)
            store.program_meta.set_call_band(call_id, band.value)
            changed += 1
        store.program_meta.set_profile(session.actor.login, profile, action="profile.set",
                                       previous=before, calls_rebanded=changed)
    return changed
