"""Supervisors see on the board whether the standby replica keeps up; nobody else does
(issue 26). The position is what `mrss replicate` recorded (workflow/replica.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.config import build_config
from mrss_tui.widgets.replica_line import ReplicaLine
from mrss_tui.workflow.replica import Position, record_position
from tests.conftest import T0
from tests.ui.helpers import make_app, settle


def replicated(tmp_path: Path):
    return build_config({"replica": {"url": f"file://{tmp_path / 'replica'}",
                                     "stale_after_seconds": 60}})


@pytest.mark.asyncio
@pytest.mark.parametrize("login, shown", [("super", True), ("coord", False)])
async def test_a_stale_replica_is_shown_to_supervisors_only(demo_db: Path, tmp_path: Path,
                                                           login: str, shown: bool) -> None:
    config = replicated(tmp_path)
    # `mrss replicate` last reported ten minutes ago: it is not running.
    record_position(config.paths, demo_db, Position(T0 - timedelta(minutes=10),
                                                    T0 - timedelta(minutes=10)))
    app = make_app(demo_db, login=login, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(ReplicaLine)
        assert line.display is shown
        if shown:
            assert "STALE, no report for 10 min" in str(line.render())
            assert line.has_class("stale")


@pytest.mark.asyncio
async def test_no_line_without_a_replica(demo_db: Path) -> None:
    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query(ReplicaLine)  # not even a hidden one
