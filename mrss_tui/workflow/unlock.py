"""Unlocking an idle session with the person's own PIN or passphrase.

Nobody sets another person's secret (not even a supervisor): each staff member sets their own,
while signed in. A wrong or missing secret gets the same answer, so the lock gives no hint.
"""

from __future__ import annotations

import os

from mrss_tui.domain.unlock import hash_secret, secret_problem, verify_secret
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session


def set_my_unlock_secret(session: Session, secret: str, repeated: str) -> None:
    if session.actor.staff_id is None:
        raise ValidationFailed("only a staff member can set an unlock PIN")
    problem = secret_problem(secret)
    if problem:
        raise ValidationFailed(f"not set: {problem}", {"secret": problem})
    if secret != repeated:
        raise ValidationFailed("not set: the two entries differ", {"repeated": "differs"})
    session.store.unlock_secrets.set(session.actor.login, session.actor.staff_id,
                                     hash_secret(secret, os.urandom(16)))


def has_unlock_secret(session: Session) -> bool:
    return session.actor.staff_id is not None and bool(
        session.store.unlock_secrets.get(session.actor.staff_id))


def unlocks(session: Session, secret: str) -> bool:
    """True only for the signed-in person's own secret. A wrong attempt is audited (someone
    may be trying PINs at an unattended screen); what was typed is not."""
    if session.actor.staff_id is None:
        return False
    if verify_secret(secret, session.store.unlock_secrets.get(session.actor.staff_id)):
        return True
    session.store.audit(session.actor.login, "unlock.failed", "staff", session.actor.staff_id)
    return False
