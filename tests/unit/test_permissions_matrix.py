"""Every workflow function, called by every role.

Workflow functions are discovered (every public function in ``mrss_tui/workflow/`` whose first
parameter is the Session), so a feature merged later is checked too: add each new function to
EXPECTED with the Action it requires first (None: any signed-in staff, on their own data only).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

import mrss_tui.workflow as workflow_package
from mrss_tui.domain.enums import Role
from mrss_tui.errors import PermissionDenied
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action, allowed

A = Action
ALL_EPISODES = "every episode (system work)"
EXPECTED: dict[str, Action | str | None] = {
    "access.audit_page": A.VIEW_AUDIT,
    "alert_handling.acknowledge": A.HANDLE_ALERTS,
    "alert_handling.episode_of": None,  # maps an alert to its episode number; no PHI
    "alert_handling.open_alerts": A.HANDLE_ALERTS,
    "alert_handling.snooze": A.HANDLE_ALERTS,
    # Scheduled jobs run as the system actor (alerts.py); a person may run them only if they
    # see every episode anyway (Session.require_all_episodes).
    "alert_reminders.queue_reminders": ALL_EPISODES,
    "episode_alerts.run_alert_rules": ALL_EPISODES,
    "episode_alerts.scan_dispatches": ALL_EPISODES,
    "episode_alerts.scan_episode_windows": ALL_EPISODES,
    "episode_alerts.scan_overdue_followups": ALL_EPISODES,
    "episodes.ensure_all_rule_followups": ALL_EPISODES,
    "episodes.ensure_rule_followups": A.VIEW_OWN_EPISODES,  # the system skips the check
    "disclosures.accounting": A.VIEW_AUDIT,
    "disclosures.accounting_text": A.VIEW_AUDIT,
    "disclosures.print_accounting": A.VIEW_AUDIT,
    "disclosures.record_dispatch_view": A.VIEW_BOARD,
    "disclosures.record_episode_screen": A.VIEW_OWN_EPISODES,
    "object_access.alert_episode_id": None,  # maps an alert to its episode number; no PHI
    "object_access.require_alert": A.HANDLE_ALERTS,
    "object_access.require_dispatch": A.VIEW_BOARD,
    "object_access.require_call": A.VIEW_BOARD,
    "object_access.require_referral": A.REFER,
    "dispatch_care.alert_awaiting": A.PAGE_TEAM,  # a job; the system actor may page
    "dispatch_care.cancel_dispatch": A.PAGE_TEAM,
    "dispatch_care.correct_status_time": A.UPDATE_DISPATCH,
    "dispatch_care.correct_typed_time": A.UPDATE_DISPATCH,
    "dispatch_care.set_origin_time": A.PAGE_TEAM,
    "page_sender.send_due_pages": A.PAGE_TEAM,  # a job, as above
    "episodes.add_followup": A.EDIT_EPISODE,
    "episodes.change_phase": A.EDIT_EPISODE,
    "episodes.episode_detail": A.VIEW_OWN_EPISODES,
    "episodes.list_episodes": A.VIEW_OWN_EPISODES,
    "episode_search.search_episodes": A.VIEW_OWN_EPISODES,
    "episodes.log_contact": A.LOG_CONTACT,
    "episodes.my_caseload": A.VIEW_OWN_EPISODES,
    "episodes.require_episode": A.VIEW_OWN_EPISODES,
    "episodes.safety_plan_versions": A.VIEW_OWN_EPISODES,
    "episodes.save_safety_plan": A.EDIT_SAFETY_PLAN,
    "context.sees_all": None,  # a question about the role, not data
    "context.begin_file_check": None,  # the file's own quick_check; reads no record
    "context.file_check_finding": None,  # whether that check found damage; no record
    "reports.run_weekly_report_job": A.VIEW_REPORTS,
    "reports.save_report": A.VIEW_REPORTS,
    "reports.mark_published": A.VIEW_REPORTS,
    "reports.weekly_report": A.VIEW_REPORTS,
    "reports.report_folder": None,  # where a report goes; reads nothing
    "keys.write_key_block": A.MANAGE_KEYS,
    "replica.board_replica_health": None,  # None unless the role may VIEW_REPLICATION; no PHI
    "safety_plan_print.export_plan": A.VIEW_OWN_EPISODES,
    "safety_plan_print.plan_text": None,  # renders a plan already fetched through a guarded call
    "safety_plan_print.write_plan_pdf": None,  # likewise
    "access.open_person": A.VIEW_OWN_EPISODES,
    "board.board_summary": A.VIEW_BOARD,
    "directory.directory_choices": A.VIEW_DIRECTORY,
    "directory.mark_verified": A.EDIT_DIRECTORY,
    "directory.save_service": A.EDIT_DIRECTORY,
    "directory.search_directory": A.VIEW_DIRECTORY,
    "directory.service_detail": A.VIEW_DIRECTORY,
    "hsds_export.export_package": A.VIEW_DIRECTORY,
    "hsds.import_package": A.EDIT_DIRECTORY,
    "intake.discard_draft": A.TAKE_CALL,
    "intake.find_matches": A.TAKE_CALL,
    "intake.load_draft": A.TAKE_CALL,
    "intake.new_form": None,  # an empty form; reads nothing
    "intake.record_call": A.TAKE_CALL,
    "intake.save_draft": A.TAKE_CALL,
    "intake_program.book_handoff_check": A.TAKE_CALL,  # inside record_call's transaction
    "paging.dispatch_view": A.VIEW_BOARD,
    "paging.escalate_unacknowledged": A.PAGE_TEAM,  # a job; the system actor may page
    "paging.page_team": A.PAGE_TEAM,
    "paging.pages_for": A.VIEW_BOARD,
    "paging.propose_team": A.PAGE_TEAM,
    "paging.retry_failed_pages": A.PAGE_TEAM,
    "paging.set_le_coresponse": A.UPDATE_DISPATCH,
    "paging.set_team_status": A.UPDATE_DISPATCH,
    "referrals.episode_referrals": A.REFER,
    "referrals.print_referral_list": A.REFER,
    "referrals.refer": A.REFER,
    "referrals.refer_context": A.REFER,
    "referrals.referral_history": A.REFER,
    "referrals.referral_list_pdf": A.REFER,
    "referrals.referral_list_text": A.REFER,
    "referrals.set_status": A.REFER,
    "referrals.suggestions": A.REFER,
    "roster.add_shift_from_form": A.MANAGE_ROSTER,
    "roster.remove_shift": A.MANAGE_ROSTER,
    "roster.roster": A.MANAGE_ROSTER,
    "roster.save_staff": A.MANAGE_ROSTER,
    "coresponse.coresponse_of": A.VIEW_BOARD,
    "episode_print.episode_lines": None,  # renders a detail already fetched through a guarded call
    "episode_print.export_episode": A.VIEW_OWN_EPISODES,
    "program_profile.set_profile": A.MANAGE_ROSTER,
    "coresponse.record_coresponse": A.UPDATE_DISPATCH,
    "conflicts.explained_conflicts": None,  # wraps a save inside an already guarded function
    "drafts.discard_draft": None,
    "unlock.has_unlock_secret": None,  # own secret only (the session's login)
    "unlock.set_my_unlock_secret": None,
    "unlock.unlocks": None,
    "drafts.load_draft": None,
    "drafts.my_drafts": None,
    "drafts.save_draft": None,
    "keys.add_key": A.MANAGE_KEYS,
    "keys.key_file_problems": A.MANAGE_KEYS,
    "keys.list_keys": A.MANAGE_KEYS,
    "keys.remembered_files": A.MANAGE_KEYS,
    "keys.revoke_keys": A.MANAGE_KEYS,
    "keys.rewrite_after_deactivation": A.MANAGE_ROSTER,
    "staff.add_shift": A.MANAGE_ROSTER,
    "staff.add_staff": A.MANAGE_ROSTER,
    "staff.on_call_now": A.VIEW_BOARD,
    "staff.set_active": A.MANAGE_ROSTER,
}

# What the issue asks, role by role, independent of how permissions.py spells it.
FIELD_ACTIONS = {A.VIEW_BOARD, A.UPDATE_DISPATCH, A.VIEW_OWN_EPISODES, A.EDIT_EPISODE,
                 A.LOG_CONTACT, A.EDIT_SAFETY_PLAN, A.REFER, A.VIEW_DIRECTORY, A.HANDLE_ALERTS}
ROLE_MAY = {
    Role.COORDINATOR: FIELD_ACTIONS | {A.TAKE_CALL, A.PAGE_TEAM, A.VIEW_ALL_EPISODES,
                                       A.VIEW_REPORTS},
    Role.CLINICIAN: FIELD_ACTIONS, Role.PEER: FIELD_ACTIONS, Role.PARAMEDIC: FIELD_ACTIONS,
    Role.NAVIGATOR: FIELD_ACTIONS,
    Role.SUPERVISOR: set(Action),
    Role.COUNTY_ADMIN: {A.VIEW_REPORTS},
}


def workflow_functions() -> dict[str, Callable]:
    found: dict[str, Callable] = {}
    for info in pkgutil.iter_modules(workflow_package.__path__):
        module = importlib.import_module(f"{workflow_package.__name__}.{info.name}")
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters.values())
            if params and params[0].name == "session":
                found[f"{info.name}.{name}"] = fn
    return found


@dataclass
class RecordingSession(Session):
    """A real session that notes each permission it is asked for."""

    asked: list[Action] = field(default_factory=list)

    def require(self, action: Action) -> None:
        self.asked.append(action)
        super().require(action)


def call_with_placeholders(fn: Callable, session: Session) -> BaseException | None:
    """Call with None for every required argument: the permission check comes first, so a
    refused role never reaches them; an allowed one fails later on the placeholder (fine)."""
    args, kwargs = [], {}
    for param in list(inspect.signature(fn).parameters.values())[1:]:
        if param.default is not inspect.Parameter.empty or param.kind in (
                param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.kind is param.KEYWORD_ONLY:
            kwargs[param.name] = None
        else:
            args.append(None)
    try:
        fn(session, *args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - inspected by the caller
        return exc
    return None


def test_the_table_names_every_workflow_function() -> None:
    found = set(workflow_functions())
    missing = sorted(found - set(EXPECTED))
    assert not missing, f"add these to EXPECTED with the Action they require first: {missing}"
    assert not sorted(set(EXPECTED) - found), "EXPECTED names functions that no longer exist"


def test_the_role_matrix_is_the_one_the_issue_asks_for() -> None:
    for role in Role:
        assert {a for a in Action if allowed(role, a)} == ROLE_MAY[role], role


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_function_with_every_role(name: str, role: Role, make_session) -> None:
    fn = workflow_functions()[name]
    base = make_session(role)
    session = RecordingSession(base.store, base.config, base.actor, base.clock)
    outcome = call_with_placeholders(fn, session)
    needed = EXPECTED[name]
    if needed == ALL_EPISODES:
        refused = isinstance(outcome, PermissionDenied)
        assert refused == (A.VIEW_ALL_EPISODES not in ROLE_MAY[role]), (role, name, outcome)
        return
    if needed is None:
        assert session.asked == [] and not isinstance(outcome, PermissionDenied)
        return
    assert session.asked[:1] == [needed], f"{name} must check {needed.name} first"
    if needed in ROLE_MAY[role]:
        # Field staff may still be refused a record that is not theirs ("not on the team of
        # episode ..."): that is a data-scope refusal, not a role refusal naming the action.
        refused_for_role = isinstance(outcome, PermissionDenied) and needed.value in str(outcome)
        assert not refused_for_role, f"{role.value} refused {name}: {outcome}"
    else:
        assert isinstance(outcome, PermissionDenied), f"{role.value} was let through {name}"
        assert session.asked == [needed]  # refused at the door, before touching anything
        assert role.value in str(outcome) and needed.value in str(outcome)
