"""One search, one audit row (issue 22): a name typed at intake letter by letter looks up at
every pause; the accounting gets a row only when a look-up shows someone this intake has not
shown yet, not one per letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import make_app, settle


def lookups(app) -> int:
    with app.thread_session() as session:
        return int(session.store.scalar(
            "SELECT count(*) FROM audit WHERE action = 'intake.lookup'"))


@pytest.mark.asyncio
async def test_a_name_typed_letter_by_letter_is_one_lookup_row(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_go("intake")
        await settle(pilot)
        before = lookups(app)
        name = app.screen.query_one("#person_name")
        shown: set[int] = set()
        revealing = 0  # look-ups that showed someone not shown before in this intake
        typed = "Noor Wells"
        for end in range(2, len(typed) + 1):  # each pause in typing is a look-up
            name.value = typed[:end]
            app.screen._lookup()
            await settle(pilot)
            now = {m.person.id for m in app.screen._matches}
            revealing += bool(now - shown)
            shown |= now
        assert shown, "the demo has people called Noor"
        assert lookups(app) == before + revealing
        # (a shorter prefix shows the first 6 of many; a longer one may show others: those
        # are new disclosures and get their row)
        assert revealing <= 3 < len(typed) - 1, "one name typed is not one row per letter"
        for _ in range(3):  # typing on, back and forth, shows no one new: no new rows
            name.value = "Noor"
            app.screen._lookup()
            await settle(pilot)
        assert lookups(app) == before + revealing
