"""Referral use cases: suggest services for an episode, refer, follow the status, print the list.

The episode screen calls these (and opens ``screens/refer.py``); nothing here knows Textual.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.ages import age_band
from mrss_tui.domain.directory import (
    CONNECT_CHECK_DAYS,
    CONNECT_CHECK_KIND,
    ReferralEvent,
    ReferralLine,
    Suggestion,
    format_hours,
    is_stale,
    suggest,
)
from mrss_tui.domain.enums import AgeBand, FollowupOrigin, ReferralStatus, label
from mrss_tui.domain.program_words import connect_question, crisis_line
from mrss_tui.domain.models import Referral
from mrss_tui.domain.records import episode_ref
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.episodes import require_episode
from mrss_tui.workflow.object_access import require_referral
from mrss_tui.workflow.permissions import Action
from mrss_tui.workflow.files import write_private_bytes, write_private_text

SUGGESTION_LIMIT = 30
CANDIDATE_LIMIT = 100_000


class ReferContext(BaseModel):
    """What the Refer screen needs to know about the episode's person."""

    model_config = ConfigDict(defer_build=True)

    episode_id: int
    episode_ref: str
    person_id: int | None
    band: AgeBand
    county: str
    categories: list[tuple[str, str]]


class ReferResult(BaseModel):
    """What the Refer screen hands back to the episode screen."""

    model_config = ConfigDict(defer_build=True)

    referral: Referral
    service_name: str
    followup_due_at: str | None = None  # ISO UTC, None when no check was scheduled


def refer_context(session: Session, episode_id: int) -> ReferContext:
    session.require(Action.REFER)
    store = session.store
    episode = require_episode(session, episode_id)
    call = store.calls.get(episode.call_id)
    band, county = call.age_band, call.county
    if episode.person_id is not None:
        person = store.persons.get(episode.person_id)
        today = session.now().astimezone(session.config.zone).date()
        from_person = age_band(on=today, birth_date=person.birth_date, stated_age=person.stated_age,
                               scheme=session.config.program.age_bands)
        band = band if from_person is AgeBand.UNKNOWN else from_person
        county = person.county or county
    return ReferContext(episode_id=episode_id, episode_ref=episode_ref(episode_id),
                        person_id=episode.person_id, band=band, county=county,
                        categories=store.directory.categories())


def suggestions(session: Session, context: ReferContext, category: str,
                limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Services for the chosen need that fit the person's age band and county, best first."""
    session.require(Action.REFER)
    services, _total = session.store.directory.search(category=category, limit=CANDIDATE_LIMIT)
    ranked = suggest(services, category=category, band=context.band, county=context.county,
                     now=session.now())
    return ranked[:limit]


def _category_label(session: Session, term_id: str) -> str:
    """Referrals keep the category's code (as the demo and the county report do), else its id."""
    term_id_, code, _name = session.store.directory.term(term_id)
    return code or term_id_


def refer(session: Session, episode_id: int, service_id: str, category: str = "", *,
          status: ReferralStatus = ReferralStatus.REFERRED, note: str = "") -> ReferResult:
    """Refer the episode's family to a service (or only suggest it). Referring schedules the
    "did the family connect?" follow-up. A service already in play is not referred twice."""
    session.require(Action.REFER)
    require_episode(session, episode_id)
    if status not in (ReferralStatus.SUGGESTED, ReferralStatus.REFERRED):
        raise ValidationFailed("a new referral is either suggested or referred")
    store = session.store
    with store.atomic():
        episode = store.episodes.get(episode_id)
        detail = store.directory.get(service_id)
        term = category or (detail.summary.categories[0] if detail.summary.categories else "")
        existing = store.referrals.open_for_service(episode_id, service_id)
        if existing is not None:
            if existing.status is ReferralStatus.SUGGESTED and status is ReferralStatus.REFERRED:
                return set_status(session, existing.id, ReferralStatus.REFERRED,
                                  expected_version=existing.version, note=note)
            raise ValidationFailed(f"{detail.summary.name} is already {label(existing.status).lower()} "
                                   f"for {episode_ref(episode_id)}")
        referral = store.referrals.create(
            session.actor.login, episode_id=episode_id, service_id=service_id,
            category=_category_label(session, term) if term else "", status=status,
            at=session.now(), note=note, person_id=episode.person_id)
        due = _schedule_check(session, referral) if status is ReferralStatus.REFERRED else None
    return ReferResult(referral=referral, service_name=detail.summary.name, followup_due_at=due)


def set_status(session: Session, referral_id: int, status: ReferralStatus, *,
               expected_version: int | None, note: str = "") -> ReferResult:
    require_referral(session, referral_id)
    store = session.store
    with store.atomic():
        current = store.referrals.get(referral_id)
        episode = store.episodes.get(current.episode_id)
        referral = store.referrals.set_status(session.actor.login, referral_id, status=status,
                                              at=session.now(), expected_version=expected_version,
                                              note=note, person_id=episode.person_id)
        due = _schedule_check(session, referral) if status is ReferralStatus.REFERRED else None
        if status in ANSWERS_THE_CHECK:
            _complete_check(session, referral)
        name = store.directory.get(referral.service_id).summary.name if referral.service_id else ""
    return ReferResult(referral=referral, service_name=name, followup_due_at=due)


# A status that answers "did they connect?": the check is done (also after the episode closed).
ANSWERS_THE_CHECK = (ReferralStatus.CONNECTED, ReferralStatus.DECLINED, ReferralStatus.NO_SHOW)


def _complete_check(session: Session, referral: Referral) -> None:
    marker = f"(referral #{referral.id})"
    for followup in session.store.followups.pending_for_episode(referral.episode_id):
        if followup.kind == CONNECT_CHECK_KIND and followup.note.endswith(marker):
            session.store.followups.complete(session.actor.login, followup.id,
                                             at=session.now(), contact_id=None)
            for alert in session.store.alerts.open_for_subject("followup", followup.id):
                session.store.alerts.resolve(session.actor.login, alert.id)


def _schedule_check(session: Session, referral: Referral) -> str | None:
    due = session.now() + timedelta(days=CONNECT_CHECK_DAYS)
    followup = session.store.followups.add(
        session.actor.login, episode_id=referral.episode_id, due_at=due, kind=CONNECT_CHECK_KIND,
        origin=FollowupOrigin.RULE, note=f"{connect_question(session.config)} (referral #{referral.id})")
    return None if followup is None else followup.due_at.isoformat()


def episode_referrals(session: Session, episode_id: int) -> list[ReferralLine]:
    session.require(Action.REFER)
    require_episode(session, episode_id)
    return session.store.referrals.for_episode(episode_id)


def referral_history(session: Session, referral_id: int) -> list[ReferralEvent]:
    require_referral(session, referral_id)
    return session.store.referrals.events(referral_id)


# -- the family's printable list ------------------------------------------------------------------------
PRINTED = (ReferralStatus.SUGGESTED, ReferralStatus.REFERRED, ReferralStatus.CONNECTED)


def _printable(session: Session, episode_id: int) -> list[ReferralLine]:
    return [r for r in episode_referrals(session, episode_id) if r.status in PRINTED]


def referral_list_text(session: Session, episode_id: int) -> str:
    """Plain text the coordinator can read out, text or print: where to go next."""
    lines = [f"{session.config.program.name}: places to contact",
             f"Printed {session.now().astimezone(session.config.zone):%Y-%m-%d}", ""]
    referrals = _printable(session, episode_id)
    if not referrals:
        lines.append("No referrals yet.")
    for number, referral in enumerate(referrals, start=1):
        lines.append(f"{number}. {referral.service_name}"
                     + (f" ({referral.organization})" if referral.organization else ""))
        lines.append(f"   Phone:   {', '.join(referral.phones) or 'not listed'}")
        lines.append(f"   Address: {referral.address or 'not listed'}")
        lines.append(f"   Hours:   {format_hours(referral.hours) or 'call to ask'}")
        if is_stale(referral.last_verified_at, session.now()):
            # Stale records are marked everywhere; for the family, in words they can act on.
            checked = (f"last checked {referral.last_verified_at:%Y-%m-%d}"
                       if referral.last_verified_at else "not checked recently")
            lines.append(f"   Please call ahead: these details were {checked}.")
        lines.append("")
    lines.append(crisis_line(session.config))
    return "\n".join(lines) + "\n"


def referral_list_pdf(session: Session, episode_id: int, path: Path) -> Path:
    from mrss_tui.reports.document import new_document

    text = referral_list_text(session, episode_id)
    if not isinstance(path, Path):
        # str(None) once made a file named "None" in the working folder (a test called this
        # without a path): a print goes only where it was asked to go.
        raise TypeError(f"referral_list_pdf needs a file path, not {path!r}")
    pdf = new_document("Places to contact", session.config.program.name,
                       session.now().astimezone(session.config.zone))
    for line in text.splitlines()[1:]:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return write_private_bytes(path, bytes(pdf.output()))


def print_referral_list(session: Session, episode_id: int) -> tuple[Path, Path]:
    """Write the family's list as text and PDF into this database's ``prints`` folder, under a
    new name each time (an earlier print is never replaced)."""
    from mrss_tui.workflow.files import output_folder, unused_path

    session.require(Action.REFER)
    episode = require_episode(session, episode_id)  # NotFound or refused before any file is made
    folder = output_folder(session.config.paths, session.store.path, "prints")
    stamp = session.now().astimezone(session.config.zone).strftime("%Y%m%d-%H%M")
    text_path = unused_path(folder, f"referrals-{episode_ref(episode_id)}-{stamp}", ".txt")
    write_private_text(text_path, referral_list_text(session, episode_id))
    pdf_path = referral_list_pdf(session, episode_id, text_path.with_suffix(".pdf"))
    session.store.audit_log.record_access(session.actor.login, "referral.print", "episode",
                                          episode_id, [episode.person_id])
    return text_path, pdf_path
