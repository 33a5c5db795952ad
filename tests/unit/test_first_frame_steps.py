"""The start's two steps (screens/first_frame.py): what waits for the first frame runs once it
is out, what waits for the whole screen after that, each once and in the order asked."""

from __future__ import annotations

from mrss_tui.screens.first_frame import FirstFrame


def test_each_step_runs_what_waits_for_it_once_in_order() -> None:
    ran: list[str] = []
    steps = FirstFrame()
    steps.then(lambda: ran.append("keys"))
    steps.when_whole(lambda: ran.append("warm-up"))
    steps.then(lambda: ran.append("unfinished call"))
    steps.whole_reached()  # the fallback timer, before the first frame: too early, ignored
    assert ran == []
    steps.reached()
    assert ran == ["keys", "unfinished call"]
    steps.whole_reached()
    steps.whole_reached()  # the footer and the fallback timer both say so: once is enough
    assert ran == ["keys", "unfinished call", "warm-up"]
    steps.then(lambda: ran.append("late"))
    steps.when_whole(lambda: ran.append("later"))
    assert ran[-2:] == ["late", "later"]  # asked after the step: run at once
