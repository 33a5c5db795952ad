"""A call is recorded once: an intake's draft id can become a call only once, from any session,
and a stale copy of the draft is not brought back (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, Role, Triage
from mrss_tui.errors import AlreadyRecorded
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Actor, Session
from mrss_tui.workflow.intake import IntakeForm, load_draft, new_form, record_call, save_draft
from tests.conftest import T0


def _form(session: Session) -> IntakeForm:
    return new_form(session).model_copy(update=dict(
        callback_number="541-555-0123", caller_name="Pat Rivers", person_name="Jo Rivers",
        address="12 Main St", town="Burns", situation="Barricaded in room",
        cssrs=CssrsAnswers(q1=False, q2=False, q6=False), triage=Triage.MOBILE_DISPATCH))


def _second_session(db_path: Path, session: Session, config) -> Session:
    """The same staff member in another SSH session: its own connection to the file."""
    store = Store.open(db_path, clock=FrozenClock(T0))
    return Session(store, config, Actor.of(store.staff.by_login(session.actor.login)),
                   FrozenClock(T0))


def test_new_intakes_get_distinct_ids(session: Session) -> None:
    ids = {new_form(session).draft_id for _ in range(50)}
    assert len(ids) == 50 and all(len(i) == 16 for i in ids)


def test_a_second_record_from_another_session_stores_nothing_and_names_the_call(
        session: Session, db_path: Path, config) -> None:
    form = _form(session)
    save_draft(session, form)
    first = record_call(session, form)
    other = _second_session(db_path, session, config)
    try:
        calls = other.store.calls.count()
        episodes = other.store.scalar("SELECT count(*) FROM episodes")
        with pytest.raises(AlreadyRecorded) as refused:
            record_call(other, form)
        assert str(refused.value).startswith(f"This call is already recorded as {first.call.ref}")
        assert other.store.calls.count() == calls
        assert other.store.scalar("SELECT count(*) FROM episodes") == episodes
    finally:
        other.store.close()


def test_a_stale_draft_saved_again_after_recording_is_not_kept(session: Session) -> None:
    form = _form(session)
    recorded = record_call(session, form)
    assert save_draft(session, form) == recorded.call.ref
    assert load_draft(session) is None


def test_another_intake_is_still_recorded(session: Session) -> None:
    record_call(session, _form(session))
    # Same caller again: the coordinator says it is a new episode (issue 11's repeat-call offer).
    second = record_call(session, _form(session).model_copy(update={"new_episode": True}))
    assert second.call.id > 0


def test_drafts_from_before_ids_still_record(session: Session) -> None:
    form = _form(session).model_copy(update={"draft_id": "", "new_episode": True})
    assert record_call(session, form).call and record_call(session, form).call


def test_two_processes_racing_one_draft_record_one_call(db_path: Path, session: Session) -> None:
    """Two OS processes press ctrl+s on the same draft at once: exactly one call."""
    form = _form(session)
    payload = form.model_dump_json()
    script = (
        "import sys, json\n"
        "from mrss_tui.clock import FrozenClock\n"
        "from mrss_tui.config import build_config\n"
        "from mrss_tui.errors import AlreadyRecorded\n"
        "from mrss_tui.workflow.context import open_session\n"
        "from mrss_tui.workflow.intake import IntakeForm, record_call\n"
        "from tests.conftest import T0\n"
        f"s = open_session({str(db_path)!r}, build_config({{}}), {session.actor.login!r},"
        " FrozenClock(T0))\n"
        "form = IntakeForm.model_validate_json(sys.stdin.read())\n"
        "try:\n    print('C', record_call(s, form).call.ref)\n"
        "except AlreadyRecorded as e:\n    print('R', e.call_ref)\n")
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=root) for _ in range(2)]
    outs = [p.communicate(payload, timeout=60)[0].split() for p in procs]
    assert sorted(o[0] for o in outs) == ["C", "R"], outs
    assert outs[0][1] == outs[1][1]  # the refused one names the call the other recorded
    assert session.store.scalar("SELECT count(*) FROM recorded_drafts") == 1
