"""Keys land in the field they were typed for, however fast they come (issue 15).

Every test hands a whole form's keys to the app in one burst (tests/ui/burst.py), the way a
stalled SSH link delivers them, and then checks that each field holds exactly what was typed for
it and that what was stored (and paged) says the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
