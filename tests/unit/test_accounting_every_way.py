"""Accounting of disclosures (issue 22): one person viewed in every way the app allows, each
found in `mrss accounting`; a search typed letter by letter is one row; the audit keeps ids
and field names, not what was said about the person."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from mrss_tui.domain.directory import ServiceDraft
from mrss_tui.domain.enums import ContactMode, ReferralStatus, Role, Service
from mrss_tui.workflow.access import open_person
from mrss_tui.workflow.disclosures import record_dispatch_view, record_episode_screen
from mrss_tui.workflow.episode_print import export_episode
from mrss_tui.workflow.episode_search import search_episodes
from mrss_tui.workflow.episodes import add_followup, log_contact, save_safety_plan
from mrss_tui.workflow.intake import find_matches
from mrss_tui.workflow.referrals import print_referral_list
from mrss_tui.workflow.safety_plan_print import export_plan
from mrss_tui.workflow.unlock import set_my_unlock_secret, unlocks
from tests.conftest import T0

NAME = "Robertina Quill"
PLAN_WORDS = "hides in the barn loft"


def mrss(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)


def typed_lookups(session, text: str) -> None:
    """Intake looks up as the name is typed, carrying who it already showed (the screen's set)."""
    shown: set[int] = set()
    for end in range(1, len(text) + 1):
        for match in find_matches(session, name=text[:end], already_recorded=frozenset(shown)):
            shown.add(match.person.id)


def test_every_way_of_seeing_one_person_is_in_the_accounting(make_session, store, db_path,
                                                             tmp_path) -> None:
    coord = make_session(Role.COORDINATOR)
    clin = make_session(Role.CLINICIAN)
    make_session(Role.SUPERVISOR, login="boss")
    person = store.persons.create("t", name=NAME, town="Burns")
    call = store.calls.create("t", received_at=T0 - timedelta(hours=2), line="988",
                              person_id=person.id, town="Burns", region="Harney")
    episode = store.episodes.open("t", call_id=call.id, person_id=person.id,
                                  at=T0 - timedelta(hours=2))
    store.episodes.add_team_member(coord.actor.login, episode.id, clin.actor.staff_id)
    dispatch = store.dispatches.create("t", call_id=call.id, episode_id=episode.id,
                                       region="Harney", members=[], at=T0 - timedelta(hours=1))
    service = store.directory.save_service("t", ServiceDraft(name="S", organization="O"),
                                           verified_at=T0)
    store.referrals.create("t", episode_id=episode.id, service_id=service, category="",
                           status=ReferralStatus.REFERRED, at=T0)

    typed_lookups(coord, "Robertina")               # intake, letter by letter
    search_episodes(clin, "Robertina")              # the Episodes search ...
    search_episodes(clin, "Robertina", record=False)  # ... and that screen's refresh
    open_person(clin, person.id)
    for screen in ("episode", "safety_plan", "referrals"):
        record_episode_screen(clin, episode.id, screen)
    record_dispatch_view(clin, dispatch.id)
    save_safety_plan(clin, episode.id, {"warning_signs": PLAN_WORDS})
    export_plan(clin, episode.id, tmp_path / "plans")
    print_referral_list(clin, episode.id)
    export_episode(clin, episode.id)
    followup = add_followup(clin, episode.id, due_at=T0 + timedelta(days=1))
    log_contact(clin, episode.id, {"at": T0, "mode": ContactMode.PHONE,
                                   "staff_id": clin.actor.staff_id, "services": [Service.THERAPY],
                                   "minutes": 20, "note": PLAN_WORDS,
                                   "followup_id": followup.id})
    store.close()

    result = mrss(db_path, "--as", "boss", "accounting", str(person.id))
    assert result.returncode == 0, result.stderr
    listed = result.stdout
    for action in ("person.create", "episode.open", "episode.team_add", "intake.lookup",
                   "episode.search", "person.view", "episode.view", "safety_plan.view",
                   "referral.list_view", "dispatch.view", "safety_plan.save",
                   "safety_plan.print", "referral.print", "episode_print", "followup.create",
                   "contact.create", "followup.complete"):
        assert action in listed, action
    assert listed.count("intake.lookup") == 1, "one typed name is one search"
    assert listed.count("episode.search") == 1, "a refresh is not a new search"
    assert clin.actor.login in listed

    conn = sqlite3.connect(db_path)
    details = [json.loads(d) for (d,) in conn.execute("SELECT detail FROM audit")]
    conn.close()
    everything = json.dumps(details)
    for words in (NAME, "Robertina", "Quill", "Burns", PLAN_WORDS):
        assert words not in everything, f"the audit keeps a copy of {words!r}"


def test_wrong_unlock_attempts_are_audited_without_what_was_typed(make_session, store) -> None:
    clin = make_session(Role.CLINICIAN)
    set_my_unlock_secret(clin, "482615", "482615")
    assert unlocks(clin, "111111") is False and unlocks(clin, "222222") is False
    assert unlocks(clin, "482615") is True
    failed = [e for e in store.audit_log.find(actor=clin.actor.login) if e.action == "unlock.failed"]
    assert len(failed) == 2
    assert "111111" not in json.dumps([e.detail for e in failed])
