"""Episode work after the team arrives: phases, contacts, follow-ups, safety plans, caseloads.

Field roles see and change only the episodes they are on (``episode_team``); coordinators and
supervisors see every episode. Each use case checks the role, validates, then writes in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from mrss_tui.domain import cssrs
from mrss_tui.domain.enums import ContactMode, DispatchStatus, FollowupOrigin, Phase
from mrss_tui.domain.directory import CONNECT_CHECK_KIND
from mrss_tui.domain.followup_window import service_window_end, window_problem
from mrss_tui.domain.risk_others import others_level
from mrss_tui.domain.risk_summary import RiskSummary, call_risk
from mrss_tui.domain.call_facts import CallFacts, call_facts
from mrss_tui.domain.episodes import (
    HANDOFF_CHECK_KIND,
    CaseloadFollowup,
    ContactForm,
    EpisodeRow,
    PhaseChangeForm,
    SafetyPlanForm,
    TimelineEntry,
    contact_problems,
    medical_screen_required,
    phase_change_problems,
    phase_deadline,
    rule_followups,
)
from mrss_tui.domain.models import Call, Contact, Episode, Followup, Person, SafetyPlan
from mrss_tui.domain.records import Staff
from mrss_tui.errors import ConflictError, NotFound, PermissionDenied, ValidationFailed
from mrss_tui.store.repos.episode_views import COUNT_CAP
from mrss_tui.workflow.context import Session, sees_all
from mrss_tui.workflow.permissions import Action
from mrss_tui.workflow.staff import validation_problems

EPISODE_PAGE = 50
EPISODE_COUNT_CAP = COUNT_CAP  # a closed list's total above this reads "more than ..."


def _parse(model: type, data: dict[str, Any], what: str):
    try:
        return model(**data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        summary = "; ".join(f"{k}: {v}" for k, v in problems.items())
        raise ValidationFailed(f"{what} is not valid ({summary})", problems) from None


def require_episode(session: Session, episode_id: int) -> Episode:
    """The episode, if the acting person may see it (all episodes, or their own)."""
    session.require(Action.VIEW_OWN_EPISODES)  # every role that sees any episode has this
    if not sees_all(session):
        if not session.store.episode_views.is_on_team(episode_id, session.actor.staff_id):
            raise PermissionDenied(f"{session.actor.login} is not on the team of episode "
                                   f"#{episode_id}")
    return session.store.episodes.get(episode_id)


# -- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeDetail:
    episode: Episode
    person: Person | None
    call_ref: str
    town: str
    team: list[Staff]
    deadline: datetime | None
    timeline: list[TimelineEntry]
    pending: list[Followup]
    plan: SafetyPlan | None
    needs_medical_screen: bool
    contact_staff: list[Staff]  # who a contact may be logged for: the team, and the actor
    risk: RiskSummary | None = None  # to self and to others, as they stand now
    call: Call | None = None
    facts: CallFacts | None = None  # what intake recorded: caller, callback, age, essentials...
    reassess_screener: bool = False  # the call's C-SSRS had unknowns; none re-assessed since
    awaits_response: bool = False  # the next face-to-face contact is the response (outcome due)


def episode_detail(session: Session, episode_id: int) -> EpisodeDetail:
    store = session.store
    with store.read_snapshot():
        episode = require_episode(session, episode_id)
        call = store.calls.get(episode.call_id)
        person = store.persons.get(episode.person_id) if episode.person_id else None
        team = [store.staff.get(staff_id) for staff_id in store.episodes.team(episode_id)]
        contacts = store.contacts.for_episode(episode_id)
        return EpisodeDetail(
            episode=episode, person=person, call_ref=call.ref, town=call.town, team=team,
            deadline=phase_deadline(episode, session.config.windows, session.config.zone),
            timeline=store.episode_views.timeline(episode_id),
            pending=store.followups.pending_for_episode(episode_id),
            plan=store.safety_plans.latest(episode_id),
            needs_medical_screen=_needs_medical(session, episode),
            contact_staff=_contact_staff(session, team),
            risk=call_risk(call, contacts,
                           screens_others=session.config.response.screen_risk_to_others),
            call=call,
            facts=call_facts(call, person, session.config.zone),
            reassess_screener=_reassess_screener(call.cssrs, contacts),
            awaits_response=_awaits_response(session, episode),
        )


def _reassess_screener(screened, contacts: list[Contact]) -> bool:
    """The caller could not answer part of the screener: ask again face to face, until a
    contact records a re-assessment."""
    if screened is None or not cssrs.is_partial(screened):
        return False
    return not any(c.cssrs is not None and c.cssrs.answered() for c in contacts)


def _contact_staff(session: Session, team: list[Staff]) -> list[Staff]:
    me = session.actor.staff_id
    if me is None or me in {s.id for s in team} or not session.actor.role.is_field:
        return team
    return [session.store.staff.get(me), *team]


def _awaits_response(session: Session, episode: Episode) -> bool:
    """No on-scene outcome recorded in this crisis phase yet, so the next successful
    face-to-face contact is the response (a reopened episode needs a new one). The team's
    "Arrived" is not a response: it dates the crisis window, the contact records what happened."""
    if episode.phase is not Phase.CRISIS:
        return False
    if episode.scene_outcome_contact_id is None:
        return True
    answered = session.store.contacts.get(episode.scene_outcome_contact_id)
    return answered.at < episode.phase_started_at


def _needs_medical(session: Session, episode: Episode) -> bool:
    """Whether the next face-to-face contact must carry the medical screen."""
    return medical_screen_required(session.config.profile,
                                   session.store.episode_views.team_roles(episode.id),
                                   _awaits_response(session, episode))


def list_episodes(session: Session, phase: Phase, after: EpisodeRow | None = None,
                  page_size: int = EPISODE_PAGE) -> tuple[list[EpisodeRow], int]:
    """One page of episodes in a phase, the one following the row ``after`` (None: the first
    page); field roles get only their own."""
    session.require(Action.VIEW_OWN_EPISODES)
    staff_id = None if sees_all(session) else session.actor.staff_id
    if staff_id is None and not sees_all(session):
        raise PermissionDenied(f"{session.actor.login} has no staff record to own episodes")
    key = (after.phase_started_at, after.id) if after is not None else None
    return session.store.episode_views.by_phase(phase, staff_id=staff_id, limit=page_size,
                                                after=key)


def my_caseload(session: Session) -> tuple[list[EpisodeRow], list[CaseloadFollowup]]:
    """The acting person's open episodes and follow-ups still to do, soonest first."""
    session.require(Action.VIEW_OWN_EPISODES)
    if session.actor.staff_id is None:
        return [], []
    return session.store.episode_views.caseload(session.actor.staff_id)


def safety_plan_versions(session: Session, episode_id: int) -> list[SafetyPlan]:
    require_episode(session, episode_id)
    return session.store.safety_plans.versions(episode_id)


# -- follow-up rules --------------------------------------------------------------------------------


def ensure_rule_followups(session: Session, episode_id: int) -> list[Followup]:
    """Create the follow-ups the profile's rules ask for in the episode's current phase.

    Idempotent: a rule follow-up already there (same kind and due time) is left alone, so this
    may run after every change and from any number of processes.
    """
    if not session.is_system:
        require_episode(session, episode_id)
    store = session.store
    episode = store.episodes.get(episode_id)
    rules = rule_followups(episode, session.config.windows, session.config.followups,
                           session.config.zone)
    have = store.followups.keys_for_episode(episode_id)
    missing = [rule for rule in rules if (rule.kind, rule.due_at) not in have]
    if not missing:
        return []  # the usual case: no write transaction at all
    with store.atomic():
        assignee = _default_assignee(session, episode_id)
        made = []
        for rule in missing:
            followup = store.followups.add(session.actor.login, episode_id=episode_id,
                                           due_at=rule.due_at, kind=rule.kind,
                                           origin=FollowupOrigin.RULE, assigned_to=assignee)
            if followup is not None:
                made.append(followup)
    return made


def _default_assignee(session: Session, episode_id: int) -> int | None:
    team = session.store.episodes.team(episode_id)
    return team[0] if team else None


def ensure_all_rule_followups(session: Session) -> int:
    """The job: ensure rule follow-ups for every open episode (finds everything after a restart)."""
    session.require_all_episodes("create follow-ups across every episode")
    count = 0
    for episode_id in session.store.episode_watch.episodes_without_pending_rule_followup():
        count += len(ensure_rule_followups(session, episode_id))
    return count


def add_followup(session: Session, episode_id: int, *, due_at: datetime, kind: str = "manual",
                 note: str = "", window_reason: str = "") -> Followup:
    """Plan a follow-up by hand. One dated after the program's window needs ``window_reason``."""
    session.require(Action.EDIT_EPISODE)
    episode = require_episode(session, episode_id)
    if episode.phase is Phase.CLOSED:
        raise ValidationFailed("the episode is closed; reopen it to plan follow-ups")
    if due_at <= session.now():
        raise ValidationFailed("a follow-up is planned for a time still to come",
                               {"due_at": "choose a time still to come"})
    zone = session.config.zone
    end = service_window_end(episode, session.config.windows, zone)
    problem = window_problem(due_at, end, window_reason, zone)
    if problem:
        raise ValidationFailed(problem, {"window_reason": problem})
    reason = window_reason.strip() if end is not None and due_at > end else ""
    made = session.store.followups.add(session.actor.login, episode_id=episode_id, due_at=due_at,
                                       kind=kind, origin=FollowupOrigin.MANUAL,
                                       assigned_to=session.actor.staff_id, note=note,
                                       window_reason=reason)
    if made is None:
        raise ValidationFailed("that follow-up is already planned", {"due_at": "already planned"})
    return made


# -- changing the episode ---------------------------------------------------------------------------


def change_phase(session: Session, episode_id: int, data: dict[str, Any],
                 expected_version: int) -> Episode:
    """Move on to stabilization, close (with a disposition; a reason when early), or reopen."""
    session.require(Action.EDIT_EPISODE)
    form: PhaseChangeForm = _parse(PhaseChangeForm, data, "the phase change")
    store, now = session.store, session.now()
    with store.atomic():
        episode = require_episode(session, episode_id)
        if episode.version != expected_version:
            raise ConflictError(f"someone else changed episode {episode.ref} while you were "
                                "deciding; nothing was changed. Look again and retry")
        problems = phase_change_problems(episode, form, session.config.windows,
                                         session.config.zone, now)
        if problems:
            raise ValidationFailed("; ".join(problems.values()), problems)
        changed = store.episodes.change_phase(
            session.actor.login, episode_id, phase=form.to, at=now,
            expected_version=expected_version, disposition=form.disposition, reason=form.reason)
        if form.to is Phase.CLOSED:
            # "Did they connect to care?" and "did the adult service take it?" outlive closing.
            store.followups.cancel_pending(session.actor.login, episode_id, now,
                                           keep_kinds=(CONNECT_CHECK_KIND, HANDOFF_CHECK_KIND))
            _end_dispatch(session, episode)
        _resolve_episode_alerts(session, episode_id)
        ensure_rule_followups(session, episode_id)
    return store.episodes.get(changed.id)


def _end_dispatch(session: Session, episode: Episode) -> None:
    """Closing ends the response: a team still out is cleared (a call nobody was paged for is
    cancelled), so it no longer reads Arrived on the board nor BUSY on the next call's page
    list; its pages stop and its paging alerts are resolved."""
    store, now, actor = session.store, session.now(), session.actor.login
    dispatch = (store.dispatches.active_for_episode(episode.id)
                or store.dispatches.active_for_call(episode.call_id))
    if dispatch is None:
        return
    if dispatch.awaiting:
        store.dispatches.cancel(actor, dispatch.id, now, f"episode {episode.ref} closed")
    else:
        store.dispatches.set_status(actor, dispatch.id, DispatchStatus.CLEARED, now)
    store.pages.stop_retries(actor, now, dispatch.id)
    for alert in store.alerts.open_for_subject("dispatch", dispatch.id):
        store.alerts.resolve(actor, alert.id)


def _resolve_episode_alerts(session: Session, episode_id: int) -> None:
    """Alerts about the phase that just ended are moot."""
    for alert in session.store.alerts.open_for_subject("episode", episode_id):
        session.store.alerts.resolve(session.actor.login, alert.id)


def log_contact(session: Session, episode_id: int, data: dict[str, Any]) -> Contact:
    """Record a contact; the first face-to-face one starts the crisis window; one with an
    on-scene outcome sets the episode's (replacing an earlier one); a contact may complete a
    due follow-up (which then links to it)."""
    session.require(Action.LOG_CONTACT)
    form: ContactForm = _parse(ContactForm, data, "the contact")
    store = session.store
    with store.atomic():
        episode = require_episode(session, episode_id)
        if episode.phase is Phase.CLOSED:
            raise ValidationFailed("the episode is closed; reopen it to log contacts")
        staff = store.staff.get(form.staff_id)
        if not sees_all(session) and staff.id not in (
                {session.actor.staff_id, *store.episodes.team(episode_id)}):
            raise PermissionDenied(f"{session.actor.login} may log contacts only for themselves "
                                   "or their episode's team")
        if not staff.active:
            raise ValidationFailed(f"{staff.login} is inactive", {"staff_id": "inactive"})
        if form.second_staff_id is not None and not store.staff.get(form.second_staff_id).active:
            raise ValidationFailed("the second staff member is inactive",
                                   {"second_staff_id": "inactive"})
        risk, others = _risk(form), _others(form)
        problems = contact_problems(session.config.profile,
                                    store.episode_views.team_roles(episode_id),
                                    _awaits_response(session, episode), form)
        if problems:
            raise ValidationFailed("; ".join(problems.values()), problems)
        if form.assessment is not None:
            form = form.model_copy(update={"assessment": form.assessment.model_copy(
                update={"risk_to_self": risk, "risk_to_others": others})})
        if form.at > session.now():
            raise ValidationFailed("a contact cannot be logged in the future", {"at": "in the future"})
        contact = store.contacts.add(session.actor.login, episode_id, form, risk, others)
        if form.outcome is not None:
            store.episodes.record_scene_outcome(session.actor.login, episode_id,
                                                form.outcome.value, contact.id)
        if form.mode is ContactMode.FACE_TO_FACE and form.successful:
            store.episodes.record_face_to_face(session.actor.login, episode_id, form.at)
        if form.followup_id is not None:
            _complete_followup(session, episode_id, form.followup_id, contact)
        ensure_rule_followups(session, episode_id)
    return contact


def _risk(form: ContactForm):
    if form.cssrs is None or not form.cssrs.answered():
        return None
    try:
        return cssrs.risk_level(form.cssrs)
    except cssrs.CssrsError as exc:
        raise ValidationFailed(str(exc), {"cssrs": str(exc)}) from None


def _others(form: ContactForm):
    if form.risk_others is None or not form.risk_others.answered():
        return None
    return others_level(form.risk_others)


def _complete_followup(session: Session, episode_id: int, followup_id: int, contact: Contact) -> None:
    store = session.store
    followup = store.followups.get(followup_id)
    if followup.episode_id != episode_id:
        raise NotFound(f"follow-up #{followup_id} is not part of episode #{episode_id}")
    store.followups.complete(session.actor.login, followup_id, at=contact.at,
                             contact_id=contact.id)
    for alert in store.alerts.open_for_subject("followup", followup_id):
        store.alerts.resolve(session.actor.login, alert.id)


def save_safety_plan(session: Session, episode_id: int, data: dict[str, Any]) -> SafetyPlan:
    """Save the plan as a new version (earlier versions stay as they were)."""
    session.require(Action.EDIT_SAFETY_PLAN)
    form: SafetyPlanForm = _parse(SafetyPlanForm, data, "the safety plan")
    store = session.store
    with store.atomic():
        require_episode(session, episode_id)
        plan = store.safety_plans.save(session.actor.login, episode_id, form)
        for alert in store.alerts.open_for_subject("episode", episode_id):
            if alert.kind.value == "no_safety_plan":
                store.alerts.resolve(session.actor.login, alert.id)
    return plan
