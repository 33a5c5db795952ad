"""Text typed never presses a button (issue 19).

When a Tab too many left the focus on the contact form's Save button, the first space of the
note pressed it: the contact was saved with an empty note and the rest was dropped. A note
typed with the focus on Save must save nothing; only ctrl+s (or Enter / a click on the
button itself) saves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.store.db import Store
from tests.ui.burst import burst, contact_form_over, keys_of
from tests.ui.intake_helpers import make_app, settle


def _contacts(db: Path) -> int:
    with Store.open(db) as store:
        return store.scalar("SELECT count(*) FROM contacts WHERE episode_id = 144")


@pytest.mark.asyncio
async def test_a_note_typed_on_the_save_button_saves_nothing(demo_db: Path) -> None:
    before = _contacts(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await contact_form_over(pilot, 144)
        save = form.query_one("#c-save", Button)
        save.focus()
        await settle(pilot)
        await burst(pilot, keys_of([("type", "Called back, mother answered. Safe tonight")]))
        assert app.screen is form  # still open: nothing was saved
    assert _contacts(demo_db) == before
