"""Keys land in the field they were typed for, however fast they come (issue 15).

Every test hands a whole form's keys to the app in one burst (tests/ui/burst.py), the way a
stalled SSH link delivers them, and then checks that each field holds exactly what was typed for
it and that what was stored (and paged) says the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.board import BoardScreen
from mrss_tui.store.db import Store
from tests.ui.burst import burst, keys_of
from tests.ui.intake_helpers import HIGH_RISK_CALL, RECORD_AND_PAGE, make_app, settle

STABILIZING = 144  # an episode of the seed-7 demo (see tests/ui/test_episode_screens.py)


def _last_call(db: Path):
    with Store.open(db) as store:
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        dispatch_id = store.scalar("SELECT id FROM dispatches WHERE call_id = ?", (call.id,))
        pages = store.pages.for_dispatch(dispatch_id) if dispatch_id else []
        draft = store.drafts.get("coord", "intake")
    return call, pages, draft


@pytest.mark.asyncio
async def test_a_whole_high_risk_intake_and_page_typed_in_one_burst(demo_db: Path) -> None:
    """f2, the call, ctrl+s and p all at once: p is typed ahead of Page team and still pages."""
    with Store.open(demo_db) as store:
        calls_before = store.calls.count()
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([("key", "f2"), *HIGH_RISK_CALL, *RECORD_AND_PAGE]))
        assert isinstance(app.screen, BoardScreen)
    call, pages, draft = _last_call(demo_db)
    with Store.open(demo_db) as store:
        assert store.calls.count() == calls_before + 1
        person = store.persons.get(call.person_id)
    assert (call.callback_number, call.line.value) == ("+15415550123", "988")
    assert (call.caller_name, call.caller_relation) == ("Pat Rivers", "mother")
    assert (person.name, call.town, call.address) == ("Jo Rivers", "Burns", "12 Main St")
    assert call.situation == "Barricaded in room with a knife"
    assert (call.weapons, call.hazards) == (True, "dog")
    assert (call.violence_history, call.substance_use, call.police_needed) == (False, False, True)
    assert call.risk_level.value == "high" and call.triage.value == "mobile_dispatch"
    assert len(pages) == 2 and all("Weapons: YES; dogs/hazards: dog" in p.body for p in pages)
    assert draft is None


@pytest.fixture(scope="session")
def okc_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mrss_tui.clock import FrozenClock
    from mrss_tui.config import build_config
    from mrss_tui.workflow.demo import DemoOptions, generate_demo
    from tests.conftest import T0

    path = tmp_path_factory.mktemp("okc") / "okc.db"
    with Store.open(path, create=True, clock=FrozenClock(T0)) as store:
        generate_demo(store, build_config({"profile": "okc-crt"}), DemoOptions(seed=7))
    return path


OKC_FIRST_VISIT = 146  # okc-crt seed-7 demo: crisis, no face-to-face yet, team ajuniper + gmoss


@pytest.mark.asyncio
async def test_okc_contact_form_typed_in_one_burst_keeps_spo2_and_every_field(
        okc_db_template: Path, tmp_path: Path) -> None:
    from mrss_tui.config import build_config
    from mrss_tui.screens.episode import EpisodeScreen

    db = tmp_path / "okc.db"
    with Store.open(okc_db_template, migrate_schema=False) as store:
        store.backup(db)
    app = make_app(db, login="ajuniper", config=build_config({"profile": "okc-crt"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(EpisodeScreen(OKC_FIRST_VISIT))
        await settle(pilot)
        keys = keys_of([
            ("key", "c"),  # the contact form, focus on When (kept as it is)
            ("key", "tab"), ("key", "tab"),  # mode face to face, staff: me (both kept)
            ("key", "tab"),  # second staff: nobody (kept)
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "enter"),  # stabilized
            ("key", "tab"), ("key", "tab"),  # past the risk-to-others and assessment titles
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "enter"),  # mental status
            ("key", "tab"), ("type", "Oriented, tearful"),
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "enter"),  # recommends
            ("key", "tab"), ("type", "45"),  # minutes
            ("key", "tab"), ("key", "tab"),  # reached (kept) -> services
            ("key", "down"), ("key", "space"),  # assessment is ticked; tick de-escalation too
            ("key", "tab"),  # Completes: a stop even with no follow-up due (issue 19)
            ("key", "tab"), ("key", "tab"),  # past the C-SSRS title to the medical screen title
            ("key", "tab"), ("type", "88"), ("key", "tab"), ("type", "120"),
            ("key", "tab"), ("type", "80"), ("key", "tab"), ("type", "16"),
            ("key", "tab"), ("type", "97"), ("key", "tab"), ("type", "110"),  # SpO2, glucose
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "enter"),  # cleared: yes
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "down"),
            ("key", "enter"),  # transport: no
            ("key", "tab"), ("type", "Calm now, staying with aunt"),
            ("key", "ctrl+s"),
            ("type", "xy"),  # typed on while saving: never commands of the episode screen
        ])
        await burst(pilot, keys)
        assert isinstance(app.screen, EpisodeScreen)
        assert app.keys.dropped == 2
    with Store.open(db) as store:
        contact = store.contacts.for_episode(OKC_FIRST_VISIT)[-1]
        assert store.episodes.get(OKC_FIRST_VISIT).scene_outcome == "stabilized_in_place"
    assert contact.minutes == 45 and contact.note == "Calm now, staying with aunt"
    assert contact.services == ["assessment", "de_escalation"]
    typed = {"heart_rate": 88, "systolic": 120, "diastolic": 80, "resp_rate": 16, "spo2": 97,
             "glucose_mg_dl": 110, "medically_cleared": True, "transport_needed": False}
    assert {k: contact.medical[k] for k in typed} == typed
    assert contact.assessment["mental_status_note"] == "Oriented, tearful"


async def _on_episode(pilot, episode_id: int) -> None:
    from mrss_tui.screens.episode import EpisodeScreen

    await settle(pilot)
    await pilot.app.push_screen(EpisodeScreen(episode_id))
    await settle(pilot)


@pytest.mark.asyncio
async def test_follow_up_form_enter_moves_on_and_the_note_is_kept(demo_db: Path) -> None:
    """Enter after the due time used to save at once; the rest of the note became commands."""
    from mrss_tui.screens.episode import EpisodeScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_episode(pilot, STABILIZING)
        await burst(pilot, keys_of([
            ("key", "f"), ("key", "ctrl+u"), ("type", "2026-11-23 09:00"), ("key", "enter"),
            ("type", "school meeting with counselor"), ("key", "ctrl+s"), ("type", "cx")]))
        assert isinstance(app.screen, EpisodeScreen)  # c (contact) was dropped, not obeyed
        assert app.keys.dropped == 2
    with Store.open(demo_db) as store:
        manual = [f for f in store.followups.for_episode(STABILIZING) if f.origin == "manual"]
    assert [(f.note, f.due_at.hour) for f in manual] == [("school meeting with counselor", 17)]


@pytest.mark.asyncio
async def test_close_form_typed_in_one_burst(demo_db: Path) -> None:
    from mrss_tui.domain.enums import Phase

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_episode(pilot, STABILIZING)
        await burst(pilot, keys_of([
            ("key", "x"), ("key", "enter"), ("key", "down"), ("key", "enter"),  # disposition
            ("key", "tab"), ("type", "family moved out of the county"), ("key", "ctrl+s")]))
    with Store.open(demo_db) as store:
        episode = store.episodes.get(STABILIZING)
    assert episode.phase is Phase.CLOSED and episode.disposition.value == "home_community"
    assert episode.close_reason == "family moved out of the county"


@pytest.mark.asyncio
async def test_safety_plan_typed_in_one_burst_lands_in_each_section(demo_db: Path) -> None:
    app = make_app(demo_db)
    typed = ["Pacing. ", "Music. ", "Cousin Lee. "]
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_episode(pilot, 150)  # crisis, safety plan version 1
        before = app.session.store.safety_plans.versions(150)[-1]
        steps: list[tuple[str, str]] = [("key", "s")]
        for text in typed:
            steps += [("type", text), ("key", "tab")]
        await burst(pilot, keys_of([*steps, ("key", "ctrl+s")]))
        after = app.session.store.safety_plans.versions(150)[-1]
    assert after.version_no == before.version_no + 1
    fields = ["warning_signs", "coping_strategies", "distractions"]
    for field, text in zip(fields, typed):
        assert getattr(after, field) == text + getattr(before, field), field


@pytest.mark.asyncio
async def test_new_staff_form_typed_in_one_burst(demo_db: Path) -> None:
    from mrss_tui.config import build_config

    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([
            ("key", "s"), ("type", "jdoe"), ("key", "tab"), ("type", "Jane O'Doe"),
            ("key", "tab"), ("type", "LCSW"), ("key", "tab"), ("type", "5415550100"),
            ("key", "tab"), ("type", "json://127.0.0.1:9/jdoe"),
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "down"), ("key", "enter"),
            ("key", "tab"), ("key", "enter"), ("key", "down"), ("key", "down"), ("key", "enter"),
            ("key", "ctrl+s")]))
    with Store.open(demo_db) as store:
        staff = store.staff.by_login("jdoe")
    assert staff is not None and (staff.name, staff.credentials) == ("Jane O'Doe", "LCSW")
    assert staff.phone.endswith("5415550100") and staff.role.value == "clinician"
    assert staff.paging_url == "json://127.0.0.1:9/jdoe"
    assert staff.region == build_config({}).regions[1]  # down, down from the blank line


@pytest.mark.asyncio
async def test_directory_service_form_typed_in_one_burst(demo_db: Path) -> None:
    from mrss_tui.screens.directory import DirectoryScreen

    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(DirectoryScreen())
        await settle(pilot)
        app.screen.action_new()
        await settle(pilot)
        await burst(pilot, keys_of([
            ("type", "Teen drop-in group"), ("key", "tab"), ("type", "Harney Youth Center"),
            ("key", "tab"), ("key", "tab"), ("type", "5415550142"), ("key", "tab"),
            ("type", "4 Elm St"), ("key", "tab"), ("type", "Burns"), ("key", "tab"),
            ("type", "OR"), ("key", "ctrl+s")]))
        assert isinstance(app.screen, DirectoryScreen)
        found = app.session.store.scalar(
            "SELECT id FROM services WHERE name = 'Teen drop-in group'")
        detail = app.session.store.directory.get(found)
    assert detail.summary.organization == "Harney Youth Center"
    assert detail.addresses[0].address_1 == "4 Elm St" and detail.addresses[0].city == "Burns"
    assert detail.phones[0].number.endswith("5550142")


@pytest.mark.asyncio
async def test_a_stale_session_pressing_ctrl_s_again_is_told_the_call_is_recorded(
        demo_db: Path) -> None:
    """Two sessions of one coordinator hold the same intake (a link froze, the draft was
    resumed elsewhere): the second ctrl+s records nothing and says which call it became."""
    from mrss_tui.screens.intake import IntakeScreen

    first = make_app(demo_db)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([("key", "f2"), *HIGH_RISK_CALL]))
        stale = first.screen.current_form()
        await burst(pilot, keys_of(RECORD_AND_PAGE))
    call, _pages, _draft = _last_call(demo_db)
    with Store.open(demo_db) as store:
        calls, episodes = store.calls.count(), store.scalar("SELECT count(*) FROM episodes")
    second = make_app(demo_db)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["f2"])
        screen = second.screen
        assert isinstance(screen, IntakeScreen)
        screen._restore(stale)  # what resuming the stale copy of the draft shows
        await burst(pilot, ["ctrl+s"])
        shown = [n.message for n in second._notifications]
        assert any(f"already recorded as {call.ref}" in m for m in shown), shown
        assert isinstance(second.screen, IntakeScreen)
    with Store.open(demo_db) as store:
        assert store.calls.count() == calls
        assert store.scalar("SELECT count(*) FROM episodes") == episodes
        assert store.drafts.get("coord", "intake") is None


@pytest.mark.asyncio
async def test_a_paste_after_tab_lands_in_the_next_field(demo_db: Path) -> None:
    from textual import events

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["f2"])
        screen = app.screen
        for event in [events.Key("5", "5"), events.Key("enter", "\r"), events.Key("1", "1"),
                      events.Paste("Dana Whitlock"), events.Key("tab", "\t"),
                      events.Paste("mother")]:
            event.set_sender(app)
            app.post_message(event)
        from tests.ui.burst import until_keys_handled

        await until_keys_handled(pilot)
        assert screen.query_one("#caller_name").value == "Dana Whitlock"
        assert screen.query_one("#caller_relation").value == "mother"


@pytest.mark.asyncio
async def test_a_hold_whose_worker_never_ran_is_let_go(demo_db: Path) -> None:
    """A save worker cancelled before it ran (replaced in its group) must not hold the keys
    back for ever."""
    import asyncio

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["f2"])
        token = app.keys.hold()

        async def never() -> None:
            await asyncio.sleep(60)

        worker = app.run_worker(never, exit_on_error=False)
        app.keys.watch(token, worker)
        worker.cancel()
        await burst(pilot, ["5", "4", "1"], then_settle=False)
        from tests.ui.burst import until_keys_handled

        await until_keys_handled(pilot)
        assert app.screen.query_one("#callback_number").value == ""  # dropped whole: a save hold
        assert app.keys.dropped == 3


@pytest.mark.asyncio
async def test_keys_typed_ahead_never_answer_the_resume_question(demo_db: Path) -> None:
    """An unfinished call exists: keys typed right after f2 must neither resume nor throw it
    away ("n"); they wait aside while the question is asked. A new call gets them (issue 19:
    they were dropped); resuming says they were not used."""
    from mrss_tui.screens.intake import IntakeScreen
    from mrss_tui.screens.intake_dialogs import ResumeDraftModal

    first = make_app(demo_db)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([("key", "f2"), ("type", "5415550199")]))
        first.screen._save_draft_if_changed()
        await settle(pilot)
    with Store.open(demo_db) as store:
        assert store.drafts.get("coord", "intake") is not None
    again = make_app(demo_db)
    async with again.run_test(size=(80, 24)) as pilot:
        # Typing at once after login: the app reopens intake and asks about the draft.
        await burst(pilot, keys_of([("key", "f2"), ("type", "5417770123"), ("key", "n")]))
        assert isinstance(again.screen, ResumeDraftModal)
        with Store.open(demo_db) as store:
            assert store.drafts.get("coord", "intake").payload["callback_number"] == "5415550199"
        await burst(pilot, ["n"])  # the answer, given once the question is there
        screen = again.screen
        assert isinstance(screen, IntakeScreen)
        # everything typed ahead went into the new call, in order: the n too, as text
        assert screen.query_one("#callback_number", Input).value == "5417770123n"
        assert again.keys.dropped == 0


@pytest.mark.asyncio
async def test_p_typed_after_a_failed_save_never_answers_a_field_of_the_form(
        demo_db: Path) -> None:
    """ctrl+s then p, with the triage left out: the save fails and the form stays open. The p
    was meant for Page team; it must not pick "p Phone only" as the triage (seen over tmux when
    the failed save ended before the p reached the form)."""
    from mrss_tui.screens.intake import IntakeScreen
    from mrss_tui.widgets.choice import ChoiceField

    with Store.open(demo_db) as store:
        calls_before = store.calls.count()
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([("key", "f2"), *HIGH_RISK_CALL, ("key", "enter"),
                                    ("key", "ctrl+s"), ("key", "p")]))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.query_one("#triage", ChoiceField).value is None
        assert app.keys.dropped >= 1
    with Store.open(demo_db) as store:
        assert store.calls.count() == calls_before
